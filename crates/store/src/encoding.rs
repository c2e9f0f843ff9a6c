//! How keys and values are laid out in bytes, and reading them back so that a damaged row is an error
//! naming its tree and key ([`StoreError::Corrupt`]), never a row quietly skipped or read as zero.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::Tree;

use crate::{Damage, StoreError};

/// A composite key: the parts joined by `\0` (no part contains one), so prefix scans follow the parts.
pub(crate) fn key(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(&0u8)
}

/// The tree's name as text, for errors.
fn tree_name(tree: &Tree) -> String {
    String::from_utf8_lossy(&tree.name()).into_owned()
}

/// A key as a reader of an error message wants it: text keys as text (each `\0` shown as `\0`), the
/// 8-byte big-endian sequences (which start with a zero byte) as their number.
pub(crate) fn show_key(key: &[u8]) -> String {
    match std::str::from_utf8(key) {
        Ok(text) if key.first().is_some_and(|b| *b != 0) => text.escape_debug().to_string(),
        Ok(_) | Err(_) => match <[u8; 8]>::try_from(key) {
            Ok(bytes) => u64::from_be_bytes(bytes).to_string(),
            Err(_) => key.iter().map(|b| format!("{b:02x}")).collect(),
        },
    }
}

/// The error for a row of `tree` at `key` that is not what the tree holds.
pub(crate) fn corrupt(tree: &Tree, key: &[u8], damage: Damage) -> StoreError {
    StoreError::Corrupt {
        tree: tree_name(tree),
        key: show_key(key),
        damage,
    }
}

/// The error for an index entry (in `index` at `key`) that names a record missing from `records`.
pub(crate) fn dangling(index: &Tree, key: &[u8], records: &Tree, record: &str) -> StoreError {
    corrupt(
        index,
        key,
        Damage::Dangling {
            tree: tree_name(records),
            key: record.to_owned(),
        },
    )
}

/// The first byte of a record in the compact binary encoding: postcard (`docs/store-layout.md`). A JSON
/// record starts with `{`, so the two are told apart by their first byte; a later binary layout takes the
/// next tag and keeps reading this one.
pub(crate) const BINARY_RECORD_V1: u8 = 0x01;

/// The trees whose records are binary since schema 5: the bulk of a store (one row per member and per
/// receipt), read on every lookup, search hit and report. Every other tree keeps JSON: its records are
/// few or small, or leave the office as they are (the change log's entries go into the weekly batch, the
/// audit chain's hashes cover their JSON).
const BINARY_TREES: &[&[u8]] = &[b"members", b"receipts"];

/// Whether `tree` holds binary records.
fn is_binary(tree: &Tree) -> bool {
    let name = tree.name();
    BINARY_TREES.contains(&name.as_ref())
}

/// The error for a record that cannot be encoded. serde_json's error type carries the binary encoder's
/// reason too, so that one variant ([`StoreError::Encode`]) reports both.
fn unencodable(tree: &Tree, why: impl std::fmt::Display) -> StoreError {
    StoreError::Encode {
        tree: tree_name(tree),
        source: <serde_json::Error as serde::ser::Error>::custom(why),
    }
}

/// A record in the encoding of `tree`: binary ([`BINARY_RECORD_V1`] then postcard) for members and
/// receipts, JSON for the rest.
pub(crate) fn encode<T: Serialize>(tree: &Tree, value: &T) -> Result<Vec<u8>, StoreError> {
    if is_binary(tree) {
        binary(tree, value)
    } else {
        serde_json::to_vec(value).map_err(|source| StoreError::Encode {
            tree: tree_name(tree),
            source,
        })
    }
}

/// A record in the binary encoding, whatever its tree (the upgrade re-encodes rows read as JSON).
pub(crate) fn binary<T: Serialize>(tree: &Tree, value: &T) -> Result<Vec<u8>, StoreError> {
    let out = vec![BINARY_RECORD_V1];
    postcard::to_extend(value, out).map_err(|e| unencodable(tree, e))
}

/// A record as a JSON value (a change-log entry's `record`, an audit diff), for `tree`.
pub(crate) fn encode_value<T: Serialize>(
    tree: &Tree,
    value: &T,
) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(value).map_err(|source| StoreError::Encode {
        tree: tree_name(tree),
        source,
    })
}

