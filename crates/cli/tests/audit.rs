//! The CLI contract of the audit trail, run as a process: `audit verify` prints `intact N` and exits 0, or
//! prints `broken SEQ WHY`, says why on stderr in the user's language and exits 1; `audit list --json`
//! gives exactly the contract's fields, filtered by `--since` and `--actor`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_test_support::applicant;

fn run(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .arg("--data")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nssf-desk");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// (exit code, stdout, stderr).
fn outcome(out: &Output) -> (Option<i32>, String, String) {
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn ok(data: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let out = run(data, args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn office_today() -> chrono::NaiveDate {
    nssf_api::office_date(chrono::Utc::now())
}

/// An office with one member registered (six days ago) and her statement printed: two audit entries.
fn office_with_entries() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(
        d,
        &["init", "--office", "0101", "--workstation", "01"],
        None,
    );
    let registered_on = (office_today() - chrono::Days::new(6)).to_string();
    let json = applicant().registered_on(&registered_on).json();
    let number = ok(d, &["register", "--json", "-"], Some(&json))
        .trim()
        .to_owned();
    let pdf = d.join("statement.pdf");
    ok(
        d,
        &["statement", &number, "--out", pdf.to_str().expect("utf-8")],
        None,
    );
    (dir, number)
}

fn list(data: &Path, filters: &[&str]) -> Vec<serde_json::Value> {
    let args: Vec<&str> = ["audit", "list"]
        .iter()
        .chain(filters)
        .chain(&["--json"])
        .copied()
        .collect();
    serde_json::from_str(&ok(data, &args, None)).expect("a JSON array")
}

#[test]
fn audit_list_gives_the_contracts_fields() {
    let (dir, number) = office_with_entries();
    let entries = list(dir.path(), &[]);
    let fields: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| {
            e.as_object()
                .expect("object")
                .keys()
                .map(String::as_str)
                .collect()
        })
        .collect();
    let contract = vec![
        "action",
        "actor",
        "at",
        "detail",
        "hash",
        "prev_hash",
        "record",
        "seq",
    ];
    assert_eq!(fields, [contract.clone(), contract]);
    let summary: Vec<(u64, &str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().expect("seq"),
                e["actor"].as_str().expect("actor"),
                e["action"].as_str().expect("action"),
                e["record"].as_str().expect("record"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "setup", "registered", number.as_str()),
            (2, "setup", "statement-printed", number.as_str()),
        ]
    );
    assert_eq!(entries[0]["prev_hash"], "0".repeat(64));
    assert_eq!(entries[1]["prev_hash"], entries[0]["hash"]);
    assert_eq!(entries[1]["detail"], serde_json::json!([]));

    let check = |filters: &[&str], expected: &[u64]| {
        let seqs: Vec<u64> = list(dir.path(), filters)
            .iter()
            .map(|e| e["seq"].as_u64().expect("seq"))
            .collect();
        assert_eq!(seqs, expected, "{filters:?}");
    };
    let today = office_today().to_string();
    let tomorrow = (office_today() + chrono::Days::new(1)).to_string();
    check(&["--since", &today], &[1, 2]);
    check(&["--since", &tomorrow], &[]);
    check(&["--actor", "setup"], &[1, 2]);
    check(&["--actor", "noy"], &[]);
    let out = run(
        dir.path(),
        &[
            "--lang",
            "en",
            "audit",
            "list",
            "--since",
            "2026-02-30",
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// Replaces the actor of audit entry `seq` with sled directly, in the closed office's folder.
fn edit_actor(data: &Path, seq: u64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let db = loop {
        match nssf_store::open_sled(&data.join("db")) {
            Ok(db) => break db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("sled open: {e}"),
        }
    };
    let audit = db.open_tree("audit").expect("tree");
    let key = seq.to_be_bytes();
    let bytes = audit.get(key).expect("read").expect("the entry");
    let mut entry: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    entry["actor"] = "someone-else".into();
    audit
        .insert(key, serde_json::to_vec(&entry).expect("json"))
        .expect("write");
    db.flush().expect("flush");
}

#[test]
fn audit_verify_says_intact_or_names_the_entry_that_breaks_the_chain() {
    let (dir, _) = office_with_entries();
    let d = dir.path();
    assert_eq!(
        outcome(&run(d, &["audit", "verify"], None)),
        (Some(0), "intact 2\n".to_owned(), String::new())
    );
    edit_actor(d, 2);
    assert_eq!(
        outcome(&run(d, &["--lang", "en", "audit", "verify"], None)),
        (
            Some(1),
            "broken 2 edited\n".to_owned(),
            "The audit trail breaks at entry 2: it was changed after it was written.\n".to_owned()
        )
    );
    assert_eq!(
        outcome(&run(d, &["audit", "verify"], None)),
        (
            Some(1),
            "broken 2 edited\n".to_owned(),
            "ບັນທຶກການກວດສອບຂາດຕອນທີ່ລາຍການ 2: ລາຍການນີ້ຖືກແກ້ໄຂຫຼັງຈາກບັນທຶກແລ້ວ.\n".to_owned()
        )
    );
}
