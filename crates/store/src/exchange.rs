//! The office's side of the weekly batch: which batches were written (their exact bytes, so any batch can
//! be written again byte for byte), how far the central office has acknowledged the change log, the
//! records it rejected, and the central office's public key. The batch format itself lives in
//! `nssf-exchange`; this module only keeps bytes and numbers.
//!
//! Trees: `exch_meta` (`acked_through`, `last_batch`, `audit_acked_through` as u64 BE; `central_key`, `acked_at` (RFC 3339, when
//! the last acknowledgement that changed anything was applied) as text),
//! `exch_batches` (batch number u64 BE → the batch's description, JSON made by the caller),
//! `exch_files` (batch number u64 BE → the lower-case hex SHA-256 of the file's bytes), `exch_rejected`
//! (change sequence u64 BE → the rejection, JSON made by the caller).
//!
//! The batch files themselves are kept out of sled, in the folder `batches` beside sled's folder `db`,
//! named `NNNNNN-SHA256.batch`. sled 0.34 writes a page over a quarter of its log segment (128 KiB in
//! stores of schema 1: any batch of a busy week, or the leaf holding it) to a separate file under `db/blobs/` and never syncs that file or its folder itself.
//! Our flush syncs them (`blobs`), but sled's own background flush may make the log naming a blob durable
//! before that; a batch, which must survive whatever happens, does not depend on it. A batch file here is written under a temporary
//! name, synced, renamed and its folder synced before the row naming it is written; the hash in the name
//! keeps two concurrent exports of the same number from overwriting each other's file. Stores of schema
//! 1 kept the bytes in `exch_files`; the migration to schema 2 (`move_batch_files_out_of_sled`) moves
//! them here.

use std::io::Write;
use std::path::{Path, PathBuf};

use sled::transaction::abort;
use sled::{Transactional, Tree};

use crate::blobs::sync_folder;
use crate::encoding::{dangling, text, u64_be};
use crate::trees::flatten;
use crate::{sha256_hex, Store, StoreError};

/// The folder of batch files inside the data folder.
const BATCH_FOLDER: &str = "batches";

/// A number kept in `exch_meta` (absent means none yet: 0).
fn number(meta: &Tree, name: &str) -> Result<u64, StoreError> {
    meta.get(name)?
        .map_or(Ok(0), |v| u64_be(meta, name.as_bytes(), &v))
}

/// A text kept in `exch_meta`, if set.
fn words(meta: &Tree, name: &str) -> Result<Option<String>, StoreError> {
    meta.get(name)?
        .map(|v| text(meta, name.as_bytes(), &v))
        .transpose()
}

/// Every row of a tree keyed by a u64 BE number, in order: (number, bytes).
fn numbered_rows(tree: &Tree) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
    tree.iter()
        .map(|kv| {
            let (k, v) = kv?;
            Ok((u64_be(tree, &k, &k)?, v.to_vec()))
        })
        .collect()
}

/// Where the office stands with the central office.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExchangeState {
    /// Every change with a sequence up to this one is acknowledged (accepted, duplicate or rejected).
    pub acked_through: u64,
    /// The number of the last batch written (0 before the first).
    pub last_batch: u64,
    /// The central office's public-key file, once installed.
    pub central_key: Option<String>,
    /// When the last acknowledgement that went further was applied (RFC 3339), if any.
    pub acked_at: Option<String>,
}

/// A batch as recorded when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedBatch {
    /// The caller's description of the batch (JSON).
    pub description: Vec<u8>,
    /// The file's bytes exactly as handed out.
    pub file: Vec<u8>,
}

impl Store {
    /// Where the office stands with the central office.
    pub fn exchange_state(&self) -> Result<ExchangeState, StoreError> {
        let meta = &self.trees.exch_meta;
        Ok(ExchangeState {
            acked_through: number(meta, "acked_through")?,
            last_batch: number(meta, "last_batch")?,
            central_key: words(meta, "central_key")?,
            acked_at: words(meta, "acked_at")?,
        })
    }

    /// Descriptions of every batch written, by number (oldest first).
    pub fn exported_batches(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        numbered_rows(&self.trees.exch_batches)
    }

    /// A batch written earlier: its description and its file's bytes.
    pub fn exported_batch(&self, batch: u64) -> Result<Option<ExportedBatch>, StoreError> {
        let k = batch.to_be_bytes();
        let trees = &self.trees;
        match (trees.exch_batches.get(k)?, trees.exch_files.get(k)?) {
            (Some(m), Some(sha)) => Ok(Some(ExportedBatch {
                description: m.to_vec(),
                file: self.read_batch_file(batch, &text(&trees.exch_files, &k, &sha)?)?,
            })),
            // Both are written in one transaction: one without the other is damage.
            (Some(_), None) => Err(dangling(
                &trees.exch_batches,
                &k,
                &trees.exch_files,
                &batch.to_string(),
            )),
            (None, Some(_)) => Err(dangling(
                &trees.exch_files,
                &k,
                &trees.exch_batches,
                &batch.to_string(),
            )),
            (None, None) => Ok(None),
        }
    }

