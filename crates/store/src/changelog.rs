//! The change log (`changes`: what the weekly batch sends) and the audit trail (`audit`: who changed
//! what, when). Every change appends to both inside its own transaction, through a [`Journal`], so the
//! log has exactly one entry per change and none for a refused one.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, TransactionalTree};
use sled::Transactional;

use crate::encoding::{corrupt, dangling, decode, encode, encode_value, key, u64_be};
use crate::trees::{flatten, next_counter, Trees, TxResult};
use crate::{Damage, Store, StoreError};

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
    /// A member's statement was printed (target the member number).
    StatementPrinted,
    /// A cashier's day sheet was printed (target `day/DATE/CASHIER`).
    DaySheetPrinted,
    /// A weekly batch was written and recorded (target `batch/N`; the change gives its SHA-256).
    BatchWritten,
    /// A batch written earlier was handed out again, byte for byte (target `batch/N`).
    BatchWrittenAgain,
    /// A staff account was added (target `staff/ID`; the change gives the name and roles).
    StaffAdded,
    /// A staff account was disabled: it can no longer sign in.
    StaffDisabled,
    /// An admin lifted a staff account's lock after wrong passwords.
    StaffUnlocked,
    /// An admin set a new password for a staff member, who must change it at the next sign-in.
    PasswordReset,
    /// A staff member changed their own password.
    PasswordChanged,
    /// A wrong password was given for the account; the change counts them, and says when it locked.
    SignInFailed,
    /// A sign-in succeeded after wrong passwords, which it clears.
    SignedIn,
    /// A correction of the member's identity fields was asked for (the change gives the correction's
    /// number, each field before and after, and the note).
    CorrectionRequested,
    /// A supervisor approved a correction (the change gives its number; the `amended` entry written
    /// with it lists the fields).
    CorrectionApproved,
    /// A supervisor rejected a correction (the change gives its number and the reason).
    CorrectionRejected,
    /// An admin changed the office's settings (the change lists each setting before and after).
    SettingsChanged,
    /// The office was restored from a backup as the successor of the workstation it was (target
    /// `office`; the change gives the old and new workstation, the predecessor and the backup's time).
    Restored,
    /// The central office's recovery file was applied: what the lost predecessor had sent it after the
    /// backup (target `office`; the change gives the workstation and the records added and updated).
    Recovered,
    /// A member's filled-in application form was printed (target the member number; the change counts the
    /// prints, so a reprint shows as print 2, 3, …).
    ApplicationFormPrinted,
    /// The office's backup passphrase was set, making the backup key (target `office`; nothing is
    /// recorded of the passphrase itself).
    BackupPassphraseSet,
    /// A backup was written whole (target `office`; the change gives the file). Written after the
    /// backup, so the backup itself does not hold its own entry.
    BackupMade,
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
            AuditAction::StatementPrinted => "statement-printed",
            AuditAction::DaySheetPrinted => "day-sheet-printed",
            AuditAction::BatchWritten => "batch-written",
            AuditAction::BatchWrittenAgain => "batch-written-again",
            AuditAction::StaffAdded => "staff-added",
            AuditAction::StaffDisabled => "staff-disabled",
            AuditAction::StaffUnlocked => "staff-unlocked",
            AuditAction::PasswordReset => "password-reset",
            AuditAction::PasswordChanged => "password-changed",
            AuditAction::SignInFailed => "sign-in-failed",
            AuditAction::SignedIn => "signed-in",
            AuditAction::CorrectionRequested => "correction-requested",
            AuditAction::CorrectionApproved => "correction-approved",
            AuditAction::CorrectionRejected => "correction-rejected",
            AuditAction::SettingsChanged => "settings-changed",
            AuditAction::Restored => "restored",
            AuditAction::Recovered => "recovered",
            AuditAction::ApplicationFormPrinted => "application-form-printed",
            AuditAction::BackupPassphraseSet => "backup-passphrase-set",
            AuditAction::BackupMade => "backup-made",
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

