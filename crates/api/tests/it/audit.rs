//! The audit trail through the API: every print appends one chained entry naming who printed what; a
//! supervisor checks the chain and lists entries by person, day and kind; others may not.

use chrono::Duration;
use nssf_api::{
    Action, Actor, ApiError, AuditCheck, AuditLine, AuditQuery, HistoryAction, PaymentRequest,
    ReceiptFormat, Refusal, Role,
};

use crate::tools::jpeg;
use crate::{applicant, desk, now};

/// The last entry of the trail as (actor, action, record).
fn last(desk: &nssf_api::Desk) -> (String, HistoryAction, String) {
    let lines = desk
        .audit_list(&Actor::setup_user(), &AuditQuery::default())
        .expect("list");
    let line = lines.last().expect("an entry");
    (line.actor.clone(), line.action, line.record.clone())
}

#[test]
fn every_print_appends_one_chained_entry_naming_who_printed_what() {
    let (dir, desk) = desk();
    let setup = Actor::setup_user();
    let cashier = Actor::new("noy", "Noy", vec![Role::Cashier]);
    let clerk = Actor::new("bee", "Bee", vec![Role::Clerk]);
    let supervisor = Actor::new("sup", "Sup", vec![Role::Supervisor]);
    let d = applicant().registered_on("2026-09-01").draft();
    let no = desk
        .register_with(&setup, &d, crate::backdated(false), now())
        .expect("reg")
        .member
        .member_no;
    desk.set_photo(&clerk, &no, &jpeg(dir.path(), 600, 800), None, now())
        .expect("photo");
    let request = PaymentRequest::cash_for_next(no.clone(), 1);
    let receipt = desk.pay(&cashier, &request, now()).expect("pay").receipt_no;
    let today = nssf_api::office_date(now());
    let day = format!("day/{today}/noy");

    type Print<'a> = Box<dyn Fn() -> Result<Vec<u8>, ApiError> + 'a>;
    let prints: Vec<(&str, Print, (&str, HistoryAction, &str))> = vec![
        (
            "receipt",
            Box::new(|| desk.receipt_pdf(&cashier, &receipt, ReceiptFormat::A5, now())),
            ("noy", HistoryAction::ReceiptPrinted, &receipt),
        ),
        (
            "statement",
            Box::new(|| desk.statement_pdf(&cashier, &no, now())),
            ("noy", HistoryAction::StatementPrinted, &no),
        ),
        (
            "day sheet",
            Box::new(|| desk.day_sheet_pdf(&cashier, "noy", today, now())),
            ("noy", HistoryAction::DaySheetPrinted, &day),
        ),
        (
            "card",
            Box::new(|| desk.print_card(&clerk, &no, None, now())),
            ("bee", HistoryAction::CardIssued, &no),
        ),
        (
            "batch",
            Box::new(|| desk.export_batch(&supervisor, now()).map(|b| b.bytes)),
            ("sup", HistoryAction::BatchWritten, "batch/1"),
        ),
        (
            "batch again",
            Box::new(|| desk.batch_again(&supervisor, 1, now()).map(|b| b.bytes)),
            ("sup", HistoryAction::BatchWrittenAgain, "batch/1"),
        ),
        (
            "batch with nothing new",
            Box::new(|| desk.export_batch(&supervisor, now()).map(|b| b.bytes)),
            ("sup", HistoryAction::BatchWrittenAgain, "batch/1"),
        ),
    ];
    for (what, print, (actor, action, record)) in prints {
        let before = desk
            .audit_list(&setup, &AuditQuery::default())
            .expect("list")
            .len();
        print().unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let after = desk
            .audit_list(&setup, &AuditQuery::default())
            .expect("list")
            .len();
        assert_eq!(after, before + 1, "{what}: one entry");
        assert_eq!(
            last(&desk),
            (actor.to_owned(), action, record.to_owned()),
            "{what}"
        );
    }
    // The batch entry names the file's hash, as written in the same transaction.
    let batch = desk
        .audit_list(
            &setup,
            &AuditQuery {
                action: Some(HistoryAction::BatchWritten),
                ..AuditQuery::default()
            },
        )
        .expect("list");
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].detail[0].field, "sha256");
    assert_eq!(batch[0].detail[0].after.len(), 64);

    let lines = desk
        .audit_list(&supervisor, &AuditQuery::default())
        .expect("list");
    assert_eq!(
        desk.audit_verify(&supervisor).expect("verify"),
        AuditCheck::Intact {
            entries: lines.len() as u64,
            last_hash: lines.last().expect("lines").hash.clone()
        }
    );
}

#[test]
fn a_supervisor_lists_entries_by_person_day_and_kind() {
    let (_dir, desk) = desk();
    let setup = Actor::setup_user();
    let cashier = Actor::new("noy", "Noy", vec![Role::Cashier]);
    let supervisor = Actor::new("sup", "Sup", vec![Role::Supervisor]);
    let d = applicant().registered_on("2026-09-01").draft();
    let no = desk
        .register_with(&setup, &d, crate::backdated(false), now())
        .expect("reg")
        .member
        .member_no;
    let tomorrow = now() + Duration::days(1);
    desk.statement_pdf(&cashier, &no, now()).expect("statement");
    desk.statement_pdf(&cashier, &no, tomorrow)
        .expect("statement");
    desk.statement_pdf(&setup, &no, tomorrow)
        .expect("statement");
    let today = nssf_api::office_date(now());
    let check = |query: AuditQuery, expected: &[(&str, HistoryAction)]| {
        let got: Vec<(String, HistoryAction)> = desk
            .audit_list(&supervisor, &query)
            .expect("list")
            .into_iter()
            .map(|l: AuditLine| (l.actor, l.action))
            .collect();
        let expected: Vec<(String, HistoryAction)> =
            expected.iter().map(|(a, k)| (a.to_string(), *k)).collect();
        assert_eq!(got, expected, "{query:?}");
    };
    let printed = HistoryAction::StatementPrinted;
    check(
        AuditQuery::default(),
        &[
            ("setup", HistoryAction::Registered),
            ("noy", printed),
            ("noy", printed),
            ("setup", printed),
        ],
    );
    check(
        AuditQuery {
            actor: Some("noy".into()),
            ..AuditQuery::default()
        },
        &[("noy", printed), ("noy", printed)],
    );
    check(
        AuditQuery {
            since: today.succ_opt(),
            ..AuditQuery::default()
        },
        &[("noy", printed), ("setup", printed)],
    );
    check(
        AuditQuery {
            since: Some(today),
            until: Some(today),
            action: Some(printed),
            ..AuditQuery::default()
        },
        &[("noy", printed)],
    );
}

#[test]
fn only_a_supervisor_reads_the_audit_trail() {
    let (_dir, desk) = desk();
    for roles in [vec![Role::Clerk], vec![Role::Cashier], vec![Role::Admin]] {
        let actor = Actor::new("x", "X", roles.clone());
        for result in [
            desk.audit_verify(&actor).map(|_| ()),
            desk.audit_list(&actor, &AuditQuery::default()).map(|_| ()),
        ] {
            let err = result.expect_err("refused");
            assert!(
                matches!(err.refusal, Refusal::Forbidden { .. }),
                "{roles:?}: {err:?}"
            );
        }
    }
    let supervisor = Actor::new("sup", "Sup", vec![Role::Supervisor]);
    assert!(supervisor.may(Action::ViewAudit));
    assert!(matches!(
        desk.audit_verify(&supervisor).expect("verify"),
        AuditCheck::Intact { .. }
    ));
}
