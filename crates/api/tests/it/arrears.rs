//! Arrears lists for outreach (issue 14) on the office of `reports::office_with_history`: who owes N or
//! more months before the current one, what, since when; sorted by village, amount owed (most first),
//! member number; as CSV for an SMS gateway and as an A4 call sheet.

use nssf_api::{Action, Actor, ArrearsLine, ArrearsQuery, Code, Role};

use crate::now;
use crate::reports::office_with_history;

fn query(min_months: u32, village: Option<&str>) -> ArrearsQuery {
    ArrearsQuery {
        min_months,
        village: village.map(Into::into),
    }
}

#[test]
fn who_owes_how_much_sorted_by_village_then_amount() {
    let (_dir, desk, numbers) = office_with_history();
    let actor = Actor::setup_user();
    // On 26 November (current month November), at 225,000 kip a month: (member, village, months,
    // last month paid). A: September voided, owes September–October; B, C owe October; E (registered
    // 1 October) owes October; F owes September–October; G owes June–October; H July–October (July
    // voided).
    let owed =
        |min: u32, village: Option<&str>| -> Vec<(String, String, u32, i64, Option<String>)> {
            desk.arrears(&actor, &query(min, village), now())
                .expect("arrears")
                .into_iter()
                .map(|l| {
                    let key = numbers
                        .iter()
                        .find(|(_, no)| **no == l.member_no)
                        .map(|(k, _)| (*k).to_owned())
                        .expect("a member of the test");
                    (
                        key,
                        l.village_code,
                        l.unpaid_months,
                        l.owed_kip,
                        l.last_paid_month,
                    )
                })
                .collect()
        };
    let line = |key: &str, village: &str, months: u32, last: Option<&str>| {
        (
            key.to_owned(),
            village.to_owned(),
            months,
            i64::from(months) * 225_000,
            last.map(Into::into),
        )
    };
    let check = |min: u32, village: Option<&str>, expected: Vec<_>| {
        assert_eq!(
            owed(min, village),
            expected,
            "--min-months {min} --village {village:?}"
        );
    };
    check(
        1,
        None,
        vec![
            // 0101001: A owes more than C.
            line("A", "0101001", 2, Some("2026-08")),
            line("C", "0101001", 1, Some("2026-09")),
            // 0101002: H, then B and E owing the same, by member number (B registered first).
            line("H", "0101002", 4, None),
            line("B", "0101002", 1, Some("2026-09")),
            line("E", "0101002", 1, None),
            // 0101003: G, then F.
            line("G", "0101003", 5, None),
            line("F", "0101003", 2, Some("2026-08")),
        ],
    );
    check(
        2,
        None,
        vec![
            line("A", "0101001", 2, Some("2026-08")),
            line("H", "0101002", 4, None),
            line("G", "0101003", 5, None),
            line("F", "0101003", 2, Some("2026-08")),
        ],
    );
    check(5, None, vec![line("G", "0101003", 5, None)]);
    check(6, None, vec![]);
    // 0 lists everyone owing at least a month, as 1 does.
    assert_eq!(owed(0, None), owed(1, None));
    check(
        2,
        Some("0101003"),
        vec![
            line("G", "0101003", 5, None),
            line("F", "0101003", 2, Some("2026-08")),
        ],
    );
    // Lao digits in the village code.
    check(5, Some("໐໑໐໑໐໐໓"), vec![line("G", "0101003", 5, None)]);
    check(1, Some("0101004"), vec![]);
}

#[test]
fn each_line_names_and_reaches_the_member() {
    let (_dir, desk, numbers) = office_with_history();
    let lines = desk
        .arrears(&Actor::setup_user(), &query(5, None), now())
        .expect("arrears");
    assert_eq!(
        lines,
        [ArrearsLine {
            member_no: numbers["G"].clone(),
            name_lo: "ທ້າວ ສົມກກກກກກ ນ້ຳໃຈ".into(),
            name_latin: "Mr SomG NAMCHAI".into(),
            village_code: "0101003".into(),
            village_name_lo: lines[0].village_name_lo.clone(),
            phone: "+8562055551005".into(),
            unpaid_months: 5,
            owed_kip: 1_125_000,
            last_paid_month: None,
        }]
    );
    assert!(!lines[0].village_name_lo.is_empty());
}

