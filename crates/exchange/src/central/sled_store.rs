//! The central store in sled, in the central folder's `db/`: for a laptop, a small office and the tests.
//! One process at a time (sled's lock).
//!
//! Trees (`ID` is the workstation's `DDDD-WW`):
//! - `offices`: ID → [`OfficeState`] JSON (trusted key, last batch, last change sequence imported, the
//!   workstation it succeeds and the one that succeeded it).
//! - `trust`: trust number (u64 BE, increasing) → [`TrustRecord`] JSON: every key ever trusted, in order.
//! - `batches`: ID `\0` batch (u64 BE) → [`BatchRecord`] JSON.
//! - `members`: member number → member JSON (latest version); `receipts`: receipt number → receipt JSON;
//!   `voids`: receipt number → void JSON.
//! - `received`: ID `\0` change sequence (u64 BE) → the change entry as received.
//! - `outcomes`: ID `\0` change sequence (u64 BE) → [`AckRecord`] JSON: the verdict given the first time.
//! - `references`: `last` → [`IssuedReference`] JSON: the last reference file issued.
//! - `audit`: ID `\0` audit sequence (u64 BE) → the audit entry as first received
//!   ([`nssf_domain::audit::ChainedEntry`] JSON): the workstation's chain as the central office holds it,
//!   never overwritten by a later batch (`docs/batch-format.md`, "The audit trail").
//! - `totals`: ID `\0` month (`YYYY-MM`) → [`Totals`] JSON: the report's running totals
//!   (`report.rs` says what counts where), added to in each import's transaction.
//! - `receipts_by_member`: member number `\0` receipt number → empty: the index of `central member`,
//!   written with the receipt.
//! - `meta`: `derived` → the version of the derived trees (`totals`, `receipts_by_member`) built from
//!   the records; a store written before them has none, and opening builds them
//!   ([`SledBackend::build_derived`]).

use std::path::Path;

use nssf_domain::audit::ChainedEntry;
use nssf_domain::change::ChangeEntry;
use nssf_domain::{Member, Receipt, Void};
use serde::{Deserialize, Serialize};
use sled::transaction::{
    ConflictableTransactionError, TransactionError, TransactionalTree, UnabortableTransactionError,
};
use sled::{Transactional, Tree};

use super::backend::{CentralBackend, CentralTx, Scope, TxError, TxResult};
use super::report::{
    totals_of_records, MemberRecords, ReportRows, Totals, TotalsRow, WorkstationBatches,
};
use super::{BatchRecord, IssuedReference, OfficeState, Stats, TrustRecord};
use crate::ack::AckRecord;
use crate::keys::office_fingerprint;
use crate::recover::{RecoverRecords, SledRecoverTrees};
use crate::ExchangeError;

/// The key of the last issue in `references`.
const LAST_REFERENCE: &[u8] = b"last";

/// The key in `meta` of the derived trees' version, and that version.
const DERIVED: &[u8] = b"derived";
const DERIVED_VERSION: u64 = 1;

/// The central store's sled trees, by name.
#[derive(Debug)]
pub(crate) struct SledBackend {
    pub(crate) db: sled::Db,
    pub(crate) offices: Tree,
    pub(crate) trust: Tree,
    pub(crate) batches: Tree,
    pub(crate) members: Tree,
    pub(crate) receipts: Tree,
    pub(crate) voids: Tree,
    pub(crate) received: Tree,
    pub(crate) outcomes: Tree,
    pub(crate) references: Tree,
    pub(crate) audit: Tree,
    pub(crate) totals: Tree,
    pub(crate) receipts_by_member: Tree,
    pub(crate) meta: Tree,
    /// sled's log file, for an fsync after each flush (as the office store does: sled 0.34's flush alone
    /// may leave the data in the disk's cache).
    log_file: Option<std::fs::File>,
}

pub(crate) fn key(id: &str, n: u64) -> Vec<u8> {
    [id.as_bytes(), &[0u8], &n.to_be_bytes()].concat()
}

