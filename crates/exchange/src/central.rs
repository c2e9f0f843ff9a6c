//! The central office's store: its two key files in its folder, and its records in a backend chosen when
//! it is opened: sled in the folder's `db/` (`sled_store.rs`, the tree layout in its doc), or a
//! PostgreSQL database (the `nssf-central-pg` crate). The rules of an import are written once, here,
//! over [`backend::CentralTx`]; each backend only reads and writes typed rows inside one transaction.
//!
//! Authority: a workstation's batch may register members and record payments only under its own numbers,
//! and may amend, change the base, photo or card of, or void, only what it or a workstation it succeeds
//! (transitively) issued; anything else is rejected per record as `other-office` (`docs/batch-format.md`,
//! "Who may send what").

use std::collections::BTreeSet;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use nssf_domain::audit::{ChainedEntry, GENESIS_HASH};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{Member, MemberNumber, Receipt, ReceiptNumber, Void};
use serde::{Deserialize, Serialize};

use self::backend::{CentralBackend, CentralTx, Scope, TxResult};

use crate::ack::{self, AckBody, AckRecord, AckStatus, ACK_VERSION};
use crate::batch::{self, Batch, AGE_MAGIC, NO_PREVIOUS};
use crate::keys::{office_fingerprint, parse_office_key, CentralKeys};
use crate::reference::{self, Benefit, ReferenceContent};
use crate::ExchangeError;

pub mod backend;
pub mod report;
mod sled_store;

use self::report::{MemberHistory, Report, TotalsDelta};

/// What the central office keeps about one workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeState {
    /// Standard base64 of the trusted Ed25519 key.
    pub public_key: String,
    /// The last batch imported from it.
    pub last_batch: u64,
    /// The last change imported from it.
    pub last_seq: u64,
    /// The workstation it took the place of (`DDDD-WW`): it may change and void what that one issued.
    /// Absent in stores written before successions existed.
    #[serde(default)]
    pub succeeds: Option<String>,
    /// The workstation that took its place (`DDDD-WW`): from then on its batches are refused.
    #[serde(default)]
    pub succeeded_by: Option<String>,
    /// The key in `trust` of the record of its trusted key; absent in stores written before trust records
    /// were kept, until [`CentralStore::open`] writes one.
    #[serde(default)]
    pub trust_record: Option<u64>,
    /// The last audit entry held for it (absent before its first batch that carried any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_tail: Option<AuditTail>,
    /// The last break of its audit chain reported on import, if one ever was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_break: Option<RecordedBreak>,
}

/// The end of a workstation's audit chain as the central office holds it: the next batch's entries must
/// extend it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTail {
    /// The sequence of the last entry held.
    pub last_seq: u64,
    /// Its hash: the next entry's `prev_hash`.
    pub last_hash: String,
}

/// Where a workstation's audit chain stands at the central office ([`CentralStore::audit_status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditStatus {
    /// The last entry held; `None` before any batch carried one.
    pub tail: Option<AuditTail>,
    /// The last break reported on import, if one ever was.
    pub last_break: Option<RecordedBreak>,
}

/// A break of a workstation's audit chain, as reported on the import of one of its batches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedBreak {
    /// The batch whose import reported it.
    pub batch: u64,
    /// The entry at which the chain breaks (for a missing one, the number missing).
    pub seq: u64,
    /// How it breaks.
    pub why: AuditChainBreak,
}

/// How the audit entries a batch carries fail to extend the chain the central office holds for its
/// workstation (`docs/batch-format.md`, "The audit trail").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditChainBreak {
    /// The entry's hash is not the hash of its content: it was changed after it was written.
    Edited,
    /// The sequence jumps over this entry: it was deleted at the workstation.
    Missing,
    /// The entry does not name the hash of the entry before it, or comes back in the sequence: entries
    /// were reordered, or one was inserted.
    OutOfOrder,
    /// An entry the central office holds was changed or replaced at the workstation: carried again, it
    /// differs, or the first new entry does not name the hash of the last one held.
    Rewritten,
}

impl AuditChainBreak {
    /// The name as `central import` prints it (`edited`, `missing`, `out-of-order`, `rewritten`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditChainBreak::Edited => "edited",
            AuditChainBreak::Missing => "missing",
            AuditChainBreak::OutOfOrder => "out-of-order",
            AuditChainBreak::Rewritten => "rewritten",
        }
    }
}

/// What importing a batch found of its workstation's audit chain. A break is reported, never refused:
/// the records are imported all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "audit")]
pub enum AuditChainCheck {
    /// A version-1 batch: it carries no audit entries.
    NotCarried,
    /// The entries extend the chain held without a break; it now ends at entry `last_seq` (0: none yet).
    Intact {
        /// The last entry held now.
        last_seq: u64,
    },
    /// The chain breaks at entry `seq`.
    Broken {
        /// The entry at which it breaks (for a missing one, the number missing).
        seq: u64,
        /// How.
        why: AuditChainBreak,
    },
}

