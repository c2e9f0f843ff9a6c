//! The office's side of the weekly batch: `export`, `pending`, `central-key`, `ack-import`. Exit 0 on
//! success, 1 on any refusal with the localised reason on stderr; machine output (the batch's path, JSON)
//! alone on stdout.

use std::path::PathBuf;

use crate::failure::Failure;
use crate::files::{create_folder, read_exchange_file, read_exchange_key, write_output};
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Args, Debug)]
pub struct Export {
    #[arg(long)]
    out: PathBuf,
    /// Write batch N again, byte for byte.
    #[arg(long)]
    again: Option<u64>,
}

impl Export {
    /// The batch's path alone on stdout.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let file = match self.again {
            Some(n) => desk.batch_again(&at.actor, n, at.now),
            None => desk.export_batch(&at.actor, at.now),
        }?;
        create_folder(&self.out)?;
        let path = self.out.join(&file.file_name);
        write_output(&path, &file.bytes)?;
        at.note(
            "exchange-exported",
            &[
                ("batch", &file.batch.to_string()),
                ("first", &file.first_seq.to_string()),
                ("last", &file.last_seq.to_string()),
                ("changes", &(file.last_seq + 1 - file.first_seq).to_string()),
            ],
        );
        if file.held_back > 0 {
            at.note(
                "exchange-held-back",
                &[("count", &file.held_back.to_string())],
            );
        }
        out!("{}", path.display());
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Pending {
    #[arg(long)]
    json: bool,
}

impl Pending {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let p = desk.pending()?;
        if self.json {
            return print_json(&serde_json::json!({ "changes": p.changes, "kip": p.kip }));
        }
        out!(
            "{}",
            at.l10n.message(
                "exchange-pending",
                &[
                    ("changes", &p.changes.to_string()),
                    ("kip", &p.kip.to_string())
                ]
            )
        );
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct CentralKey {
    #[arg(long)]
    import: PathBuf,
    /// Replace a different central office key installed here (a supervisor's decision, audited).
    #[arg(long)]
    replace: bool,
}

impl CentralKey {
    /// `fingerprint XXXX-…` of the key now installed, alone on stdout, to read back to the central office;
    /// importing the key already installed changes nothing and prints it too. A different key installed
    /// here is refused (exit 1, its fingerprint on stderr) unless `--replace` is given.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let text = read_exchange_key(&self.import)?;
        let outcome = if self.replace {
            desk.replace_central_key(&at.actor, &text, at.now)?
        } else {
            desk.install_central_key(&at.actor, &text)?
        };
        match (&outcome.previous, outcome.changed) {
            (Some(previous), _) => {
                at.note("exchange-central-key-replaced", &[("previous", previous)])
            }
            (None, true) => at.note("exchange-central-key-installed", &[]),
            (None, false) => at.note("exchange-central-key-already-installed", &[]),
        }
        out!("fingerprint {}", outcome.fingerprint);
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct AckImport {
    file: PathBuf,
}

impl AckImport {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let bytes = read_exchange_file(&self.file)?;
        let summary = desk.import_ack(&at.actor, &bytes, at.now)?;
        let id = if summary.changed {
            "exchange-ack-applied"
        } else {
            "exchange-ack-already-applied"
        };
        at.note(
            id,
            &[
                ("batch", &summary.batch.to_string()),
                ("accepted", &summary.accepted.to_string()),
                ("duplicate", &summary.duplicate.to_string()),
                ("rejected", &summary.rejected.len().to_string()),
            ],
        );
        for r in &summary.rejected {
            let reason_id = format!("exchange-reason-{}", r.reason);
            let reason = if at.l10n.has_message(&reason_id) {
                at.l10n.message(&reason_id, &[])
            } else {
                r.reason.clone()
            };
            at.note(
                "exchange-rejected-line",
                &[
                    ("seq", &r.seq.to_string()),
                    ("key", &r.key),
                    ("reason", &reason),
                ],
            );
        }
        Ok(())
    }
}
