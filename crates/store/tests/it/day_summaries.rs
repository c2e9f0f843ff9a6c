//! The day summaries (issue 14's reports): the receipts of a period read through them are exactly the
//! receipts of the period read one by one, at every step of a history of payments, day closes, voids of
//! closed days' receipts, payments dated back into days still open, and a day never closed; also after
//! the summaries are forgotten or rebuilt.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use nssf_domain::{DayClose, Receipt, ReceiptLine, Void};
use nssf_store::{Durability, PaymentDraft, Store, StoreError};

use crate::{office, person};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn at(text: &str) -> DateTime<Utc> {
    let d = day(text);
    Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).expect("time"))
}

/// One step of the history. Members are 0, 1, 2.
enum Step {
    /// (member, dated, recorded on, cashier, month paid, method, kip)
    Pay(
        usize,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        i64,
    ),
    /// A cashier's day closed.
    Close(&'static str, &'static str),
    /// The receipt of the `Pay` step at this index voided on a day, by a cashier.
    Void(usize, &'static str, &'static str),
    /// A payment dated into a closed day: refused, and nothing changes.
    PayRefused(usize, &'static str, &'static str),
    /// The periods read both ways are the same.
    Check,
}

const STEPS: &[Step] = &[
    Step::Pay(
        0,
        "2026-09-01",
        "2026-09-01",
        "ana",
        "2026-09",
        "cash",
        225_000,
    ),
    Step::Pay(
        1,
        "2026-09-01",
        "2026-09-01",
        "ana",
        "2026-09",
        "mobile",
        225_000,
    ),
    Step::Pay(
        2,
        "2026-09-01",
        "2026-09-01",
        "bo",
        "2026-09",
        "cash",
        90_000,
    ),
    Step::Check,
    // Ana's day closes, Bo's stays open.
    Step::Close("2026-09-01", "ana"),
    Step::Check,
    Step::PayRefused(2, "2026-09-01", "ana"),
    // Bo records a payment dated back into his open day a week later.
    Step::Pay(
        0,
        "2026-09-01",
        "2026-09-08",
        "bo",
        "2026-10",
        "bank",
        225_000,
    ),
    Step::Pay(
        1,
        "2026-09-08",
        "2026-09-08",
        "ana",
        "2026-10",
        "cash",
        225_000,
    ),
    Step::Check,
    // A receipt of Ana's closed day is voided on the 8th: the summary keeps it, marked by the void.
    Step::Void(1, "2026-09-08", "bo"),
    Step::Check,
    Step::Close("2026-09-08", "ana"),
    Step::Close("2026-09-01", "bo"),
    Step::Check,
    // Months paid back: member 2 catches up August in October; that day is never closed.
    Step::Pay(
        2,
        "2026-10-02",
        "2026-10-02",
        "ana",
        "2026-08",
        "cash",
        90_000,
    ),
    Step::Void(4, "2026-10-02", "ana"),
    Step::Check,
];

/// The periods every check reads.
const PERIODS: &[(&str, &str)] = &[
    ("2026-09-01", "2026-09-01"),
    ("2026-09-01", "2026-09-30"),
    ("2026-09-02", "2026-09-08"),
    ("2026-09-09", "2026-10-01"),
    ("2026-08-01", "2026-12-31"),
    ("2026-10-02", "2026-10-02"),
];

type Line = (String, String, NaiveDate, String, i64);

/// The period's receipts through the summaries.
fn summarised(store: &Store, from: &str, to: &str) -> Vec<Line> {
    let mut out = Vec::new();
    store
        .receipt_totals_between(day(from), day(to), &mut |r| {
            out.push((
                r.receipt_no.to_owned(),
                r.member_no.to_owned(),
                r.paid_on,
                r.method.to_owned(),
                r.total_kip,
            ));
        })
        .expect("read through the summaries");
    out.sort();
    out
}

/// The period's receipts read one by one from every member's ledger.
fn one_by_one(store: &Store, members: &[String], from: &str, to: &str) -> Vec<Line> {
    let mut out: Vec<Line> = members
        .iter()
        .flat_map(|m| store.member_ledger(m).expect("ledger").receipts)
        .filter(|r| (day(from)..=day(to)).contains(&r.paid_on))
        .map(|r| (r.receipt_no, r.member_no, r.paid_on, r.method, r.total_kip))
        .collect();
    out.sort();
    out
}