/// Two text parts joined by a zero byte (neither holds one).
fn pair(a: &str, b: &str) -> Vec<u8> {
    [a.as_bytes(), &[0u8], b.as_bytes()].concat()
}

/// The text parts of a [`pair`] key.
fn unpair(k: &[u8]) -> Result<(String, String), ExchangeError> {
    let text = std::str::from_utf8(k).map_err(|e| ExchangeError::Storage(e.to_string()))?;
    let (a, b) = text
        .split_once('\0')
        .ok_or_else(|| ExchangeError::Storage(format!("a key without its two parts: {text}")))?;
    Ok((a.to_owned(), b.to_owned()))
}

/// A stored record's JSON. Our records always serialise; should one ever fail, the write fails with it
/// rather than storing empty bytes.
fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, ExchangeError> {
    serde_json::to_vec(v).map_err(|e| ExchangeError::Storage(e.to_string()))
}

pub(crate) fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ExchangeError> {
    serde_json::from_slice(bytes).map_err(|e| ExchangeError::Storage(e.to_string()))
}

fn step(e: UnabortableTransactionError) -> TxError {
    match e {
        UnabortableTransactionError::Conflict => TxError::Conflict,
        UnabortableTransactionError::Storage(e) => TxError::Storage(e.to_string()),
    }
}

fn tx_get<T: for<'de> Deserialize<'de>>(tree: &TransactionalTree, k: &[u8]) -> TxResult<Option<T>> {
    match tree.get(k).map_err(step)? {
        Some(bytes) => Ok(Some(decode(&bytes)?)),
        None => Ok(None),
    }
}

fn tx_has(tree: &TransactionalTree, k: &[u8]) -> TxResult<bool> {
    Ok(tree.get(k).map_err(step)?.is_some())
}

fn tx_put<T: Serialize>(tree: &TransactionalTree, k: &[u8], v: &T) -> TxResult<()> {
    tree.insert(k, json(v)?).map_err(step)?;
    Ok(())
}

/// The trees of one transaction, in the order of [`SledBackend::trees`].
struct SledTx<'t> {
    trees: &'t [TransactionalTree],
}

impl SledTx<'_> {
    fn offices(&self) -> &TransactionalTree {
        &self.trees[0]
    }
    fn trust(&self) -> &TransactionalTree {
        &self.trees[1]
    }
    fn batches(&self) -> &TransactionalTree {
        &self.trees[2]
    }
    fn members(&self) -> &TransactionalTree {
        &self.trees[3]
    }
    fn receipts(&self) -> &TransactionalTree {
        &self.trees[4]
    }
    fn voids(&self) -> &TransactionalTree {
        &self.trees[5]
    }
    fn received(&self) -> &TransactionalTree {
        &self.trees[6]
    }
    fn outcomes(&self) -> &TransactionalTree {
        &self.trees[7]
    }
    fn references(&self) -> &TransactionalTree {
        &self.trees[8]
    }
    fn audit(&self) -> &TransactionalTree {
        &self.trees[9]
    }
    fn totals(&self) -> &TransactionalTree {
        &self.trees[10]
    }
    fn receipts_by_member(&self) -> &TransactionalTree {
        &self.trees[11]
    }
}

