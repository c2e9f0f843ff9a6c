//! The office's side of the weekly batch: export (every change not yet acknowledged, signed with the
//! workstation's key, encrypted to the central office once its key is installed), write a batch again,
//! what is pending, install the central office's key, apply an acknowledgement. The format and the central
//! office's side are in `nssf-exchange`; `docs/batch-format.md` specifies the files.
//!
//! The status screen warns, and never blocks, when the last batch was written more than
//! [`EXPORT_OVERDUE_DAYS`] days ago (or never, once something changed) and when the kip of payments not yet
//! acknowledged exceeds [`PENDING_KIP_WARNING`].

use chrono::{DateTime, SecondsFormat, Utc};
use nssf_domain::audit::ChainedEntry;
use nssf_domain::change::{ChangeEntry, ChangeKind as LoggedKind};
use nssf_domain::Receipt;
use nssf_exchange::ack::{self, AckStatus};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS};
use nssf_exchange::{CentralPublic, ExchangeError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Actor, ApiError, Desk, Refusal};

/// How a refusal of the exchange crosses the API: each reason its own code, with its arguments. The English
/// detail some reasons carry (a decoder's or a cipher's message) stays behind: the user cannot act on it,
/// and the code says what happened. A storage failure keeps its detail, as every `storage` refusal does.
impl From<&ExchangeError> for Refusal {
    fn from(e: &ExchangeError) -> Refusal {
        match e {
            ExchangeError::TooLarge { size, max } => Refusal::ExchangeTooLarge {
                size: *size,
                max: *max,
            },
            ExchangeError::NoIdentity => Refusal::ExchangeNoIdentity {},
            ExchangeError::Decrypt(_) => Refusal::ExchangeDecrypt {},
            ExchangeError::EncryptionHeader(_) => Refusal::ExchangeEncryptionHeader {},
            ExchangeError::BadMagic => Refusal::ExchangeBadMagic {},
            ExchangeError::Truncated => Refusal::ExchangeTruncated {},
            ExchangeError::TrailingBytes => Refusal::ExchangeTrailingBytes {},
            ExchangeError::TooManyParts(count) => Refusal::ExchangeTooManyParts { count: *count },
            ExchangeError::BadPartName => Refusal::ExchangeBadPartName {},
            ExchangeError::UnknownPart(part) => Refusal::ExchangeUnknownPart { part: part.clone() },
            ExchangeError::MissingPart(part) => Refusal::ExchangeMissingPart { part: part.clone() },
            ExchangeError::PartOrder(part) => Refusal::ExchangePartOrder { part: part.clone() },
            ExchangeError::ManifestInvalid(_) => Refusal::ExchangeManifestInvalid {},
            ExchangeError::UnsupportedVersion(version) => {
                Refusal::ExchangeUnsupportedVersion { version: *version }
            }
            ExchangeError::UntrustedKey(office) => Refusal::ExchangeUntrustedKey {
                office: office.clone(),
            },
            ExchangeError::BadSignature => Refusal::ExchangeBadSignature {},
            ExchangeError::PartHash(part) => Refusal::ExchangePartHash { part: part.clone() },
            ExchangeError::RecordInvalid { part, line, .. } => Refusal::ExchangeRecordInvalid {
                part: part.clone(),
                line: *line,
            },
            ExchangeError::RecordRange { first, last } => Refusal::ExchangeRecordRange {
                first: *first,
                last: *last,
            },
            ExchangeError::CountMismatch(part) => {
                Refusal::ExchangeCountMismatch { part: part.clone() }
            }
            ExchangeError::TotalsMismatch(_) => Refusal::ExchangeTotalsMismatch {},
            ExchangeError::Gap {
                office,
                expected,
                got,
            } => Refusal::ExchangeGap {
                office: office.clone(),
                expected: *expected,
                got: *got,
            },
            ExchangeError::ChainBroken { office, batch } => Refusal::ExchangeChainBroken {
                office: office.clone(),
                batch: *batch,
            },
            ExchangeError::AlreadyImported { office, batch } => Refusal::ExchangeAlreadyImported {
                office: office.clone(),
                batch: *batch,
            },
            ExchangeError::Superseded { office, batch } => Refusal::ExchangeSuperseded {
                office: office.clone(),
                batch: *batch,
            },
            ExchangeError::ConflictingBatch { office, batch } => {
                Refusal::ExchangeConflictingBatch {
                    office: office.clone(),
                    batch: *batch,
                }
            }
            ExchangeError::KeyFileInvalid => Refusal::ExchangeKeyFileInvalid {},
            ExchangeError::NoCentralKey => Refusal::ExchangeNoCentralKey {},
            ExchangeError::AckInvalid(_) => Refusal::ExchangeAckInvalid {},
            ExchangeError::AckOtherOffice(office) => Refusal::ExchangeAckOtherOffice {
                office: office.clone(),
            },
            ExchangeError::AckUnknownBatch(batch) => {
                Refusal::ExchangeAckUnknownBatch { batch: *batch }
            }
            ExchangeError::NothingToAck(office) => Refusal::ExchangeNothingToAck {
                office: office.clone(),
            },
            ExchangeError::CentralNotInitialised => Refusal::ExchangeCentralNotInitialised {},
            ExchangeError::CentralExists => Refusal::ExchangeCentralExists {},
            ExchangeError::CentralKeyUnreadable { path } => {
                Refusal::ExchangeCentralKeyUnreadable { path: path.clone() }
            }
            ExchangeError::Unencrypted => Refusal::ExchangeUnencrypted {},
            ExchangeError::KeyAlreadyTrusted {
                office,
                fingerprint,
            } => Refusal::ExchangeKeyAlreadyTrusted {
                office: office.clone(),
                fingerprint: fingerprint.clone(),
            },
            ExchangeError::SuccessorOtherDistrict {
                office,
                predecessor,
            } => Refusal::ExchangeSuccessorOtherDistrict {
                office: office.clone(),
                predecessor: predecessor.clone(),
            },
            ExchangeError::PredecessorUntrusted(office) => Refusal::ExchangePredecessorUntrusted {
                office: office.clone(),
            },
            ExchangeError::SuccessionTooLate(office) => Refusal::ExchangeSuccessionTooLate {
                office: office.clone(),
            },
            ExchangeError::Retired { office, successor } => Refusal::ExchangeRetired {
                office: office.clone(),
                successor: successor.clone(),
            },
            ExchangeError::RecoverInvalid(_) => Refusal::ExchangeRecoverInvalid {},
            ExchangeError::ReferenceInvalid(_) => Refusal::ReferenceInvalid {},
            ExchangeError::ReferenceOutdated { issue, applied } => Refusal::ReferenceOutdated {
                issue: *issue,
                applied: *applied,
            },
            ExchangeError::Storage(detail) => Refusal::Storage {
                detail: detail.clone(),
            },
        }
    }
}

