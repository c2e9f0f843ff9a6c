//! Steps 1 and 2 of a registration run: the bulk loads. N demo applicants go into nssf through
//! `Desk::register_bulk` with one flush at the end, then the same members, read back from the nssf store
//! outside the timer, into SQLite in one transaction.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use nssf_api::demo::DemoApplicants;
use nssf_api::{Actor, Desk};
use nssf_domain::Draft;
use nssf_store::{AuditAction, Store};
use rusqlite::{params, Connection};

use crate::registration::{log, Config};
use crate::sqlite;

/// What the nssf load did and took.
#[derive(Debug)]
pub(crate) struct NssfLoad {
    /// The member numbers issued, in order.
    pub(crate) numbers: Vec<String>,
    /// `register_bulk` calls and the final flush.
    pub(crate) load: Duration,
    /// The final flush alone.
    pub(crate) flush: Duration,
    /// Demo draft generation, on its own thread and not part of `load`.
    pub(crate) generation: Duration,
    /// The generator, to go on with new applicants of the same distribution.
    pub(crate) applicants: DemoApplicants,
}

/// Registers `cfg.members` demo applicants through `Desk::register_bulk`, then flushes once. Drafts are
/// generated in chunks outside the timer, on their own thread a chunk ahead of the loader: the demo
/// generator is not the store (its cost is reported separately).
pub(crate) fn nssf(
    cfg: &Config,
    desk: &Desk,
    actor: &Actor,
    now: DateTime<Utc>,
    mut applicants: DemoApplicants,
) -> Result<NssfLoad> {
    let mut numbers: Vec<String> = Vec::with_capacity(cfg.members as usize);
    let mut load = Duration::ZERO;
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Vec<Draft>>(2);
    let total = cfg.members;
    let generator = std::thread::spawn(move || {
        let mut generation = Duration::ZERO;
        let mut left = total;
        while left > 0 {
            let n = left.min(10_000);
            left -= n;
            let t = Instant::now();
            let drafts: Vec<Draft> = (0..n).map(|_| applicants.next_draft()).collect();
            generation += t.elapsed();
            if chunks_tx.send(drafts).is_err() {
                break;
            }
        }
        (applicants, generation)
    });
    for drafts in chunks_rx {
        let t = Instant::now();
        for draft in &drafts {
            let no = desk
                .register_bulk(actor, draft, now)
                .map_err(|e| anyhow::anyhow!("register_bulk: {e}"))?;
            numbers.push(no);
        }
        load += t.elapsed();
        if cfg.verbose && numbers.len().is_multiple_of(100_000) {
            log(
                cfg,
                format!(
                    "  nssf {} loaded, {load:.1?} in register_bulk",
                    numbers.len()
                ),
            );
        }
    }
    let (applicants, generation) = generator
        .join()
        .map_err(|_| anyhow::anyhow!("the draft generator panicked"))?;
    let flush_started = Instant::now();
    desk.flush()
        .map_err(|e| anyhow::anyhow!("final flush: {e}"))?;
    let flush = flush_started.elapsed();
    load += flush;
    log(
        cfg,
        format!(
            "nssf load: {load:.2?} (final flush {flush:.2?}); draft generation {generation:.2?}"
        ),
    );
    Ok(NssfLoad {
        numbers,
        load,
        flush,
        generation,
        applicants,
    })
}

/// Loads the members `numbers` into SQLite in one transaction (schema included); returns the time spent
/// in SQLite, not reading the records back from nssf.
pub(crate) fn sqlite(
    cfg: &Config,
    store: &Store,
    db: &mut Connection,
    numbers: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Duration> {
    let mut load = Duration::ZERO;
    let t = Instant::now();
    sqlite::create_schema(db)?;
    let tx = db.transaction()?;
    load += t.elapsed();
    const CHUNK: usize = 10_000;
    for (c, chunk) in numbers.chunks(CHUNK).enumerate() {
        let mut members = Vec::with_capacity(chunk.len());
        for no in chunk {
            members.push(
                store
                    .member(no)?
                    .with_context(|| format!("member {no} missing from nssf"))?,
            );
        }
        let t = Instant::now();
        for m in &members {
            sqlite::insert_member(&tx, m, &actor.staff_id, now, AuditAction::Registered)?;
        }
        load += t.elapsed();
        if cfg.verbose && ((c + 1) * CHUNK).is_multiple_of(100_000) {
            log(
                cfg,
                format!(
                    "  sqlite {} loaded, {:.1?} inserting",
                    (c + 1) * CHUNK,
                    load
                ),
            );
        }
    }
    let t = Instant::now();
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE name = 'counter/member'",
        params![numbers.len() as i64],
    )?;
    tx.commit()?;
    db.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")?;
    load += t.elapsed();
    log(cfg, format!("sqlite load: {load:.2?}"));
    Ok(load)
}
