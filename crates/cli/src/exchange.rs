//! The weekly batch on the command line: the office's `export`, `pending`, `central-key`, `ack-import`,
//! and the central office's `central init|key|trust|verify|import|ack|stats`. Exit 0 on success, 1 on any
//! refusal with the localised reason on stderr; machine output (paths, `valid`, JSON) alone on stdout.

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Subcommand;
use nssf_api::{Actor, ApiError, Desk};
use nssf_exchange::{CentralStore, ExchangeError, ImportOutcome};

use crate::{print_json, write_file, Output, EXIT_FAILURE};

/// The central office's commands (`nssf-desk central --data CDIR …`).
#[derive(Subcommand, Debug)]
pub enum CentralCommand {
    /// Create the central store and its key pair.
    Init,
    /// Export the central office's public key (offices install it with `central-key --import`).
    Key {
        #[arg(long)]
        out: PathBuf,
    },
    /// Trust a workstation's key (the file `office-key` writes).
    Trust {
        #[arg(long)]
        office_key: PathBuf,
    },
    /// Check a batch without importing it: `valid` on stdout, or the reason on stderr and exit 1.
    Verify { file: PathBuf },
    /// Import a batch, all or nothing; importing it again changes nothing.
    Import { file: PathBuf },
    /// Write the acknowledgement of a workstation's latest batch.
    Ack {
        #[arg(long)]
        office: String,
        #[arg(long)]
        workstation: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Totals of what was imported.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

impl Output {
    fn exchange_error(&self, e: &ExchangeError) -> u8 {
        let args = e.args();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        eprintln!("{}", self.l10n.message(e.message_id(), &args));
        EXIT_FAILURE
    }

    /// An API refusal; the exchange's own reasons travel in `message` and are localised from it.
    fn api_error(&self, e: &ApiError) -> u8 {
        match e.args.get("message") {
            Some(id) if id.starts_with("exchange-") && self.l10n.has_message(id) => {
                let args: Vec<(&str, &str)> = e
                    .args
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                eprintln!("{}", self.l10n.message(id, &args));
            }
            Some(_) | None => self.error(e),
        }
        EXIT_FAILURE
    }
}

fn read(path: &Path, out: &Output) -> Result<Vec<u8>, u8> {
    // Bounded: nothing larger than a batch is ever read whole.
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > nssf_exchange::batch::MAX_BATCH_BYTES {
        return Err(out.exchange_error(&ExchangeError::TooLarge {
            size,
            max: nssf_exchange::batch::MAX_BATCH_BYTES,
        }));
    }
    std::fs::read(path).map_err(|e| {
        out.say(
            "cli-file-unreadable",
            &[
                ("path", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        );
        EXIT_FAILURE
    })
}

/// `export --out FOLDER [--again N]`: the batch's path alone on stdout.
pub fn export(
    desk: &Desk,
    actor: &Actor,
    folder: &Path,
    again: Option<u64>,
    out: &Output,
) -> Result<(), u8> {
    let file = match again {
        Some(n) => desk.batch_again(actor, n),
        None => desk.export_batch(actor, Utc::now()),
    }
    .map_err(|e| out.api_error(&e))?;
    std::fs::create_dir_all(folder).map_err(|e| {
        out.say(
            "cli-file-unwritable",
            &[
                ("path", &folder.display().to_string()),
                ("detail", &e.to_string()),
            ],
        );
        EXIT_FAILURE
    })?;
    let path = folder.join(&file.file_name);
    write_file(&path, &file.bytes, out)?;
    out.say(
        "exchange-exported",
        &[
            ("batch", &file.batch.to_string()),
            ("first", &file.first_seq.to_string()),
            ("last", &file.last_seq.to_string()),
            ("changes", &(file.last_seq + 1 - file.first_seq).to_string()),
        ],
    );
    println!("{}", path.display());
    Ok(())
}

/// `pending [--json]`.
pub fn pending(desk: &Desk, json: bool, out: &Output) -> Result<(), u8> {
    let p = desk.pending().map_err(|e| out.api_error(&e))?;
    if json {
        print_json(&serde_json::json!({ "changes": p.changes, "kip": p.kip }))
    } else {
        println!(
            "{}",
            out.l10n.message(
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

/// `central-key --import FILE`.
pub fn central_key(desk: &Desk, actor: &Actor, file: &Path, out: &Output) -> Result<(), u8> {
    let bytes = read(file, out)?;
    let text =
        String::from_utf8(bytes).map_err(|_| out.exchange_error(&ExchangeError::KeyFileInvalid))?;
    desk.install_central_key(actor, &text)
        .map_err(|e| out.api_error(&e))?;
    out.say("exchange-central-key-installed", &[]);
    Ok(())
}

/// `ack-import FILE`.
pub fn ack_import(desk: &Desk, actor: &Actor, file: &Path, out: &Output) -> Result<(), u8> {
    let bytes = read(file, out)?;
    let summary = desk
        .import_ack(actor, &bytes, Utc::now())
        .map_err(|e| out.api_error(&e))?;
    let id = if summary.changed {
        "exchange-ack-applied"
    } else {
        "exchange-ack-already-applied"
    };
    out.say(
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
        let reason = if out.l10n.has_message(&reason_id) {
            out.l10n.message(&reason_id, &[])
        } else {
            r.reason.clone()
        };
        out.say(
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

/// `central --data CDIR …`.
pub fn central(dir: &Path, command: &CentralCommand, out: &Output) -> Result<(), u8> {
    let fail = |e: ExchangeError| out.exchange_error(&e);
    if let CentralCommand::Init = command {
        CentralStore::init(dir).map_err(fail)?;
        out.say(
            "exchange-central-initialised",
            &[("path", &dir.display().to_string())],
        );
        return Ok(());
    }
    let store = CentralStore::open(dir).map_err(fail)?;
    match command {
        CentralCommand::Init => Ok(()),
        CentralCommand::Key { out: path } => {
            write_file(path, store.public_key_file().as_bytes(), out)
        }
        CentralCommand::Trust { office_key } => {
            let bytes = read(office_key, out)?;
            let text = String::from_utf8(bytes).map_err(|_| fail(ExchangeError::KeyFileInvalid))?;
            let office = store.trust(&text).map_err(fail)?;
            out.say("exchange-trusted", &[("office", &office)]);
            Ok(())
        }
        CentralCommand::Verify { file } => {
            let bytes = read(file, out)?;
            store.verify(&bytes).map_err(fail)?;
            println!("valid");
            Ok(())
        }
        CentralCommand::Import { file } => {
            let bytes = read(file, out)?;
            match store.import(&bytes).map_err(fail)? {
                ImportOutcome::Imported {
                    office,
                    batch,
                    accepted,
                    duplicate,
                    rejected,
                } => out.say(
                    "exchange-imported",
                    &[
                        ("office", &office),
                        ("batch", &batch.to_string()),
                        ("accepted", &accepted.to_string()),
                        ("duplicate", &duplicate.to_string()),
                        ("rejected", &rejected.to_string()),
                    ],
                ),
                ImportOutcome::AlreadyImported { office, batch } => out.say(
                    "exchange-error-already-imported",
                    &[("office", &office), ("batch", &batch.to_string())],
                ),
                ImportOutcome::Superseded { office, batch } => out.say(
                    "exchange-error-superseded",
                    &[("office", &office), ("batch", &batch.to_string())],
                ),
            }
            Ok(())
        }
        CentralCommand::Ack {
            office,
            workstation,
            out: path,
        } => {
            let bytes = store.ack(office, workstation).map_err(fail)?;
            write_file(path, &bytes, out)
        }
        CentralCommand::Stats { json } => {
            let s = store.stats().map_err(fail)?;
            if *json {
                print_json(&s)
            } else {
                println!(
                    "{}",
                    out.l10n.message(
                        "exchange-stats",
                        &[
                            ("members", &s.members.to_string()),
                            ("payments", &s.payments.to_string()),
                            ("kip", &s.kip.to_string()),
                            ("batches", &s.batches.to_string()),
                        ]
                    )
                );
                Ok(())
            }
        }
    }
}
