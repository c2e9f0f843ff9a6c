//! What a backup needs from the store, and what a restore does to a new one (`docs/backup-format.md`):
//! every row of every tree, read out and written back as bytes; the office's backup key (its public half
//! and its private half sealed with the backup passphrase, both in `meta`); the indexes rebuilt from the
//! records; and the successor step, which makes a restored folder a new workstation of the same office.
//!
//! The rows are copied as bytes, tree by tree, by sled's own tree names, so a tree added later (or one a
//! restore created, `predecessor/…`) travels without this module knowing its layout. The backup is
//! consistent because nothing else writes meanwhile: the command line holds sled's exclusive lock on the
//! folder for the whole run; the window (later) must pause its writes while it reads the rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use nssf_domain::payment::{Receipt, Void};

use crate::changelog::AuditAction;
use crate::encoding::decode;
use crate::{FieldChange, Office, Store, StoreError};

/// sled's own tree, which the store never writes.
const SLED_DEFAULT_TREE: &[u8] = b"__sled__default";

/// `meta` keys of the office's backup key.
const BACKUP_RECIPIENT_KEY: &str = "backup/recipient";
const BACKUP_SEALED_KEY: &str = "backup/sealed_identity";
/// `meta` key of the last backup that was written whole ([`GoodBackup`] JSON).
const LAST_GOOD_BACKUP_KEY: &str = "backup/last_good";
/// `meta` key naming the workstation this one succeeds (`DDDD-WW`), once restored as its successor.
const SUCCEEDS_KEY: &str = "succeeds";

/// The trees that hold a workstation's own sequence with the central office: its change log, its audit
/// chain and its batches. A successor starts them again (`docs/batch-format.md`, section 8); the
/// predecessor's rows move to `predecessor/DDDD-WW/<tree>`, kept and backed up, never sent again.
const JOURNAL_TREES: &[&str] = &[
    "changes",
    "audit",
    "audit_by_target",
    "exch_batches",
    "exch_files",
    "exch_rejected",
];

/// `exch_meta` keys a successor keeps: the central office's key is the same office's.
const KEPT_EXCHANGE_KEYS: &[&[u8]] = &[b"central_key"];

/// `meta` counters a successor starts again: its numbers carry its own workstation code (member and
/// receipt numbers) or its own sequence (changes, audit). Staff and correction counters are local and go on.
const RESTARTED_COUNTERS: &[&str] = &[
    "counter/member",
    "counter/change",
    "counter/audit",
    "audit/last_hash",
];
/// Receipt counters, one per year.
const RECEIPT_COUNTERS: &str = "counter/receipt/";

/// The audit target of a restore.
pub const OFFICE_TARGET: &str = "office";

/// One row of one tree, as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRow {
    /// The tree's name in sled.
    pub tree: String,
    /// The row's key.
    pub key: Vec<u8>,
    /// The row's value.
    pub value: Vec<u8>,
}

/// The office's backup key: backups are encrypted to `recipient`; `sealed_identity` is its private half
/// encrypted with the backup passphrase, which every backup carries in its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupKey {
    /// The public half (`age1…`).
    pub recipient: String,
    /// The private half, sealed with the passphrase (an age file, scrypt recipient).
    pub sealed_identity: Vec<u8>,
}

/// The last backup the window wrote whole (a backup that failed is not one): when, and the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GoodBackup {
    /// When it was made (the time in its header).
    pub at: DateTime<Utc>,
    /// The file written.
    pub file: String,
}

/// A store being filled from a backup, before it opens as an office ([`RestoringStore::finish`]).
#[derive(Debug)]
pub struct RestoringStore {
    dir: PathBuf,
    db: sled::Db,
    trees: HashMap<String, sled::Tree>,
    rows: u64,
}

/// What the successor step did ([`Store::become_successor`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    /// The workstation succeeded, `DDDD-WW`.
    pub predecessor: String,
    /// The predecessor's changes the central office had not acknowledged when the backup was made: they
    /// stay in `predecessor/DDDD-WW/changes` for the recovery to settle.
    pub unacknowledged_changes: u64,
}

