use chrono::{Duration, NaiveDate};
use nssf_api::{Action, Actor, ApiError, MonthsChoice, PaymentRequest, Refusal, Role};
use nssf_domain::{Problem, ProblemCode, ProblemKind};

use crate::{applicant, desk, now};

fn next(member_no: &str, count: u32, method: &str, reference: &str) -> PaymentRequest {
    PaymentRequest {
        member_no: member_no.into(),
        months: MonthsChoice::Next { count },
        method: method.into(),
        reference: reference.into(),
        paid_on: String::new(),
        skip_arrears: false,
        allow_backdate: false,
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
        skip_arrears: false,
        allow_backdate: false,
    }
}

/// A member registered on 2026-06-10 at 2,500,000 kip (225,000 a month).
fn member(desk: &nssf_api::Desk) -> String {
    let d = applicant().registered_on("2026-06-10").draft();
    desk.register_with(&Actor::setup_user(), &d, crate::backdated(false), now())
        .expect("register")
        .member
        .member_no
}

fn statuses(desk: &nssf_api::Desk, no: &str) -> Vec<(String, String)> {
    desk.coverage(&Actor::setup_user(), no, now())
        .expect("coverage")
        .months
        .into_iter()
        .map(|m| (m.month, m.status.to_string()))
        .collect()
}

