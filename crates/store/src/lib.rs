//! The office's store, on sled 0.34: one tree per relation, secondary indexes, a change log and an audit
//! trail, all written in one multi-tree transaction and flushed before the caller reports success.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let office = nssf_store::Office { district_code: "0101".into(), workstation: 1, hospitals: vec![], settings: Default::default() };
//! let store = nssf_store::Store::create(dir.path(), &office).unwrap();
//! assert_eq!(store.office().district_code, "0101");
//! assert_eq!(store.member_count(), 0);
//! ```
//!
//! Trees and keys (all keys are bytes that sort in the order they are scanned):
//! - `meta`: `schema_version`, `office`, counters `counter/member`, `counter/change`, `counter/audit`,
//!   `counter/receipt/YYYY` (u64 BE).
//! - `members`: member number (`DDDD-WW-NNNNNNN-C`) → member, a binary record (schema 5: tag byte then
//!   postcard, `encoding.rs`). The member number is the primary key, so the member-number index is the
//!   tree itself.
//! - `idx_document`: `NUMBER/kind` → member number (unique: the transaction refuses a second holder).
//! - `idx_phone`: E.164 `\0` member number → empty.
//! - `idx_name`: folded name token `\0` member number → empty (tokens of both scripts); `\x01` phonetic key
//!   `\0` member number (Lao tokens romanised: `docs/search.md`); `\x02` token reversed `\0` member number
//!   (tokens of 4 characters or more, for typos near a token's start).
//! - `idx_name_dob`: folded full name `\0` birth date `\0` member number → empty (duplicate warnings); also
//!   `\x01` the full name's phonetic keys `\0` birth date `\0` member number (schema 4).
//! - `name_tokens`: member number → the member's folded tokens, `\n`-separated, each with its phonetic key
//!   after a tab (schema 4; ranking without decoding).
//! - `changes`: change sequence (u64 BE) → [`ChangeEntry`](nssf_domain::change::ChangeEntry) JSON: what
//!   the weekly batch sends.
//! - `audit`: sequence (u64 BE) → [`AuditEntry`] JSON: who did what, when; one hash chain, each entry
//!   naming the hash of the one before (`docs/audit-trail.md`); `meta` keeps `audit/last_hash` (32 bytes).
//! - `audit_by_target`: target `\0` sequence (u64 BE) → empty: a target's history.
//! - `bases`: member number `\0` `YYYY-MM` → income base (i64 BE) from that month on.
//! - `receipts`: receipt number → receipt, a binary record like members' (never changed once written).
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
//! - `reference`: issue (u64 BE) → [`AppliedReference`] JSON, the central office's signed reference files
//!   applied here; `last` → the issue in force (u64 BE). Absent in folders that never applied one.
//! - `corrections`: corrections of members' identity fields waiting for or decided by a supervisor
//!   (layout in `corrections.rs`); numbered by `counter/correction` in `meta`.
//! - `staff`: staff id → [`StaffAccount`] JSON (roles by name, the argon2id hash, lockout state); how many
//!   were ever added is `counter/staff` in `meta`. Absent (empty) in folders without staff accounts.
//!
//! Schema 5 (`docs/store-layout.md`): members and receipts are binary records; a folder of schema 4 or
//! before is upgraded at open by copying it beside the old one (`upgrade.rs`), the old store kept as
//! `before-upgrade-schema-4-YYYYMMDD/`.
//!
//! A row that does not read back as its tree's layout says is an error naming the tree and key
//! ([`StoreError::Corrupt`]), never skipped.
//!
//! Modules: `trees` (the named trees), `encoding` (bytes of keys and values), `office`, `schema`
//! (version and migrations), `upgrade` (the copying upgrade to schema 5), `reference` (the national reference files applied), `members` and
//! `member_index`, `changelog` (change log and audit trail), `search`, `ledger` (payments, voids, bases, day closes), `cards`, `exchange`.

#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

mod backup;
mod blobs;
mod cards;
mod changelog;
mod check;
mod confirmed;
mod corrections;
mod encoding;
mod error;
pub mod exchange;
mod ledger;
mod member_index;
mod members;
mod office;
mod outreach;
mod recover;
mod reference;
mod schema;
mod search;
mod staff;
mod trees;
mod upgrade;

