//! The supervisor's report (issue 14) against an office whose history is written in the test through the
//! public API, each record at its own date: counts, sums, grouping by village, occupation, sex and age,
//! weeks from Monday, voids left out, and active and lapsed members on month boundaries.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_api::demo::at_counter;
use nssf_api::{
    Actor, Code, Desk, MonthsChoice, PaymentRequest, ReportView, VillageFigures, WeekFigures,
};

use crate::{applicant, desk, now};

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn at(text: &str) -> DateTime<Utc> {
    at_counter(day(text))
}

/// Who the office registered, when, and what they paid: (key, registered on, village, occupation, sex,
/// born). Everyone's base is 2,500,000 kip, 225,000 a month.
const MEMBERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "A",
        "2026-06-10",
        "0101001",
        "vendor",
        "female",
        "1990-05-12",
    ),
    ("B", "2026-09-02", "0101002", "farmer", "male", "2005-01-01"),
    ("C", "2026-09-30", "0101001", "driver", "male", "1970-03-03"),
    (
        "E",
        "2026-10-01",
        "0101002",
        "vendor",
        "female",
        "1999-02-02",
    ),
    (
        "F",
        "2026-05-15",
        "0101003",
        "artisan",
        "female",
        "1985-07-07",
    ),
    ("G", "2026-06-01", "0101003", "farmer", "male", "1980-08-08"),
    (
        "H",
        "2026-07-01",
        "0101002",
        "domestic",
        "female",
        "1995-09-09",
    ),
];

