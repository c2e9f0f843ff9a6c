//! [`PgBackend`]: the central store's rows in PostgreSQL tables (`migrations/`). Imports run under row
//! locks, everything else SERIALIZABLE ([`PgBackend`]'s `transaction`), each run again when the server
//! reports a serialization failure or a deadlock, so two transactions (of any workstations, in any
//! processes) give what one after the other would.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use nssf_domain::audit::ChainedEntry;
use nssf_domain::change::ChangeEntry;
use nssf_domain::{Member, Receipt, Void};
use nssf_exchange::ack::{AckRecord, AckStatus};
use nssf_exchange::central::backend::{CentralBackend, CentralTx, Scope, TxError, TxResult};
use nssf_exchange::central::report::{
    MemberRecords, ReportRows, Totals, TotalsRow, WorkstationBatches,
};
use nssf_exchange::central::{member_issuer, receipt_issuer};
use nssf_exchange::central::{BatchRecord, IssuedReference, OfficeState, Stats, TrustRecord};
use nssf_exchange::recover::{base_of, RecoverRecords};
use nssf_exchange::ExchangeError;
use postgres::error::SqlState;
use postgres::types::{Json, ToSql};
use postgres::{Client, IsolationLevel, Statement, Transaction};
use serde::de::DeserializeOwned;

/// The migrations, in order: version and SQL. `central init` applies them all; opening applies any a
/// newer program added.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_central.sql")),
    (2, include_str!("../migrations/0002_report.sql")),
];

/// The advisory lock that keeps two programs from migrating at once (any number, ours alone).
const MIGRATION_LOCK: i64 = 0x4e53_5346_4345_4e54;

/// How many times a transaction is run before a conflict is given up on.
const TRIES: u32 = 100;

/// The central store in a PostgreSQL database, over one connection.
pub struct PgBackend {
    client: Mutex<Client>,
    statements: Statements,
}

impl std::fmt::Debug for PgBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgBackend")
    }
}

/// Every statement, prepared once per connection.
struct Statements {
    office: Statement,
    share_office: Statement,
    put_office: Statement,
    batch: Statement,
    put_batch: Statement,
    member_known: Statement,
    put_members: Statement,
    receipt_known: Statement,
    receipt: Statement,
    put_receipts: Statement,
    add_totals: Statement,
    void_known: Statement,
    put_voids: Statement,
    put_received: Statement,
    audit_entry: Statement,
    put_audit_entries: Statement,
    trust_record: Statement,
    put_trust_record: Statement,
    last_reference: Statement,
    put_last_reference: Statement,
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements, postgres::Error> {
        let mut p = |sql: &str| client.prepare(sql);
        Ok(Statements {
            office: p("SELECT state FROM offices WHERE id = $1 FOR UPDATE")?,
            share_office: p("SELECT 1 FROM offices WHERE id = $1 FOR SHARE")?,
            put_office: p("INSERT INTO offices (id, state) VALUES ($1, $2) \
                 ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state")?,
            batch: p("SELECT record FROM batches WHERE office = $1 AND batch = $2")?,
            put_batch: p("INSERT INTO batches (office, batch, record) VALUES ($1, $2, $3)")?,
            member_known: p("SELECT 1 FROM members WHERE member_no = $1")?,
            put_members: p("INSERT INTO members (member_no, record) \
                 SELECT * FROM unnest($1::text[], $2::jsonb[]) \
                 ON CONFLICT (member_no) DO UPDATE SET record = EXCLUDED.record")?,
            receipt_known: p("SELECT 1 FROM receipts WHERE receipt_no = $1")?,
            receipt: p("SELECT record FROM receipts WHERE receipt_no = $1")?,
            add_totals: p("INSERT INTO report_totals (workstation, month, members, payments, voids, kip) \
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]) \
                 ON CONFLICT (workstation, month) DO UPDATE SET \
                 members = report_totals.members + EXCLUDED.members, \
                 payments = report_totals.payments + EXCLUDED.payments, \
                 voids = report_totals.voids + EXCLUDED.voids, \
                 kip = report_totals.kip + EXCLUDED.kip")?,
            put_receipts: p("INSERT INTO receipts (receipt_no, member_no, total_kip, record) \
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[])")?,
            void_known: p("SELECT 1 FROM voids WHERE receipt_no = $1")?,
            put_voids: p("INSERT INTO voids (receipt_no, record) \
                 SELECT * FROM unnest($1::text[], $2::jsonb[])")?,
            put_received: p("WITH entry AS (INSERT INTO received (office, seq, entry) \
                   SELECT $1, * FROM unnest($2::bigint[], $3::jsonb[])) \
                 INSERT INTO outcomes (office, seq, record) SELECT $1, * FROM unnest($2::bigint[], $4::jsonb[])")?,
            audit_entry: p("SELECT entry FROM audit WHERE office = $1 AND seq = $2")?,
            put_audit_entries: p("INSERT INTO audit (office, seq, entry) \
                 SELECT $1, * FROM unnest($2::bigint[], $3::jsonb[])")?,
            trust_record: p("SELECT record FROM trust WHERE n = $1")?,
            put_trust_record: p("INSERT INTO trust (n, record) VALUES ($1, $2) \
                 ON CONFLICT (n) DO UPDATE SET record = EXCLUDED.record")?,
            last_reference: p("SELECT record FROM reference_issues WHERE name = 'last'")?,
            put_last_reference: p("INSERT INTO reference_issues (name, record) VALUES ('last', $1) \
                 ON CONFLICT (name) DO UPDATE SET record = EXCLUDED.record")?,
        })
    }
}

