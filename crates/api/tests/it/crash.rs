//! A registration reported as saved survives `kill -9` of the process right after.
//!
//! The test re-runs this test binary as a child that registers applicants in a loop and prints each member
//! number only after `register` returned; the parent kills it with SIGKILL mid-stream, reopens the store and
//! checks that every printed number is there, with consistent indexes.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use nssf_api::{Actor, Desk};

use crate::{applicant, now};

const CHILD_ENV: &str = "NSSF_CRASH_CHILD_DIR";

#[test]
fn crash_child() {
    // Only does something when started by `saved_registrations_survive_kill_9`.
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let desk = Desk::open(std::path::Path::new(&dir)).expect("open");
    for i in 0.. {
        let draft = applicant()
            .given("ສົມສັກ", "Somsak")
            .family("", "")
            .id_card(&format!("K{i:07}"))
            .draft();
        let view = desk
            .register(&Actor::setup_user(), &draft, true, now())
            .expect("register");
        println!("{}", view.member.member_no);
    }
}

#[test]
fn saved_registrations_survive_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = nssf_api::OfficeSetup {
        district_code: "0101".into(),
        workstation: "02".into(),
    };
    drop(Desk::init(dir.path(), &setup, &Actor::setup_user(), now()).expect("init"));

    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "crash::crash_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let mut saved = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while saved.len() < 40 {
        match lines.next() {
            Some(Ok(line)) if line.contains('-') && line.len() == 17 => saved.push(line),
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("reading child: {e}"),
            None => panic!("child ended early after {} registrations", saved.len()),
        }
    }
    child.kill().expect("SIGKILL"); // std's kill() is SIGKILL on Unix
    let _ = child.wait();

    let desk = Desk::open(dir.path()).expect("reopen after kill -9");
    for no in &saved {
        assert!(
            desk.member(&Actor::setup_user(), no).is_ok(),
            "{no} was reported saved but is missing"
        );
    }
    drop(desk);
    let store = crate::reopen_store(dir.path());
    assert_eq!(
        store.index_contents().expect("read"),
        store.index_report().expect("rebuild")
    );
    assert_eq!(
        store.changes_after(0).count(),
        store.member_count(),
        "one change per registration"
    );
}