#[test]
fn arrears_first_then_advance_then_void() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let view = desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("coverage");
    assert_eq!(
        (
            view.months_in_arrears,
            view.arrears_kip,
            view.current_month_kip
        ),
        // June to October in arrears; November is this month's.
        (5, 5 * 225_000, 225_000)
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
    // District, workstation, year, the workstation's first receipt of the year, Damm check digit.
    assert_eq!(r1.receipt_no, "0101-01-2026-000001-7");

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
    assert_eq!(
        err,
        ApiError::invalid(vec![Problem::new(
            "months",
            ProblemKind::MonthAlreadyCovered {
                month: "2026-12".into(),
                receipt: r2.receipt_no.clone(),
            },
        )])
    );
    assert_eq!(
        desk.coverage(&Actor::setup_user(), &no, now())
            .expect("c")
            .receipts
            .len(),
        2
    );

    // A void reopens its months; the receipt itself stays, marked voided.
    desk.void(&actor, &r1.receipt_no, "wrong member", now())
        .expect("void");
    let s = statuses(&desk, &no);
    assert_eq!(&s[0], &("2026-06".to_owned(), "unpaid".to_owned()));
    assert_eq!(&s[1], &("2026-07".to_owned(), "unpaid".to_owned()));
    let view = desk
        .receipt(&Actor::setup_user(), &r1.receipt_no)
        .expect("receipt");
    assert_eq!(view.receipt, r1);
    assert_eq!(
        view.void.as_ref().map(|v| v.reason.as_str()),
        Some("wrong member")
    );
    assert_eq!(
        desk.void(&actor, &r1.receipt_no, "again", now())
            .unwrap_err()
            .refusal,
        Refusal::AlreadyVoided {
            receipt_no: r1.receipt_no.clone()
        }
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
    let check = |req: PaymentRequest, field: &str, kind: ProblemKind| {
        let err = desk.pay(&actor, &req, now()).unwrap_err();
        assert_eq!(err, ApiError::invalid(vec![Problem::new(field, kind)]));
    };
    check(
        next(&no, 1, "bank", ""),
        "reference",
        ProblemKind::ReferenceRequired {},
    );
    check(
        next(&no, 1, "cheque", ""),
        "method",
        ProblemKind::InvalidChoice {
            value: "cheque".into(),
        },
    );
    let range_invalid = |from: &str, to: &str| ProblemKind::RangeInvalid {
        from: from.into(),
        to: to.into(),
    };
    check(
        range(&no, "2026-09", "2026-07"),
        "months",
        range_invalid("2026-09", "2026-07"),
    );
    check(
        range(&no, "2026-13", "2026-07"),
        "months",
        range_invalid("2026-13", "2026-07"),
    );
    check(next(&no, 0, "cash", ""), "months", ProblemKind::NoMonths {});
    check(
        range(&no, "2026-01", "2026-07"),
        "months",
        ProblemKind::MonthBeforeRegistration {
            month: "2026-01".into(),
        },
    );
    let mut too_far = range(&no, "2028-01", "2028-02");
    too_far.skip_arrears = true;
    check(
        too_far,
        "months",
        ProblemKind::MonthTooFarAhead {
            month: "2028-01".into(),
            max: 12,
        },
    );
    let mut future = next(&no, 1, "cash", "");
    future.paid_on = "2026-12-25".into();
    check(
        future,
        "paid_on",
        ProblemKind::DateInFuture {
            value: "25/12/2026".into(),
        },
    );
    assert!(
        desk.coverage(&Actor::setup_user(), &no, now())
            .expect("c")
            .receipts
            .is_empty(),
        "nothing stored"
    );
    let clerk = Actor::new("k", "k", vec![Role::Clerk]);
    assert_eq!(
        desk.pay(&clerk, &next(&no, 1, "cash", ""), now())
            .unwrap_err()
            .refusal,
        Refusal::Forbidden {
            role: Role::Cashier,
            action: Action::TakePayment,
        }
    );
    let cashier = Actor::new("c", "c", vec![Role::Cashier]);
    let r = desk
        .pay(&cashier, &next(&no, 1, "cash", ""), now())
        .expect("cashier pays");
    assert_eq!(
        desk.void(&cashier, &r.receipt_no, "x", now())
            .unwrap_err()
            .refusal,
        Refusal::Forbidden {
            role: Role::Supervisor,
            action: Action::Void,
        },
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
    assert_eq!(
        (err.problems[0].field.as_str(), err.problems[0].code()),
        ("from", ProblemCode::MonthAlreadyCovered)
    );
    assert_eq!(
        desk.set_base(&actor, &no, "1000000", "2026-09", now())
            .unwrap_err(),
        ApiError::invalid(vec![Problem::new(
            "income_base_kip",
            ProblemKind::BaseBelowFloor {
                floor_kip: 2_500_000,
                month: "2026-09".into(),
            },
        )])
    );
    desk.set_base(&actor, &no, "3,000,000", "2026-09", now())
        .expect("raise");
    let months = desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("coverage")
        .months;
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
        desk.member(&Actor::setup_user(), &no)
            .expect("member")
            .member
            .income_base_kip,
        3_000_000
    );
    // Amending the form does not rewrite the base.
    let mut draft = desk.member(&Actor::setup_user(), &no).expect("m").draft;
    draft.income_base_kip = nssf_domain::TextOrNumber::Number(4_000_000);
    draft.house_no = "99".into();
    assert_eq!(
        desk.amend(&actor, &no, &draft, now())
            .expect("amend")
            .view
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
    let close = desk
        .close_day(&actor, &actor.staff_id, today, now())
        .expect("close");
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

    let closed: ApiError = Refusal::DayClosed {
        date: today.to_string(),
    }
    .into();
    assert_eq!(
        desk.pay(&actor, &next(&no, 1, "cash", ""), now())
            .unwrap_err(),
        closed
    );
    assert_eq!(
        desk.close_day(&actor, &actor.staff_id, today, now())
            .unwrap_err(),
        closed
    );
    assert_eq!(
        desk.void(&actor, &cash.receipt_no, "late", now())
            .unwrap_err(),
        closed
    );
    // The next day is open; a backdated payment into the closed day is not.
    let tomorrow = now() + Duration::days(1);
    desk.pay(&actor, &next(&no, 1, "cash", ""), tomorrow)
        .expect("next day");
    let mut backdated = next(&no, 1, "cash", "");
    backdated.paid_on = today.to_string();
    assert_eq!(desk.pay(&actor, &backdated, tomorrow).unwrap_err(), closed);
    let later = today + chrono::Days::new(5);
    assert_eq!(
        desk.close_day(&actor, &actor.staff_id, later, now())
            .unwrap_err(),
        ApiError::invalid(vec![Problem::new(
            "date",
            ProblemKind::DateInFuture {
                value: later.to_string(),
            },
        )])
    );
    let _ = NaiveDate::MIN;
}

#[test]
fn each_change_has_one_change_log_entry() {
    let (dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let r = desk
        .pay(&actor, &next(&no, 1, "cash", ""), now())
        .expect("pay");
    desk.void(&actor, &r.receipt_no, "x", now()).expect("void");
    desk.set_base(&actor, &no, "3000000", "2026-12", now())
        .expect("base");
    desk.close_day(&actor, &actor.staff_id, nssf_api::office_date(now()), now())
        .expect("close");
    drop(desk);
    let store = crate::reopen_store(dir.path());
    let kinds: Vec<String> = store
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

fn days_ago(days: u64) -> String {
    (nssf_api::office_date(now()) - chrono::Days::new(days)).to_string()
}

/// The balance as of a day counts the receipts issued and the voids made by then; the member page shows
/// the same figures for today.
#[test]
fn balance_as_of_a_day() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let today = nssf_api::office_date(now());
    const M: i64 = 225_000;
    let check = |on: &str, expected: (u32, i64, i64, i64, Option<&str>)| {
        let b = desk
            .balance(
                &Actor::setup_user(),
                &no,
                on.parse::<NaiveDate>().expect("date"),
            )
            .expect("balance");
        let (n, arrears, this, to_pay, through) = expected;
        assert_eq!(
            (
                b.arrears_months,
                b.arrears_kip,
                b.this_month_kip,
                b.to_pay_now_kip,
                b.paid_through.clone()
            ),
            (n, arrears, this, to_pay, through.map(str::to_owned)),
            "on {on}"
        );
        b
    };
    // Registered 10 June 2026; today is 26 November 2026.
    check("2026-06-09", (0, 0, 0, 0, None));
    check("2026-06-10", (0, 0, M, M, None));
    check("2026-07-01", (1, M, M, 2 * M, None));
    let before = check("2026-11-26", (5, 5 * M, M, 6 * M, None));
    let view = desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("coverage");
    assert_eq!(
        (
            view.months_in_arrears,
            view.arrears_kip,
            view.current_month_kip,
            view.to_pay_now_kip,
            view.paid_through
        ),
        (
            before.arrears_months,
            before.arrears_kip,
            before.this_month_kip,
            before.to_pay_now_kip,
            before.paid_through
        )
    );

    // June to November paid: nothing due now (today's code still says 225,000 is due).
    let r1 = desk
        .pay(&actor, &next(&no, 6, "cash", ""), now())
        .expect("pay");
    check("2026-11-26", (0, 0, 0, 0, Some("2026-11")));
    // Receipts issued later do not count on an earlier day.
    check("2026-11-25", (5, 5 * M, M, 6 * M, None));
    check("2026-12-01", (0, 0, M, M, Some("2026-11")));
    // January and February paid ahead, December skipped by choice.
    let mut ahead = range(&no, "2027-01", "2027-02");
    ahead.skip_arrears = true;
    desk.pay(&actor, &ahead, now()).expect("pay ahead");
    check("2027-01-15", (1, M, 0, M, Some("2026-11")));
    check("2027-03-01", (1, M, M, 2 * M, Some("2026-11")));
    let view = desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("coverage");
    let december = view
        .months
        .iter()
        .find(|m| m.month == "2026-12")
        .expect("december");
    assert_eq!(
        december.status,
        nssf_api::CoverageStatus::Future,
        "not yet due"
    );
    // The voided months are owed again; the registration month unpaid leaves nothing paid through.
    desk.void(&actor, &r1.receipt_no, "wrong member", now())
        .expect("void");
    check(&today.to_string(), (5, 5 * M, M, 6 * M, None));
    assert_eq!(
        desk.balance(&Actor::setup_user(), "0101-01-0000099-0", today)
            .map(|_| ())
            .unwrap_err()
            .code(),
        nssf_api::Code::MemberNotFound
    );
}

#[test]
fn a_range_leaving_arrears_needs_the_cashiers_choice() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    let err = desk
        .pay(&actor, &range(&no, "2026-11", "2026-12"), now())
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::invalid(vec![Problem::new(
            "months",
            ProblemKind::MonthsLeftUnpaid {
                month: "2026-06".into(),
                count: 5,
            },
        )])
    );
    assert!(desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("c")
        .receipts
        .is_empty());
    let mut chosen = range(&no, "2026-11", "2026-12");
    chosen.skip_arrears = true;
    assert_eq!(
        desk.pay(&actor, &chosen, now()).expect("pay").lines.len(),
        2
    );
}

/// A payment may be dated back at most the office's limit (7 days) unless a supervisor allows it, never
/// before the registration nor after today; "months ahead" count from the payment's month.
#[test]
fn payment_dates() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let cashier = Actor::new("c", "c", vec![Role::Cashier]);
    let supervisor = Actor::setup_user();
    let problem = |kind: ProblemKind| Err(ApiError::invalid(vec![Problem::new("paid_on", kind)]));
    let check = |actor: &Actor, paid_on: String, allow: bool, expected: Result<(), ApiError>| {
        let mut req = next(&no, 1, "cash", "");
        req.paid_on = paid_on.clone();
        req.allow_backdate = allow;
        let before = desk
            .coverage(&Actor::setup_user(), &no, now())
            .expect("c")
            .receipts
            .len();
        let got = desk.pay(actor, &req, now()).map(|_| ());
        let after = desk
            .coverage(&Actor::setup_user(), &no, now())
            .expect("c")
            .receipts
            .len();
        assert_eq!(got, expected, "{paid_on} allow {allow}");
        assert_eq!(
            after - before,
            usize::from(got.is_ok()),
            "{paid_on}: stored only when taken"
        );
    };
    let d = |days: u64| {
        (nssf_api::office_date(now()) - chrono::Days::new(days))
            .format("%d/%m/%Y")
            .to_string()
    };
    check(&cashier, days_ago(0), false, Ok(()));
    check(&cashier, days_ago(7), false, Ok(()));
    check(
        &cashier,
        days_ago(8),
        false,
        problem(ProblemKind::PaymentBackdated {
            value: d(8),
            days: 7,
        }),
    );
    check(
        &cashier,
        days_ago(8),
        true,
        Err(Refusal::Forbidden {
            role: Role::Supervisor,
            action: Action::Backdate,
        }
        .into()),
    );
    check(&supervisor, days_ago(8), true, Ok(()));
    check(
        &supervisor,
        "2026-06-09".into(),
        true,
        problem(ProblemKind::DateBeforeRegistration {
            value: "09/06/2026".into(),
            registered_on: "10/06/2026".into(),
        }),
    );
    check(
        &supervisor,
        "2026-11-27".into(),
        true,
        problem(ProblemKind::DateInFuture {
            value: "27/11/2026".into(),
        }),
    );
    // Dated 31 October: at most 12 months ahead of October, so November 2027 is too far.
    let mut late = range(&no, "2027-11", "2027-11");
    late.paid_on = "2026-10-31".into();
    late.skip_arrears = true;
    late.allow_backdate = true;
    assert_eq!(
        desk.quote(&Actor::setup_user(), &late, now()).unwrap_err(),
        ApiError::invalid(vec![Problem::new(
            "months",
            ProblemKind::MonthTooFarAhead {
                month: "2027-11".into(),
                max: 12,
            },
        )])
    );
}