/// One key the central office trusted: `central trusted --json` lists them, one per key ever trusted, in
/// the order they were trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustRecord {
    /// The workstation, `DDDD-WW`.
    pub workstation: String,
    /// The key's fingerprint ([`office_fingerprint`]).
    pub fingerprint: String,
    /// When it was trusted; `None` for a key trusted before trust records were kept.
    pub since: Option<DateTime<Utc>>,
    /// The workstation this one took the place of, `DDDD-WW`.
    pub succeeds: Option<String>,
    /// When the key stopped being trusted: its workstation was succeeded, or the key replaced.
    pub retired: Option<DateTime<Utc>>,
}

/// What [`CentralStore::trust`] is asked: the office key file, and whether it names a successor or replaces
/// a key (`central trust --office-key FILE [--succeeds DDDD-WW] [--replace]`).
#[derive(Debug, Clone, Copy)]
pub struct TrustRequest<'a> {
    /// The office key file's text (`office-key` writes it).
    pub office_key_file: &'a str,
    /// The workstation this one takes the place of, `DDDD-WW` (a reinstall, a new PC, a restore).
    pub succeeds: Option<&'a str>,
    /// Replace the key trusted for the same workstation code: only for the same workstation's key
    /// exported again, never for a workstation that started again (its sequence is kept).
    pub replace: bool,
}

/// What [`CentralStore::trust`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustChange {
    /// A workstation trusted for the first time.
    Trusted,
    /// A new workstation trusted as the successor of this one, now retired.
    Succeeded {
        /// The retired predecessor, `DDDD-WW`.
        predecessor: String,
    },
    /// Another key replaced the one trusted for this workstation; its sequence is kept.
    Replaced,
    /// This very key was trusted already: nothing changed.
    Unchanged,
}

/// A key trusted: the workstation, the key's fingerprint (printed for the two offices to compare by
/// phone), and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trusted {
    /// The workstation, `DDDD-WW`.
    pub office: String,
    /// The key's fingerprint.
    pub fingerprint: String,
    /// What changed.
    pub change: TrustChange,
}

/// Whether a batch that is not encrypted is read. A batch travels encrypted to the central office once
/// its key is installed; one in the clear is read only when the operator says so (`--allow-plaintext`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plaintext {
    /// Refused with [`ExchangeError::Unencrypted`].
    Refused,
    /// Read like an encrypted one.
    Allowed,
}

/// What the central office keeps about one imported batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// The SHA-256 of its signed container, hex.
    pub sha256: String,
    /// The `previous_sha256` it named.
    pub previous_sha256: String,
    /// Its first change.
    pub first_seq: u64,
    /// Its last change.
    pub last_seq: u64,
    /// Records taken in.
    pub accepted: u64,
    /// Records already there.
    pub duplicate: u64,
    /// Records refused.
    pub rejected: u64,
    /// What its audit entries showed; absent for batches imported before batches carried any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditChainCheck>,
    /// When it was imported ([`CentralStore::import_at`]); absent for one imported without the time
    /// ([`CentralStore::import`]) or before the time was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

/// The last reference file the central office issued: its number, and the benefits it carried, which the
/// next issue repeats when it is given none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedReference {
    /// Its issue number.
    pub issue: u64,
    /// The SHA-256 of the file, hex.
    pub sha256: String,
    /// The benefits it carried.
    pub benefits: Vec<Benefit>,
}

/// What `import` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The batch was new: its records are judged and stored.
    Imported {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
        /// Records taken in.
        accepted: u64,
        /// Records already there.
        duplicate: u64,
        /// Records refused.
        rejected: u64,
        /// Whether its audit entries extend the chain held for the workstation.
        audit: AuditChainCheck,
    },
    /// This very batch was imported before: nothing changed.
    AlreadyImported {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
    /// An older batch, after newer ones: everything in it is already here; nothing changed.
    Superseded {
        /// The workstation, `DDDD-WW`.
        office: String,
        /// The batch's number.
        batch: u64,
    },
}

/// The central store's figures (`central stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Members known.
    pub members: u64,
    /// Payments known, void ones included.
    pub payments: u64,
    /// Kip of the payments that are not void.
    pub kip: i64,
    /// Voids known.
    pub voids: u64,
    /// Batches imported.
    pub batches: u64,
    /// Workstations trusted.
    pub offices: u64,
}

/// Where a checked batch stands in its workstation's sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    New,
    AlreadyImported,
    Superseded,
}

/// The central office's own store: trusted workstation keys, imported batches and their records, in a
/// backend chosen when it is opened (sled in its folder, or a PostgreSQL database), and its key pair
/// in its folder.
#[derive(Debug)]
pub struct CentralStore {
    pub(crate) backend: Box<dyn CentralBackend>,
    pub(crate) keys: CentralKeys,
}

fn verdict(entry: &ChangeEntry, status: AckStatus, reason: Option<&str>) -> AckRecord {
    AckRecord {
        seq: entry.seq,
        kind: entry.kind,
        key: entry.key.clone(),
        status,
        reason: reason.map(str::to_owned),
    }
}

