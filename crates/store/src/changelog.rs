//! The change log (`changes`: what the weekly batch sends) and the audit trail (`audit`: who changed
//! what, when). Every change appends to both inside its own transaction, through a [`Journal`], so the
//! log has exactly one entry per change and none for a refused one.

use std::fmt;

use chrono::{DateTime, Utc};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, TransactionalTree};

use crate::encoding::{decode, encode, encode_value, key, u64_be};
use crate::trees::{next_counter, Trees, TxResult};
use crate::{Store, StoreError};

/// What an audit entry records. The serialised names are stored in existing data folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditAction {
    /// A member was registered.
    Registered,
    /// A member's data was amended; the entry lists the fields that changed.
    Amended,
    /// A payment was recorded for the member (the change names the receipt).
    Paid,
    /// One of the member's receipts was voided (the change gives the receipt and the reason).
    Voided,
    /// The member's income base changed from a month on.
    BaseChanged,
    /// A receipt was printed (the change counts the prints).
    ReceiptPrinted,
    /// A cashier closed a day.
    DayClosed,
    /// The member's photo was set or replaced.
    #[serde(rename = "photo")]
    PhotoChanged,
    /// A member card was issued (the change gives the issue number and reason).
    CardIssued,
    /// The central office's public key installed in the office was replaced by another (target
    /// [`CENTRAL_KEY_TARGET`]; the change gives the old and the new key's fingerprints).
    CentralKeyReplaced,
}

/// The audit target of the central office's key installed in the office.
pub const CENTRAL_KEY_TARGET: &str = "central-key";

impl AuditAction {
    /// The name as stored (`registered`, `base-changed`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Registered => "registered",
            AuditAction::Amended => "amended",
            AuditAction::Paid => "paid",
            AuditAction::Voided => "voided",
            AuditAction::BaseChanged => "base-changed",
            AuditAction::ReceiptPrinted => "receipt-printed",
            AuditAction::DayClosed => "day-closed",
            AuditAction::PhotoChanged => "photo",
            AuditAction::CardIssued => "card-issued",
            AuditAction::CentralKeyReplaced => "central-key-replaced",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field of a record before and after a change, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name in the record's JSON (or what changed: `receipt`, `photo`, `card`, …).
    pub field: String,
    /// The value before, empty when there was none.
    pub before: String,
    /// The value after.
    pub after: String,
}

/// One line of the audit trail: who did what to which target, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the store's audit trail.
    pub seq: u64,
    /// When it was done.
    pub at: DateTime<Utc>,
    /// The staff id of whoever did it.
    pub actor: String,
    /// What was done.
    pub action: AuditAction,
    /// What it was done to: a member number, a receipt number, or `day/DATE/CASHIER`.
    pub target: String,
    /// The fields that changed, when the action changes fields.
    pub changes: Vec<FieldChange>,
}

/// The three trees every change writes besides its own, inside the change's transaction: the counters in
/// `meta`, the change log and the audit trail.
pub(crate) struct Journal<'t> {
    /// The store's trees outside the transaction, to name them in errors.
    pub(crate) trees: &'t Trees,
    pub(crate) meta: &'t TransactionalTree,
    pub(crate) changes: &'t TransactionalTree,
    pub(crate) audit: &'t TransactionalTree,
}

impl Journal<'_> {
    /// Appends a change-log entry carrying `record` as it is after the change.
    pub(crate) fn change<T: Serialize>(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        kind: ChangeKind,
        record_key: &str,
        record: &T,
    ) -> TxResult<()> {
        let seq = next_counter(self.trees, self.meta, "counter/change")?;
        let entry = ChangeEntry {
            seq,
            at,
            actor: actor.to_owned(),
            kind,
            key: record_key.to_owned(),
            record: encode_value(&self.trees.changes, record).or_else(abort)?,
        };
        let bytes = encode(&self.trees.changes, &entry).or_else(abort)?;
        self.changes.insert(&seq.to_be_bytes(), bytes)?;
        Ok(())
    }

    /// Appends an audit entry for `target`.
    pub(crate) fn audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        target: &str,
        changes: Vec<FieldChange>,
    ) -> TxResult<()> {
        let seq = next_counter(self.trees, self.meta, "counter/audit")?;
        let entry = AuditEntry {
            seq,
            at,
            actor: actor.to_owned(),
            action,
            target: target.to_owned(),
            changes,
        };
        let bytes = encode(&self.trees.audit, &entry).or_else(abort)?;
        self.audit
            .insert(key(&[target.as_bytes(), &seq.to_be_bytes()]), bytes)?;
        Ok(())
    }
}

impl Store {
    /// The audit trail of one target (a member number), oldest first.
    pub fn history(&self, target: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let audit = &self.trees.audit;
        audit
            .scan_prefix(key(&[target.as_bytes(), b""]))
            .map(|kv| {
                let (k, v) = kv?;
                decode(audit, &k, &v)
            })
            .collect()
    }

    /// Change-log entries with a sequence number greater than `after`, in order.
    pub fn changes_after(
        &self,
        after: u64,
    ) -> impl Iterator<Item = Result<ChangeEntry, StoreError>> + '_ {
        let changes = &self.trees.changes;
        changes.range((after + 1).to_be_bytes()..).map(|kv| {
            let (k, v) = kv?;
            decode(changes, &k, &v)
        })
    }

    /// The sequence of the last change-log entry (0 when there is none).
    pub fn last_change_seq(&self) -> Result<u64, StoreError> {
        let meta = &self.trees.meta;
        let name = b"counter/change";
        meta.get(name)?.map_or(Ok(0), |v| u64_be(meta, name, &v))
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn audit_actions_keep_their_stored_names() {
        let check = |action: AuditAction, stored: &str| {
            assert_eq!(action.as_str(), stored);
            assert_eq!(
                serde_json::to_string(&action).ok(),
                Some(format!("\"{stored}\""))
            );
        };
        check(AuditAction::Registered, "registered");
        check(AuditAction::Amended, "amended");
        check(AuditAction::Paid, "paid");
        check(AuditAction::Voided, "voided");
        check(AuditAction::BaseChanged, "base-changed");
        check(AuditAction::ReceiptPrinted, "receipt-printed");
        check(AuditAction::DayClosed, "day-closed");
        check(AuditAction::PhotoChanged, "photo");
        check(AuditAction::CardIssued, "card-issued");
    }
}
