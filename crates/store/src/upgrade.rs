//! The schema 5 upgrade: a store of schema 4 (every record JSON) is copied into a new store whose members
//! and receipts are binary records (`encoding.rs`), beside the old one, and the new one takes its place.
//! Layout and reasons: `docs/store-layout.md`.
//!
//! The steps, each leaving a folder that the next open finishes or starts again:
//! 1. Room for the copy is checked (the old store's size free, [`StoreError::UpgradeNeedsSpace`]).
//! 2. `db.partial/` is built: every tree copied row by row, members and receipts re-encoded, the derived
//!    trees (member indexes, day summaries) left out and rebuilt from the copied records by their owners'
//!    rebuilds, stamped with schema 5, flushed and synced. A crash here leaves the old `db/` untouched
//!    and a `db.partial/` without its mark, which the next open removes before upgrading again.
//! 3. The mark `db.partial/upgraded` is written and synced: from here the new store is the store.
//! 4. `db/` moves into `before-upgrade-schema-4-YYYYMMDD/` (the automatic pre-upgrade backup: a program of
//!    schema 4 opens it as a data folder; older ones of these folders are removed, the last one is kept).
//! 5. `db.partial/` is renamed `db/`, the mark removed. A crash between 3 and 5 is finished by the next
//!    open ([`tidy`]), which finds the marked `db.partial/`.

use std::path::{Path, PathBuf};

use nssf_domain::{Member, Receipt};
use serde::Serialize;

use crate::encoding::{binary, decode};
use crate::schema::{IN_PLACE_UNTIL, VERSION_KEY};
use crate::{Store, StoreError, SCHEMA_VERSION};

/// sled's folder in a data folder.
const DB: &str = "db";
/// The new store while it is built.
const PARTIAL: &str = "db.partial";
/// The file in `db.partial/` that says it is complete.
const MARK: &str = "upgraded";
/// The start of the pre-upgrade backup folders' names.
const BACKUP_PREFIX: &str = "before-upgrade-schema-";
/// The space a data folder holds back for a full disk (`nssf_api`'s `reopen.rs`): not copied.
const RESERVE: &str = "disk-reserve";
/// sled's own tree, which the store never writes.
const SLED_DEFAULT_TREE: &[u8] = b"__sled__default";
/// Trees derived from the records, rebuilt rather than copied: the member indexes (helper "search",
/// `member_index.rs`) and the day summaries (`outreach/day_summary.rs`), so that a layout change of
/// theirs at this upgrade needs no copy step of its own.
const DERIVED_TREES: &[&[u8]] = &[
    b"idx_document",
    b"idx_phone",
    b"idx_name",
    b"idx_name_dob",
    b"name_tokens",
    b"day_summaries",
];
/// Rows copied per sled batch: memory stays small whatever the store's size.
const BATCH_ROWS: usize = 5_000;
/// Rows copied between two flushes of the new store.
const FLUSH_ROWS: u64 = 100_000;

/// What the upgrade is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpgradeStage {
    /// Rows copied into the new store (`done` of `total` rows).
    Copying,
    /// The member indexes rebuilt from the copied records (`done` of `total` steps).
    Indexing,
    /// The new store synced and put in place of the old one.
    Finishing,
}

/// One step of the upgrade's progress: `done` of `total` in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UpgradeProgress {
    /// The stage.
    pub stage: UpgradeStage,
    /// How much of the stage is done.
    pub done: u64,
    /// How much the stage has in all.
    pub total: u64,
}

/// How [`Store::open_upgrading`] reports an upgrade and what it takes the disk to hold.
pub struct Upgrade<'a> {
    /// Called as the upgrade goes on; never called when the store needs no upgrade.
    pub progress: &'a (dyn Fn(UpgradeProgress) + Sync),
    /// The bytes free on the data folder's disk; `None` asks the operating system. Tests give a figure to
    /// see the refusal without filling a disk.
    pub available_bytes: Option<u64>,
}

impl Upgrade<'_> {
    /// No progress reported, the disk's real free space.
    pub fn quiet() -> Upgrade<'static> {
        Upgrade {
            progress: &|_| {},
            available_bytes: None,
        }
    }
}

impl std::fmt::Debug for Upgrade<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upgrade")
            .field("available_bytes", &self.available_bytes)
            .finish_non_exhaustive()
    }
}