impl CentralTx for SledTx<'_> {
    fn office(&mut self, id: &str) -> TxResult<Option<OfficeState>> {
        tx_get(self.offices(), id.as_bytes())
    }
    fn put_office(&mut self, id: &str, state: &OfficeState) -> TxResult<()> {
        tx_put(self.offices(), id.as_bytes(), state)
    }
    fn batch(&mut self, id: &str, n: u64) -> TxResult<Option<BatchRecord>> {
        tx_get(self.batches(), &key(id, n))
    }
    fn put_batch(&mut self, id: &str, n: u64, record: &BatchRecord) -> TxResult<()> {
        tx_put(self.batches(), &key(id, n), record)
    }
    fn member_known(&mut self, member_no: &str) -> TxResult<bool> {
        tx_has(self.members(), member_no.as_bytes())
    }
    fn put_member(&mut self, member: &Member) -> TxResult<()> {
        tx_put(self.members(), member.member_no.as_bytes(), member)
    }
    fn receipt_known(&mut self, receipt_no: &str) -> TxResult<bool> {
        tx_has(self.receipts(), receipt_no.as_bytes())
    }
    fn receipt(&mut self, receipt_no: &str) -> TxResult<Option<Receipt>> {
        tx_get(self.receipts(), receipt_no.as_bytes())
    }
    fn put_receipt(&mut self, receipt: &Receipt) -> TxResult<()> {
        let index = pair(&receipt.member_no, &receipt.receipt_no);
        self.receipts_by_member()
            .insert(index, &[] as &[u8])
            .map_err(step)?;
        tx_put(self.receipts(), receipt.receipt_no.as_bytes(), receipt)
    }
    fn void_known(&mut self, receipt_no: &str) -> TxResult<bool> {
        tx_has(self.voids(), receipt_no.as_bytes())
    }
    fn put_void(&mut self, void: &Void) -> TxResult<()> {
        tx_put(self.voids(), void.receipt_no.as_bytes(), void)
    }
    fn put_received(&mut self, id: &str, entry: &ChangeEntry, verdict: &AckRecord) -> TxResult<()> {
        tx_put(self.received(), &key(id, entry.seq), entry)?;
        tx_put(self.outcomes(), &key(id, entry.seq), verdict)
    }
    fn audit_entry(&mut self, id: &str, seq: u64) -> TxResult<Option<ChainedEntry>> {
        tx_get(self.audit(), &key(id, seq))
    }
    fn put_audit_entry(&mut self, id: &str, entry: &ChainedEntry) -> TxResult<()> {
        tx_put(self.audit(), &key(id, entry.seq), entry)
    }
    fn add_totals(&mut self, rows: &[TotalsRow]) -> TxResult<()> {
        for row in rows {
            let k = pair(&row.workstation, &row.month);
            let mut totals: Totals = tx_get(self.totals(), &k)?.unwrap_or_default();
            totals.add(&row.totals);
            tx_put(self.totals(), &k, &totals)?;
        }
        Ok(())
    }
    fn trust_record(&mut self, n: u64) -> TxResult<Option<TrustRecord>> {
        tx_get(self.trust(), &n.to_be_bytes())
    }
    fn put_trust_record(&mut self, n: u64, record: &TrustRecord) -> TxResult<()> {
        tx_put(self.trust(), &n.to_be_bytes(), record)
    }
    fn last_reference(&mut self) -> TxResult<Option<IssuedReference>> {
        tx_get(self.references(), LAST_REFERENCE)
    }
    fn put_last_reference(&mut self, record: &IssuedReference) -> TxResult<()> {
        tx_put(self.references(), LAST_REFERENCE, record)
    }
}

