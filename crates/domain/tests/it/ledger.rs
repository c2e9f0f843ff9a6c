use std::collections::BTreeMap;

use nssf_domain::ledger::{
    balance, coverage, due_for, months_to_pay, Balance, MonthStatus, MonthsRequest, PaymentRules,
};
use nssf_domain::{Month, ProblemCode, ProblemKind, Schedule};

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
    assert_eq!(
        before.kind,
        ProblemKind::MonthBeforeRegistration {
            month: "2023-06".into()
        }
    );
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
    // August to October: the current month is due this month, not in arrears.
    assert_eq!(nssf_domain::ledger::arrears(&months, m("2026-11")), 3);
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
    let check = |req: MonthsRequest, expected: Result<&[&str], ProblemCode>| {
        let got = months_to_pay(req, first, current, &paid, rules)
            .map(|ms| ms.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|p| p.code());
        let expected = expected.map(|ms| ms.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, expected, "{req:?}");
    };
    check(MonthsRequest::Next(2), Ok(&["2026-07", "2026-09"]));
    check(
        MonthsRequest::Next(5),
        Ok(&["2026-07", "2026-09", "2026-10", "2026-11", "2026-12"]),
    );
    check(MonthsRequest::Next(0), Err(ProblemCode::NoMonths));
    check(
        MonthsRequest::Range {
            from: m("2026-09"),
            to: m("2026-12"),
            skip_earlier_unpaid: true,
        },
        Ok(&["2026-09", "2026-10", "2026-11", "2026-12"]),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-12"),
            to: m("2026-09"),
            skip_earlier_unpaid: true,
        },
        Err(ProblemCode::RangeInvalid),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-07"),
            to: m("2026-08"),
            skip_earlier_unpaid: true,
        },
        Err(ProblemCode::MonthAlreadyCovered),
    );
    check(
        MonthsRequest::Range {
            from: m("2026-05"),
            to: m("2026-07"),
            skip_earlier_unpaid: true,
        },
        Err(ProblemCode::MonthBeforeRegistration),
    );
    check(
        MonthsRequest::Range {
            from: m("2027-11"),
            to: m("2027-12"),
            skip_earlier_unpaid: true,
        },
        Err(ProblemCode::MonthTooFarAhead),
    );
    check(MonthsRequest::Next(40), Err(ProblemCode::TooManyMonths));
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

/// Arrears, this month, to pay now and paid through, month by month: registered June 2026 at 2,500,000
/// (225,000 a month).
#[test]
fn balance_across_months() {
    let s = schedule();
    let bases = [(m("2026-06"), 2_500_000)];
    let first = m("2026-06");
    let paid_by = |months: &[&str]| -> BTreeMap<Month, String> {
        months.iter().map(|t| (m(t), "R".to_owned())).collect()
    };
    let check = |paid: &[&str], current: &str, expected: (u32, i64, i64, i64, Option<&str>)| {
        let months = coverage(&s, &bases, first, m(current), &paid_by(paid)).expect("coverage");
        let b = balance(&months, m(current));
        let got = (
            b.arrears_months,
            b.arrears_kip,
            b.this_month_kip,
            b.to_pay_now_kip,
            b.paid_through.map(|p| p.to_string()),
        );
        let (n, arrears, this, now, through) = expected;
        assert_eq!(
            got,
            (n, arrears, this, now, through.map(str::to_owned)),
            "paid {paid:?} in {current}"
        );
    };
    const M: i64 = 225_000;
    // Nothing paid: the registration month is this month's, not arrears.
    check(&[], "2026-06", (0, 0, M, M, None));
    check(&[], "2026-07", (1, M, M, 2 * M, None));
    // Across the new year.
    check(&[], "2027-01", (7, 7 * M, M, 8 * M, None));
    // Paid through this month: nothing is due now.
    let to_nov = [
        "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
    ];
    check(&to_nov, "2026-11", (0, 0, 0, 0, Some("2026-11")));
    // The next month begins: only it is due.
    check(&to_nov, "2026-12", (0, 0, M, M, Some("2026-11")));
    // Paid ahead past a gap: the run stops at the gap; the paid month owes nothing.
    let gap = ["2026-06", "2026-07", "2026-09"];
    check(&gap, "2026-09", (1, M, 0, M, Some("2026-07")));
    check(&gap, "2026-08", (0, 0, M, M, Some("2026-07")));
    // Paid ahead, no gap: through the last month paid.
    let ahead = ["2026-06", "2026-07", "2026-08", "2026-09"];
    check(&ahead, "2026-07", (0, 0, 0, 0, Some("2026-09")));
    // The registration month unpaid (e.g. its receipt voided): no month paid through.
    check(&["2026-07", "2026-08"], "2026-08", (1, M, 0, M, None));
    // Before the registration month: nothing owed, nothing paid through.
    check(&[], "2026-05", (0, 0, 0, 0, None));
    check(&["2026-06"], "2026-05", (0, 0, 0, 0, None));
    assert_eq!(balance(&[], m("2026-06")), Balance::default());
}

#[test]
fn a_range_leaving_earlier_months_unpaid_needs_the_choice() {
    let first = m("2026-06");
    let current = m("2026-11");
    let paid: BTreeMap<Month, String> = [(m("2026-06"), "R1".to_owned())].into();
    let check = |from: &str, to: &str, skip: bool, expected: Result<usize, ProblemKind>| {
        let req = MonthsRequest::Range {
            from: m(from),
            to: m(to),
            skip_earlier_unpaid: skip,
        };
        let got = months_to_pay(req, first, current, &paid, PaymentRules::default())
            .map(|ms| ms.len())
            .map_err(|p| p.kind);
        assert_eq!(got, expected, "{from}–{to} skip {skip}");
    };
    let left = |month: &str, count: u32| ProblemKind::MonthsLeftUnpaid {
        month: month.into(),
        count,
    };
    check("2026-07", "2026-08", false, Ok(2));
    check("2026-09", "2026-11", false, Err(left("2026-07", 2)));
    check("2026-09", "2026-11", true, Ok(3));
    // Not yet due months count too: paying February 2027 while December is open leaves it unpaid.
    check("2027-02", "2027-02", false, Err(left("2026-07", 7)));
    // "Next N" keeps paying the oldest first, never needing the choice.
    let next = months_to_pay(
        MonthsRequest::Next(2),
        first,
        current,
        &paid,
        PaymentRules::default(),
    )
    .expect("next");
    assert_eq!(next, [m("2026-07"), m("2026-08")]);
}
