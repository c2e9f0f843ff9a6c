//! The gate that keeps a backup made from the running app consistent as of one moment.
//!
//! A backup reads every row of every tree, tree by tree (`Store::backup_rows`). sled has no snapshot
//! across trees: a transaction that commits while the backup is between two trees would leave the
//! backup with half of it (a receipt without its `month_paid` keys, an audit entry without the
//! `meta` counter and hash it moved, a member counter behind its members, so a restore would issue a
//! number twice). So every use case that writes takes a shared *turn* of the gate ([`Desk::write_turn`])
//! for as long as it writes, and the backup takes the gate whole ([`Desk::pause_writes`]) while it
//! reads: writers wait for the backup (a second or so), readers never do, and the backup sees every
//! write either whole or not at all.
//!
//! Why here and not in the shell: the window is one caller among several (the command line, tests, the
//! crash storm, and the automatic backup at day close, which runs inside a use case). A gate in the
//! shell would protect only the commands the shell remembers to wrap, and would not see a write made by
//! a use case on its own. The `Desk` is the one object every write goes through, so its use cases are
//! where the turn is taken: one line at the top of each use case that writes (`grep write_turn`). The
//! command line needs no gate (it holds sled's exclusive lock on the folder for its whole run), but
//! takes it anyway: it is uncontended and costs nothing.
//!
//! A use case that writes may call another that writes (a sign-in in the window's session calls the
//! sign-in use case): a thread that already holds a turn does not take a second one, because the lock
//! prefers a waiting backup over new readers and the thread would then wait for itself.

use std::cell::Cell;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::Desk;

thread_local! {
    /// How many turns this thread holds (nested use cases). Only the outermost takes the lock.
    static TURNS_HELD: Cell<u32> = const { Cell::new(0) };
}

/// Writers share it, a backup takes it whole. See the module's doc.
#[derive(Debug, Default)]
pub(crate) struct WriteGate {
    lock: RwLock<()>,
}

/// A use case's leave to write: held until the use case returns.
#[must_use = "the turn must be held while the use case writes"]
pub(crate) struct WriteTurn<'a> {
    _shared: Option<RwLockReadGuard<'a, ()>>,
}

impl Drop for WriteTurn<'_> {
    fn drop(&mut self) {
        TURNS_HELD.with(|held| held.set(held.get().saturating_sub(1)));
    }
}

/// Writes paused: held by a backup while it reads the rows.
#[must_use = "writes are paused only while this is held"]
pub(crate) struct WritesPaused<'a> {
    _exclusive: RwLockWriteGuard<'a, ()>,
}

impl WriteGate {
    fn turn(&self) -> WriteTurn<'_> {
        let nested = TURNS_HELD.with(|held| {
            let before = held.get();
            held.set(before + 1);
            before > 0
        });
        WriteTurn {
            _shared: (!nested).then(|| self.lock.read().unwrap_or_else(PoisonError::into_inner)),
        }
    }

    fn pause(&self) -> WritesPaused<'_> {
        WritesPaused {
            _exclusive: self.lock.write().unwrap_or_else(PoisonError::into_inner),
        }
    }
}

impl Desk {
    /// A turn to write: every use case that changes the store takes one first and holds it until it
    /// returns, so that a backup never reads half of a change (see the module's doc).
    pub(crate) fn write_turn(&self) -> WriteTurn<'_> {
        self.writes.turn()
    }

    /// Waits until no use case is writing and keeps new writes waiting while the result is held: a
    /// backup's reading of the rows. Must not be called while this thread holds a [`WriteTurn`] (it
    /// would wait for itself): the automatic backup at day close runs after the close returned.
    pub(crate) fn pause_writes(&self) -> WritesPaused<'_> {
        debug_assert_eq!(
            TURNS_HELD.with(Cell::get),
            0,
            "a backup started inside a use case that writes"
        );
        self.writes.pause()
    }
}