/// An I/O failure of the upgrade on `path`.
fn files(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::UpgradeFiles {
        path: path.to_owned(),
        source,
    }
}

/// Finishes or discards an upgrade a crash interrupted: a marked `db.partial/` is the new store (put in
/// place); an unmarked one is an incomplete copy (removed, the old store is whole). Refuses with
/// [`StoreError::InUse`] while another program builds it.
pub(crate) fn tidy(dir: &Path) -> Result<(), StoreError> {
    let partial = dir.join(PARTIAL);
    if !partial.exists() {
        return Ok(());
    }
    // Another process building it holds sled's lock on its file.
    crate::wait_until_released(&partial.join(DB))?;
    if partial.join(MARK).exists() {
        put_in_place(dir, &folder_version_label(dir))
    } else {
        std::fs::remove_dir_all(&partial).map_err(files(&partial))?;
        sync_folder(dir)
    }
}

/// The name of the pre-upgrade backup folder: the schema it holds and the day it was made (UTC, from the
/// system clock: the name is for a person looking in the folder, no rule reads it).
fn folder_version_label(dir: &Path) -> PathBuf {
    let day = chrono::Utc::now().format("%Y%m%d");
    let base = format!("{BACKUP_PREFIX}{IN_PLACE_UNTIL}-{day}");
    let mut path = dir.join(&base);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}"));
        n += 1;
    }
    path
}

/// Steps 4 and 5: the old store into the backup folder (if still there), the new one in its place.
fn put_in_place(dir: &Path, backup: &Path) -> Result<(), StoreError> {
    let (db, partial) = (dir.join(DB), dir.join(PARTIAL));
    if db.exists() {
        std::fs::create_dir_all(backup).map_err(files(backup))?;
        rename(&db, &backup.join(DB))?;
        copy_folder_files(dir, backup)?;
        sync_folder(backup)?;
    }
    rename(&partial, &db)?;
    sync_folder(dir)?;
    let mark = db.join(MARK);
    if mark.exists() {
        std::fs::remove_file(&mark).map_err(files(&mark))?;
    }
    keep_last_backup(dir, backup)
}

/// Copies the data folder's own files (the office key; not the disk reserve, not the folders such as
/// `batches/`, which the upgrade leaves alone and which can be large) beside the old store, so that the
/// program of the old schema opens the backup folder as a data folder.
fn copy_folder_files(dir: &Path, backup: &Path) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(dir).map_err(files(dir))? {
        let entry = entry.map_err(files(dir))?;
        let is_file = entry.file_type().map_err(files(&entry.path()))?.is_file();
        if !is_file || entry.file_name() == RESERVE {
            continue;
        }
        let to = backup.join(entry.file_name());
        std::fs::copy(entry.path(), &to).map_err(files(&to))?;
        std::fs::File::open(&to)
            .and_then(|f| f.sync_all())
            .map_err(files(&to))?;
    }
    Ok(())
}

/// Removes older pre-upgrade backup folders: the last one is kept.
fn keep_last_backup(dir: &Path, kept: &Path) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(files(dir))?;
    for entry in entries {
        let path = entry.map_err(files(dir))?.path();
        let is_backup = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(BACKUP_PREFIX));
        if is_backup && path != kept && kept.exists() {
            std::fs::remove_dir_all(&path).map_err(files(&path))?;
        }
    }
    Ok(())
}

/// A rename that waits a moment for a folder sled has just released (Windows refuses to rename a folder
/// holding an open file; sled's threads close theirs a moment after the store is dropped).
fn rename(from: &Path, to: &Path) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match std::fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => return Err(files(from)(e)),
        }
    }
}

/// Syncs a folder's entries (a rename is durable once its folder is synced). Windows cannot open a
/// folder as a file; NTFS journals renames itself.
fn sync_folder(dir: &Path) -> Result<(), StoreError> {
    if cfg!(windows) {
        return Ok(());
    }
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(files(dir))
}

