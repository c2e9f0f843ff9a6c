//! A restore killed part-way (SIGKILL, as a power cut or a crash stops it) never leaves a half-restored
//! folder where the office is looked for: the restore is built beside the target under another name and
//! renamed into place only once whole and checked (issue 12). After the kill the target is absent, or it
//! is the whole successor office.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nssf_api::{Actor, Desk};

const PASSPHRASE: &str = "a long backup passphrase";
// With their payment history (about ten receipts each and the closed days): a restore long enough to
// kill at fractions of it.
const MEMBERS: u64 = 250;

fn nssf_desk(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command
        .args(["--lang", "en", "--data"])
        .arg(data)
        .args(args)
        .env("NSSF_DESK_BACKUP_PASSPHRASE", PASSPHRASE)
        .env_remove("NSSF_DESK_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn succeeded(args: &[&str], out: Output) {
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run(data: &Path, args: &[&str]) {
    succeeded(args, nssf_desk(data, args).output().expect("run nssf-desk"));
}

/// The office at `dir` is the whole successor: it opens, `check` finds it whole with every member.
fn whole_successor(dir: &Path) -> Result<(), String> {
    let desk = Desk::open(dir).map_err(|e| format!("does not open: {e}"))?;
    if desk.office().workstation != "02" {
        return Err(format!("workstation {}", desk.office().workstation));
    }
    let report = desk
        .check_store(&Actor::setup_user())
        .map_err(|e| e.to_string())?;
    let members = report.rows.get("members").copied().unwrap_or(0);
    if !report.whole || members != MEMBERS {
        return Err(format!("whole {}, {members} members", report.whole));
    }
    Ok(())
}

#[test]
fn a_restore_killed_part_way_leaves_no_half_office() {
    let root = tempfile::tempdir().expect("tempdir");
    let office = root.path().join("office");
    run(
        &office,
        &["init", "--office", "0101", "--workstation", "01"],
    );
    run(&office, &["demo", "--members", &MEMBERS.to_string()]);
    let backup = root.path().join("office.backup");
    let backup_arg = backup.to_str().expect("utf-8");
    run(&office, &["backup", "--out", backup_arg]);
    let restore = ["restore", "--from", backup_arg, "--workstation", "02"];

    // A whole restore, timed: the kills below land at fractions of it.
    let whole = root.path().join("whole");
    std::fs::create_dir(&whole).expect("mkdir");
    let started = Instant::now();
    run(&whole.join("office"), &restore);
    let took = started.elapsed();
    whole_successor(&whole.join("office")).expect("the restore whole");
    let names: Vec<_> = std::fs::read_dir(&whole)
        .expect("read")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["office"], "only the office, nothing beside it");

    let mut absent = 0;
    for eighth in 1..7u32 {
        let parent = root.path().join(format!("killed-{eighth}"));
        std::fs::create_dir(&parent).expect("mkdir");
        let target = parent.join("office");
        let mut child = nssf_desk(&target, &restore).spawn().expect("spawn");
        std::thread::sleep(took * eighth / 8);
        // SIGKILL; a restore that already finished is simply reaped.
        let _ = child.kill();
        let _ = child.wait();
        if target.exists() {
            // Give sled a moment: the killed process's lock goes with it.
            std::thread::sleep(Duration::from_millis(50));
            if let Err(why) = whole_successor(&target) {
                panic!("killed at {eighth}/8 of a restore: a half office at the target: {why}");
            }
        } else {
            absent += 1;
        }
    }
    eprintln!("restore_crash: a whole restore took {took:?}; {absent} of 6 kills left no office");
}
