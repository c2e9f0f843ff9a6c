//! The files that cross the office's door: writing the ones users carry away (PDFs, batches on a USB
//! stick, key files) whole or not at all, and reading the ones that come in (batches, acknowledgements,
//! reference and key files, photos) with bounded work: only a regular file is read, never more than its
//! kind can hold, into one buffer. The window and the CLI both read through [`read_incoming`].

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use nssf_exchange::ack::MAX_ACK_BYTES;
use nssf_exchange::batch::MAX_BATCH_BYTES;
use nssf_exchange::reference::MAX_REFERENCE_BYTES;
use serde::Serialize;
use ts_rs::TS;

use crate::{ApiError, Refusal};

/// What an incoming file is, which decides the most bytes it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingFile {
    /// A weekly batch ([`MAX_BATCH_BYTES`], see `docs/reliability.md` for why).
    Batch,
    /// The central office's acknowledgement.
    Acknowledgement,
    /// The signed national reference file.
    Reference,
    /// A public-key file (the central office's, a workstation's): under 1 KiB.
    Key,
    /// A member's photo as a camera or a scanner writes it, before it is decoded (the decoder has its own
    /// limits on pixels).
    Photo,
    /// A registration form as JSON (the CLI's `register`): a few KiB.
    Form,
}

impl IncomingFile {
    /// The largest file of this kind that is read.
    pub fn max_bytes(self) -> u64 {
        match self {
            IncomingFile::Batch => MAX_BATCH_BYTES,
            IncomingFile::Acknowledgement => MAX_ACK_BYTES,
            IncomingFile::Reference => MAX_REFERENCE_BYTES,
            IncomingFile::Key => 64 * 1024,
            IncomingFile::Photo => nssf_documents::photo::MAX_FILE_BYTES as u64,
            IncomingFile::Form => 1024 * 1024,
        }
    }
}

/// Why an incoming file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// It cannot be opened or read (missing, no permission, the stick pulled out); `source` is the
    /// system's reason.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// It is not a regular file (a folder, a device such as `/dev/zero`, a pipe): nothing was read.
    NotRegular {
        /// The file.
        path: PathBuf,
    },
    /// It is larger than its kind can be: nothing past `max + 1` bytes was read.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes (at least `max + 1` if it grew while being read).
        size: u64,
        /// The largest size of its kind.
        max: u64,
    },
}

impl std::fmt::Display for ReadError {
    /// English, for logs and the CLI's detail of an unreadable input.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unreadable { source, .. } => write!(f, "{source}"),
            ReadError::NotRegular { .. } => write!(f, "not a regular file"),
            ReadError::TooLarge { size, max, .. } => {
                write!(f, "{size} bytes, more than the {max} allowed")
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for ApiError {
    fn from(e: ReadError) -> ApiError {
        let refusal = match e {
            ReadError::Unreadable { path, .. } => Refusal::FileUnreadable {
                path: path.display().to_string(),
            },
            ReadError::NotRegular { path } => Refusal::FileNotRegular {
                path: path.display().to_string(),
            },
            ReadError::TooLarge { path, size, max } => Refusal::FileTooLarge {
                path: path.display().to_string(),
                size,
                max,
            },
        };
        refusal.into()
    }
}

/// Reads a file that came from outside (a USB stick, a download, a path typed on the command line):
/// [`read_bounded`] with its kind's [`IncomingFile::max_bytes`].
pub fn read_incoming(path: &Path, kind: IncomingFile) -> Result<Vec<u8>, ReadError> {
    read_bounded(path, kind.max_bytes())
}

/// Reads a regular file of at most `max` bytes, whole, into one buffer. The file's type and size are
/// those of the file opened (not of the path, which could be swapped in between); it is opened without
/// blocking, so a pipe is refused rather than waited on. A file that grows while it is read stops at
/// `max + 1` bytes and is refused.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let unreadable = |source| ReadError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let file = open_without_blocking(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.file_type().is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_owned(),
        });
    }
    let too_large = |size| ReadError::TooLarge {
        path: path.to_owned(),
        size,
        max,
    };
    if metadata.len() > max {
        return Err(too_large(metadata.len()));
    }
    // One allocation of the announced size (+1, so reading up to the end never grows it); `take` bounds
    // a file that grows meanwhile.
    let capacity = usize::try_from(metadata.len() + 1).map_err(|_| too_large(metadata.len()))?;
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading. On Unix with `O_NONBLOCK`: opening a pipe (FIFO) would otherwise wait for a writer
/// forever; reads of a regular file are not affected by the flag.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Opens for reading. Windows has no FIFOs in the file system, and opening a folder fails.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

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
/// follows the bytes written. On failure the temporary file is removed. Where the platform allows it the
/// folder is synced after the rename, so the new name survives a power cut too; an error there means the
/// file is in place but may not survive one.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> std::io::Result<()> {
    let total = bytes.len() as u64;
    write_atomically_with(
        path,
        |file| {
            let mut done = 0u64;
            progress(0, total);
            for chunk in bytes.chunks(CHUNK) {
                file.write_all(chunk)?;
                done += chunk.len() as u64;
                progress(done, total);
            }
            Ok(())
        },
        |e| e,
    )
}

/// [`write_atomically`] for a file made as it is written (a backup, streamed from the store without
/// holding it in memory): `write` fills the temporary file `<name>.part` (its errors are returned as they
/// are), which is then synced and renamed to `path`, and its folder synced. Whatever fails (`write`, the
/// medium full, the folder made read-only or removed, a stick pulled out), the temporary file is removed
/// and nothing is left under either name; `io_error` turns the file's own errors into `E`.
pub fn write_atomically_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<File>) -> Result<T, E>,
    io_error: impl Fn(std::io::Error) -> E,
) -> Result<T, E> {
    let name = path.file_name().ok_or_else(|| {
        io_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file path",
        ))
    })?;
    let mut tmp_name = name.to_os_string();
    tmp_name.push(".part");
    let tmp = path.with_file_name(tmp_name);
    let written = (|| {
        let file = std::fs::File::create(&tmp).map_err(&io_error)?;
        let mut out = std::io::BufWriter::with_capacity(CHUNK, file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        file.sync_all().map_err(&io_error)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(&io_error)?;
        Ok(value)
    })();
    match written {
        Ok(value) => sync_folder(path).map(|()| value).map_err(io_error),
        Err(e) => {
            // Absent already if the folder went (a stick pulled out): nothing to remove then.
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Makes the rename itself durable: on Unix a rename is a change of the folder, which reaches the medium
/// only when the folder is synced (without it, a power cut can leave the old name, or none). A file
/// system that cannot sync a folder says so with `EINVAL` (`InvalidInput`) or `Unsupported`; there the
/// rename is as durable as that file system makes it, and that is not an error of the write.
#[cfg(unix)]
pub(crate) fn sync_folder(path: &Path) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match File::open(folder)?.sync_all() {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Not on Windows: a folder there cannot be opened like a file to be synced (it takes
/// `FILE_FLAG_BACKUP_SEMANTICS` and write access, and `FlushFileBuffers` on a folder is not documented to
/// make a rename durable). NTFS journals the rename's metadata, so after a crash the file has its old or
/// its new name, never half of one.
#[cfg(not(unix))]
pub(crate) fn sync_folder(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