impl From<ExchangeError> for ApiError {
    fn from(e: ExchangeError) -> ApiError {
        Refusal::from(&e).into()
    }
}

/// A batch is due weekly: the status warns once the last one is older than this many days.
pub const EXPORT_OVERDUE_DAYS: i64 = 7;

/// The status warns once the payments not yet acknowledged by the central office exceed this many kip.
pub const PENDING_KIP_WARNING: i64 = 10_000_000;

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
    /// When it was written (RFC 3339); absent for batches written before this was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exported_at: Option<String>,
    /// The sequence of the last audit entry it carried; absent when it carried none (a version-1 batch,
    /// or nothing new). Its acknowledgement says the central office holds the chain up to this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit_last: Option<u64>,
}

/// A batch file to hand out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchFile {
    /// The batch's number: 1, 2, 3, … per workstation.
    pub batch: u64,
    /// `nssf-DDDD-WW-NNNNNN.batch`.
    pub file_name: String,
    /// The first change it carries.
    pub first_seq: u64,
    /// The last change it carries.
    pub last_seq: u64,
    /// Encrypted to the central office's key (installed before it was written).
    pub encrypted: bool,
    /// True when no change was made since this batch was written: it is the same batch again.
    pub repeated: bool,
    /// Changes made but not in this batch, because it was full (an office weeks behind): they go in the
    /// next batch, once this one's acknowledgement is imported. 0 for a batch written again (`again`).
    pub held_back: u64,
    /// The file's bytes; not sent to the window, which never handles the file itself.
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

