//! The schema version (`schema_version` in `meta`) and the ordered migrations that lift an older store to
//! [`SCHEMA_VERSION`] when it is opened.

use crate::encoding::u64_be;
use crate::{Store, StoreError};

/// The schema this code writes. Opening a store with a higher version is refused; a lower one is migrated.
pub const SCHEMA_VERSION: u64 = 5;

/// The last schema reached by migrating in place. The step after it, to schema 5 (binary members and
/// receipts, `docs/store-layout.md`), copies the store beside the old one (`upgrade.rs`).
/// A later step that can be done in place (5 → 6) goes in a second list that [`Store::migrate`] runs
/// once the store is of schema 5, after the copy.
pub(crate) const IN_PLACE_UNTIL: u64 = 4;

/// The key of the version stamp in `meta`.
pub(crate) const VERSION_KEY: &[u8] = b"schema_version";

/// One step of the schema: lifts a store from one version to the next.
type Migration = fn(&Store) -> Result<(), StoreError>;

/// Ordered migrations in place: entry `i` lifts the schema from version `i + 1` to `i + 2`, up to
/// [`IN_PLACE_UNTIL`]; 4 → 5 is the copying upgrade of `upgrade.rs`.
/// - 1 → 2: exported batch files leave sled for the folder `batches` (see [`crate::exchange`]).
/// - 2 → 3: the audit trail becomes one hash chain keyed by sequence, with an index by target
///   (`docs/audit-trail.md`).
/// - 3 → 4: spelling-tolerant search (`docs/search.md`): `idx_name` gains phonetic and reversed-token
///   entries, `idx_name_dob` whole-name phonetic entries, `name_tokens` each token's key; indexes rebuilt.
const MIGRATIONS: &[Migration] = &[
    crate::exchange::move_batch_files_out_of_sled,
    crate::changelog::chain_the_audit_trail,
    crate::member_index::add_spelling_entries,
];

// A version without its migration would be stamped on a store that was never lifted to it.
const _: () = assert!(MIGRATIONS.len() as u64 + 1 == IN_PLACE_UNTIL);
const _: () = assert!(IN_PLACE_UNTIL + 1 == SCHEMA_VERSION);

impl Store {
    /// The schema version the store is stamped with.
    pub fn schema_version(&self) -> Result<u64, StoreError> {
        let meta = &self.trees.meta;
        // `create` always stamps; a store without a stamp predates versioning, which began at 1.
        meta.get(VERSION_KEY)?
            .map_or(Ok(1), |v| u64_be(meta, VERSION_KEY, &v))
    }

    /// Stamps a schema version, for migration tests and for a future downgrade guard.
    pub fn set_schema_version(&self, version: u64) -> Result<(), StoreError> {
        self.stamp(version)?;
        self.durable()
    }

    /// Writes the version stamp without flushing.
    pub(crate) fn stamp(&self, version: u64) -> Result<(), StoreError> {
        self.trees
            .meta
            .insert(VERSION_KEY, &version.to_be_bytes())?;
        Ok(())
    }

    /// Refuses a store from a newer program; runs the migrations in place an older store needs, stamping
    /// each step. Returns whether the store is of [`SCHEMA_VERSION`] now; `false` means it is of schema
    /// [`IN_PLACE_UNTIL`] and needs the copying upgrade.
    pub(crate) fn migrate(&self) -> Result<bool, StoreError> {
        let mut version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew(version));
        }
        while version < IN_PLACE_UNTIL {
            // Present by the assertion above: versions start at 1 and stop below IN_PLACE_UNTIL.
            if let Some(step) = MIGRATIONS.get(version.saturating_sub(1) as usize) {
                step(self)?;
            }
            version += 1;
            self.stamp(version)?;
        }
        self.durable()?;
        Ok(version == SCHEMA_VERSION)
    }
}
