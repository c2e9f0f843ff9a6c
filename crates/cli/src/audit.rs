//! The audit trail (supervisor): `audit verify` checks its hash chain, `audit list` prints its entries.
//! The chain and the fields are described in `docs/audit-trail.md`.

use nssf_api::nssf_domain::dates::parse_date;
use nssf_api::{AuditCheck, AuditQuery};

use crate::failure::Failure;
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the audit trail's hash chain: `intact N`, or the first entry that breaks it (exit 1).
    Verify(Verify),
    /// Print the audit entries, oldest first.
    List(List),
}

impl AuditCommand {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        match self {
            AuditCommand::Verify(c) => c.run(at),
            AuditCommand::List(c) => c.run(at),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Verify {}

impl Verify {
    /// `intact N` on stdout; a broken chain prints `broken SEQ WHY` on stdout and its localised reason on
    /// stderr, and exits 1.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        match desk.audit_verify(&at.actor)? {
            AuditCheck::Intact { entries, .. } => {
                out!("intact {entries}");
                Ok(())
            }
            AuditCheck::Broken { seq, why } => {
                out!("broken {seq} {}", why.as_str());
                Err(Failure::AuditBroken { seq, why })
            }
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct List {
    /// Entries on or after this office date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Entries by this staff id.
    #[arg(long)]
    actor: Option<String>,
    /// JSON: `[{"seq","at","actor","action","record","detail","hash","prev_hash"}]`.
    #[arg(long)]
    json: bool,
}

impl List {
    /// The entries as JSON, or one tab-separated line each: seq, at, actor, action, record.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let since = match &self.since {
            Some(text) => Some(parse_date("since", text).map_err(Failure::InvalidDate)?),
            None => None,
        };
        let desk = at.open_desk()?;
        let query = AuditQuery {
            since,
            actor: self.actor.clone(),
            ..AuditQuery::default()
        };
        let lines = desk.audit_list(&at.actor, &query)?;
        if self.json {
            // The contract's fields exactly: `AuditLine` is that contract.
            return print_json(&lines);
        }
        for line in &lines {
            // The action's JSON name (`"statement-printed"`), without its quotes.
            let action = serde_json::to_string(&line.action).map_err(|e| Failure::Unwritable {
                path: "-".to_owned(),
                detail: e.to_string(),
            })?;
            out!(
                "{}\t{}\t{}\t{}\t{}",
                line.seq,
                line.at,
                line.actor,
                action.trim_matches('"'),
                line.record
            );
        }
        Ok(())
    }
}