impl SledBackend {
    /// Opens (or creates) the trees in `dir/db` and records the trust of workstations trusted before
    /// trust records were kept.
    pub(crate) fn open(dir: &Path) -> Result<SledBackend, ExchangeError> {
        let db = sled::Config::new().path(dir.join("db")).open()?;
        let tree = |name: &str| db.open_tree(name);
        let log_file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.join("db").join("db"))
            .ok();
        let backend = SledBackend {
            log_file,
            offices: tree("offices")?,
            trust: tree("trust")?,
            batches: tree("batches")?,
            members: tree("members")?,
            receipts: tree("receipts")?,
            voids: tree("voids")?,
            received: tree("received")?,
            outcomes: tree("outcomes")?,
            references: tree("references")?,
            audit: tree("audit")?,
            totals: tree("totals")?,
            receipts_by_member: tree("receipts_by_member")?,
            meta: tree("meta")?,
            db,
        };
        backend.record_earlier_trust()?;
        backend.build_derived()?;
        backend.durable()?;
        Ok(backend)
    }

    /// Every tree, in the order [`SledTx`] names them.
    fn trees(&self) -> [&Tree; 12] {
        [
            &self.offices,
            &self.trust,
            &self.batches,
            &self.members,
            &self.receipts,
            &self.voids,
            &self.received,
            &self.outcomes,
            &self.references,
            &self.audit,
            &self.totals,
            &self.receipts_by_member,
        ]
    }

    /// Migration: builds the report's running totals and the receipts' index by member from the
    /// records, in a store written before they were kept (or whose build a crash cut short: every key
    /// is written again whole, and the version last). A new store builds them empty.
    fn build_derived(&self) -> Result<(), ExchangeError> {
        if let Some(v) = self.meta.get(DERIVED)? {
            let version: u64 = decode(&v)?;
            if version >= DERIVED_VERSION {
                return Ok(());
            }
        }
        let mut members = Vec::new();
        for kv in self.members.iter() {
            members.push(decode::<Member>(&kv?.1)?);
        }
        let mut payments = Vec::new();
        let mut index = sled::Batch::default();
        for kv in self.receipts.iter() {
            let (k, v) = kv?;
            let r: Receipt = decode(&v)?;
            index.insert(pair(&r.member_no, &r.receipt_no), &[] as &[u8]);
            let voided = self.voids.contains_key(&k)?;
            payments.push((r, voided));
        }
        let rows = totals_of_records(members.iter(), payments.iter().map(|(r, v)| (r, *v)));
        self.totals.clear()?;
        let mut totals = sled::Batch::default();
        for row in rows {
            totals.insert(pair(&row.workstation, &row.month), json(&row.totals)?);
        }
        self.totals.apply_batch(totals)?;
        self.receipts_by_member.apply_batch(index)?;
        self.durable()?;
        self.meta.insert(DERIVED, json(&DERIVED_VERSION)?)?;
        Ok(())
    }

    /// Migration: a store written before trust records were kept gets one per trusted workstation, with
    /// no time (it is not known).
    fn record_earlier_trust(&self) -> Result<(), ExchangeError> {
        for kv in self.offices.iter() {
            let (id, bytes) = kv?;
            let mut state: OfficeState = decode(&bytes)?;
            if state.trust_record.is_some() {
                continue;
            }
            let id = String::from_utf8_lossy(&id).into_owned();
            let key = crate::keys::parse_ed25519(&state.public_key)?;
            let n = self.db.generate_id()?;
            let record = TrustRecord {
                workstation: id.clone(),
                fingerprint: office_fingerprint(&key),
                since: None,
                succeeds: state.succeeds.clone(),
                retired: None,
            };
            state.trust_record = Some(n);
            self.transaction(Scope::Whole, &mut |tx| {
                tx.put_trust_record(n, &record)?;
                tx.put_office(&id, &state)
            })?;
        }
        Ok(())
    }

    fn durable(&self) -> Result<(), ExchangeError> {
        self.db.flush()?;
        if let Some(file) = &self.log_file {
            file.sync_data()
                .map_err(|e| ExchangeError::Storage(e.to_string()))?;
        }
        Ok(())
    }

    fn get<T: for<'de> Deserialize<'de>>(
        tree: &Tree,
        k: &[u8],
    ) -> Result<Option<T>, ExchangeError> {
        tree.get(k)?.map(|b| decode(&b)).transpose()
    }
}

