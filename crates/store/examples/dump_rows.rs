//! Writes every row of an office's store as JSON: `{"schema": N, "trees": {TREE: [[KEY, VALUE], …]}}`,
//! keys and values as `{"text": …}` when they are UTF-8 without a control character, else `{"hex": …}`,
//! and values that are JSON as `{"json": …}`. It reads through `Store::backup_rows`, which copies rows
//! by tree name without knowing their layout, so a dump made by one version of the store can be compared
//! with what another version reads: `tests/fixtures/README.md` (the upgrade's fixture).
//!
//! `cargo run -p nssf-store --example dump_rows -- DATA > rows.json`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{json, Value};

/// A key or value as the dump writes it.
fn bytes(b: &[u8], as_json: bool) -> Value {
    if as_json && b.first() == Some(&b'{') {
        if let Ok(v) = serde_json::from_slice::<Value>(b) {
            return json!({ "json": v });
        }
    }
    match std::str::from_utf8(b) {
        Ok(t) if !t.chars().any(char::is_control) => json!({ "text": t }),
        _ => json!({ "hex": b.iter().map(|x| format!("{x:02x}")).collect::<String>() }),
    }
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: dump_rows DATA_FOLDER");
        return ExitCode::from(2);
    };
    let dumped = nssf_store::Store::open(&PathBuf::from(dir)).and_then(|store| {
        let mut trees: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for row in store.backup_rows() {
            let row = row?;
            trees
                .entry(row.tree)
                .or_default()
                .push(json!([bytes(&row.key, false), bytes(&row.value, true)]));
        }
        Ok(json!({ "schema": store.schema_version()?, "trees": trees }))
    });
    match dumped {
        Ok(dump) => match serde_json::to_string_pretty(&dump) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("dump_rows: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("dump_rows: {e}");
            ExitCode::FAILURE
        }
    }
}
