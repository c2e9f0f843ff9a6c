//! The office's store, on sled 0.34: one tree per relation, secondary indexes, a change log and an audit
//! trail, all written in one multi-tree transaction and flushed before the caller reports success.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let office = nssf_store::Office { district_code: "0101".into(), workstation: 1, hospitals: vec![], settings: Default::default() };
//! let store = nssf_store::Store::create(dir.path(), &office).unwrap();
//! assert_eq!(store.office().unwrap().district_code, "0101");
//! assert_eq!(store.member_count(), 0);
//! ```
//!
//! Trees and keys (all keys are bytes that sort in the order they are scanned):
//! - `meta`: `schema_version`, `office`, counters `counter/member`, `counter/change`, `counter/audit` (u64 BE).
//! - `members`: member number (`DDDD-WW-NNNNNNN-C`) → member JSON. The member number is the primary key, so
//!   the member-number index is the tree itself.
//! - `idx_document`: `NUMBER/kind` → member number (unique: the transaction refuses a second holder).
//! - `idx_phone`: E.164 `\0` member number → empty.
//! - `idx_name`: folded name token `\0` member number → empty (tokens of both scripts).
//! - `idx_name_dob`: folded full name `\0` birth date `\0` member number → empty (duplicate warnings).
//! - `name_tokens`: member number → the member's folded tokens, `\n`-separated (ranking without decoding).
//! - `changes`: change sequence (u64 BE) → [`ChangeEntry`] JSON: what the weekly batch sends.
//! - `audit`: target `\0` sequence (u64 BE) → [`AuditEntry`] JSON: who changed what, when.
//! - `bases`: member number `\0` `YYYY-MM` → income base (i64 BE) from that month on.
//! - `receipts`: receipt number → receipt JSON (never changed once written).
//! - `receipts_by_member`: member number `\0` receipt number → empty.
//! - `month_paid`: member number `\0` `YYYY-MM` → receipt number; the unique key that stops a month being
//!   paid twice; a void removes its months.
//! - `receipts_by_day`: `YYYY-MM-DD` `\0` cashier `\0` receipt number → empty.
//! - `voids`: receipt number → void JSON; `voids_by_day`: `YYYY-MM-DD` `\0` receipt number → empty.
//! - `day_closes`: `YYYY-MM-DD` `\0` cashier → day-close JSON.
//! - `photos`: member number → JPEG bytes (at most 600 × 800, 80 KB).
//! - `card_issues`: member number `\0` issue number (u32 BE) → card-issue JSON.
//! - `receipt_prints`: receipt number → how many times it was printed (u32 BE); later prints say COPY.
//! - `card_pending`: member number → empty: registered, amended or re-photographed since the last card.
//! - `exch_meta`, `exch_batches`, `exch_files`, `exch_rejected`: the weekly batch (see [`exchange`]).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use nssf_domain::{fold, Member, MemberNumber, Month};
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{IVec, Transactional, Tree};

mod cards;
pub mod exchange;
mod ledger;
pub use cards::CardIssue;
pub use exchange::{ExchangeState, ExportedBatch};
mod search;
pub use ledger::{MemberLedger, PaymentDraft};

pub use search::NameMatch;

/// The schema this code writes. Opening a store with a higher version is refused; a lower one is migrated.
pub const SCHEMA_VERSION: u64 = 1;

/// The office a data folder belongs to: fixed at `init`, part of every number issued here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub district_code: String,
    pub workstation: u8,
    /// Hospital codes offered on this workstation's forms; a supervisor may change them.
    pub hospitals: Vec<Hospital>,
    /// Settings of the office; stores created before a setting existed read its default.
    #[serde(default)]
    pub settings: Settings,
}

