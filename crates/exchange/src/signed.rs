//! The layout the central office's small signed files share (acknowledgements, reference files): three
//! lines of UTF-8, a header naming the kind and version, the JSON body, and the base64 Ed25519 signature of
//! a kind-specific context followed by the body. Each kind keeps its own header, context (so a signature
//! over one kind never verifies as another) and size limit; this module writes and checks the layout.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::ExchangeError;

/// What distinguishes one kind of signed file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    /// The first line.
    pub header: &'static str,
    /// Signed before the body.
    pub context: &'static [u8],
    /// No larger file is read.
    pub max_bytes: u64,
    /// The kind's error for a file whose layout is wrong.
    pub invalid: fn(&str) -> ExchangeError,
}

/// The file: header, `body`, signature.
pub(crate) fn seal(kind: Kind, body: &[u8], key: &SigningKey) -> Vec<u8> {
    let signature = key.sign(&[kind.context, body].concat());
    let mut out = Vec::with_capacity(body.len() + 120);
    out.extend_from_slice(kind.header.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out.push(b'\n');
    out.extend_from_slice(STANDARD.encode(signature.to_bytes()).as_bytes());
    out.push(b'\n');
    out
}

/// The body of `bytes` once its size, layout and signature are checked against `key`;
/// [`ExchangeError::BadSignature`] for a file altered or signed with another key.
pub(crate) fn open<'a>(
    kind: Kind,
    bytes: &'a [u8],
    key: &VerifyingKey,
) -> Result<&'a [u8], ExchangeError> {
    if bytes.len() as u64 > kind.max_bytes {
        return Err(ExchangeError::TooLarge {
            size: bytes.len() as u64,
            max: kind.max_bytes,
        });
    }
    let mut lines = bytes.split(|b| *b == b'\n');
    if lines.next() != Some(kind.header.as_bytes()) {
        return Err((kind.invalid)("header"));
    }
    let body = lines.next().ok_or_else(|| (kind.invalid)("truncated"))?;
    let signature = lines.next().ok_or_else(|| (kind.invalid)("truncated"))?;
    if lines.next() != Some(b"") || lines.next().is_some() {
        return Err((kind.invalid)("trailing bytes"));
    }
    let signature: [u8; 64] = STANDARD
        .decode(signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(ExchangeError::BadSignature)?;
    key.verify(
        &[kind.context, body].concat(),
        &Signature::from_bytes(&signature),
    )
    .map_err(|_| ExchangeError::BadSignature)?;
    Ok(body)
}
