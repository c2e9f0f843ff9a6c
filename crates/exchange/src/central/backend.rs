//! What a central store's backend provides, so that the import rules are written once
//! (`central.rs`) and run unchanged over sled (`sled_store.rs`) and PostgreSQL (the `nssf-central-pg`
//! crate, kept apart so that the office app never links a database client).
//!
//! A backend gives typed reads and writes inside one transaction ([`CentralTx`]), runs a piece of work
//! as one transaction, durable when it returns ([`CentralBackend::transaction`]), and answers the reads
//! made outside any transaction (acknowledgements, listings, figures).

use std::fmt::Debug;

use nssf_domain::audit::ChainedEntry;
use nssf_domain::change::ChangeEntry;
use nssf_domain::{Member, Receipt, Void};

use super::report::{MemberRecords, ReportRows, TotalsRow};
use super::{BatchRecord, IssuedReference, OfficeState, Stats, TrustRecord};
use crate::ack::AckRecord;
use crate::recover::RecoverRecords;
use crate::ExchangeError;

/// Why a step inside a transaction stopped.
#[derive(Debug)]
pub enum TxError {
    /// The rules refused: the transaction is rolled back and this is the answer.
    Refused(ExchangeError),
    /// Another transaction touched the same rows first: rolled back and run again from the start.
    Conflict,
    /// The backend failed underneath (the text is its error's).
    Storage(String),
}

impl From<ExchangeError> for TxError {
    fn from(e: ExchangeError) -> Self {
        TxError::Refused(e)
    }
}

/// A step inside a transaction.
pub type TxResult<T> = Result<T, TxError>;

/// Typed reads and writes inside one transaction of the central store. Each workstation is keyed by
/// its `DDDD-WW`; what a write replaces is said per method.
pub trait CentralTx {
    /// The state of workstation `id`. PostgreSQL locks its row until the transaction ends, so two
    /// imports of one workstation queue instead of both judging the same records.
    fn office(&mut self, id: &str) -> TxResult<Option<OfficeState>>;
    /// Writes (or replaces) the state of workstation `id`.
    fn put_office(&mut self, id: &str, state: &OfficeState) -> TxResult<()>;
    /// The record of batch `n` of workstation `id`.
    fn batch(&mut self, id: &str, n: u64) -> TxResult<Option<BatchRecord>>;
    /// Writes the record of batch `n` of workstation `id`.
    fn put_batch(&mut self, id: &str, n: u64, record: &BatchRecord) -> TxResult<()>;
    /// Whether the member is known.
    fn member_known(&mut self, member_no: &str) -> TxResult<bool>;
    /// Writes a member, replacing the version held (the latest amendment wins).
    fn put_member(&mut self, member: &Member) -> TxResult<()>;
    /// Whether the receipt is known.
    fn receipt_known(&mut self, receipt_no: &str) -> TxResult<bool>;
    /// A receipt held (written before, or earlier in this transaction).
    fn receipt(&mut self, receipt_no: &str) -> TxResult<Option<Receipt>>;
    /// Writes a new receipt (and its entry in the index by member).
    fn put_receipt(&mut self, receipt: &Receipt) -> TxResult<()>;
    /// Whether the receipt is void.
    fn void_known(&mut self, receipt_no: &str) -> TxResult<bool>;
    /// Writes a new void.
    fn put_void(&mut self, void: &Void) -> TxResult<()>;
    /// Keeps a change of workstation `id` as received, with the verdict given it.
    fn put_received(&mut self, id: &str, entry: &ChangeEntry, verdict: &AckRecord) -> TxResult<()>;
    /// The audit entry `seq` of workstation `id` as first received.
    fn audit_entry(&mut self, id: &str, seq: u64) -> TxResult<Option<ChainedEntry>>;
    /// Keeps a new audit entry of workstation `id` (never called for one held).
    fn put_audit_entry(&mut self, id: &str, entry: &ChainedEntry) -> TxResult<()>;
    /// Adds to the running totals of the report (`central report`), per workstation and month;
    /// `rows` are ordered by workstation and month.
    fn add_totals(&mut self, rows: &[TotalsRow]) -> TxResult<()>;
    /// Trust record `n`.
    fn trust_record(&mut self, n: u64) -> TxResult<Option<TrustRecord>>;
    /// Writes (or replaces) trust record `n`.
    fn put_trust_record(&mut self, n: u64, record: &TrustRecord) -> TxResult<()>;
    /// The last reference file issued.
    fn last_reference(&mut self) -> TxResult<Option<IssuedReference>>;
    /// Records the last reference file issued.
    fn put_last_reference(&mut self, record: &IssuedReference) -> TxResult<()>;
    /// Says which rows the transaction is about to read one by one: these members and receipts (and
    /// their voids), and workstation `id`'s audit entries `audit_seqs`. A server backend fetches them
    /// in one query per table; every read answers the same with or without it.
    fn prefetch(
        &mut self,
        _id: &str,
        _members: &[&str],
        _receipts: &[&str],
        _audit_seqs: (u64, u64),
    ) -> TxResult<()> {
        Ok(())
    }
}

