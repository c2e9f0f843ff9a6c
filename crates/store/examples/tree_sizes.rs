//! Per tree of an office store: rows, and the bytes of its keys and values, against the size of sled's
//! file: how much of a store's disk is data and how much is sled's own (old page versions kept in its log
//! until segments are cleaned), for `docs/benchmarks.md`.
//!
//! `cargo run --release -p nssf-store --example tree_sizes -- DATA`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: tree_sizes DATA_FOLDER");
        return ExitCode::from(2);
    };
    let counted = nssf_store::Store::open(&dir).map(|store| {
        let mut trees: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
        for row in store.backup_rows() {
            let Ok(row) = row else { continue };
            let t = trees.entry(row.tree).or_default();
            t.0 += 1;
            t.1 += row.key.len() as u64;
            t.2 += row.value.len() as u64;
        }
        trees
    });
    let trees = match counted {
        Ok(trees) => trees,
        Err(e) => {
            eprintln!("tree_sizes: {e}");
            return ExitCode::FAILURE;
        }
    };
    let file = std::fs::metadata(dir.join("db").join("db")).map_or(0, |m| m.len());
    println!("| tree | rows | key bytes | value bytes | MB |");
    println!("|---|---:|---:|---:|---:|");
    let mut total = 0;
    for (name, (rows, keys, values)) in &trees {
        total += keys + values;
        let mb = (keys + values) as f64 / 1e6;
        println!("| {name} | {rows} | {keys} | {values} | {mb:.1} |");
    }
    println!(
        "| all trees | | | | {:.1} |\n\nsled's file `db/db`: {:.1} MB ({:.1}× the rows' bytes)",
        total as f64 / 1e6,
        file as f64 / 1e6,
        file as f64 / total.max(1) as f64
    );
    ExitCode::SUCCESS
}