/// A registration dated more than 31 days back needs a supervisor's leave, asked for explicitly; the plain
/// `register` entry point never gives it.
#[test]
fn registration_dates() {
    let (_dir, desk) = desk();
    let clerk = Actor::new("k", "k", vec![Role::Clerk]);
    let supervisor = Actor::setup_user();
    let mut id = 0u32;
    let mut check = |actor: &Actor, back: u64, allow: bool, expected: Result<(), ApiError>| {
        id += 1;
        let draft = applicant()
            .id_card(&format!("77{id:07}"))
            .registered_on(&days_ago(back))
            .draft();
        let choices = nssf_api::RegistrationChoices {
            confirm_duplicate: true,
            allow_backdate: allow,
        };
        let got = desk
            .register_with(actor, &draft, choices, now())
            .map(|_| ());
        assert_eq!(got, expected, "{back} days back, allow {allow}");
    };
    let refused = |back: u64| {
        Err(ApiError::invalid(vec![Problem::new(
            "registered_on",
            ProblemKind::RegistrationBackdated {
                value: (nssf_api::office_date(now()) - chrono::Days::new(back))
                    .format("%d/%m/%Y")
                    .to_string(),
                days: 31,
            },
        )]))
    };
    check(&clerk, 0, false, Ok(()));
    check(&clerk, 31, false, Ok(()));
    check(&clerk, 32, false, refused(32));
    check(&supervisor, 32, false, refused(32));
    check(
        &clerk,
        32,
        true,
        Err(Refusal::Forbidden {
            role: Role::Supervisor,
            action: Action::Backdate,
        }
        .into()),
    );
    check(&supervisor, 400, true, Ok(()));
    // The plain entry point gives no leave, not even to a supervisor.
    let old = applicant()
        .id_card("779999999")
        .registered_on(&days_ago(32))
        .draft();
    assert_eq!(
        desk.register(&supervisor, &old, true, now()).map(|_| ()),
        refused(32)
    );
}