/// The server's error as the exchange's storage error (the client's text never holds the password).
fn storage(e: postgres::Error) -> ExchangeError {
    ExchangeError::Storage(e.to_string())
}

/// Whether running the transaction again may succeed.
fn is_conflict(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    })
}

fn step(e: postgres::Error) -> TxError {
    if is_conflict(&e) {
        TxError::Conflict
    } else {
        TxError::Storage(e.to_string())
    }
}

/// A sequence or batch number as the `bigint` it is stored as.
fn int(n: u64) -> Result<i64, ExchangeError> {
    i64::try_from(n)
        .map_err(|_| ExchangeError::Storage(format!("{n} is beyond the database's integers")))
}

fn json_of<T: DeserializeOwned + std::fmt::Debug>(
    row: Option<postgres::Row>,
) -> Result<Option<T>, ExchangeError> {
    row.map(|r| r.try_get::<_, Json<T>>(0).map(|j| j.0).map_err(storage))
        .transpose()
}

/// The statements of one transaction.
struct PgTx<'a, 'c> {
    t: &'a mut Transaction<'c>,
    s: &'a Statements,
    scope: Scope,
    /// The workstations whose state row this transaction locked (for update, or for share).
    locked: BTreeSet<String>,
    pending: Pending,
    fetched: Fetched,
}

/// What [`CentralTx::prefetch`] read: for the numbers it was asked, which are held. Under the
/// transaction's row locks no other transaction changes these answers before it ends; its own writes
/// are in [`Pending`], which reads look at first.
#[derive(Default)]
struct Fetched {
    members_asked: BTreeSet<String>,
    members: BTreeSet<String>,
    receipts_asked: BTreeSet<String>,
    receipts: BTreeSet<String>,
    voids: BTreeSet<String>,
    /// The workstation, the sequences asked (inclusive) and the entries held among them.
    audit: Option<(String, i64, i64, BTreeMap<i64, ChainedEntry>)>,
}

/// The writes of records that an import makes by the thousand (members, receipts, voids, changes
/// received and their verdicts, audit entries), kept until the work is done and then sent in one
/// statement per table: a round trip per row would be most of an import's time. Reads inside the
/// transaction see them first, so the rules read their own writes as with sled.
#[derive(Default)]
struct Pending {
    members: BTreeMap<String, serde_json::Value>,
    receipts: BTreeMap<String, (String, i64, serde_json::Value)>,
    voids: BTreeMap<String, serde_json::Value>,
    /// Per workstation: its changes' sequence, the change and the verdict.
    received: BTreeMap<String, Vec<(i64, serde_json::Value, serde_json::Value)>>,
    /// Per workstation: its entries by sequence.
    audit: BTreeMap<String, BTreeMap<i64, ChainedEntry>>,
    /// The report's totals to add, per workstation and month.
    totals: BTreeMap<(String, String), Totals>,
}

/// A record as the JSON value it is stored as.
fn value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, ExchangeError> {
    serde_json::to_value(v).map_err(|e| ExchangeError::Storage(e.to_string()))
}

