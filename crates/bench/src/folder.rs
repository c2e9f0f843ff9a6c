//! The benchmark's office data folder: the office every run sets up, its size on disk, and handing the
//! folder between `nssf_api::Desk` (the rows timed through the API) and `nssf_store::Store` (the rows
//! timed on the store alone).
//!
//! sled lets one handle at a time open a folder, so a run drops one before opening the other; the
//! handover is outside every timer.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use nssf_api::OfficeSetup;

/// The office every run uses.
pub fn office_setup() -> OfficeSetup {
    OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    }
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Opens a folder whose previous handle was just dropped, retrying for up to 5 s while sled still holds
/// its lock; the last attempt's error otherwise.
pub fn reopen<T, E: std::fmt::Display>(mut open: impl FnMut() -> Result<T, E>) -> Result<T> {
    for _ in 0..50 {
        if let Ok(v) = open() {
            return Ok(v);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    open().map_err(|e| anyhow::anyhow!("reopening the office folder: {e}"))
}
