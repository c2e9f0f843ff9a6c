//! The files the commands read and write, each read failing with the kind the exit-code table expects.

use std::io::Read;
use std::path::Path;

use nssf_exchange::batch::MAX_BATCH_BYTES;
use nssf_exchange::ExchangeError;

use crate::failure::Failure;

/// The text of a file the command stores (the registration JSON); `-` reads standard input.
pub fn read_input_text(path: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| Failure::InputUnreadable {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    Ok(text)
}

/// The bytes of a file the command stores (a photo).
pub fn read_input_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::InputUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// An office key file as text, for `verify-card`.
pub fn read_office_key(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::KeyOrBatchUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// A batch, acknowledgement or key file of the exchange. Bounded: nothing larger than a batch is ever read
/// whole.
pub fn read_exchange_file(path: &Path) -> Result<Vec<u8>, Failure> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_BATCH_BYTES {
        return Err(Failure::Exchange(ExchangeError::TooLarge {
            size,
            max: MAX_BATCH_BYTES,
        }));
    }
    std::fs::read(path).map_err(|e| Failure::KeyOrBatchUnreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// A key file of the exchange (the central office's, or a workstation's) as text.
pub fn read_exchange_key(path: &Path) -> Result<String, Failure> {
    String::from_utf8(read_exchange_file(path)?)
        .map_err(|_| Failure::Exchange(ExchangeError::KeyFileInvalid))
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