/// Where a batch stands, from the workstation's state and the records of batches `n` and `n - 1`.
fn place(
    b: &Batch,
    state: &OfficeState,
    this: Option<&BatchRecord>,
    previous: Option<&BatchRecord>,
) -> Result<Place, ExchangeError> {
    let m = &b.manifest;
    let office = m.office_id();
    if let Some(successor) = &state.succeeded_by {
        return Err(ExchangeError::Retired {
            office,
            successor: successor.clone(),
        });
    }
    if let Some(this) = this {
        return if this.sha256 == b.sha256 {
            Ok(Place::AlreadyImported)
        } else {
            Err(ExchangeError::ConflictingBatch {
                office,
                batch: m.batch,
            })
        };
    }
    if m.batch < state.last_batch {
        return Ok(Place::Superseded);
    }
    if m.first_seq > state.last_seq + 1 {
        return Err(ExchangeError::Gap {
            office,
            expected: state.last_seq + 1,
            got: m.first_seq,
        });
    }
    let chain_ok = match previous {
        Some(p) => p.sha256 == m.previous_sha256,
        // The previous batch never arrived (a lost stick): this one re-sends all it held.
        None => m.batch > 1 || m.previous_sha256 == NO_PREVIOUS,
    };
    if !chain_ok {
        return Err(ExchangeError::ChainBroken {
            office,
            batch: m.batch,
        });
    }
    Ok(Place::New)
}

/// The workstation (`DDDD-WW`) that issued a member number; `None` when it is not one.
pub fn member_issuer(no: &str) -> Option<String> {
    let n = MemberNumber::parse(no).ok()?;
    Some(crate::office_id(
        &format!("{:04}", n.district),
        &format!("{:02}", n.workstation),
    ))
}

/// The workstation (`DDDD-WW`) that issued a receipt number; `None` when it is not one.
pub fn receipt_issuer(no: &str) -> Option<String> {
    let r = ReceiptNumber::parse(no)?;
    Some(crate::office_id(
        &format!("{:04}", r.district),
        &format!("{:02}", r.workstation),
    ))
}

/// The district part of `DDDD-WW`.
fn district_of(id: &str) -> &str {
    id.split_once('-').map_or(id, |(district, _)| district)
}

/// Whose numbers a workstation's batch may act on: its own and, for changes and voids, those of every
/// workstation it succeeds, transitively.
#[derive(Debug)]
struct Authority {
    own: String,
    /// `own` and its predecessors.
    lineage: BTreeSet<String>,
}

impl Authority {
    /// May register or record under this issuer's numbers: only its own (a successor issues its own).
    fn issues(&self, issuer: Option<&str>) -> bool {
        issuer == Some(self.own.as_str())
    }

    /// May change or void what this issuer issued.
    fn changes(&self, issuer: Option<&str>) -> bool {
        issuer.is_some_and(|i| self.lineage.contains(i))
    }
}

impl CentralStore {
    /// Creates the central store and its key pair in `dir`, its records in sled in `dir/db`.
    pub fn init(dir: &Path) -> Result<CentralStore, ExchangeError> {
        if dir.join("db").exists() {
            return Err(ExchangeError::CentralExists);
        }
        CentralStore::init_with(dir, &|| {
            sled_store::SledBackend::open(dir).map(|b| Box::new(b) as Box<dyn CentralBackend>)
        })
    }

    /// Creates the central store's key pair in `dir` and its records in the backend `create` makes
    /// (which refuses a database that holds a central store already). The key files are written last,
    /// so a backend that cannot be created leaves the folder as it was.
    pub fn init_with(
        dir: &Path,
        create: &dyn Fn() -> Result<Box<dyn CentralBackend>, ExchangeError>,
    ) -> Result<CentralStore, ExchangeError> {
        if CentralKeys::exists(dir) {
            return Err(ExchangeError::CentralExists);
        }
        std::fs::create_dir_all(dir).map_err(|e| ExchangeError::Storage(e.to_string()))?;
        let backend = create()?;
        let keys = CentralKeys::generate();
        keys.save(dir)?;
        Ok(CentralStore { backend, keys })
    }

    /// Opens the central store of `dir` (sled in `dir/db`); [`ExchangeError::CentralNotInitialised`]
    /// when there is none.
    pub fn open(dir: &Path) -> Result<CentralStore, ExchangeError> {
        if !dir.join("db").exists() {
            return Err(ExchangeError::CentralNotInitialised);
        }
        let keys = CentralKeys::load(dir)?;
        let backend = sled_store::SledBackend::open(dir)?;
        let store = CentralStore {
            backend: Box::new(backend),
            keys,
        };
        Ok(store)
    }

    /// Opens the central store whose key pair is in `dir` and whose records `backend` holds.
    pub fn open_with(
        dir: &Path,
        backend: Box<dyn CentralBackend>,
    ) -> Result<CentralStore, ExchangeError> {
        let keys = CentralKeys::load(dir)?;
        Ok(CentralStore { backend, keys })
    }

