//! Stamps an office's store with an older schema version, so that the next open runs the migrations from
//! that version again: how the time and memory of a migration are measured on a store of any size
//! (`docs/reliability.md`, "Upgrading a large store").
//!
//! `cargo run --release -p nssf-store --example stamp_schema -- DATA 3`, then open the office
//! (`/usr/bin/time -v nssf-desk --data DATA check`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), Some(version)) = (args.next(), args.next()) else {
        eprintln!("usage: stamp_schema DATA_FOLDER VERSION");
        return ExitCode::from(2);
    };
    let Some(version) = version.to_str().and_then(|v| v.parse::<u64>().ok()) else {
        eprintln!("stamp_schema: VERSION must be a number");
        return ExitCode::from(2);
    };
    let stamped = nssf_store::Store::open(&PathBuf::from(dir))
        .and_then(|store| store.set_schema_version(version));
    match stamped {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stamp_schema: {e}");
            ExitCode::FAILURE
        }
    }
}
