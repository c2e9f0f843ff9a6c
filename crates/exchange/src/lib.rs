//! The weekly batch between a district workstation and the central office: writing it (office), reading
//! and verifying it without trusting a byte of it, importing it all or nothing (central), and the signed
//! acknowledgement that comes back. The format is specified in `docs/batch-format.md`.
//!
//! - [`container`]: the part container (magic, parts with names and lengths).
//! - [`batch`]: the manifest, writing a batch from change-log and audit entries, reading one back.
//! - [`age_envelope`]: an encrypted batch's age header, checked before any key is tried; decryption.
//! - [`ack`]: the acknowledgement file.
//! - [`reference`]: the signed national reference file (schedule, hospitals, benefits).
//! - [`recover`]: the central office's signed file of what it holds of a lost workstation.
//! - [`keys`]: the central office's key pair and public-key file, office key files.
//! - [`central`]: [`CentralStore`], the central office's store: its import rules, written once over a
//!   storage interface (`central::backend`) that sled (here) and PostgreSQL (`nssf-central-pg`) implement.
//!
//! This crate knows no Tauri and no UI; it never reads the clock.

#![warn(missing_docs)]

pub mod ack;
pub mod age_envelope;
pub mod batch;
pub mod central;
pub mod container;
pub mod keys;
pub mod recover;
pub mod reference;
mod signed;

pub use ack::{AckBody, AckRecord, AckStatus};
pub use batch::{Batch, Control, Manifest, PartInfo, WrittenBatch};
pub use central::{
    AuditChainBreak, AuditChainCheck, CentralStore, ImportOutcome, Plaintext, Stats, TrustChange,
    TrustRecord, TrustRequest, Trusted,
};
pub use keys::{CentralKeys, CentralPublic};

/// The version of the batch format this code writes (it reads every one of `batch::VERSIONS_READ`).
/// Version 2 added the audit entries; the acknowledgement has its own version, [`ack::ACK_VERSION`].
pub const FORMAT_VERSION: u32 = 2;

