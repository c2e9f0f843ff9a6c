//! The CLI contract of the registration issue, exactly: names, flags, exit codes, JSON fields.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_test_support::{applicant, Applicant};

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

/// Today at the office (Vientiane, UTC+7), as the command line sees it: the rules on dates are relative to
/// it, so the tests are too.
fn office_today() -> chrono::NaiveDate {
    nssf_api::office_date(chrono::Utc::now())
}

/// The day `days` before today at the office, `YYYY-MM-DD`.
fn days_ago(days: u64) -> String {
    (office_today() - chrono::Days::new(days)).to_string()
}

/// The month `back` months before this one, `YYYY-MM`; negative `back` is after it.
fn month_back(back: i32) -> String {
    use chrono::Datelike;
    let today = office_today();
    let index = today.year() * 12 + today.month0() as i32 - back;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The shared applicant as a script sends her: with a phone, registered six days ago.
fn chao() -> Applicant {
    applicant()
        .phone("020 5555 1234")
        .registered_on(&days_ago(6))
}

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
    std::fs::write(&file, chao().json()).expect("write json");
    let out = run(
        dir.path(),
        &["register", "--json", file.to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The office's first member number (district, workstation, counter, check digit), alone on stdout.
    assert_eq!(text(&out.stdout), "0101-01-0000001-1\n");
    let number = "0101-01-0000001-1";

    let out = run(dir.path(), &["show", number, "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let input: serde_json::Value = serde_json::from_str(&chao().json()).expect("json");
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
    // Each hit says why it matched (docs/search.md).
    for (query, matched) in [
        ("namchai", "folded"),
        ("Namchai", "exact"),
        ("Namjai", "phonetic"),
        ("Namchia", "typo"),
        (number, "number"),
    ] {
        let out = run(dir.path(), &["search", query, "--json"], None);
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            (&found[0]["member_no"], &found[0]["matched"]),
            (&serde_json::json!(number), &serde_json::json!(matched)),
            "{query}"
        );
    }
}

#[test]
fn exit_codes() {
    let dir = office();
    let first = run(
        dir.path(),
        &["register", "--json", "-"],
        Some(&chao().json()),
    );
    assert_eq!(first.status.code(), Some(0));
    let number = text(&first.stdout).trim().to_owned();

    // Same ID document: exit 3, the existing number on stderr.
    let other = chao().given("ແກ້ວ", "Keo").json();
    let out = run(dir.path(), &["register", "--json", "-"], Some(&other));
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains(&number));
    assert!(out.stdout.is_empty());

    // Same name and birth date, another document: exit 4 unless confirmed.
    let twin = chao().id_card("987654321").json();
    let out = run(dir.path(), &["register", "--json", "-"], Some(&twin));
    assert_eq!(out.status.code(), Some(4));
    let out = run(
        dir.path(),
        &["register", "--json", "-", "--confirm-duplicate"],
        Some(&twin),
    );
    assert_eq!(out.status.code(), Some(0));
    // A variant spelling born the same day: exit 4 too, the candidates named on stderr.
    let variant = chao()
        .given("ເຈົາ", "Jao")
        .family("ນ້ຳໃຈ", "Namjai")
        .id_card("135792468")
        .json();
    let out = run(dir.path(), &["register", "--json", "-"], Some(&variant));
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains(&number), "{}", text(&out.stderr));

    // Invalid input: exit 2, one localised line per problem, nothing stored.
    let bad = chao()
        .born("1990-02-30")
        .hospital("ZZZ")
        .id_card("555555")
        .json();
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
            "Date of birth: 30/02/1990 is not a real date.",
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

/// Registration details a clerk would catch: a refusal is exit 2 with one localised line per problem and
/// nothing stored; a number of Laos's numbering plan that a hand-kept table refused registers.
#[test]
fn register_checks_details_a_clerk_would() {
    let dir = office();
    let form = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut form: serde_json::Value = serde_json::from_str(&chao().json()).expect("json");
        change(&mut form);
        form.to_string()
    };
    let check = |lang: &str, form: String, expected_code: i32, expected: &[&str]| {
        let out = run(
            dir.path(),
            &["--lang", lang, "register", "--json", "-"],
            Some(&form),
        );
        assert_eq!(out.status.code(), Some(expected_code), "{form}");
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines, expected, "{form}");
    };
    check(
        "en",
        form(&|f| {
            f["title"] = "mr".into();
            f["documents"] = serde_json::json!([{"kind": "passport", "number": "H1"}]);
        }),
        2,
        &[
            "Title: The title does not match the sex: Mr for a man, Ms for a woman.",
            "ID documents (documents.0.number): This number must have 3 to 20 letters or digits (it has 2).",
        ],
    );
    check(
        "lo",
        form(&|f| {
            f["dependants"] = serde_json::json!([
                {"name": "ບຸນມີ", "relation": "spouse", "date_of_birth": "1988-01-01"},
                {"name": "ບຸນມາ", "relation": "child", "date_of_birth": "1985-01-01"},
                {"name": "ບຸນຍັງ", "relation": "spouse", "date_of_birth": "1989-01-01"},
            ]);
        }),
        2,
        &[
            "ຜູ້ຢູ່ໃນອຸປະການ (dependants.1.date_of_birth): ລູກຕ້ອງເກີດຫຼັງສະມາຊິກ (ສະມາຊິກເກີດວັນທີ 12/05/1990).",
            "ຜູ້ຢູ່ໃນອຸປະການ (dependants.2.relation): ສະມາຊິກມີຄູ່ຄອງໄດ້ບໍ່ເກີນໜຶ່ງຄົນ.",
        ],
    );
    let out = run(dir.path(), &["search", "123456789", "--json"], None);
    assert_eq!(text(&out.stdout).trim(), "[]", "nothing stored by refusals");
    // A ten-digit 030 mobile, refused before libphonenumber's metadata decided.
    let out = run(
        dir.path(),
        &["register", "--json", "-"],
        Some(&form(&|f| f["phone"] = "030 2123 4567".into())),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let number = text(&out.stdout).trim().to_owned();
    let out = run(dir.path(), &["show", &number, "--json"], None);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(shown["phone"], "+8563021234567");
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
    // The payment history too: the same report and the same arrears list, and someone owes.
    let to = nssf_api::office_date(chrono::Utc::now()).to_string();
    let outputs = |dir: &Path| {
        [
            vec!["report", "--from", "2024-10-01", "--to", &to, "--json"],
            vec!["arrears", "--min-months", "1", "--json"],
        ]
        .map(|args| {
            let out = run(dir, &args, None);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            text(&out.stdout)
        })
    };
    let [report, arrears] = outputs(a.path());
    assert_eq!([report.clone(), arrears.clone()], outputs(b.path()));
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert!(report["payments"].as_u64() > Some(40), "{report}");
    assert!(arrears.contains("unpaid_months"), "{arrears}");
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

/// A member registered on `registered_on`, with a supervisor's leave when that is long ago.
fn registered(registered_on: &str) -> (tempfile::TempDir, String) {
    let dir = office();
    let json = chao().registered_on(registered_on).json();
    let out = run(
        dir.path(),
        &["register", "--json", "-", "--allow-backdate"],
        Some(&json),
    );
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
    // Registered on the 15th three months ago: months[0] is that month, months[3] this one.
    let (dir, number) = registered(&format!("{}-15", month_back(3)));
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
    assert_eq!(first["month"], serde_json::json!(month_back(3)));
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

    // Refusals: exit 2, the reason on stderr, nothing stored.
    let check_refused = |args: &[&str], reason: &str| {
        let out = run(d, &[&["--lang", "en"], args].concat(), None);
        assert_eq!(
            (out.status.code(), text(&out.stdout), text(&out.stderr)),
            (Some(2), String::new(), format!("{reason}\n")),
            "{args:?}"
        );
    };
    check_refused(
        &[
            "pay",
            &number,
            "--from",
            &month_back(2),
            "--to",
            &month_back(1),
            "--method",
            "cash",
        ],
        &format!(
            "Months: {} is already paid by receipt {receipt}.",
            shown(&month_back(2))
        ),
    );
    check_refused(
        &[
            "pay",
            &number,
            "--from",
            &month_back(-1),
            "--to",
            &month_back(0),
            "--method",
            "cash",
        ],
        &format!(
            "Months: The months {} to {} are not a valid range.",
            shown(&month_back(-1)),
            shown(&month_back(0))
        ),
    );
    check_refused(
        &["pay", &number, "--months", "1", "--method", "bank"],
        "Reference: Enter the bank or mobile-money reference.",
    );
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
        &[
            "set-base",
            &number,
            "--kip",
            "3000000",
            "--from",
            &month_back(0),
        ],
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

    // Close the day of a backdated payment (within the week allowed), then nothing more can be dated into it.
    let backdated = days_ago(3);
    let out = run(
        d,
        &[
            "pay", &number, "--months", "1", "--method", "cash", "--on", &backdated,
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
            &backdated,
            "--out",
            sheet.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(pdf_text(&sheet).contains("225,000"));
    check_refused(
        &[
            "pay", &number, "--months", "1", "--method", "cash", "--on", &backdated,
        ],
        &format!(
            "The day {} is closed: no payment or void can be dated into it.",
            shown(&backdated)
        ),
    );
}

#[test]
fn cards_contract() {
    let (dir, number) = registered(&days_ago(6));
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
        (
            Some(0),
            format!("valid {number}\nname ເຈົ້າ ນ້ຳໃຈ\nborn 12/05/1990\nissue 2\n")
        )
    );
    // One changed character of the signature is rejected. The first character after the last `:` is
    // changed: it carries five whole bits of the signature, so any other base32 letter is still well-formed
    // base32 (the last character is not: its low bits are padding, and changing them is malformed).
    let at = payload.rfind(':').expect("signature separator") + 1;
    let first = payload[at..].chars().next().expect("signature");
    let changed = format!(
        "{}{}{}",
        &payload[..at],
        if first == 'A' { 'B' } else { 'A' },
        &payload[at + 1..]
    );
    let out = run(
        d,
        &[
            "--lang",
            "en",
            "verify-card",
            "--key",
            key.to_str().expect("utf-8"),
            "--qr",
            &changed,
        ],
        None,
    );
    assert_eq!(
        (out.status.code(), text(&out.stdout), text(&out.stderr)),
        (
            Some(1),
            String::new(),
            "The signature does not match: the card code was altered or forged.\n".to_owned()
        )
    );

    // The print queue: a second member, then an A4 sheet of what is pending.
    let twin = chao().id_card("555666777").given("ແກ້ວ", "Keo").json();
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

/// The QR text of a card PDF, decoded from a 300 dpi render as a scanner reads it.
fn card_qr(pdf: &Path) -> String {
    let prefix = pdf.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(status.success());
    let qr = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(prefix.with_extension("png"))
        .output()
        .expect("zbarimg (zbar-tools) is needed");
    assert!(qr.status.success(), "no code in {}", pdf.display());
    text(&qr.stdout).trim_end_matches('\n').to_owned()
}

/// A card the previous release printed (`NSSF1`, no holder), and the key file of its office: made with
/// a fixed seed (`[7; 32]`), never a real office's key.
const LEGACY_KEY: &str =
    "NSSF-OFFICE-KEY 1\noffice 0101-01\ned25519 6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=\n";
const LEGACY_QR: &str = "NSSF1;0101-01-0000001-1;2026-11-26;2;0101-01;E9gRd1zdKEUvg-yi6v__SkRr2OcG_Gw9NOjQvQSsKY-4V3_2WWlNwyRDkWtXyBpAE48hLca7Ictpx6a6himbDA";

/// `verify-card`: the holder's lines, tampering through the real binary, legacy cards, and a card replaced
/// by a reprint when the issuing office's data is at hand.
#[test]
fn verify_card_contract() {
    let (dir, number) = registered(&days_ago(6));
    let d = dir.path();
    let photo = |name: &str, gradient: &str| {
        let path = d.join(name);
        let made = Command::new("/usr/bin/convert")
            .args(["-size", "900x1200", gradient])
            .arg(&path)
            .status()
            .expect("imagemagick is needed");
        assert!(made.success());
        path.to_str().expect("utf-8").to_owned()
    };
    let card = |data: &Path, member: &str, name: &str, reason: Option<&str>| {
        let pdf = data.join(name);
        let mut args = vec!["card", member, "--out", pdf.to_str().expect("utf-8")];
        args.extend(reason.map(|r| ["--reason", r]).into_iter().flatten());
        let out = run(data, &args, None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        card_qr(&pdf)
    };
    let office_key = |data: &Path| {
        let key = data.join("office.pub");
        let out = run(
            data,
            &["office-key", "--out", key.to_str().expect("utf-8")],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        key
    };
    let chao_photo = photo("chao.jpg", "gradient:tan-navy");
    assert_eq!(
        run(d, &["photo", &number, "--file", &chao_photo], None)
            .status
            .code(),
        Some(0)
    );
    let first = card(d, &number, "first.pdf", None);
    let current = card(d, &number, "second.pdf", Some("lost"));
    let key = office_key(d);
    let keo_json = chao()
        .id_card("555666777")
        .given("ແກ້ວ", "Keo")
        .born("1984-02-29")
        .json();
    let keo = text(&run(d, &["register", "--json", "-"], Some(&keo_json)).stdout)
        .trim()
        .to_owned();
    let keo_photo = photo("keo.jpg", "gradient:navy-gold");
    assert_eq!(
        run(d, &["photo", &keo, "--file", &keo_photo], None)
            .status
            .code(),
        Some(0)
    );
    let keo_qr = card(d, &keo, "keo.pdf", None);

    let other_dir = tempfile::tempdir().expect("tempdir");
    let other = other_dir.path();
    let out = run(
        other,
        &["init", "--office", "0102", "--workstation", "01"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(other, &["register", "--json", "-"], Some(&chao().json()));
    let other_no = text(&out.stdout).trim().to_owned();
    let other_qr = card(other, &other_no, "other.pdf", None);
    let other_key = office_key(other);

    // Not an office folder: the check stops at the signature.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let offline = elsewhere.path();
    let legacy_key = offline.join("legacy.pub");
    std::fs::write(&legacy_key, LEGACY_KEY).expect("write key");

    // Fields: 0 NSSF2, 1 member, 2 issue, 3 office, 4 birth date, 5 photo hash, 6 name, 7 signature.
    let field = |qr: &str, i: usize| qr.split(':').nth(i).expect("field").to_owned();
    let with_field = |qr: &str, i: usize, value: &str| {
        let mut parts: Vec<&str> = qr.split(':').collect();
        parts[i] = value;
        parts.join(":")
    };
    let holder =
        |issue: u32| format!("valid {number}\nname ເຈົ້າ ນ້ຳໃຈ\nborn 12/05/1990\nissue {issue}\n");
    let offline_note = "Checked with the office key alone: whether a reprint replaced this card is known only from the data of the office that printed it (--data).\n";
    let bad_signature = "The signature does not match: the card code was altered or forged.\n";
    let rows: Vec<(&str, &Path, &Path, String, i32, String, String)> = vec![
        ("current card, issuing office's data", d, &key, current.clone(), 0, holder(2), String::new()),
        (
            "replaced card, issuing office's data",
            d,
            &key,
            first.clone(),
            1,
            String::new(),
            "This card was replaced by issue 2: ask for the member's latest card.\n".into(),
        ),
        ("replaced card, key alone", offline, &key, first.clone(), 0, holder(1), offline_note.into()),
        ("name changed", d, &key, with_field(&current, 6, &field(&keo_qr, 6)), 1, String::new(), bad_signature.into()),
        ("birth date changed", d, &key, with_field(&current, 4, &field(&keo_qr, 4)), 1, String::new(), bad_signature.into()),
        ("photo hash swapped", d, &key, with_field(&current, 5, &field(&keo_qr, 5)), 1, String::new(), bad_signature.into()),
        ("member number swapped", d, &key, with_field(&current, 1, &keo), 1, String::new(), bad_signature.into()),
        (
            "signature from another office",
            d,
            &key,
            with_field(&current, 7, &field(&other_qr, 7)),
            1,
            String::new(),
            bad_signature.into(),
        ),
        (
            "another office's card",
            d,
            &key,
            other_qr.clone(),
            1,
            String::new(),
            "The card was issued by another office (another key is needed).\n".into(),
        ),
        (
            "another office's card and key, this office's data",
            d,
            &other_key,
            other_qr.clone(),
            1,
            String::new(),
            "This office's data has no record of issue 1 of this card: use the data folder of the office that printed it, up to date.\n".into(),
        ),
        (
            "NSSF1 legacy card",
            offline,
            &legacy_key,
            LEGACY_QR.into(),
            0,
            "valid 0101-01-0000001-1\nissue 2\n".into(),
            format!("This card was printed before cards carried their holder: the code gives no name or birth date to compare. Compare the member number and the issue with the card, and the holder's face with its photo.\n{offline_note}"),
        ),
        (
            "NSSF1 legacy card altered",
            offline,
            &legacy_key,
            LEGACY_QR.replacen(";2;", ";3;", 1),
            1,
            String::new(),
            bad_signature.into(),
        ),
    ];
    for (case, data, key, qr, code, stdout, stderr) in rows {
        let out = run(
            data,
            &[
                "--lang",
                "en",
                "verify-card",
                "--key",
                key.to_str().expect("utf-8"),
                "--qr",
                &qr,
            ],
            None,
        );
        assert_eq!(
            (out.status.code(), text(&out.stdout), text(&out.stderr)),
            (Some(code), stdout, stderr),
            "{case}: {qr}"
        );
    }
    // Lao is the default language of the notes.
    let out = run(
        offline,
        &[
            "verify-card",
            "--key",
            legacy_key.to_str().expect("utf-8"),
            "--qr",
            LEGACY_QR,
        ],
        None,
    );
    assert!(
        text(&out.stderr).contains("ເລກສະມາຊິກ"),
        "{}",
        text(&out.stderr)
    );
}

/// `balance NUMBER [--on YYYY-MM-DD] --json`: exactly the contract's fields, as of the day asked.
#[test]
fn balance_contract() {
    // Registered on the 10th two months ago (2,500,000 kip: 225,000 a month).
    let registered_on = format!("{}-10", month_back(2));
    let (dir, number) = registered(&registered_on);
    let d = dir.path();
    let day_before = format!("{}-09", month_back(2));
    let balance = |on: Option<&str>| -> serde_json::Value {
        let mut args = vec!["balance", &number, "--json"];
        if let Some(on) = on {
            args.extend(["--on", on]);
        }
        let out = run(d, &args, None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let expected = |n: u32, arrears: i64, this: i64, through: Option<String>| {
        serde_json::json!({
            "arrears_months": n,
            "arrears_kip": arrears,
            "this_month_kip": this,
            "to_pay_now_kip": arrears + this,
            "paid_through": through,
        })
    };
    const M: i64 = 225_000;
    assert_eq!(balance(None), expected(2, 2 * M, M, None));
    assert_eq!(balance(Some(&day_before)), expected(0, 0, 0, None));
    assert_eq!(balance(Some(&registered_on)), expected(0, 0, M, None));
    let out = run(
        d,
        &["pay", &number, "--months", "3", "--method", "cash"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Paid through this month: nothing is due now.
    assert_eq!(balance(None), expected(0, 0, 0, Some(month_back(0))));
    assert_eq!(
        balance(Some(&days_ago(0))),
        expected(0, 0, 0, Some(month_back(0)))
    );

    let exit = |args: &[&str]| run(d, args, None).status.code();
    assert_eq!(
        exit(&["balance", "0101-01-0000099-0", "--json"]),
        exit(&["coverage", "0101-01-0000099-0", "--json"]),
        "an unknown member fails as for coverage"
    );
    assert_eq!(exit(&["balance", "0101-01-0000099-0", "--json"]), Some(1));
    assert_eq!(exit(&["balance", &number, "--on", "2026-02-30"]), Some(2));
}

/// A range that leaves earlier months unpaid needs `--skip-arrears`; a payment dated more than 7 days back
/// and a registration dated more than 31 days back need `--allow-backdate`. Refused: exit 2, nothing
/// stored.
#[test]
fn explicit_choices_contract() {
    let (dir, number) = registered(&format!("{}-10", month_back(2)));
    let d = dir.path();
    let covered = || -> Vec<String> {
        let out = run(d, &["coverage", &number, "--json"], None);
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
            .expect("json")
            .iter()
            .filter(|m| m["status"] == "covered")
            .map(|m| m["month"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let refused = |args: &[&str], says: &str| {
        let out = run(d, &[&["--lang", "en"], args].concat(), None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "", "{args:?}");
        assert!(
            text(&out.stderr).contains(says),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(covered().is_empty(), "{args:?}: nothing stored");
    };
    let this_month = month_back(0);
    let pay_this_month = [
        "pay",
        &number,
        "--from",
        &this_month,
        "--to",
        &this_month,
        "--method",
        "cash",
    ];
    refused(
        &pay_this_month,
        &format!(
            "2 earlier months are left unpaid, from {}",
            shown(&month_back(2))
        ),
    );
    let out = run(
        d,
        &[&pay_this_month[..], &["--skip-arrears"]].concat(),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(covered(), [this_month]);

    let dmy = |iso: &str| {
        let (y, rest) = iso.split_once('-').expect("iso");
        let (m, day) = rest.split_once('-').expect("iso");
        format!("{day}/{m}/{y}")
    };
    let eight_back = days_ago(8);
    let pay_on = |on: &str| -> Vec<String> {
        [
            "pay", &number, "--months", "1", "--method", "cash", "--on", on,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let args = pay_on(&eight_back);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = covered();
    let out = run(d, &[&["--lang", "en"], &args[..]].concat(), None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!("{} is more than 7 days back", dmy(&eight_back))),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(covered(), before, "nothing stored");
    let out = run(d, &[&args[..], &["--allow-backdate"]].concat(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(covered().len(), before.len() + 1);
    // Never before the registration, even with leave.
    let early = pay_on(&format!("{}-09", month_back(2)));
    let early: Vec<&str> = early.iter().map(String::as_str).collect();
    let out = run(d, &[&early[..], &["--allow-backdate"]].concat(), None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));

    // Registration dated 32 days back: refused without leave, nothing stored (the same person then
    // registers with leave, not as a duplicate).
    let office = office();
    let json = chao().registered_on(&days_ago(32)).json();
    let out = run(
        office.path(),
        &["--lang", "en", "register", "--json", "-"],
        Some(&json),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!("{} is more than 31 days back", dmy(&days_ago(32)))),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "");
    let out = run(
        office.path(),
        &["register", "--json", "-", "--allow-backdate"],
        Some(&json),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let within = chao()
        .id_card("555000111")
        .given("ສົມສັກ", "Somsak")
        .registered_on(&days_ago(31))
        .json();
    let out = run(office.path(), &["register", "--json", "-"], Some(&within));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A day or a month as messages show them (the way official documents write dates), from the ISO form the
/// command line takes: `2026-11-20` → `20/11/2026`, `2026-11` → `11/2026`.
fn shown(iso: &str) -> String {
    iso.split('-').rev().collect::<Vec<&str>>().join("/")
}

/// `diagnostics --out FILE [--logs DIR]`: the support file for the central office's IT, with no sign-in,
/// for a working office and for a folder with no office yet; prints the path; names nobody
/// (docs/support.md).
#[test]
fn diagnostics_contract() {
    let (dir, member_no) = registered(&days_ago(6));
    let file = dir.path().join("support.json");
    let logs = tempfile::tempdir().expect("log folder");
    std::fs::write(
        logs.path().join("nssf-desk.log"),
        "[2026-11-26][03:00:00][nssf_desk_app::crash][ERROR] panic at x.rs:1:1: no ເຈົ້າ 020 5555 1234\n",
    )
    .expect("log");
    let args = [
        "diagnostics",
        "--out",
        file.to_str().expect("utf-8 path"),
        "--logs",
        logs.path().to_str().expect("utf-8 path"),
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), file.display().to_string());
    let written = std::fs::read_to_string(&file).expect("support file");
    let json: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    let office = &json["office"];
    assert_eq!(
        (
            &json["format"],
            &json["version"],
            &office["office"],
            &office["members"],
            &json["recent_errors"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(env!("CARGO_PKG_VERSION")),
            &serde_json::json!("0101-01"),
            &serde_json::json!(1),
            &serde_json::json!([
                "[2026-11-26][03:00:00][nssf_desk_app::crash][ERROR] panic at x.rs:1:1: no … …"
            ])
        ),
        "{written}"
    );
    for personal in ["Chao", "Namchai", "ເຈົ້າ", "ນ້ຳໃຈ", "123456789", "5555"] {
        assert!(!written.contains(personal), "{personal} in {written}");
    }
    assert!(!member_no.is_empty());
    // `--version` is the same version (the window's About dialog shows it too).
    let version = run(dir.path(), &["--version"], None);
    assert_eq!(
        text(&version.stdout).trim(),
        format!("nssf-desk {}", env!("CARGO_PKG_VERSION"))
    );

    // No office yet: the file says so, and the command still succeeds.
    let empty = tempfile::tempdir().expect("tempdir");
    let file = empty.path().join("support.json");
    let out = run(
        empty.path(),
        &["diagnostics", "--out", file.to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("support file")).expect("JSON");
    assert_eq!(
        (&json["office"], &json["open_error"], &json["log_folder"]),
        (
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::Value::Null
        )
    );
}
