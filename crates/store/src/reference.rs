//! The national reference files this office applied (`reference` tree): the central office's signed file
//! kept whole, by issue number. The last one is in force; the store does not read its content (the
//! exchange crate does), it only guarantees that an issue never replaces a higher one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, TransactionalTree};
use sled::Transactional;

use crate::encoding::{decode, encode};
use crate::trees::{flatten, TxResult};
use crate::{Store, StoreError};

/// A reference file as applied here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedReference {
    /// The central office's issue number.
    pub issue: u64,
    /// The SHA-256 of the file, hex: the same issue again is the same file only if this agrees.
    pub sha256: String,
    /// When this office applied it.
    pub applied_at: DateTime<Utc>,
    /// The signed file, whole (UTF-8), so what is in force can always be shown and checked again.
    pub file: String,
}

/// What applying a reference file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferencePlace {
    /// It is now in force.
    Applied,
    /// This very file was in force already; nothing changed.
    AlreadyApplied,
    /// Its issue is not newer than the one in force (`applied`); nothing changed.
    Outdated {
        /// The issue in force.
        applied: u64,
    },
}

fn last(store: &Store, tree: &TransactionalTree) -> TxResult<Option<AppliedReference>> {
    // A transactional tree cannot be scanned: the last issue's number is kept under `last`.
    match tree.get(LAST)? {
        Some(key) => match tree.get(&key)? {
            Some(bytes) => decode(&store.trees.reference, &key, &bytes)
                .map(Some)
                .or_else(abort),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

/// The key that holds the issue number (u64 BE) of the file in force.
const LAST: &[u8] = b"last";

impl Store {
    /// The reference file in force, if the office applied one (else the bundled defaults are).
    pub fn applied_reference(&self) -> Result<Option<AppliedReference>, StoreError> {
        let tree = &self.trees.reference;
        let Some(key) = tree.get(LAST)? else {
            return Ok(None);
        };
        match tree.get(&key)? {
            Some(bytes) => decode(tree, &key, &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Puts a reference file in force if its issue is higher than the one in force, in one transaction
    /// (two imports at once cannot both win), durable before returning.
    pub fn apply_reference(&self, file: &AppliedReference) -> Result<ReferencePlace, StoreError> {
        let tree = &self.trees.reference;
        let value = encode(tree, file)?;
        let key = file.issue.to_be_bytes();
        let place = flatten((tree,).transaction(|(t,)| {
            match last(self, t)? {
                Some(current) if current.issue == file.issue && current.sha256 == file.sha256 => {
                    return Ok(ReferencePlace::AlreadyApplied)
                }
                Some(current) if current.issue >= file.issue => {
                    return Ok(ReferencePlace::Outdated {
                        applied: current.issue,
                    })
                }
                Some(_) | None => {}
            }
            t.insert(&key, value.clone())?;
            t.insert(LAST, &key)?;
            Ok(ReferencePlace::Applied)
        }))?;
        if place == ReferencePlace::Applied {
            self.durable()?;
        }
        Ok(place)
    }
}
