//! The recovery file: what the central office holds of a workstation that was lost, written back for its
//! successor restored from a backup (`docs/backup-format.md`, "Recover: what the central office writes
//! back"). Signed with the central office's Ed25519 key, laid out as its other small signed files are:
//!
//! ```text
//! NSSF-RECOVER 1
//! <body: one line of JSON, see RecoverFile>
//! <standard base64 of the Ed25519 signature of "NSSF-RECOVER-SIG-1\n" followed by the body line's bytes>
//! ```
//!
//! [`CentralStore::recover`] is the one query a central backend answers; [`write`] signs its answer and
//! [`open`] checks a file against the central office's public key.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{Member, MemberNumber, Month, Receipt, ReceiptNumber, Void};
use serde::{Deserialize, Serialize};

use crate::ack::{AckRecord, AckStatus};
use crate::central::CentralStore;
use crate::{signed, ExchangeError};

/// The first line of every recovery file.
pub const RECOVER_HEADER: &str = "NSSF-RECOVER 1";
/// What the central office signs before the body line, so that no other signed file of the central
/// office can be taken for a recovery file (nor one for another).
pub const RECOVER_CONTEXT: &[u8] = b"NSSF-RECOVER-SIG-1\n";
/// The version of the body this code writes and reads.
pub const RECOVER_VERSION: u32 = 1;
/// Nothing larger is read as a recovery file: a batch's limit, since it holds at most what the
/// workstation's batches carried.
pub const MAX_RECOVER_BYTES: u64 = crate::batch::MAX_BATCH_BYTES;

/// One income base a member had from a month on, as the central office received it (from the member's
/// registration, or a base change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveredBase {
    /// The member.
    pub member_no: String,
    /// The first month it holds for, `YYYY-MM`.
    pub from: String,
    /// The base, kip.
    pub income_base_kip: i64,
}

/// Everything the central office holds of a workstation and its predecessors, for the successor that
/// restored its backup ([`CentralStore::recover`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverContent {
    /// The district, `DDDD`.
    pub office: String,
    /// The workstation the file is about, `WW`.
    pub workstation: String,
    /// The workstation (`DDDD-WW`) and every one it succeeds, transitively, nearest first: whose records
    /// the file holds.
    pub lineage: Vec<String>,
    /// The last batch the central office imported from the workstation (0: none).
    pub last_batch: u64,
    /// The last change of the workstation the central office received (0: none).
    pub last_seq: u64,
    /// The members issued by the lineage, as the central office holds them now (their latest version),
    /// and the members the receipts name, in member-number order.
    pub members: Vec<Member>,
    /// The income bases of those members the central office received, in the order received.
    pub bases: Vec<RecoveredBase>,
    /// The receipts issued by the lineage, in receipt-number order.
    pub receipts: Vec<Receipt>,
    /// The voids of those receipts, in receipt-number order.
    pub voids: Vec<Void>,
}

/// The signed body: the content with the format, its version and when it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverFile {
    /// Always `nssf-recover`.
    pub format: String,
    /// [`RECOVER_VERSION`].
    pub version: u32,
    /// When the central office wrote it.
    pub made: DateTime<Utc>,
    /// What it holds.
    pub content: RecoverContent,
}

const KIND: signed::Kind = signed::Kind {
    header: RECOVER_HEADER,
    context: RECOVER_CONTEXT,
    max_bytes: MAX_RECOVER_BYTES,
    invalid,
};

fn invalid(detail: &str) -> ExchangeError {
    ExchangeError::RecoverInvalid(detail.to_owned())
}

/// Signs `content` as a recovery file written at `made`.
pub fn write(
    content: &RecoverContent,
    made: DateTime<Utc>,
    key: &SigningKey,
) -> Result<Vec<u8>, ExchangeError> {
    let body = RecoverFile {
        format: "nssf-recover".into(),
        version: RECOVER_VERSION,
        made,
        content: content.clone(),
    };
    let json = serde_json::to_vec(&body).map_err(|e| ExchangeError::Storage(e.to_string()))?;
    Ok(signed::seal(KIND, &json, key))
}

