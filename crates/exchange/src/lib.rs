//! The weekly batch between a district workstation and the central office: writing it (office), reading
//! and verifying it without trusting a byte of it, importing it all or nothing (central), and the signed
//! acknowledgement that comes back. The format is specified in `docs/batch-format.md`.
//!
//! - [`container`]: the part container (magic, parts with names and lengths).
//! - [`batch`]: the manifest, writing a batch from change-log entries, reading one back.
//! - [`ack`]: the acknowledgement file.
//! - [`keys`]: the central office's key pair and public-key file, office key files.
//! - [`central`]: [`CentralStore`], the central office's own store (its own folder and trees).
//!
//! This crate knows no Tauri and no UI; it never reads the clock.

pub mod ack;
pub mod batch;
pub mod central;
pub mod container;
pub mod keys;

pub use ack::{AckBody, AckRecord, AckStatus};
pub use batch::{Batch, Control, Manifest, PartInfo, WrittenBatch};
pub use central::{CentralStore, ImportOutcome, Stats};
pub use keys::{CentralKeys, CentralPublic};

/// The version of the batch and acknowledgement formats this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Why a batch, an acknowledgement or a key file is refused. Every variant has its own Fluent message
/// `exchange-error-<id>` (see [`ExchangeError::message_id`]) with the arguments of [`ExchangeError::args`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeError {
    #[error("the file is {size} bytes, more than the {max} allowed")]
    TooLarge { size: u64, max: u64 },
    #[error("the batch is encrypted and no central key is available to open it")]
    NoIdentity,
    #[error("the batch cannot be decrypted (altered, or encrypted to another key): {0}")]
    Decrypt(String),
    #[error("not a batch file (wrong magic)")]
    BadMagic,
    #[error("the batch is truncated")]
    Truncated,
    #[error("bytes follow the last part")]
    TrailingBytes,
    #[error("too many parts ({0})")]
    TooManyParts(u64),
    #[error("a part name is malformed")]
    BadPartName,
    #[error("unknown part {0}")]
    UnknownPart(String),
    #[error("part {0} is missing")]
    MissingPart(String),
    #[error("part {0} is out of order or repeated")]
    PartOrder(String),
    #[error("the manifest is invalid: {0}")]
    ManifestInvalid(String),
    #[error("format version {0} is not supported")]
    UnsupportedVersion(u32),
    #[error("the key of {0} is not trusted here")]
    UntrustedKey(String),
    #[error("the signature does not verify")]
    BadSignature,
    #[error("part {0} does not match its hash in the manifest")]
    PartHash(String),
    #[error("record {line} of {part} is invalid: {detail}")]
    RecordInvalid {
        part: String,
        line: u64,
        detail: String,
    },
    #[error("the records do not cover changes {first} to {last} exactly once")]
    RecordRange { first: u64, last: u64 },
    #[error("the count of {0} records does not match the manifest")]
    CountMismatch(String),
    #[error("the control totals do not add up: {0}")]
    TotalsMismatch(String),
    #[error("gap: {office} must send change {expected} next, this batch starts at {got}")]
    Gap {
        office: String,
        expected: u64,
        got: u64,
    },
    #[error("batch {batch} of {office} does not follow the batch imported before it")]
    ChainBroken { office: String, batch: u64 },
    #[error("batch {batch} of {office} is already imported")]
    AlreadyImported { office: String, batch: u64 },
    #[error("batch {batch} of {office} is older than a batch already imported")]
    Superseded { office: String, batch: u64 },
    #[error("another batch {batch} of {office} was already imported")]
    ConflictingBatch { office: String, batch: u64 },
    #[error("the key file is invalid")]
    KeyFileInvalid,
    #[error("no central key is installed")]
    NoCentralKey,
    #[error("the acknowledgement is invalid: {0}")]
    AckInvalid(String),
    #[error("the acknowledgement is for {0}, not this workstation")]
    AckOtherOffice(String),
    #[error("the acknowledgement is for batch {0}, which this workstation did not write")]
    AckUnknownBatch(u64),
    #[error("nothing was imported from {0}: there is nothing to acknowledge")]
    NothingToAck(String),
    #[error("the central store is not initialised here")]
    CentralNotInitialised,
    #[error("a central store already exists here")]
    CentralExists,
    #[error("storage: {0}")]
    Storage(String),
}