/// The chain's first `prev_hash` and the encoding's name live with the encoding itself, in
/// `nssf_domain::audit`, which the central office uses too.
pub use nssf_domain::audit::{AUDIT_HASH_VERSION, GENESIS_HASH};

/// The key in `meta` of the last entry's hash (32 bytes), read and written in each entry's transaction.
const LAST_HASH_KEY: &str = "audit/last_hash";

/// The counter in `meta` of the audit trail's sequence.
const AUDIT_COUNTER: &str = "counter/audit";

/// One line of the audit trail: who did what to which target, when; chained to the line before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the store's audit trail: 1, 2, 3, … without gaps.
    pub seq: u64,
    /// When it was done.
    pub at: DateTime<Utc>,
    /// The staff id of whoever did it.
    pub actor: String,
    /// What was done.
    pub action: AuditAction,
    /// What it was done to: a member number, a receipt number, `day/DATE/CASHIER`, `batch/N`, ….
    pub target: String,
    /// The fields that changed (or what a print names), when the action has any.
    pub changes: Vec<FieldChange>,
    /// The hash of the entry before (lower-case hex SHA-256), [`GENESIS_HASH`] for the first.
    pub prev_hash: String,
    /// SHA-256 (lower-case hex) of this entry's [`canonical_bytes`](AuditEntry::canonical_bytes).
    pub hash: String,
}

impl AuditEntry {
    /// An entry chained onto `prev_hash`, its hash computed.
    pub fn chained(
        seq: u64,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        target: &str,
        changes: Vec<FieldChange>,
        prev_hash: &str,
    ) -> AuditEntry {
        let mut entry = AuditEntry {
            seq,
            at,
            actor: actor.to_owned(),
            action,
            target: target.to_owned(),
            changes,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        entry.hash = entry.computed_hash();
        entry
    }

    /// `at` as the canonical bytes (and `audit list`) write it: RFC 3339 in UTC with `Z`, the fraction of a
    /// second only when not zero, in 3, 6 or 9 digits.
    pub fn at_text(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    /// What the hash is taken over (`docs/audit-trail.md`): the compact JSON array
    /// `["nssf-audit-1", seq, at, actor, action, target, [[field, before, after], …], prev_hash]`, UTF-8,
    /// no spaces, strings escaped as JSON requires and nothing more (non-ASCII written as is).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        nssf_domain::audit::canonical_bytes(
            self.seq,
            &self.at_text(),
            &self.actor,
            self.action.as_str(),
            &self.target,
            self.changes
                .iter()
                .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())),
            &self.prev_hash,
        )
    }

    /// The SHA-256 of the canonical bytes, lower-case hex: what [`hash`](AuditEntry::hash) must hold.
    pub fn computed_hash(&self) -> String {
        nssf_domain::audit::entry_hash(&self.canonical_bytes())
    }

    /// The entry as it travels in a batch (`nssf_domain::audit::ChainedEntry`, the field names of
    /// `audit list --json`): the same canonical bytes, so the same hash.
    pub fn chained_entry(&self) -> nssf_domain::audit::ChainedEntry {
        nssf_domain::audit::ChainedEntry {
            seq: self.seq,
            at: self.at_text(),
            actor: self.actor.clone(),
            action: self.action.as_str().to_owned(),
            record: self.target.clone(),
            detail: self
                .changes
                .iter()
                .map(|c| nssf_domain::audit::AuditDetail {
                    field: c.field.clone(),
                    before: c.before.clone(),
                    after: c.after.clone(),
                })
                .collect(),
            hash: self.hash.clone(),
            prev_hash: self.prev_hash.clone(),
        }
    }
}

/// An audit entry as schema 2 and before stored it (keyed target `\0` seq, not chained).
#[derive(Debug, Clone, Deserialize)]
struct UnchainedEntry {
    seq: u64,
    at: DateTime<Utc>,
    actor: String,
    action: AuditAction,
    target: String,
    changes: Vec<FieldChange>,
}

