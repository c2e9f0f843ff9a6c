//! The store's sled trees, one named field each (the layout is in the crate doc), and how a transaction
//! over some of them reports its outcome.
//!
//! A transaction names its trees as a tuple, `(&trees.meta, &trees.changes, …).transaction(|(meta,
//! changes, …)| …)`, so the closure reads each by name; sled 0.34 implements `Transactional` for tuples
//! of up to 14 `&Tree`s.

use sled::transaction::{abort, ConflictableTransactionError, TransactionError};
use sled::{Db, Tree};

use crate::StoreError;

/// What a transaction closure returns: a value, or an abort carrying the [`StoreError`].
pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// Every tree of an office store. The field name is the tree's name in sled.
#[derive(Debug, Clone)]
pub(crate) struct Trees {
    pub(crate) meta: Tree,
    pub(crate) members: Tree,
    pub(crate) idx_document: Tree,
    pub(crate) idx_phone: Tree,
    pub(crate) idx_name: Tree,
    pub(crate) idx_name_dob: Tree,
    pub(crate) name_tokens: Tree,
    pub(crate) changes: Tree,
    pub(crate) audit: Tree,
    /// A target's audit entries: target `\0` seq (u64 BE) → nothing (the entry is `audit`'s row at seq).
    pub(crate) audit_by_target: Tree,
    pub(crate) bases: Tree,
    pub(crate) receipts: Tree,
    pub(crate) receipts_by_member: Tree,
    pub(crate) month_paid: Tree,
    pub(crate) receipts_by_day: Tree,
    pub(crate) voids: Tree,
    pub(crate) voids_by_day: Tree,
    pub(crate) day_closes: Tree,
    pub(crate) photos: Tree,
    pub(crate) card_issues: Tree,
    pub(crate) card_pending: Tree,
    pub(crate) receipt_prints: Tree,
    pub(crate) exch_meta: Tree,
    pub(crate) exch_batches: Tree,
    pub(crate) exch_files: Tree,
    pub(crate) exch_rejected: Tree,
    pub(crate) reference: Tree,
    pub(crate) staff: Tree,
    pub(crate) corrections: Tree,
}

impl Trees {
    /// Opens (creating when missing) every tree of `db`.
    pub(crate) fn open(db: &Db) -> Result<Trees, sled::Error> {
        let tree = |name: &str| db.open_tree(name);
        Ok(Trees {
            meta: tree("meta")?,
            members: tree("members")?,
            idx_document: tree("idx_document")?,
            idx_phone: tree("idx_phone")?,
            idx_name: tree("idx_name")?,
            idx_name_dob: tree("idx_name_dob")?,
            name_tokens: tree("name_tokens")?,
            changes: tree("changes")?,
            audit: tree("audit")?,
            audit_by_target: tree("audit_by_target")?,
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
            reference: tree("reference")?,
            staff: tree("staff")?,
            corrections: tree("corrections")?,
        })
    }
}

/// A transaction's outcome as a [`StoreError`]: the closure's own abort, or sled's failure.
pub(crate) fn flatten<T>(r: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
    r.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::Sled(e),
    })
}

/// Takes the next value of the counter `name` kept in `meta` (u64 BE; absent means none taken yet), inside
/// the transaction, so a refused change gives its number back. `trees` names `meta` in errors.
pub(crate) fn next_counter(
    trees: &Trees,
    meta: &sled::transaction::TransactionalTree,
    name: &str,
) -> TxResult<u64> {
    let taken = match meta.get(name)? {
        Some(v) => crate::encoding::u64_be(&trees.meta, name.as_bytes(), &v).or_else(abort)?,
        None => 0,
    };
    let value = taken + 1;
    meta.insert(name, &value.to_be_bytes())?;
    Ok(value)
}
