//! A batch: the manifest, the records in four parts, (version 2) the audit entries since the last
//! acknowledged, the signature. Writing is deterministic: the same change-log entries, audit entries,
//! batch number and previous hash give the same bytes. Reading checks, in this order: size, decryption,
//! container, part names and order (of the manifest's version), manifest, signer trusted, signature, part
//! hashes, records (count bounded before parsing), sequence range, counts per kind, control totals, audit
//! lines (count bounded before parsing). Whether the audit entries extend the chain the central office
//! holds is judged on import ([`crate::central`]), and reported rather than refused.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use nssf_domain::audit::ChainedEntry;
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

/// The part of a version-2 batch that carries the audit entries, between `days.jsonl` and `signature`.
pub const AUDIT_PART: &str = "audit.jsonl";

/// The parts of a version-2 batch, in their required order: version 1's, with [`AUDIT_PART`] before the
/// signature.
pub const PART_NAMES_V2: [&str; 7] = [
    PART_NAMES[0],
    PART_NAMES[1],
    PART_NAMES[2],
    PART_NAMES[3],
    PART_NAMES[4],
    AUDIT_PART,
    PART_NAMES[5],
];

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
    /// Version 2 on: how many audit entries [`AUDIT_PART`] carries (one line each). Absent in version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_entries: Option<u64>,
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
    /// The audit entries after the last one the central office acknowledged, in sequence order, carried
    /// as they are (version 2 on; a version-1 batch carries none).
    pub audit: &'a [ChainedEntry],
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

/// An audit entry's line in [`AUDIT_PART`].
fn audit_line(entry: &ChainedEntry) -> Result<Vec<u8>, ExchangeError> {
    let mut line = serde_json::to_vec(entry).map_err(|e| ExchangeError::RecordInvalid {
        part: AUDIT_PART.into(),
        line: 0,
        detail: e.to_string(),
    })?;
    line.push(b'\n');
    Ok(line)
}

/// How many of `entries`, from the first, fit in `budget` bytes of audit lines: what room the change
/// records leave in [`RECORD_BUDGET_BYTES`]. Possibly none: the rest travel in a later batch, since the
/// next batch carries every entry after the last one acknowledged.
pub fn audit_that_fit(entries: &[ChainedEntry], budget: u64) -> Result<usize, ExchangeError> {
    let mut used = 0u64;
    for (i, entry) in entries.iter().enumerate() {
        used += audit_line(entry)?.len() as u64;
        if used > budget {
            return Ok(i);
        }
    }
    Ok(entries.len())
}

/// The bytes of record lines `entries` take, for the room left to the audit entries.
pub fn record_bytes(entries: &[ChangeEntry]) -> Result<u64, ExchangeError> {
    entries
        .iter()
        .try_fold(0u64, |sum, e| Ok(sum + to_line(e)?.len() as u64))
}

/// The signed message for a manifest's bytes.
pub fn signed_message(manifest: &[u8]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, manifest].concat()
}

/// Writes a batch of the current version, [`FORMAT_VERSION`]. `sign` signs with the workstation's key
/// (whose public half is `input.signer`).
pub fn write(
    input: &BatchInput<'_>,
    sign: &dyn Fn(&[u8]) -> [u8; 64],
) -> Result<WrittenBatch, ExchangeError> {
    write_version(FORMAT_VERSION, input, sign)
}