/// Json wrappers for an array parameter.
fn jsons(values: Vec<serde_json::Value>) -> Vec<Json<serde_json::Value>> {
    values.into_iter().map(Json).collect()
}

impl PgTx<'_, '_> {
    /// Sends the pending writes, one statement per table.
    fn flush(&mut self) -> TxResult<()> {
        let pending = std::mem::take(&mut self.pending);
        if !pending.members.is_empty() {
            let (numbers, records): (Vec<String>, Vec<serde_json::Value>) =
                pending.members.into_iter().unzip();
            let s = &self.s.put_members;
            self.run(s, &[&numbers, &jsons(records)])?;
        }
        if !pending.receipts.is_empty() {
            let mut columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (number, (member, kip, record)) in pending.receipts {
                columns.0.push(number);
                columns.1.push(member);
                columns.2.push(kip);
                columns.3.push(record);
            }
            let s = &self.s.put_receipts;
            self.run(s, &[&columns.0, &columns.1, &columns.2, &jsons(columns.3)])?;
        }
        if !pending.voids.is_empty() {
            let (numbers, records): (Vec<String>, Vec<serde_json::Value>) =
                pending.voids.into_iter().unzip();
            let s = &self.s.put_voids;
            self.run(s, &[&numbers, &jsons(records)])?;
        }
        for (id, rows) in pending.received {
            let mut columns = (Vec::new(), Vec::new(), Vec::new());
            for (seq, entry, verdict) in rows {
                columns.0.push(seq);
                columns.1.push(entry);
                columns.2.push(verdict);
            }
            let s = &self.s.put_received;
            self.run(s, &[&id, &columns.0, &jsons(columns.1), &jsons(columns.2)])?;
        }
        if !pending.totals.is_empty() {
            let mut columns = (
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
            );
            for ((workstation, month), t) in pending.totals {
                columns.0.push(workstation);
                columns.1.push(month);
                columns.2.push(int(t.members)?);
                columns.3.push(int(t.payments)?);
                columns.4.push(int(t.voids)?);
                columns.5.push(t.kip);
            }
            let s = &self.s.add_totals;
            self.run(
                s,
                &[
                    &columns.0, &columns.1, &columns.2, &columns.3, &columns.4, &columns.5,
                ],
            )?;
        }
        for (id, entries) in pending.audit {
            let mut seqs = Vec::with_capacity(entries.len());
            let mut values = Vec::with_capacity(entries.len());
            for (seq, entry) in entries {
                seqs.push(seq);
                values.push(value(&entry)?);
            }
            let s = &self.s.put_audit_entries;
            self.run(s, &[&id, &seqs, &jsons(values)])?;
        }
        Ok(())
    }