impl CentralBackend for SledBackend {
    /// sled serialises every transaction (one process, conflicts run again): the scope changes nothing.
    fn transaction(
        &self,
        _scope: Scope,
        work: &mut dyn FnMut(&mut dyn CentralTx) -> TxResult<()>,
    ) -> Result<(), ExchangeError> {
        // sled runs the closure again on a conflict; it only gets `Fn`, so the work is borrowed through
        // a cell (one run at a time: sled retries in this thread).
        let work = std::cell::RefCell::new(work);
        let trees = self.trees();
        let result = trees.as_slice().transaction(|trees| {
            let mut tx = SledTx { trees };
            (work.borrow_mut())(&mut tx).map_err(|e| match e {
                TxError::Refused(e) => ConflictableTransactionError::Abort(e),
                TxError::Conflict => ConflictableTransactionError::Conflict,
                TxError::Storage(e) => {
                    ConflictableTransactionError::Abort(ExchangeError::Storage(e))
                }
            })
        });
        result.map_err(|e| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => ExchangeError::from(e),
        })?;
        self.durable()
    }

    fn next_trust_number(&self) -> Result<u64, ExchangeError> {
        Ok(self.db.generate_id()?)
    }

    fn office(&self, id: &str) -> Result<Option<OfficeState>, ExchangeError> {
        SledBackend::get(&self.offices, id.as_bytes())
    }

    fn batch(&self, id: &str, n: u64) -> Result<Option<BatchRecord>, ExchangeError> {
        SledBackend::get(&self.batches, &key(id, n))
    }

    fn outcomes(&self, id: &str, first: u64, last: u64) -> Result<Vec<AckRecord>, ExchangeError> {
        self.outcomes
            .range(key(id, first)..=key(id, last))
            .map(|kv| decode(&kv?.1))
            .collect()
    }

    fn audit_entries(&self, id: &str) -> Result<Vec<ChainedEntry>, ExchangeError> {
        self.audit
            .scan_prefix([id.as_bytes(), &[0u8]].concat())
            .map(|kv| decode(&kv?.1))
            .collect()
    }

    fn trusted(&self) -> Result<Vec<TrustRecord>, ExchangeError> {
        self.trust.iter().map(|kv| decode(&kv?.1)).collect()
    }

    fn last_reference(&self) -> Result<Option<IssuedReference>, ExchangeError> {
        SledBackend::get(&self.references, LAST_REFERENCE)
    }

    fn stats(&self) -> Result<Stats, ExchangeError> {
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

    /// `totals` whole (a row per workstation and month), and per trusted workstation its batches'
    /// keys counted and its last batch's record.
    fn report_rows(&self) -> Result<ReportRows, ExchangeError> {
        let mut rows = ReportRows::default();
        for kv in self.totals.iter() {
            let (k, v) = kv?;
            let (workstation, month) = unpair(&k)?;
            rows.totals.push(TotalsRow {
                workstation,
                month,
                totals: decode(&v)?,
            });
        }
        for kv in self.offices.iter() {
            let (id, v) = kv?;
            let state: OfficeState = decode(&v)?;
            let id = String::from_utf8_lossy(&id).into_owned();
            let mut batches = 0u64;
            for k in self.batches.scan_prefix(pair(&id, "")).keys() {
                k?;
                batches += 1;
            }
            let last: Option<BatchRecord> =
                SledBackend::get(&self.batches, &key(&id, state.last_batch))?;
            rows.workstations.push(WorkstationBatches {
                workstation: id,
                batches,
                last_batch: state.last_batch,
                last_received_at: last.and_then(|b| b.received_at),
                succeeded_by: state.succeeded_by,
            });
        }
        Ok(rows)
    }

    fn member_records(&self, member_no: &str) -> Result<Option<MemberRecords>, ExchangeError> {
        let Some(member) = SledBackend::get::<Member>(&self.members, member_no.as_bytes())? else {
            return Ok(None);
        };
        let mut payments = Vec::new();
        for k in self
            .receipts_by_member
            .scan_prefix(pair(member_no, ""))
            .keys()
        {
            let (_, receipt_no) = unpair(&k?)?;
            let receipt: Receipt = SledBackend::get(&self.receipts, receipt_no.as_bytes())?
                .ok_or_else(|| {
                    ExchangeError::Storage(format!(
                        "receipts_by_member names {receipt_no}, not held"
                    ))
                })?;
            let void = SledBackend::get(&self.voids, receipt_no.as_bytes())?;
            payments.push((receipt, void));
        }
        Ok(Some(MemberRecords { member, payments }))
    }

    fn recover_records(&self, lineage: &[String]) -> Result<RecoverRecords, ExchangeError> {
        let trees = SledRecoverTrees {
            members: &self.members,
            receipts: &self.receipts,
            voids: &self.voids,
            received: &self.received,
            outcomes: &self.outcomes,
        };
        crate::recover::sled_records(&trees, lineage)
    }
}