impl Store {
    /// Every row of every tree (sled's own default tree aside), tree by tree in name order, each in key
    /// order.
    pub fn backup_rows(&self) -> impl Iterator<Item = Result<BackupRow, StoreError>> + '_ {
        let mut names: Vec<sled::IVec> = self
            .db
            .tree_names()
            .into_iter()
            .filter(|n| n.as_ref() != SLED_DEFAULT_TREE)
            .collect();
        names.sort();
        names.into_iter().flat_map(move |name| {
            let tree_name = String::from_utf8_lossy(&name).into_owned();
            let rows: Box<dyn Iterator<Item = Result<BackupRow, StoreError>>> =
                match self.db.open_tree(&name) {
                    Ok(tree) => Box::new(tree.iter().map(move |kv| {
                        let (k, v) = kv?;
                        Ok(BackupRow {
                            tree: tree_name.clone(),
                            key: k.to_vec(),
                            value: v.to_vec(),
                        })
                    })),
                    Err(e) => Box::new(std::iter::once(Err(StoreError::from(e)))),
                };
            rows
        })
    }

    /// The data folder this store lives in (sled's folder `db` is inside it).
    pub fn data_folder(&self) -> PathBuf {
        self.log
            .path
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The office's backup key, once the first backup made it.
    pub fn backup_key(&self) -> Result<Option<BackupKey>, StoreError> {
        let meta = &self.trees.meta;
        match (
            meta.get(BACKUP_RECIPIENT_KEY)?,
            meta.get(BACKUP_SEALED_KEY)?,
        ) {
            (Some(recipient), Some(sealed)) => Ok(Some(BackupKey {
                recipient: crate::encoding::text(
                    meta,
                    BACKUP_RECIPIENT_KEY.as_bytes(),
                    &recipient,
                )?,
                sealed_identity: sealed.to_vec(),
            })),
            _ => Ok(None),
        }
    }

    /// Records the office's backup key (the first backup), flushed before returning.
    pub fn set_backup_key(&self, key: &BackupKey) -> Result<(), StoreError> {
        let meta = &self.trees.meta;
        let mut batch = sled::Batch::default();
        batch.insert(BACKUP_RECIPIENT_KEY, key.recipient.as_bytes());
        batch.insert(BACKUP_SEALED_KEY, key.sealed_identity.as_slice());
        meta.apply_batch(batch)?;
        self.durable()
    }

    /// The last backup written whole, if any ([`Store::record_good_backup`]).
    pub fn last_good_backup(&self) -> Result<Option<GoodBackup>, StoreError> {
        let meta = &self.trees.meta;
        meta.get(LAST_GOOD_BACKUP_KEY)?
            .map(|v| decode(meta, LAST_GOOD_BACKUP_KEY.as_bytes(), &v))
            .transpose()
    }

    /// Records `backup` as the last backup written whole, flushed before returning. Not audited: it
    /// changes no record of the office, and travels in the next backup as a row of `meta`.
    pub fn record_good_backup(&self, backup: &GoodBackup) -> Result<(), StoreError> {
        let meta = &self.trees.meta;
        meta.insert(LAST_GOOD_BACKUP_KEY, crate::encoding::encode(meta, backup)?)?;
        self.durable()
    }

    /// The workstation this one succeeds (`DDDD-WW`), if it was restored as a successor.
    pub fn succeeds(&self) -> Result<Option<String>, StoreError> {
        let meta = &self.trees.meta;
        meta.get(SUCCEEDS_KEY)?
            .map(|v| crate::encoding::text(meta, SUCCEEDS_KEY.as_bytes(), &v))
            .transpose()
    }

    /// Reads every receipt and void, as the checks of a restored store do: a row that does not decode is
    /// [`StoreError::Corrupt`]. Returns how many receipts there are.
    pub fn check_ledger_rows(&self) -> Result<u64, StoreError> {
        let (receipts, voids) = (&self.trees.receipts, &self.trees.voids);
        let mut count = 0;
        for kv in receipts.iter() {
            let (k, v) = kv?;
            let _: Receipt = decode(receipts, &k, &v)?;
            count += 1;
        }
        for kv in voids.iter() {
            let (k, v) = kv?;
            let _: Void = decode(voids, &k, &v)?;
        }
        Ok(count)
    }

    /// Makes every index equal what the records say ([`Store::index_report`]); returns whether any differed.
    pub fn rebuild_indexes(&self) -> Result<bool, StoreError> {
        let expected = self.index_report()?;
        if expected == self.index_contents()? {
            return Ok(false);
        }
        let trees = &self.trees;
        let pairs = [
            (&trees.idx_document, &expected.documents),
            (&trees.idx_phone, &expected.phones),
            (&trees.idx_name, &expected.names),
            (&trees.idx_name_dob, &expected.name_dobs),
            (&trees.name_tokens, &expected.tokens),
        ];
        for (tree, rows) in pairs {
            tree.clear()?;
            let mut batch = sled::Batch::default();
            for (k, v) in rows {
                batch.insert(k.as_slice(), v.as_slice());
            }
            tree.apply_batch(batch)?;
        }
        self.durable()?;
        Ok(true)
    }

    /// Makes this restored store the successor of the workstation it was (`docs/batch-format.md`, section
    /// 8): the office's workstation becomes `workstation`; the member, receipt, change and audit counters
    /// start again (the new numbers carry the new code, so none is issued twice); the predecessor's change
    /// log, audit chain and batch records move to `predecessor/DDDD-WW/<tree>`; the new audit chain starts
    /// with a `restored` entry by `actor` at `at`. Meant for a folder just restored, not yet in use: the
    /// steps are not one transaction, and a restore that fails removes the folder it made.
    pub fn become_successor(
        &self,
        workstation: u8,
        actor: &str,
        at: DateTime<Utc>,
        backup_made: &str,
    ) -> Result<Succession, StoreError> {
        let old = self.office();
        let predecessor = format!("{}-{:02}", old.district_code, old.workstation);
        let acked_through = self.exchange_state()?.acked_through;
        let unacknowledged_changes = self
            .trees
            .changes
            .range((acked_through + 1).to_be_bytes()..)
            .count() as u64;
        for name in JOURNAL_TREES {
            let from = self.db.open_tree(name)?;
            let to = self
                .db
                .open_tree(format!("predecessor/{predecessor}/{name}"))?;
            copy_rows(&from, &to, |_| true)?;
            from.clear()?;
        }
        let exch_meta = &self.trees.exch_meta;
        let kept = |k: &[u8]| KEPT_EXCHANGE_KEYS.contains(&k);
        copy_rows(
            exch_meta,
            &self
                .db
                .open_tree(format!("predecessor/{predecessor}/exch_meta"))?,
            |k| !kept(k),
        )?;
        for kv in exch_meta.iter() {
            let (k, _) = kv?;
            if !kept(&k) {
                exch_meta.remove(k)?;
            }
        }
        let meta = &self.trees.meta;
        for name in RESTARTED_COUNTERS {
            meta.remove(name)?;
        }
        for kv in meta.scan_prefix(RECEIPT_COUNTERS) {
            let (k, _) = kv?;
            meta.remove(k)?;
        }
        meta.insert(SUCCEEDS_KEY, predecessor.as_bytes())?;
        let office = Office {
            workstation,
            ..Office::clone(&old)
        };
        crate::office::write(meta, &office)?;
        *self.office.write().unwrap_or_else(PoisonError::into_inner) = std::sync::Arc::new(office);
        self.durable()?;
        self.append_audit(
            at,
            actor,
            AuditAction::Restored,
            OFFICE_TARGET,
            vec![
                FieldChange {
                    field: "workstation".into(),
                    before: format!("{:02}", old.workstation),
                    after: format!("{workstation:02}"),
                },
                FieldChange {
                    field: "succeeds".into(),
                    before: String::new(),
                    after: predecessor.clone(),
                },
                FieldChange {
                    field: "backup".into(),
                    before: String::new(),
                    after: backup_made.to_owned(),
                },
            ],
        )?;
        // The audit counter went back to the successor's own: the witness of how far the store goes
        // (`confirmed`) starts again with it, or the next open would take the store for one sled cut short.
        self.log.confirmed.restart(&self.trees.meta);
        Ok(Succession {
            predecessor,
            unacknowledged_changes,
        })
    }

    /// Starts filling a new store in `dir` (which must hold no `db` yet) from a backup's rows.
    pub fn begin_restore(dir: &Path) -> Result<RestoringStore, StoreError> {
        if dir.join("db").exists() {
            return Err(StoreError::AlreadyInitialised);
        }
        let db = crate::sled_config(&dir.join("db")).open()?;
        Ok(RestoringStore {
            dir: dir.to_path_buf(),
            db,
            trees: HashMap::new(),
            rows: 0,
        })
    }
}

