use chrono::{Duration, NaiveDate};
use nssf_api::{Actor, MonthsChoice, PaymentRequest, Role};
use nssf_domain::Code;

use crate::{applicant, desk, now};

fn next(member_no: &str, count: u32, method: &str, reference: &str) -> PaymentRequest {
    PaymentRequest {
        member_no: member_no.into(),
        months: MonthsChoice::Next { count },
        method: method.into(),
        reference: reference.into(),
        paid_on: String::new(),
    }
}

fn range(member_no: &str, from: &str, to: &str) -> PaymentRequest {
    PaymentRequest {
        member_no: member_no.into(),
        months: MonthsChoice::Range {
            from: from.into(),
            to: to.into(),
        },
        method: "cash".into(),
        reference: String::new(),
        paid_on: String::new(),
    }
}

/// A member registered on 2026-06-10 at 2,500,000 kip (225,000 a month).
fn member(desk: &nssf_api::Desk) -> String {
    let mut d = applicant("ເຈົ້າ", "ນ້ຳໃຈ", "Chao", "Namchai", "123456789");
    d.registered_on = "2026-06-10".into();
    desk.register(&Actor::setup_user(), &d, false, now())
        .expect("register")
        .member
        .member_no
}

fn statuses(desk: &nssf_api::Desk, no: &str) -> Vec<(String, String)> {
    desk.coverage(no, now())
        .expect("coverage")
        .months
        .into_iter()
        .map(|m| (m.month, m.status))
        .collect()
}

#[test]
fn arrears_first_then_advance_then_void() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let view = desk.coverage(&no, now()).expect("coverage");
    assert_eq!(
        (
            view.months_in_arrears,
            view.arrears_kip,
            view.current_month_kip
        ),
        (6, 6 * 225_000, 225_000)
    );

    let r1 = desk
        .pay(&actor, &next(&no, 2, "cash", ""), now())
        .expect("pay");
    assert_eq!(
        r1.lines
            .iter()
            .map(|l| l.month.as_str())
            .collect::<Vec<_>>(),
        ["2026-06", "2026-07"]
    );
    assert_eq!(r1.total_kip, 450_000);
    assert_eq!(
        r1.total_kip,
        r1.lines.iter().map(|l| l.amount_kip).sum::<i64>()
    );
    assert!(nssf_domain::ReceiptNumber::parse(&r1.receipt_no).is_some());
    assert!(r1.receipt_no.starts_with("0101-01-2026-000001-"));

    let r2 = desk
        .pay(&actor, &range(&no, "2026-08", "2027-01"), now())
        .expect("pay range");
    assert_eq!(r2.lines.len(), 6);
    let s = statuses(&desk, &no);
    assert_eq!(s.len(), 8);
    assert!(s.iter().all(|(_, st)| st == "covered"), "{s:?}");

    // Months already covered: refused, nothing stored.
    let err = desk
        .pay(&actor, &range(&no, "2026-12", "2027-02"), now())
        .unwrap_err();
    assert_eq!(err.problems[0].code, Code::MonthAlreadyCovered);
    assert_eq!(desk.coverage(&no, now()).expect("c").receipts.len(), 2);

    // A void reopens its months; the receipt itself stays, marked voided.
    desk.void(&actor, &r1.receipt_no, "wrong member", now())
        .expect("void");
    let s = statuses(&desk, &no);
    assert_eq!(&s[0], &("2026-06".to_owned(), "unpaid".to_owned()));
    assert_eq!(&s[1], &("2026-07".to_owned(), "unpaid".to_owned()));
    let view = desk.receipt(&r1.receipt_no).expect("receipt");
    assert_eq!(view.receipt, r1);
    assert_eq!(
        view.void.as_ref().map(|v| v.reason.as_str()),
        Some("wrong member")
    );
    assert_eq!(
        desk.void(&actor, &r1.receipt_no, "again", now())
            .unwrap_err()
            .code,
        Code::AlreadyVoided
    );
    // The reopened months can be paid again.
    let r3 = desk
        .pay(&actor, &next(&no, 2, "bank", "TRX-991"), now())
        .expect("pay again");
    assert_eq!(
        r3.lines
            .iter()
            .map(|l| l.month.as_str())
            .collect::<Vec<_>>(),
        ["2026-06", "2026-07"]
    );
}

#[test]
fn payment_refusals() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let check = |req: PaymentRequest, field: &str, code: Code| {
        let err = desk.pay(&actor, &req, now()).unwrap_err();
        assert_eq!(err.code, Code::InvalidInput);
        assert!(
            err.problems
                .iter()
                .any(|p| p.field == field && p.code == code),
            "{field} {code:?}: {err:?}"
        );
    };
    check(
        next(&no, 1, "bank", ""),
        "reference",
        Code::ReferenceRequired,
    );
    check(next(&no, 1, "cheque", ""), "method", Code::InvalidChoice);
    check(
        range(&no, "2026-09", "2026-07"),
        "months",
        Code::RangeInvalid,
    );
    check(
        range(&no, "2026-13", "2026-07"),
        "months",
        Code::RangeInvalid,
    );
    check(
        range(&no, "2026-01", "2026-07"),
        "months",
        Code::MonthBeforeRegistration,
    );
    check(
        range(&no, "2028-01", "2028-02"),
        "months",
        Code::MonthTooFarAhead,
    );
    let mut future = next(&no, 1, "cash", "");
    future.paid_on = "2026-12-25".into();
    check(future, "paid_on", Code::DateInFuture);
    assert!(
        desk.coverage(&no, now()).expect("c").receipts.is_empty(),
        "nothing stored"
    );
    let clerk = Actor {
        staff_id: "k".into(),
        roles: vec![Role::Clerk],
    };
    assert_eq!(
        desk.pay(&clerk, &next(&no, 1, "cash", ""), now())
            .unwrap_err()
            .code,
        Code::Forbidden
    );
    let cashier = Actor {
        staff_id: "c".into(),
        roles: vec![Role::Cashier],
    };
    let r = desk
        .pay(&cashier, &next(&no, 1, "cash", ""), now())
        .expect("cashier pays");
    assert_eq!(
        desk.void(&cashier, &r.receipt_no, "x", now())
            .unwrap_err()
            .code,
        Code::Forbidden,
        "voids are a supervisor's"
    );
}

