//! The acknowledgement: what the central office made of every record of a workstation's latest batch,
//! signed with the central office's Ed25519 key. Three lines of UTF-8:
//!
//! ```text
//! NSSF-ACK 1
//! <body: one line of JSON, see AckBody>
//! <standard base64 of the Ed25519 signature of "NSSF-ACK-SIG-1\n" followed by the body line's bytes>
//! ```

use ed25519_dalek::{SigningKey, VerifyingKey};
use nssf_domain::change::ChangeKind;
use serde::{Deserialize, Serialize};

use crate::{signed, ExchangeError};

/// The first line of every acknowledgement file.
pub const ACK_HEADER: &str = "NSSF-ACK 1";
/// What the central office signs before the body line, so that a signature over an acknowledgement cannot
/// be taken for one over anything else.
pub const ACK_CONTEXT: &[u8] = b"NSSF-ACK-SIG-1\n";
/// The version of the acknowledgement this code writes and reads. It did not change when batches
/// gained their audit entries (batch version 2): the office knows which audit entries the central office
/// holds from the batch an acknowledgement names.
pub const ACK_VERSION: u32 = 1;
/// Nothing larger is read as an acknowledgement.
pub const MAX_ACK_BYTES: u64 = 64 * 1024 * 1024;

/// What the central office made of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    /// Taken into the central store.
    Accepted,
    /// Already there from an earlier batch (a replay or a repeated change).
    Duplicate,
    /// Refused; the record's `reason` says why.
    Rejected,
}

/// One record of the acknowledged batch and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckRecord {
    /// The change's sequence number at its workstation.
    pub seq: u64,
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// The record's key: a member or receipt number, or a day close's key.
    pub key: String,
    /// What the central office did with it.
    pub status: AckStatus,
    /// Why a record was rejected (a reason code, see the docs); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The signed body of an acknowledgement (one line of JSON; see `docs/batch-format.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckBody {
    /// Always `nssf-ack`.
    pub format: String,
    /// The format version, [`ACK_VERSION`].
    pub version: u32,
    /// The workstation's district code, `DDDD`.
    pub office: String,
    /// The workstation's code, `WW`.
    pub workstation: String,
    /// The batch this acknowledges: the workstation's latest batch imported.
    pub batch: u64,
    /// The SHA-256 of the acknowledged batch's signed container, hex.
    pub batch_sha256: String,
    /// Every change of this workstation up to this sequence has been received and judged.
    pub through_seq: u64,
    /// The records of the batch, by sequence.
    pub records: Vec<AckRecord>,
}

/// How an acknowledgement is laid out and signed.
const KIND: signed::Kind = signed::Kind {
    header: ACK_HEADER,
    context: ACK_CONTEXT,
    max_bytes: MAX_ACK_BYTES,
    invalid,
};

/// Writes a signed acknowledgement.
pub fn write(body: &AckBody, key: &SigningKey) -> Result<Vec<u8>, ExchangeError> {
    let json = serde_json::to_vec(body).map_err(|e| ExchangeError::Storage(e.to_string()))?;
    Ok(signed::seal(KIND, &json, key))
}

fn invalid(detail: &str) -> ExchangeError {
    ExchangeError::AckInvalid(detail.to_owned())
}

/// Reads and checks an acknowledgement against the central office's key.
pub fn open(bytes: &[u8], key: &VerifyingKey) -> Result<AckBody, ExchangeError> {
    let body = signed::open(KIND, bytes, key)?;
    let body: AckBody = serde_json::from_slice(body).map_err(|e| invalid(&e.to_string()))?;
    if body.format != "nssf-ack" {
        return Err(invalid("format"));
    }
    if body.version != ACK_VERSION {
        return Err(ExchangeError::UnsupportedVersion(body.version));
    }
    let mut previous = 0;
    for r in &body.records {
        if r.seq <= previous || r.seq > body.through_seq {
            return Err(invalid("record sequence"));
        }
        previous = r.seq;
        match (r.status, &r.reason) {
            (AckStatus::Rejected, Some(_))
            | (AckStatus::Accepted, None)
            | (AckStatus::Duplicate, None) => {}
            (AckStatus::Rejected, None)
            | (AckStatus::Accepted, Some(_))
            | (AckStatus::Duplicate, Some(_)) => return Err(invalid("reason")),
        }
    }
    Ok(body)
}

/// The acknowledgement's file name: `nssf-DDDD-WW-NNNNNN.ack`.
pub fn file_name(office_id: &str, batch: u64) -> String {
    format!("nssf-{office_id}-{batch:06}.ack")
}
