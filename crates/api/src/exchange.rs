//! The office's side of the weekly batch: export (every change not yet acknowledged, signed with the
//! workstation's key, encrypted to the central office once its key is installed), write a batch again,
//! what is pending, install the central office's key, apply an acknowledgement. The format and the central
//! office's side are in `nssf-exchange`; `docs/batch-format.md` specifies the files.

use nssf_domain::{Code, Receipt};
use nssf_exchange::ack::{self, AckStatus};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS};
use nssf_exchange::{CentralPublic, ExchangeError};
use nssf_store::{ChangeEntry, ChangeKind};
use serde::{Deserialize, Serialize};

use crate::{Actor, ApiError, Desk, Role};

/// How a refusal of the exchange crosses the API: `invalid-input` without field problems, with `message` (the Fluent id of the
/// precise reason), `detail` (its English text) and the reason's own arguments.
pub fn exchange_error(e: &ExchangeError) -> ApiError {
    let mut err = ApiError::new(Code::InvalidInput)
        .arg("message", e.message_id())
        .arg("detail", e);
    for (k, v) in e.args() {
        err = err.arg(k, v);
    }
    err
}

/// What the office store keeps about each batch written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct BatchDescription {
    batch: u64,
    first_seq: u64,
    last_seq: u64,
    /// SHA-256 of the signed container (before encryption): the next batch's `previous_sha256`.
    sha256: String,
    file_name: String,
    encrypted: bool,
}

/// A batch file to hand out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchFile {
    pub batch: u64,
    pub file_name: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub encrypted: bool,
    /// True when no change was made since this batch was written: it is the same batch again.
    pub repeated: bool,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// What the central office has not yet acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub changes: u64,
    /// Kip of the payments among them.
    pub kip: i64,
}

/// A change the central office rejected, with its reason code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedChange {
    pub seq: u64,
    pub kind: ChangeKind,
    pub key: String,
    pub reason: String,
}

/// What applying an acknowledgement did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckSummary {
    pub batch: u64,
    pub through_seq: u64,
    pub accepted: u64,
    pub duplicate: u64,
    pub rejected: Vec<RejectedChange>,
    /// False when the acknowledgement was already applied (or an older one): nothing changed.
    pub changed: bool,
}

/// Where the office stands with the central office, for a status screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeStatus {
    /// Changes up to this sequence are acknowledged: posted, unless listed in `rejected`.
    pub acked_through: u64,
    pub last_change: u64,
    /// The last batch written (0 before the first).
    pub last_batch: u64,
    pub central_key_installed: bool,
    pub pending: Pending,
    pub rejected: Vec<RejectedChange>,
}

fn storage(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(Code::Storage).arg("detail", e)
}

impl Desk {
    fn office_ids(&self) -> (String, String) {
        let o = self.office();
        (o.district_code, o.workstation)
    }

    fn description(&self, n: u64) -> Result<Option<(BatchDescription, Vec<u8>)>, ApiError> {
        match self.store.exported_batch(n)? {
            Some(b) => {
                let d: BatchDescription =
                    serde_json::from_slice(&b.description).map_err(storage)?;
                Ok(Some((d, b.file)))
            }
            None => Ok(None),
        }
    }

    fn central_key(&self) -> Result<Option<CentralPublic>, ApiError> {
        match self.store.exchange_state()?.central_key {
            Some(text) => Ok(Some(
                CentralPublic::parse(&text).map_err(|e| exchange_error(&e))?,
            )),
            None => Ok(None),
        }
    }

    /// Writes the next batch: every change not yet acknowledged. It is recorded (number, bytes) in the
    /// store before it is returned, so a crash before the file reaches the stick loses nothing and skips
    /// no number; when nothing changed since the last batch, that batch is returned again (same number,
    /// same bytes) instead of a new one.
    pub fn export_batch(&self, actor: &Actor) -> Result<BatchFile, ApiError> {
        actor.require(Role::Supervisor)?;
        let state = self.store.exchange_state()?;
        let entries: Vec<ChangeEntry> = self
            .store
            .changes_after(state.acked_through)
            .collect::<Result<_, _>>()?;
        let first_seq = state.acked_through + 1;
        let last_seq = entries.last().map_or(state.acked_through, |e| e.seq);
        let previous = self.description(state.last_batch)?;
        if let Some((d, bytes)) = &previous {
            if d.first_seq == first_seq && d.last_seq == last_seq {
                return Ok(BatchFile {
                    batch: d.batch,
                    file_name: d.file_name.clone(),
                    first_seq,
                    last_seq,
                    encrypted: d.encrypted,
                    repeated: true,
                    bytes: bytes.clone(),
                });
            }
        }
        let (district, workstation) = self.office_ids();
        let number = state.last_batch + 1;
        let previous_sha256 = previous.map_or_else(|| NO_PREVIOUS.to_owned(), |(d, _)| d.sha256);
        let input = BatchInput {
            office: &district,
            workstation: &workstation,
            batch: number,
            previous_sha256: &previous_sha256,
            first_seq,
            entries: &entries,
            signer: self.key.public_key(),
        };
        let written =
            batch::write(&input, &|m| self.key_sign(m)).map_err(|e| exchange_error(&e))?;
        let central = self.central_key()?;
        let bytes = match &central {
            Some(c) => {
                batch::encrypt(&written.plaintext, &c.recipient).map_err(|e| exchange_error(&e))?
            }
            None => written.plaintext,
        };
        let office_id = nssf_exchange::office_id(&district, &workstation);
        let description = BatchDescription {
            batch: number,
            first_seq,
            last_seq,
            sha256: written.sha256,
            file_name: batch::file_name(&office_id, number),
            encrypted: central.is_some(),
        };
        let json = serde_json::to_vec(&description).map_err(storage)?;
        self.store.record_export(number, &json, &bytes)?;
        Ok(BatchFile {
            batch: number,
            file_name: description.file_name,
            first_seq,
            last_seq,
            encrypted: description.encrypted,
            repeated: false,
            bytes,
        })
    }