/// What the scheme leaves to the office (rules marked unconfirmed in the product notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Payment methods offered at the counter; `cash` is the one counted in the drawer.
    pub payment_methods: Vec<String>,
    pub max_months_ahead: u32,
    pub max_months_per_receipt: u32,
    /// Grouping separator for kip on screen and paper: `,` or `.`.
    pub kip_separator: char,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            payment_methods: vec!["cash".into(), "bank".into(), "mobile".into()],
            max_months_ahead: 12,
            max_months_per_receipt: 36,
            kip_separator: ',',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hospital {
    pub code: String,
    pub name_lo: String,
    pub name_en: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled reported an I/O or corruption problem.
    #[error("storage: {0}")]
    Sled(#[from] sled::Error),
    /// A stored value does not decode: damaged data or a bug.
    #[error("stored record {0} does not decode: {1}")]
    Corrupt(String, serde_json::Error),
    #[error("this folder holds no office data yet")]
    NotInitialised,
    #[error("this folder already holds office data")]
    AlreadyInitialised,
    #[error("the data was written by a newer version (schema {0})")]
    SchemaTooNew(u64),
    /// The ID document is already held by this member.
    #[error("document {document} already belongs to member {member_no}")]
    DuplicateDocument { document: String, member_no: String },
    #[error("no member {0}")]
    MemberNotFound(String),
    /// Another receipt already covers this month (`YYYY-MM`).
    #[error("month {month} is already covered by receipt {receipt}")]
    MonthAlreadyCovered { month: String, receipt: String },
    /// The cashier's day is closed: nothing can be dated into it.
    #[error("the day {0} is closed")]
    DayClosed(String),
    /// Another workstation thread took this number first; reading again and retrying resolves it.
    #[error("{0} was taken by a concurrent change")]
    Conflict(String),
    #[error("no receipt {0}")]
    ReceiptNotFound(String),
    #[error("receipt {0} is already void")]
    AlreadyVoided(String),
    #[error("this workstation has issued its last member number")]
    CounterExhausted,
}

/// What kind of change a change-log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    MemberRegistered,
    MemberAmended,
    BaseChanged,
    PaymentRecorded,
    ReceiptVoided,
    DayClosed,
    PhotoChanged,
    CardIssued,
}

/// One change that must reach the central office: the record as it is after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: ChangeKind,
    /// The member number (later: receipt number, …) the change is about.
    pub key: String,
    pub record: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `registered`, `amended`, `office-created`.
    pub action: String,
    pub target: String,
    pub changes: Vec<FieldChange>,
}

/// Whether a write waits for the disk. Registrations at the counter are durable; the demo generator and
/// benchmark loaders write in bulk and flush once at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    FlushEach,
    Deferred,
}

#[derive(Debug, Clone)]
pub struct Store {
    db: sled::Db,
    /// sled's log file, opened for `sync_data`: sled 0.34's flush ends in `sync_file_range`, which does
    /// not empty the disk's write cache, so a power cut could lose a write we reported saved.
    log_file: Option<std::sync::Arc<std::fs::File>>,
    /// The office, read once at open: it is fixed at `init`, and every registration, receipt and view
    /// needs it (workstation, hospitals, settings).
    office: Option<std::sync::Arc<Office>>,
    meta: Tree,
    members: Tree,
    idx_document: Tree,
    idx_phone: Tree,
    idx_name: Tree,
    idx_name_dob: Tree,
    name_tokens: Tree,
    changes: Tree,
    audit: Tree,
    bases: Tree,
    receipts: Tree,
    receipts_by_member: Tree,
    month_paid: Tree,
    receipts_by_day: Tree,
    voids: Tree,
    voids_by_day: Tree,
    day_closes: Tree,
    photos: Tree,
    card_issues: Tree,
    card_pending: Tree,
    receipt_prints: Tree,
    exch_meta: Tree,
    exch_batches: Tree,
    exch_files: Tree,
    exch_rejected: Tree,
}

