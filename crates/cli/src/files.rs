//! The files the commands read and write, each read failing with the kind the exit-code table expects.
//! Every file a command reads comes from outside (a USB stick, a path typed by someone): it is read
//! through `nssf_api::files::read_incoming`, so only a regular file is read, never more than its kind can
//! hold, into one buffer.

use std::io::Read;
use std::path::Path;

use nssf_api::files::{read_incoming, IncomingFile, ReadError};
use nssf_exchange::ExchangeError;

use crate::failure::Failure;

/// The text of a file the command stores (the registration JSON); `-` reads standard input.
pub fn read_input_text(path: &str) -> Result<String, Failure> {
    let unreadable = |detail: String| Failure::InputUnreadable {
        path: path.to_owned(),
        detail,
    };
    if path == "-" {
        let max = IncomingFile::Form.max_bytes();
        let mut text = String::new();
        std::io::stdin()
            .take(max + 1)
            .read_to_string(&mut text)
            .map_err(|e| unreadable(e.to_string()))?;
        if text.len() as u64 > max {
            return Err(unreadable(format!("more than the {max} bytes allowed")));
        }
        return Ok(text);
    }
    let bytes = read_incoming(Path::new(path), IncomingFile::Form)
        .map_err(|e| unreadable(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))
}

/// The bytes of a file the command stores (a photo). Whatever is wrong with the file, the user can pick
/// another: exit 2, with the reason in English as the system gives it.
pub fn read_input_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    read_incoming(path, IncomingFile::Photo).map_err(|e| Failure::InputUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// An office key file as text, for `verify-card` (whose card check says when the text is not a key).
pub fn read_office_key(path: &Path) -> Result<String, Failure> {
    let bytes = read_incoming(path, IncomingFile::Key).map_err(exchange_read_failure)?;
    String::from_utf8(bytes).map_err(|e| Failure::KeyOrBatchUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// A batch, acknowledgement or reference file of the exchange, read as large as a batch may be (the
/// readers of acknowledgements and reference files then hold them to their own, smaller limits).
pub fn read_exchange_file(path: &Path) -> Result<Vec<u8>, Failure> {
    read_incoming(path, IncomingFile::Batch).map_err(exchange_read_failure)
}

/// A key file of the exchange (the central office's, or a workstation's) as text.
pub fn read_exchange_key(path: &Path) -> Result<String, Failure> {
    let bytes = read_incoming(path, IncomingFile::Key).map_err(exchange_read_failure)?;
    String::from_utf8(bytes).map_err(|_| Failure::Exchange(ExchangeError::KeyFileInvalid))
}

/// An unreadable file keeps the system's reason; a file that is not regular or too large is a refusal
/// of its own (`file-not-regular`, `file-too-large`).
fn exchange_read_failure(e: ReadError) -> Failure {
    match e {
        ReadError::Unreadable { path, source } => Failure::KeyOrBatchUnreadable {
            path: path.display().to_string(),
            detail: source.to_string(),
        },
        e @ (ReadError::NotRegular { .. } | ReadError::TooLarge { .. }) => {
            Failure::Refused(e.into())
        }
    }
}

/// Writes an output file whole or not at all (see `nssf_api::files`).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    nssf_api::files::write_atomically(path, bytes, &mut |_, _| {}).map_err(|e| {
        Failure::Unwritable {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    })
}

/// The folder an output goes into, made if missing.
pub fn create_folder(path: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(path).map_err(|e| Failure::Unwritable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}
