//! The cheapest durable write: append a record to a file and `sync_data` it, what every durable commit
//! is compared with.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

/// Appends to `path` and returns the time of a single fsync'd write (used by tests).
pub fn fsync_once(path: &Path, bytes: &[u8]) -> Result<Duration> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let t = Instant::now();
    f.write_all(bytes)?;
    f.sync_data()?;
    Ok(t.elapsed())
}

/// One file appended to again and again with the same record: the baseline samples of a run.
#[derive(Debug)]
pub(crate) struct FsyncBaseline {
    file: std::fs::File,
    record: Vec<u8>,
}

impl FsyncBaseline {
    pub(crate) fn create(path: &Path, record: Vec<u8>) -> Result<FsyncBaseline> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(FsyncBaseline { file, record })
    }

    /// The record's size in bytes.
    pub(crate) fn record_len(&self) -> usize {
        self.record.len()
    }

    /// Appends the record and syncs; returns the time it took.
    pub(crate) fn sample(&mut self) -> Result<Duration> {
        let t = Instant::now();
        self.file.write_all(&self.record)?;
        self.file.sync_data()?;
        Ok(t.elapsed())
    }
}
