use std::collections::BTreeMap;

use nssf_domain::ledger::{
    coverage, due_for, months_to_pay, MonthStatus, MonthsRequest, PaymentRules,
};
use nssf_domain::{Code, Month, Schedule};

fn m(text: &str) -> Month {
    Month::parse(text).expect("month")
}

fn schedule() -> Schedule {
    Schedule::from_json(include_str!(
        "../../../../assets/contribution-schedule.json"
    ))
    .expect("schedule")
}

#[test]
fn month_amounts_follow_schedule_and_base_history() {
    let s = schedule();
    // Registered in July 2023 at 1,500,000; raised to 3,000,000 from March 2025.
    let bases = [(m("2023-07"), 1_500_000), (m("2025-03"), 3_000_000)];
    let check = |month: &str, base: i64, amount: i64, floor_applied: bool| {
        let d = due_for(&s, &bases, m(month)).expect("due");
        assert_eq!(
            (d.base_kip, d.amount_kip, d.floor_applied),
            (base, amount, floor_applied),
            "{month}"
        );
    };
    check("2023-07", 1_500_000, 135_000, false); // floor 1,300,000
    check("2023-09", 1_500_000, 135_000, false);
    check("2023-10", 1_600_000, 144_000, true); // the floor rose to 1,600,000 and overtakes the base
    check("2024-09", 1_600_000, 144_000, true);
    check("2024-10", 2_500_000, 225_000, true); // and again to 2,500,000
    check("2025-02", 2_500_000, 225_000, true);
    check("2025-03", 3_000_000, 270_000, false); // the new base
    let before = due_for(&s, &bases, m("2023-06")).unwrap_err();
    assert_eq!(before.code, Code::MonthBeforeRegistration);
    let ceiling = due_for(&s, &[(m("2025-01"), 9_000_000)], m("2025-01")).expect("due");
    assert_eq!(
        (ceiling.base_kip, ceiling.ceiling_applied),
        (4_500_000, true)
    );
}

#[test]
fn coverage_marks_covered_unpaid_and_future() {
    let s = schedule();
    let bases = [(m("2026-06"), 2_500_000)];
    let paid: BTreeMap<Month, String> = [
        (m("2026-06"), "R1".to_owned()),
        (m("2026-07"), "R1".to_owned()),
        (m("2027-01"), "R2".to_owned()),
    ]
    .into();
    let months = coverage(&s, &bases, m("2026-06"), m("2026-11"), &paid).expect("coverage");
    let got: Vec<(String, MonthStatus)> = months
        .iter()
        .map(|c| (c.due.month.to_string(), c.status.clone()))
        .collect();
    let covered = |r: &str| MonthStatus::Covered(r.to_owned());
    assert_eq!(
        got,
        [
            ("2026-06".to_owned(), covered("R1")),
            ("2026-07".to_owned(), covered("R1")),
            ("2026-08".to_owned(), MonthStatus::Unpaid),
            ("2026-09".to_owned(), MonthStatus::Unpaid),
            ("2026-10".to_owned(), MonthStatus::Unpaid),
            ("2026-11".to_owned(), MonthStatus::Unpaid),
            ("2026-12".to_owned(), MonthStatus::Future),
            ("2027-01".to_owned(), covered("R2")),
        ]
    );
    assert_eq!(nssf_domain::ledger::arrears(&months), 4);
}

#[test]
fn months_to_pay_arrears_first_then_advance() {
    let first = m("2026-06");
    let current = m("2026-11");
    let paid: BTreeMap<Month, String> = [
        (m("2026-06"), "R1".to_owned()),
        (m("2026-08"), "R2".to_owned()),
    ]
    .into();
    let rules = PaymentRules::default();
    let check = |req: MonthsRequest, expected: Result<&[&str], Code>| {
        let got = months_to_pay(req, first, current, &paid, rules)
            .map(|ms| ms.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|p| p.code);
        let expected = expected.map(|ms| ms.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, expected, "{req:?}");
    };
    check(MonthsRequest::Next(2), Ok(&["2026-07", "2026-09"]));
    check(
        MonthsRequest::Next(5),
        Ok(&["2026-07", "2026-09", "2026-10", "2026-11", "2026-12"]),
    );
    check(MonthsRequest::Next(0), Err(Code::RangeInvalid));
    check(
        MonthsRequest::Range {
            from: m("2026-09"),
            to: m("2026-12"),
        },
        Ok(&["2026-09", "2026-10", "2026-11", "2026-12"]),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-12"),
            to: m("2026-09"),
        },
        Err(Code::RangeInvalid),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-07"),
            to: m("2026-08"),
        },
        Err(Code::MonthAlreadyCovered),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-05"),
            to: m("2026-07"),
        },
        Err(Code::MonthBeforeRegistration),
    );
    check(
        MonthsRequest::Range {
            from: m("2027-11"),
            to: m("2027-12"),
        },
        Err(Code::MonthTooFarAhead),
    );
    check(MonthsRequest::Next(40), Err(Code::TooManyMonths));
}

#[test]
fn month_arithmetic() {
    assert_eq!(m("2026-12").next(), m("2027-01"));
    assert_eq!(m("2026-11").plus(14), m("2028-01"));
    assert_eq!(m("2026-01").count_to(m("2026-12")), 12);
    assert_eq!(m("2026-12").count_to(m("2026-01")), 0);
    for bad in ["2026-13", "2026-0", "26-01", "2026/01", "", "2026-1x"] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    assert_eq!(Month::parse("໒໐໒໖-໐໓"), Some(m("2026-03")));
}

#[test]
fn receipt_numbers_catch_typos() {
    use nssf_domain::ReceiptNumber;
    let r = ReceiptNumber {
        district: 101,
        workstation: 1,
        year: 2026,
        counter: 42,
    };
    let text = r.to_string();
    assert!(text.starts_with("0101-01-2026-000042-"));
    assert_eq!(ReceiptNumber::parse(&text), Some(r));
    assert_eq!(ReceiptNumber::parse(&text.replace('-', "")), Some(r));
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
    for i in 0..digits.len() - 1 {
        if digits[i] != digits[i + 1] {
            let mut swapped = digits.clone();
            swapped.swap(i, i + 1);
            assert_eq!(
                ReceiptNumber::parse(std::str::from_utf8(&swapped).expect("ascii")),
                None
            );
        }
    }
}
