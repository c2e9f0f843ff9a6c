//! The recovery after a restore (`docs/backup-format.md`, "Recover: what the central office writes
//! back"): `central recover` writes the signed file of what the central office holds of a workstation,
//! `recover-import` applies it in the office restored as that workstation's successor. Counts on
//! standard output, one `NAME VALUE` line each; the localised summary on standard error.

use std::path::{Path, PathBuf};

use nssf_exchange::CentralStore;

use crate::failure::Failure;
use crate::files::{read_exchange_file, write_output};
use crate::invocation::{out, Invocation};

#[derive(clap::Args, Debug)]
pub struct RecoverImport {
    /// The recovery file `central recover` wrote.
    file: PathBuf,
}

impl RecoverImport {
    /// `recovered DDDD-WW`, then `members-added`, `members-updated`, `members-kept`, `receipts-added`,
    /// `voids-added` and `not-at-central` lines.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let bytes = read_exchange_file(&self.file)?;
        let s = desk.import_recovery(&at.actor, &bytes, at.now)?;
        out!("recovered {}", s.workstation);
        out!("members-added {}", s.members_added);
        out!("members-updated {}", s.members_updated);
        out!("members-kept {}", s.members_kept);
        out!("receipts-added {}", s.receipts_added);
        out!("voids-added {}", s.voids_added);
        out!("not-at-central {}", s.not_at_central);
        at.note(
            "cli-recovered",
            &[
                ("workstation", &s.workstation),
                ("members_added", &s.members_added.to_string()),
                ("members_updated", &s.members_updated.to_string()),
                ("members_kept", &s.members_kept.to_string()),
                ("receipts_added", &s.receipts_added.to_string()),
                ("voids_added", &s.voids_added.to_string()),
            ],
        );
        if s.not_at_central > 0 {
            at.note(
                "cli-recover-not-at-central",
                &[
                    ("workstation", &s.workstation),
                    ("count", &s.not_at_central.to_string()),
                ],
            );
        }
        Ok(())
    }
}

/// `central recover --office DDDD --workstation WW --out FILE`: the file, written whole or not at all;
/// `members`, `receipts`, `voids`, `last-batch` and `last-seq` lines on standard output.
pub fn write_recovery(
    store: &CentralStore,
    office: &str,
    workstation: &str,
    out: &Path,
    at: &Invocation,
) -> Result<(), Failure> {
    let (content, bytes) = store.recover_file(office, workstation, at.now)?;
    write_output(out, &bytes)?;
    out!("members {}", content.members.len());
    out!("receipts {}", content.receipts.len());
    out!("voids {}", content.voids.len());
    out!("last-batch {}", content.last_batch);
    out!("last-seq {}", content.last_seq);
    at.note(
        "cli-recover-written",
        &[
            ("office", &nssf_exchange::office_id(office, workstation)),
            ("path", &out.display().to_string()),
            ("members", &content.members.len().to_string()),
            ("receipts", &content.receipts.len().to_string()),
            ("voids", &content.voids.len().to_string()),
        ],
    );
    Ok(())
}
