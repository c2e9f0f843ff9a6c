//! Writing the files users carry away (PDFs, batches on a USB stick, key files): whole or not at all.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

/// Bytes of a file written so far (`progress(done, total)` below): sent to the window while a batch is
/// written to a stick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WriteProgress {
    /// Bytes written.
    pub done: u64,
    /// Bytes in the file.
    pub total: u64,
}

/// Written in pieces of this size so a progress bar can follow a large batch.
const CHUNK: usize = 64 * 1024;

/// Writes `bytes` to `path` through `<name>.part` beside it, synced to the medium, then renamed: a reader
/// (or a stick pulled out too early) never sees half a file under the real name. `progress(done, total)`
/// follows the bytes written. On failure the temporary file is removed.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"))?;
    let mut tmp_name = name.to_os_string();
    tmp_name.push(".part");
    let tmp = path.with_file_name(tmp_name);
    let total = bytes.len() as u64;
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        let mut done = 0u64;
        progress(0, total);
        for chunk in bytes.chunks(CHUNK) {
            file.write_all(chunk)?;
            done += chunk.len() as u64;
            progress(done, total);
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