    fn one<T: DeserializeOwned + std::fmt::Debug>(
        &mut self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> TxResult<Option<T>> {
        let row = self.t.query_opt(statement, params).map_err(step)?;
        Ok(json_of(row)?)
    }

    fn exists(&mut self, statement: &Statement, params: &[&(dyn ToSql + Sync)]) -> TxResult<bool> {
        Ok(self.t.query_opt(statement, params).map_err(step)?.is_some())
    }

    fn run(&mut self, statement: &Statement, params: &[&(dyn ToSql + Sync)]) -> TxResult<()> {
        self.t.execute(statement, params).map_err(step)?;
        Ok(())
    }
}

impl CentralTx for PgTx<'_, '_> {
    fn office(&mut self, id: &str) -> TxResult<Option<OfficeState>> {
        let s = &self.s.office;
        let state = self.one(s, &[&id])?;
        self.locked.insert(id.to_owned());
        Ok(state)
    }
    fn put_office(&mut self, id: &str, state: &OfficeState) -> TxResult<()> {
        let s = &self.s.put_office;
        self.run(s, &[&id, &Json(state)])
    }
    fn batch(&mut self, id: &str, n: u64) -> TxResult<Option<BatchRecord>> {
        let s = &self.s.batch;
        self.one(s, &[&id, &int(n)?])
    }
    fn put_batch(&mut self, id: &str, n: u64, record: &BatchRecord) -> TxResult<()> {
        let s = &self.s.put_batch;
        self.run(s, &[&id, &int(n)?, &Json(record)])
    }
    fn member_known(&mut self, member_no: &str) -> TxResult<bool> {
        if self.pending.members.contains_key(member_no) {
            return Ok(true);
        }
        if self.fetched.members_asked.contains(member_no) {
            return Ok(self.fetched.members.contains(member_no));
        }
        // An import reads committed rows (READ COMMITTED): before it looks for a member another
        // workstation issued (a member paying at another district), it waits for that workstation's
        // import running now, holding its state row for share, so that the two imports are as if one
        // ran after the other.
        if self.scope == Scope::Workstation {
            if let Some(issuer) = member_issuer(member_no) {
                if !self.locked.contains(&issuer) {
                    let s = &self.s.share_office;
                    self.t.query_opt(s, &[&issuer]).map_err(step)?;
                    self.locked.insert(issuer);
                }
            }
        }
        let s = &self.s.member_known;
        self.exists(s, &[&member_no])
    }
    fn put_member(&mut self, member: &Member) -> TxResult<()> {
        self.pending
            .members
            .insert(member.member_no.clone(), value(member)?);
        Ok(())
    }
    fn receipt_known(&mut self, receipt_no: &str) -> TxResult<bool> {
        if self.pending.receipts.contains_key(receipt_no) {
            return Ok(true);
        }
        if self.fetched.receipts_asked.contains(receipt_no) {
            return Ok(self.fetched.receipts.contains(receipt_no));
        }
        let s = &self.s.receipt_known;
        self.exists(s, &[&receipt_no])
    }
    fn receipt(&mut self, receipt_no: &str) -> TxResult<Option<Receipt>> {
        if let Some((_, _, record)) = self.pending.receipts.get(receipt_no) {
            let receipt = serde_json::from_value(record.clone())
                .map_err(|e| ExchangeError::Storage(e.to_string()))?;
            return Ok(Some(receipt));
        }
        if self.fetched.receipts_asked.contains(receipt_no)
            && !self.fetched.receipts.contains(receipt_no)
        {
            return Ok(None);
        }
        let s = &self.s.receipt;
        self.one(s, &[&receipt_no])
    }
    fn put_receipt(&mut self, receipt: &Receipt) -> TxResult<()> {
        let row = (
            receipt.member_no.clone(),
            receipt.total_kip,
            value(receipt)?,
        );
        self.pending
            .receipts
            .insert(receipt.receipt_no.clone(), row);
        Ok(())
    }
    fn void_known(&mut self, receipt_no: &str) -> TxResult<bool> {
        if self.pending.voids.contains_key(receipt_no) {
            return Ok(true);
        }
        if self.fetched.receipts_asked.contains(receipt_no) {
            return Ok(self.fetched.voids.contains(receipt_no));
        }
        let s = &self.s.void_known;
        self.exists(s, &[&receipt_no])
    }
    fn put_void(&mut self, void: &Void) -> TxResult<()> {
        self.pending
            .voids
            .insert(void.receipt_no.clone(), value(void)?);
        Ok(())
    }
    fn put_received(&mut self, id: &str, entry: &ChangeEntry, verdict: &AckRecord) -> TxResult<()> {
        let row = (int(entry.seq)?, value(entry)?, value(verdict)?);
        self.pending
            .received
            .entry(id.to_owned())
            .or_default()
            .push(row);
        Ok(())
    }
    fn audit_entry(&mut self, id: &str, seq: u64) -> TxResult<Option<ChainedEntry>> {
        let n = int(seq)?;
        if let Some(entry) = self.pending.audit.get(id).and_then(|a| a.get(&n)) {
            return Ok(Some(entry.clone()));
        }
        if let Some((fetched_id, lo, hi, entries)) = &self.fetched.audit {
            if fetched_id == id && (*lo..=*hi).contains(&n) {
                return Ok(entries.get(&n).cloned());
            }
        }
        let s = &self.s.audit_entry;
        self.one(s, &[&id, &n])
    }
    fn put_audit_entry(&mut self, id: &str, entry: &ChainedEntry) -> TxResult<()> {
        let n = int(entry.seq)?;
        self.pending
            .audit
            .entry(id.to_owned())
            .or_default()
            .insert(n, entry.clone());
        Ok(())
    }
    fn prefetch(
        &mut self,
        id: &str,
        members: &[&str],
        receipts: &[&str],
        audit_seqs: (u64, u64),
    ) -> TxResult<()> {
        // The members other workstations issued are read once their imports running now are done, as
        // `member_known` does one by one (in one order, so that two imports wait rather than deadlock
        // as far as they can; a deadlock runs the transaction again).
        if self.scope == Scope::Workstation {
            let issuers: BTreeSet<String> = members
                .iter()
                .filter_map(|no| member_issuer(no))
                .filter(|issuer| !self.locked.contains(issuer))
                .collect();
            for issuer in issuers {
                let s = &self.s.share_office;
                self.t.query_opt(s, &[&issuer]).map_err(step)?;
                self.locked.insert(issuer);
            }
        }
        let column = |rows: Vec<postgres::Row>| -> TxResult<BTreeSet<String>> {
            rows.iter()
                .map(|r| r.try_get::<_, String>(0).map_err(step))
                .collect()
        };
        let held = self
            .t
            .query(
                "SELECT member_no FROM members WHERE member_no = ANY($1)",
                &[&members],
            )
            .map_err(step)?;
        self.fetched.members = column(held)?;
        self.fetched.members_asked = members.iter().map(|m| (*m).to_owned()).collect();
        let held = self
            .t
            .query(
                "SELECT receipt_no FROM receipts WHERE receipt_no = ANY($1)",
                &[&receipts],
            )
            .map_err(step)?;
        self.fetched.receipts = column(held)?;
        let held = self
            .t
            .query(
                "SELECT receipt_no FROM voids WHERE receipt_no = ANY($1)",
                &[&receipts],
            )
            .map_err(step)?;
        self.fetched.voids = column(held)?;
        self.fetched.receipts_asked = receipts.iter().map(|r| (*r).to_owned()).collect();
        let (lo, hi) = (int(audit_seqs.0)?, int(audit_seqs.1)?);
        let mut entries = BTreeMap::new();
        if lo <= hi {
            let rows = self
                .t
                .query(
                    "SELECT seq, entry FROM audit WHERE office = $1 AND seq BETWEEN $2 AND $3",
                    &[&id, &lo, &hi],
                )
                .map_err(step)?;
            for row in rows {
                let seq: i64 = row.try_get(0).map_err(step)?;
                let entry: Json<ChainedEntry> = row.try_get(1).map_err(step)?;
                entries.insert(seq, entry.0);
            }
        }
        self.fetched.audit = Some((id.to_owned(), lo, hi, entries));
        Ok(())
    }
    fn add_totals(&mut self, rows: &[TotalsRow]) -> TxResult<()> {
        for row in rows {
            let key = (row.workstation.clone(), row.month.clone());
            self.pending.totals.entry(key).or_default().add(&row.totals);
        }
        Ok(())
    }
    fn trust_record(&mut self, n: u64) -> TxResult<Option<TrustRecord>> {
        let s = &self.s.trust_record;
        self.one(s, &[&int(n)?])
    }
    fn put_trust_record(&mut self, n: u64, record: &TrustRecord) -> TxResult<()> {
        let s = &self.s.put_trust_record;
        self.run(s, &[&int(n)?, &Json(record)])
    }
    fn last_reference(&mut self) -> TxResult<Option<IssuedReference>> {
        let s = &self.s.last_reference;
        self.one(s, &[])
    }
    fn put_last_reference(&mut self, record: &IssuedReference) -> TxResult<()> {
        let s = &self.s.put_last_reference;
        self.run(s, &[&Json(record)])
    }
}

/// Whether the database holds a central store (its migrations table).
fn has_store(client: &mut Client) -> Result<bool, ExchangeError> {
    let row = client
        .query_one("SELECT to_regclass('central_schema') IS NOT NULL", &[])
        .map_err(storage)?;
    row.try_get(0).map_err(storage)
}

/// The newest migration applied (0: none).
fn schema_version(client: &mut Client) -> Result<i32, ExchangeError> {
    let row = client
        .query_one("SELECT coalesce(max(version), 0) FROM central_schema", &[])
        .map_err(storage)?;
    row.try_get(0).map_err(storage)
}

/// Applies the migrations not applied yet, in one transaction, one program at a time. A database whose
/// schema is current is not written to, so a read-only replica opens for reports.
fn migrate(client: &mut Client) -> Result<(), ExchangeError> {
    let newest = MIGRATIONS.last().map_or(0, |(v, _)| *v);
    if has_store(client)? && schema_version(client)? == newest {
        return Ok(());
    }
    let mut t = client.transaction().map_err(storage)?;
    t.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(storage)?;
    t.batch_execute(
        "CREATE TABLE IF NOT EXISTS central_schema \
         (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .map_err(storage)?;
    let row = t
        .query_one("SELECT coalesce(max(version), 0) FROM central_schema", &[])
        .map_err(storage)?;
    let applied: i32 = row.try_get(0).map_err(storage)?;
    if let Some((newest, _)) = MIGRATIONS.last() {
        if applied > *newest {
            return Err(ExchangeError::Storage(format!(
                "the database's central store is version {applied}, newer than this program's {newest}"
            )));
        }
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
        t.batch_execute(sql).map_err(storage)?;
        t.execute(
            "INSERT INTO central_schema (version) VALUES ($1)",
            &[version],
        )
        .map_err(storage)?;
    }
    t.commit().map_err(storage)
}

impl PgBackend {
    /// Creates the central store's tables in the database `config` names; a database that holds one
    /// already is refused ([`ExchangeError::CentralExists`]).
    pub fn create(config: &postgres::Config) -> Result<PgBackend, ExchangeError> {
        let mut client = config.connect(postgres::NoTls).map_err(storage)?;
        if has_store(&mut client)? {
            return Err(ExchangeError::CentralExists);
        }
        migrate(&mut client)?;
        PgBackend::with(client)
    }

    /// Opens the central store in the database `config` names ([`ExchangeError::CentralNotInitialised`]
    /// when it holds none), applying the migrations a newer program added.
    pub fn open(config: &postgres::Config) -> Result<PgBackend, ExchangeError> {
        let mut client = config.connect(postgres::NoTls).map_err(storage)?;
        if !has_store(&mut client)? {
            return Err(ExchangeError::CentralNotInitialised);
        }
        migrate(&mut client)?;
        PgBackend::with(client)
    }

    fn with(mut client: Client) -> Result<PgBackend, ExchangeError> {
        let statements = Statements::prepare(&mut client).map_err(storage)?;
        Ok(PgBackend {
            client: Mutex::new(client),
            statements,
        })
    }

    fn client(&self) -> Result<std::sync::MutexGuard<'_, Client>, ExchangeError> {
        self.client.lock().map_err(|_| {
            ExchangeError::Storage("the database connection was lost in a panic".into())
        })
    }

    fn rows<T: DeserializeOwned + std::fmt::Debug>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<T>, ExchangeError> {
        self.client()?
            .query(sql, params)
            .map_err(storage)?
            .into_iter()
            .map(|r| r.try_get::<_, Json<T>>(0).map(|j| j.0).map_err(storage))
            .collect()
    }

    fn row<T: DeserializeOwned + std::fmt::Debug>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<T>, ExchangeError> {
        let row = self.client()?.query_opt(sql, params).map_err(storage)?;
        json_of(row)
    }
}

impl CentralBackend for PgBackend {
    /// An import ([`Scope::Workstation`]) runs READ COMMITTED under row locks: its workstation's state
    /// row for update (taken by its first read), and another workstation's for share before reading a
    /// member it issued; so imports of different workstations run side by side, and two of one queue.
    /// Anything else runs SERIALIZABLE. (Imports under SERIALIZABLE would conflict with each other
    /// through the members' index pages they both read and write, and run again: two at once took longer
    /// than one after the other.)
    fn transaction(
        &self,
        scope: Scope,
        work: &mut dyn FnMut(&mut dyn CentralTx) -> TxResult<()>,
    ) -> Result<(), ExchangeError> {
        let isolation = match scope {
            Scope::Workstation => IsolationLevel::ReadCommitted,
            Scope::Whole => IsolationLevel::Serializable,
        };
        let mut client = self.client()?;
        for attempt in 0..TRIES {
            if attempt > 0 {
                // Let the other transaction finish before trying again.
                std::thread::sleep(std::time::Duration::from_millis(u64::from(attempt.min(20))));
            }
            let mut t = client
                .build_transaction()
                .isolation_level(isolation)
                .start()
                .map_err(storage)?;
            let mut tx = PgTx {
                t: &mut t,
                s: &self.statements,
                scope,
                locked: BTreeSet::new(),
                pending: Pending::default(),
                fetched: Fetched::default(),
            };
            let outcome = work(&mut tx).and_then(|()| tx.flush());
            match outcome {
                Ok(()) => match t.commit() {
                    Ok(()) => return Ok(()),
                    Err(e) if is_conflict(&e) => continue,
                    Err(e) => return Err(storage(e)),
                },
                // Dropping the transaction rolls it back.
                Err(TxError::Conflict) => continue,
                Err(TxError::Refused(e)) => return Err(e),
                Err(TxError::Storage(e)) => return Err(ExchangeError::Storage(e)),
            }
        }
        Err(ExchangeError::Storage(format!(
            "the transaction conflicted with others {TRIES} times"
        )))
    }

