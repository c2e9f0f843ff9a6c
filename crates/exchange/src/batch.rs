//! A batch: the manifest, the records in four parts, the signature. Writing is deterministic: the same
//! change-log entries, batch number and previous hash give the same bytes. Reading checks, in this order:
//! size, decryption, container, part names and order, manifest, signer trusted, signature, part hashes,
//! records (count bounded before parsing), sequence range, counts per kind, control totals.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{Receipt, Void};
use serde::{Deserialize, Serialize};

use crate::container::{self, PART_NAMES};
use crate::{sha256_hex, ExchangeError, FORMAT_VERSION};

/// The largest batch file read, encrypted or not: five weeks of the busiest office we plan for (a week of
/// 5,000 registrations and 20,000 payments is 12.8 MB), and a bound on the memory a file can make the
/// central office spend before its signature is checked (`docs/reliability.md`).
pub const MAX_BATCH_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes of record lines one batch carries: [`MAX_BATCH_BYTES`] less room for the manifest
/// (at most [`MAX_MANIFEST_BYTES`]), the container's framing and age's overhead (16 bytes a 64 KiB chunk),
/// so that every batch an office writes is one the central office reads.
pub const RECORD_BUDGET_BYTES: u64 = 60 * 1024 * 1024;
/// The largest manifest read.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;
/// The most records one batch may announce.
pub const MAX_RECORDS: u64 = 5_000_000;
/// Prefix of the signed message: the manifest's bytes follow it.
pub const SIGNATURE_CONTEXT: &[u8] = b"NSSF-BATCH-SIG-1\n";
/// The first bytes of an age-encrypted file.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// `previous_sha256` of a workstation's first batch.
pub const NO_PREVIOUS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every kind, in the order counts are listed and documented.
pub const KINDS: [ChangeKind; 8] = [
    ChangeKind::MemberRegistered,
    ChangeKind::MemberAmended,
    ChangeKind::BaseChanged,
    ChangeKind::PaymentRecorded,
    ChangeKind::ReceiptVoided,
    ChangeKind::DayClosed,
    ChangeKind::PhotoChanged,
    ChangeKind::CardIssued,
];

/// The kind's name in JSON (`member_registered`, …).
pub fn kind_name(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::MemberRegistered => "member_registered",
        ChangeKind::MemberAmended => "member_amended",
        ChangeKind::BaseChanged => "base_changed",
        ChangeKind::PaymentRecorded => "payment_recorded",
        ChangeKind::ReceiptVoided => "receipt_voided",
        ChangeKind::DayClosed => "day_closed",
        ChangeKind::PhotoChanged => "photo_changed",
        ChangeKind::CardIssued => "card_issued",
    }
}

/// The index in [`PART_NAMES`] of the part that carries a kind.
pub fn part_of(kind: ChangeKind) -> usize {
    match kind {
        ChangeKind::MemberRegistered
        | ChangeKind::MemberAmended
        | ChangeKind::BaseChanged
        | ChangeKind::PhotoChanged
        | ChangeKind::CardIssued => 1,
        ChangeKind::PaymentRecorded => 2,
        ChangeKind::ReceiptVoided => 3,
        ChangeKind::DayClosed => 4,
    }
}

/// One data part as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartInfo {
    /// The part's name (one of [`crate::container::PART_NAMES`]).
    pub name: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// Its SHA-256, hex.
    pub sha256: String,
}

/// Control totals, recomputed from the records by every reader.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Payment records in the batch.
    pub payments: u64,
    /// Sum of `total_kip` of the payment records, by `method`.
    pub kip_by_method: BTreeMap<String, i64>,
    /// Sum of `total_kip` of all payment records.
    pub kip_total: i64,
    /// Void records in the batch.
    pub voids: u64,
}

