//! The central office's store: its own folder (`db/` plus its two key files), its own trees, behind this
//! one type, since it will later be a server database.
//!
//! Trees (`ID` is the workstation's `DDDD-WW`):
//! - `offices`: ID → [`OfficeState`] JSON (trusted key, last batch, last change sequence imported).
//! - `batches`: ID `\0` batch (u64 BE) → [`BatchRecord`] JSON.
//! - `members`: member number → member JSON (latest version); `receipts`: receipt number → receipt JSON;
//!   `voids`: receipt number → void JSON.
//! - `received`: ID `\0` change sequence (u64 BE) → the change entry as received.
//! - `outcomes`: ID `\0` change sequence (u64 BE) → [`AckRecord`] JSON: the verdict given the first time.
//! - `references`: `last` → [`IssuedReference`] JSON: the last reference file issued.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::VerifyingKey;
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{Member, MemberNumber, Receipt, ReceiptNumber, Void};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

use crate::ack::{self, AckBody, AckRecord, AckStatus};
use crate::batch::{self, Batch, NO_PREVIOUS};
use crate::keys::{parse_office_key, CentralKeys};
use crate::reference::{self, Benefit, ReferenceContent};
use crate::{ExchangeError, FORMAT_VERSION};

/// What the central office keeps about one workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeState {
    /// Standard base64 of the trusted Ed25519 key.
    pub public_key: String,
    /// The last batch imported from it.
    pub last_batch: u64,
    /// The last change imported from it.
    pub last_seq: u64,
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

/// The key of the last issue in `references`.
const LAST_REFERENCE: &[u8] = b"last";

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

/// The central office's own store: trusted workstation keys, imported batches and their records, in its
/// own folder and sled trees, behind one type so that a server database can replace it.
#[derive(Debug)]
pub struct CentralStore {
    db: sled::Db,
    offices: Tree,
    batches: Tree,
    members: Tree,
    receipts: Tree,
    voids: Tree,
    received: Tree,
    outcomes: Tree,
    references: Tree,
    keys: CentralKeys,
    /// sled's log file, for an fsync after each flush (as the office store does: sled 0.34's flush alone
    /// may leave the data in the disk's cache).
    log_file: Option<std::fs::File>,
}

fn key(id: &str, n: u64) -> Vec<u8> {
    [id.as_bytes(), &[0u8], &n.to_be_bytes()].concat()
}

fn json<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ExchangeError> {
    serde_json::from_slice(bytes).map_err(|e| ExchangeError::Storage(e.to_string()))
}

type Tx<T> = Result<T, ConflictableTransactionError<ExchangeError>>;

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

fn own_member(office: &str, no: &str) -> bool {
    MemberNumber::parse(no).is_ok() && no.starts_with(&format!("{office}-"))
}

fn own_receipt(office: &str, no: &str) -> bool {
    ReceiptNumber::parse(no).is_some_and(|r| {
        crate::office_id(
            &format!("{:04}", r.district),
            &format!("{:02}", r.workstation),
        ) == office
    })
}

impl CentralStore {
    /// Creates the central store and its key pair in `dir`.
    pub fn init(dir: &Path) -> Result<CentralStore, ExchangeError> {
        if CentralKeys::exists(dir) || dir.join("db").exists() {
            return Err(ExchangeError::CentralExists);
        }
        std::fs::create_dir_all(dir).map_err(|e| ExchangeError::Storage(e.to_string()))?;
        let keys = CentralKeys::generate();
        keys.save(dir)?;
        let store = CentralStore::open_with(dir, keys)?;
        store.db.flush()?;
        Ok(store)
    }

    /// Opens the central store of `dir`; [`ExchangeError::CentralNotInitialised`] when there is none.
    pub fn open(dir: &Path) -> Result<CentralStore, ExchangeError> {
        if !dir.join("db").exists() {
            return Err(ExchangeError::CentralNotInitialised);
        }
        let keys = CentralKeys::load(dir)?;
        CentralStore::open_with(dir, keys)
    }

