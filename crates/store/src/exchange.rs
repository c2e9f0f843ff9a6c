//! The office's side of the weekly batch: which batches were written (their exact bytes, so any batch can
//! be written again byte for byte), how far the central office has acknowledged the change log, the
//! records it rejected, and the central office's public key. The batch format itself lives in
//! `nssf-exchange`; this module only keeps bytes and numbers.
//!
//! Trees: `exch_meta` (`acked_through`, `last_batch` as u64 BE; `central_key`, `acked_at` (RFC 3339, when
//! the last acknowledgement that changed anything was applied) as text),
//! `exch_batches` (batch number u64 BE → the batch's description, JSON made by the caller),
//! `exch_files` (batch number u64 BE → the file's bytes as written), `exch_rejected` (change sequence
//! u64 BE → the rejection, JSON made by the caller).

use sled::transaction::abort;
use sled::{Transactional, Tree};

use crate::encoding::{dangling, text, u64_be};
use crate::trees::flatten;
use crate::{Store, StoreError};

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
            (Some(m), Some(f)) => Ok(Some(ExportedBatch {
                description: m.to_vec(),
                file: f.to_vec(),
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
    /// exports can never both take it. Flushed before returning.
    pub fn record_export(
        &self,
        batch: u64,
        description: &[u8],
        file: &[u8],
    ) -> Result<(), StoreError> {
        let trees = &self.trees;
        let result = (&trees.exch_meta, &trees.exch_batches, &trees.exch_files).transaction(
            |(meta, batches, files)| {
                let last = match meta.get("last_batch")? {
                    Some(v) => u64_be(&trees.exch_meta, b"last_batch", &v).or_else(abort)?,
                    None => 0,
                };
                if batch != last + 1 {
                    return abort(StoreError::Conflict(format!("batch {batch}")));
                }
                meta.insert("last_batch", &batch.to_be_bytes())?;
                batches.insert(&batch.to_be_bytes(), description)?;
                files.insert(&batch.to_be_bytes(), file)?;
                Ok(())
            },
        );
        flatten(result)?;
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

    /// Changes the central office rejected, oldest first: (sequence, description).
    pub fn rejected_changes(&self) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        numbered_rows(&self.trees.exch_rejected)
    }
}