    /// Runs `work` as one transaction of the backend and returns what it returned.
    fn transaction<T>(
        &self,
        scope: Scope,
        mut work: impl FnMut(&mut dyn CentralTx) -> TxResult<T>,
    ) -> Result<T, ExchangeError> {
        let mut result = None;
        self.backend.transaction(scope, &mut |tx| {
            result = Some(work(tx)?);
            Ok(())
        })?;
        result
            .ok_or_else(|| ExchangeError::Storage("a transaction ended without its result".into()))
    }

    /// The public-key file offices install (`central-key --import`).
    pub fn public_key_file(&self) -> String {
        self.keys.public().to_file()
    }

    /// The central office's fingerprint, as offices see it when they install its key.
    pub fn fingerprint(&self) -> String {
        self.keys.public().fingerprint()
    }

    /// Trusts an office key file (`central trust`), recording when and which key at `now`:
    /// - a workstation not trusted yet is trusted with an empty sequence; with `succeeds`, as the
    ///   successor of a trusted, not retired workstation of the same district, which is retired now;
    /// - the very key already trusted changes nothing;
    /// - another key for a workstation already trusted is refused ([`ExchangeError::KeyAlreadyTrusted`])
    ///   unless `replace`, which keeps the sequence (the same workstation's key, exported again).
    pub fn trust(
        &self,
        request: &TrustRequest<'_>,
        now: DateTime<Utc>,
    ) -> Result<Trusted, ExchangeError> {
        let (id, key) = parse_office_key(request.office_key_file)?;
        let fingerprint = office_fingerprint(&key);
        let public_key = STANDARD.encode(key.as_bytes());
        if let Some(predecessor) = request.succeeds {
            if !crate::keys::valid_office_id(predecessor) {
                return Err(ExchangeError::PredecessorUntrusted(predecessor.to_owned()));
            }
            if district_of(predecessor) != district_of(&id) {
                return Err(ExchangeError::SuccessorOtherDistrict {
                    office: id,
                    predecessor: predecessor.to_owned(),
                });
            }
        }
        // Taken before the transaction: numbers only grow, and a gap left by a refusal is harmless.
        let n = self.backend.next_trust_number()?;
        let change = self.transaction(Scope::Whole, |tx| {
            trust_tx(
                tx,
                &TrustRow {
                    id: &id,
                    public_key: &public_key,
                    fingerprint: &fingerprint,
                    n,
                    now,
                },
                request,
            )
        })?;
        Ok(Trusted {
            office: id,
            fingerprint,
            change,
        })
    }

    /// Every key ever trusted, in the order trusted (`central trusted`).
    pub fn trusted(&self) -> Result<Vec<TrustRecord>, ExchangeError> {
        self.backend.trusted()
    }

    fn trusted_key(&self, id: &str) -> Option<VerifyingKey> {
        let state = self.backend.office(id).ok()??;
        crate::keys::parse_ed25519(&state.public_key).ok()
    }

    /// Reads and checks a batch file completely, including its place in the workstation's sequence.
    fn check(&self, file: &[u8], plaintext: Plaintext) -> Result<(Batch, Place), ExchangeError> {
        // A file that is neither encrypted nor a container is left to the reader, which says what it is.
        let unencrypted = !file.starts_with(AGE_MAGIC) && file.starts_with(crate::container::MAGIC);
        if unencrypted && plaintext == Plaintext::Refused {
            return Err(ExchangeError::Unencrypted);
        }
        let b = batch::open(file, Some(&self.keys.identity), &|id| self.trusted_key(id))?;
        let id = b.manifest.office_id();
        let state = self
            .backend
            .office(&id)?
            .ok_or_else(|| ExchangeError::UntrustedKey(id.clone()))?;
        let this = self.backend.batch(&id, b.manifest.batch)?;
        let previous = match b.manifest.batch {
            0 | 1 => None,
            n => self.backend.batch(&id, n - 1)?,
        };
        let place = place(&b, &state, this.as_ref(), previous.as_ref())?;
        Ok((b, place))
    }

    /// Checks a batch without importing it. A batch already imported, or older than one imported, is
    /// refused with that reason: importing it would change nothing.
    pub fn verify(&self, file: &[u8], plaintext: Plaintext) -> Result<Batch, ExchangeError> {
        let (b, place) = self.check(file, plaintext)?;
        let office = b.manifest.office_id();
        let batch = b.manifest.batch;
        match place {
            Place::New => Ok(b),
            Place::AlreadyImported => Err(ExchangeError::AlreadyImported { office, batch }),
            Place::Superseded => Err(ExchangeError::Superseded { office, batch }),
        }
    }

    /// Imports a batch, all or nothing, in one transaction; importing it again changes nothing. The time
    /// of import is not recorded (`central report` shows it for batches imported by [`Self::import_at`]).
    pub fn import(
        &self,
        file: &[u8],
        plaintext: Plaintext,
    ) -> Result<ImportOutcome, ExchangeError> {
        self.import_received(file, plaintext, None)
    }