    fn next_trust_number(&self) -> Result<u64, ExchangeError> {
        let row = self
            .client()?
            .query_one("SELECT nextval('trust_numbers')", &[])
            .map_err(storage)?;
        let n: i64 = row.try_get(0).map_err(storage)?;
        u64::try_from(n).map_err(|_| ExchangeError::Storage(format!("trust number {n}")))
    }

    fn office(&self, id: &str) -> Result<Option<OfficeState>, ExchangeError> {
        self.row("SELECT state FROM offices WHERE id = $1", &[&id])
    }

    fn batch(&self, id: &str, n: u64) -> Result<Option<BatchRecord>, ExchangeError> {
        self.row(
            "SELECT record FROM batches WHERE office = $1 AND batch = $2",
            &[&id, &int(n)?],
        )
    }

    fn outcomes(&self, id: &str, first: u64, last: u64) -> Result<Vec<AckRecord>, ExchangeError> {
        self.rows(
            "SELECT record FROM outcomes WHERE office = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq",
            &[&id, &int(first)?, &int(last)?],
        )
    }

    fn audit_entries(&self, id: &str) -> Result<Vec<ChainedEntry>, ExchangeError> {
        self.rows(
            "SELECT entry FROM audit WHERE office = $1 ORDER BY seq",
            &[&id],
        )
    }