/// Why the chain breaks at an entry (see [`Store::verify_audit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChainBreak {
    /// The entry's hash is not the hash of its content: it was edited after it was written.
    Edited,
    /// The entry is missing: the sequence jumps over it (or the trail ends before the last one written).
    Missing,
    /// The entry does not name the hash of the entry before it, or sits at another entry's place: entries
    /// were reordered, or one was inserted.
    OutOfOrder,
    /// The row is not an audit entry (its key or its JSON does not read).
    Undecodable,
}

impl ChainBreak {
    /// The name as the CLI and the IPC write it (`edited`, `missing`, `out-of-order`, `undecodable`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChainBreak::Edited => "edited",
            ChainBreak::Missing => "missing",
            ChainBreak::OutOfOrder => "out-of-order",
            ChainBreak::Undecodable => "undecodable",
        }
    }
}

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerdict {
    /// Every entry is in place and chained: `entries` of them, the last with hash `last_hash`.
    Intact {
        /// How many entries the trail holds.
        entries: u64,
        /// The hash of the last entry ([`GENESIS_HASH`] when there is none).
        last_hash: String,
    },
    /// The first entry at which the chain breaks, and how.
    Broken {
        /// The sequence number of the entry that breaks it (for a missing one, the number missing).
        seq: u64,
        /// How it breaks.
        why: ChainBreak,
    },
}

/// Which audit entries to list; `None` lets every entry through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Entries by this staff id.
    pub actor: Option<String>,
    /// Entries of this action.
    pub action: Option<AuditAction>,
}

impl AuditFilter {
    fn admits(&self, entry: &AuditEntry) -> bool {
        self.since.is_none_or(|since| entry.at >= since)
            && self.actor.as_ref().is_none_or(|a| *a == entry.actor)
            && self.action.is_none_or(|a| a == entry.action)
    }
}

/// The three trees every change writes besides its own, inside the change's transaction: the counters in
/// `meta`, the change log and the audit trail (with its index by target).
pub(crate) struct Journal<'t> {
    /// The store's trees outside the transaction, to name them in errors.
    pub(crate) trees: &'t Trees,
    pub(crate) meta: &'t TransactionalTree,
    pub(crate) changes: &'t TransactionalTree,
    pub(crate) audit: &'t TransactionalTree,
    pub(crate) audit_by_target: &'t TransactionalTree,
}

/// The last entry's hash as `meta` keeps it (32 bytes), as hex.
fn last_hash_text(trees: &Trees, bytes: &[u8]) -> Result<String, StoreError> {
    match <[u8; 32]>::try_from(bytes) {
        Ok(raw) => Ok(raw.iter().map(|b| format!("{b:02x}")).collect()),
        Err(_) => Err(corrupt(
            &trees.meta,
            LAST_HASH_KEY.as_bytes(),
            Damage::Width {
                expected: 32,
                found: bytes.len(),
            },
        )),
    }
}

/// A hash in hex as the 32 bytes `meta` keeps.
fn hash_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| hex.get(2 * i..2 * i + 2))
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect()
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

    /// Appends an audit entry for `target`, chained onto the last one. The last hash is read and written
    /// in `meta` inside this transaction, so two concurrent writers cannot both chain onto the same entry
    /// (sled runs the loser's closure again).
    pub(crate) fn audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        target: &str,
        changes: Vec<FieldChange>,
    ) -> TxResult<()> {
        let seq = next_counter(self.trees, self.meta, AUDIT_COUNTER)?;
        let prev_hash = match self.meta.get(LAST_HASH_KEY)? {
            Some(v) => last_hash_text(self.trees, &v).or_else(abort)?,
            None => GENESIS_HASH.to_owned(),
        };
        let entry = AuditEntry::chained(seq, at, actor, action, target, changes, &prev_hash);
        let bytes = encode(&self.trees.audit, &entry).or_else(abort)?;
        self.audit.insert(&seq.to_be_bytes(), bytes)?;
        self.audit_by_target
            .insert(key(&[target.as_bytes(), &seq.to_be_bytes()]), &[])?;
        self.meta.insert(LAST_HASH_KEY, hash_bytes(&entry.hash))?;
        Ok(())
    }
}