impl ExchangeError {
    /// The Fluent message id that explains this error.
    pub fn message_id(&self) -> &'static str {
        match self {
            ExchangeError::TooLarge { .. } => "exchange-error-too-large",
            ExchangeError::NoIdentity => "exchange-error-no-identity",
            ExchangeError::Decrypt(_) => "exchange-error-decrypt",
            ExchangeError::BadMagic => "exchange-error-bad-magic",
            ExchangeError::Truncated => "exchange-error-truncated",
            ExchangeError::TrailingBytes => "exchange-error-trailing-bytes",
            ExchangeError::TooManyParts(_) => "exchange-error-too-many-parts",
            ExchangeError::BadPartName => "exchange-error-bad-part-name",
            ExchangeError::UnknownPart(_) => "exchange-error-unknown-part",
            ExchangeError::MissingPart(_) => "exchange-error-missing-part",
            ExchangeError::PartOrder(_) => "exchange-error-part-order",
            ExchangeError::ManifestInvalid(_) => "exchange-error-manifest-invalid",
            ExchangeError::UnsupportedVersion(_) => "exchange-error-unsupported-version",
            ExchangeError::UntrustedKey(_) => "exchange-error-untrusted-key",
            ExchangeError::BadSignature => "exchange-error-bad-signature",
            ExchangeError::PartHash(_) => "exchange-error-part-hash",
            ExchangeError::RecordInvalid { .. } => "exchange-error-record-invalid",
            ExchangeError::RecordRange { .. } => "exchange-error-record-range",
            ExchangeError::CountMismatch(_) => "exchange-error-count-mismatch",
            ExchangeError::TotalsMismatch(_) => "exchange-error-totals-mismatch",
            ExchangeError::Gap { .. } => "exchange-error-gap",
            ExchangeError::ChainBroken { .. } => "exchange-error-chain-broken",
            ExchangeError::AlreadyImported { .. } => "exchange-error-already-imported",
            ExchangeError::Superseded { .. } => "exchange-error-superseded",
            ExchangeError::ConflictingBatch { .. } => "exchange-error-conflicting-batch",
            ExchangeError::KeyFileInvalid => "exchange-error-key-file-invalid",
            ExchangeError::NoCentralKey => "exchange-error-no-central-key",
            ExchangeError::AckInvalid(_) => "exchange-error-ack-invalid",
            ExchangeError::AckOtherOffice(_) => "exchange-error-ack-other-office",
            ExchangeError::AckUnknownBatch(_) => "exchange-error-ack-unknown-batch",
            ExchangeError::NothingToAck(_) => "exchange-error-nothing-to-ack",
            ExchangeError::CentralNotInitialised => "exchange-error-central-not-initialised",
            ExchangeError::CentralExists => "exchange-error-central-exists",
            ExchangeError::Storage(_) => "exchange-error-storage",
        }
    }

    /// The arguments of the message; the same names in every locale.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ExchangeError::TooLarge { size, max } => {
                vec![("size", size.to_string()), ("max", max.to_string())]
            }
            ExchangeError::TooManyParts(n) => vec![("count", n.to_string())],
            ExchangeError::Decrypt(d)
            | ExchangeError::ManifestInvalid(d)
            | ExchangeError::TotalsMismatch(d)
            | ExchangeError::AckInvalid(d)
            | ExchangeError::Storage(d) => vec![("detail", d.clone())],
            ExchangeError::UnknownPart(p)
            | ExchangeError::MissingPart(p)
            | ExchangeError::PartOrder(p)
            | ExchangeError::PartHash(p)
            | ExchangeError::CountMismatch(p) => vec![("part", p.clone())],
            ExchangeError::UnsupportedVersion(v) => vec![("version", v.to_string())],
            ExchangeError::UntrustedKey(o)
            | ExchangeError::AckOtherOffice(o)
            | ExchangeError::NothingToAck(o) => vec![("office", o.clone())],
            ExchangeError::RecordInvalid { part, line, detail } => vec![
                ("part", part.clone()),
                ("line", line.to_string()),
                ("detail", detail.clone()),
            ],
            ExchangeError::RecordRange { first, last } => {
                vec![("first", first.to_string()), ("last", last.to_string())]
            }
            ExchangeError::Gap {
                office,
                expected,
                got,
            } => vec![
                ("office", office.clone()),
                ("expected", expected.to_string()),
                ("got", got.to_string()),
            ],
            ExchangeError::ChainBroken { office, batch }
            | ExchangeError::AlreadyImported { office, batch }
            | ExchangeError::Superseded { office, batch }
            | ExchangeError::ConflictingBatch { office, batch } => {
                vec![("office", office.clone()), ("batch", batch.to_string())]
            }
            ExchangeError::AckUnknownBatch(b) => vec![("batch", b.to_string())],
            ExchangeError::NoIdentity
            | ExchangeError::BadMagic
            | ExchangeError::Truncated
            | ExchangeError::TrailingBytes
            | ExchangeError::BadPartName
            | ExchangeError::BadSignature
            | ExchangeError::KeyFileInvalid
            | ExchangeError::NoCentralKey
            | ExchangeError::CentralNotInitialised
            | ExchangeError::CentralExists => Vec::new(),
        }
    }
}

impl From<sled::Error> for ExchangeError {
    fn from(e: sled::Error) -> Self {
        ExchangeError::Storage(e.to_string())
    }
}

impl From<nssf_store::StoreError> for ExchangeError {
    fn from(e: nssf_store::StoreError) -> Self {
        ExchangeError::Storage(e.to_string())
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    nssf_store::sha256_hex(bytes)
}

/// The key of one workstation everywhere in the exchange: `DDDD-WW`.
pub fn office_id(district: &str, workstation: &str) -> String {
    format!("{district}-{workstation}")
}
