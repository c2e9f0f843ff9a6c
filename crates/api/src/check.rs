//! Checking that the office's store is whole (`nssf-desk check`, and later the window's store check): every
//! row of every tree read as the use cases read it, and the references between them (see
//! [`nssf_store::Store::check`]). A damaged store is a report, not an error: the answer to it is restoring
//! from a backup, which whoever makes backups decides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Actor, ApiError, Desk};

/// What reading the whole store found. The field names are the CLI's contract (`check --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoreReport {
    /// Whether nothing is damaged.
    pub whole: bool,
    /// How many rows each tree holds, by tree name.
    pub rows: BTreeMap<String, u64>,
    /// Every damaged row found, in the order the trees are read (empty when whole).
    pub damage: Vec<DamageLine>,
}

/// One damaged (or missing) row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DamageLine {
    /// The tree holding it (`sled` when sled could not read its own files).
    pub tree: String,
    /// The row's key as text (the number for sequence keys; empty when the tree as a whole is unreadable).
    pub key: String,
    /// What is wrong with it (English, for whoever restores or reports it).
    pub what: String,
}

impl Desk {
    /// Reads the whole store and says whether it is whole (supervisor, admin).
    pub fn check_store(&self, actor: &Actor) -> Result<StoreReport, ApiError> {
        actor.require(Action::CheckStore)?;
        let found = self.store.check();
        Ok(StoreReport {
            whole: found.is_whole(),
            rows: found.rows,
            damage: found
                .damage
                .into_iter()
                .map(|d| DamageLine {
                    tree: d.tree,
                    key: d.key,
                    what: d.what,
                })
                .collect(),
        })
    }
}
