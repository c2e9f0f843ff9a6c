//! The crash storm in CI: 50 kills (`NSSF_CRASH_KILLS` to change it, `NSSF_CRASH_SEED` to replay a seed) of a
//! child registering, amending, paying and voiding; after each kill every operation it reported done is
//! there, the indexes equal a rebuild, the change log has no hole and the audit chain verifies. The full run
//! (1,000 kills, release build) is `scripts/crash-storm.sh`.

#![cfg(unix)]

use std::time::Duration;

use nssf_bench::storm::{run, StormConfig};

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn nothing_reported_done_is_lost_to_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = from_env("NSSF_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let kills = from_env("NSSF_CRASH_KILLS").map_or(50, |k| k as u32);
    // Printed first, so a failing run can be replayed with NSSF_CRASH_SEED.
    eprintln!("crash storm seed {seed}, {kills} kills");
    let cfg = StormConfig {
        child_exe: env!("CARGO_BIN_EXE_nssf-bench").into(),
        data: dir.path().join("office"),
        kills,
        seed,
        max_window: Duration::from_millis(300),
    };
    let report = run(&cfg, &mut std::io::stderr()).expect("storm");
    eprintln!("{}", report.markdown());
    assert_eq!(report.kills, kills);
    assert!(report.passed(), "seed {seed}:\n{}", report.markdown());
    // The storm did something worth checking: each kind of operation was confirmed at least once.
    for kind in ["registrations", "amendments", "payments", "voids"] {
        assert!(
            report.confirmed.get(kind).copied().unwrap_or(0) > 0,
            "seed {seed}: no {kind} confirmed\n{}",
            report.markdown()
        );
    }
}