/// One step of the schema: lifts a store from one version to the next.
type Migration = fn(&Store) -> Result<(), StoreError>;

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn u64_be(v: &IVec) -> u64 {
    let mut b = [0u8; 8];
    if v.len() == 8 {
        b.copy_from_slice(v);
    }
    u64::from_be_bytes(b)
}

fn key(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(&0u8)
}

/// Takes the next value of a counter kept in `meta`, inside the transaction.
fn next(meta: &TransactionalTree, name: &str) -> TxResult<u64> {
    let value = meta.get(name)?.map_or(0, |v| u64_be(&v)) + 1;
    meta.insert(name, &value.to_be_bytes())?;
    Ok(value)
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Our own plain data types always serialise.
    serde_json::to_vec(value).unwrap_or_default()
}

fn from_json<T: for<'de> Deserialize<'de>>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(what.to_owned(), e))
}

fn flatten<T>(r: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
    r.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::Sled(e),
    })
}

/// The index entries one member version owns; an amendment removes the old set and adds the new one.
#[derive(Debug, Default, PartialEq, Eq)]
struct IndexEntries {
    documents: Vec<Vec<u8>>,
    phones: Vec<Vec<u8>>,
    names: Vec<Vec<u8>>,
    name_dobs: Vec<Vec<u8>>,
    tokens: Vec<u8>,
}

/// Folded name tokens of both scripts, deduplicated, in name order.
pub fn member_tokens(m: &Member) -> Vec<String> {
    let mut all = Vec::new();
    for part in [
        &m.given_name_lo,
        &m.family_name_lo,
        &m.given_name_latin,
        &m.family_name_latin,
    ] {
        for t in fold::tokens(part) {
            if !all.contains(&t) {
                all.push(t);
            }
        }
    }
    all
}

/// The duplicate-warning keys of a person: folded full name in each script with the birth date.
pub fn name_dob_keys(m: &Member) -> Vec<String> {
    let mut keys = Vec::new();
    for (given, family) in [
        (&m.given_name_lo, &m.family_name_lo),
        (&m.given_name_latin, &m.family_name_latin),
    ] {
        let name = fold::name_key(given, family);
        if !name.is_empty() {
            keys.push(format!("{name}\0{}", m.date_of_birth));
        }
    }
    keys
}

fn index_entries(m: &Member) -> IndexEntries {
    let no = m.member_no.as_bytes();
    let tokens = member_tokens(m);
    IndexEntries {
        documents: m.document_keys().map(String::into_bytes).collect(),
        phones: if m.phone.is_empty() {
            vec![]
        } else {
            vec![key(&[m.phone.as_bytes(), no])]
        },
        names: tokens.iter().map(|t| key(&[t.as_bytes(), no])).collect(),
        name_dobs: name_dob_keys(m)
            .iter()
            .map(|k| key(&[k.as_bytes(), no]))
            .collect(),
        tokens: tokens.join("\n").into_bytes(),
    }
}

/// Compares two versions field by field, for the audit trail.
fn diff(before: &Member, after: &Member) -> Vec<FieldChange> {
    let (serde_json::Value::Object(b), serde_json::Value::Object(a)) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    ) else {
        return Vec::new();
    };
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| FieldChange {
            field: k.clone(),
            before: show(b.get(k)),
            after: show(Some(v)),
        })
        .collect()
}

