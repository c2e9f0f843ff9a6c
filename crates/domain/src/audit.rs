//! The audit trail's hash chain as every reader computes it (`docs/audit-trail.md`, section 2): one
//! entry's canonical bytes and their SHA-256. The office store chains its entries with it, and the
//! central office recomputes each hash of the entries a batch carries with the very same function, so
//! the two can never disagree about an encoding.

use serde::{Deserialize, Serialize};

/// The first element of an entry's canonical bytes: names the encoding, so a later one cannot be taken
/// for it.
pub const AUDIT_HASH_VERSION: &str = "nssf-audit-1";

/// The `prev_hash` of a chain's first entry: 64 zeros. Each office data folder (so each workstation, and
/// a successor that replaces one) starts its own chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One field before and after, as an audit entry's `detail` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditDetail {
    /// What changed (a field name, or `receipt`, `card`, …).
    pub field: String,
    /// The value before, empty when there was none.
    pub before: String,
    /// The value after.
    pub after: String,
}

/// One audit entry as it leaves its workstation, with the field names of `audit list --json` and of the
/// batch's `audit.jsonl`. `at` and `action` are text exactly as hashed: a reader recomputes the hash
/// without knowing the actions a later version adds, and without formatting a time again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainedEntry {
    /// Its place in the workstation's chain: 1, 2, 3, …
    pub seq: u64,
    /// When, RFC 3339 in UTC as the canonical bytes write it.
    pub at: String,
    /// The staff id of whoever did it.
    pub actor: String,
    /// What was done (`registered`, `paid`, …).
    pub action: String,
    /// What it was done to (a member number, `batch/N`, …).
    pub record: String,
    /// The fields before and after.
    pub detail: Vec<AuditDetail>,
    /// SHA-256 of the canonical bytes, 64 lower-case hex digits.
    pub hash: String,
    /// The hash of entry `seq - 1`; [`GENESIS_HASH`] for entry 1.
    pub prev_hash: String,
}

impl ChainedEntry {
    /// The entry's canonical bytes ([`canonical_bytes`]).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        canonical_bytes(
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.record,
            self.detail
                .iter()
                .map(|d| (d.field.as_str(), d.before.as_str(), d.after.as_str())),
            &self.prev_hash,
        )
    }

    /// The hash its content gives: what [`hash`](ChainedEntry::hash) must hold.
    pub fn computed_hash(&self) -> String {
        entry_hash(&self.canonical_bytes())
    }
}

/// The canonical bytes of an entry: the compact JSON array
/// `["nssf-audit-1", seq, at, actor, action, record, [[field, before, after], …], prev_hash]`, UTF-8, no
/// spaces, strings escaped as JSON requires and nothing more (non-ASCII written as is).
pub fn canonical_bytes<'a>(
    seq: u64,
    at: &str,
    actor: &str,
    action: &str,
    record: &str,
    detail: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    prev_hash: &str,
) -> Vec<u8> {
    use serde_json::Value;
    let text = |s: &str| Value::String(s.to_owned());
    let detail: Vec<Value> = detail
        .map(|(field, before, after)| Value::Array(vec![text(field), text(before), text(after)]))
        .collect();
    let array = Value::Array(vec![
        text(AUDIT_HASH_VERSION),
        Value::from(seq),
        text(at),
        text(actor),
        text(action),
        text(record),
        Value::Array(detail),
        text(prev_hash),
    ]);
    // A `Value` displays as compact JSON; writing it to a `String` cannot fail.
    array.to_string().into_bytes()
}

/// The SHA-256 of canonical bytes, 64 lower-case hex digits.
pub fn entry_hash(canonical: &[u8]) -> String {
    sha256_hex(canonical)
}

/// Lower-case hex SHA-256: audit hashes, batch and file fingerprints, change records. The one copy; the
/// store and the exchange re-export it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example `docs/audit-trail.md` gives (the store's tests pin it too).
    #[test]
    fn the_documented_example_hashes_as_documented() {
        let entry = ChainedEntry {
            seq: 7,
            at: "2026-11-26T09:05:00.120Z".into(),
            actor: "noy".into(),
            action: "amended".into(),
            record: "0101-03-0000001-6".into(),
            detail: vec![AuditDetail {
                field: "phone".into(),
                before: "\"ເກົ່າ\"".into(),
                after: "+8562055551234".into(),
            }],
            hash: String::new(),
            prev_hash: GENESIS_HASH.into(),
        };
        assert_eq!(
            String::from_utf8(entry.canonical_bytes()).ok().as_deref(),
            Some(
                r#"["nssf-audit-1",7,"2026-11-26T09:05:00.120Z","noy","amended","0101-03-0000001-6",[["phone","\"ເກົ່າ\"","+8562055551234"]],"0000000000000000000000000000000000000000000000000000000000000000"]"#
            )
        );
        assert_eq!(
            entry.computed_hash(),
            "3106517872a1ad2c67442c3c0b455d45923075c314f8f6b5746a513b7a109b30"
        );
    }
}
