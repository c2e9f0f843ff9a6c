//! The part container: `NSSFBAT1`, a part count (u16 BE), then per part a name length (u8), the name
//! (ASCII), a data length (u64 BE) and the data. Nothing may follow the last part. Reading never
//! allocates from a length it has not checked against the bytes actually present.

use crate::ExchangeError;

/// The first eight bytes of every batch container.
pub const MAGIC: &[u8; 8] = b"NSSFBAT1";
/// The parts of a version-1 batch, in their required order.
pub const PART_NAMES: [&str; 6] = [
    "manifest.json",
    "members.jsonl",
    "payments.jsonl",
    "voids.jsonl",
    "days.jsonl",
    "signature",
];
/// More parts than this is refused before anything else is read.
pub const MAX_PARTS: u64 = 16;
/// The longest part name accepted, in bytes.
pub const MAX_NAME: usize = 64;

/// Lays the parts out in the order given.
pub fn write(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let size: usize = parts.iter().map(|(n, d)| 9 + n.len() + d.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 2 + size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(parts.len() as u16).to_be_bytes());
    for (name, data) in parts {
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_be_bytes());
        out.extend_from_slice(data);
    }
    out
}

fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8], ExchangeError> {
    let end = at.checked_add(n).ok_or(ExchangeError::Truncated)?;
    let slice = bytes.get(*at..end).ok_or(ExchangeError::Truncated)?;
    *at = end;
    Ok(slice)
}

/// Splits a container into its named parts (borrowed), in file order, without judging the names.
pub fn read(bytes: &[u8]) -> Result<Vec<(&str, &[u8])>, ExchangeError> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) {
            ExchangeError::Truncated
        } else {
            ExchangeError::BadMagic
        });
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(ExchangeError::BadMagic);
    }
    let mut at = MAGIC.len();
    let count = take(bytes, &mut at, 2)?;
    let count = u64::from(u16::from_be_bytes([count[0], count[1]]));
    if count > MAX_PARTS {
        return Err(ExchangeError::TooManyParts(count));
    }
    let mut parts = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let len = usize::from(take(bytes, &mut at, 1)?[0]);
        if len == 0 || len > MAX_NAME {
            return Err(ExchangeError::BadPartName);
        }
        let name = take(bytes, &mut at, len)?;
        let name = std::str::from_utf8(name).map_err(|_| ExchangeError::BadPartName)?;
        if !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ExchangeError::BadPartName);
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(take(bytes, &mut at, 8)?);
        let len = usize::try_from(u64::from_be_bytes(len)).map_err(|_| ExchangeError::Truncated)?;
        let data = take(bytes, &mut at, len)?;
        parts.push((name, data));
    }
    if at != bytes.len() {
        return Err(ExchangeError::TrailingBytes);
    }
    Ok(parts)
}

/// Checks that the parts are exactly [`PART_NAMES`] in order and returns their data in that order.
pub fn expect_parts<'a>(parts: &[(&str, &'a [u8])]) -> Result<[&'a [u8]; 6], ExchangeError> {
    for (i, (name, _)) in parts.iter().enumerate() {
        if !PART_NAMES.contains(name) {
            return Err(ExchangeError::UnknownPart((*name).to_owned()));
        }
        if parts[..i].iter().any(|(n, _)| n == name) {
            return Err(ExchangeError::PartOrder((*name).to_owned()));
        }
    }
    if let Some(missing) = PART_NAMES
        .iter()
        .find(|n| !parts.iter().any(|(p, _)| p == *n))
    {
        return Err(ExchangeError::MissingPart((*missing).to_owned()));
    }
    let mut out: [&[u8]; 6] = [&[]; 6];
    for (i, expected) in PART_NAMES.iter().enumerate() {
        let (name, data) = parts[i];
        if name != *expected {
            return Err(ExchangeError::PartOrder(name.to_owned()));
        }
        out[i] = data;
    }
    Ok(out)
}