/// A batch the window wrote into the folder the supervisor chose, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchSaved {
    /// The batch written.
    pub file: BatchFile,
    /// The file's path, to show the supervisor.
    pub path: String,
}

/// What the central office has not yet acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Pending {
    /// How many changes.
    pub changes: u64,
    /// Kip of the payments among them.
    pub kip: i64,
}

/// Changes not yet acknowledged, by kind (the manifest's `counts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingKinds {
    /// Members registered.
    pub member_registered: u64,
    /// Members amended.
    pub member_amended: u64,
    /// Income bases changed.
    pub base_changed: u64,
    /// Photos set or replaced.
    pub photo_changed: u64,
    /// Cards issued.
    pub card_issued: u64,
    /// Payments recorded.
    pub payment_recorded: u64,
    /// Receipts voided.
    pub receipt_voided: u64,
    /// Days closed.
    pub day_closed: u64,
}

impl PendingKinds {
    fn add(&mut self, kind: LoggedKind) {
        let n = match kind {
            LoggedKind::MemberRegistered => &mut self.member_registered,
            LoggedKind::MemberAmended => &mut self.member_amended,
            LoggedKind::BaseChanged => &mut self.base_changed,
            LoggedKind::PhotoChanged => &mut self.photo_changed,
            LoggedKind::CardIssued => &mut self.card_issued,
            LoggedKind::PaymentRecorded => &mut self.payment_recorded,
            LoggedKind::ReceiptVoided => &mut self.receipt_voided,
            LoggedKind::DayClosed => &mut self.day_closed,
        };
        *n += 1;
    }
}

/// What kind of change a rejected change was. The JSON text is the batch format's (`member_registered`,
/// `payment_recorded`, …); the window shows `weekly-kind-<kind>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    /// A member was registered.
    MemberRegistered,
    /// A member's data was amended.
    MemberAmended,
    /// A member's income base changed.
    BaseChanged,
    /// A payment was recorded.
    PaymentRecorded,
    /// A receipt was voided.
    ReceiptVoided,
    /// A cashier closed a day.
    DayClosed,
    /// A member's photo was set or replaced.
    PhotoChanged,
    /// A card was issued.
    CardIssued,
}

impl From<LoggedKind> for ChangeKind {
    fn from(kind: LoggedKind) -> ChangeKind {
        match kind {
            LoggedKind::MemberRegistered => ChangeKind::MemberRegistered,
            LoggedKind::MemberAmended => ChangeKind::MemberAmended,
            LoggedKind::BaseChanged => ChangeKind::BaseChanged,
            LoggedKind::PaymentRecorded => ChangeKind::PaymentRecorded,
            LoggedKind::ReceiptVoided => ChangeKind::ReceiptVoided,
            LoggedKind::DayClosed => ChangeKind::DayClosed,
            LoggedKind::PhotoChanged => ChangeKind::PhotoChanged,
            LoggedKind::CardIssued => ChangeKind::CardIssued,
        }
    }
}

/// A change the central office rejected, with its reason code. Kept in the office store as this JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectedChange {
    /// The change's place in the workstation's change log.
    pub seq: u64,
    /// What kind of change it was.
    pub kind: ChangeKind,
    /// The record it was about: a member number, a receipt number, …
    pub key: String,
    /// The central office's reason code: Fluent id `exchange-reason-<reason>`. Text, not a closed set:
    /// it comes from the central office, whose version may know reasons this one does not.
    pub reason: String,
}

/// What installing the central office's key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentralKeyInstall {
    /// The fingerprint of the key now installed (`3F2A-91C0-…`), to read back to the central office.
    pub fingerprint: String,
    /// The fingerprint of the key it replaced, if it replaced one.
    pub previous: Option<String>,
    /// False when this very key was installed already: nothing changed.
    pub changed: bool,
}