/// The demo writes its history as it would have happened: in date order, each registration at its own
/// date, so a clerk without a supervisor's leave could have made every one of them.
#[test]
fn demo_history_is_made_at_its_own_dates() {
    let (_dir, desk) = desk();
    let hospitals = desk.hospitals().into_iter().map(|h| h.code).collect();
    let today = nssf_api::office_date(now());
    let mut applicants = nssf_api::demo::DemoApplicants::new(desk.reference(), hospitals, 3, today);
    let history = applicants.history(20);
    assert_eq!(history.len(), 20);
    assert!(history.windows(2).all(|w| w[0].1 <= w[1].1), "oldest first");
    assert!(
        history.iter().any(|(_, at)| (now() - *at).num_days() > 31),
        "some registrations are months old"
    );
    let clerk = Actor::new("k", "k", vec![Role::Clerk]);
    for (draft, at) in &history {
        assert_eq!(nssf_api::office_date(*at).to_string(), draft.registered_on);
        let choices = nssf_api::RegistrationChoices {
            confirm_duplicate: true,
            allow_backdate: false,
        };
        desk.register_with(&clerk, draft, choices, *at)
            .expect("registered at its own date");
    }
}

/// The statement: the base in force this month (not a later change), the next unpaid month even when
/// every month shown is paid, months as MM/YYYY.
#[test]
fn statement_shows_this_months_base_and_the_next_unpaid_month() {
    let (_dir, desk) = desk();
    let no = member(&desk);
    let actor = Actor::setup_user();
    // June to November paid: every month shown is paid.
    desk.pay(&actor, &next(&no, 6, "cash", ""), now())
        .expect("pay");
    desk.set_base(&actor, &no, "3000000", "2027-01", now())
        .expect("a later base");
    let text = crate::tools::pdf_text(
        &desk
            .statement_pdf(&Actor::setup_user(), &no, now())
            .expect("statement"),
    );
    // Months paid so far carry no later base; the base shown is this month's.
    assert!(
        text.contains("2,500,000") && !text.contains("3,000,000"),
        "{text}"
    );
    assert!(text.contains("12/2026"), "next unpaid month: {text}");
    assert!(
        text.contains("06/2026") && !text.contains("2026-06"),
        "{text}"
    );
}