    fn trusted(&self) -> Result<Vec<TrustRecord>, ExchangeError> {
        self.rows("SELECT record FROM trust ORDER BY n", &[])
    }

    fn last_reference(&self) -> Result<Option<IssuedReference>, ExchangeError> {
        self.row(
            "SELECT record FROM reference_issues WHERE name = 'last'",
            &[],
        )
    }

    fn stats(&self) -> Result<Stats, ExchangeError> {
        let row = self
            .client()?
            .query_one(
                "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM receipts), \
                 (SELECT coalesce(sum(r.total_kip), 0) FROM receipts r \
                   WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_no = r.receipt_no))::bigint, \
                 (SELECT count(*) FROM voids), (SELECT count(*) FROM batches), \
                 (SELECT count(*) FROM offices)",
                &[],
            )
            .map_err(storage)?;
        let count = |i: usize| -> Result<u64, ExchangeError> {
            let n: i64 = row.try_get(i).map_err(storage)?;
            u64::try_from(n).map_err(|_| ExchangeError::Storage(format!("count {n}")))
        };
        Ok(Stats {
            members: count(0)?,
            payments: count(1)?,
            kip: row.try_get(2).map_err(storage)?,
            voids: count(3)?,
            batches: count(4)?,
            offices: count(5)?,
        })
    }