/// A batch's signed description: who wrote it, which changes it carries, and the hash of every part
/// (see `docs/batch-format.md`, "Manifest").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `nssf-batch`.
    pub format: String,
    /// The format version, [`FORMAT_VERSION`].
    pub version: u32,
    /// The workstation's district code, `DDDD`.
    pub office: String,
    /// The workstation's code, `WW`.
    pub workstation: String,
    /// The batch's number at its workstation: 1, 2, 3, …
    pub batch: u64,
    /// The SHA-256 of batch `batch - 1`'s signed container; [`NO_PREVIOUS`] for batch 1.
    pub previous_sha256: String,
    /// The first change (sequence number) the batch carries.
    pub first_seq: u64,
    /// The last change it carries.
    pub last_seq: u64,
    /// Records per change kind, every kind listed.
    pub counts: BTreeMap<String, u64>,
    /// Control totals of the payment and void records.
    pub control: Control,
    /// The data parts, in order.
    pub parts: Vec<PartInfo>,
    /// The workstation's Ed25519 public key, standard base64.
    pub signer: String,
}

impl Manifest {
    /// `DDDD-WW`.
    pub fn office_id(&self) -> String {
        crate::office_id(&self.office, &self.workstation)
    }
}

/// What goes into a batch, on the office side.
#[derive(Debug)]
pub struct BatchInput<'a> {
    /// The workstation's district code, `DDDD`.
    pub office: &'a str,
    /// The workstation's code, `WW`.
    pub workstation: &'a str,
    /// The batch's number.
    pub batch: u64,
    /// The SHA-256 of the previous batch's signed container; [`NO_PREVIOUS`] for batch 1.
    pub previous_sha256: &'a str,
    /// The first change sent: the highest acknowledged sequence + 1.
    pub first_seq: u64,
    /// Every change from `first_seq` on, in order, without gaps.
    pub entries: &'a [ChangeEntry],
    /// The workstation's public key, named in the manifest.
    pub signer: VerifyingKey,
}

/// A batch as written: the signed container (before any encryption) and its SHA-256, which the next
/// batch names as `previous_sha256`.
#[derive(Debug, Clone)]
pub struct WrittenBatch {
    /// The manifest as signed.
    pub manifest: Manifest,
    /// The signed container's bytes.
    pub plaintext: Vec<u8>,
    /// Their SHA-256, hex.
    pub sha256: String,
}

fn counts_and_control(entries: &[ChangeEntry]) -> Result<(BTreeMap<String, u64>, Control), String> {
    let mut counts: BTreeMap<String, u64> = KINDS
        .iter()
        .map(|k| (kind_name(*k).to_owned(), 0))
        .collect();
    let mut control = Control::default();
    for e in entries {
        *counts.entry(kind_name(e.kind).to_owned()).or_default() += 1;
        match e.kind {
            ChangeKind::PaymentRecorded => {
                let r: Receipt = serde_json::from_value(e.record.clone())
                    .map_err(|err| format!("payment {}: {err}", e.seq))?;
                control.payments += 1;
                let by = control.kip_by_method.entry(r.method).or_default();
                *by = by.checked_add(r.total_kip).ok_or("kip overflow")?;
                control.kip_total = control
                    .kip_total
                    .checked_add(r.total_kip)
                    .ok_or("kip overflow")?;
            }
            ChangeKind::ReceiptVoided => {
                let _: Void = serde_json::from_value(e.record.clone())
                    .map_err(|err| format!("void {}: {err}", e.seq))?;
                control.voids += 1;
            }
            ChangeKind::MemberRegistered
            | ChangeKind::MemberAmended
            | ChangeKind::BaseChanged
            | ChangeKind::DayClosed
            | ChangeKind::PhotoChanged
            | ChangeKind::CardIssued => {}
        }
    }
    Ok((counts, control))
}

/// A record's line. Plain data always serialises; should it ever fail, the batch is not written rather than
/// written with an empty record.
fn to_line(entry: &ChangeEntry) -> Result<Vec<u8>, ExchangeError> {
    let mut line = serde_json::to_vec(entry).map_err(|e| ExchangeError::RecordInvalid {
        part: PART_NAMES[part_of(entry.kind)].into(),
        line: 0,
        detail: e.to_string(),
    })?;
    line.push(b'\n');
    Ok(line)
}