pub use backup::{BackupKey, BackupRow, GoodBackup, RestoringStore, Succession, OFFICE_TARGET};
pub use cards::{CardIssue, CardReason};
pub use changelog::{
    AuditAction, AuditEntry, AuditFilter, AuditVerdict, ChainBreak, FieldChange,
    AUDIT_HASH_VERSION, CENTRAL_KEY_TARGET, GENESIS_HASH,
};
pub use check::{Damaged, StoreCheck};
pub use corrections::{
    Correction, CorrectionChange, CorrectionDecision, CorrectionRequest, Verdict,
};
pub use error::{Damage, StoreError};
pub use exchange::{ExchangeState, ExportedBatch};
pub use ledger::{DayActivity, MemberLedger, PaymentDraft};
pub use member_index::{member_phonetic_keys, member_tokens, name_dob_keys, IndexReport};
pub use office::{Hospital, Office, Settings};
pub use outreach::{MemberContributions, MembersWithContributions, ReceiptTotal};
pub use recover::{Recovered, RecoveredBase, Recovery};
pub use reference::{AppliedReference, ReferencePlace};
pub use schema::SCHEMA_VERSION;
pub use search::{NameMatch, NameMatchKind, CANDIDATE_CAP};
pub use staff::{staff_target, StaffAccount, StaffPlace};
pub use upgrade::{Upgrade, UpgradeProgress, UpgradeStage};

use trees::Trees;

/// Whether a write waits for the disk. Registrations at the counter are durable; the demo generator and
/// benchmark loaders write in bulk and flush once at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The call returns once the write is on the medium ([`Store::flush`] inside the call).
    FlushEach,
    /// The call returns once the write is in sled; the caller calls [`Store::flush`] after the batch.
    Deferred,
}

/// sled's log file, kept open so that [`Store::flush`] can `sync_data` it.
#[derive(Debug)]
pub(crate) struct SyncedLog {
    path: PathBuf,
    file: std::fs::File,
    /// How far the store went when a write was last reported saved (`confirmed`).
    confirmed: confirmed::Confirmed,
}

impl SyncedLog {
    fn open(path: PathBuf, meta: &sled::Tree) -> Result<SyncedLog, StoreError> {
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
        {
            Ok(file) => Ok(SyncedLog {
                confirmed: confirmed::Confirmed::open(
                    path.parent().unwrap_or(Path::new(".")),
                    meta,
                )?,
                path,
                file,
            }),
            Err(source) => Err(StoreError::LogFile { path, source }),
        }
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.file.sync_data().map_err(|source| StoreError::LogFile {
            path: self.path.clone(),
            source,
        })
    }
}

/// An open office store. Cheap to clone and share between threads: sled is internally synchronised.
#[derive(Debug, Clone)]
pub struct Store {
    db: sled::Db,
    /// sled 0.34's flush ends in `sync_file_range`, which does not empty the disk's write cache, so a
    /// power cut could lose a write we reported saved: every flush also syncs this file.
    log: Arc<SyncedLog>,
    /// sled never syncs the files it keeps its largest pages in (see `blobs`): every flush does.
    blobs: Arc<blobs::BlobSync>,
    /// The office, read once at open and replaced only by [`Store::set_settings`]: every registration,
    /// receipt and view needs it (workstation, hospitals, settings), so it is not read from sled each time.
    office: Arc<RwLock<Arc<Office>>>,
    /// The office's district as member and receipt numbers carry it.
    district: u16,
    trees: Trees,
}