#[test]
fn a_village_that_is_not_a_code_is_refused() {
    let (_dir, desk, _) = office_with_history();
    for typed in ["010100", "0101001x", "Nongping", ""] {
        let e = desk
            .arrears(&Actor::setup_user(), &query(1, Some(typed)), now())
            .expect_err(typed);
        assert_eq!(e.code(), Code::InvalidInput, "{typed:?}");
    }
}

#[test]
fn arrears_as_csv_and_as_a_call_sheet() {
    let (dir, desk, numbers) = office_with_history();
    let actor = Actor::setup_user();
    let csv = desk
        .arrears_csv(&actor, &query(4, None), now())
        .expect("csv");
    let text = std::str::from_utf8(&csv).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark first");
    let village_h = lines_village(text, &numbers["H"]);
    assert_eq!(
        text.split("\r\n").collect::<Vec<_>>(),
        [
            "member_no,name_lo,name_latin,village_code,village_name_lo,phone,unpaid_months,owed_kip,last_paid_month".to_owned(),
            format!("{},ນາງ ສົມກກກກກກກ ນ້ຳໃຈ,Ms SomH NAMCHAI,0101002,{village_h},+8562055551006,4,900000,", numbers["H"]),
            format!("{},ທ້າວ ສົມກກກກກກ ນ້ຳໃຈ,Mr SomG NAMCHAI,0101003,{},+8562055551005,5,1125000,", numbers["G"], lines_village(text, &numbers["G"])),
            String::new(),
        ]
    );

    let pdf = desk
        .call_sheet_pdf(&actor, &query(1, None), now())
        .expect("call sheet");
    let path = dir.path().join("calls.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let text = crate::outreach_pdf::extracted(&path);
    for expected in [
        "ລາຍຊື່ສະມາຊິກທີ່ມີເງິນຄ້າງຈ່າຍ ເພື່ອໂທຫາ",
        // The tick boxes' headings wrap in their narrow columns.
        "ໂທແລ້ວ",
        "Called",
        "ລົມກັນໄດ້",
        "Reached",
        "ສັນຍາວ່າຈະ",
        "Promised",
        "ທ້າວ ສົມກກກກກກ ນ້ຳໃຈ",
        numbers["G"].as_str(),
        "02055551005",
        "1,125,000 ₭",
        "08/2026",
        "ບໍ່ເຄີຍຈ່າຍ",
        "ໜອງປິງ (0101001)",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    crate::outreach_pdf::assert_a4(&path);
    // Three villages of a few members fit on one page.
    assert_eq!(crate::outreach_pdf::pages(&path), 1);

    let empty = desk
        .call_sheet_pdf(&actor, &query(12, None), now())
        .expect("empty call sheet");
    std::fs::write(&path, &empty).expect("write");
    assert!(crate::outreach_pdf::extracted(&path).contains("ບໍ່ມີສະມາຊິກທີ່ມີເງິນຄ້າງຈ່າຍເທົ່ານີ້."));
}

/// The village name the CSV gave the member, whatever the gazetteer calls it.
fn lines_village(csv: &str, member_no: &str) -> String {
    csv.split("\r\n")
        .find(|l| l.starts_with(member_no))
        .and_then(|l| l.split(',').nth(4))
        .expect("the member's line")
        .to_owned()
}

#[test]
fn reports_and_arrears_are_a_supervisors_or_an_admins() {
    let (_dir, desk, _) = office_with_history();
    let day = crate::reports::day;
    for (roles, allowed) in [
        (vec![Role::Clerk], false),
        (vec![Role::Cashier], false),
        (vec![Role::Clerk, Role::Cashier], false),
        (vec![Role::Supervisor], true),
        (vec![Role::Admin], true),
    ] {
        let actor = Actor::new("someone", "Someone", roles.clone());
        assert_eq!(actor.may(Action::ViewReports), allowed, "{roles:?}");
        let outcomes = [
            desk.report(&actor, day("2026-09-01"), day("2026-09-30"), now())
                .map(|_| ()),
            desk.report_csv(&actor, day("2026-09-01"), day("2026-09-30"), now())
                .map(|_| ()),
            desk.report_pdf(&actor, day("2026-09-01"), day("2026-09-30"), now())
                .map(|_| ()),
            desk.arrears(&actor, &query(1, None), now()).map(|_| ()),
            desk.arrears_csv(&actor, &query(1, None), now()).map(|_| ()),
            desk.call_sheet_pdf(&actor, &query(1, None), now())
                .map(|_| ()),
        ];
        for outcome in outcomes {
            match (allowed, outcome) {
                (true, Ok(())) => {}
                (false, Err(e)) if e.code() == Code::Forbidden => {}
                (allowed, other) => panic!("{roles:?} (allowed {allowed}): {other:?}"),
            }
        }
    }
}

/// Text of one page of a PDF, as `pdftotext` lays it out.
fn page_text(path: &std::path::Path, page: usize) -> String {
    let n = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

#[test]
fn a_call_sheet_of_many_pages_reads_back_in_both_languages_on_every_page() {
    let (dir, desk) = crate::desk();
    let actor = Actor::setup_user();
    // 45 members in three villages, none of whom ever paid: all in arrears since August.
    let mut members = Vec::new();
    for i in 0..45 {
        let village = ["0101001", "0101002", "0101003"][i % 3];
        let mut draft = crate::applicant()
            .given(
                &format!("ສົມ{}", "ກ".repeat(i % 7 + 1)),
                &format!(
                    "Som{}{}",
                    char::from(b'a' + (i / 26) as u8),
                    char::from(b'a' + (i % 26) as u8)
                ),
            )
            .id_card(&format!("CS{i:07}"))
            .phone(&format!("020 5556 {i:04}"))
            .registered_on("2026-08-03")
            .draft();
        draft.village_code = village.into();
        let registered = desk
            .register_with(
                &actor,
                &draft,
                crate::backdated(true),
                nssf_api::demo::at_counter(crate::reports::day("2026-08-03")),
            )
            .unwrap_or_else(|e| panic!("member {i}: {e}"));
        members.push(registered.member.member_no);
    }
    let pdf = desk
        .call_sheet_pdf(&actor, &query(1, None), now())
        .expect("call sheet");
    let path = dir.path().join("calls.pdf");
    std::fs::write(&path, &pdf).expect("write");
    // Both extractions, no replacement character, the same letters (see `outreach_pdf::extracted`).
    let whole = crate::outreach_pdf::extracted(&path);
    crate::outreach_pdf::assert_a4(&path);
    let pages = crate::outreach_pdf::pages(&path);
    assert!(pages >= 2, "{pages} pages");
    // Every member once, with the Lao name and the phone as dialled.
    for (i, member_no) in members.iter().enumerate() {
        assert_eq!(whole.matches(member_no.as_str()).count(), 1, "{member_no}");
        assert!(
            whole.contains(&format!("020 5556 {i:04}").replace(' ', "")),
            "{i}"
        );
    }
    assert!(whole.contains("ນາງ ສົມກກກກກກກ ນ້ຳໃຈ"), "{whole}");
    // Each page repeats the column headings in Lao and in English (the tick boxes' headings wrap in
    // their narrow columns: their first words).
    for page in 1..=pages {
        let text = page_text(&path, page);
        for heading in [
            "ສະມາຊິກ",
            "Member",
            "ເບີໂທ",
            "Phone",
            "Arrears",
            "ໂທແລ້ວ",
            "Called",
            "Reached",
            "Promised",
        ] {
            assert!(
                text.contains(heading),
                "page {page}: {heading:?} in\n{text}"
            );
        }
    }
    // The three villages' headings, each with its 15 members.
    for village in ["(0101001)", "(0101002)", "(0101003)"] {
        let heading = whole
            .lines()
            .find(|l| l.contains(village))
            .unwrap_or_else(|| panic!("{village} in\n{whole}"));
        assert!(heading.contains("15"), "{heading}");
    }
}