/// How many of `entries`, from the first, fit in one batch whose record lines may take `budget` bytes
/// ([`RECORD_BUDGET_BYTES`] for a real batch). The exporter sends those and holds the rest back for the next
/// batch, which starts where the acknowledgement of this one ends: an office weeks behind catches up over
/// several round trips instead of writing a file the central office refuses. One entry always fits, so a
/// backlog cannot stall on a record larger than the budget (none comes near it: photos do not travel).
pub fn records_that_fit(entries: &[ChangeEntry], budget: u64) -> Result<usize, ExchangeError> {
    let mut used = 0u64;
    for (i, entry) in entries.iter().enumerate() {
        used += to_line(entry)?.len() as u64;
        if used > budget && i > 0 {
            return Ok(i);
        }
    }
    Ok(entries.len())
}

/// The signed message for a manifest's bytes.
pub fn signed_message(manifest: &[u8]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, manifest].concat()
}

/// Writes a batch. `sign` signs with the workstation's key (whose public half is `input.signer`).
pub fn write(
    input: &BatchInput<'_>,
    sign: &dyn Fn(&[u8]) -> [u8; 64],
) -> Result<WrittenBatch, ExchangeError> {
    let last_seq = input.first_seq - 1 + input.entries.len() as u64;
    for (i, e) in input.entries.iter().enumerate() {
        if e.seq != input.first_seq + i as u64 {
            return Err(ExchangeError::RecordRange {
                first: input.first_seq,
                last: last_seq,
            });
        }
    }
    let (counts, control) =
        counts_and_control(input.entries).map_err(|detail| ExchangeError::RecordInvalid {
            part: "changes".into(),
            line: 0,
            detail,
        })?;
    let mut data: [Vec<u8>; 4] = Default::default();
    for e in input.entries {
        data[part_of(e.kind) - 1].extend(to_line(e)?);
    }
    let parts = (1..=4)
        .map(|i| PartInfo {
            name: PART_NAMES[i].to_owned(),
            bytes: data[i - 1].len() as u64,
            sha256: sha256_hex(&data[i - 1]),
        })
        .collect();
    let manifest = Manifest {
        format: "nssf-batch".into(),
        version: FORMAT_VERSION,
        office: input.office.to_owned(),
        workstation: input.workstation.to_owned(),
        batch: input.batch,
        previous_sha256: input.previous_sha256.to_owned(),
        first_seq: input.first_seq,
        last_seq,
        counts,
        control,
        parts,
        signer: STANDARD.encode(input.signer.as_bytes()),
    };
    let plaintext = seal(&manifest, &data, sign)?;
    Ok(WrittenBatch {
        sha256: sha256_hex(&plaintext),
        manifest,
        plaintext,
    })
}

/// Serialises and signs a manifest and lays out the container. Public so that tests can re-sign a
/// manifest they altered, proving that the checks after the signature work on their own.
pub fn seal(
    manifest: &Manifest,
    data: &[Vec<u8>; 4],
    sign: &dyn Fn(&[u8]) -> [u8; 64],
) -> Result<Vec<u8>, ExchangeError> {
    let manifest_bytes =
        serde_json::to_vec(manifest).map_err(|e| ExchangeError::ManifestInvalid(e.to_string()))?;
    let signature = sign(&signed_message(&manifest_bytes));
    Ok(container::write(&[
        (PART_NAMES[0], &manifest_bytes),
        (PART_NAMES[1], &data[0]),
        (PART_NAMES[2], &data[1]),
        (PART_NAMES[3], &data[2]),
        (PART_NAMES[4], &data[3]),
        (PART_NAMES[5], &signature),
    ]))
}

/// Encrypts a batch to the central office (age, one X25519 recipient, binary format).
pub fn encrypt(
    plaintext: &[u8],
    recipient: &age::x25519::Recipient,
) -> Result<Vec<u8>, ExchangeError> {
    age::encrypt(recipient, plaintext).map_err(|e| ExchangeError::Storage(e.to_string()))
}

