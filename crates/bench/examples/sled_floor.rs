//! The floor under a durable sled 0.34 commit: what `k` keys written in one transaction, then sled's
//! flush and `sync_data` of its log (how the office store makes a write durable, `docs/reliability.md`),
//! cost on this disk, against the bare append + `sync_data` and SQLite (WAL, `synchronous=FULL`)
//! committing the same `k` rows. No store layout can make a registration cheaper than sled's commit of
//! the keys it writes, so this is where issue 13's "≤ 2× the bare fsync" goal is decided
//! (`docs/benchmarks.md`, "The floor of a durable sled commit").
//!
//! Both stores are filled with `rows` keys first (random, like member numbers: every commit lands in
//! pages spread over the tree). Samples are interleaved (bare, sled, SQLite, for each `k` in turn, round
//! after round, after as many untimed commits), so a busy moment of the machine falls on all three alike. sled's time is also split into its three steps.
//!
//! `cargo run --release -p nssf-bench --example sled_floor -- DIR [ROWS] [SAMPLES]`

use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};

/// Keys per commit: one key; a payment's 9 (`docs/store-layout.md`); a registration's 25.
const KEYS: [usize; 4] = [1, 3, 9, 25];

/// A key like a member number, spread over the whole tree.
fn key(state: &mut u64) -> String {
    // xorshift: no dependency for a benchmark's random numbers.
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    format!("0101-01-{:07}-{}", *state % 10_000_000, *state % 10)
}