impl Store {
    /// The audit trail of one target (a member number), oldest first.
    pub fn history(&self, target: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let index = &self.trees.audit_by_target;
        let audit = &self.trees.audit;
        let prefix = key(&[target.as_bytes(), b""]);
        index
            .scan_prefix(&prefix)
            .map(|kv| {
                let (k, _) = kv?;
                let seq = k.get(prefix.len()..).unwrap_or_default();
                let seq = u64_be(index, &k, seq)?;
                let Some(v) = audit.get(seq.to_be_bytes())? else {
                    return Err(dangling(index, &k, audit, &seq.to_string()));
                };
                decode(audit, &seq.to_be_bytes(), &v)
            })
            .collect()
    }

    /// Appends an audit entry on its own, for what records nothing else (a statement or a day sheet
    /// printed), and flushes it.
    pub fn append_audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        target: &str,
        changes: Vec<FieldChange>,
    ) -> Result<(), StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(|(meta, changes_tree, audit, audit_by_target)| {
                let journal = Journal {
                    trees,
                    meta,
                    changes: changes_tree,
                    audit,
                    audit_by_target,
                };
                journal.audit(at, actor, action, target, changes.clone())
            });
        flatten(result)?;
        self.durable()
    }

    /// The audit entries `filter` lets through, in sequence order. A row that does not decode is an error
    /// (`verify_audit` says where the chain breaks).
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let audit = &self.trees.audit;
        let mut found = Vec::new();
        for kv in audit.iter() {
            let (k, v) = kv?;
            let entry: AuditEntry = decode(audit, &k, &v)?;
            if filter.admits(&entry) {
                found.push(entry);
            }
        }
        Ok(found)
    }

    /// The audit entries after sequence `after`, in key order, for a batch to carry to the central office.
    /// A row that does not decode is left out: the central office then finds its sequence missing and
    /// reports it, and the records still travel.
    pub fn audit_entries_after(&self, after: u64) -> Result<Vec<AuditEntry>, StoreError> {
        let audit = &self.trees.audit;
        let mut found = Vec::new();
        for kv in audit.range(after.saturating_add(1).to_be_bytes()..) {
            let (_, v) = kv?;
            if let Ok(entry) = serde_json::from_slice::<AuditEntry>(&v) {
                found.push(entry);
            }
        }
        Ok(found)
    }

    /// Checks the audit chain from its first entry: each row keyed by the next sequence number, naming the
    /// hash of the one before, its own hash that of its content; and the counter and last hash in `meta`
    /// naming the last row (so a removed tail is found too). Only a storage failure is an error.
    pub fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        let audit = &self.trees.audit;
        let mut expected_seq = 1u64;
        let mut prev_hash = GENESIS_HASH.to_owned();
        let broken = |seq, why| Ok(AuditVerdict::Broken { seq, why });
        for kv in audit.iter() {
            let (k, v) = kv?;
            let Ok(key_seq) = <[u8; 8]>::try_from(k.as_ref()).map(u64::from_be_bytes) else {
                return broken(expected_seq, ChainBreak::Undecodable);
            };
            if key_seq != expected_seq {
                return broken(expected_seq, ChainBreak::Missing);
            }
            let Ok(entry) = serde_json::from_slice::<AuditEntry>(&v) else {
                return broken(key_seq, ChainBreak::Undecodable);
            };
            if entry.prev_hash != prev_hash {
                return broken(key_seq, ChainBreak::OutOfOrder);
            }
            if entry.computed_hash() != entry.hash {
                return broken(key_seq, ChainBreak::Edited);
            }
            if entry.seq != key_seq {
                return broken(key_seq, ChainBreak::OutOfOrder);
            }
            prev_hash = entry.hash;
            expected_seq += 1;
        }
        let entries = expected_seq - 1;
        let meta = &self.trees.meta;
        let counter = match meta.get(AUDIT_COUNTER)? {
            Some(v) => u64_be(meta, AUDIT_COUNTER.as_bytes(), &v)?,
            None => 0,
        };
        if counter > entries {
            return broken(expected_seq, ChainBreak::Missing);
        }
        let last = match meta.get(LAST_HASH_KEY)? {
            Some(v) => last_hash_text(&self.trees, &v)?,
            None => GENESIS_HASH.to_owned(),
        };
        if counter < entries || last != prev_hash {
            // The trail holds entries the counter never gave, or its last entry is not the one written.
            return broken(entries, ChainBreak::Edited);
        }
        Ok(AuditVerdict::Intact {
            entries,
            last_hash: prev_hash,
        })
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

