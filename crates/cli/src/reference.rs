//! `reference-import FILE`: the office applies the central office's signed reference file (schedule,
//! hospitals, benefits). Exit 0 when applied or already in force; 1 and nothing changed for a bad
//! signature, invalid content or an issue not newer than the one in force (see `failure.rs`).

use std::path::PathBuf;

use nssf_api::ReferenceOutcome;

use crate::failure::Failure;
use crate::files::read_exchange_file;
use crate::invocation::Invocation;

#[derive(clap::Args, Debug)]
pub struct ReferenceImport {
    /// The reference file (`nssf-reference-NNNNNN.ref`).
    file: PathBuf,
}

impl ReferenceImport {
    /// A localised summary on stderr; nothing on stdout.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let bytes = read_exchange_file(&self.file)?;
        let imported = desk.import_reference(&at.actor, &bytes, at.now)?;
        let issue = imported.issue.to_string();
        match imported.outcome {
            ReferenceOutcome::Applied => at.note(
                "reference-applied",
                &[
                    ("issue", &issue),
                    ("rows", &imported.schedule_rows.to_string()),
                    ("hospitals", &imported.hospitals.to_string()),
                    ("benefits", &imported.benefits.to_string()),
                ],
            ),
            ReferenceOutcome::AlreadyApplied => {
                at.note("reference-already-applied", &[("issue", &issue)])
            }
        }
        Ok(())
    }
}