    /// Records a batch as written, before its file is handed out: the number must be the next one, so two
    /// exports can never both take it. The file is on the medium before its row is written, and the row
    /// (with its `batch-written` audit entry by `actor` at `at`) is flushed before returning.
    pub fn record_export(
        &self,
        batch: u64,
        description: &[u8],
        file: &[u8],
        at: chrono::DateTime<chrono::Utc>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let trees = &self.trees;
        // Checked again inside the transaction; here it saves writing a file for a number already taken.
        let last = number(&trees.exch_meta, "last_batch")?;
        if batch != last + 1 {
            return Err(StoreError::Conflict(format!("batch {batch}")));
        }
        let sha = sha256_hex(file);
        self.write_batch_file(batch, &sha, file)?;
        let result = (
            &trees.exch_meta,
            &trees.exch_batches,
            &trees.exch_files,
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(
                |(meta, batches, files, store_meta, changes, audit, audit_by_target)| {
                    let last = match meta.get("last_batch")? {
                        Some(v) => u64_be(&trees.exch_meta, b"last_batch", &v).or_else(abort)?,
                        None => 0,
                    };
                    if batch != last + 1 {
                        return abort(StoreError::Conflict(format!("batch {batch}")));
                    }
                    meta.insert("last_batch", &batch.to_be_bytes())?;
                    batches.insert(&batch.to_be_bytes(), description)?;
                    files.insert(&batch.to_be_bytes(), sha.as_bytes())?;
                    let journal = crate::changelog::Journal {
                        trees,
                        meta: store_meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    let change = crate::FieldChange {
                        field: "sha256".into(),
                        before: String::new(),
                        after: sha.clone(),
                    };
                    journal.audit(
                        at,
                        actor,
                        crate::AuditAction::BatchWritten,
                        &format!("batch/{batch}"),
                        vec![change],
                    )
                },
            );
        if let Err(refused) = flatten(result) {
            // Another export took the number, or sled failed: the file is named by its hash, so removing
            // it takes nothing from an export that won with other bytes (one that won with the same bytes
            // keeps it). A failed removal leaves an unused file only.
            let recorded = trees.exch_files.get(batch.to_be_bytes())?;
            if recorded.as_deref() != Some(sha.as_bytes()) {
                let _ = std::fs::remove_file(self.batch_path(batch, &sha));
            }
            return Err(refused);
        }
        self.durable()?;
        Ok(())
    }

    /// Installs (or replaces) the central office's public-key file.
    pub fn set_central_key(&self, key_file: &str) -> Result<(), StoreError> {
        self.trees
            .exch_meta
            .insert("central_key", key_file.as_bytes())?;
        self.durable()?;
        Ok(())
    }

    /// Replaces the installed central office key file `previous` by `key_file`, and records who did it,
    /// when, and the two keys' fingerprints (`AuditAction::CentralKeyReplaced`, target
    /// [`crate::CENTRAL_KEY_TARGET`]) in the same transaction: the key never changes unaudited.
    /// `Conflict` when the key installed is no longer `previous` (another replacement came first).
    /// Flushed before returning.
    pub fn replace_central_key(
        &self,
        previous: &str,
        key_file: &str,
        fingerprints: (&str, &str),
        at: chrono::DateTime<chrono::Utc>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.exch_meta,
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(|(exch_meta, meta, changes, audit, audit_by_target)| {
                let installed = exch_meta.get("central_key")?;
                if installed.as_deref() != Some(previous.as_bytes()) {
                    return abort(StoreError::Conflict("central key".into()));
                }
                exch_meta.insert("central_key", key_file.as_bytes())?;
                let journal = crate::changelog::Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                let change = crate::FieldChange {
                    field: "fingerprint".into(),
                    before: fingerprints.0.to_owned(),
                    after: fingerprints.1.to_owned(),
                };
                journal.audit(
                    at,
                    actor,
                    crate::AuditAction::CentralKeyReplaced,
                    crate::CENTRAL_KEY_TARGET,
                    vec![change],
                )
            });
        flatten(result)?;
        self.durable()?;
        Ok(())
    }

    /// Applies an acknowledgement already checked by the caller: everything up to `through` is
    /// acknowledged, and `rejected` (sequence, description) are kept to be shown. An acknowledgement that
    /// does not go further than what is already acknowledged changes nothing. Returns whether it changed
    /// anything. `acked_at` (RFC 3339) is kept as the time of the last acknowledgement that changed something.
    pub fn apply_ack(
        &self,
        through: u64,
        rejected: &[(u64, Vec<u8>)],
        acked_at: &str,
    ) -> Result<bool, StoreError> {
        let trees = &self.trees;
        let result = (&trees.exch_meta, &trees.exch_rejected).transaction(|(meta, rejections)| {
            let acked = match meta.get("acked_through")? {
                Some(v) => u64_be(&trees.exch_meta, b"acked_through", &v).or_else(abort)?,
                None => 0,
            };
            if through <= acked {
                return Ok(false);
            }
            for (seq, description) in rejected {
                if *seq > acked && *seq <= through {
                    rejections.insert(&seq.to_be_bytes(), description.as_slice())?;
                }
            }
            meta.insert("acked_through", &through.to_be_bytes())?;
            meta.insert("acked_at", acked_at.as_bytes())?;
            Ok(true)
        });
        let changed = flatten(result)?;
        self.durable()?;
        Ok(changed)
    }

    /// The last audit entry the central office is known to hold: the last one carried by the latest
    /// batch it acknowledged (0 before any). The next batch carries the audit entries after it.
    pub fn audit_acked_through(&self) -> Result<u64, StoreError> {
        number(&self.trees.exch_meta, "audit_acked_through")
    }

    /// Records that the central office holds the audit entries up to `through` (kept when larger; an
    /// older acknowledgement changes nothing). Returns whether it changed anything. Apart from
    /// [`Store::apply_ack`]: an acknowledgement of a batch with no new change still acknowledges the
    /// audit entries it carried.
    pub fn apply_audit_ack(&self, through: u64) -> Result<bool, StoreError> {
        let meta = &self.trees.exch_meta;
        let result = meta.transaction(|m| {
            let acked = match m.get("audit_acked_through")? {
                Some(v) => u64_be(meta, b"audit_acked_through", &v).or_else(abort)?,
                None => 0,
            };
            if through <= acked {
                return Ok(false);
            }
            m.insert("audit_acked_through", &through.to_be_bytes())?;
            Ok(true)
        });
        let changed = flatten(result)?;
        if changed {
            self.durable()?;
        }
        Ok(changed)
    }

    /// Changes the central office rejected, oldest first: (sequence, description).
    pub fn rejected_changes(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        numbered_rows(&self.trees.exch_rejected)
    }
}

impl Store {
    /// The folder of batch files: `batches` in the data folder, beside sled's folder `db` (the log this
    /// store syncs is `DATA/db/db`, see `open_db`).
    fn batch_folder(&self) -> PathBuf {
        let data = self
            .log
            .path
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        data.join(BATCH_FOLDER)
    }

    /// Where batch `batch` whose bytes hash to `sha` is kept.
    fn batch_path(&self, batch: u64, sha: &str) -> PathBuf {
        self.batch_folder().join(format!("{batch:06}-{sha}.batch"))
    }

    /// Writes a batch file whole and on the medium: a temporary name, synced, renamed, then the folder
    /// synced so the rename itself survives a power cut.
    fn write_batch_file(&self, batch: u64, sha: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let folder = self.batch_folder();
        let path = self.batch_path(batch, sha);
        let failed = |path: &Path, source| StoreError::BatchFile {
            path: path.to_owned(),
            source,
        };
        std::fs::create_dir_all(&folder).map_err(|e| failed(&folder, e))?;
        // Unique per thread, so two exports in flight never write into one temporary file.
        let thread = format!("{:?}", std::thread::current().id())
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        let tmp = folder.join(format!(
            ".{batch:06}-{sha}.{}-{thread}.part",
            std::process::id()
        ));
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if let Err(source) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(failed(&path, source));
        }
        sync_folder(&folder).map_err(|e| failed(&folder, e))
    }

    /// The bytes of batch `batch`, checked against the hash its row recorded.
    fn read_batch_file(&self, batch: u64, sha: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.batch_path(batch, sha);
        let bytes = std::fs::read(&path).map_err(|source| StoreError::BatchFile {
            path: path.clone(),
            source,
        })?;
        if sha256_hex(&bytes) != sha {
            return Err(StoreError::BatchFile {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file does not hash to the SHA-256 recorded when it was written",
                ),
            });
        }
        Ok(bytes)
    }
}

/// Schema 1 → 2: the bytes of each batch move from the row of `exch_files` to a file in `batches` (synced),
/// and the row keeps their SHA-256. Every file is written before any row changes, and the rows change in
/// one atomic batch, so an interrupted migration runs again from the start: a row already holding the hash
/// of a file on disk is left as it is.
pub(crate) fn move_batch_files_out_of_sled(store: &Store) -> Result<(), StoreError> {
    let files = &store.trees.exch_files;
    let mut rows = sled::Batch::default();
    for (batch, value) in numbered_rows(files)? {
        let already_moved = std::str::from_utf8(&value).ok().filter(|sha| {
            sha.len() == 64
                && sha.bytes().all(|b| b.is_ascii_hexdigit())
                && store.batch_path(batch, sha).is_file()
        });
        if already_moved.is_some() {
            continue;
        }
        let sha = sha256_hex(&value);
        store.write_batch_file(batch, &sha, &value)?;
        rows.insert(&batch.to_be_bytes(), sha.as_bytes());
    }
    files.apply_batch(rows)?;
    Ok(())
}
