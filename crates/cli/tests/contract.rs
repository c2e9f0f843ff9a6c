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

fn registered(registered_on: &str) -> (tempfile::TempDir, String) {
    let dir = office();
    let json = CHAO.replace("2026-11-20", registered_on);
    let out = run(dir.path(), &["register", "--json", "-"], Some(&json));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let number = text(&out.stdout).trim().to_owned();
    (dir, number)
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    text(&out.stdout)
}

#[test]
fn contributions_contract() {
    let (dir, number) = registered("2026-08-15");
    let d = dir.path();
    // Two months, arrears first.
    let out = run(
        d,
        &["pay", &number, "--months", "2", "--method", "cash"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let receipt = text(&out.stdout).trim().to_owned();
    assert!(
        nssf_api::nssf_domain::ReceiptNumber::parse(&receipt).is_some(),
        "{receipt}"
    );
    assert_eq!(text(&out.stdout), format!("{receipt}\n"));

    let out = run(d, &["coverage", &number, "--json"], None);
    let months: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let first = &months[0];
    assert_eq!(first["month"], "2026-08");
    assert_eq!(first["status"], "covered");
    assert_eq!(first["receipt"], serde_json::json!(receipt));
    assert_eq!(first["due_kip"], 225_000);
    assert_eq!(
        first.as_object().expect("object").len(),
        4,
        "exactly the contract's fields"
    );
    assert_eq!(months[2]["status"], "unpaid");
    assert_eq!(months[2]["receipt"], serde_json::Value::Null);

    // Refusals: exit 2, nothing stored.
    let check_refused = |args: &[&str]| {
        let out = run(d, args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    };
    check_refused(&[
        "pay", &number, "--from", "2026-09", "--to", "2026-10", "--method", "cash",
    ]); // covered
    check_refused(&[
        "pay", &number, "--from", "2026-12", "--to", "2026-11", "--method", "cash",
    ]); // invalid
    check_refused(&["pay", &number, "--months", "1", "--method", "bank"]); // no reference
    let after = run(d, &["coverage", &number, "--json"], None);
    assert_eq!(
        after.stdout,
        run(d, &["coverage", &number, "--json"], None).stdout
    );
    let covered = |json: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(json)
            .expect("json")
            .as_array()
            .expect("array")
            .iter()
            .filter(|m| m["status"] == "covered")
            .count()
    };
    assert_eq!(covered(&after.stdout), 2);

    let out = run(
        d,
        &["set-base", &number, "--kip", "3000000", "--from", "2026-11"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let months: serde_json::Value =
        serde_json::from_slice(&run(d, &["coverage", &number, "--json"], None).stdout)
            .expect("json");
    assert_eq!(months[3]["due_kip"], 270_000);

    let pdf = d.join("receipt.pdf");
    let out = run(
        d,
        &["receipt", &receipt, "--out", pdf.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = pdf_text(&pdf);
    assert!(
        t.contains("450,000") && t.contains("ສີ່ແສນຫ້າສິບພັນກີບຖ້ວນ") && t.contains(&receipt),
        "{t}"
    );
    let roll = d.join("roll.pdf");
    assert_eq!(
        run(
            d,
            &[
                "receipt",
                &receipt,
                "--out",
                roll.to_str().expect("utf-8"),
                "--format",
                "roll"
            ],
            None
        )
        .status
        .code(),
        Some(0)
    );
    assert!(pdf_text(&roll).contains("COPY"));

    assert_eq!(
        run(d, &["void", &receipt, "--reason", "wrong member"], None)
            .status
            .code(),
        Some(0)
    );
    let months: serde_json::Value =
        serde_json::from_slice(&run(d, &["coverage", &number, "--json"], None).stdout)
            .expect("json");
    assert_eq!(months[0]["status"], "unpaid", "a void reopens its months");

    let statement = d.join("statement.pdf");
    assert_eq!(
        run(
            d,
            &[
                "statement",
                &number,
                "--out",
                statement.to_str().expect("utf-8")
            ],
            None
        )
        .status
        .code(),
        Some(0)
    );
    assert!(pdf_text(&statement).contains(&number));

    // Close the day of a backdated payment, then nothing more can be dated into it.
    let out = run(
        d,
        &[
            "pay",
            &number,
            "--months",
            "1",
            "--method",
            "cash",
            "--on",
            "2026-11-20",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sheet = d.join("day.pdf");
    let out = run(
        d,
        &[
            "day-close",
            "--date",
            "2026-11-20",
            "--out",
            sheet.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(pdf_text(&sheet).contains("225,000"));
    check_refused(&[
        "pay",
        &number,
        "--months",
        "1",
        "--method",
        "cash",
        "--on",
        "2026-11-20",
    ]);
}

#[test]
fn cards_contract() {
    let (dir, number) = registered("2026-11-20");
    let d = dir.path();
    let photo = d.join("face.jpg");
    let made = Command::new("/usr/bin/convert")
        .args(["-size", "900x1200", "gradient:tan-navy"])
        .arg(&photo)
        .status()
        .expect("imagemagick is needed");
    assert!(made.success());
    assert_eq!(
        run(
            d,
            &["photo", &number, "--file", photo.to_str().expect("utf-8")],
            None
        )
        .status
        .code(),
        Some(0)
    );
    let junk = d.join("junk.jpg");
    std::fs::write(&junk, b"not an image").expect("write");
    let out = run(
        d,
        &[
            "--lang",
            "en",
            "photo",
            &number,
            "--file",
            junk.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("JPEG, PNG or WebP"));

    let card = d.join("card.pdf");
    assert_eq!(
        run(
            d,
            &["card", &number, "--out", card.to_str().expect("utf-8")],
            None
        )
        .status
        .code(),
        Some(0)
    );
    let info = Command::new("pdfinfo")
        .arg(&card)
        .output()
        .expect("pdfinfo");
    assert!(
        text(&info.stdout).contains("242.6"),
        "CR80 width in points: {}",
        text(&info.stdout)
    );
    assert!(pdf_text(&card).contains("ເຈົ້າ"));
    // A reprint without a reason is refused; with one it is issue 2.
    assert_eq!(
        run(
            d,
            &["card", &number, "--out", card.to_str().expect("utf-8")],
            None
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(
            d,
            &[
                "card",
                &number,
                "--out",
                card.to_str().expect("utf-8"),
                "--reason",
                "damaged"
            ],
            None
        )
        .status
        .code(),
        Some(0)
    );
    assert!(pdf_text(&card).contains("Issue 2"));

    let key = d.join("office.pub");
    assert_eq!(
        run(
            d,
            &["office-key", "--out", key.to_str().expect("utf-8")],
            None
        )
        .status
        .code(),
        Some(0)
    );
    let png = d.join("card");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(&card)
        .arg(&png)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let qr = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(d.join("card-1.png"))
        .output()
        .expect("zbarimg (zbar-tools) is needed");
    let payload = text(&qr.stdout).trim().to_owned();
    let out = run(
        d,
        &[
            "verify-card",
            "--key",
            key.to_str().expect("utf-8"),
            "--qr",
            &payload,
        ],
        None,
    );
    assert_eq!(
        (out.status.code(), text(&out.stdout)),
        (Some(0), format!("valid {number}\n"))
    );
    // One changed character is rejected.
    let last = payload.chars().last().expect("payload");
    let changed = format!(
        "{}{}",
        &payload[..payload.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    let out = run(
        d,
        &[
            "verify-card",
            "--key",
            key.to_str().expect("utf-8"),
            "--qr",
            &changed,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && !out.stderr.is_empty());

    // The print queue: a second member, then an A4 sheet of what is pending.
    let twin = CHAO
        .replace("123456789", "555666777")
        .replace("\"Chao\"", "\"Keo\"")
        .replace("ເຈົ້າ", "ແກ້ວ");
    let second = text(&run(d, &["register", "--json", "-"], Some(&twin)).stdout)
        .trim()
        .to_owned();
    let sheet = d.join("sheet.pdf");
    assert_eq!(
        run(
            d,
            &[
                "cards",
                "--pending",
                "--out",
                sheet.to_str().expect("utf-8")
            ],
            None
        )
        .status
        .code(),
        Some(0)
    );
    let t = pdf_text(&sheet);
    assert!(
        t.contains(&second) && !t.contains(&number),
        "only the pending member: {t}"
    );
    let both = format!("{number},{second}");
    assert_eq!(
        run(
            d,
            &[
                "cards",
                "--members",
                &both,
                "--out",
                sheet.to_str().expect("utf-8")
            ],
            None
        )
        .status
        .code(),
        Some(0)
    );
    let t = pdf_text(&sheet);
    assert!(t.contains(&second) && t.contains(&number));
}