/// The record stored in `tree` at `key`, in either encoding, told apart by its first byte: a binary
/// record ([`BINARY_RECORD_V1`]) or JSON (every tree's records before schema 5, which the in-place
/// migrations up to schema 4 and the upgrade itself read; `Store::check` reports a JSON record left in a
/// binary tree).
pub(crate) fn decode<T: DeserializeOwned>(
    tree: &Tree,
    key: &[u8],
    value: &[u8],
) -> Result<T, StoreError> {
    decode_borrowed(tree, key, value)
}

/// [`decode`] for a record that borrows text from the row (a pass over many rows that keeps few fields).
pub(crate) fn decode_borrowed<'a, T: Deserialize<'a>>(
    tree: &Tree,
    key: &[u8],
    value: &'a [u8],
) -> Result<T, StoreError> {
    match value.split_first() {
        Some((&BINARY_RECORD_V1, rest)) => postcard::from_bytes(rest).map_err(|e| {
            corrupt(
                tree,
                key,
                Damage::Json(<serde_json::Error as serde::de::Error>::custom(e)),
            )
        }),
        _ => serde_json::from_slice(value).map_err(|e| corrupt(tree, key, Damage::Json(e))),
    }
}

/// Whether a row of `tree` is in the encoding the tree's records are written in now (a JSON record in
/// `members` or `receipts` is a row the schema 5 upgrade did not convert).
pub(crate) fn in_current_encoding(tree: &Tree, value: &[u8]) -> bool {
    !is_binary(tree) || value.first() == Some(&BINARY_RECORD_V1)
}

/// Text kept in a key or value of `tree` at `key` (member and receipt numbers, months).
pub(crate) fn text(tree: &Tree, key: &[u8], bytes: &[u8]) -> Result<String, StoreError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| corrupt(tree, key, Damage::NotText))
}

/// A big-endian number of `N` bytes kept in `tree` at `key`.
fn be_bytes<const N: usize>(tree: &Tree, key: &[u8], bytes: &[u8]) -> Result<[u8; N], StoreError> {
    <[u8; N]>::try_from(bytes).map_err(|_| {
        corrupt(
            tree,
            key,
            Damage::Width {
                expected: N,
                found: bytes.len(),
            },
        )
    })
}

/// A counter or sequence (u64 big-endian).
pub(crate) fn u64_be(tree: &Tree, key: &[u8], bytes: &[u8]) -> Result<u64, StoreError> {
    be_bytes(tree, key, bytes).map(u64::from_be_bytes)
}

/// An amount of kip (i64 big-endian).
pub(crate) fn i64_be(tree: &Tree, key: &[u8], bytes: &[u8]) -> Result<i64, StoreError> {
    be_bytes(tree, key, bytes).map(i64::from_be_bytes)
}

/// A print count (u32 big-endian).
pub(crate) fn u32_be(tree: &Tree, key: &[u8], bytes: &[u8]) -> Result<u32, StoreError> {
    be_bytes(tree, key, bytes).map(u32::from_be_bytes)
}

/// The member (or receipt) number after the last `\0` of an index key: what the index entry points at.
pub(crate) fn last_part(tree: &Tree, key: &[u8]) -> Result<String, StoreError> {
    let Some(pos) = key.iter().rposition(|b| *b == 0) else {
        return Err(corrupt(tree, key, Damage::KeyLayout("… \\0 number")));
    };
    text(tree, key, &key[pos + 1..])
}

/// The part of `key` after `prefix` (a scan prefix), as text.
pub(crate) fn rest(tree: &Tree, key: &[u8], prefix: &[u8]) -> Result<String, StoreError> {
    text(tree, key, &key[prefix.len()..])
}

/// The month after `prefix` in a `member \0 YYYY-MM` key.
pub(crate) fn month_after(
    tree: &Tree,
    key: &[u8],
    prefix: &[u8],
) -> Result<nssf_domain::Month, StoreError> {
    let month = rest(tree, key, prefix)?;
    nssf_domain::Month::parse(&month)
        .ok_or_else(|| corrupt(tree, key, Damage::KeyLayout("member \\0 YYYY-MM")))
}

#[cfg(test)]
mod tests {
    use super::show_key;

    #[test]
    fn keys_show_as_text_or_as_their_sequence() {
        let check = |key: &[u8], expected: &str| assert_eq!(show_key(key), expected, "{key:?}");
        check(b"0101-03-0000001-4", "0101-03-0000001-4");
        check(
            b"0101-03-0000001-4\x002026-01",
            "0101-03-0000001-4\\02026-01",
        );
        check(&5u64.to_be_bytes(), "5");
        check(&48u64.to_be_bytes(), "48");
        check(&[0xff, 0x00], "ff00");
        check(b"", "");
    }
}
