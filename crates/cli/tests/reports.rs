//! `nssf-desk --data DIR report --from D --to D (--json | --csv | --out FILE.pdf)` and `nssf-desk --data DIR
//! arrears --min-months N [--village PPDDVVV] (--json | --csv | --out FILE.pdf)` (issue 14), run as a
//! process: the JSON fields exactly, the CSV's byte-order mark and columns, the PDF written, and the exit
//! codes of dates that are not dates, Lao digits, and a period that ends before it starts.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::Datelike;
use nssf_test_support::applicant;

fn run(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", "en", "--data"])
        .arg(data)
        .args(args)
        .env_remove("NSSF_DESK_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nssf-desk");
    if let Some(text) = stdin {
        use std::io::Write;
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

/// Runs, checks the exit code (and the first line of standard error when given), returns standard output.
fn check(data: &Path, args: &[&str], code: i32, stderr: &str) -> Vec<u8> {
    let out = run(data, args, None);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    if !stderr.is_empty() {
        assert_eq!(err.lines().next(), Some(stderr), "{args:?}");
    }
    out.stdout
}

/// The first day of the month `back` months before this one, at the office.
fn first_of_month_back(back: u32) -> chrono::NaiveDate {
    let today = nssf_api::office_date(chrono::Utc::now());
    let first = today.with_day(1).expect("a first day");
    first - chrono::Months::new(back)
}

/// An office with Chao, registered four months ago (at the start of the month) and paying the first of
/// them today, and Keo, registered today in another village. Their numbers.
fn office() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    check(
        d,
        &["init", "--office", "0101", "--workstation", "01"],
        0,
        "",
    );
    let chao = applicant()
        .phone("020 5555 1234")
        .registered_on(&first_of_month_back(4).to_string())
        .json();
    let out = run(
        d,
        &["register", "--json", "-", "--allow-backdate"],
        Some(&chao),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let chao_no = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let mut keo: serde_json::Value =
        serde_json::from_str(&applicant().given("ແກ້ວ", "Keo").id_card("987654321").json())
            .expect("json");
    keo["village_code"] = serde_json::json!("0101002");
    let out = run(d, &["register", "--json", "-"], Some(&keo.to_string()));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keo_no = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    check(
        d,
        &["pay", &chao_no, "--months", "1", "--method", "cash"],
        0,
        "",
    );
    (dir, chao_no, keo_no)
}

fn keys(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn report_json_has_the_contracts_fields() {
    let (dir, _, _) = office();
    let d = dir.path();
    let from = first_of_month_back(4).to_string();
    let to = nssf_api::office_date(chrono::Utc::now()).to_string();
    let out = check(
        d,
        &["report", "--from", &from, "--to", &to, "--json"],
        0,
        "",
    );
    let report: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(
        keys(&report),
        [
            "registrations",
            "payments",
            "kip",
            "kip_by_method",
            "by_village",
            "by_occupation",
            "by_sex",
            "by_age_group",
            "active",
            "lapsed",
            "weeks",
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(report["registrations"], 2);
    assert_eq!(report["payments"], 1);
    assert_eq!(report["kip"], 225_000);
    assert_eq!(report["kip_by_method"]["cash"], 225_000);
    assert_eq!(report["by_sex"]["female"], 2);
    assert_eq!(
        keys(&report["by_age_group"]),
        ["15-24", "25-34", "35-44", "45-54", "55-60"]
            .map(String::from)
            .into()
    );
    // Chao owes three months before this one: lapsed; Keo registered today.
    assert_eq!(
        (&report["active"], &report["lapsed"]),
        (&1.into(), &1.into())
    );
    let village = &report["by_village"][0];
    assert_eq!(
        keys(village),
        [
            "village_code",
            "village_name_lo",
            "registrations",
            "payments",
            "kip"
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(village["village_code"], "0101001");
    let week = &report["weeks"][0];
    assert_eq!(
        keys(week),
        ["week_start", "registrations", "payments", "kip"]
            .map(String::from)
            .into()
    );
    let monday =
        chrono::NaiveDate::parse_from_str(week["week_start"].as_str().expect("text"), "%Y-%m-%d")
            .expect("a date");
    assert_eq!(monday.weekday(), chrono::Weekday::Mon);
}

#[test]
fn report_dates_and_exit_codes() {
    let (dir, _, _) = office();
    let d = dir.path();
    // Lao digits are dates too.
    let out = check(
        d,
        &[
            "report",
            "--from",
            "໒໐໒໖-໐໑-໐໑",
            "--to",
            "໒໐໒໖-໐໑-໓໑",
            "--json",
        ],
        0,
        "",
    );
    let report: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(report["weeks"][0]["week_start"], "2025-12-29");
    for (args, stderr) in [
        // Not a date: exit 2, the field's problem.
        (
            vec![
                "report",
                "--from",
                "2026-13-01",
                "--to",
                "2026-12-31",
                "--json",
            ],
            "",
        ),
        (
            vec![
                "report",
                "--from",
                "yesterday",
                "--to",
                "2026-12-31",
                "--csv",
            ],
            "",
        ),
        // A period that ends before it starts: exit 2, said in the user's language.
        (
            vec![
                "report",
                "--from",
                "2026-09-30",
                "--to",
                "2026-09-01",
                "--json",
            ],
            "The period from 30/09/2026 to 01/09/2026 ends before it starts.",
        ),
        // One output, and only one.
        (
            vec!["report", "--from", "2026-09-01", "--to", "2026-09-30"],
            "",
        ),
        (
            vec![
                "report",
                "--from",
                "2026-09-01",
                "--to",
                "2026-09-30",
                "--json",
                "--csv",
            ],
            "",
        ),
        (vec!["arrears", "--min-months", "1"], ""),
        // A village that is not a code.
        (
            vec![
                "arrears",
                "--min-months",
                "1",
                "--village",
                "Nongping",
                "--json",
            ],
            "",
        ),
    ] {
        let out = check(d, &args, 2, stderr);
        assert!(out.is_empty(), "{args:?} wrote standard output");
    }
    // Lao: the same refusal in the default language.
    let out = Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .arg("--data")
        .arg(d)
        .args([
            "report",
            "--from",
            "2026-09-30",
            "--to",
            "2026-09-01",
            "--json",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().next(),
        Some("ໄລຍະເວລາແຕ່ວັນທີ 30/09/2026 ຫາ 01/09/2026 ສິ້ນສຸດກ່ອນວັນເລີ່ມຕົ້ນ.")
    );
}

#[test]
fn arrears_json_csv_and_call_sheet() {
    let (dir, chao, _keo) = office();
    let d = dir.path();
    let out = check(d, &["arrears", "--min-months", "1", "--json"], 0, "");
    let lines: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(
        lines,
        serde_json::json!([{
            "member_no": chao,
            "name_lo": "ນາງ ເຈົ້າ ນ້ຳໃຈ",
            "name_latin": "Ms Chao NAMCHAI",
            "village_code": "0101001",
            "phone": "+8562055551234",
            "unpaid_months": 3,
            "owed_kip": 675_000,
            "last_paid_month": first_of_month_back(4).format("%Y-%m").to_string(),
        }])
    );
    assert_eq!(
        check(d, &["arrears", "--min-months", "4", "--json"], 0, ""),
        b"[]\n"
    );
    assert_eq!(
        check(
            d,
            &[
                "arrears",
                "--min-months",
                "1",
                "--village",
                "0101002",
                "--json"
            ],
            0,
            ""
        ),
        b"[]\n"
    );

    let csv = check(d, &["arrears", "--min-months", "1", "--csv"], 0, "");
    let csv = String::from_utf8(csv).expect("UTF-8");
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "member_no,name_lo,name_latin,village_code,village_name_lo,phone,unpaid_months,owed_kip,last_paid_month"
    );
    assert!(
        rows[1].starts_with(&format!(
            "{chao},ນາງ ເຈົ້າ ນ້ຳໃຈ,Ms Chao NAMCHAI,0101001,ໜອງປິງ,+8562055551234,3,675000,"
        )),
        "{csv}"
    );

    let pdf = d.join("calls.pdf");
    let written = check(
        d,
        &[
            "arrears",
            "--min-months",
            "1",
            "--out",
            pdf.to_str().expect("utf-8"),
        ],
        0,
        "",
    );
    assert!(written.is_empty());
    let text = pdftotext(&pdf);
    assert!(
        text.contains("ນາງ ເຈົ້າ ນ້ຳໃຈ") && text.contains("675,000 ₭"),
        "{text}"
    );

    let report_pdf = d.join("report.pdf");
    let from = first_of_month_back(4).to_string();
    let to = nssf_api::office_date(chrono::Utc::now()).to_string();
    check(
        d,
        &[
            "report",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            report_pdf.to_str().expect("utf-8"),
        ],
        0,
        "",
    );
    let text = pdftotext(&report_pdf);
    assert!(text.contains("ລາຍງານການລົງທະບຽນ ແລະ ເງິນສົມທົບທີ່ໄດ້ຮັບ"), "{text}");

    let csv = check(d, &["report", "--from", &from, "--to", &to, "--csv"], 0, "");
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.starts_with("\u{feff}section,code,name_lo,registrations,payments,kip,members\r\n"));
    assert!(
        csv.contains("\r\nvillage,0101002,ບໍ່ນາງົວ,1,0,0,\r\n"),
        "{csv}"
    );
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is needed (Debian package poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("UTF-8")
}