/// Reads and checks a recovery file against the central office's key: its layout and signature, then
/// that every record is of the lineage it names (a receipt or void of another workstation, or a member
/// the lineage did not issue and no receipt names, makes the file invalid).
pub fn open(bytes: &[u8], key: &VerifyingKey) -> Result<RecoverFile, ExchangeError> {
    let body = signed::open(KIND, bytes, key)?;
    let file: RecoverFile = serde_json::from_slice(body).map_err(|e| invalid(&e.to_string()))?;
    if file.format != "nssf-recover" {
        return Err(invalid("format"));
    }
    if file.version != RECOVER_VERSION {
        return Err(ExchangeError::UnsupportedVersion(file.version));
    }
    let c = &file.content;
    let id = crate::office_id(&c.office, &c.workstation);
    if c.lineage.first() != Some(&id) {
        return Err(invalid("lineage"));
    }
    let lineage: BTreeSet<&str> = c.lineage.iter().map(String::as_str).collect();
    let of_lineage = |issuer: Option<String>| issuer.is_some_and(|i| lineage.contains(i.as_str()));
    if !c
        .receipts
        .iter()
        .all(|r| of_lineage(receipt_issuer(&r.receipt_no)))
    {
        return Err(invalid("receipt of another workstation"));
    }
    let receipts: BTreeSet<&str> = c.receipts.iter().map(|r| r.receipt_no.as_str()).collect();
    if !c
        .voids
        .iter()
        .all(|v| receipts.contains(v.receipt_no.as_str()))
    {
        return Err(invalid("void of a receipt not in the file"));
    }
    let paying: BTreeSet<&str> = c.receipts.iter().map(|r| r.member_no.as_str()).collect();
    if !c
        .members
        .iter()
        .all(|m| of_lineage(member_issuer(&m.member_no)) || paying.contains(m.member_no.as_str()))
    {
        return Err(invalid("member of another workstation"));
    }
    let members: BTreeSet<&str> = c.members.iter().map(|m| m.member_no.as_str()).collect();
    if !c
        .bases
        .iter()
        .all(|b| members.contains(b.member_no.as_str()) && Month::parse(&b.from).is_some())
    {
        return Err(invalid("base"));
    }
    Ok(file)
}

/// The workstation (`DDDD-WW`) that issued a member number; `None` when it is not one.
fn member_issuer(no: &str) -> Option<String> {
    let n = MemberNumber::parse(no).ok()?;
    Some(crate::office_id(
        &format!("{:04}", n.district),
        &format!("{:02}", n.workstation),
    ))
}

/// The workstation (`DDDD-WW`) that issued a receipt number; `None` when it is not one.
fn receipt_issuer(no: &str) -> Option<String> {
    let r = ReceiptNumber::parse(no)?;
    Some(crate::office_id(
        &format!("{:04}", r.district),
        &format!("{:02}", r.workstation),
    ))
}

fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ExchangeError> {
    serde_json::from_slice(bytes).map_err(|e| ExchangeError::Storage(e.to_string()))
}

/// The records a central backend holds of a lineage of workstations, for a successor's recovery
/// ([`CentralBackend::recover_records`](crate::central::backend::CentralBackend::recover_records)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoverRecords {
    /// Every member whose number a workstation of the lineage issued, and every member the receipts
    /// name, in their latest version, in member-number order.
    pub members: Vec<Member>,
    /// The income bases of those members received from the lineage's workstations and accepted, oldest
    /// predecessor first, each in sequence order: a registration's base from its month, a base change.
    pub bases: Vec<RecoveredBase>,
    /// Every receipt whose number a workstation of the lineage issued, in receipt-number order.
    pub receipts: Vec<Receipt>,
    /// The voids of those receipts, in receipt-number order.
    pub voids: Vec<Void>,
}

/// The sled trees [`sled_records`] reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SledRecoverTrees<'a> {
    pub(crate) members: &'a sled::Tree,
    pub(crate) receipts: &'a sled::Tree,
    pub(crate) voids: &'a sled::Tree,
    pub(crate) received: &'a sled::Tree,
    pub(crate) outcomes: &'a sled::Tree,
}

