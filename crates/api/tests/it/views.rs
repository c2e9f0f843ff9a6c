//! What the window and the CLI read is the stored records' JSON, field for field: the views are types of
//! their own, but the JSON contract did not change when they were split from the domain's records.

use nssf_api::cards::{CardReason, ReprintReason};
use nssf_api::exchange::ChangeKind;
use nssf_api::{views, Actor, CoverageStatus, HistoryAction, MonthsChoice, PaymentRequest};
use nssf_domain::member::{DocumentKind, Occupation, Relation, Sex, Title};
use serde::Serialize;
use serde_json::{json, Value};

use crate::{desk, now};

fn value(x: impl Serialize) -> Value {
    serde_json::to_value(x).expect("json")
}

#[test]
fn views_carry_the_stored_records_json() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let mut applicants = desk.demo_applicants(11, nssf_api::office_date(now()));
    // Enough applicants for every occupation, both sexes, family books and dependants.
    let numbers: Vec<String> = (0..40)
        .map(|_| {
            desk.register_with(
                &actor,
                &applicants.next_draft(),
                crate::backdated(true),
                now(),
            )
            .expect("register")
            .member
            .member_no
        })
        .collect();
    let paid = |no: &str| {
        desk.pay(
            &actor,
            &PaymentRequest {
                member_no: no.into(),
                months: MonthsChoice::Next { count: 2 },
                method: "bank".into(),
                reference: "TX-1".into(),
                paid_on: String::new(),
                skip_arrears: false,
                allow_backdate: false,
            },
            now(),
        )
        .expect("pay")
    };
    let kept = paid(&numbers[0]);
    let voided = paid(&numbers[1]);
    let void = desk
        .void(&actor, &voided.receipt_no, "wrong member", now())
        .expect("void");
    let today = nssf_api::office_date(now());
    let day = desk
        .close_day(&actor, &actor.staff_id, today, now())
        .expect("close");

    let mut seen: Vec<(String, Value)> = numbers
        .iter()
        .map(|no| {
            (
                no.clone(),
                value(
                    desk.member_record(&Actor::setup_user(), no)
                        .expect("member"),
                ),
            )
        })
        .collect();
    seen.push((
        "member page".into(),
        value(
            desk.member(&Actor::setup_user(), &numbers[0])
                .expect("page")
                .member,
        ),
    ));
    seen.push(("receipt".into(), value(&kept)));
    let view = desk
        .receipt(&Actor::setup_user(), &voided.receipt_no)
        .expect("receipt view");
    seen.push(("voided receipt".into(), value(&view.receipt)));
    seen.push(("void".into(), value(&void)));
    seen.push(("void in the receipt view".into(), value(&view.void)));
    seen.push(("day close".into(), value(&day)));
    drop(desk);

    let store = crate::reopen_store(dir.path());
    let mut stored: Vec<(String, Value)> = numbers
        .iter()
        .map(|no| (no.clone(), value(store.member(no).expect("read"))))
        .collect();
    stored.push((
        "member page".into(),
        value(store.member(&numbers[0]).expect("read")),
    ));
    stored.push((
        "receipt".into(),
        value(store.receipt(&kept.receipt_no).expect("read")),
    ));
    stored.push((
        "voided receipt".into(),
        value(store.receipt(&voided.receipt_no).expect("read")),
    ));
    let stored_void = value(store.void_of(&voided.receipt_no).expect("read"));
    stored.push(("void".into(), stored_void.clone()));
    stored.push(("void in the receipt view".into(), stored_void));
    stored.push((
        "day close".into(),
        value(store.day_close(today, &actor.staff_id).expect("read")),
    ));
    assert_eq!(seen, stored);
}

#[test]
fn view_enums_keep_the_domain_text() {
    fn check<D: Serialize + Copy, V: Serialize + From<D>>(all: &[D]) {
        for d in all {
            assert_eq!(value(V::from(*d)), value(d));
        }
    }
    check::<Title, views::Title>(Title::ALL);
    check::<Sex, views::Sex>(Sex::ALL);
    check::<DocumentKind, views::DocumentKind>(DocumentKind::ALL);
    check::<Relation, views::Relation>(Relation::ALL);
    check::<Occupation, views::Occupation>(Occupation::ALL);
}

#[test]
fn closed_sets_have_their_json_text() {
    let check = |x: Value, text: &str| assert_eq!(x, json!(text));
    check(value(CoverageStatus::Covered), "covered");
    check(value(CoverageStatus::Unpaid), "unpaid");
    check(value(CoverageStatus::Future), "future");
    // The CLI prints statuses in a column: Display pads.
    assert_eq!(format!("{:8}|", CoverageStatus::Unpaid), "unpaid  |");
    check(value(HistoryAction::BaseChanged), "base-changed");
    check(value(HistoryAction::PhotoChanged), "photo");
    check(value(HistoryAction::CardIssued), "card-issued");
    check(value(CardReason::First), "first");
    check(value(ReprintReason::Damaged), "damaged");
    check(value(ChangeKind::PaymentRecorded), "payment_recorded");
    check(value(ChangeKind::PhotoChanged), "photo_changed");
}

#[test]
fn history_actions_are_the_audit_trail_s() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let mut applicants = desk.demo_applicants(5, nssf_api::office_date(now()));
    let mut draft = applicants.next_draft();
    let no = desk
        .register_with(&actor, &draft, crate::backdated(true), now())
        .expect("register")
        .member
        .member_no;
    draft.house_no = "999".into();
    desk.amend(&actor, &no, &draft, now()).expect("amend");
    let receipt = desk
        .pay(&actor, &PaymentRequest::cash_for_next(no.clone(), 1), now())
        .expect("pay");
    desk.void(&actor, &receipt.receipt_no, "test", now())
        .expect("void");
    desk.print_card(&actor, &no, None, now()).expect("card");
    let history: Vec<Value> = desk
        .member(&Actor::setup_user(), &no)
        .expect("member")
        .history
        .iter()
        .map(|h| value(h.action))
        .collect();
    drop(desk);
    let store = crate::reopen_store(dir.path());
    let audit: Vec<Value> = store
        .history(&no)
        .expect("history")
        .iter()
        .map(|a| value(a.action))
        .collect();
    assert_eq!(history, audit);
    assert_eq!(
        history,
        ["registered", "amended", "paid", "voided", "card-issued"].map(|t| json!(t))
    );
}