    fn open_with(dir: &Path, keys: CentralKeys) -> Result<CentralStore, ExchangeError> {
        let db = sled::Config::new().path(dir.join("db")).open()?;
        let tree = |name: &str| db.open_tree(name);
        let log_file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.join("db").join("db"))
            .ok();
        Ok(CentralStore {
            log_file,
            offices: tree("offices")?,
            batches: tree("batches")?,
            members: tree("members")?,
            receipts: tree("receipts")?,
            voids: tree("voids")?,
            received: tree("received")?,
            outcomes: tree("outcomes")?,
            references: tree("references")?,
            db,
            keys,
        })
    }

    fn durable(&self) -> Result<(), ExchangeError> {
        self.db.flush()?;
        if let Some(file) = &self.log_file {
            file.sync_data()
                .map_err(|e| ExchangeError::Storage(e.to_string()))?;
        }
        Ok(())
    }

    /// The public-key file offices install (`central-key --import`).
    pub fn public_key_file(&self) -> String {
        self.keys.public().to_file()
    }

    /// Trusts an office key file; returns the workstation's id `DDDD-WW`. Trusting again replaces the key
    /// (a reinstalled workstation) and keeps the workstation's sequence.
    pub fn trust(&self, office_key_file: &str) -> Result<String, ExchangeError> {
        let (id, key) = parse_office_key(office_key_file)?;
        let state = match self.offices.get(id.as_bytes())? {
            Some(bytes) => OfficeState {
                public_key: STANDARD.encode(key.as_bytes()),
                ..decode(&bytes)?
            },
            None => OfficeState {
                public_key: STANDARD.encode(key.as_bytes()),
                last_batch: 0,
                last_seq: 0,
            },
        };
        self.offices.insert(id.as_bytes(), json(&state))?;
        self.durable()?;
        Ok(id)
    }

    fn state(&self, id: &str) -> Result<Option<OfficeState>, ExchangeError> {
        self.offices
            .get(id.as_bytes())?
            .map(|b| decode(&b))
            .transpose()
    }

    fn batch_record(&self, id: &str, n: u64) -> Result<Option<BatchRecord>, ExchangeError> {
        self.batches
            .get(key(id, n))?
            .map(|b| decode(&b))
            .transpose()
    }

    fn trusted_key(&self, id: &str) -> Option<VerifyingKey> {
        let state = self.state(id).ok()??;
        crate::keys::parse_ed25519(&state.public_key).ok()
    }

    /// Reads and checks a batch file completely, including its place in the workstation's sequence.
    fn check(&self, file: &[u8]) -> Result<(Batch, OfficeState, Place), ExchangeError> {
        let b = batch::open(file, Some(&self.keys.identity), &|id| self.trusted_key(id))?;
        let id = b.manifest.office_id();
        let state = self
            .state(&id)?
            .ok_or_else(|| ExchangeError::UntrustedKey(id.clone()))?;
        let this = self.batch_record(&id, b.manifest.batch)?;
        let previous = match b.manifest.batch {
            0 | 1 => None,
            n => self.batch_record(&id, n - 1)?,
        };
        let place = place(&b, &state, this.as_ref(), previous.as_ref())?;
        Ok((b, state, place))
    }

    /// Checks a batch without importing it. A batch already imported, or older than one imported, is
    /// refused with that reason: importing it would change nothing.
    pub fn verify(&self, file: &[u8]) -> Result<Batch, ExchangeError> {
        let (b, _, place) = self.check(file)?;
        let office = b.manifest.office_id();
        let batch = b.manifest.batch;
        match place {
            Place::New => Ok(b),
            Place::AlreadyImported => Err(ExchangeError::AlreadyImported { office, batch }),
            Place::Superseded => Err(ExchangeError::Superseded { office, batch }),
        }
    }

    /// Imports a batch, all or nothing, in one transaction; importing it again changes nothing.
    pub fn import(&self, file: &[u8]) -> Result<ImportOutcome, ExchangeError> {
        let (b, _, place) = self.check(file)?;
        let office = b.manifest.office_id();
        let batch = b.manifest.batch;
        match place {
            Place::New => {}
            Place::AlreadyImported => return Ok(ImportOutcome::AlreadyImported { office, batch }),
            Place::Superseded => return Ok(ImportOutcome::Superseded { office, batch }),
        }
        let trees = [
            &self.offices,
            &self.batches,
            &self.members,
            &self.receipts,
            &self.voids,
            &self.received,
            &self.outcomes,
        ];
        let result = trees[..].transaction(|t| self.import_tx(t, &b));
        let outcome = result.map_err(|e| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => ExchangeError::from(e),
        })?;
        self.durable()?;
        Ok(outcome)
    }

    fn import_tx(&self, t: &[TransactionalTree], b: &Batch) -> Tx<ImportOutcome> {
        let [offices, batches, _, _, _, received, outcomes] = t else {
            unreachable!("seven trees")
        };
        let m = &b.manifest;
        let id = m.office_id();
        let abort = |e: ExchangeError| ConflictableTransactionError::Abort(e);
        // Checked again inside the transaction: a concurrent import of the same workstation loses here.
        let state: OfficeState = match offices.get(id.as_bytes())? {
            Some(bytes) => decode(&bytes).map_err(abort)?,
            None => return Err(abort(ExchangeError::UntrustedKey(id))),
        };
        let get = |n: u64| -> Tx<Option<BatchRecord>> {
            match batches.get(key(&id, n))? {
                Some(bytes) => decode(&bytes).map(Some).map_err(abort),
                None => Ok(None),
            }
        };
        let this = get(m.batch)?;
        let previous = if m.batch > 1 { get(m.batch - 1)? } else { None };
        match place(b, &state, this.as_ref(), previous.as_ref()).map_err(abort)? {
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
        let (mut accepted, mut duplicate, mut rejected) = (0, 0, 0);
        for entry in b.entries.iter().filter(|e| e.seq > state.last_seq) {
            let record = self.judge(t, &id, entry)?;
            match record.status {
                AckStatus::Accepted => accepted += 1,
                AckStatus::Duplicate => duplicate += 1,
                AckStatus::Rejected => rejected += 1,
            }
            received.insert(key(&id, entry.seq), json(entry))?;
            outcomes.insert(key(&id, entry.seq), json(&record))?;
        }
        let new_state = OfficeState {
            public_key: state.public_key.clone(),
            last_batch: m.batch,
            last_seq: state.last_seq.max(m.last_seq),
        };
        offices.insert(id.as_bytes(), json(&new_state))?;
        let record = BatchRecord {
            sha256: b.sha256.clone(),
            previous_sha256: m.previous_sha256.clone(),
            first_seq: m.first_seq,
            last_seq: m.last_seq,
            accepted,
            duplicate,
            rejected,
        };
        batches.insert(key(&id, m.batch), json(&record))?;
        Ok(ImportOutcome::Imported {
            office: id,
            batch: m.batch,
            accepted,
            duplicate,
            rejected,
        })
    }

    /// Applies one record and says what became of it.
    fn judge(&self, t: &[TransactionalTree], id: &str, e: &ChangeEntry) -> Tx<AckRecord> {
        let [_, _, members, receipts, voids, ..] = t else {
            unreachable!("seven trees")
        };
        let reject = |reason: &str| Ok(verdict(e, AckStatus::Rejected, Some(reason)));
        let member_no = match e.kind {
            ChangeKind::MemberRegistered | ChangeKind::MemberAmended => {
                let Ok(member) = serde_json::from_value::<Member>(e.record.clone()) else {
                    return reject("undecodable");
                };
                if !own_member(id, &member.member_no) || member.member_no != e.key {
                    return reject("other-office");
                }
                let known = members.get(member.member_no.as_bytes())?.is_some();
                return match (e.kind, known) {
                    (ChangeKind::MemberRegistered, true) => {
                        Ok(verdict(e, AckStatus::Duplicate, None))
                    }
                    (ChangeKind::MemberAmended, false) => reject("unknown-member"),
                    _ => {
                        members.insert(member.member_no.as_bytes(), json(&member))?;
                        Ok(verdict(e, AckStatus::Accepted, None))
                    }
                };
            }
            ChangeKind::BaseChanged | ChangeKind::PhotoChanged | ChangeKind::CardIssued => {
                e.key.clone()
            }
            ChangeKind::DayClosed => return Ok(verdict(e, AckStatus::Accepted, None)),
            ChangeKind::PaymentRecorded => {
                let Ok(r) = serde_json::from_value::<Receipt>(e.record.clone()) else {
                    return reject("undecodable");
                };
                if !own_receipt(id, &r.receipt_no) || r.receipt_no != e.key {
                    return reject("other-office");
                }
                let sum = r
                    .lines
                    .iter()
                    .try_fold(0i64, |acc, l| acc.checked_add(l.amount_kip));
                if sum != Some(r.total_kip) || r.lines.iter().any(|l| l.amount_kip < 0) {
                    return reject("total-mismatch");
                }
                if members.get(r.member_no.as_bytes())?.is_none() {
                    return reject("unknown-member");
                }
                if receipts.get(r.receipt_no.as_bytes())?.is_some() {
                    return Ok(verdict(e, AckStatus::Duplicate, None));
                }
                receipts.insert(r.receipt_no.as_bytes(), json(&r))?;
                return Ok(verdict(e, AckStatus::Accepted, None));
            }
            ChangeKind::ReceiptVoided => {
                let Ok(v) = serde_json::from_value::<Void>(e.record.clone()) else {
                    return reject("undecodable");
                };
                if receipts.get(v.receipt_no.as_bytes())?.is_none() {
                    return reject("unknown-receipt");
                }
                if voids.get(v.receipt_no.as_bytes())?.is_some() {
                    return Ok(verdict(e, AckStatus::Duplicate, None));
                }
                voids.insert(v.receipt_no.as_bytes(), json(&v))?;
                return Ok(verdict(e, AckStatus::Accepted, None));
            }
        };
        if members.get(member_no.as_bytes())?.is_none() {
            return reject("unknown-member");
        }
        Ok(verdict(e, AckStatus::Accepted, None))
    }

    /// The signed acknowledgement of a workstation's latest imported batch.
    pub fn ack(&self, district: &str, workstation: &str) -> Result<Vec<u8>, ExchangeError> {
        let id = crate::office_id(district, workstation);
        let state = self
            .state(&id)?
            .ok_or_else(|| ExchangeError::NothingToAck(id.clone()))?;
        let Some(b) = self.batch_record(&id, state.last_batch)? else {
            return Err(ExchangeError::NothingToAck(id));
        };
        let mut records = Vec::new();
        for kv in self
            .outcomes
            .range(key(&id, b.first_seq)..=key(&id, b.last_seq))
        {
            let (_, v) = kv?;
            records.push(decode::<AckRecord>(&v)?);
        }
        let body = AckBody {
            format: "nssf-ack".into(),
            version: FORMAT_VERSION,
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
        self.references
            .get(LAST_REFERENCE)?
            .map(|b| decode(&b))
            .transpose()
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
        let result = self.references.transaction(|t| {
            let last: Option<IssuedReference> = match t.get(LAST_REFERENCE)? {
                Some(bytes) => Some(decode(&bytes).map_err(ConflictableTransactionError::Abort)?),
                None => None,
            };
            let mut content = content.clone();
            if !benefits_given {
                content.benefits = last
                    .as_ref()
                    .map(|l| l.benefits.clone())
                    .unwrap_or_default();
            }
            let issue = last.as_ref().map_or(0, |l| l.issue) + 1;
            let bytes = reference::write(&content, issue, issued_on, &self.keys.signing)
                .map_err(ConflictableTransactionError::Abort)?;
            let record = IssuedReference {
                issue,
                sha256: crate::sha256_hex(&bytes),
                benefits: content.benefits,
            };
            t.insert(LAST_REFERENCE, json(&record))?;
            Ok(bytes)
        });
        let bytes = result.map_err(|e| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => ExchangeError::from(e),
        })?;
        self.durable()?;
        Ok(bytes)
    }

    /// The store's figures: members, payments (and the kip of those not void), voids, batches, workstations.
    pub fn stats(&self) -> Result<Stats, ExchangeError> {
        let mut kip = 0i64;
        for kv in self.receipts.iter() {
            let (k, v) = kv?;
            if self.voids.get(&k)?.is_none() {
                let r: Receipt = decode(&v)?;
                kip = kip.saturating_add(r.total_kip);
            }
        }
        Ok(Stats {
            members: self.members.len() as u64,
            payments: self.receipts.len() as u64,
            kip,
            voids: self.voids.len() as u64,
            batches: self.batches.len() as u64,
            offices: self.offices.len() as u64,
        })
    }
}
