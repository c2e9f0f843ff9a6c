//! The central office's tools: `central --data CDIR init|key|trust|verify|import|ack|stats|reference`. Exit 0 on
//! success, 1 on any refusal with the localised reason on stderr; machine output (`valid`, JSON) alone on
//! stdout.

use std::path::PathBuf;

use clap::Subcommand;
use nssf_exchange::reference::ReferenceContent;
use nssf_exchange::{CentralStore, ImportOutcome};

use crate::failure::Failure;
use crate::files::{read_exchange_file, read_exchange_key, read_input_text, write_output};
use crate::invocation::{print_json, Invocation};

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
    /// Issue the national reference file (schedule, hospitals, benefits), signed and numbered one more
    /// than the last issued.
    Reference {
        /// The contribution schedule (JSON array of rows).
        #[arg(long)]
        schedule: PathBuf,
        /// The contracted hospitals (JSON array).
        #[arg(long)]
        hospitals: PathBuf,
        /// The benefit texts and figures (JSON array); without it, the last issue's are repeated.
        #[arg(long)]
        benefits: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Totals of what was imported.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

impl CentralCommand {
    /// `--data` names the central store's folder here.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let dir = &at.data;
        if let CentralCommand::Init = self {
            CentralStore::init(dir)?;
            at.note(
                "exchange-central-initialised",
                &[("path", &dir.display().to_string())],
            );
            return Ok(());
        }
        let store = CentralStore::open(dir)?;
        match self {
            CentralCommand::Init => Ok(()),
            CentralCommand::Key { out } => write_output(out, store.public_key_file().as_bytes()),
            CentralCommand::Trust { office_key } => {
                let text = read_exchange_key(office_key)?;
                let office = store.trust(&text)?;
                at.note("exchange-trusted", &[("office", &office)]);
                Ok(())
            }
            CentralCommand::Verify { file } => {
                let bytes = read_exchange_file(file)?;
                store.verify(&bytes)?;
                println!("valid");
                Ok(())
            }
            CentralCommand::Import { file } => {
                let bytes = read_exchange_file(file)?;
                match store.import(&bytes)? {
                    ImportOutcome::Imported {
                        office,
                        batch,
                        accepted,
                        duplicate,
                        rejected,
                    } => at.note(
                        "exchange-imported",
                        &[
                            ("office", &office),
                            ("batch", &batch.to_string()),
                            ("accepted", &accepted.to_string()),
                            ("duplicate", &duplicate.to_string()),
                            ("rejected", &rejected.to_string()),
                        ],
                    ),
                    ImportOutcome::AlreadyImported { office, batch } => at.note(
                        "error-exchange-already-imported",
                        &[("office", &office), ("batch", &batch.to_string())],
                    ),
                    ImportOutcome::Superseded { office, batch } => at.note(
                        "error-exchange-superseded",
                        &[("office", &office), ("batch", &batch.to_string())],
                    ),
                }
                Ok(())
            }
            CentralCommand::Ack {
                office,
                workstation,
                out,
            } => {
                let bytes = store.ack(office, workstation)?;
                write_output(out, &bytes)
            }
            CentralCommand::Reference {
                schedule,
                hospitals,
                benefits,
                out,
            } => {
                let schedule = read_input_text(&schedule.display().to_string())?;
                let hospitals = read_input_text(&hospitals.display().to_string())?;
                let benefits = benefits
                    .as_ref()
                    .map(|p| read_input_text(&p.display().to_string()))
                    .transpose()?;
                let content =
                    ReferenceContent::from_json(&schedule, &hospitals, benefits.as_deref())?;
                let today = nssf_api::office_date(at.now);
                let bytes = store.issue_reference(&content, benefits.is_some(), today)?;
                write_output(out, &bytes)?;
                let issue = store.last_reference()?.map_or(0, |r| r.issue);
                at.note(
                    "reference-issued",
                    &[
                        ("issue", &issue.to_string()),
                        ("path", &out.display().to_string()),
                    ],
                );
                Ok(())
            }
            CentralCommand::Stats { json } => {
                let s = store.stats()?;
                if *json {
                    return print_json(&s);
                }
                println!(
                    "{}",
                    at.l10n.message(
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