/// Why a batch, an acknowledgement or a key file is refused. The set is closed and this crate knows no
/// messages: `nssf-api` gives each variant its own refusal code (`exchange-*`, shown as `error-exchange-*`),
/// with the variant's fields as typed arguments. The English details some variants carry are for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeError {
    /// The file is larger than any batch or acknowledgement may be; refused before it is read whole.
    #[error("the file is {size} bytes, more than the {max} allowed")]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The largest size accepted.
        max: u64,
    },
    /// The batch is encrypted (age) and the reader holds no central key to open it.
    #[error("the batch is encrypted and no central key is available to open it")]
    NoIdentity,
    /// The batch's age header is not the one the format allows (one X25519 recipient, the central office,
    /// and age's one grease stanza), or is longer than a header can be: refused before any key is tried.
    /// The text says what is wrong, for logs.
    #[error("the batch's encryption header is not the format's: {0}")]
    EncryptionHeader(String),
    /// age could not decrypt the batch: it was altered, or encrypted to another central office's key. The
    /// text is age's own.
    #[error("the batch cannot be decrypted (altered, or encrypted to another key): {0}")]
    Decrypt(String),
    /// The file does not start with the container's magic: not a batch or acknowledgement at all.
    #[error("not a batch file (wrong magic)")]
    BadMagic,
    /// The file ends inside a part header or a part.
    #[error("the batch is truncated")]
    Truncated,
    /// Bytes follow the container's last part.
    #[error("bytes follow the last part")]
    TrailingBytes,
    /// The container claims more parts than the format has; refused before allocating for them.
    #[error("too many parts ({0})")]
    TooManyParts(u64),
    /// A part name is not the format's short ASCII name.
    #[error("a part name is malformed")]
    BadPartName,
    /// A part the format does not define (its name).
    #[error("unknown part {0}")]
    UnknownPart(String),
    /// A part the format requires is absent (its name).
    #[error("part {0} is missing")]
    MissingPart(String),
    /// A part is out of the format's order, or appears twice (its name).
    #[error("part {0} is out of order or repeated")]
    PartOrder(String),
    /// The manifest does not parse, is too large, or contradicts the container (format, office, parts,
    /// range); the text says which.
    #[error("the manifest is invalid: {0}")]
    ManifestInvalid(String),
    /// The file declares a format version this code does not read (the version).
    #[error("format version {0} is not supported")]
    UnsupportedVersion(u32),
    /// The central office holds no trusted key for the signing workstation (`DDDD-WW`).
    #[error("the key of {0} is not trusted here")]
    UntrustedKey(String),
    /// The Ed25519 signature over the manifest does not verify with the workstation's key.
    #[error("the signature does not verify")]
    BadSignature,
    /// A part's SHA-256 differs from the one the signed manifest lists (the part's name).
    #[error("part {0} does not match its hash in the manifest")]
    PartHash(String),
    /// A record (one JSON line) cannot be decoded or contradicts the batch.
    #[error("record {line} of {part} is invalid: {detail}")]
    RecordInvalid {
        /// The part that holds it.
        part: String,
        /// Its line, from 1.
        line: u64,
        /// What is wrong, in English, for logs.
        detail: String,
    },
    /// The change-log records do not cover the manifest's range of changes exactly once.
    #[error("the records do not cover changes {first} to {last} exactly once")]
    RecordRange {
        /// The first change of the range.
        first: u64,
        /// The last change of the range.
        last: u64,
    },
    /// A part holds another number of records than the manifest's counts (the part's name).
    #[error("the count of {0} records does not match the manifest")]
    CountMismatch(String),
    /// The records' control totals (members, payments, kip) differ from the manifest's; the text says
    /// which.
    #[error("the control totals do not add up: {0}")]
    TotalsMismatch(String),
    /// The batch starts after the next change the central office expects from the workstation: an earlier
    /// batch is missing, so this one is held back.
    #[error("gap: {office} must send change {expected} next, this batch starts at {got}")]
    Gap {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The change expected next.
        expected: u64,
        /// The first change of this batch.
        got: u64,
    },
    /// The batch's `previous_sha256` is not the hash of the batch imported before it.
    #[error("batch {batch} of {office} does not follow the batch imported before it")]
    ChainBroken {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
    /// The very same batch was imported before; importing it again changes nothing.
    #[error("batch {batch} of {office} is already imported")]
    AlreadyImported {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
    /// The batch is older than one already imported from the workstation; nothing changes.
    #[error("batch {batch} of {office} is older than a batch already imported")]
    Superseded {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
    /// A different batch with the same number was imported from the workstation.
    #[error("another batch {batch} of {office} was already imported")]
    ConflictingBatch {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
    /// A public-key file (the central office's, or a workstation's) is not one this code writes.
    #[error("the key file is invalid")]
    KeyFileInvalid,
    /// The office has no central key installed, so acknowledgements cannot be checked.
    #[error("no central key is installed")]
    NoCentralKey,
    /// The acknowledgement does not parse, is not signed by the central office, or contradicts itself;
    /// the text says which.
    #[error("the acknowledgement is invalid: {0}")]
    AckInvalid(String),
    /// The acknowledgement is for another workstation (the one it names, `DDDD-WW`).
    #[error("the acknowledgement is for {0}, not this workstation")]
    AckOtherOffice(String),
    /// The acknowledgement names a batch this workstation did not write (its number).
    #[error("the acknowledgement is for batch {0}, which this workstation did not write")]
    AckUnknownBatch(u64),
    /// The central office has imported nothing from the workstation (`DDDD-WW`), so there is nothing to
    /// acknowledge.
    #[error("nothing was imported from {0}: there is nothing to acknowledge")]
    NothingToAck(String),
    /// A reference file does not parse, or its content breaks the format's rules (floor above ceiling,
    /// months out of order, unknown fields, …); the text says which, for logs.
    #[error("the reference file is invalid: {0}")]
    ReferenceInvalid(String),
    /// A reference file whose issue is not newer than the one applied (and not that very file): an
    /// older file never replaces a newer one.
    #[error("reference issue {issue} is not newer than issue {applied}, applied here")]
    ReferenceOutdated {
        /// The file's issue.
        issue: u64,
        /// The issue applied here.
        applied: u64,
    },
    /// A recovery file does not parse, or holds records of workstations other than the lineage it
    /// names; the text says which, for logs.
    #[error("the recovery file is invalid: {0}")]
    RecoverInvalid(String),
    /// The folder holds no central store.
    #[error("the central store is not initialised here")]
    CentralNotInitialised,
    /// The folder holds a central store already.
    #[error("a central store already exists here")]
    CentralExists,
    /// One of the central office's secret key files is missing, unreadable or malformed while its store
    /// exists. Never replaced by new keys (every office has the old public half installed): the central
    /// folder is restored from its backup.
    #[error("the central office's secret key {path} is missing or damaged: restore from backup")]
    CentralKeyUnreadable {
        /// The key file's path.
        path: String,
    },
    /// The batch is not encrypted, and the central office was not told to accept one that travelled in
    /// the clear (`--allow-plaintext`).
    #[error("the batch is not encrypted (allowed only with --allow-plaintext)")]
    Unencrypted,
    /// Another key is already trusted for the workstation (`DDDD-WW`, and that key's fingerprint): a
    /// reinstalled workstation starts under a new code, as the successor of the old one.
    #[error("another key (fingerprint {fingerprint}) is already trusted for {office}")]
    KeyAlreadyTrusted {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The fingerprint of the key trusted for it.
        fingerprint: String,
    },
    /// A successor must be a workstation of its predecessor's district.
    #[error("{office} cannot succeed {predecessor}: another district")]
    SuccessorOtherDistrict {
        /// The successor, `DDDD-WW`.
        office: String,
        /// The predecessor named, `DDDD-WW`.
        predecessor: String,
    },
    /// The predecessor named is not a trusted workstation (`DDDD-WW`).
    #[error("the predecessor {0} is not trusted here")]
    PredecessorUntrusted(String),
    /// The workstation is already trusted, so it cannot be named a successor now: a successor is named
    /// when it is first trusted (its `DDDD-WW`).
    #[error("{0} is already trusted: a successor is named when it is first trusted")]
    SuccessionTooLate(String),
    /// The workstation was retired when a successor was trusted: its batches are refused, and it cannot
    /// be succeeded or re-keyed again.
    #[error("{office} is retired: {successor} succeeded it")]
    Retired {
        /// The retired workstation, `DDDD-WW`.
        office: String,
        /// Its successor, `DDDD-WW`.
        successor: String,
    },
    /// The central store, a key file or the encryption failed underneath (sled or PostgreSQL, the file
    /// system, JSON, age); the text is the underlying error's.
    #[error("storage: {0}")]
    Storage(String),
}

impl From<sled::Error> for ExchangeError {
    fn from(e: sled::Error) -> Self {
        ExchangeError::Storage(e.to_string())
    }
}

pub use nssf_domain::sha256_hex;

/// The key of one workstation everywhere in the exchange: `DDDD-WW`.
pub fn office_id(district: &str, workstation: &str) -> String {
    format!("{district}-{workstation}")
}
