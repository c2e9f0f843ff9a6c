//! The CLI contract of keys, run as a process: `office-key` and `central-key --import` print the key's
//! fingerprint alone on stdout; a different central office key needs `--replace`; a data folder whose
//! key is lost refuses to open and says to restore it from a backup.

use std::path::Path;
use std::process::{Command, Output};

use nssf_exchange::keys::{office_fingerprint, parse_office_key};
use nssf_exchange::CentralPublic;

fn run(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", lang])
        .args(args)
        .output()
        .expect("run nssf-desk")
}

fn ok(args: &[&str]) -> Output {
    let out = run("en", args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("utf-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The one stdout line `fingerprint XXXX-XXXX-…` (eight groups of four upper-case hex digits); the
/// fingerprint itself.
fn fingerprint_line(out: &Output) -> String {
    let text = stdout(out);
    let fingerprint = text
        .strip_prefix("fingerprint ")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("one line `fingerprint …` on stdout, got {text:?}"));
    let groups: Vec<&str> = fingerprint.split('-').collect();
    assert_eq!(groups.len(), 8, "{fingerprint}");
    assert!(
        groups
            .iter()
            .all(|g| g.len() == 4 && g.chars().all(|c| matches!(c, '0'..='9' | 'A'..='F'))),
        "{fingerprint}"
    );
    fingerprint.to_owned()
}

fn office(tmp: &Path) -> String {
    let dir = tmp.join("office");
    ok(&[
        "--data",
        p(&dir),
        "init",
        "--office",
        "0101",
        "--workstation",
        "01",
    ]);
    p(&dir).to_owned()
}

/// A central office's public-key file and its fingerprint as the library computes it.
fn central(tmp: &Path, name: &str) -> (String, String) {
    let dir = tmp.join(name);
    let file = tmp.join(format!("{name}.key"));
    ok(&["central", "--data", p(&dir), "init"]);
    ok(&["central", "--data", p(&dir), "key", "--out", p(&file)]);
    let text = std::fs::read_to_string(&file).expect("key file");
    let fingerprint = CentralPublic::parse(&text).expect("parse").fingerprint();
    (p(&file).to_owned(), fingerprint)
}

#[test]
fn office_key_prints_its_fingerprint() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = office(tmp.path());
    let file = tmp.path().join("office.key");
    let out = ok(&["--data", &o, "office-key", "--out", p(&file)]);
    let (id, key) = parse_office_key(&std::fs::read_to_string(&file).expect("key file"))
        .expect("office key file");
    assert_eq!(id, "0101-01");
    assert_eq!(fingerprint_line(&out), office_fingerprint(&key));
    // Exported again, the same key and the same line.
    assert_eq!(
        stdout(&ok(&["--data", &o, "office-key", "--out", p(&file)])),
        stdout(&out)
    );
}

#[test]
fn central_key_import_prints_its_fingerprint_and_replaces_only_with_replace() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = office(tmp.path());
    let (a, a_fingerprint) = central(tmp.path(), "central-a");
    let (b, b_fingerprint) = central(tmp.path(), "central-b");

    let first = ok(&["--data", &o, "central-key", "--import", &a]);
    assert_eq!(fingerprint_line(&first), a_fingerprint);
    // The same key again: nothing to do, the same line.
    let again = ok(&["--data", &o, "central-key", "--import", &a]);
    assert_eq!(fingerprint_line(&again), a_fingerprint);

    for lang in ["en", "lo"] {
        let refused = run(lang, &["--data", &o, "central-key", "--import", &b]);
        assert_eq!(refused.status.code(), Some(1), "{lang}");
        assert!(refused.stdout.is_empty(), "{lang}: nothing on stdout");
        let message = stderr(&refused);
        assert!(
            message.contains(&a_fingerprint) && message.contains("--replace"),
            "{lang}: the installed key's fingerprint and how to replace it: {message}"
        );
    }
    // Still key A: importing it again changes nothing.
    let still = ok(&["--data", &o, "central-key", "--import", &a]);
    assert_eq!(fingerprint_line(&still), a_fingerprint);

    let replaced = ok(&["--data", &o, "central-key", "--import", &b, "--replace"]);
    assert_eq!(fingerprint_line(&replaced), b_fingerprint);
    assert!(
        stderr(&replaced).contains(&a_fingerprint),
        "{}",
        stderr(&replaced)
    );
    let now_b = ok(&["--data", &o, "central-key", "--import", &b]);
    assert_eq!(fingerprint_line(&now_b), b_fingerprint);
}

#[test]
fn a_lost_office_key_refuses_to_open_and_says_restore_from_backup() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = office(tmp.path());
    let key = Path::new(&o).join("office-key.ed25519");
    std::fs::remove_file(&key).expect("delete the key");
    let check = |lang: &str, backup: &str| {
        let out = run(lang, &["--data", &o, "pending", "--json"]);
        assert_eq!(out.status.code(), Some(1), "{lang}");
        assert!(out.stdout.is_empty(), "{lang}: nothing on stdout");
        let message = stderr(&out);
        assert!(
            message.contains(p(&key)) && message.contains(backup),
            "{lang}: {message}"
        );
    };
    check("en", "backup");
    check("lo", "ສຳຮອງ");
    assert!(!key.exists(), "no new key was made");
}