/// [`RecoverRecords`] of `lineage` from the sled backend's trees (`members`, `receipts`, `voids` keyed by
/// number; `received` and `outcomes` by `DDDD-WW` `\0` sequence).
pub(crate) fn sled_records(
    t: &SledRecoverTrees<'_>,
    lineage: &[String],
) -> Result<RecoverRecords, ExchangeError> {
    let mut records = RecoverRecords::default();
    let mut member_numbers = BTreeSet::new();
    for issuer in lineage {
        // Numbers begin with their issuer's `DDDD-WW-`; the issuer is checked again on the number.
        let prefix = format!("{issuer}-");
        for kv in t.members.scan_prefix(prefix.as_bytes()) {
            let (k, _) = kv?;
            let no = String::from_utf8_lossy(&k).into_owned();
            if member_issuer(&no).as_deref() == Some(issuer) {
                member_numbers.insert(no);
            }
        }
        for kv in t.receipts.scan_prefix(prefix.as_bytes()) {
            let (k, v) = kv?;
            let receipt: Receipt = decode(&v)?;
            if receipt_issuer(&receipt.receipt_no).as_deref() != Some(issuer) {
                continue;
            }
            if let Some(void) = t.voids.get(&k)? {
                records.voids.push(decode(&void)?);
            }
            member_numbers.insert(receipt.member_no.clone());
            records.receipts.push(receipt);
        }
    }
    for no in &member_numbers {
        if let Some(bytes) = t.members.get(no.as_bytes())? {
            records.members.push(decode(&bytes)?);
        }
    }
    records
        .receipts
        .sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no));
    records
        .voids
        .sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no));
    for id in lineage.iter().rev() {
        for kv in t.received.scan_prefix([id.as_bytes(), &[0u8]].concat()) {
            let (k, v) = kv?;
            let entry: ChangeEntry = decode(&v)?;
            if !member_numbers.contains(&entry.key) {
                continue;
            }
            let Some(base) = base_of(&entry) else {
                continue;
            };
            // Only what was accepted holds; a duplicate registration names a base already held.
            let accepted = match t.outcomes.get(&k)? {
                Some(bytes) => decode::<AckRecord>(&bytes)?.status == AckStatus::Accepted,
                None => false,
            };
            if accepted {
                records.bases.push(base);
            }
        }
    }
    Ok(records)
}

/// The income base a change received sets, if it sets one: a registration's base from its month, or a
/// base change.
pub fn base_of(entry: &ChangeEntry) -> Option<RecoveredBase> {
    match entry.kind {
        ChangeKind::MemberRegistered => {
            let m = serde_json::from_value::<Member>(entry.record.clone()).ok()?;
            Some(RecoveredBase {
                member_no: m.member_no,
                from: Month::of(m.registered_on).to_string(),
                income_base_kip: m.income_base_kip,
            })
        }
        ChangeKind::BaseChanged => {
            let from = entry.record.get("from")?.as_str()?;
            let kip = entry.record.get("income_base_kip")?.as_i64()?;
            Month::parse(from)?;
            Some(RecoveredBase {
                member_no: entry.key.clone(),
                from: from.to_owned(),
                income_base_kip: kip,
            })
        }
        ChangeKind::MemberAmended
        | ChangeKind::PaymentRecorded
        | ChangeKind::ReceiptVoided
        | ChangeKind::DayClosed
        | ChangeKind::PhotoChanged
        | ChangeKind::CardIssued => None,
    }
}

impl CentralStore {
    /// Everything this store holds of workstation `DDDD-WW` and the workstations it succeeds
    /// ([`RecoverRecords`]), and the last batch and change received from the workstation.
    /// [`ExchangeError::UntrustedKey`] for a workstation never trusted here.
    pub fn recover(
        &self,
        district: &str,
        workstation: &str,
    ) -> Result<RecoverContent, ExchangeError> {
        let id = crate::office_id(district, workstation);
        let Some(own) = self.backend.office(&id)? else {
            return Err(ExchangeError::UntrustedKey(id));
        };
        let mut lineage = vec![id.clone()];
        let mut next = own.succeeds.clone();
        // `trust` never makes a cycle; the check guards a store altered by hand.
        while let Some(predecessor) = next {
            if lineage.contains(&predecessor) {
                break;
            }
            next = self.backend.office(&predecessor)?.and_then(|s| s.succeeds);
            lineage.push(predecessor);
        }
        let records = self.backend.recover_records(&lineage)?;
        Ok(RecoverContent {
            office: district.to_owned(),
            workstation: workstation.to_owned(),
            lineage,
            last_batch: own.last_batch,
            last_seq: own.last_seq,
            members: records.members,
            bases: records.bases,
            receipts: records.receipts,
            voids: records.voids,
        })
    }

    /// [`CentralStore::recover`] signed as a recovery file written at `made`: the content (for its
    /// counts) and the file's bytes.
    pub fn recover_file(
        &self,
        district: &str,
        workstation: &str,
        made: DateTime<Utc>,
    ) -> Result<(RecoverContent, Vec<u8>), ExchangeError> {
        let content = self.recover(district, workstation)?;
        let bytes = write(&content, made, &self.keys.signing)?;
        Ok((content, bytes))
    }
}
