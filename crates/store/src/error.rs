//! Why a store call failed: [`StoreError`], and [`Damage`] for a stored row that cannot be read.

use std::path::PathBuf;

/// Why a store call failed. The refusals (`DuplicateDocument`, `MonthAlreadyCovered`, …) leave the store
/// as it was; the storage failures (`Sled`, `LogFile`, `Corrupt`, `Encode`) say the store cannot be
/// trusted with the call and nothing was reported saved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled reported an I/O error or damage of its own files, while opening, reading, writing or flushing.
    #[error("storage: {0}")]
    Sled(#[from] sled::Error),
    /// sled's log file could not be opened for syncing when the store was opened, or syncing it (or one
    /// of sled's blob files, `db/blobs/…`, or their folder) after a write failed. sled's own flush ends in `sync_file_range`, which leaves the data in the disk's write
    /// cache, so without this sync a power cut could lose a write we reported saved: the store refuses
    /// to open rather than break that promise, and a write whose sync failed is reported failed.
    #[error("cannot sync sled's log file {}: {source}", path.display())]
    LogFile {
        /// The file the store syncs (`db/db` inside the data folder).
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A row read back from a tree is not what that tree holds (a value that is not the record's JSON, a
    /// number of the wrong width, a key without its parts, an index entry whose record is missing): the
    /// data was damaged or written by a bug. Reads fail rather than skip the row.
    #[error("tree {tree}, key {key}: {damage}")]
    Corrupt {
        /// The sled tree holding the row.
        tree: String,
        /// The row's key, as text (or as its number, for the trees keyed by a big-endian sequence).
        key: String,
        /// What is wrong with it.
        damage: Damage,
    },
    /// An exported batch's file (kept in the folder `batches` of the data folder, its SHA-256 in the
    /// store) could not be written and synced, could not be read back, or no longer hashes to what was
    /// recorded (`InvalidData`): the batch is not recorded, or cannot be handed out again as it was.
    #[error("batch file {}: {source}", path.display())]
    BatchFile {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said, or `InvalidData` for a file whose bytes changed.
        source: std::io::Error,
    },
    /// A record could not be turned into JSON, so nothing was written. Our records always serialise (no
    /// map has non-text keys); this is a bug, reported rather than stored as empty bytes.
    #[error("a record for tree {tree} does not serialise: {source}")]
    Encode {
        /// The tree the record was meant for.
        tree: String,
        /// serde_json's reason.
        source: serde_json::Error,
    },
    /// Opening a store of an older layout (schema 4 or before) on a disk without room for its upgraded
    /// copy: the upgrade builds the new store beside the old one (`upgrade.rs`), so it needs about the
    /// old store's size free. Nothing was changed; with `needed` bytes free the next open upgrades.
    #[error("the upgrade of the store needs {needed} bytes free, and the disk has {available}")]
    UpgradeNeedsSpace {
        /// Bytes the upgrade needs free.
        needed: u64,
        /// Bytes free on the disk of the data folder.
        available: u64,
    },
    /// A file or folder of the schema 5 upgrade (`db.partial`, the pre-upgrade backup folder) could not
    /// be made, synced, renamed or removed. The old store is whole until the new one is complete
    /// (`upgrade.rs`): the next open goes on from where this one stopped.
    #[error("upgrading the store, {}: {source}", path.display())]
    UpgradeFiles {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Opening a folder that holds no store, or a store without its office record (a first-run setup
    /// interrupted before the office was written; [`Store::create`](crate::Store::create) may finish it).
    #[error("this folder holds no office data yet")]
    NotInitialised,
    /// [`Store::create`](crate::Store::create) in a folder that already holds an office.
    #[error("this folder already holds office data")]
    AlreadyInitialised,
    /// Another program (a second copy of the app, or the command line) has the data folder open: sled
    /// locks it while open. A store closed a moment ago in this process keeps the lock until sled's
    /// background threads end, so opening waits a few seconds before giving this.
    #[error("the data folder is open in another program")]
    InUse,
    /// Opening a store stamped with a schema newer than [`SCHEMA_VERSION`](crate::SCHEMA_VERSION): it
    /// was written by a newer version of the program, which this one must not write into.
    #[error("the data was written by a newer version (schema {0})")]
    SchemaTooNew(u64),
    /// The office's district code is not a district number (up to four digits): refused by
    /// [`Store::create`](crate::Store::create), or found in a damaged office record at open. Every member
    /// and receipt number carries it, so no number is issued without it.
    #[error("the office's district code {0:?} is not a district number")]
    DistrictCodeInvalid(String),
    /// Registering or amending a member with an ID document (`NUMBER/kind`) that another member holds.
    #[error("document {document} already belongs to member {member_no}")]
    DuplicateDocument {
        /// The document key, `NUMBER/kind`.
        document: String,
        /// The member who holds it.
        member_no: String,
    },
    /// Amending, re-basing or photographing a member number that is not in the store.
    #[error("no member {0}")]
    MemberNotFound(String),
    /// Recording a payment for a month (`YYYY-MM`) that a receipt not voided already covers.
    #[error("month {month} is already covered by receipt {receipt}")]
    MonthAlreadyCovered {
        /// The month, `YYYY-MM`.
        month: String,
        /// The receipt that covers it.
        receipt: String,
    },
    /// Recording a payment or a void dated into a cashier's day that is closed, or closing it twice.
    #[error("the day {0} is closed")]
    DayClosed(String),
    /// Another thread took this number first (a batch number, a card issue number); reading again and
    /// retrying resolves it.
    #[error("{0} was taken by a concurrent change")]
    Conflict(String),
    /// Voiding a receipt number that is not in the store.
    #[error("no receipt {0}")]
    ReceiptNotFound(String),
    /// Voiding a receipt that is already void.
    #[error("receipt {0} is already void")]
    AlreadyVoided(String),
    /// The workstation's member counter (or this year's receipt counter) reached the largest number the
    /// numbering scheme holds; nothing was written.
    #[error("this workstation has issued its last member number")]
    CounterExhausted,
    /// Deciding a correction number that is not in the store.
    #[error("no correction {0}")]
    CorrectionNotFound(u64),
    /// Deciding a correction that was approved or rejected already.
    #[error("correction {0} is decided already")]
    CorrectionDecided(u64),
    /// Asking for a correction of a member who has one waiting: one at a time, so that a supervisor
    /// decides on each against the record it was asked about.
    #[error("member {member_no} has correction {id} waiting")]
    CorrectionPending {
        /// The member.
        member_no: String,
        /// The correction waiting.
        id: u64,
    },
    /// Approving a correction whose member changed since it was asked for (a field no longer holds the
    /// value the correction starts from): it is not applied over the newer data. `0` for a request
    /// whose member changed while it was being filed.
    #[error("correction {0} no longer matches its member")]
    CorrectionStale(u64),
}

impl StoreError {
    /// Whether the store's data is damaged (a row that does not read, sled's own files that do not), as
    /// opposed to a refusal or a failure of the disk: the answer to it is restoring from a backup.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::Corrupt { .. } | StoreError::Sled(sled::Error::Corruption { .. })
        )
    }

    /// Whether the disk holding the data (or the batch file) is full (`ENOSPC`, or a quota): nothing of
    /// the call was reported saved. sled 0.34 keeps the first error of a write in its log and returns it
    /// (as a copy with the same [`std::io::ErrorKind`]) for every later write, even once space is free:
    /// the store must be opened again before it writes (`nssf_api::Desk::reopen`). Reads go on.
    pub fn is_disk_full(&self) -> bool {
        let full = |e: &std::io::Error| {
            matches!(
                e.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            )
        };
        match self {
            StoreError::Sled(sled::Error::Io(e))
            | StoreError::LogFile { source: e, .. }
            | StoreError::BatchFile { source: e, .. }
            | StoreError::UpgradeFiles { source: e, .. } => full(e),
            StoreError::Sled(_)
            | StoreError::UpgradeNeedsSpace { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Encode { .. }
            | StoreError::NotInitialised
            | StoreError::AlreadyInitialised
            | StoreError::InUse
            | StoreError::SchemaTooNew(_)
            | StoreError::DistrictCodeInvalid(_)
            | StoreError::DuplicateDocument { .. }
            | StoreError::MemberNotFound(_)
            | StoreError::MonthAlreadyCovered { .. }
            | StoreError::DayClosed(_)
            | StoreError::Conflict(_)
            | StoreError::ReceiptNotFound(_)
            | StoreError::AlreadyVoided(_)
            | StoreError::CounterExhausted
            | StoreError::CorrectionNotFound(_)
            | StoreError::CorrectionDecided(_)
            | StoreError::CorrectionPending { .. }
            | StoreError::CorrectionStale(_) => false,
        }
    }
}

/// What is wrong with a stored row (see [`StoreError::Corrupt`]).
#[derive(Debug, thiserror::Error)]
pub enum Damage {
    /// The value is not the record this tree holds (its JSON, or its binary encoding: `encoding.rs`).
    #[error("the value does not decode: {0}")]
    Json(#[from] serde_json::Error),
    /// A member or receipt still in JSON, the encoding of schema 4 and before, in a store of schema 5
    /// (binary records, `docs/store-layout.md`): the upgrade converts every one, so this row was written
    /// by a bug or put back by hand.
    #[error("the record is in the encoding of an older schema (JSON)")]
    OldEncoding,
    /// A key or value that holds text (a member or receipt number, a month) is not UTF-8.
    #[error("the text is not UTF-8")]
    NotText,
    /// A big-endian number has the wrong number of bytes.
    #[error("a number of {found} bytes where {expected} were expected")]
    Width {
        /// The width the tree's layout gives the number.
        expected: usize,
        /// The width found.
        found: usize,
    },
    /// The key lacks a part the tree's layout puts there (a `\0`-separated member number, a `YYYY-MM`).
    #[error("the key is not of the form {0}")]
    KeyLayout(&'static str),
    /// sled cannot read its own files (tree `sled`): a message of its log fails its checksum, or sled
    /// stopped with a panic on a page its checks did not catch (opening the store or checking it).
    #[error("sled cannot read its own files: {0}")]
    Unreadable(String),
    /// An index entry names a record that the record's own tree does not hold.
    #[error("it points at {key} in tree {tree}, which does not exist")]
    Dangling {
        /// The tree that should hold the record.
        tree: String,
        /// The record's key.
        key: String,
    },
}