impl Store {
    /// Opens an existing office store, migrating an older schema.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join("db").exists() {
            return Err(StoreError::NotInitialised);
        }
        let mut store = Store::open_trees(dir)?;
        let bytes = store
            .meta
            .get("office")?
            .ok_or(StoreError::NotInitialised)?;
        store.office = Some(std::sync::Arc::new(from_json("office", &bytes)?));
        store.migrate()?;
        Ok(store)
    }

    /// Creates the store of a new office.
    pub fn create(dir: &Path, office: &Office) -> Result<Store, StoreError> {
        if dir.join("db").exists() {
            let existing = Store::open_trees(dir)?;
            if existing.meta.get("office")?.is_some() {
                return Err(StoreError::AlreadyInitialised);
            }
        }
        let mut store = Store::open_trees(dir)?;
        store
            .meta
            .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())?;
        store.meta.insert("office", to_json(office))?;
        store.durable()?;
        store.office = Some(std::sync::Arc::new(office.clone()));
        Ok(store)
    }

    fn open_trees(dir: &Path) -> Result<Store, StoreError> {
        // sled's own background flush stays on as a safety net; durability comes from our explicit flushes.
        let db = sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(256 * 1024 * 1024)
            .open()?;
        let tree = |name: &str| db.open_tree(name);
        let log_file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.join("db").join("db"))
            .ok()
            .map(std::sync::Arc::new);
        Ok(Store {
            log_file,
            office: None,
            meta: tree("meta")?,
            members: tree("members")?,
            idx_document: tree("idx_document")?,
            idx_phone: tree("idx_phone")?,
            idx_name: tree("idx_name")?,
            idx_name_dob: tree("idx_name_dob")?,
            name_tokens: tree("name_tokens")?,
            changes: tree("changes")?,
            audit: tree("audit")?,
            bases: tree("bases")?,
            receipts: tree("receipts")?,
            receipts_by_member: tree("receipts_by_member")?,
            month_paid: tree("month_paid")?,
            receipts_by_day: tree("receipts_by_day")?,
            voids: tree("voids")?,
            voids_by_day: tree("voids_by_day")?,
            day_closes: tree("day_closes")?,
            photos: tree("photos")?,
            card_issues: tree("card_issues")?,
            card_pending: tree("card_pending")?,
            receipt_prints: tree("receipt_prints")?,
            exch_meta: tree("exch_meta")?,
            exch_batches: tree("exch_batches")?,
            exch_files: tree("exch_files")?,
            exch_rejected: tree("exch_rejected")?,
            db,
        })
    }

    /// Ordered migrations: entry `i` lifts the schema from version `i + 1` to `i + 2`.
    const MIGRATIONS: &'static [Migration] = &[];

    fn migrate(&self) -> Result<(), StoreError> {
        let mut version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew(version));
        }
        while version < SCHEMA_VERSION {
            if let Some(step) = Store::MIGRATIONS.get(version.saturating_sub(1) as usize) {
                step(self)?;
            }
            version += 1;
            self.meta.insert("schema_version", &version.to_be_bytes())?;
        }
        self.durable()?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<u64, StoreError> {
        Ok(self.meta.get("schema_version")?.map_or(1, |v| u64_be(&v)))
    }

    /// Stamps a schema version, for migration tests and for a future downgrade guard.
    pub fn set_schema_version(&self, version: u64) -> Result<(), StoreError> {
        self.meta.insert("schema_version", &version.to_be_bytes())?;
        self.durable()?;
        Ok(())
    }

    pub fn office(&self) -> Result<Office, StoreError> {
        self.office
            .as_deref()
            .cloned()
            .ok_or(StoreError::NotInitialised)
    }

    pub fn member_count(&self) -> usize {
        self.members.len()
    }

    /// Blocks until everything written so far is on disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.durable()
    }

    /// sled's flush, then an fsync of its log so the data is on the medium, not in the disk's cache.
    fn durable(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        if let Some(file) = &self.log_file {
            file.sync_data()
                .map_err(|e| StoreError::Sled(sled::Error::Io(e)))?;
        }
        Ok(())
    }

    /// The trees a member transaction writes. Every transaction list starts with `meta`, `changes`, `audit`
    /// so that [`Store::log`] and [`Store::audit_tx`] find them at the same places.
    fn member_trees(&self) -> [&Tree; 11] {
        [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.members,
            &self.idx_document,
            &self.idx_phone,
            &self.idx_name,
            &self.idx_name_dob,
            &self.name_tokens,
            &self.bases,
            &self.card_pending,
        ]
    }

    /// Registers a validated member: issues the member number, writes the record, its indexes, a change-log
    /// entry and an audit entry in one transaction. With [`Durability::FlushEach`] it returns only once all of
    /// it is on disk.
    pub fn insert_member(
        &self,
        member: &Member,
        actor: &str,
        at: DateTime<Utc>,
        durability: Durability,
    ) -> Result<Member, StoreError> {
        let office = self.office()?;
        let district: u16 = office.district_code.parse().unwrap_or(0);
        let trees = self.member_trees();
        let result = trees[..].transaction(|t| {
            let [meta, _, _, members, docs, .., bases, _] = &t[..] else {
                unreachable!("eleven trees")
            };
            let counter = next(meta, "counter/member")?;
            if counter > u64::from(MemberNumber::MAX_COUNTER) {
                return abort(StoreError::CounterExhausted);
            }
            let number = MemberNumber {
                district,
                workstation: office.workstation,
                counter: counter as u32,
            };
            let mut stored = member.clone();
            stored.member_no = number.to_string();
            for doc in stored.document_keys() {
                if let Some(holder) = docs.get(doc.as_bytes())? {
                    let member_no = String::from_utf8_lossy(&holder).into_owned();
                    return abort(StoreError::DuplicateDocument {
                        document: doc,
                        member_no,
                    });
                }
            }
            members.insert(stored.member_no.as_bytes(), to_json(&stored))?;
            self.write_indexes(t, &stored, None)?;
            // The chosen base holds from the registration month on.
            let month = Month::of(stored.registered_on).to_string();
            bases.insert(
                key(&[stored.member_no.as_bytes(), month.as_bytes()]),
                &stored.income_base_kip.to_be_bytes(),
            )?;
            self.log(
                t,
                at,
                actor,
                ChangeKind::MemberRegistered,
                &stored.member_no,
                &stored,
            )?;
            self.audit_tx(t, at, actor, "registered", &stored.member_no, Vec::new())?;
            // A new member needs a card: into the print queue.
            t[10].insert(stored.member_no.as_bytes(), &[])?;
            Ok(stored)
        });
        let stored = flatten(result)?;
        if durability == Durability::FlushEach {
            self.durable()?;
        }
        Ok(stored)
    }

    /// Replaces a member's data (same member number), keeping the indexes, change log and audit in step.
    /// Returns the member as stored and the fields that changed.
    pub fn update_member(
        &self,
        member: &Member,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(Member, Vec<FieldChange>), StoreError> {
        let trees = self.member_trees();
        let result = trees[..].transaction(|t| {
            let [_, _, _, members, docs, ..] = &t[..] else {
                unreachable!("eleven trees")
            };
            let Some(old) = members.get(member.member_no.as_bytes())? else {
                return abort(StoreError::MemberNotFound(member.member_no.clone()));
            };
            let old: Member = from_json(&member.member_no, &old).or_else(abort)?;
            for doc in member.document_keys() {
                if let Some(holder) = docs.get(doc.as_bytes())? {
                    if holder != member.member_no.as_bytes() {
                        let member_no = String::from_utf8_lossy(&holder).into_owned();
                        return abort(StoreError::DuplicateDocument {
                            document: doc,
                            member_no,
                        });
                    }
                }
            }
            let changes = diff(&old, member);
            if changes.is_empty() {
                return Ok((old, changes));
            }
            members.insert(member.member_no.as_bytes(), to_json(member))?;
            self.write_indexes(t, member, Some(&old))?;
            self.log(
                t,
                at,
                actor,
                ChangeKind::MemberAmended,
                &member.member_no,
                member,
            )?;
            self.audit_tx(t, at, actor, "amended", &member.member_no, changes.clone())?;
            // The print queue re-checks whether the card's own fields changed.
            t[10].insert(member.member_no.as_bytes(), &[])?;
            Ok((member.clone(), changes))
        });
        let out = flatten(result)?;
        self.durable()?;
        Ok(out)
    }

    fn write_indexes(
        &self,
        t: &[TransactionalTree],
        new: &Member,
        old: Option<&Member>,
    ) -> TxResult<()> {
        let [_, _, _, _, docs, phones, names, name_dobs, tokens, ..] = t else {
            unreachable!("eleven trees")
        };
        let new_entries = index_entries(new);
        if let Some(old) = old {
            let old_entries = index_entries(old);
            for k in &old_entries.documents {
                docs.remove(k.as_slice())?;
            }
            for (tree, keys) in [
                (phones, &old_entries.phones),
                (names, &old_entries.names),
                (name_dobs, &old_entries.name_dobs),
            ] {
                for k in keys {
                    tree.remove(k.as_slice())?;
                }
            }
        }
        for k in &new_entries.documents {
            docs.insert(k.as_slice(), new.member_no.as_bytes())?;
        }
        for (tree, keys) in [
            (phones, &new_entries.phones),
            (names, &new_entries.names),
            (name_dobs, &new_entries.name_dobs),
        ] {
            for k in keys {
                tree.insert(k.as_slice(), &[])?;
            }
        }
        tokens.insert(new.member_no.as_bytes(), new_entries.tokens)?;
        Ok(())
    }

    /// Appends a change-log entry inside a transaction whose trees start with `meta`, `changes`, `audit`.
    fn log<T: Serialize>(
        &self,
        t: &[TransactionalTree],
        at: DateTime<Utc>,
        actor: &str,
        kind: ChangeKind,
        record_key: &str,
        record: &T,
    ) -> TxResult<()> {
        let seq = next(&t[0], "counter/change")?;
        let record = serde_json::to_value(record).unwrap_or_default();
        let entry = ChangeEntry {
            seq,
            at,
            actor: actor.to_owned(),
            kind,
            key: record_key.to_owned(),
            record,
        };
        t[1].insert(&seq.to_be_bytes(), to_json(&entry))?;
        Ok(())
    }

    fn audit_tx(
        &self,
        t: &[TransactionalTree],
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        target: &str,
        changes: Vec<FieldChange>,
    ) -> TxResult<()> {
        let seq = next(&t[0], "counter/audit")?;
        let entry = AuditEntry {
            seq,
            at,
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            changes,
        };
        t[2].insert(
            key(&[target.as_bytes(), &seq.to_be_bytes()]),
            to_json(&entry),
        )?;
        Ok(())
    }

    pub fn member(&self, member_no: &str) -> Result<Option<Member>, StoreError> {
        self.members
            .get(member_no.as_bytes())?
            .map(|b| from_json(member_no, &b))
            .transpose()
    }

    /// The member holding an ID document of this kind and number (number already compacted).
    pub fn member_by_document(&self, document_key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .idx_document
            .get(document_key.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Members holding a document with this number, of any kind.
    pub fn members_by_document_number(
        &self,
        number: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let prefix = format!("{number}/");
        let mut out = Vec::new();
        for kv in self.idx_document.scan_prefix(prefix.as_bytes()).take(limit) {
            let (_, v) = kv?;
            out.push(String::from_utf8_lossy(&v).into_owned());
        }
        Ok(out)
    }

    /// Members whose number starts with `prefix` (dashed form), in number order.
    pub fn members_by_number_prefix(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for kv in self
            .members
            .scan_prefix(prefix.as_bytes())
            .keys()
            .take(limit)
        {
            out.push(String::from_utf8_lossy(&kv?).into_owned());
        }
        Ok(out)
    }

    /// Members whose E.164 phone starts with `e164_prefix`.
    pub fn members_by_phone(
        &self,
        e164_prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        self.suffixes(&self.idx_phone, e164_prefix.as_bytes(), limit, |_| true)
    }

    /// Members with the same folded name (either script) and birth date.
    pub fn same_name_and_birth(&self, member: &Member) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for k in name_dob_keys(member) {
            let prefix = key(&[k.as_bytes(), b""]);
            for no in self.suffixes(&self.idx_name_dob, &prefix, 50, |_| true)? {
                if no != member.member_no && !out.contains(&no) {
                    out.push(no);
                }
            }
        }
        Ok(out)
    }

    /// The member numbers after the last `\0` of keys starting with `prefix`.
    fn suffixes(
        &self,
        tree: &Tree,
        prefix: &[u8],
        limit: usize,
        keep: impl Fn(&[u8]) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for kv in tree.scan_prefix(prefix) {
            let (k, _) = kv?;
            let Some(pos) = k.iter().rposition(|b| *b == 0) else {
                continue;
            };
            if keep(&k[..pos]) {
                out.push(String::from_utf8_lossy(&k[pos + 1..]).into_owned());
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The audit trail of one target (a member number), oldest first.
    pub fn history(&self, target: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let prefix = key(&[target.as_bytes(), b""]);
        self.audit
            .scan_prefix(prefix)
            .map(|kv| from_json(target, &kv?.1))
            .collect()
    }

    /// Change-log entries with a sequence number greater than `after`, in order.
    pub fn changes_after(
        &self,
        after: u64,
    ) -> impl Iterator<Item = Result<ChangeEntry, StoreError>> + '_ {
        self.changes.range((after + 1).to_be_bytes()..).map(|kv| {
            let (k, v) = kv?;
            from_json(&format!("change {}", u64_be(&k)), &v)
        })
    }

    /// Every index entry, rebuilt from the records: what the indexes must equal. Used by tests and by a
    /// future `check` command.
    pub fn index_report(&self) -> Result<IndexReport, StoreError> {
        let mut expected = IndexReport::default();
        for kv in self.members.iter() {
            let (k, v) = kv?;
            let m: Member = from_json(&String::from_utf8_lossy(&k), &v)?;
            let e = index_entries(&m);
            for d in e.documents {
                expected
                    .documents
                    .insert(d, m.member_no.clone().into_bytes());
            }
            expected
                .phones
                .extend(e.phones.into_iter().map(|k| (k, vec![])));
            expected
                .names
                .extend(e.names.into_iter().map(|k| (k, vec![])));
            expected
                .name_dobs
                .extend(e.name_dobs.into_iter().map(|k| (k, vec![])));
        }
        Ok(expected)
    }

    /// Every index entry as stored.
    pub fn index_contents(&self) -> Result<IndexReport, StoreError> {
        let read = |t: &Tree| -> Result<BTreeMap<Vec<u8>, Vec<u8>>, StoreError> {
            t.iter()
                .map(|kv| {
                    kv.map(|(k, v)| (k.to_vec(), v.to_vec()))
                        .map_err(StoreError::from)
                })
                .collect()
        };
        Ok(IndexReport {
            documents: read(&self.idx_document)?,
            phones: read(&self.idx_phone)?,
            names: read(&self.idx_name)?,
            name_dobs: read(&self.idx_name_dob)?,
        })
    }

    /// Candidate members for folded query tokens, best first; see [`search`](crate::search).
    pub fn search_names(
        &self,
        query_tokens: &[String],
        limit: usize,
    ) -> Result<Vec<NameMatch>, StoreError> {
        search::names(self, query_tokens, limit)
    }
}

/// Index contents as sorted maps, comparable between "as stored" and "as rebuilt from records".
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexReport {
    pub documents: BTreeMap<Vec<u8>, Vec<u8>>,
    pub phones: BTreeMap<Vec<u8>, Vec<u8>>,
    pub names: BTreeMap<Vec<u8>, Vec<u8>>,
    pub name_dobs: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// Lower-case hex SHA-256, for fingerprints and change records.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