    /// As [`Self::import`], recording `received_at` as the time the batch was imported
    /// (`central import`; `central report` shows each workstation's last).
    pub fn import_at(
        &self,
        file: &[u8],
        plaintext: Plaintext,
        received_at: DateTime<Utc>,
    ) -> Result<ImportOutcome, ExchangeError> {
        self.import_received(file, plaintext, Some(received_at))
    }

    fn import_received(
        &self,
        file: &[u8],
        plaintext: Plaintext,
        received_at: Option<DateTime<Utc>>,
    ) -> Result<ImportOutcome, ExchangeError> {
        let (b, place) = self.check(file, plaintext)?;
        let office = b.manifest.office_id();
        let batch = b.manifest.batch;
        match place {
            Place::New => {}
            Place::AlreadyImported => return Ok(ImportOutcome::AlreadyImported { office, batch }),
            Place::Superseded => return Ok(ImportOutcome::Superseded { office, batch }),
        }
        self.transaction(Scope::Workstation, |tx| import_tx(tx, &b, received_at))
    }

    /// Where a workstation's audit chain stands here: the last entry held, and the last break reported
    /// on import (`None` for a workstation not trusted).
    pub fn audit_status(&self, id: &str) -> Result<Option<AuditStatus>, ExchangeError> {
        Ok(self.backend.office(id)?.map(|s| AuditStatus {
            tail: s.audit_tail,
            last_break: s.audit_break,
        }))
    }

    /// The audit entries held for a workstation (`DDDD-WW`), in sequence order.
    pub fn audit_entries(&self, id: &str) -> Result<Vec<ChainedEntry>, ExchangeError> {
        self.backend.audit_entries(id)
    }

    /// The signed acknowledgement of a workstation's latest imported batch.
    pub fn ack(&self, district: &str, workstation: &str) -> Result<Vec<u8>, ExchangeError> {
        let id = crate::office_id(district, workstation);
        let state = self
            .backend
            .office(&id)?
            .ok_or_else(|| ExchangeError::NothingToAck(id.clone()))?;
        let Some(b) = self.backend.batch(&id, state.last_batch)? else {
            return Err(ExchangeError::NothingToAck(id));
        };
        let records = self.backend.outcomes(&id, b.first_seq, b.last_seq)?;
        let body = AckBody {
            format: "nssf-ack".into(),
            version: ACK_VERSION,
            office: district.to_owned(),
            workstation: workstation.to_owned(),
            batch: state.last_batch,
            batch_sha256: b.sha256,
            through_seq: state.last_seq,
            records,
        };
        ack::write(&body, &self.keys.signing)
    }

    /// The last reference file issued, if any.
    pub fn last_reference(&self) -> Result<Option<IssuedReference>, ExchangeError> {
        self.backend.last_reference()
    }

    /// Issues a signed reference file numbered one more than the last issued. `benefits: None` repeats
    /// the last issue's benefits. The content is checked before a number is taken, and the number is
    /// taken in a transaction and made durable before the bytes are returned, so no two files share one.
    pub fn issue_reference(
        &self,
        content: &ReferenceContent,
        benefits_given: bool,
        issued_on: chrono::NaiveDate,
    ) -> Result<Vec<u8>, ExchangeError> {
        content.validate()?;
        self.transaction(Scope::Whole, |tx| {
            let last = tx.last_reference()?;
            let mut content = content.clone();
            if !benefits_given {
                content.benefits = last
                    .as_ref()
                    .map(|l| l.benefits.clone())
                    .unwrap_or_default();
            }
            let issue = last.as_ref().map_or(0, |l| l.issue) + 1;
            let bytes = reference::write(&content, issue, issued_on, &self.keys.signing)?;
            let record = IssuedReference {
                issue,
                sha256: crate::sha256_hex(&bytes),
                benefits: content.benefits,
            };
            tx.put_last_reference(&record)?;
            Ok(bytes)
        })
    }

    /// The store's figures: members, payments (and the kip of those not void), voids, batches, workstations.
    pub fn stats(&self) -> Result<Stats, ExchangeError> {
        self.backend.stats()
    }

    /// The figures by province, district and month, and each workstation's batches (`central report`;
    /// what counts where: [`report`]).
    pub fn report(&self) -> Result<Report, ExchangeError> {
        Ok(report::build(self.backend.report_rows()?))
    }

    /// A member and their payments at every district, void ones marked (`central member`); `None` for a
    /// member the central office does not hold.
    pub fn member(&self, member_no: &str) -> Result<Option<MemberHistory>, ExchangeError> {
        Ok(self
            .backend
            .member_records(member_no.trim())?
            .map(report::member_history))
    }
}

/// The key being trusted, as [`trust_tx`] records it.
struct TrustRow<'a> {
    id: &'a str,
    public_key: &'a str,
    fingerprint: &'a str,
    /// Its trust record's number.
    n: u64,
    now: DateTime<Utc>,
}