/// The batch format versions this code reads, one per format. Any change to the manifest or to the records
/// is a new version: the writer moves to it ([`FORMAT_VERSION`]), this list gains it with its own arm in
/// [`Layout`], and the earlier versions stay readable, because districts upgrade at different times.
pub const VERSIONS_READ: [u32; 1] = [1];

/// How a version's manifest and records are laid out; one variant per entry of [`VERSIONS_READ`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Version 1: the manifest of [`Manifest`], four JSON-lines parts of change-log entries.
    V1,
}

/// The manifest's first words, read before its layout is known: only the format and its version.
#[derive(Deserialize)]
struct Preamble {
    format: String,
    version: u32,
}

/// The layout of a manifest's version: checked before the manifest itself is parsed, so a version this
/// code does not read is refused as such rather than as a manifest with unknown fields.
fn layout(manifest: &[u8]) -> Result<Layout, ExchangeError> {
    let preamble: Preamble = serde_json::from_slice(manifest)
        .map_err(|e| ExchangeError::ManifestInvalid(e.to_string()))?;
    if preamble.format != "nssf-batch" {
        return Err(ExchangeError::ManifestInvalid("format".into()));
    }
    match preamble.version {
        1 => Ok(Layout::V1),
        other => Err(ExchangeError::UnsupportedVersion(other)),
    }
}

/// A batch read and checked: its manifest, the SHA-256 of its signed container, its records by sequence.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The manifest, checked.
    pub manifest: Manifest,
    /// The SHA-256 of the signed container, hex.
    pub sha256: String,
    /// The change-log entries of the records, by sequence.
    pub entries: Vec<ChangeEntry>,
}

/// Decrypts when needed; returns the signed container. A container in the clear is borrowed, not copied:
/// a file at the size limit is held once.
pub fn decrypt<'a>(
    file: &'a [u8],
    identity: Option<&age::x25519::Identity>,
) -> Result<std::borrow::Cow<'a, [u8]>, ExchangeError> {
    if file.len() as u64 > MAX_BATCH_BYTES {
        return Err(ExchangeError::TooLarge {
            size: file.len() as u64,
            max: MAX_BATCH_BYTES,
        });
    }
    if !file.starts_with(AGE_MAGIC) {
        return Ok(std::borrow::Cow::Borrowed(file));
    }
    let identity = identity.ok_or(ExchangeError::NoIdentity)?;
    crate::age_envelope::decrypt(file, identity).map(std::borrow::Cow::Owned)
}

/// Reads and checks a batch file. `trusted` gives the trusted key of an office id `DDDD-WW`.
pub fn open(
    file: &[u8],
    identity: Option<&age::x25519::Identity>,
    trusted: &dyn Fn(&str) -> Option<VerifyingKey>,
) -> Result<Batch, ExchangeError> {
    let plaintext = decrypt(file, identity)?;
    open_plain(&plaintext, trusted)
}

