//! Opening the office again after a write the disk refused, and the space kept for doing so.
//!
//! sled 0.34 keeps the first error of a write to its log (a full disk: `ENOSPC`) and returns it for every
//! later write, even once space is free: it cannot know which of its buffers reached the disk, so it stops
//! writing rather than guess. Its memory still holds the refused write (the transaction was applied in
//! memory before the flush failed), and a read that needs a page from the part of the log that never
//! reached the disk fails too (`disk-full` again). The one way back is to drop the store and open the
//! folder again: sled then recovers from what is on the disk, up to the last write that reached it whole,
//! which includes every write reported saved (each is synced before it is reported; `docs/reliability.md`,
//! "Full disk").
//!
//! But opening writes too: sled writes a new snapshot of its page table when its log has grown since the
//! last one, and on a full disk that fails, so the office could not even be opened to be read or backed
//! up. The data folder therefore keeps [`RESERVE_FILE`], space held back for that moment (at least
//! [`RESERVE_BYTES`]): [`Desk::open`] deletes it when opening fails for a full disk, and opens again.
//! Every open puts the reserve back when the disk has room for it again.
//!
//! So a use case that fails with `disk-full` leaves the [`Desk`] unable to write and its reads unsure; the
//! caller (the window's state, which owns the one `Desk`) calls [`Desk::reopen`] at once and keeps the new
//! `Desk`: it reads, backs up, and writes as far as the space allows; if a write is refused again, the
//! same again, once the clerk has freed space. The command line needs nothing more: each command is a new
//! process, and [`Desk::open`] gives up the reserve in the same way.

use std::path::Path;

use crate::{ApiError, Code, Desk};

/// The file in the data folder that holds space back for opening the store on a full disk.
pub const RESERVE_FILE: &str = "disk-reserve";
/// Its least size. It is at least twice sled's last snapshot of its page table (`db/snap.*`), which
/// opening writes anew: 8.4 MB for the 100,000-member demo office (1.6 GB of store).
pub const RESERVE_BYTES: u64 = 16 * 1024 * 1024;

impl Desk {
    /// Closes the office's store and opens its folder again, as after a restart: at once after
    /// `disk-full` (or `storage`) on a write, so that reads show only what is on the disk and, once space
    /// is free, writes work again. On a disk still full, the space held back in [`RESERVE_FILE`] is
    /// given up so that sled can open. Waits (a few seconds at most) for sled to release its lock on the
    /// folder; refuses as [`Desk::open`] does, e.g. `folder-in-use` if another `Desk` of this folder is
    /// still alive, or `disk-full` if even the reserve was used up.
    pub fn reopen(self) -> Result<Desk, ApiError> {
        let dir = self.store.data_folder();
        drop(self);
        Desk::open(&dir)
    }
}

/// Opens with `open`; if the disk is too full for sled to open and the reserve is there, gives the reserve
/// up and opens again. [`Desk::open`] is this, so the window, the command line and [`Desk::reopen`] all
/// open a full disk's office the same way.
pub(crate) fn open_with_reserve(
    dir: &Path,
    open: impl Fn(&Path) -> Result<Desk, ApiError>,
) -> Result<Desk, ApiError> {
    match open(dir) {
        Err(e) if e.code() == Code::DiskFull && dir.join(RESERVE_FILE).exists() => {
            std::fs::remove_file(dir.join(RESERVE_FILE)).map_err(ApiError::storage)?;
            open(dir)
        }
        opened => opened,
    }
}

/// Puts the reserve back if it is missing or short and the disk has room for it: allocated (not a sparse
/// file, which would hold nothing back) and synced. A disk without room keeps no reserve and the store
/// works as before; nothing is reported, since nothing the clerk asked for failed.
pub(crate) fn keep_reserve(dir: &Path) {
    let path = dir.join(RESERVE_FILE);
    let wanted = RESERVE_BYTES.max(2 * last_snapshot_bytes(&dir.join("db")));
    let had = std::fs::metadata(&path).map(|m| m.len()).ok();
    if had.is_some_and(|len| len >= wanted) {
        return;
    }
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .and_then(|file| {
            allocate(&file, wanted)?;
            file.sync_all()
        });
    // A reserve that could not grow keeps what it held; a new one that could not be made goes.
    if made.is_err() && had.is_none() {
        let _ = std::fs::remove_file(&path);
    }
}

/// The size of the largest page-table snapshot sled keeps in `sled_dir` (`snap.*`; 0 without one).
fn last_snapshot_bytes(sled_dir: &Path) -> u64 {
    std::fs::read_dir(sled_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("snap."))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .max()
        .unwrap_or(0)
}

/// Gives `file` `len` bytes of blocks on the disk without writing them (a reserve of 16 MiB or more made at
/// setup would otherwise cost as much writing). A file system that cannot allocate keeps no reserve.
#[cfg(unix)]
fn allocate(file: &std::fs::File, len: u64) -> std::io::Result<()> {
    rustix::fs::fallocate(file, rustix::fs::FallocateFlags::empty(), 0, len).map_err(Into::into)
}

/// Elsewhere a file's length is allocated (NTFS does not make a file sparse unless asked to).
#[cfg(not(unix))]
fn allocate(file: &std::fs::File, len: u64) -> std::io::Result<()> {
    file.set_len(len)
}