/// The trust rules of [`CentralStore::trust`], inside its transaction.
fn trust_tx(
    tx: &mut dyn CentralTx,
    key: &TrustRow<'_>,
    request: &TrustRequest<'_>,
) -> TxResult<TrustChange> {
    let id = key.id;
    let row = |succeeds: Option<String>| TrustRecord {
        workstation: id.to_owned(),
        fingerprint: key.fingerprint.to_owned(),
        since: Some(key.now),
        succeeds,
        retired: None,
    };
    let retire = |tx: &mut dyn CentralTx, state: &OfficeState| -> TxResult<()> {
        let Some(k) = state.trust_record else {
            return Ok(());
        };
        if let Some(mut old) = tx.trust_record(k)? {
            old.retired = Some(key.now);
            tx.put_trust_record(k, &old)?;
        }
        Ok(())
    };
    if let Some(mut state) = tx.office(id)? {
        let same_predecessor =
            request.succeeds.is_none() || request.succeeds == state.succeeds.as_deref();
        if state.public_key == key.public_key {
            if !same_predecessor {
                return Err(ExchangeError::SuccessionTooLate(id.to_owned()).into());
            }
            return Ok(TrustChange::Unchanged);
        }
        if let Some(successor) = &state.succeeded_by {
            return Err(ExchangeError::Retired {
                office: id.to_owned(),
                successor: successor.clone(),
            }
            .into());
        }
        if !request.replace {
            let trusted = crate::keys::parse_ed25519(&state.public_key)?;
            return Err(ExchangeError::KeyAlreadyTrusted {
                office: id.to_owned(),
                fingerprint: office_fingerprint(&trusted),
            }
            .into());
        }
        if !same_predecessor {
            return Err(ExchangeError::SuccessionTooLate(id.to_owned()).into());
        }
        retire(tx, &state)?;
        tx.put_trust_record(key.n, &row(state.succeeds.clone()))?;
        state.public_key = key.public_key.to_owned();
        state.trust_record = Some(key.n);
        tx.put_office(id, &state)?;
        return Ok(TrustChange::Replaced);
    }
    let change = match request.succeeds {
        None => TrustChange::Trusted,
        Some(predecessor) => {
            let Some(mut old) = tx.office(predecessor)? else {
                return Err(ExchangeError::PredecessorUntrusted(predecessor.to_owned()).into());
            };
            if let Some(successor) = &old.succeeded_by {
                return Err(ExchangeError::Retired {
                    office: predecessor.to_owned(),
                    successor: successor.clone(),
                }
                .into());
            }
            retire(tx, &old)?;
            old.succeeded_by = Some(id.to_owned());
            tx.put_office(predecessor, &old)?;
            TrustChange::Succeeded {
                predecessor: predecessor.to_owned(),
            }
        }
    };
    let succeeds = request.succeeds.map(str::to_owned);
    tx.put_trust_record(key.n, &row(succeeds.clone()))?;
    let state = OfficeState {
        public_key: key.public_key.to_owned(),
        last_batch: 0,
        last_seq: 0,
        succeeds,
        succeeded_by: None,
        trust_record: Some(key.n),
        audit_tail: None,
        audit_break: None,
    };
    tx.put_office(id, &state)?;
    Ok(change)
}

/// The workstation and every one it succeeds, read inside the transaction. The chain is written only by
/// [`CentralStore::trust`], which never makes a cycle; the bound guards a store altered by hand.
fn authority(tx: &mut dyn CentralTx, id: &str, state: &OfficeState) -> TxResult<Authority> {
    let mut lineage = BTreeSet::from([id.to_owned()]);
    let mut next = state.succeeds.clone();
    while let Some(predecessor) = next {
        if !lineage.insert(predecessor.clone()) {
            break;
        }
        next = tx.office(&predecessor)?.and_then(|s| s.succeeds);
    }
    Ok(Authority {
        own: id.to_owned(),
        lineage,
    })
}

