//! What a sled 0.34 transaction costs per tree it names, against per key it writes: the measurement
//! behind `docs/store-layout.md`'s "What schema 5 did not change" (tree merges). The same keys (random,
//! like member and receipt numbers) are written in transactions over `trees` trees (one key each) and
//! over one tree (all the keys), with and without sled's flush + `sync_data` of its log after each, on a
//! store filled with `rows` keys first.
//!
//! `cargo run --release -p nssf-store --example tree_cost -- DIR [ROWS] [SAMPLES]`

use std::path::PathBuf;
use std::time::Instant;

use sled::Transactional;

/// A key like a member number under a prefix byte: spread over the whole tree.
fn key(state: &mut u64, prefix: u8) -> Vec<u8> {
    // xorshift: no dependency for a benchmark's random numbers.
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    let mut k = vec![prefix];
    k.extend_from_slice(format!("0101-01-{:07}-{}", *state % 10_000_000, *state % 10).as_bytes());
    k
}

fn percentile(samples: &mut [u128], p: f64) -> f64 {
    samples.sort_unstable();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i] as f64 / 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: tree_cost DIR [ROWS] [SAMPLES]")?);
    let rows: u64 = args.next().map_or(Ok(200_000), |a| a.parse())?;
    let samples: usize = args.next().map_or(Ok(500), |a| a.parse())?;
    const TREES: usize = 9;
    let db = sled::Config::new()
        .path(&dir)
        .cache_capacity(256 * 1024 * 1024)
        .open()?;
    let log = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join("db"))?;
    let trees: Vec<sled::Tree> = (0..TREES)
        .map(|i| db.open_tree(format!("t{i}")))
        .collect::<Result<_, _>>()?;
    let one = db.open_tree("one")?;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let value = vec![7u8; 120];
    for _ in 0..rows {
        let mut batch = sled::Batch::default();
        for (i, t) in trees.iter().enumerate() {
            t.insert(key(&mut state, 0), value.as_slice())?;
            batch.insert(key(&mut state, i as u8), value.clone());
        }
        one.apply_batch(batch)?;
    }
    db.flush()?;
    log.sync_data()?;
    println!(
        "{rows} rows × {TREES} trees and {} rows in one tree loaded",
        rows * TREES as u64
    );
    println!("| transaction | flush | p50 µs | p99 µs |");
    println!("|---|---|---:|---:|");
    for durable in [false, true] {
        let mut spread = Vec::with_capacity(samples);
        let mut merged = Vec::with_capacity(samples);
        for _ in 0..samples {
            let keys: Vec<Vec<u8>> = (0..TREES).map(|i| key(&mut state, i as u8)).collect();
            let t0 = Instant::now();
            (
                &trees[0], &trees[1], &trees[2], &trees[3], &trees[4], &trees[5], &trees[6],
                &trees[7], &trees[8],
            )
                .transaction(|(a, b, c, d, e, f, g, h, i)| {
                    for (t, k) in [a, b, c, d, e, f, g, h, i].into_iter().zip(&keys) {
                        t.insert(k.as_slice(), value.as_slice())?;
                    }
                    Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
                })
                .map_err(|e| format!("{e:?}"))?;
            if durable {
                db.flush()?;
                log.sync_data()?;
            }
            spread.push(t0.elapsed().as_nanos());
            let keys: Vec<Vec<u8>> = (0..TREES).map(|i| key(&mut state, i as u8)).collect();
            let t0 = Instant::now();
            one.transaction(|t| {
                for k in &keys {
                    t.insert(k.as_slice(), value.as_slice())?;
                }
                Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
            })
            .map_err(|e| format!("{e:?}"))?;
            if durable {
                db.flush()?;
                log.sync_data()?;
            }
            merged.push(t0.elapsed().as_nanos());
        }
        let flush = if durable { "flush + sync_data" } else { "none" };
        println!(
            "| {TREES} keys in {TREES} trees | {flush} | {:.1} | {:.1} |",
            percentile(&mut spread, 0.5),
            percentile(&mut spread, 0.99)
        );
        println!(
            "| {TREES} keys in 1 tree (prefix byte) | {flush} | {:.1} | {:.1} |",
            percentile(&mut merged, 0.5),
            percentile(&mut merged, 0.99)
        );
    }
    Ok(())
}
