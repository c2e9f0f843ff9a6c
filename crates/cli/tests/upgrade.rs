//! The store's schema 5 upgrade through the command line, run as a process on a copy of the schema 4
//! fixture (`tests/fixtures/schema-4`): the first command upgrades the folder and answers as before; a
//! folder of a newer schema is refused with the localised reason and exit 1, nothing changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The fixture's staff (tests/fixtures/make-schema-4.sh): `noy` (cashier, clerk) and `admin`.
fn run_as(data: &Path, user: &str, args: &[&str]) -> Output {
    let password = if user == "admin" {
        "first-admin-pass"
    } else {
        "cashier-pass-1"
    };
    Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .arg("--data")
        .arg(data)
        .args(["--lang", "en", "--user", user])
        .args(args)
        .env("NSSF_DESK_PASSWORD", password)
        .stdin(Stdio::null())
        .output()
        .expect("run nssf-desk")
}

fn run(data: &Path, args: &[&str]) -> Output {
    run_as(data, "noy", args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn schema_4_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let fixture = PathBuf::from(manifest_dir()).join("../../tests/fixtures/schema-4/data");
    nssf_test_support::copy_dir(&fixture, dir.path());
    dir
}

fn backups(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("read")
        .filter(|e| {
            e.as_ref()
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .starts_with("before-upgrade-schema-4-")
        })
        .count()
}

#[test]
fn the_first_command_upgrades_a_schema_4_folder_and_answers_as_before() {
    let dir = schema_4_folder();
    let check_as = |user: &str, args: &[&str], expected_stdout: &str| {
        let out = run_as(dir.path(), user, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains(expected_stdout),
            "{args:?}: {expected_stdout:?} not in {stdout}"
        );
    };
    let check = |args: &[&str], expected_stdout: &str| check_as("noy", args, expected_stdout);
    check(&["show", "0101-01-0000001-1", "--json"], "\"Vilayphone\"");
    assert_eq!(backups(dir.path()), 1, "the pre-upgrade backup");
    check(&["search", "Vilaiphon", "--json"], "0101-01-0000001-1");
    check(&["search", "ທອງຈັນ", "--json"], "0101-01-0000002-2");
    check_as("admin", &["check"], "whole");
    assert_eq!(backups(dir.path()), 1, "upgraded once");
}

#[test]
fn a_folder_of_a_newer_schema_is_refused_with_the_reason() {
    let dir = schema_4_folder();
    let out = run(dir.path(), &["show", "0101-01-0000001-1", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A newer program's stamp, written with sled directly.
    {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let db = loop {
            match nssf_store::open_sled(&dir.path().join("db")) {
                Ok(db) => break db,
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                Err(e) => panic!("sled open: {e}"),
            }
        };
        db.open_tree("meta")
            .expect("meta")
            .insert("schema_version", &9u64.to_be_bytes())
            .expect("stamp");
        db.flush().expect("flush");
    }
    let out = run(dir.path(), &["show", "0101-01-0000001-1", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("written by a newer NSSF Desk (schema 9)"),
        "{stderr}"
    );
}

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