    /// `report_totals` whole, and per trusted workstation its batches counted and its last batch's
    /// record (through the primary key of `batches`).
    fn report_rows(&self) -> Result<ReportRows, ExchangeError> {
        let mut client = self.client()?;
        let mut rows = ReportRows::default();
        for row in client
            .query(
                "SELECT workstation, month, members, payments, voids, kip FROM report_totals",
                &[],
            )
            .map_err(storage)?
        {
            let count = |i: usize| -> Result<u64, ExchangeError> {
                let n: i64 = row.try_get(i).map_err(storage)?;
                u64::try_from(n).map_err(|_| ExchangeError::Storage(format!("count {n}")))
            };
            rows.totals.push(TotalsRow {
                workstation: row.try_get(0).map_err(storage)?,
                month: row.try_get(1).map_err(storage)?,
                totals: Totals {
                    members: count(2)?,
                    payments: count(3)?,
                    voids: count(4)?,
                    kip: row.try_get(5).map_err(storage)?,
                },
            });
        }
        for row in client
            .query(
                "SELECT o.id, o.state, \
                   (SELECT count(*) FROM batches b WHERE b.office = o.id), \
                   (SELECT b.record FROM batches b WHERE b.office = o.id \
                     AND b.batch = (o.state->>'last_batch')::bigint) \
                 FROM offices o",
                &[],
            )
            .map_err(storage)?
        {
            let state: Json<OfficeState> = row.try_get(1).map_err(storage)?;
            let batches: i64 = row.try_get(2).map_err(storage)?;
            let last: Option<Json<BatchRecord>> = row.try_get(3).map_err(storage)?;
            rows.workstations.push(WorkstationBatches {
                workstation: row.try_get(0).map_err(storage)?,
                batches: u64::try_from(batches)
                    .map_err(|_| ExchangeError::Storage(format!("count {batches}")))?,
                last_batch: state.0.last_batch,
                last_received_at: last.and_then(|b| b.0.received_at),
                succeeded_by: state.0.succeeded_by,
            });
        }
        Ok(rows)
    }