fn import_tx(
    tx: &mut dyn CentralTx,
    b: &Batch,
    received_at: Option<DateTime<Utc>>,
) -> TxResult<ImportOutcome> {
    let m = &b.manifest;
    let id = m.office_id();
    // Checked again inside the transaction: a concurrent import of the same workstation loses here.
    let Some(state) = tx.office(&id)? else {
        return Err(ExchangeError::UntrustedKey(id).into());
    };
    let this = tx.batch(&id, m.batch)?;
    let previous = if m.batch > 1 {
        tx.batch(&id, m.batch - 1)?
    } else {
        None
    };
    match place(b, &state, this.as_ref(), previous.as_ref())? {
        Place::New => {}
        Place::AlreadyImported => {
            return Ok(ImportOutcome::AlreadyImported {
                office: id,
                batch: m.batch,
            })
        }
        Place::Superseded => {
            return Ok(ImportOutcome::Superseded {
                office: id,
                batch: m.batch,
            })
        }
    }
    let authority = authority(tx, &id, &state)?;
    prefetch(tx, &id, &state, b)?;
    let (mut accepted, mut duplicate, mut rejected) = (0, 0, 0);
    let mut totals = TotalsDelta::default();
    for entry in b.entries.iter().filter(|e| e.seq > state.last_seq) {
        let record = judge(tx, &authority, entry, &mut totals)?;
        match record.status {
            AckStatus::Accepted => accepted += 1,
            AckStatus::Duplicate => duplicate += 1,
            AckStatus::Rejected => rejected += 1,
        }
        tx.put_received(&id, entry, &record)?;
    }
    if !totals.is_empty() {
        tx.add_totals(&totals.rows())?;
    }
    let (audit, audit_tail) = match &b.audit {
        None => (AuditChainCheck::NotCarried, state.audit_tail.clone()),
        Some(carried) => hold_audit(tx, &id, state.audit_tail.as_ref(), carried)?,
    };
    let audit_break = match audit {
        AuditChainCheck::Broken { seq, why } => Some(RecordedBreak {
            batch: m.batch,
            seq,
            why,
        }),
        AuditChainCheck::NotCarried | AuditChainCheck::Intact { .. } => state.audit_break.clone(),
    };
    let new_state = OfficeState {
        last_batch: m.batch,
        last_seq: state.last_seq.max(m.last_seq),
        audit_tail,
        audit_break,
        ..state
    };
    tx.put_office(&id, &new_state)?;
    let record = BatchRecord {
        sha256: b.sha256.clone(),
        previous_sha256: m.previous_sha256.clone(),
        first_seq: m.first_seq,
        last_seq: m.last_seq,
        accepted,
        duplicate,
        rejected,
        audit: Some(audit),
        received_at,
    };
    tx.put_batch(&id, m.batch, &record)?;
    Ok(ImportOutcome::Imported {
        office: id,
        batch: m.batch,
        accepted,
        duplicate,
        rejected,
        audit,
    })
}

/// Tells the backend which rows judging the batch's new records and holding its audit entries will read.
fn prefetch(tx: &mut dyn CentralTx, id: &str, state: &OfficeState, b: &Batch) -> TxResult<()> {
    let mut members = BTreeSet::new();
    let mut receipts = BTreeSet::new();
    for e in b.entries.iter().filter(|e| e.seq > state.last_seq) {
        match e.kind {
            ChangeKind::MemberRegistered
            | ChangeKind::MemberAmended
            | ChangeKind::BaseChanged
            | ChangeKind::PhotoChanged
            | ChangeKind::CardIssued => {
                members.insert(e.key.as_str());
            }
            ChangeKind::PaymentRecorded => {
                receipts.insert(e.key.as_str());
                if let Some(member) = e.record.get("member_no").and_then(|v| v.as_str()) {
                    members.insert(member);
                }
            }
            ChangeKind::ReceiptVoided => {
                receipts.insert(e.key.as_str());
            }
            ChangeKind::DayClosed => {}
        }
    }
    let seqs = b.audit.as_deref().unwrap_or_default().iter().map(|e| e.seq);
    let audit = (seqs.clone().min().unwrap_or(1), seqs.max().unwrap_or(0));
    let members: Vec<&str> = members.into_iter().collect();
    let receipts: Vec<&str> = receipts.into_iter().collect();
    tx.prefetch(id, &members, &receipts, audit)
}

/// Where the audit entries a batch carries first break the chain held (`tail`, and the entries held,
/// looked up by `held`), if they do: each entry's hash must be that of its content; entries already held
/// must be the very ones held; the first new one must follow the last held (the next sequence, naming its
/// hash: 64 zeros for a workstation's first entry, so a successor's own chain starts clean), and each
/// further one the one before it.
fn first_break(
    tail: Option<&AuditTail>,
    carried: &[ChainedEntry],
    held: &mut dyn FnMut(u64) -> TxResult<Option<ChainedEntry>>,
) -> TxResult<Option<(u64, AuditChainBreak)>> {
    let held_last = tail.map_or(0, |t| t.last_seq);
    let mut expected = held_last + 1;
    let mut prev_hash = tail.map_or_else(|| GENESIS_HASH.to_owned(), |t| t.last_hash.clone());
    let mut previous_seq = 0;
    for e in carried {
        if e.computed_hash() != e.hash {
            return Ok(Some((e.seq, AuditChainBreak::Edited)));
        }
        if e.seq <= previous_seq {
            return Ok(Some((e.seq, AuditChainBreak::OutOfOrder)));
        }
        previous_seq = e.seq;
        if e.seq <= held_last {
            match held(e.seq)? {
                Some(h) if h.hash != e.hash => {
                    return Ok(Some((e.seq, AuditChainBreak::Rewritten)))
                }
                // Held and identical, or not held (skipped after an earlier break): nothing to compare.
                Some(_) | None => continue,
            }
        }
        if e.seq > expected {
            return Ok(Some((expected, AuditChainBreak::Missing)));
        }
        if e.prev_hash != prev_hash {
            let why = if e.seq == held_last + 1 && held_last > 0 {
                AuditChainBreak::Rewritten
            } else {
                AuditChainBreak::OutOfOrder
            };
            return Ok(Some((e.seq, why)));
        }
        prev_hash = e.hash.clone();
        expected += 1;
    }
    Ok(None)
}