#[test]
fn base_changes_apply_from_their_month() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    desk.pay(&actor, &next(&no, 2, "cash", ""), now())
        .expect("pay June–July");
    // A change that would rewrite a paid month is refused.
    let err = desk
        .set_base(&actor, &no, "3000000", "2026-07", now())
        .unwrap_err();
    assert_eq!(err.problems[0].code, Code::MonthAlreadyCovered);
    assert_eq!(
        desk.set_base(&actor, &no, "1000000", "2026-09", now())
            .unwrap_err()
            .problems[0]
            .code,
        Code::BaseBelowFloor
    );
    desk.set_base(&actor, &no, "3,000,000", "2026-09", now())
        .expect("raise");
    let months = desk.coverage(&no, now()).expect("coverage").months;
    let due: Vec<(String, i64)> = months
        .iter()
        .map(|m| (m.month.clone(), m.due_kip))
        .collect();
    assert_eq!(due[2], ("2026-08".to_owned(), 225_000));
    assert_eq!(due[3], ("2026-09".to_owned(), 270_000));
    let r = desk
        .pay(&actor, &range(&no, "2026-08", "2026-09"), now())
        .expect("pay");
    assert_eq!(r.total_kip, 225_000 + 270_000);
    assert_eq!(
        desk.member(&no).expect("member").member.income_base_kip,
        3_000_000
    );
    // Amending the form does not rewrite the base.
    let mut draft = desk.member(&no).expect("m").draft;
    draft.income_base_kip = nssf_domain::TextOrNumber::Number(4_000_000);
    draft.house_no = "99".into();
    assert_eq!(
        desk.amend(&actor, &no, &draft, now())
            .expect("amend")
            .member
            .income_base_kip,
        3_000_000
    );
}

#[test]
fn day_close_totals_and_closed_days() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let today = nssf_api::office_date(now());
    let cash = desk
        .pay(&actor, &next(&no, 2, "cash", ""), now())
        .expect("cash");
    let bank = desk
        .pay(&actor, &next(&no, 1, "bank", "B-1"), now())
        .expect("bank");
    let mobile = desk
        .pay(&actor, &next(&no, 1, "mobile", "M-1"), now())
        .expect("mobile");
    desk.void(&actor, &mobile.receipt_no, "duplicate", now())
        .expect("void");
    let close = desk.close_day(&actor, today, now()).expect("close");
    assert_eq!(
        close.receipts,
        [
            cash.receipt_no.clone(),
            bank.receipt_no.clone(),
            mobile.receipt_no.clone()
        ]
    );
    assert_eq!(close.totals_by_method.get("cash"), Some(&450_000));
    assert_eq!(close.totals_by_method.get("bank"), Some(&225_000));
    assert_eq!(close.totals_by_method.get("mobile"), None);
    assert_eq!(
        (close.voids.len(), close.voided_kip, close.cash_expected_kip),
        (1, 225_000, 450_000)
    );

    assert_eq!(
        desk.pay(&actor, &next(&no, 1, "cash", ""), now())
            .unwrap_err()
            .code,
        Code::DayClosed
    );
    assert_eq!(
        desk.close_day(&actor, today, now()).unwrap_err().code,
        Code::DayClosed
    );
    assert_eq!(
        desk.void(&actor, &cash.receipt_no, "late", now())
            .unwrap_err()
            .code,
        Code::DayClosed
    );
    // The next day is open; a backdated payment into the closed day is not.
    let tomorrow = now() + Duration::days(1);
    desk.pay(&actor, &next(&no, 1, "cash", ""), tomorrow)
        .expect("next day");
    let mut backdated = next(&no, 1, "cash", "");
    backdated.paid_on = today.to_string();
    assert_eq!(
        desk.pay(&actor, &backdated, tomorrow).unwrap_err().code,
        Code::DayClosed
    );
    assert_eq!(
        desk.close_day(&actor, today + chrono::Days::new(5), now())
            .unwrap_err()
            .code,
        Code::InvalidInput
    );
    let _ = NaiveDate::MIN;
}

#[test]
fn each_change_has_one_change_log_entry() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let r = desk
        .pay(&actor, &next(&no, 1, "cash", ""), now())
        .expect("pay");
    desk.void(&actor, &r.receipt_no, "x", now()).expect("void");
    desk.set_base(&actor, &no, "3000000", "2026-12", now())
        .expect("base");
    desk.close_day(&actor, nssf_api::office_date(now()), now())
        .expect("close");
    let kinds: Vec<String> = desk
        .store()
        .changes_after(0)
        .map(|c| {
            serde_json::to_value(c.expect("entry").kind)
                .expect("json")
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "member_registered",
            "payment_recorded",
            "receipt_voided",
            "base_changed",
            "day_closed"
        ]
    );
}