/// Schema 2 → 3: the audit trail becomes one chain keyed by sequence. Entries keyed target `\0` seq are
/// read in sequence order, chained from [`GENESIS_HASH`] and written at their sequence with their index
/// entries; the last hash goes to `meta`. Restartable: the chain is a function of the old entries alone, so
/// a migration interrupted before the last step writes the same rows again; the last step, one atomic
/// batch on `audit`, puts the chained rows in and takes the old ones out together.
pub(crate) fn chain_the_audit_trail(store: &Store) -> Result<(), StoreError> {
    let trees = &store.trees;
    let audit = &trees.audit;
    let mut old = Vec::new();
    for kv in audit.iter() {
        let (k, v) = kv?;
        if k.len() == 8 {
            // Already keyed by sequence: a store created at schema 3 has no other rows.
            continue;
        }
        let entry: UnchainedEntry = decode(audit, &k, &v)?;
        old.push((k, entry));
    }
    if old.is_empty() {
        return Ok(());
    }
    old.sort_by_key(|(_, e)| e.seq);
    let mut rows = sled::Batch::default();
    let mut index = sled::Batch::default();
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut last_seq = 0;
    for (old_key, e) in old {
        let seq = e.seq;
        let entry = AuditEntry::chained(
            seq, e.at, &e.actor, e.action, &e.target, e.changes, &prev_hash,
        );
        rows.remove(old_key);
        rows.insert(&seq.to_be_bytes(), encode(audit, &entry)?);
        index.insert(key(&[entry.target.as_bytes(), &seq.to_be_bytes()]), &[]);
        prev_hash = entry.hash;
        last_seq = seq;
    }
    trees.audit_by_target.apply_batch(index)?;
    trees.meta.insert(LAST_HASH_KEY, hash_bytes(&prev_hash))?;
    let counter = match trees.meta.get(AUDIT_COUNTER)? {
        Some(v) => u64_be(&trees.meta, AUDIT_COUNTER.as_bytes(), &v)?,
        None => 0,
    };
    if counter < last_seq {
        trees.meta.insert(AUDIT_COUNTER, &last_seq.to_be_bytes())?;
    }
    audit.apply_batch(rows)?;
    Ok(())
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
        check(AuditAction::CentralKeyReplaced, "central-key-replaced");
        check(AuditAction::SettingsChanged, "settings-changed");
        check(AuditAction::StatementPrinted, "statement-printed");
        check(AuditAction::DaySheetPrinted, "day-sheet-printed");
        check(AuditAction::BatchWritten, "batch-written");
        check(AuditAction::BatchWrittenAgain, "batch-written-again");
        check(AuditAction::Recovered, "recovered");
        check(AuditAction::BackupPassphraseSet, "backup-passphrase-set");
        check(AuditAction::BackupMade, "backup-made");
    }
}