/// Checks the audit entries a batch carries against the chain held for workstation `id` and keeps the
/// new ones (those after the last held). Entries held are never replaced. After a break the central
/// office keeps what the batch carried too, and checks the next batch against it: a rewrite is reported
/// once, at the import that shows it, and stays recorded (`OfficeState::audit_break`, the batch's
/// record). Returns the check and the new tail.
fn hold_audit(
    tx: &mut dyn CentralTx,
    id: &str,
    tail: Option<&AuditTail>,
    carried: &[ChainedEntry],
) -> TxResult<(AuditChainCheck, Option<AuditTail>)> {
    let held_last = tail.map_or(0, |t| t.last_seq);
    let broken = first_break(tail, carried, &mut |seq| tx.audit_entry(id, seq))?;
    let mut new_tail = tail.cloned();
    for e in carried.iter().filter(|e| e.seq > held_last) {
        if tx.audit_entry(id, e.seq)?.is_none() {
            tx.put_audit_entry(id, e)?;
        }
        if new_tail.as_ref().is_none_or(|t| e.seq > t.last_seq) {
            new_tail = Some(AuditTail {
                last_seq: e.seq,
                last_hash: e.hash.clone(),
            });
        }
    }
    let check = match broken {
        Some((seq, why)) => AuditChainCheck::Broken { seq, why },
        None => AuditChainCheck::Intact {
            last_seq: new_tail.as_ref().map_or(0, |t| t.last_seq),
        },
    };
    Ok((check, new_tail))
}

/// Applies one record and says what became of it, adding what it adds to the report's `totals`.
fn judge(
    tx: &mut dyn CentralTx,
    authority: &Authority,
    e: &ChangeEntry,
    totals: &mut TotalsDelta,
) -> TxResult<AckRecord> {
    let reject = |reason: &str| Ok(verdict(e, AckStatus::Rejected, Some(reason)));
    let accept = || Ok(verdict(e, AckStatus::Accepted, None));
    let duplicate = || Ok(verdict(e, AckStatus::Duplicate, None));
    match e.kind {
        ChangeKind::MemberRegistered | ChangeKind::MemberAmended => {
            let Ok(member) = serde_json::from_value::<Member>(e.record.clone()) else {
                return reject("undecodable");
            };
            let registering = e.kind == ChangeKind::MemberRegistered;
            let issuer = member_issuer(&member.member_no);
            let allowed = if registering {
                authority.issues(issuer.as_deref())
            } else {
                authority.changes(issuer.as_deref())
            };
            if !allowed || member.member_no != e.key {
                return reject("other-office");
            }
            let known = tx.member_known(&member.member_no)?;
            match (registering, known) {
                (true, true) => duplicate(),
                (false, false) => reject("unknown-member"),
                (true, false) => {
                    tx.put_member(&member)?;
                    totals.member(&member);
                    accept()
                }
                (false, true) => {
                    tx.put_member(&member)?;
                    accept()
                }
            }
        }
        ChangeKind::BaseChanged | ChangeKind::PhotoChanged | ChangeKind::CardIssued => {
            // The record names its member too; it must be the key's.
            let named = e.record.get("member_no").and_then(|v| v.as_str());
            if !authority.changes(member_issuer(&e.key).as_deref())
                || named.is_some_and(|n| n != e.key)
            {
                return reject("other-office");
            }
            if !tx.member_known(&e.key)? {
                return reject("unknown-member");
            }
            accept()
        }
        ChangeKind::DayClosed => accept(),
        ChangeKind::PaymentRecorded => {
            let Ok(r) = serde_json::from_value::<Receipt>(e.record.clone()) else {
                return reject("undecodable");
            };
            // A payment may be for any member the central office knows (a member paying at another
            // district), under this workstation's own receipt numbers.
            if !authority.issues(receipt_issuer(&r.receipt_no).as_deref()) || r.receipt_no != e.key
            {
                return reject("other-office");
            }
            let sum = r
                .lines
                .iter()
                .try_fold(0i64, |acc, l| acc.checked_add(l.amount_kip));
            if sum != Some(r.total_kip) || r.lines.iter().any(|l| l.amount_kip < 0) {
                return reject("total-mismatch");
            }
            if !tx.member_known(&r.member_no)? {
                return reject("unknown-member");
            }
            if tx.receipt_known(&r.receipt_no)? {
                return duplicate();
            }
            tx.put_receipt(&r)?;
            totals.payment(&r);
            accept()
        }
        ChangeKind::ReceiptVoided => {
            let Ok(v) = serde_json::from_value::<Void>(e.record.clone()) else {
                return reject("undecodable");
            };
            if !authority.changes(receipt_issuer(&v.receipt_no).as_deref()) || v.receipt_no != e.key
            {
                return reject("other-office");
            }
            let Some(receipt) = tx.receipt(&v.receipt_no)? else {
                return reject("unknown-receipt");
            };
            if tx.void_known(&v.receipt_no)? {
                return duplicate();
            }
            tx.put_void(&v)?;
            totals.void(&receipt);
            accept()
        }
    }
}
