//! The central office's tools: `central --data CDIR [--db URL] init|key|trust|trusted|verify|import|ack|recover|stats|report|member|reference`.
//! Exit 0 on success, 1 on any refusal with the localised reason on stderr; machine output (`valid`,
//! `fingerprint …`, `audit …`, JSON) alone on stdout. `import` of a batch whose audit trail does not
//! extend the chain held imports its records and exits 7 (`failure.rs`).

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Subcommand;
use nssf_central_pg::{DbUrl, DbUrlError, Environment};
use nssf_exchange::reference::ReferenceContent;
use nssf_exchange::{
    AuditChainCheck, CentralStore, ImportOutcome, Plaintext, TrustChange, TrustRecord, TrustRequest,
};
use serde::Serialize;

use crate::failure::Failure;
use crate::files::{read_exchange_file, read_exchange_key, read_input_text, write_output};
use crate::invocation::{out, print_json, Invocation};

/// The central office's commands (`nssf-desk central --data CDIR …`).
#[derive(Subcommand, Debug)]
pub enum CentralCommand {
    /// Create the central store and its key pair.
    Init,
    /// Export the central office's public key (offices install it with `central-key --import`); its
    /// fingerprint on stdout.
    Key {
        #[arg(long)]
        out: PathBuf,
    },
    /// Trust a workstation's key (the file `office-key` writes); its fingerprint on stdout.
    Trust {
        #[arg(long)]
        office_key: PathBuf,
        /// The workstation this one takes the place of (a reinstall, a new PC, a restore from a backup),
        /// same district: it is retired, and this one may change and void what it issued.
        #[arg(long, value_name = "DDDD-WW")]
        succeeds: Option<String>,
        /// Replace the key trusted for this workstation code, keeping its sequence: only for the same
        /// workstation's key exported again, never for a workstation that started again.
        #[arg(long)]
        replace: bool,
    },
    /// Every key ever trusted, in order: workstation, fingerprint, since, succeeds, retired.
    Trusted {
        #[arg(long)]
        json: bool,
    },
    /// Check a batch without importing it: `valid` on stdout, or the reason on stderr and exit 1.
    Verify {
        file: PathBuf,
        /// Accept a batch that is not encrypted.
        #[arg(long)]
        allow_plaintext: bool,
    },
    /// Import a batch, all or nothing; importing it again changes nothing.
    Import {
        file: PathBuf,
        /// Accept a batch that is not encrypted.
        #[arg(long)]
        allow_plaintext: bool,
    },
    /// Write the acknowledgement of a workstation's latest batch.
    Ack {
        #[arg(long)]
        office: String,
        #[arg(long)]
        workstation: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the signed recovery file of everything held of a workstation (and its predecessors), for its
    /// successor restored from a backup (`recover-import`).
    Recover {
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
    /// Members, payments and kip by province, district and month, and each workstation's batches with
    /// the time the last one was imported (the README's command table gives the JSON).
    Report {
        #[arg(long)]
        json: bool,
    },
    /// A member and their payments at every district, void ones marked; exit 1 for a member not held.
    Member {
        number: String,
        #[arg(long)]
        json: bool,
    },
}

impl CentralCommand {
    /// `--data` names the central store's folder here (its keys, and its sled store without `--db`);
    /// `db`, the `--db` URL of its PostgreSQL database.
    pub fn run(&self, at: &Invocation, db: Option<&str>) -> Result<(), Failure> {
        let dir = &at.data;
        // The value is never repeated in a message: it may hold a password.
        let db: Option<DbUrl> = db
            .map(|text| {
                let url: DbUrl = text.parse()?;
                url.check_environment(&Environment::read())?;
                Ok::<_, DbUrlError>(url)
            })
            .transpose()
            .map_err(|e| match e {
                DbUrlError::TlsUnsupported => Failure::DatabaseTlsUnsupported,
                DbUrlError::NotPostgres | DbUrlError::Invalid(_) => Failure::DatabaseUrlInvalid,
            })?;
        if let CentralCommand::Init = self {
            match &db {
                None => CentralStore::init(dir)?,
                Some(url) => nssf_central_pg::init(dir, url, &Environment::read())?,
            };
            at.note(
                "exchange-central-initialised",
                &[("path", &dir.display().to_string())],
            );
            return Ok(());
        }
        let store = match &db {
            None => CentralStore::open(dir)?,
            Some(url) => nssf_central_pg::open(dir, url, &Environment::read())?,
        };
        match self {
            CentralCommand::Init => Ok(()),
            CentralCommand::Key { out } => {
                write_output(out, store.public_key_file().as_bytes())?;
                out!("fingerprint {}", store.fingerprint());
                Ok(())
            }
            CentralCommand::Trust {
                office_key,
                succeeds,
                replace,
            } => {
                let text = read_exchange_key(office_key)?;
                let request = TrustRequest {
                    office_key_file: &text,
                    succeeds: succeeds.as_deref(),
                    replace: *replace,
                };
                let trusted = store.trust(&request, at.now)?;
                let office = trusted.office.as_str();
                match &trusted.change {
                    TrustChange::Trusted => at.note("exchange-trusted", &[("office", office)]),
                    TrustChange::Succeeded { predecessor } => at.note(
                        "exchange-trust-succeeds",
                        &[("office", office), ("predecessor", predecessor)],
                    ),
                    TrustChange::Replaced => {
                        at.note("exchange-trust-replaced", &[("office", office)])
                    }
                    TrustChange::Unchanged => {
                        at.note("exchange-trust-unchanged", &[("office", office)])
                    }
                }
                out!("fingerprint {}", trusted.fingerprint);
                Ok(())
            }
            CentralCommand::Trusted { json } => {
                let rows: Vec<TrustedRow> =
                    store.trusted()?.into_iter().map(TrustedRow::from).collect();
                if *json {
                    return print_json(&rows);
                }
                let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
                for row in &rows {
                    out!(
                        "{} {} {} {} {}",
                        row.workstation,
                        row.fingerprint,
                        or_dash(&row.since),
                        or_dash(&row.succeeds),
                        or_dash(&row.retired)
                    );
                }
                Ok(())
            }
            CentralCommand::Verify {
                file,
                allow_plaintext,
            } => {
                let bytes = read_exchange_file(file)?;
                store.verify(&bytes, plaintext(*allow_plaintext))?;
                out!("valid");
                Ok(())
            }
            CentralCommand::Import {
                file,
                allow_plaintext,
            } => {
                let bytes = read_exchange_file(file)?;
                match store.import_at(&bytes, plaintext(*allow_plaintext), at.now)? {
                    ImportOutcome::Imported {
                        office,
                        batch,
                        accepted,
                        duplicate,
                        rejected,
                        audit,
                    } => {
                        let batch = batch.to_string();
                        at.note(
                            "exchange-imported",
                            &[
                                ("office", &office),
                                ("batch", &batch),
                                ("accepted", &accepted.to_string()),
                                ("duplicate", &duplicate.to_string()),
                                ("rejected", &rejected.to_string()),
                            ],
                        );
                        // One stdout line for scripts, as `audit verify` prints at the office.
                        match audit {
                            AuditChainCheck::NotCarried => {
                                out!("audit none");
                                at.note(
                                    "exchange-audit-none",
                                    &[("office", &office), ("batch", &batch)],
                                );
                            }
                            AuditChainCheck::Intact { last_seq } => {
                                out!("audit intact {last_seq}");
                                at.note(
                                    "exchange-audit-intact",
                                    &[("office", &office), ("seq", &last_seq.to_string())],
                                );
                            }
                            AuditChainCheck::Broken { seq, why } => {
                                out!("audit broken {seq} {}", why.as_str());
                                return Err(Failure::ImportedAuditBroken {
                                    office,
                                    batch,
                                    seq,
                                    why,
                                });
                            }
                        }
                    }
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
            CentralCommand::Recover {
                office,
                workstation,
                out,
            } => crate::recover::write_recovery(&store, office, workstation, out, at),
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
                out!(
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
            CentralCommand::Report { json } => {
                let report = store.report()?;
                if *json {
                    return print_json(&report);
                }
                for p in &report.provinces {
                    for d in &p.districts {
                        out!(
                            "district {} members {} payments {} voids {} kip {} last-received {}",
                            d.district,
                            d.totals.members,
                            d.totals.payments,
                            d.totals.voids,
                            d.totals.kip,
                            d.last_received_at.as_deref().unwrap_or("-")
                        );
                    }
                }
                Ok(())
            }
            CentralCommand::Member { number, json } => {
                let Some(member) = store.member(number)? else {
                    return Err(Failure::CentralMemberUnknown(number.clone()));
                };
                if *json {
                    return print_json(&member);
                }
                out!(
                    "member {} {} paid-kip {}",
                    member.member_no,
                    member.registered_by,
                    member.paid_kip
                );
                for line in &member.payments {
                    out!(
                        "payment {} {} {} {}{}",
                        line.receipt_no,
                        line.workstation,
                        line.paid_on,
                        line.total_kip,
                        if line.void.is_some() { " void" } else { "" }
                    );
                }
                Ok(())
            }
        }
    }
}

fn plaintext(allowed: bool) -> Plaintext {
    if allowed {
        Plaintext::Allowed
    } else {
        Plaintext::Refused
    }
}

/// One row of `central trusted --json`, exactly: `workstation`, `fingerprint`, `since` (RFC 3339, or null
/// for a key trusted before trust records were kept), `succeeds` (`DDDD-WW` or null), `retired` (RFC 3339
/// or null).
#[derive(Debug, Serialize)]
struct TrustedRow {
    workstation: String,
    fingerprint: String,
    since: Option<String>,
    succeeds: Option<String>,
    retired: Option<String>,
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<TrustRecord> for TrustedRow {
    fn from(r: TrustRecord) -> TrustedRow {
        TrustedRow {
            workstation: r.workstation,
            fingerprint: r.fingerprint,
            since: r.since.map(rfc3339),
            succeeds: r.succeeds,
            retired: r.retired.map(rfc3339),
        }
    }
}
