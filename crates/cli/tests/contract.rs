//! The CLI contract of the registration issue, exactly: names, flags, exit codes, JSON fields.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

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

const CHAO: &str = r#"{"title":"ms","given_name_lo":"ເຈົ້າ","family_name_lo":"ນ້ຳໃຈ","given_name_latin":"Chao",
"family_name_latin":"Namchai","sex":"female","date_of_birth":"1990-05-12","documents":[{"kind":"id_card","number":"123456789"}],
"phone":"020 5555 1234","village_code":"0101001","house_no":"12","occupation":"vendor","business_licence_no":"","tax_id":"",
"income_base_kip":2500000,"hospital":"MHS","consent":true,"registered_on":"2026-11-20"}"#;

fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        dir.path(),
        &["init", "--office", "0101", "--workstation", "01"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    dir
}

#[test]
fn register_show_search() {
    let dir = office();
    let file = dir.path().join("chao.json");
    std::fs::write(&file, CHAO).expect("write json");
    let out = run(
        dir.path(),
        &["register", "--json", file.to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let number = text(&out.stdout).trim().to_owned();
    assert!(
        nssf_api::nssf_domain::MemberNumber::parse(&number).is_ok(),
        "{number}"
    );
    assert_eq!(
        text(&out.stdout),
        format!("{number}\n"),
        "the number alone on stdout"
    );

    let out = run(dir.path(), &["show", &number, "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let input: serde_json::Value = serde_json::from_str(CHAO).expect("json");
    for (field, value) in input.as_object().expect("object") {
        let expected = match field.as_str() {
            "phone" => serde_json::json!("+8562055551234"),
            _ => value.clone(),
        };
        assert_eq!(shown[field], expected, "field {field}");
    }
    assert_eq!(shown["member_no"], serde_json::json!(number));

    let out = run(
        dir.path(),
        &["search", "namchai", "--limit", "5", "--json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(found[0]["member_no"], serde_json::json!(number));
    assert_eq!(found[0]["given_name_lo"], serde_json::json!("ເຈົ້າ"));
}

#[test]
fn exit_codes() {
    let dir = office();
    let first = run(dir.path(), &["register", "--json", "-"], Some(CHAO));
    assert_eq!(first.status.code(), Some(0));
    let number = text(&first.stdout).trim().to_owned();

    // Same ID document: exit 3, the existing number on stderr.
    let other = CHAO.replace("ເຈົ້າ", "ແກ້ວ").replace("\"Chao\"", "\"Keo\"");
    let out = run(dir.path(), &["register", "--json", "-"], Some(&other));
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains(&number));
    assert!(out.stdout.is_empty());

    // Same name and birth date, another document: exit 4 unless confirmed.
    let twin = CHAO.replace("123456789", "987654321");
    let out = run(dir.path(), &["register", "--json", "-"], Some(&twin));
    assert_eq!(out.status.code(), Some(4));
    let out = run(
        dir.path(),
        &["register", "--json", "-", "--confirm-duplicate"],
        Some(&twin),
    );
    assert_eq!(out.status.code(), Some(0));

    // Invalid input: exit 2, one localised line per problem, nothing stored.
    let bad = CHAO
        .replace("1990-05-12", "1990-02-30")
        .replace("\"MHS\"", "\"ZZZ\"")
        .replace("123456789", "555555");
    let out = run(
        dir.path(),
        &["--lang", "en", "register", "--json", "-"],
        Some(&bad),
    );
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<String> = text(&out.stderr).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "Date of birth: 1990-02-30 is not a real date.",
            "Hospital: Hospital ZZZ is not on this office’s list."
        ]
    );
    let out = run(dir.path(), &["register", "--json", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("ວັນເດືອນປີເກີດ: "),
        "Lao by default: {}",
        text(&out.stderr)
    );
    let out = run(dir.path(), &["register", "--json", "-"], Some("{not json"));
    assert_eq!(out.status.code(), Some(2));

    let out = run(dir.path(), &["search", "555555", "--json"], None);
    assert_eq!(
        text(&out.stdout).trim(),
        "[]",
        "nothing stored by refused registrations"
    );
}

#[test]
fn demo_is_deterministic_per_seed() {
    let a = office();
    let b = office();
    for dir in [&a, &b] {
        let out = run(
            dir.path(),
            &["demo", "--members", "40", "--seed", "9"],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let first = |dir: &Path| text(&run(dir, &["search", "0101-01-0000040", "--json"], None).stdout);
    let listed = first(a.path());
    assert!(listed.contains("given_name_lo"));
    assert_eq!(listed, first(b.path()));
}

#[test]
fn init_refuses_an_unknown_district() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        dir.path(),
        &[
            "--lang",
            "en",
            "init",
            "--office",
            "9999",
            "--workstation",
            "01",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("9999"));
}
