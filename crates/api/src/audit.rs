//! The audit trail as a supervisor reads it: checking its hash chain and listing its entries by person,
//! day and kind. Every change and every print appends one entry, in the store (`docs/audit-trail.md`).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use nssf_store::{AuditFilter, AuditVerdict, ChainBreak};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Actor, ApiError, Desk, FieldChange, HistoryAction};

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[ts(export)]
pub enum AuditCheck {
    /// Every entry is in place and chained onto the one before.
    Intact {
        /// How many entries the trail holds.
        entries: u64,
        /// The last entry's hash (64 zeros when there is none): what the next batch's chain extends.
        last_hash: String,
    },
    /// The first entry at which the chain breaks.
    Broken {
        /// Its sequence number (for a missing entry, the number missing).
        seq: u64,
        /// How it breaks.
        why: AuditBreak,
    },
}

/// How the audit chain breaks at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AuditBreak {
    /// Its content no longer has the hash it was written with: edited afterwards.
    Edited,
    /// It is missing: deleted.
    Missing,
    /// It does not follow the entry before it: entries reordered, or one inserted.
    OutOfOrder,
    /// The row is not an audit entry.
    Undecodable,
}

impl AuditBreak {
    /// The name as the CLI prints it and the window looks its message up (`audit-break-<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditBreak::Edited => "edited",
            AuditBreak::Missing => "missing",
            AuditBreak::OutOfOrder => "out-of-order",
            AuditBreak::Undecodable => "undecodable",
        }
    }
}

impl From<ChainBreak> for AuditBreak {
    fn from(why: ChainBreak) -> AuditBreak {
        match why {
            ChainBreak::Edited => AuditBreak::Edited,
            ChainBreak::Missing => AuditBreak::Missing,
            ChainBreak::OutOfOrder => AuditBreak::OutOfOrder,
            ChainBreak::Undecodable => AuditBreak::Undecodable,
        }
    }
}

/// Which audit entries to list; an absent field lets every entry through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditQuery {
    /// Entries on or after this office date (Lao time), `YYYY-MM-DD`.
    #[ts(type = "string | null")]
    pub since: Option<NaiveDate>,
    /// Entries on or before this office date (Lao time), `YYYY-MM-DD`.
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
    /// Entries by this staff id.
    pub actor: Option<String>,
    /// Entries of this kind.
    pub action: Option<HistoryAction>,
}

/// One audit entry as the supervisor's screen and `audit list --json` show it. The field names are the
/// CLI's contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditLine {
    /// Its place in the chain: 1, 2, 3, … without gaps.
    pub seq: u64,
    /// When, RFC 3339 in UTC, exactly as the entry's hash covers it.
    pub at: String,
    /// The staff id of whoever did it.
    pub actor: String,
    /// What was done (`registered`, `receipt-printed`, `batch-written`, …).
    pub action: HistoryAction,
    /// What it was done to: a member or receipt number, `day/DATE/CASHIER`, `batch/N`, `staff/ID`, ….
    pub record: String,
    /// The fields before and after, or what a print names (empty when nothing).
    pub detail: Vec<FieldChange>,
    /// The entry's hash (SHA-256, lower-case hex).
    pub hash: String,
    /// The hash of the entry before it (64 zeros for the first).
    pub prev_hash: String,
}

/// The first moment of an office date (midnight in Lao time, UTC+7).
fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc() - chrono::Duration::hours(7)
}

impl Desk {
    /// Checks the audit trail's hash chain from its first entry (supervisor).
    pub fn audit_verify(&self, actor: &Actor) -> Result<AuditCheck, ApiError> {
        actor.require(Action::ViewAudit)?;
        Ok(match self.store.verify_audit()? {
            AuditVerdict::Intact { entries, last_hash } => {
                AuditCheck::Intact { entries, last_hash }
            }
            AuditVerdict::Broken { seq, why } => AuditCheck::Broken {
                seq,
                why: why.into(),
            },
        })
    }

    /// The audit entries `query` lets through, oldest first (supervisor).
    pub fn audit_list(
        &self,
        actor: &Actor,
        query: &AuditQuery,
    ) -> Result<Vec<AuditLine>, ApiError> {
        actor.require(Action::ViewAudit)?;
        let filter = AuditFilter {
            since: query.since.map(start_of),
            actor: query.actor.clone(),
            ..AuditFilter::default()
        };
        let before = query.until.and_then(|d| d.succ_opt()).map(start_of);
        let lines = self
            .store
            .audit_entries(&filter)?
            .into_iter()
            .filter(|e| before.is_none_or(|b| e.at < b))
            .map(|e| AuditLine {
                seq: e.seq,
                at: e.at_text(),
                actor: e.actor,
                action: e.action.into(),
                record: e.target,
                detail: e
                    .changes
                    .into_iter()
                    .map(|c| FieldChange {
                        field: c.field,
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
                hash: e.hash,
                prev_hash: e.prev_hash,
            })
            .filter(|line| query.action.is_none_or(|a| a == line.action))
            .collect();
        Ok(lines)
    }
}
