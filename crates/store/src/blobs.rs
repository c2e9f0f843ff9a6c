//! Syncing sled's blob files. sled 0.34 writes any page over a quarter of its log segment (2 MiB in stores
//! made with our 8 MiB segments, 128 KiB in older ones made with sled's default 512 KiB) to a file of its own, `db/blobs/LSN`, with plain writes and never syncs it or its folder:
//! `Db::flush` syncs only the log, which holds the blob's number. Exported batches are kept out of sled
//! (see [`crate::exchange`]), but a leaf of the `photos` tree passes 128 KiB once it holds two or more
//! photos (measured with 512 KiB segments: 40 photos of 80 KB made 5 blob files), and any leaf of large records can. Every
//! [`Store::flush`](crate::Store::flush) therefore syncs the blob files it has not synced yet, and the
//! folder when it found new ones, before sled's log: a write reported saved is on the medium, blob and all.
//!
//! What this cannot close: sled's background thread flushes the log every 500 ms on its own, so for a
//! moment after a write and before its flush, a log on the medium may name a blob still in the disk's
//! cache. Only writes not yet reported saved are in that window.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use crate::StoreError;

/// sled's blob folder and the names of the blob files already synced (a blob is written once under a
/// name never reused: its log sequence number).
#[derive(Debug)]
pub(crate) struct BlobSync {
    folder: PathBuf,
    synced: Mutex<HashSet<OsString>>,
}

impl BlobSync {
    /// The blob folder of the sled database in `db_folder` (`DATA/db`).
    pub(crate) fn new(db_folder: PathBuf) -> BlobSync {
        BlobSync {
            folder: db_folder.join("blobs"),
            synced: Mutex::new(HashSet::new()),
        }
    }

    /// Syncs every blob file not synced yet, then the folder if any was new (a new file's name is data
    /// of its folder). A blob that sled removes meanwhile (its page was rewritten) is skipped.
    pub(crate) fn sync(&self) -> Result<(), StoreError> {
        let failed = |path: PathBuf, source| StoreError::LogFile { path, source };
        let entries = match std::fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            // No page has been large enough yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(failed(self.folder.clone(), e)),
        };
        // Held for the whole pass, so two flushes never sync the same new file twice.
        let mut synced = self.synced.lock().unwrap_or_else(PoisonError::into_inner);
        let mut found_new = false;
        for entry in entries {
            let entry = entry.map_err(|e| failed(self.folder.clone(), e))?;
            let name = entry.file_name();
            if synced.contains(&name) {
                continue;
            }
            let path = entry.path();
            match std::fs::File::open(&path).and_then(|f| f.sync_all()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(failed(path, e)),
            }
            synced.insert(name);
            found_new = true;
        }
        if found_new {
            sync_folder(&self.folder).map_err(|e| failed(self.folder.clone(), e))?;
        }
        Ok(())
    }
}

/// Syncs a folder so that the files created in it keep their names after a power cut.
#[cfg(unix)]
pub(crate) fn sync_folder(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

/// Windows opens a folder as a file only with `FILE_FLAG_BACKUP_SEMANTICS`, and NTFS journals the
/// creation and renaming of files itself: nothing to sync.
#[cfg(not(unix))]
pub(crate) fn sync_folder(_folder: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}