impl Store {
    /// Opens an existing office store, migrating an older schema (schema 4 and before are upgraded by
    /// copying: [`Store::open_upgrading`], here without progress). Refuses a folder without a store or
    /// without its office record ([`StoreError::NotInitialised`]), a newer schema, and a store whose log
    /// it cannot sync ([`StoreError::LogFile`]).
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_upgrading(dir, &Upgrade::quiet())
    }

    /// [`Store::open`], reporting the schema 5 upgrade's progress to `upgrade` when the store needs it,
    /// and refusing it ([`StoreError::UpgradeNeedsSpace`]) on a disk without room for the copy. An upgrade
    /// a crash interrupted is finished or started again first (`upgrade.rs`).
    pub fn open_upgrading(dir: &Path, upgrade: &Upgrade<'_>) -> Result<Store, StoreError> {
        upgrade::tidy(dir)?;
        if !dir.join("db").exists() {
            return Err(StoreError::NotInitialised);
        }
        let store = Store::open_as_is(dir)?;
        if store.migrate()? {
            return Ok(store);
        }
        upgrade::to_schema_5(dir, store, upgrade)?;
        let store = Store::open_as_is(dir)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the store in `dir` as it is, without migrating.
    fn open_as_is(dir: &Path) -> Result<Store, StoreError> {
        unpanicked(|| {
            let (db, log, trees) = open_db_at(&dir.join("db"))?;
            let office = office::read(&trees.meta)?.ok_or(StoreError::NotInitialised)?;
            Store::assemble(db, log, trees, office)
        })
    }

    /// Creates the store of a new office, stamped with [`SCHEMA_VERSION`] and flushed before returning.
    /// A folder whose store has no office record yet (an interrupted first run) is finished.
    pub fn create(dir: &Path, office: &Office) -> Result<Store, StoreError> {
        office.district()?;
        let (db, log, trees) = open_db_at(&dir.join("db"))?;
        if office::is_recorded(&trees.meta)? {
            return Err(StoreError::AlreadyInitialised);
        }
        let store = Store::assemble(db, log, trees, office.clone())?;
        store.stamp(SCHEMA_VERSION)?;
        office::write(&store.trees.meta, office)?;
        store.durable()?;
        store.log.confirmed.restart(&store.trees.meta);
        Ok(store)
    }

    fn assemble(
        db: sled::Db,
        log: SyncedLog,
        trees: Trees,
        office: Office,
    ) -> Result<Store, StoreError> {
        Ok(Store {
            db,
            blobs: Arc::new(blobs::BlobSync::new(
                log.path.parent().map(Path::to_path_buf).unwrap_or_default(),
            )),
            log: Arc::new(log),
            district: office.district()?,
            office: Arc::new(RwLock::new(Arc::new(office))),
            trees,
        })
    }

    /// The office this folder belongs to, as it is now (an admin may change its settings meanwhile).
    pub fn office(&self) -> Arc<Office> {
        Arc::clone(&self.office.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Blocks until everything written so far is on disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.durable()
    }

    /// sled's flush, then a sync of its log so the data is on the medium, not in the disk's cache. The
    /// blob files the log points to are synced first (sled writes them before the log entry naming them).
    fn durable(&self) -> Result<(), StoreError> {
        let confirmed = confirmed::Confirmed::before_flush(&self.trees.meta);
        self.blobs.sync()?;
        self.db.flush()?;
        self.log.sync()?;
        self.log.confirmed.record(confirmed);
        Ok(())
    }
}

/// Runs `read` (opening sled, reading its files), turning sled's damage into a damaged row of the tree
/// `sled`: its corruption error (a message of its log fails its CRC; its `Display` is a debug dump), and
/// a panic inside it. sled 0.34 checks each message of its log against a CRC, but a damaged page that
/// passes (a flipped length or pointer) could make it panic while recovering: a clerk must see that the
/// store is damaged, not a crash. The panic's message goes to the error so that it is not lost.
pub(crate) fn unpanicked<T>(read: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let unreadable = |why: String| StoreError::Corrupt {
        tree: "sled".into(),
        // sled keeps its log and pages in this one file of the data folder.
        key: "db/db".into(),
        damage: Damage::Unreadable(why),
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
        Ok(Err(StoreError::Sled(sled::Error::Corruption { at, .. }))) => {
            Err(unreadable(match at {
                Some(at) => format!("a message of its log fails its checksum, at {at:?}"),
                None => "a message of its log fails its checksum".to_owned(),
            }))
        }
        Ok(done) => done,
        Err(panic) => Err(unreadable(
            panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default(),
        )),
    }
}

/// sled's page cache: what a registration, a lookup or a search reads stays in memory up to this.
const CACHE_MB: u64 = 256;
/// sled's segment (log file chunk) size for new stores, chosen by measurement against sled's default
/// 512 KiB and 16 MiB (`docs/benchmarks.md`, "sled's settings"): 8 MiB left the 100,000-member store
/// 29% smaller on disk, with the same commit, lookup and search times; 16 MiB saved 10% more but the
/// open after a crash was slower again (on a busier machine; the goal there is 2 s, and was met at 1M
/// with 8 MiB: 1.21 s).
///
/// sled's page compression (its `compression` feature, zstd) was measured too and left off: it made the
/// store 2.7–2.8 times smaller, but the durable registration twice as slow, the load two to three times
/// as slow and, with 8 MiB segments, the open after a crash over 2 s: sled compresses every log fragment
/// on its own, each with a new zstd context.
const SEGMENT_KB: usize = 8 * 1024;

/// Reads sled 0.34's `conf` (`segment_size: N`, `use_compression: B`, `version: …` lines, then a CRC)
/// for the segment size a folder was made with, which sled refuses to open with another: `None` for a
/// new folder, or one whose `conf` sled would not read either (it then writes its own).
fn made_with_segment(sled_dir: &Path) -> Option<usize> {
    let bytes = std::fs::read(sled_dir.join("conf")).ok()?;
    let text = String::from_utf8_lossy(bytes.get(..bytes.len().checked_sub(4)?)?).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("segment_size: "))?
        .trim()
        .parse()
        .ok()
}

