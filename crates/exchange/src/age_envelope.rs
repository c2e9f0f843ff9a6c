//! The age envelope of an encrypted batch, opened with bounded work. age tries every recipient stanza of a
//! header against the identity, one X25519 key agreement each, before it can tell the file was not meant
//! for us: 20,000 stanzas in a 2 MB file cost two minutes (`docs/reliability.md`). A batch is encrypted
//! to exactly one recipient, the central office, so its header is read here first, as text, within
//! [`MAX_HEADER_BYTES`], and any other shape is refused before a key is tried. Then the payload is
//! decrypted into one buffer sized from the file (the plaintext is always shorter than the ciphertext),
//! so it is never reallocated while it grows.
//!
//! The header (<https://c2sp.org/age>): the line `age-encryption.org/v1`, then stanzas, each a line
//! `-> TAG ARGS…` followed by body lines of base64 (64 columns, the last shorter), then the MAC line
//! `--- MAC`. The age crate adds one "grease" stanza to every file it writes (a random tag ending in
//! `-grease`, so that parsers keep accepting unknown stanzas), so the header a batch carries is one
//! `X25519` stanza and at most one grease stanza.

use std::io::Read;

use crate::ExchangeError;

/// The first line of an age v1 file.
const VERSION_LINE: &[u8] = b"age-encryption.org/v1";
/// The longest header read. A batch's header is under 500 bytes: the version line (22), one X25519
/// stanza (about 100), one grease stanza (at most about 210) and the MAC line (47).
pub const MAX_HEADER_BYTES: usize = 2048;
/// The tag of the one recipient a batch is encrypted to.
const X25519_TAG: &str = "X25519";
/// The suffix the age crate gives the tag of the stanza it adds to every header.
const GREASE_SUFFIX: &str = "-grease";
/// The longest header line accepted: body lines are wrapped at 64 columns, a stanza's first line is 53
/// (X25519) or at most about 55 (grease), the MAC line 47.
const MAX_LINE: usize = 80;

/// Why a header is refused, for logs (users see one code).
fn refuse(detail: &str) -> ExchangeError {
    ExchangeError::EncryptionHeader(detail.to_owned())
}

/// Checks that `file`'s age header names exactly one X25519 recipient (and at most the one grease stanza
/// age adds), reading no further than [`MAX_HEADER_BYTES`]. Nothing is decrypted.
pub fn check_header(file: &[u8]) -> Result<(), ExchangeError> {
    let head = &file[..file.len().min(MAX_HEADER_BYTES)];
    let mut lines = head.split(|b| *b == b'\n');
    if lines.next() != Some(VERSION_LINE) {
        return Err(refuse("version line"));
    }
    let (mut recipients, mut grease) = (0u32, 0u32);
    for line in lines {
        if line.len() > MAX_LINE {
            return Err(refuse("line too long"));
        }
        if line.starts_with(b"--- ") {
            return match (recipients, grease) {
                (1, 0 | 1) => Ok(()),
                (0, _) => Err(refuse("no X25519 recipient")),
                _ => Err(refuse("more than one recipient stanza")),
            };
        }
        if let Some(stanza) = line.strip_prefix(b"-> ") {
            let stanza = std::str::from_utf8(stanza).map_err(|_| refuse("stanza not ASCII"))?;
            let tag = stanza.split(' ').next().unwrap_or_default();
            if tag == X25519_TAG {
                recipients += 1;
            } else if tag.ends_with(GREASE_SUFFIX) {
                grease += 1;
            } else {
                return Err(refuse("stanza of another kind"));
            }
            if recipients > 1 || grease > 1 {
                return Err(refuse("more than one recipient stanza"));
            }
        }
    }
    // The MAC line was not within the first MAX_HEADER_BYTES (or the file ends before it).
    Err(refuse("header too long or cut short"))
}

/// Decrypts an age file to `identity` once [`check_header`] accepts its header, into one buffer.
pub fn decrypt(file: &[u8], identity: &age::x25519::Identity) -> Result<Vec<u8>, ExchangeError> {
    check_header(file)?;
    let decrypt_error = |e: &dyn std::fmt::Display| ExchangeError::Decrypt(e.to_string());
    let decryptor = age::Decryptor::new_buffered(file).map_err(|e| decrypt_error(&e))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| decrypt_error(&e))?;
    // The payload is the plaintext plus a 16-byte tag per 64 KiB chunk, after the header: `file.len()`
    // holds the plaintext with room to spare, so `read_to_end` never grows (and copies) the buffer.
    let mut plaintext = Vec::with_capacity(file.len());
    reader
        .read_to_end(&mut plaintext)
        .map_err(|e| decrypt_error(&e))?;
    Ok(plaintext)
}