/// What applying an acknowledgement did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AckSummary {
    /// The batch it acknowledges.
    pub batch: u64,
    /// Changes up to this sequence are now acknowledged.
    pub through_seq: u64,
    /// Changes the central office posted.
    pub accepted: u64,
    /// Changes it already had (a batch sent twice).
    pub duplicate: u64,
    /// Changes it refused, with the reason.
    pub rejected: Vec<RejectedChange>,
    /// False when the acknowledgement was already applied (or an older one): nothing changed.
    pub changed: bool,
}

/// A batch written earlier, as the status screen lists it (to write it again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchView {
    /// The batch's number.
    pub batch: u64,
    /// `nssf-DDDD-WW-NNNNNN.batch`.
    pub file_name: String,
    /// The first change it carries.
    pub first_seq: u64,
    /// The last change it carries.
    pub last_seq: u64,
    /// Encrypted to the central office's key.
    pub encrypted: bool,
    /// RFC 3339; `None` for batches written before the time was recorded.
    pub exported_at: Option<String>,
}

/// Where the office stands with the central office, for a status screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExchangeStatus {
    /// Changes up to this sequence are acknowledged: posted, unless listed in `rejected`.
    pub acked_through: u64,
    /// The last change made here (0 before the first).
    pub last_change: u64,
    /// The last batch written (0 before the first).
    pub last_batch: u64,
    /// Batches are encrypted from now on.
    pub central_key_installed: bool,
    /// What is not yet acknowledged.
    pub pending: Pending,
    /// The same, by kind.
    pub pending_kinds: PendingKinds,
    /// When the last batch was written (RFC 3339), if it was recorded.
    pub last_exported_at: Option<String>,
    /// When the last acknowledgement that went further was applied (RFC 3339).
    pub last_acked_at: Option<String>,
    /// Warning: changes are pending and no batch was written for more than [`EXPORT_OVERDUE_DAYS`] days.
    pub export_overdue: bool,
    /// Warning: `pending.kip` is above [`PENDING_KIP_WARNING`].
    pub kip_piling_up: bool,
    /// [`EXPORT_OVERDUE_DAYS`], for the warning's text.
    pub overdue_days: i64,
    /// [`PENDING_KIP_WARNING`], for the warning's text.
    pub kip_warning: i64,
    /// Every batch written, newest first.
    pub batches: Vec<BatchView>,
    /// Every change the central office rejected, oldest first.
    pub rejected: Vec<RejectedChange>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
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
                    serde_json::from_slice(&b.description).map_err(ApiError::storage)?;
                Ok(Some((d, b.file)))
            }
            None => Ok(None),
        }
    }

    pub(crate) fn central_key(&self) -> Result<Option<CentralPublic>, ApiError> {
        match self.store.exchange_state()?.central_key {
            Some(text) => Ok(Some(CentralPublic::parse(&text).map_err(ApiError::from)?)),
            None => Ok(None),
        }
    }

    /// Writes the next batch: every change not yet acknowledged. It is recorded (number, bytes) in the
    /// store before it is returned, so a crash before the file reaches the stick loses nothing and skips
    /// no number; when nothing changed since the last batch, that batch is returned again (same number,
    /// same bytes) instead of a new one.
    pub fn export_batch(&self, actor: &Actor, now: DateTime<Utc>) -> Result<BatchFile, ApiError> {
        actor.require(Action::ExportBatch)?;
        let state = self.store.exchange_state()?;
        let mut entries: Vec<ChangeEntry> = self
            .store
            .changes_after(state.acked_through)
            .collect::<Result<_, _>>()?;
        let fit = batch::records_that_fit(&entries, batch::RECORD_BUDGET_BYTES)?;
        let held_back = (entries.len() - fit) as u64;
        entries.truncate(fit);
        // The audit entries after the last one the central office acknowledged, in the room the records
        // leave; the rest travel in a later batch.
        let mut audit: Vec<ChainedEntry> = self
            .store
            .audit_entries_after(self.store.audit_acked_through()?)?
            .iter()
            .map(nssf_store::AuditEntry::chained_entry)
            .collect();
        let room = batch::RECORD_BUDGET_BYTES.saturating_sub(batch::record_bytes(&entries)?);
        audit.truncate(batch::audit_that_fit(&audit, room)?);
        let first_seq = state.acked_through + 1;
        let last_seq = entries.last().map_or(state.acked_through, |e| e.seq);
        let previous = self.description(state.last_batch)?;
        if let Some((d, bytes)) = &previous {
            if d.first_seq == first_seq && d.last_seq == last_seq {
                self.audit_batch_again(actor, d.batch, now)?;
                return Ok(BatchFile {
                    batch: d.batch,
                    file_name: d.file_name.clone(),
                    first_seq,
                    last_seq,
                    encrypted: d.encrypted,
                    repeated: true,
                    held_back,
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
            audit: &audit,
            signer: self.key.public_key(),
        };
        let written = batch::write(&input, &|m| self.key_sign(m)).map_err(ApiError::from)?;
        let central = self.central_key()?;
        let bytes = match &central {
            Some(c) => batch::encrypt(&written.plaintext, &c.recipient).map_err(ApiError::from)?,
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
            exported_at: Some(rfc3339(now)),
            audit_last: audit.last().map(|e| e.seq),
        };
        let json = serde_json::to_vec(&description).map_err(ApiError::storage)?;
        let _writing = self.write_turn();
        self.store
            .record_export(number, &json, &bytes, now, &actor.staff_id)?;
        Ok(BatchFile {
            batch: number,
            file_name: description.file_name,
            first_seq,
            last_seq,
            encrypted: description.encrypted,
            repeated: false,
            held_back,
            bytes,
        })
    }

    /// A batch written earlier, byte for byte; handing it out again is audited.
    pub fn batch_again(
        &self,
        actor: &Actor,
        number: u64,
        now: DateTime<Utc>,
    ) -> Result<BatchFile, ApiError> {
        actor.require(Action::ExportBatch)?;
        let Some((d, bytes)) = self.description(number)? else {
            return Err(ExchangeError::AckUnknownBatch(number).into());
        };
        self.audit_batch_again(actor, d.batch, now)?;
        Ok(BatchFile {
            batch: d.batch,
            file_name: d.file_name,
            first_seq: d.first_seq,
            last_seq: d.last_seq,
            encrypted: d.encrypted,
            repeated: true,
            // Says what a new export holds back; a copy of an old batch holds nothing back.
            held_back: 0,
            bytes,
        })
    }

    /// The audit entry of a batch handed out again (it records nothing else).
    fn audit_batch_again(
        &self,
        actor: &Actor,
        batch: u64,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let target = format!("batch/{batch}");
        let action = nssf_store::AuditAction::BatchWrittenAgain;
        let _writing = self.write_turn();
        Ok(self
            .store
            .append_audit(now, &actor.staff_id, action, &target, vec![])?)
    }

    /// Changes not yet acknowledged, and the kip of the payments among them.
    pub fn pending(&self) -> Result<Pending, ApiError> {
        Ok(self.pending_by_kind()?.0)
    }

    fn pending_by_kind(&self) -> Result<(Pending, PendingKinds), ApiError> {
        let state = self.store.exchange_state()?;
        let mut pending = Pending { changes: 0, kip: 0 };
        let mut kinds = PendingKinds::default();
        for entry in self.store.changes_after(state.acked_through) {
            let entry = entry?;
            pending.changes += 1;
            kinds.add(entry.kind);
            if entry.kind == LoggedKind::PaymentRecorded {
                let r: Receipt = serde_json::from_value(entry.record).map_err(ApiError::storage)?;
                pending.kip = pending.kip.saturating_add(r.total_kip);
            }
        }
        Ok((pending, kinds))
    }

    /// Installs the central office's public-key file; batches are encrypted to it from now on. Importing
    /// the key already installed changes nothing; a different key installed here is refused
    /// (`central-key-different`, with its fingerprint): replacing it is [`Desk::replace_central_key`].
    pub fn install_central_key(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<CentralKeyInstall, ApiError> {
        actor.require(Action::ManageKeys)?;
        let key = CentralPublic::parse(text).map_err(ApiError::from)?;
        let outcome = CentralKeyInstall {
            fingerprint: key.fingerprint(),
            previous: None,
            changed: false,
        };
        match self.central_key()? {
            Some(installed) if installed.to_file() == key.to_file() => Ok(outcome),
            Some(installed) => Err(Refusal::CentralKeyDifferent {
                installed: installed.fingerprint(),
            }
            .into()),
            None => {
                let _writing = self.write_turn();
                self.store.set_central_key(&key.to_file())?;
                Ok(CentralKeyInstall {
                    changed: true,
                    ..outcome
                })
            }
        }
    }

    /// Installs the central office's public-key file in place of a different one already installed (a
    /// supervisor's decision, after reading the new key's fingerprint back to the central office): the
    /// replacement is recorded in the audit trail with both fingerprints, in the same write as the key.
    /// With nothing installed, or the same key, it is [`Desk::install_central_key`].
    pub fn replace_central_key(
        &self,
        actor: &Actor,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<CentralKeyInstall, ApiError> {
        actor.require(Action::ManageKeys)?;
        let key = CentralPublic::parse(text).map_err(ApiError::from)?;
        let Some(stored) = self.store.exchange_state()?.central_key else {
            return self.install_central_key(actor, text);
        };
        let installed = CentralPublic::parse(&stored).map_err(ApiError::from)?;
        if installed.to_file() == key.to_file() {
            return self.install_central_key(actor, text);
        }
        let (previous, fingerprint) = (installed.fingerprint(), key.fingerprint());
        let _writing = self.write_turn();
        self.store.replace_central_key(
            &stored,
            &key.to_file(),
            (&previous, &fingerprint),
            now,
            &actor.staff_id,
        )?;
        Ok(CentralKeyInstall {
            fingerprint,
            previous: Some(previous),
            changed: true,
        })
    }

    /// Checks an acknowledgement (signature of the central office, this workstation, a batch written
    /// here) and applies it: its changes are posted, the rejected ones kept with their reason. An invalid
    /// acknowledgement changes nothing; one already applied changes nothing either.
    pub fn import_ack(
        &self,
        actor: &Actor,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<AckSummary, ApiError> {
        actor.require(Action::ImportAck)?;
        let refuse = ApiError::from;
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
                        kind: r.kind.into(),
                        key: r.key.clone(),
                        reason: r.reason.clone().unwrap_or_default(),
                    };
                    rejected.push((
                        r.seq,
                        serde_json::to_vec(&change).map_err(ApiError::storage)?,
                    ));
                    summary.rejected.push(change);
                }
            }
        }
        let _writing = self.write_turn();
        summary.changed = self
            .store
            .apply_ack(body.through_seq, &rejected, &rfc3339(now))?;
        // The central office imported the batch acknowledged, so it holds the audit entries it carried:
        // the next batch carries those after them (even when no change was new, as for an empty batch).
        if let Some(audit_last) = d.audit_last {
            summary.changed |= self.store.apply_audit_ack(audit_last)?;
        }
        Ok(summary)
    }

    /// Where the office stands at `now`: what is pending (by kind), the batches written, the last export and
    /// acknowledgement, and the two warnings (export overdue, unacknowledged kip piling up).
    pub fn exchange_status(&self, now: DateTime<Utc>) -> Result<ExchangeStatus, ApiError> {
        let state = self.store.exchange_state()?;
        let (pending, kinds) = self.pending_by_kind()?;
        let mut batches = Vec::new();
        for (_, json) in self.store.exported_batches()?.into_iter().rev() {
            let d: BatchDescription = serde_json::from_slice(&json).map_err(ApiError::storage)?;
            batches.push(BatchView {
                batch: d.batch,
                file_name: d.file_name,
                first_seq: d.first_seq,
                last_seq: d.last_seq,
                encrypted: d.encrypted,
                exported_at: d.exported_at,
            });
        }
        let last_exported_at = batches.first().and_then(|b| b.exported_at.clone());
        let last_written = last_exported_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc));
        let export_overdue = pending.changes > 0
            && match last_written {
                Some(t) => now - t > chrono::Duration::days(EXPORT_OVERDUE_DAYS),
                // Never written, or written before times were recorded: due if something waits that long.
                None => self
                    .store
                    .changes_after(state.acked_through)
                    .next()
                    .transpose()?
                    .is_some_and(|e| now - e.at > chrono::Duration::days(EXPORT_OVERDUE_DAYS)),
            };
        Ok(ExchangeStatus {
            acked_through: state.acked_through,
            last_change: self.store.last_change_seq()?,
            last_batch: state.last_batch,
            central_key_installed: state.central_key.is_some(),
            pending,
            pending_kinds: kinds,
            last_exported_at,
            last_acked_at: state.acked_at,
            export_overdue,
            kip_piling_up: pending.kip > PENDING_KIP_WARNING,
            overdue_days: EXPORT_OVERDUE_DAYS,
            kip_warning: PENDING_KIP_WARNING,
            batches,
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
            .map(|(_, bytes)| serde_json::from_slice(&bytes).map_err(ApiError::storage))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::OfficeSetup;

    #[test]
    fn status_counts_kinds_records_export_time_and_warns_when_overdue() {
        let dir = tempfile::tempdir().expect("tempdir");
        let t0 = Utc
            .with_ymd_and_hms(2026, 3, 2, 3, 0, 0)
            .single()
            .expect("t0");
        let setup = OfficeSetup {
            district_code: "0101".into(),
            workstation: "01".into(),
        };
        let actor = Actor::setup_user();
        let desk = Desk::init(dir.path(), &setup, &actor, t0).expect("init");
        let mut applicants = desk.demo_applicants(7, crate::office_date(t0));
        // Demo applicants are dated months back: the setup user allows it as a supervisor.
        let choices = crate::RegistrationChoices {
            confirm_duplicate: true,
            allow_backdate: true,
        };
        desk.register_with(&actor, &applicants.next_draft(), choices, t0)
            .expect("register");

        let fresh = desk.exchange_status(t0).expect("status");
        assert_eq!(fresh.pending.changes, 1);
        assert_eq!(fresh.pending_kinds.member_registered, 1);
        assert_eq!(fresh.pending_kinds.payment_recorded, 0);
        assert_eq!((fresh.last_exported_at, fresh.last_acked_at), (None, None));
        assert!(!fresh.export_overdue && !fresh.kip_piling_up);
        assert!(fresh.batches.is_empty());
        // Never exported, and the change has waited longer than a week.
        assert!(
            desk.exchange_status(t0 + Duration::days(8))
                .expect("status")
                .export_overdue
        );

        let t1 = t0 + Duration::days(8);
        let file = desk.export_batch(&actor, t1).expect("export");
        let status = desk
            .exchange_status(t1 + Duration::days(1))
            .expect("status");
        assert_eq!(
            status.last_exported_at.as_deref(),
            Some("2026-03-10T03:00:00Z")
        );
        assert!(!status.export_overdue);
        assert_eq!(status.batches.len(), 1);
        assert_eq!(status.batches[0].file_name, file.file_name);
        assert_eq!(
            status.batches[0].exported_at,
            status.last_exported_at.clone()
        );
        assert!(
            desk.exchange_status(t1 + Duration::days(8))
                .expect("status")
                .export_overdue
        );
        // Exporting again with nothing changed hands back the same batch, with its first time.
        let again = desk
            .export_batch(&actor, t1 + Duration::days(2))
            .expect("again");
        assert!(again.repeated);
        assert_eq!(
            desk.exchange_status(t1).expect("status").last_exported_at,
            status.last_exported_at
        );
    }
}