/// What a transaction touches, so that a server database need not make every transaction wait for
/// every other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// An import: it writes only rows of one workstation (and of the members, receipts and voids its
    /// lineage issued), reads that workstation's state first ([`CentralTx::office`], which a server
    /// locks for the transaction), and reads another workstation's rows only by key (a member that
    /// pays at another district). Two of them for different workstations may run side by side.
    Workstation,
    /// Anything else (trusting a key, numbering a reference file): as if it ran alone.
    Whole,
}

/// A central store's backend: sled in the central folder, or a PostgreSQL database.
pub trait CentralBackend: Debug + Send + Sync {
    /// Runs `work` as one transaction of `scope`: all of its writes or none, with the outcome of some
    /// order of the transactions one after the other. A [`TxError::Conflict`] (or the backend's own
    /// serialization failure or deadlock) runs it again; a [`TxError::Refused`] rolls back and is
    /// returned. Durable (on disk, or committed) when this returns `Ok`.
    fn transaction(
        &self,
        scope: Scope,
        work: &mut dyn FnMut(&mut dyn CentralTx) -> TxResult<()>,
    ) -> Result<(), ExchangeError>;
    /// A new trust record number, greater than every one taken before (gaps are harmless).
    fn next_trust_number(&self) -> Result<u64, ExchangeError>;
    /// The state of workstation `id`, outside any transaction.
    fn office(&self, id: &str) -> Result<Option<OfficeState>, ExchangeError>;
    /// The record of batch `n` of workstation `id`, outside any transaction.
    fn batch(&self, id: &str, n: u64) -> Result<Option<BatchRecord>, ExchangeError>;
    /// The verdicts of workstation `id`'s changes `first ..= last`, in sequence order.
    fn outcomes(&self, id: &str, first: u64, last: u64) -> Result<Vec<AckRecord>, ExchangeError>;
    /// The audit entries held for workstation `id`, in sequence order.
    fn audit_entries(&self, id: &str) -> Result<Vec<ChainedEntry>, ExchangeError>;
    /// Every trust record, in the order trusted.
    fn trusted(&self) -> Result<Vec<TrustRecord>, ExchangeError>;
    /// The last reference file issued.
    fn last_reference(&self) -> Result<Option<IssuedReference>, ExchangeError>;
    /// The store's figures.
    fn stats(&self) -> Result<Stats, ExchangeError>;
    /// The running totals per workstation and month, and every trusted workstation's batches
    /// (`central report`): reads of a few thousand rows, never of every record.
    fn report_rows(&self) -> Result<ReportRows, ExchangeError>;
    /// A member and every payment for them with its void, through the index by member
    /// (`central member`); `None` for a member not held.
    fn member_records(&self, member_no: &str) -> Result<Option<MemberRecords>, ExchangeError>;
    /// Everything held of the workstations of `lineage` (`DDDD-WW`, nearest first) for a successor's
    /// recovery: see [`RecoverRecords`] for what and in which order.
    fn recover_records(&self, lineage: &[String]) -> Result<RecoverRecords, ExchangeError>;
}