/// Copies the rows of `from` whose key `keep` admits into `to`, in one batch.
fn copy_rows(
    from: &sled::Tree,
    to: &sled::Tree,
    keep: impl Fn(&[u8]) -> bool,
) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for kv in from.iter() {
        let (k, v) = kv?;
        if keep(&k) {
            batch.insert(k, v);
        }
    }
    to.apply_batch(batch)?;
    Ok(())
}

impl RestoringStore {
    /// Writes one row (not yet flushed).
    pub fn insert(&mut self, row: &BackupRow) -> Result<(), StoreError> {
        if row.tree.as_bytes() == SLED_DEFAULT_TREE {
            return Err(StoreError::Conflict(format!("tree {}", row.tree)));
        }
        let tree = match self.trees.get(&row.tree) {
            Some(tree) => tree,
            None => {
                let tree = self.db.open_tree(&row.tree)?;
                self.trees.entry(row.tree.clone()).or_insert(tree)
            }
        };
        tree.insert(row.key.as_slice(), row.value.as_slice())?;
        self.rows += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes the rows and opens the result as an office store (migrating an older schema, refusing a
    /// newer one or one without its office record).
    pub fn finish(self) -> Result<Store, StoreError> {
        self.db.flush()?;
        drop(self.trees);
        drop(self.db);
        Store::open(&self.dir)
    }
}