/// Writes a batch of an earlier version too (one of [`VERSIONS_READ`]), so that tests can prove the
/// central office still reads what districts not yet upgraded send. Version 1 carries no audit entries:
/// `input.audit` must be empty.
pub fn write_version(
    version: u32,
    input: &BatchInput<'_>,
    sign: &dyn Fn(&[u8]) -> [u8; 64],
) -> Result<WrittenBatch, ExchangeError> {
    let layout = layout_of(version)?;
    if layout == Layout::V1 && !input.audit.is_empty() {
        return Err(ExchangeError::ManifestInvalid(
            "version 1 carries no audit entries".into(),
        ));
    }
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
    let mut data: Vec<Vec<u8>> = data.into();
    if layout == Layout::V2 {
        let mut audit = Vec::new();
        for entry in input.audit {
            audit.extend(audit_line(entry)?);
        }
        data.push(audit);
    }
    let names = part_names(layout);
    let parts = data
        .iter()
        .enumerate()
        .map(|(i, d)| PartInfo {
            name: names[i + 1].to_owned(),
            bytes: d.len() as u64,
            sha256: sha256_hex(d),
        })
        .collect();
    let manifest = Manifest {
        format: "nssf-batch".into(),
        version,
        office: input.office.to_owned(),
        workstation: input.workstation.to_owned(),
        batch: input.batch,
        previous_sha256: input.previous_sha256.to_owned(),
        first_seq: input.first_seq,
        last_seq,
        counts,
        control,
        audit_entries: (layout == Layout::V2).then_some(input.audit.len() as u64),
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

/// Serialises and signs a manifest and lays out the container: `data` holds the data parts in order,
/// four (version 1's) or five (version 2's). Public so that tests can re-sign a manifest they altered,
/// proving that the checks after the signature work on their own; the manifest's version is not judged
/// here, so a test may name one the reader refuses.
pub fn seal(
    manifest: &Manifest,
    data: &[Vec<u8>],
    sign: &dyn Fn(&[u8]) -> [u8; 64],
) -> Result<Vec<u8>, ExchangeError> {
    let names = [Layout::V1, Layout::V2]
        .into_iter()
        .map(part_names)
        .find(|names| names.len() == data.len() + 2)
        .ok_or_else(|| ExchangeError::ManifestInvalid("parts".into()))?;
    let manifest_bytes =
        serde_json::to_vec(manifest).map_err(|e| ExchangeError::ManifestInvalid(e.to_string()))?;
    let signature = sign(&signed_message(&manifest_bytes));
    let mut parts: Vec<(&str, &[u8])> = vec![(names[0], &manifest_bytes)];
    for (i, d) in data.iter().enumerate() {
        parts.push((names[i + 1], d));
    }
    parts.push((names[names.len() - 1], &signature));
    Ok(container::write(&parts))
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
pub const VERSIONS_READ: [u32; 2] = [1, 2];

/// How a version's manifest and records are laid out; one variant per entry of [`VERSIONS_READ`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Version 1: the manifest of [`Manifest`] without `audit_entries`, four JSON-lines parts of
    /// change-log entries ([`PART_NAMES`]).
    V1,
    /// Version 2: version 1 and the audit entries after the last one acknowledged, in [`AUDIT_PART`],
    /// counted by the manifest's `audit_entries` ([`PART_NAMES_V2`]).
    V2,
}

fn layout_of(version: u32) -> Result<Layout, ExchangeError> {
    match version {
        1 => Ok(Layout::V1),
        2 => Ok(Layout::V2),
        other => Err(ExchangeError::UnsupportedVersion(other)),
    }
}

/// The container's parts of a layout, in order.
fn part_names(layout: Layout) -> &'static [&'static str] {
    match layout {
        Layout::V1 => &PART_NAMES,
        Layout::V2 => &PART_NAMES_V2,
    }
}

/// Checks that the parts are exactly `names` in order and returns their data in that order (as
/// [`container::expect_parts`] does for version 1's).
fn expect_named<'a>(
    names: &[&str],
    parts: &[(&str, &'a [u8])],
) -> Result<Vec<&'a [u8]>, ExchangeError> {
    for (i, (name, _)) in parts.iter().enumerate() {
        if !names.contains(name) {
            return Err(ExchangeError::UnknownPart((*name).to_owned()));
        }
        if parts[..i].iter().any(|(n, _)| n == name) {
            return Err(ExchangeError::PartOrder((*name).to_owned()));
        }
    }
    if let Some(missing) = names.iter().find(|n| !parts.iter().any(|(p, _)| p == *n)) {
        return Err(ExchangeError::MissingPart((*missing).to_owned()));
    }
    names
        .iter()
        .zip(parts)
        .map(|(expected, (name, data))| {
            if name == expected {
                Ok(*data)
            } else {
                Err(ExchangeError::PartOrder((*name).to_owned()))
            }
        })
        .collect()
}

/// The layout whose parts a container is checked against, before the rest of the manifest is judged:
/// the version's the manifest names, when the first part is a manifest whose version reads (a version
/// this code does not read is refused as such, since its parts are not known here); version 1's
/// otherwise, the manifest's own fault being reported in its turn.
fn parts_layout(parts: &[(&str, &[u8])]) -> Result<Layout, ExchangeError> {
    let preamble = parts
        .first()
        .filter(|(name, _)| *name == PART_NAMES[0])
        .and_then(|(_, manifest)| serde_json::from_slice::<Preamble>(manifest).ok());
    match preamble {
        Some(p) => layout_of(p.version),
        None => Ok(Layout::V1),
    }
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
    layout_of(preamble.version)
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
    /// The audit entries it carries, in the order carried (version 2 on); `None` for a version-1 batch.
    /// Each line is an entry; whether they extend the chain the central office holds is judged on
    /// import, and reported, never refused.
    pub audit: Option<Vec<ChainedEntry>>,
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
    let named = expect_named(part_names(parts_layout(&parts)?), &parts)?;
    let (manifest_bytes, signature) = (named[0], named[named.len() - 1]);
    let (members, payments, voids, days) = (named[1], named[2], named[3], named[4]);
    if manifest_bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ExchangeError::ManifestInvalid("too large".into()));
    }
    let layout = layout(manifest_bytes)?;
    let manifest = serde_json::from_slice::<Manifest>(manifest_bytes)
        .map_err(|e| ExchangeError::ManifestInvalid(e.to_string()))?;
    // The parts were checked against the version the manifest names; its fields must be that version's.
    if part_names(layout).len() != named.len()
        || (layout == Layout::V1) != manifest.audit_entries.is_none()
    {
        return Err(ExchangeError::ManifestInvalid("version".into()));
    }
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
    let names = part_names(layout);
    let hashed = &named[1..named.len() - 1];
    if manifest.parts.len() != hashed.len() {
        return Err(ExchangeError::ManifestInvalid("parts".into()));
    }
    for (i, info) in manifest.parts.iter().enumerate() {
        if info.name != names[i + 1]
            || info.bytes != hashed[i].len() as u64
            || info.sha256 != sha256_hex(hashed[i])
        {
            return Err(ExchangeError::PartHash(names[i + 1].to_owned()));
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
    let audit = match layout {
        Layout::V1 => None,
        Layout::V2 => Some(read_audit(
            named[5],
            manifest.audit_entries.unwrap_or_default(),
        )?),
    };
    Ok(Batch {
        manifest,
        sha256: sha256_hex(plaintext),
        entries,
        audit,
    })
}

/// The audit entries of [`AUDIT_PART`]: exactly `announced` lines (counted before any is parsed, and
/// bounded like the records), each an entry. Their order and chaining are not judged here: a chain that
/// does not hold is reported on import, and the records still go in.
fn read_audit(data: &[u8], announced: u64) -> Result<Vec<ChainedEntry>, ExchangeError> {
    let invalid = |line: u64, detail: String| ExchangeError::RecordInvalid {
        part: AUDIT_PART.into(),
        line,
        detail,
    };
    if announced > MAX_RECORDS {
        return Err(ExchangeError::ManifestInvalid("audit_entries".into()));
    }
    let lines = data.iter().filter(|b| **b == b'\n').count() as u64;
    if lines != announced {
        return Err(ExchangeError::CountMismatch(AUDIT_PART.into()));
    }
    if !data.is_empty() && data.last() != Some(&b'\n') {
        return Err(invalid(0, "unterminated line".into()));
    }
    data.split(|b| *b == b'\n')
        .take(lines as usize)
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_slice(line).map_err(|e| invalid(n as u64 + 1, e.to_string()))
        })
        .collect()
}

/// The batch's file name: `nssf-DDDD-WW-NNNNNN.batch`.
pub fn file_name(office_id: &str, batch: u64) -> String {
    format!("nssf-{office_id}-{batch:06}.batch")
}