/// sled's settings for an office store in `sled_dir` (also a restore's and the upgrade's new store): a
/// folder sled already made keeps the segment size it was made with (stores made before schema 5's
/// upgrade have sled's default, 512 KiB); a new one gets [`SEGMENT_KB`].
///
/// For measuring other settings on new stores (`docs/benchmarks.md`): `NSSF_SLED_CACHE_MB`,
/// `NSSF_SLED_SEGMENT_KB`.
pub(crate) fn sled_config(sled_dir: &Path) -> sled::Config {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let segment_size = made_with_segment(sled_dir)
        .unwrap_or_else(|| var("NSSF_SLED_SEGMENT_KB").map_or(SEGMENT_KB, |kb| kb as usize) * 1024);
    sled::Config::new()
        .path(sled_dir)
        .cache_capacity(var("NSSF_SLED_CACHE_MB").unwrap_or(CACHE_MB) * 1024 * 1024)
        .segment_size(segment_size)
}

/// Opens the sled database of a store's folder (`DATA/db`) with the settings it was made with, below
/// the store: for tools and tests that read or damage rows directly. The office's code goes through
/// [`Store`].
pub fn open_sled(sled_dir: &Path) -> sled::Result<sled::Db> {
    sled_config(sled_dir).open()
}

/// Opens sled in `sled_dir` (`DATA/db`), every tree, and sled's log file for syncing.
pub(crate) fn open_db_at(sled_dir: &Path) -> Result<(sled::Db, SyncedLog, Trees), StoreError> {
    // sled's own background flush stays on as a safety net; durability comes from our explicit flushes.
    wait_until_released(&sled_dir.join("db"))?;
    let db = sled_config(sled_dir).open()?;
    let trees = Trees::open(&db)?;
    // sled 0.34 keeps its log and pages in the file `db` inside its folder.
    let log = SyncedLog::open(sled_dir.join("db"), &trees.meta)?;
    Ok((db, log, trees))
}

/// How long opening waits for a lock held by a store that is closing.
const RELEASE_WAIT: Duration = Duration::from_secs(5);

/// Waits until no one holds sled's lock on its file `db`, or refuses with [`StoreError::InUse`]. sled
/// takes an exclusive lock on the file (`flock` on Unix, `LockFileEx` on Windows, as `File::try_lock`
/// does) and releases it only when its last background thread lets go, a moment after the store is
/// dropped: without the wait, reopening right after closing (a restart, a restore) fails with sled's
/// untyped I/O error. Our probe lock is released before sled takes its own.
pub(crate) fn wait_until_released(file: &Path) -> Result<(), StoreError> {
    let deadline = Instant::now() + RELEASE_WAIT;
    loop {
        let probe = match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(file)
        {
            Ok(probe) => probe,
            // A new folder: sled creates the file.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(StoreError::LogFile {
                    path: file.to_owned(),
                    source,
                })
            }
        };
        match probe.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(StoreError::InUse),
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::LogFile {
                    path: file.to_owned(),
                    source,
                })
            }
        }
    }
}

pub use nssf_domain::sha256_hex;