/// Reads and checks a signed container (already decrypted).
pub fn open_plain(
    plaintext: &[u8],
    trusted: &dyn Fn(&str) -> Option<VerifyingKey>,
) -> Result<Batch, ExchangeError> {
    let parts = container::read(plaintext)?;
    let [manifest_bytes, members, payments, voids, days, signature] =
        container::expect_parts(&parts)?;
    if manifest_bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ExchangeError::ManifestInvalid("too large".into()));
    }
    let manifest = match layout(manifest_bytes)? {
        Layout::V1 => serde_json::from_slice::<Manifest>(manifest_bytes)
            .map_err(|e| ExchangeError::ManifestInvalid(e.to_string()))?,
    };
    let office = manifest.office_id();
    if !crate::keys::valid_office_id(&office) {
        return Err(ExchangeError::ManifestInvalid("office".into()));
    }
    let key = trusted(&office).ok_or_else(|| ExchangeError::UntrustedKey(office.clone()))?;
    if manifest.signer != STANDARD.encode(key.as_bytes()) {
        return Err(ExchangeError::UntrustedKey(office));
    }
    let signature: [u8; 64] = signature
        .try_into()
        .map_err(|_| ExchangeError::BadSignature)?;
    key.verify(
        &signed_message(manifest_bytes),
        &Signature::from_bytes(&signature),
    )
    .map_err(|_| ExchangeError::BadSignature)?;
    // From here on the manifest is the office's own word; the parts must match it.
    let data = [members, payments, voids, days];
    if manifest.parts.len() != 4 {
        return Err(ExchangeError::ManifestInvalid("parts".into()));
    }
    for (i, info) in manifest.parts.iter().enumerate() {
        if info.name != PART_NAMES[i + 1]
            || info.bytes != data[i].len() as u64
            || info.sha256 != sha256_hex(data[i])
        {
            return Err(ExchangeError::PartHash(PART_NAMES[i + 1].to_owned()));
        }
    }
    if manifest.first_seq == 0
        || manifest.last_seq < manifest.first_seq - 1
        || manifest.last_seq - (manifest.first_seq - 1) > MAX_RECORDS
        || manifest.batch == 0
    {
        return Err(ExchangeError::ManifestInvalid("range".into()));
    }
    let expected = manifest.last_seq - (manifest.first_seq - 1);
    let lines: u64 = data
        .iter()
        .map(|d| d.iter().filter(|b| **b == b'\n').count() as u64)
        .sum();
    if lines != expected {
        return Err(ExchangeError::RecordRange {
            first: manifest.first_seq,
            last: manifest.last_seq,
        });
    }
    let mut entries = Vec::with_capacity(expected as usize);
    for (i, d) in data.iter().enumerate() {
        let part = PART_NAMES[i + 1];
        if !d.is_empty() && d.last() != Some(&b'\n') {
            return Err(ExchangeError::RecordInvalid {
                part: part.into(),
                line: 0,
                detail: "unterminated line".into(),
            });
        }
        let mut previous = 0u64;
        let count = d.iter().filter(|b| **b == b'\n').count();
        for (n, line) in d.split(|b| *b == b'\n').take(count).enumerate() {
            let invalid = |detail: String| ExchangeError::RecordInvalid {
                part: part.into(),
                line: n as u64 + 1,
                detail,
            };
            let entry: ChangeEntry =
                serde_json::from_slice(line).map_err(|e| invalid(e.to_string()))?;
            if part_of(entry.kind) != i + 1 {
                return Err(invalid("record in the wrong part".into()));
            }
            if entry.seq <= previous
                || entry.seq < manifest.first_seq
                || entry.seq > manifest.last_seq
            {
                return Err(ExchangeError::RecordRange {
                    first: manifest.first_seq,
                    last: manifest.last_seq,
                });
            }
            previous = entry.seq;
            entries.push(entry);
        }
    }
    entries.sort_by_key(|e| e.seq);
    for (i, e) in entries.iter().enumerate() {
        if e.seq != manifest.first_seq + i as u64 {
            return Err(ExchangeError::RecordRange {
                first: manifest.first_seq,
                last: manifest.last_seq,
            });
        }
    }
    let (counts, control) =
        counts_and_control(&entries).map_err(|detail| ExchangeError::RecordInvalid {
            part: PART_NAMES[2].into(),
            line: 0,
            detail,
        })?;
    if counts != manifest.counts {
        let kind = counts
            .iter()
            .find(|(k, v)| manifest.counts.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .or_else(|| {
                manifest
                    .counts
                    .keys()
                    .find(|k| !counts.contains_key(*k))
                    .cloned()
            })
            .unwrap_or_default();
        return Err(ExchangeError::CountMismatch(kind));
    }
    if control != manifest.control {
        let detail = if control.kip_by_method != manifest.control.kip_by_method
            || control.kip_total != manifest.control.kip_total
        {
            "kip by method"
        } else if control.voids != manifest.control.voids {
            "voids"
        } else {
            "payments"
        };
        return Err(ExchangeError::TotalsMismatch(detail.into()));
    }
    Ok(Batch {
        manifest,
        sha256: sha256_hex(plaintext),
        entries,
    })
}

/// The batch's file name: `nssf-DDDD-WW-NNNNNN.batch`.
pub fn file_name(office_id: &str, batch: u64) -> String {
    format!("nssf-{office_id}-{batch:06}.batch")
}