    /// A batch written earlier, byte for byte.
    pub fn batch_again(&self, actor: &Actor, number: u64) -> Result<BatchFile, ApiError> {
        actor.require(Role::Supervisor)?;
        let Some((d, bytes)) = self.description(number)? else {
            return Err(exchange_error(&ExchangeError::AckUnknownBatch(number)));
        };
        Ok(BatchFile {
            batch: d.batch,
            file_name: d.file_name,
            first_seq: d.first_seq,
            last_seq: d.last_seq,
            encrypted: d.encrypted,
            repeated: true,
            bytes,
        })
    }

    /// Changes not yet acknowledged, and the kip of the payments among them.
    pub fn pending(&self) -> Result<Pending, ApiError> {
        let state = self.store.exchange_state()?;
        let mut pending = Pending { changes: 0, kip: 0 };
        for entry in self.store.changes_after(state.acked_through) {
            let entry = entry?;
            pending.changes += 1;
            if entry.kind == ChangeKind::PaymentRecorded {
                let r: Receipt = serde_json::from_value(entry.record).map_err(storage)?;
                pending.kip = pending.kip.saturating_add(r.total_kip);
            }
        }
        Ok(pending)
    }

    /// Installs the central office's public-key file; batches are encrypted to it from now on.
    pub fn install_central_key(&self, actor: &Actor, text: &str) -> Result<(), ApiError> {
        actor.require(Role::Supervisor)?;
        let key = CentralPublic::parse(text).map_err(|e| exchange_error(&e))?;
        self.store.set_central_key(&key.to_file())?;
        Ok(())
    }

    /// Checks an acknowledgement (signature of the central office, this workstation, a batch written
    /// here) and applies it: its changes are posted, the rejected ones kept with their reason. An invalid
    /// acknowledgement changes nothing; one already applied changes nothing either.
    pub fn import_ack(&self, actor: &Actor, bytes: &[u8]) -> Result<AckSummary, ApiError> {
        actor.require(Role::Supervisor)?;
        let refuse = |e: ExchangeError| exchange_error(&e);
        let central = self
            .central_key()?
            .ok_or_else(|| refuse(ExchangeError::NoCentralKey))?;
        let body = ack::open(bytes, &central.verifying).map_err(refuse)?;
        let (district, workstation) = self.office_ids();
        if body.office != district || body.workstation != workstation {
            return Err(refuse(ExchangeError::AckOtherOffice(
                nssf_exchange::office_id(&body.office, &body.workstation),
            )));
        }
        let Some((d, _)) = self.description(body.batch)? else {
            return Err(refuse(ExchangeError::AckUnknownBatch(body.batch)));
        };
        if d.sha256 != body.batch_sha256 {
            return Err(refuse(ExchangeError::AckUnknownBatch(body.batch)));
        }
        if body.through_seq > self.store.last_change_seq()? || body.through_seq < d.last_seq {
            return Err(refuse(ExchangeError::AckInvalid("through_seq".into())));
        }
        let mut summary = AckSummary {
            batch: body.batch,
            through_seq: body.through_seq,
            accepted: 0,
            duplicate: 0,
            rejected: Vec::new(),
            changed: false,
        };
        let mut rejected = Vec::new();
        for r in &body.records {
            if r.seq < d.first_seq || r.seq > d.last_seq {
                return Err(refuse(ExchangeError::AckInvalid(
                    "record outside the batch".into(),
                )));
            }
            match r.status {
                AckStatus::Accepted => summary.accepted += 1,
                AckStatus::Duplicate => summary.duplicate += 1,
                AckStatus::Rejected => {
                    let change = RejectedChange {
                        seq: r.seq,
                        kind: r.kind,
                        key: r.key.clone(),
                        reason: r.reason.clone().unwrap_or_default(),
                    };
                    rejected.push((r.seq, serde_json::to_vec(&change).map_err(storage)?));
                    summary.rejected.push(change);
                }
            }
        }
        summary.changed = self.store.apply_ack(body.through_seq, &rejected)?;
        Ok(summary)
    }

    pub fn exchange_status(&self) -> Result<ExchangeStatus, ApiError> {
        let state = self.store.exchange_state()?;
        Ok(ExchangeStatus {
            acked_through: state.acked_through,
            last_change: self.store.last_change_seq()?,
            last_batch: state.last_batch,
            central_key_installed: state.central_key.is_some(),
            pending: self.pending()?,
            rejected: self.rejected_changes()?,
        })
    }

    /// Whether a change reached the central office and was not rejected there.
    pub fn change_posted(&self, seq: u64) -> Result<bool, ApiError> {
        let state = self.store.exchange_state()?;
        Ok(seq <= state.acked_through && !self.rejected_changes()?.iter().any(|r| r.seq == seq))
    }

    /// Changes the central office rejected, with the reason, oldest first.
    pub fn rejected_changes(&self) -> Result<Vec<RejectedChange>, ApiError> {
        self.store
            .rejected_changes()?
            .into_iter()
            .map(|(_, bytes)| serde_json::from_slice(&bytes).map_err(storage))
            .collect()
    }
}