/// Writes `keys` to SQLite in one transaction, committed (durable with `synchronous=FULL`).
fn sqlite_commit(sqlite: &Connection, keys: &[String], value: &[u8]) -> rusqlite::Result<()> {
    let tx = sqlite.unchecked_transaction()?;
    for key in keys {
        tx.execute(
            "INSERT OR REPLACE INTO rows VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    tx.commit()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: sled_floor DIR [ROWS] [SAMPLES]")?,
    );
    let rows: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let samples: usize = args.next().map_or(Ok(300), |a| a.parse())?;
    std::fs::create_dir_all(&dir)?;

    // sled with the office store's own settings (cache, segment size).
    let db = nssf_store::open_sled(&dir.join("sled"))?;
    let log = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join("sled").join("db"))?;
    let tree = db.open_tree("rows")?;
    let sqlite = Connection::open(dir.join("rows.db"))?;
    sqlite.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -262144;
         CREATE TABLE IF NOT EXISTS rows (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;",
    )?;
    let mut bare = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("bare.bin"))?;

    let value = vec![7u8; 120];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let loaded: Vec<String> = (0..rows).map(|_| key(&mut state)).collect();
    // The loads, each as one would bulk-load its store: sled in batches, SQLite in one transaction.
    let t = Instant::now();
    for chunk in loaded.chunks(10_000) {
        let mut batch = sled::Batch::default();
        for k in chunk {
            batch.insert(k.as_bytes(), value.as_slice());
        }
        tree.apply_batch(batch)?;
    }
    db.flush()?;
    log.sync_data()?;
    let sled_load = t.elapsed();
    let t = Instant::now();
    sqlite_commit(&sqlite, &loaded, &value)?;
    let sqlite_load = t.elapsed();
    std::process::Command::new("sync").status()?;
    let size = |p: PathBuf| -> u64 {
        std::fs::read_dir(&p).map_or_else(
            |_| std::fs::metadata(&p).map_or(0, |m| m.len()),
            |entries| {
                entries
                    .flatten()
                    .map(|e| e.metadata().map_or(0, |m| m.len()))
                    .sum()
            },
        )
    };
    println!(
        "{rows} rows of {} + 120 bytes: load sled {sled_load:.1?}, SQLite {sqlite_load:.1?} ({:.2}×); on disk sled {} MB, SQLite {} MB",
        loaded[0].len(),
        sled_load.as_secs_f64() / sqlite_load.as_secs_f64(),
        size(dir.join("sled")) / 1_000_000,
        (size(dir.join("rows.db")) + size(dir.join("rows.db-wal"))) / 1_000_000,
    );

    // Point reads of loaded keys, interleaved.
    let mut reads = (Vec::new(), Vec::new());
    let mut select = sqlite.prepare_cached("SELECT v FROM rows WHERE k = ?1")?;
    for _ in 0..samples * 10 {
        key(&mut state);
        let k = &loaded[(state % loaded.len() as u64) as usize];
        let t = Instant::now();
        let a = tree.get(k.as_bytes())?.map(|v| v.len());
        reads.0.push(t.elapsed());
        let t = Instant::now();
        let b: Option<usize> = select
            .query_row([k], |r| r.get::<_, Vec<u8>>(0))
            .map(|v| v.len())
            .ok();
        reads.1.push(t.elapsed());
        if a != b {
            return Err(format!("key {k}: sled {a:?}, SQLite {b:?}").into());
        }
    }
    drop(select);
    println!(
        "point read of a loaded key, {} samples: sled p50 {:.1?} p99 {:.1?}; SQLite p50 {:.1?} p99 {:.1?}",
        samples * 10,
        percentile(&mut reads.0, 0.5),
        percentile(&mut reads.0, 0.99),
        percentile(&mut reads.1, 0.5),
        percentile(&mut reads.1, 0.99),
    );
    // Untimed commits first: right after a bulk load sled is still consolidating pages and the OS
    // writing back, which would fall on whichever row came first.
    let commit = |k: usize, state: &mut u64| -> Result<[Duration; 3], Box<dyn std::error::Error>> {
        let keys: Vec<String> = (0..k).map(|_| key(state)).collect();
        let t = Instant::now();
        tree.transaction(|t| {
            for key in &keys {
                t.insert(key.as_bytes(), value.as_slice())?;
            }
            Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
        })
        .map_err(|e| format!("{e:?}"))?;
        let after_tx = t.elapsed();
        db.flush()?;
        let after_flush = t.elapsed();
        log.sync_data()?;
        Ok([after_tx, after_flush - after_tx, t.elapsed() - after_flush])
    };
    for _ in 0..samples {
        commit(9, &mut state)?;
    }
    // Rounds over every `k`, so that each row's samples spread over the whole run.
    let mut rows_of: Vec<[Vec<Duration>; 6]> = KEYS.iter().map(|_| Default::default()).collect();
    for _ in 0..samples {
        for (i, &k) in KEYS.iter().enumerate() {
            let [b, s, s_tx, s_flush, s_sync, q] = &mut rows_of[i];
            let t = Instant::now();
            bare.write_all(&[9u8; 1024])?;
            bare.sync_data()?;
            b.push(t.elapsed());

            let [tx, flush, sync] = commit(k, &mut state)?;
            s.push(tx + flush + sync);
            s_tx.push(tx);
            s_flush.push(flush);
            s_sync.push(sync);

            let keys: Vec<String> = (0..k).map(|_| key(&mut state)).collect();
            let t = Instant::now();
            sqlite_commit(&sqlite, &keys, &value)?;
            q.push(t.elapsed());
        }
    }
    // One bare figure from every round's samples: a bare sample right after SQLite's 25-row commit (the
    // first of each round) is slower than the others, which would flatter the 1-key row.
    let mut all_bare: Vec<Duration> = rows_of.iter().flat_map(|r| r[0].iter().copied()).collect();
    let b50 = percentile(&mut all_bare, 0.5);
    println!(
        "bare append + `sync_data` of 1 KB: p50 {b50:.1?} over {} samples",
        all_bare.len()
    );
    println!();
    println!("| keys per commit | sled commit p50 (transaction / flush / `sync_data`) | sled p99 | SQLite commit p50 | SQLite p99 | sled / bare p50 | sled / SQLite p50 |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (&k, [_, s, s_tx, s_flush, s_sync, q]) in KEYS.iter().zip(&mut rows_of) {
        let (s50, q50) = (percentile(s, 0.5), percentile(q, 0.5));
        println!(
            "| {k} | {s50:.1?} ({:.1?} / {:.1?} / {:.1?}) | {:.1?} | {q50:.1?} | {:.1?} | {:.2}× | {:.2}× |",
            percentile(s_tx, 0.5),
            percentile(s_flush, 0.5),
            percentile(s_sync, 0.5),
            percentile(s, 0.99),
            percentile(q, 0.99),
            s50.as_secs_f64() / b50.as_secs_f64(),
            s50.as_secs_f64() / q50.as_secs_f64(),
        );
    }
    Ok(())
}