#[test]
fn summaries_give_the_receipts_read_one_by_one_at_every_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let members: Vec<String> = ["A1", "A2", "A3"]
        .iter()
        .map(|doc| {
            let mut m = person("ເຈົ້າ", "Chao", doc, "");
            m.registered_on = day("2026-08-01");
            store
                .insert_member(&m, "clerk", at("2026-08-01"), Durability::FlushEach)
                .expect("member")
                .member_no
        })
        .collect();
    let mut paid: Vec<String> = Vec::new();
    let mut checks = 0;
    let pay = |member: usize,
               dated: &str,
               recorded: &str,
               cashier: &str,
               month: &str,
               method: &str,
               kip: i64| {
        let receipt = Receipt {
            receipt_no: String::new(),
            member_no: members[member].clone(),
            paid_on: day(dated),
            method: method.into(),
            reference: String::new(),
            lines: vec![ReceiptLine {
                month: month.into(),
                base_kip: kip * 10,
                rate_basis_points: 1000,
                amount_kip: kip,
                floor_applied: false,
            }],
            total_kip: kip,
            cashier: cashier.into(),
            issued_at: at(recorded),
        };
        store.record_payment(&PaymentDraft { receipt }, at(recorded))
    };
    for (i, step) in STEPS.iter().enumerate() {
        match step {
            Step::Pay(member, dated, recorded, cashier, month, method, kip) => {
                let receipt = pay(*member, dated, recorded, cashier, month, method, *kip)
                    .unwrap_or_else(|e| panic!("step {i}: {e}"));
                paid.push(receipt.receipt_no);
            }
            Step::PayRefused(member, dated, cashier) => {
                let refused = pay(*member, dated, dated, cashier, "2026-07", "cash", 1);
                assert!(
                    matches!(refused, Err(StoreError::DayClosed(_))),
                    "step {i}: {refused:?}"
                );
            }
            Step::Close(date, cashier) => {
                let close = DayClose {
                    date: day(date),
                    cashier: (*cashier).into(),
                    workstation: "0101-03".into(),
                    receipts: vec![],
                    totals_by_method: Default::default(),
                    voids: vec![],
                    voided_kip: 0,
                    cash_expected_kip: 0,
                    closed_at: at(date),
                };
                store.close_day(&close, cashier).expect("close");
            }
            Step::Void(index, on, by) => {
                let void = Void {
                    receipt_no: paid[*index].clone(),
                    reason: "typed twice".into(),
                    voided_by: (*by).into(),
                    voided_on: day(on),
                    voided_at: at(on),
                };
                store.void_receipt(&void).expect("void");
            }
            Step::Check => {
                checks += 1;
                for (from, to) in PERIODS {
                    let expected = one_by_one(&store, &members, from, to);
                    // Twice: the first read writes the closed days' summaries, the second reads them.
                    assert_eq!(
                        summarised(&store, from, to),
                        expected,
                        "step {i}, {from}..{to}"
                    );
                    assert_eq!(
                        summarised(&store, from, to),
                        expected,
                        "step {i}, {from}..{to}, again"
                    );
                }
            }
        }
    }
    assert_eq!(checks, 6);
    // Voided receipts are still given (the reader leaves them out by the voids' numbers).
    let voided = store.voided_receipt_numbers().expect("voids");
    assert_eq!(voided.len(), 2);
    let all = summarised(&store, "2026-01-01", "2026-12-31");
    assert_eq!(all.len(), 6);
    assert!(voided.iter().all(|v| all.iter().any(|l| &l.0 == v)));
    // Rebuilt (three closed days) or forgotten, the summaries give the same receipts.
    assert_eq!(store.rebuild_day_summaries().expect("rebuild"), 3);
    assert_eq!(summarised(&store, "2026-01-01", "2026-12-31"), all);
    store.forget_day_summaries().expect("forget");
    assert_eq!(summarised(&store, "2026-01-01", "2026-12-31"), all);
}

#[test]
fn member_passes_in_parts_give_every_member_once_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let whole = |store: &Store| -> Vec<nssf_store::MemberContributions> {
        store
            .members_with_contributions()
            .collect::<Result<_, _>>()
            .expect("pass")
    };
    let check = |store: &Store, members: usize| {
        let expected = whole(store);
        assert_eq!(expected.len(), members);
        for parts in 1..=4 {
            let passes = store
                .members_with_contributions_in_parts(parts)
                .expect("parts");
            assert!(
                passes.len() <= parts.max(1),
                "{members} members, {parts} parts"
            );
            let got: Vec<_> = passes
                .into_iter()
                .flatten()
                .collect::<Result<_, _>>()
                .expect("pass");
            assert_eq!(got, expected, "{members} members in {parts} parts");
        }
    };
    check(&store, 0);
    for i in 0..23 {
        let mut m = person("ເຈົ້າ", "Chao", &format!("B{i:03}"), "");
        m.registered_on = day("2026-08-01");
        let m = store
            .insert_member(&m, "clerk", at("2026-08-01"), Durability::Deferred)
            .expect("member");
        // Every third member pays August and September: rows in `month_paid` on both sides of a cut.
        for month in ["2026-08", "2026-09"]
            .iter()
            .take(if i % 3 == 0 { 2 } else { 0 })
        {
            let receipt = Receipt {
                receipt_no: String::new(),
                member_no: m.member_no.clone(),
                paid_on: day("2026-09-01"),
                method: "cash".into(),
                reference: String::new(),
                lines: vec![ReceiptLine {
                    month: (*month).into(),
                    base_kip: 2_500_000,
                    rate_basis_points: 900,
                    amount_kip: 225_000,
                    floor_applied: false,
                }],
                total_kip: 225_000,
                cashier: "ana".into(),
                issued_at: at("2026-09-01"),
            };
            store
                .record_payment_in(
                    &PaymentDraft { receipt },
                    at("2026-09-01"),
                    Durability::Deferred,
                )
                .expect("pay");
        }
        if i == 0 || i == 22 {
            check(&store, i + 1);
        }
    }
    let with_paid = whole(&store).iter().filter(|m| m.paid.len() == 2).count();
    assert_eq!(with_paid, 8);
}