/// What happened at the counter, in date order: (member, day, months paid, method) or a void of the
/// receipt paid on that line.
enum Event {
    Pay(&'static str, &'static str, u32, &'static str),
    /// Voids the receipt of the `Pay` line at this index, on this day.
    Void(usize, &'static str),
}

const EVENTS: &[Event] = &[
    // H pays July on 3 August; it is voided on 2 October.
    Event::Pay("H", "2026-08-03", 1, "cash"),
    // B pays September on Wednesday 2 September (the week from Monday 31 August).
    Event::Pay("B", "2026-09-02", 1, "mobile"),
    // A catches up June to August on Monday 7 September.
    Event::Pay("A", "2026-09-07", 3, "cash"),
    // A pays September by bank on the 14th; it is voided the next day.
    Event::Pay("A", "2026-09-14", 1, "bank"),
    Event::Void(3, "2026-09-15"),
    Event::Void(0, "2026-10-02"),
    // After the period: C pays September, F catches up May to August.
    Event::Pay("C", "2026-10-05", 1, "cash"),
    Event::Pay("F", "2026-10-05", 4, "cash"),
];

/// The office of [`MEMBERS`] and [`EVENTS`], with each member's number by key.
pub fn office_with_history() -> (tempfile::TempDir, Desk, BTreeMap<&'static str, String>) {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let numbers = register_members(&desk);
    let mut receipts = Vec::new();
    for event in EVENTS {
        match event {
            Event::Pay(key, on, months, method) => {
                let request = PaymentRequest {
                    member_no: numbers[key].clone(),
                    months: MonthsChoice::Next { count: *months },
                    method: (*method).into(),
                    reference: if *method == "cash" { "" } else { "REF-1" }.into(),
                    paid_on: (*on).into(),
                    skip_arrears: false,
                    allow_backdate: false,
                };
                let receipt = desk
                    .pay(&actor, &request, at(on))
                    .unwrap_or_else(|e| panic!("pay {key} on {on}: {e}"));
                receipts.push(receipt.receipt_no);
            }
            Event::Void(index, on) => {
                desk.void(&actor, &receipts[*index], "typed twice", at(on))
                    .unwrap_or_else(|e| panic!("void on {on}: {e}"));
            }
        }
    }
    (dir, desk, numbers)
}

/// Registers [`MEMBERS`], each on their day; their numbers by key.
fn register_members(desk: &Desk) -> BTreeMap<&'static str, String> {
    let actor = Actor::setup_user();
    let mut numbers = BTreeMap::new();
    for (i, (key, registered, village, occupation, sex, born)) in MEMBERS.iter().enumerate() {
        let mut draft = applicant()
            .given(&format!("ສົມ{}", "ກ".repeat(i + 1)), &format!("Som{key}"))
            .id_card(&format!("ID{i:07}"))
            .born(born)
            .phone(&format!("020 5555 10{i:02}"))
            .registered_on(registered)
            .draft();
        draft.village_code = (*village).into();
        draft.occupation = (*occupation).into();
        draft.sex = (*sex).into();
        draft.title = if *sex == "male" { "mr" } else { "ms" }.into();
        let member = desk
            .register_with(&actor, &draft, crate::backdated(true), at(registered))
            .unwrap_or_else(|e| panic!("register {key}: {e}"));
        numbers.insert(*key, member.member.member_no);
    }
    numbers
}

fn report(desk: &Desk, from: &str, to: &str) -> ReportView {
    desk.report(&Actor::setup_user(), day(from), day(to), now())
        .unwrap_or_else(|e| panic!("report {from}..{to}: {e}"))
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn september_figures_count_sum_and_group() {
    let (_dir, desk, _) = office_with_history();
    let r = report(&desk, "2026-09-01", "2026-09-30");
    // B and C registered in September; A's voided bank receipt is left out.
    assert_eq!((r.registrations, r.payments, r.kip), (2, 2, 900_000));
    assert_eq!(
        r.kip_by_method,
        [("bank", 0), ("cash", 675_000), ("mobile", 225_000)]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect::<BTreeMap<_, _>>()
    );
    let village = |code: &str, name: &str, registrations, payments, kip| VillageFigures {
        village_code: code.into(),
        village_name_lo: name.into(),
        registrations,
        payments,
        kip,
    };
    assert_eq!(
        r.by_village,
        [
            village("0101001", "ໜອງປິງ", 1, 1, 675_000),
            village("0101002", "ບໍ່ນາງົວ", 1, 1, 225_000),
        ]
    );
    assert_eq!(
        r.by_occupation,
        counts(&[
            ("artisan", 0),
            ("domestic", 0),
            ("driver", 1),
            ("farmer", 1),
            ("home_based", 0),
            ("other", 0),
            ("trader", 0),
            ("vendor", 0),
        ])
    );
    assert_eq!(r.by_sex, counts(&[("female", 0), ("male", 2)]));
    // B is 21 and C 56 on 30 September.
    assert_eq!(
        r.by_age_group,
        counts(&[
            ("15-24", 1),
            ("25-34", 0),
            ("35-44", 0),
            ("45-54", 0),
            ("55-60", 1),
        ])
    );
    let week = |start: &str, registrations, payments, kip| WeekFigures {
        week_start: start.into(),
        registrations,
        payments,
        kip,
    };
    assert_eq!(
        r.weeks,
        [
            week("2026-08-31", 1, 1, 225_000),
            week("2026-09-07", 0, 1, 675_000),
            week("2026-09-14", 0, 0, 0),
            week("2026-09-21", 0, 0, 0),
            week("2026-09-28", 1, 0, 0),
        ]
    );
}

#[test]
fn active_and_lapsed_on_month_boundaries() {
    let (_dir, desk, _) = office_with_history();
    // (to, active, lapsed): members registered by `to`, lapsed with 3 or more months in arrears in
    // `to`'s month (arrears are months before the current one).
    let check = |to: &str, active: u64, lapsed: u64| {
        let r = report(&desk, "2026-01-01", to);
        assert_eq!((r.active, r.lapsed), (active, lapsed), "as of {to}");
    };
    // 31 August: F (May) owes May–July, 3: lapsed; A (June, nothing paid until 7 September) and G
    // (June) owe June–July, 2; H paid July.
    check("2026-08-31", 3, 1);
    // 1 September: A and G owe June–August, 3, and lapse; F owes 4; H owes August.
    check("2026-09-01", 1, 3);
    // 7 September: A paid June–August. B registered on the 2nd and paid September.
    check("2026-09-07", 3, 2);
    // 30 September: C registered that day. A's September receipt, voided on the 15th, changes nothing
    // in September (arrears stop before the current month).
    check("2026-09-30", 4, 2);
    // 1 October: H's July receipt is voided on the 2nd, so as of the 1st H owes August–September, 2:
    // active. A owes September, C September (paid on the 5th), E registered that day; F owes 5, G 4.
    check("2026-10-01", 5, 2);
    // 2 October: H owes July–September, 3: lapsed.
    check("2026-10-02", 4, 3);
    // 5 October: C paid September; F paid May–August and owes September, 1: active again.
    check("2026-10-05", 5, 2);
    // A later end date than today counts as of today (26 November): G owes June–October, 5; H
    // July–October, 4; everyone else at most 2.
    check("2027-03-31", 5, 2);
}

#[test]
fn lapsed_agrees_with_each_members_balance_on_every_day() {
    let (_dir, desk, numbers) = office_with_history();
    let actor = Actor::setup_user();
    // Every day from May to November: the report's count against the money issue's balance of each
    // member on that day (`Desk::balance`, receipts and voids made by then).
    let mut on = day("2026-05-01");
    while on <= day("2026-11-26") {
        let r = desk
            .report(&actor, day("2026-01-01"), on, now())
            .expect("report");
        let (mut active, mut lapsed) = (0, 0);
        for (key, registered, ..) in MEMBERS {
            if day(registered) > on {
                continue;
            }
            let balance = desk.balance(&actor, &numbers[key], on).expect("balance");
            if balance.arrears_months >= 3 {
                lapsed += 1;
            } else {
                active += 1;
            }
        }
        assert_eq!((r.active, r.lapsed), (active, lapsed), "as of {on}");
        on = on.succ_opt().expect("a next day");
    }
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let (_dir, desk, _) = office_with_history();
    let e = desk
        .report(
            &Actor::setup_user(),
            day("2026-09-30"),
            day("2026-09-01"),
            now(),
        )
        .expect_err("refused");
    assert_eq!(e.code(), Code::PeriodInvalid);
    assert_eq!(
        e.to_string(),
        r#"period-invalid {"from":"2026-09-30","to":"2026-09-01"}"#
    );
    // One day is a period.
    assert_eq!(report(&desk, "2026-09-02", "2026-09-02").payments, 1);
}

#[test]
fn an_empty_office_reports_zeros_and_every_group() {
    let (_dir, desk) = desk();
    let r = report(&desk, "2026-11-02", "2026-11-08");
    assert_eq!(
        (r.registrations, r.payments, r.kip, r.active, r.lapsed),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(r.by_age_group.len(), 5);
    assert_eq!(r.by_occupation.len(), 8);
    assert_eq!(r.kip_by_method.len(), 3);
    assert!(r.by_village.is_empty());
    assert_eq!(r.weeks.len(), 1);
    assert_eq!(r.weeks[0].week_start, "2026-11-02");
}

#[test]
fn the_report_as_csv_and_pdf() {
    let (dir, desk, _) = office_with_history();
    let actor = Actor::setup_user();
    let csv = desk
        .report_csv(&actor, day("2026-09-01"), day("2026-09-30"), now())
        .expect("csv");
    let text = std::str::from_utf8(&csv).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark first");
    let lines: Vec<&str> = text.split("\r\n").collect();
    let expected_start = [
        "section,code,name_lo,registrations,payments,kip,members",
        "period,2026-09-01,2026-09-30,,,,",
        "total,,,2,2,900000,",
        "method,bank,ໂອນຜ່ານທະນາຄານ,,,0,",
        "method,cash,ເງິນສົດ,,,675000,",
        "method,mobile,ເງິນມືຖື,,,225000,",
        "village,0101001,ໜອງປິງ,1,1,675000,",
        "village,0101002,ບໍ່ນາງົວ,1,1,225000,",
    ];
    assert_eq!(lines[..expected_start.len()], expected_start);
    for expected in [
        "occupation,farmer,ຊາວກະສິກອນ,1,,,",
        "sex,male,ຊາຍ,2,,,",
        "age_group,55-60,,1,,,",
        "members,active,,,,,4",
        "members,lapsed,,,,,2",
        "week,2026-09-07,,0,1,675000,",
    ] {
        assert!(lines.contains(&expected), "{expected} in\n{text}");
    }
    assert_eq!(lines.last(), Some(&""), "every line ends with CRLF");

    let pdf = desk
        .report_pdf(&actor, day("2026-09-01"), day("2026-09-30"), now())
        .expect("pdf");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let text = crate::outreach_pdf::extracted(&path);
    for expected in [
        "ລາຍງານການລົງທະບຽນ ແລະ ເງິນສົມທົບທີ່ໄດ້ຮັບ",
        "ສະມາຊິກທີ່ລົງທະບຽນໃໝ່",
        "ໜອງປິງ (0101001)",
        "ບໍ່ນາງົວ (0101002)",
        "ຊາວກະສິກອນ / Farmer",
        "900,000 ₭",
        "Contributions received per week",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    crate::outreach_pdf::assert_a4(&path);
}

/// A counter's history with day closes: (member, dated, recorded on, months, method) payments, day
/// closes, and voids of the receipt of the payment at an index (counting payments only).
enum Counter {
    Pay(&'static str, &'static str, &'static str, u32, &'static str),
    Close(&'static str),
    Void(usize, &'static str),
}

const COUNTER: &[Counter] = &[
    Counter::Pay("A", "2026-09-07", "2026-09-07", 3, "cash"),
    Counter::Pay("B", "2026-09-07", "2026-09-07", 1, "mobile"),
    Counter::Close("2026-09-07"),
    Counter::Pay("A", "2026-09-14", "2026-09-14", 1, "bank"),
    Counter::Pay("H", "2026-09-14", "2026-09-14", 1, "cash"),
    Counter::Close("2026-09-14"),
    // A receipt of a closed day voided after the close.
    Counter::Void(0, "2026-09-15"),
    // F catches up May to August; H's receipt of the closed 14th is voided.
    Counter::Pay("F", "2026-09-16", "2026-09-16", 4, "cash"),
    Counter::Void(3, "2026-09-16"),
    Counter::Close("2026-09-16"),
    // Dated back into the 10th, a day never closed, with a supervisor's leave, on 5 October.
    Counter::Pay("G", "2026-09-10", "2026-10-05", 2, "bank"),
    // 5 October stays open.
    Counter::Pay("C", "2026-10-05", "2026-10-05", 1, "cash"),
    Counter::Pay("E", "2026-10-05", "2026-10-05", 1, "mobile"),
    Counter::Void(7, "2026-10-05"),
];

/// The office after [`COUNTER`], its days closed as the history says or never.
fn counter_office(close_days: bool) -> (tempfile::TempDir, Desk) {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let numbers = register_members(&desk);
    let mut receipts = Vec::new();
    for (i, step) in COUNTER.iter().enumerate() {
        match step {
            Counter::Pay(key, dated, recorded, months, method) => {
                let request = PaymentRequest {
                    member_no: numbers[key].clone(),
                    months: MonthsChoice::Next { count: *months },
                    method: (*method).into(),
                    reference: if *method == "cash" { "" } else { "REF-1" }.into(),
                    paid_on: (*dated).into(),
                    skip_arrears: false,
                    allow_backdate: dated != recorded,
                };
                let receipt = desk
                    .pay(&actor, &request, at(recorded))
                    .unwrap_or_else(|e| panic!("step {i}: {e}"));
                receipts.push(receipt.receipt_no);
            }
            Counter::Close(on) => {
                if close_days {
                    desk.close_day(&actor, &actor.staff_id, day(on), at(on))
                        .unwrap_or_else(|e| panic!("step {i}: {e}"));
                }
            }
            Counter::Void(index, on) => {
                desk.void(&actor, &receipts[*index], "typed twice", at(on))
                    .unwrap_or_else(|e| panic!("step {i}: {e}"));
            }
        }
    }
    (dir, desk)
}

#[test]
fn a_report_over_closed_days_equals_the_report_read_from_the_receipts() {
    // The same history twice: in the first office the days are closed, so the report reads their
    // receipts from the day summaries; in the second nothing is closed, so it reads every receipt.
    let (_closed_dir, closed) = counter_office(true);
    let (_open_dir, open) = counter_office(false);
    let check = |from: &str, to: &str, payments: u64| {
        // Twice in the office with closed days: the first report writes the summaries, the second
        // reads them.
        let from_receipts = report(&open, from, to);
        assert_eq!(report(&closed, from, to), from_receipts, "{from}..{to}");
        assert_eq!(
            report(&closed, from, to),
            from_receipts,
            "{from}..{to}, again"
        );
        assert_eq!(from_receipts.payments, payments, "{from}..{to}");
    };
    check("2026-09-07", "2026-09-07", 1);
    check("2026-09-01", "2026-09-30", 4);
    check("2026-09-08", "2026-09-16", 3);
    check("2026-09-10", "2026-09-10", 1);
    check("2026-09-15", "2026-10-05", 2);
    check("2026-10-05", "2026-10-05", 1);
    check("2026-01-01", "2026-12-31", 5);
}