    /// The member by its key, and their receipts through `receipts_by_member`.
    fn member_records(&self, member_no: &str) -> Result<Option<MemberRecords>, ExchangeError> {
        let Some(member) = self.row::<Member>(
            "SELECT record FROM members WHERE member_no = $1",
            &[&member_no],
        )?
        else {
            return Ok(None);
        };
        let mut payments = Vec::new();
        for row in self
            .client()?
            .query(
                "SELECT r.record, v.record FROM receipts r \
                 LEFT JOIN voids v ON v.receipt_no = r.receipt_no WHERE r.member_no = $1",
                &[&member_no],
            )
            .map_err(storage)?
        {
            let receipt: Json<Receipt> = row.try_get(0).map_err(storage)?;
            let void: Option<Json<Void>> = row.try_get(1).map_err(storage)?;
            payments.push((receipt.0, void.map(|v| v.0)));
        }
        Ok(Some(MemberRecords { member, payments }))
    }

    /// The same records and order as the sled backend's (`nssf_exchange::recover::sled_records`):
    /// numbers are selected by their issuer's `DDDD-WW-` prefix and checked again on the number.
    fn recover_records(&self, lineage: &[String]) -> Result<RecoverRecords, ExchangeError> {
        let mut records = RecoverRecords::default();
        let mut member_numbers = BTreeSet::new();
        for issuer in lineage {
            let prefix = format!("{issuer}-%");
            let mut client = self.client()?;
            for row in client
                .query(
                    "SELECT member_no FROM members WHERE member_no LIKE $1",
                    &[&prefix],
                )
                .map_err(storage)?
            {
                let no: String = row.try_get(0).map_err(storage)?;
                if member_issuer(&no).as_deref() == Some(issuer) {
                    member_numbers.insert(no);
                }
            }
            for row in client
                .query(
                    "SELECT r.record, v.record FROM receipts r \
                     LEFT JOIN voids v ON v.receipt_no = r.receipt_no WHERE r.receipt_no LIKE $1",
                    &[&prefix],
                )
                .map_err(storage)?
            {
                let receipt: Json<Receipt> = row.try_get(0).map_err(storage)?;
                let receipt = receipt.0;
                if receipt_issuer(&receipt.receipt_no).as_deref() != Some(issuer) {
                    continue;
                }
                let void: Option<Json<Void>> = row.try_get(1).map_err(storage)?;
                records.voids.extend(void.map(|v| v.0));
                member_numbers.insert(receipt.member_no.clone());
                records.receipts.push(receipt);
            }
        }
        let numbers: Vec<&String> = member_numbers.iter().collect();
        records.members = self.rows(
            "SELECT record FROM members WHERE member_no = ANY($1)",
            &[&numbers],
        )?;
        records
            .members
            .sort_by(|a: &Member, b| a.member_no.cmp(&b.member_no));
        records
            .receipts
            .sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no));
        records
            .voids
            .sort_by(|a, b| a.receipt_no.cmp(&b.receipt_no));
        for id in lineage.iter().rev() {
            let rows = self
                .client()?
                .query(
                    "SELECT r.entry, o.record FROM received r \
                     JOIN outcomes o ON o.office = r.office AND o.seq = r.seq \
                     WHERE r.office = $1 ORDER BY r.seq",
                    &[id],
                )
                .map_err(storage)?;
            for row in rows {
                let entry: Json<ChangeEntry> = row.try_get(0).map_err(storage)?;
                let outcome: Json<AckRecord> = row.try_get(1).map_err(storage)?;
                if !member_numbers.contains(&entry.0.key) || outcome.0.status != AckStatus::Accepted
                {
                    continue;
                }
                records.bases.extend(base_of(&entry.0));
            }
        }
        Ok(records)
    }
}
