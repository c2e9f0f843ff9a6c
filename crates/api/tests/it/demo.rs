//! The demo office (issue 14): a payment history that looks like an office's, written as it would have
//! happened, the same for the same seed.

use chrono::{Datelike, NaiveDate, Weekday};
use nssf_api::contributions::CoverageStatus;
use nssf_api::demo::DemoWritten;
use nssf_api::{office_date, Actor, ArrearsQuery, Desk, ReportView};

use crate::{desk, now};

/// A demo office of `members` applicants of `seed`, written as of `now()`.
fn demo_office(members: u64, seed: u64) -> (tempfile::TempDir, Desk, DemoWritten) {
    let (dir, desk) = desk();
    let history = desk.demo_history(members, seed, now());
    let mut heard = 0;
    let written = desk
        .write_demo(&Actor::setup_user(), &history, now(), |done| heard = done)
        .expect("demo written");
    assert_eq!(heard, history.len(), "progress reaches the end");
    (dir, desk, written)
}

fn arrears(desk: &Desk, min_months: u32) -> Vec<nssf_api::ArrearsLine> {
    let query = ArrearsQuery {
        min_months,
        village: None,
    };
    desk.arrears(&Actor::setup_user(), &query, now())
        .expect("arrears")
}

/// Everything since the earliest demo registration, as of today.
fn report(desk: &Desk) -> ReportView {
    let from = NaiveDate::from_ymd_opt(2024, 10, 1).expect("date");
    desk.report(&Actor::setup_user(), from, office_date(now()), now())
        .expect("report")
}

#[test]
fn the_demo_office_pays_like_an_office() {
    let (_dir, desk, written) = demo_office(150, 1);
    let actor = Actor::setup_user();
    let members = written.members.len();
    assert_eq!(members, 150);
    let owing = arrears(&desk, 1).len();
    let lapsed = arrears(&desk, 3).len();
    let current = office_date(now()).format("%Y-%m").to_string();
    let mut ahead = 0;
    let mut voided = Vec::new();
    let mut receipts = Vec::new();
    for no in &written.members {
        let coverage = desk.coverage(&actor, no, now()).expect("coverage");
        if coverage
            .months
            .iter()
            .any(|m| m.status == CoverageStatus::Covered && m.month > current)
        {
            ahead += 1;
        }
        for r in coverage.receipts {
            if r.voided {
                voided.push(r.receipt_no.clone());
            }
            receipts.push(r);
        }
    }
    let share = |n: usize| n as f64 / members as f64;
    // (what, share of the members, least, most)
    let rows = [
        ("nothing in arrears", share(members - owing), 0.50, 0.85),
        (
            "1 or 2 months in arrears",
            share(owing - lapsed),
            0.05,
            0.25,
        ),
        ("lapsed (3 months or more)", share(lapsed), 0.08, 0.35),
        ("paid ahead", share(ahead), 0.03, 0.30),
        (
            "voided receipts (of receipts)",
            voided.len() as f64 / receipts.len() as f64,
            0.001,
            0.02,
        ),
    ];
    for (what, measured, least, most) in rows {
        eprintln!("demo office: {what} {measured:.3}");
        assert!(
            (least..=most).contains(&measured),
            "{what}: {measured:.3} not in {least}..={most}"
        );
    }
    assert_eq!(written.receipts as usize, receipts.len());
    assert_eq!(written.voids as usize, voided.len());

    // The report agrees with the lists, counts the receipts not voided, and sees the methods mixed.
    let report = report(&desk);
    assert_eq!(report.lapsed as usize, lapsed);
    assert_eq!(report.active as usize + lapsed, members);
    assert_eq!(report.registrations as usize, members);
    assert_eq!(report.payments as usize, receipts.len() - voided.len());
    let kip = |method: &str| report.kip_by_method.get(method).copied().unwrap_or(0);
    assert!(kip("cash") > report.kip / 2, "{:?}", report.kip_by_method);
    assert!(
        kip("bank") > 0 && kip("mobile") > 0,
        "{:?}",
        report.kip_by_method
    );
    let weeks_with_registrations = report.weeks.iter().filter(|w| w.registrations > 0).count();
    assert!(
        weeks_with_registrations > 40,
        "{weeks_with_registrations} weeks"
    );

    // Each void carries its reason; each receipt is dated on its day, by the cashier, at its time.
    for receipt_no in &voided {
        let view = desk.receipt(&actor, receipt_no).expect("receipt");
        let void = view.void.expect("void");
        assert!(!void.reason.trim().is_empty());
        assert_eq!(
            void.voided_on, view.receipt.paid_on,
            "voided minutes after the slip"
        );
    }
    for r in receipts.iter().step_by(25) {
        let view = desk.receipt(&actor, &r.receipt_no).expect("receipt");
        assert_eq!(view.receipt.cashier, "setup");
        assert_eq!(office_date(view.receipt.issued_at), view.receipt.paid_on);
        assert!(view.receipt.issued_at <= now());
    }

    // The office is closed at the weekend. Every past day with receipts is closed in its afternoon;
    // today is open.
    let days: std::collections::BTreeSet<NaiveDate> = receipts
        .iter()
        .map(|r| NaiveDate::parse_from_str(&r.paid_on, "%Y-%m-%d").expect("date"))
        .collect();
    assert!(days
        .iter()
        .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
    let today = office_date(now());
    for day in &days {
        let sheet = desk.day_summary(&actor, "setup", *day, now()).expect("day");
        let closed = sheet.closed_at != now();
        assert_eq!(closed, *day < today, "{day}");
        if closed {
            assert_eq!(office_date(sheet.closed_at), *day);
        }
    }
    assert!(written.days_closed as usize >= days.len() - 1);
}

#[test]
fn the_same_seed_gives_the_same_office() {
    let outcome = |seed: u64| {
        let (_dir, desk, written) = demo_office(40, seed);
        (
            serde_json::to_value(report(&desk)).expect("json"),
            serde_json::to_value(arrears(&desk, 1)).expect("json"),
            written,
        )
    };
    let first = outcome(9);
    assert_eq!(first, outcome(9));
    assert_ne!(first.1, outcome(10).1);
}