/// The bytes of the files under `dir`.
fn folder_bytes(dir: &Path) -> Result<u64, StoreError> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(files(dir))? {
        let entry = entry.map_err(files(dir))?;
        let meta = entry.metadata().map_err(files(&entry.path()))?;
        total += if meta.is_dir() {
            folder_bytes(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// Steps 1 to 5 on `old`, a store of schema 4 in `dir` (consumed: it must be closed before it moves).
pub(crate) fn to_schema_5(dir: &Path, old: Store, upgrade: &Upgrade<'_>) -> Result<(), StoreError> {
    let partial = dir.join(PARTIAL);
    let needed = folder_bytes(&dir.join(DB))?;
    let available = match upgrade.available_bytes {
        Some(bytes) => bytes,
        None => fs2::available_space(dir).map_err(files(dir))?,
    };
    if available < needed {
        return Err(StoreError::UpgradeNeedsSpace { needed, available });
    }
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(files(&partial))?;
    }
    std::fs::create_dir_all(&partial).map_err(files(&partial))?;
    copy(&old, &partial, upgrade)?;
    drop(old);
    let mark = partial.join(MARK);
    std::fs::File::create(&mark)
        .and_then(|f| f.sync_all())
        .map_err(files(&mark))?;
    sync_folder(&partial)?;
    // sled's lock on the new store's file goes with its last thread: wait, so that the rename finds it free.
    crate::wait_until_released(&partial.join(DB))?;
    crate::wait_until_released(&dir.join(DB).join(DB))?;
    (upgrade.progress)(UpgradeProgress {
        stage: UpgradeStage::Finishing,
        done: 0,
        total: 1,
    });
    put_in_place(dir, &folder_version_label(dir))?;
    (upgrade.progress)(UpgradeProgress {
        stage: UpgradeStage::Finishing,
        done: 1,
        total: 1,
    });
    Ok(())
}

/// Step 2: the new store in `partial`, whole, flushed and synced, then closed.
fn copy(old: &Store, partial: &Path, upgrade: &Upgrade<'_>) -> Result<(), StoreError> {
    let names: Vec<sled::IVec> = old
        .db
        .tree_names()
        .into_iter()
        .filter(|n| n.as_ref() != SLED_DEFAULT_TREE && !DERIVED_TREES.contains(&n.as_ref()))
        .collect();
    let mut total = 0u64;
    for name in &names {
        total += old.db.open_tree(name)?.len() as u64;
    }
    let db = crate::sled_config(partial).open()?;
    let mut done = 0u64;
    let mut unflushed = 0u64;
    for name in &names {
        let from = old.db.open_tree(name)?;
        let to = db.open_tree(name)?;
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for kv in from.iter() {
            let (k, v) = kv?;
            let value = match name.as_ref() {
                b"members" => binary(&to, &decode::<Member>(&from, &k, &v)?)?,
                b"receipts" => binary(&to, &decode::<Receipt>(&from, &k, &v)?)?,
                _ => v.to_vec(),
            };
            batch.insert(k, value);
            in_batch += 1;
            done += 1;
            if in_batch == BATCH_ROWS {
                to.apply_batch(std::mem::take(&mut batch))?;
                in_batch = 0;
                unflushed += BATCH_ROWS as u64;
                if unflushed >= FLUSH_ROWS {
                    unflushed = 0;
                    // sled holds written pages in memory until a flush writes them out: without this
                    // the copy of a 100,000-member store peaked at 2.5 GB.
                    db.flush()?;
                }
                (upgrade.progress)(UpgradeProgress {
                    stage: UpgradeStage::Copying,
                    done,
                    total,
                });
            }
        }
        to.apply_batch(batch)?;
    }
    (upgrade.progress)(UpgradeProgress {
        stage: UpgradeStage::Copying,
        done,
        total,
    });
    db.open_tree("meta")?
        .insert(VERSION_KEY, &SCHEMA_VERSION.to_be_bytes())?;
    db.flush()?;
    drop(db);
    // The copy opened as a store: its own log synced, its `confirmed` witness written, its derived trees
    // rebuilt by their owners.
    let (db, log, trees) = crate::open_db_at(partial)?;
    let office = crate::office::read(&trees.meta)?.ok_or(StoreError::NotInitialised)?;
    let new = Store::assemble(db, log, trees, office)?;
    (upgrade.progress)(UpgradeProgress {
        stage: UpgradeStage::Indexing,
        done: 0,
        total: 1,
    });
    new.rebuild_member_indexes()?;
    new.rebuild_day_summaries()?; // reports: the closed days' summaries (outreach/day_summary.rs)
    (upgrade.progress)(UpgradeProgress {
        stage: UpgradeStage::Indexing,
        done: 1,
        total: 1,
    });
    new.durable()?;
    new.log.confirmed.restart(&new.trees.meta);
    Ok(())
}
