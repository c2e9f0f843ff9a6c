//! The window's session through the API, on real stores: who acts (the setup user without staff accounts,
//! then only a signed-in, unlocked person), the idle lock with passed-in times, unlocking with the same
//! person's password, the first admin signed in as they are added, an admin's changes taking effect on the
//! next command; and the signed-in person's name printed on receipts, statements and day sheets.

use chrono::{DateTime, Duration, Utc};
use nssf_api::{
    Actor, ApiError, Code, Desk, NewStaff, Password, PaymentRequest, ReceiptFormat, Role, Session,
};

use crate::tools::pdf_text;
use crate::{applicant, desk, now};

const ADMIN_PASSWORD: &str = "ລະຫັດ-admin-1";
const PASSWORD: &str = "correct horse";

fn new_staff(id: &str, name: &str, roles: &[Role]) -> NewStaff {
    NewStaff {
        id: id.into(),
        name: name.into(),
        roles: roles.to_vec(),
        password: Password::new(if roles.contains(&Role::Admin) {
            ADMIN_PASSWORD
        } else {
            PASSWORD
        }),
    }
}

fn at(minutes: i64) -> DateTime<Utc> {
    now() + Duration::minutes(minutes)
}

/// Who acts, by staff id, or the refusal's code.
fn acting(desk: &Desk, session: &mut Session, minute: i64) -> String {
    answer(desk.acting(session, at(minute)).map(|a| a.staff_id))
}

fn answer<T: ToString>(result: Result<T, ApiError>) -> String {
    match result {
        Ok(v) => v.to_string(),
        Err(e) => e.code().as_str().to_owned(),
    }
}

/// An office whose first admin `boss` the window's session added (and so signed in), with `noy`, a
/// clerk and cashier.
fn staffed() -> (tempfile::TempDir, Desk, Session) {
    let (dir, desk) = desk();
    let mut session = Session::new();
    desk.add_staff_in_session(
        &mut session,
        &new_staff("boss", "ທ້າວ ສົມພອນ", &[Role::Admin]),
        at(0),
    )
    .expect("first admin");
    desk.add_staff_in_session(
        &mut session,
        &new_staff("noy", "Noy Phommasone", &[Role::Clerk, Role::Cashier]),
        at(0),
    )
    .expect("noy");
    (dir, desk, session)
}

#[test]
fn without_staff_accounts_the_setup_user_acts_as_before() {
    let (_dir, desk) = desk();
    let mut session = Session::new();
    assert_eq!(acting(&desk, &mut session, 0), "setup");
    // Hours later, still no lock: there is no one to unlock it.
    assert_eq!(acting(&desk, &mut session, 600), "setup");
    let view = desk.session_view(&mut session, at(601)).expect("view");
    assert!(!view.has_staff && !view.locked && view.staff.is_none());
    assert_eq!(view.idle_lock_minutes, 10);
    assert_eq!(view.actions.len(), nssf_api::permissions::actions().count());
}

#[test]
fn the_first_admin_is_signed_in_as_they_are_added() {
    let (_dir, desk, mut session) = staffed();
    let view = desk.session_view(&mut session, at(1)).expect("view");
    let staff = view.staff.expect("signed in");
    assert_eq!((staff.staff_id.as_str(), view.has_staff), ("boss", true));
    assert!(view.actions.contains(&nssf_api::Action::ManageStaff));
    // noy was added by boss, and did not take boss's session.
    assert_eq!(acting(&desk, &mut session, 1), "boss");
}

#[test]
fn with_staff_accounts_only_a_signed_in_unlocked_person_acts() {
    let (_dir, desk, _) = staffed();
    let mut session = Session::new();
    let sign_in = |session: &mut Session, id: &str, password: &str, minute: i64| {
        answer(
            desk.sign_in_session(session, id, &Password::new(password), at(minute))
                .map(|()| "ok"),
        )
    };
    let unlock = |session: &mut Session, password: &str, minute: i64| {
        answer(
            desk.unlock_session(session, &Password::new(password), at(minute))
                .map(|()| "ok"),
        )
    };
    // No session.
    assert_eq!(acting(&desk, &mut session, 0), "not-signed-in");
    assert_eq!(
        sign_in(&mut session, "noy", "wrong password", 0),
        "wrong-password"
    );
    assert_eq!(acting(&desk, &mut session, 0), "not-signed-in");
    // Signed in; each command starts the idle time again; 10 idle minutes lock it.
    assert_eq!(sign_in(&mut session, "noy", PASSWORD, 0), "ok");
    assert_eq!(acting(&desk, &mut session, 9), "noy");
    assert_eq!(acting(&desk, &mut session, 18), "noy");
    assert_eq!(acting(&desk, &mut session, 28), "session-locked");
    // Only noy's password unlocks it: boss's is a wrong password for noy.
    assert_eq!(unlock(&mut session, ADMIN_PASSWORD, 29), "wrong-password");
    assert_eq!(acting(&desk, &mut session, 29), "session-locked");
    assert_eq!(unlock(&mut session, PASSWORD, 30), "ok");
    assert_eq!(acting(&desk, &mut session, 31), "noy");
    // Locked by hand, then switch user: sign out, boss signs in.
    session.lock();
    assert_eq!(acting(&desk, &mut session, 32), "session-locked");
    session.sign_out();
    assert_eq!(unlock(&mut session, PASSWORD, 33), "not-signed-in");
    assert_eq!(sign_in(&mut session, "boss", ADMIN_PASSWORD, 33), "ok");
    assert_eq!(acting(&desk, &mut session, 34), "boss");
}

#[test]
fn the_window_reporting_activity_keeps_a_typing_person_signed_in() {
    let (_dir, desk, mut session) = staffed();
    let locked = |session: &mut Session, minute: i64| {
        desk.session_view(session, at(minute)).expect("view").locked
    };
    // boss types a long form: no command for 25 minutes, but the window reports activity every few.
    for minute in [4, 8, 12, 16, 20] {
        desk.touch_session(&mut session, at(minute)).expect("touch");
        assert!(!locked(&mut session, minute), "minute {minute}");
    }
    assert_eq!(acting(&desk, &mut session, 25), "boss");
    // Asking for the view is not activity: 10 quiet minutes lock it, and a late report does not open it.
    assert!(!locked(&mut session, 34));
    assert!(locked(&mut session, 35));
    desk.touch_session(&mut session, at(36)).expect("touch");
    assert_eq!(acting(&desk, &mut session, 36), "session-locked");
}

#[test]
fn the_office_setting_sets_the_idle_time() {
    let (_dir, desk, mut session) = staffed();
    assert_eq!(desk.idle_lock_minutes(), 10);
    // The setting is read from the office record; stores written before it existed read 10 (serde default).
    let settings: nssf_store::Settings =
        serde_json::from_str(r#"{"payment_methods":["cash"]}"#).expect("old settings");
    assert_eq!(settings.idle_lock_minutes, 10);
    assert_eq!(acting(&desk, &mut session, 5), "boss");
    assert_eq!(acting(&desk, &mut session, 15), "session-locked");
}

#[test]
fn an_admins_changes_reach_a_session_at_its_next_command() {
    let (_dir, desk, mut admin) = staffed();
    let mut noy = Session::new();
    desk.sign_in_session(&mut noy, "noy", &Password::new(PASSWORD), at(0))
        .expect("noy signs in");
    let boss = desk.acting(&mut admin, at(1)).expect("boss");
    // A reset: noy must change the password before anything else, and may leave out the current one.
    desk.reset_staff_password(&boss, "noy", &Password::new("a new one 123"), at(1))
        .expect("reset");
    let actor = desk.acting(&mut noy, at(2)).expect("still signed in");
    assert!(actor.must_change_password);
    let refused = desk
        .search(&actor, "nobody", 5)
        .expect_err("must change first");
    assert_eq!(refused.code(), Code::PasswordChangeRequired);
    let view = desk.session_view(&mut noy, at(2)).expect("view");
    assert!(view.must_change_password && view.actions.is_empty());
    desk.change_session_password(&mut noy, None, &Password::new("noy's own 456"), at(3))
        .expect("changed");
    assert!(
        !desk
            .acting(&mut noy, at(4))
            .expect("noy")
            .must_change_password
    );
    // A voluntary change needs the current password.
    let missing = desk.change_session_password(&mut noy, None, &Password::new("again 7890"), at(5));
    assert_eq!(answer(missing.map(|()| "ok")), "invalid-input");
    // Disabled: the session ends at its next command.
    desk.disable_staff(&boss, "noy", at(6)).expect("disable");
    assert_eq!(acting(&desk, &mut noy, 7), "account-disabled");
    assert_eq!(acting(&desk, &mut noy, 8), "not-signed-in");
}

#[test]
fn receipts_statements_and_day_sheets_print_the_signed_in_persons_name() {
    let (_dir, desk) = desk();
    // Registered before the office had staff accounts, by the setup user.
    let d = applicant().registered_on("2026-09-01").draft();
    let no = desk
        .register_with(&Actor::setup_user(), &d, crate::backdated(false), now())
        .expect("reg")
        .member
        .member_no;
    let mut session = Session::new();
    desk.add_staff_in_session(
        &mut session,
        &new_staff("boss", "ທ້າວ ສົມພອນ", &[Role::Admin]),
        now(),
    )
    .expect("first admin");
    desk.add_staff_in_session(
        &mut session,
        &new_staff("cs01", "Manee Sisouk", &[Role::Cashier]),
        now(),
    )
    .expect("cashier");
    session.sign_out();
    desk.sign_in_session(&mut session, "cs01", &Password::new(PASSWORD), now())
        .expect("cashier signs in");
    let cashier = desk.acting(&mut session, now()).expect("cashier acts");
    let request = PaymentRequest::cash_for_next(no.clone(), 1);
    let receipt = desk.pay(&cashier, &request, now()).expect("pay");
    // The stored receipt keeps the staff id; the paper names the person.
    assert_eq!(receipt.cashier, "cs01");
    let today = nssf_api::office_date(now());
    let documents = [
        (
            "receipt",
            desk.receipt_pdf(&cashier, &receipt.receipt_no, ReceiptFormat::A5, now()),
        ),
        (
            "roll receipt",
            desk.receipt_pdf(&cashier, &receipt.receipt_no, ReceiptFormat::Roll, now()),
        ),
        ("statement", desk.statement_pdf(&cashier, &no, now())),
        (
            "day sheet",
            desk.day_sheet_pdf(&cashier, "cs01", today, now()),
        ),
    ];
    for (what, pdf) in documents {
        let text = pdf_text(&pdf.expect(what));
        assert!(
            text.contains("Manee Sisouk"),
            "the name on the {what}:\n{text}"
        );
        assert!(!text.contains("cs01"), "no staff id on the {what}:\n{text}");
    }
    // The setup user's own day still prints "setup".
    let setup_sheet = pdf_text(
        &desk
            .day_sheet_pdf(&Actor::setup_user(), "setup", today, now())
            .expect("setup's day sheet"),
    );
    assert!(setup_sheet.contains("setup"), "{setup_sheet}");
}

#[test]
fn an_admin_sets_the_idle_time_and_the_back_dating_leaves() {
    use nssf_api::{Action, HistoryAction, Refusal, SettingsChange, SettingsView};
    use nssf_domain::ProblemKind;
    let (_dir, desk, mut session) = staffed();
    let boss = desk.acting(&mut session, at(0)).expect("boss acts");
    let noy = Actor::new("noy", "Noy Phommasone", vec![Role::Clerk, Role::Cashier]);
    let change = |idle: Option<u32>, pay: Option<u32>, reg: Option<u32>| SettingsChange {
        idle_lock_minutes: idle,
        payment_backdate_days: pay,
        registration_backdate_days: reg,
        lapsed_after_months: None,
    };
    let defaults = SettingsView {
        idle_lock_minutes: 10,
        payment_backdate_days: 7,
        registration_backdate_days: 31,
        lapsed_after_months: 3,
    };
    assert_eq!(desk.settings(), defaults);
    // (who, change, what the settings are afterwards or the refusal's code and the fields refused)
    type Expected = Result<SettingsView, (&'static str, Vec<&'static str>)>;
    let cases: Vec<(&Actor, SettingsChange, Expected)> = vec![
        (
            &noy,
            change(Some(5), None, None),
            Err(("forbidden", vec![])),
        ),
        (
            &boss,
            change(Some(241), Some(367), Some(3)),
            Err((
                "invalid-input",
                vec!["idle_lock_minutes", "payment_backdate_days"],
            )),
        ),
        (&boss, change(None, None, None), Ok(defaults)),
        (
            &boss,
            change(Some(3), None, Some(60)),
            Ok(SettingsView {
                idle_lock_minutes: 3,
                registration_backdate_days: 60,
                ..defaults
            }),
        ),
        (
            &boss,
            change(Some(0), Some(0), None),
            Ok(SettingsView {
                idle_lock_minutes: 0,
                payment_backdate_days: 0,
                registration_backdate_days: 60,
                lapsed_after_months: 3,
            }),
        ),
    ];
    for (who, change, expected) in cases {
        let got = desk.set_settings(who, &change, at(1)).map_err(|e| {
            let fields: Vec<&'static str> = e
                .problems
                .iter()
                .map(|p| match p.field.as_str() {
                    "idle_lock_minutes" => "idle_lock_minutes",
                    "payment_backdate_days" => "payment_backdate_days",
                    other => panic!("unexpected field {other}"),
                })
                .collect();
            (e.code().as_str(), fields)
        });
        assert_eq!(got, expected, "{} {change:?}", who.staff_id);
        // A refusal changes nothing: the settings are those of the last accepted change.
        assert_eq!(desk.settings(), got.unwrap_or_else(|_| desk.settings()));
    }
    let refused = desk
        .set_settings(&noy, &change(Some(5), None, None), at(1))
        .unwrap_err();
    assert_eq!(
        refused.refusal,
        Refusal::Forbidden {
            role: Role::Admin,
            action: Action::OfficeSettings
        }
    );
    let out_of_range = desk
        .set_settings(&boss, &change(Some(241), None, None), at(1))
        .unwrap_err();
    assert_eq!(
        out_of_range.problems[0].kind,
        ProblemKind::SettingOutOfRange {
            value: 241,
            min: 0,
            max: 240
        }
    );
    // Two changes were written, each one audited with what it changed; the empty change wrote nothing.
    let supervisor = Actor::new("kham", "Kham", vec![Role::Supervisor]);
    let entries = desk
        .audit_list(&supervisor, &nssf_api::AuditQuery::default())
        .expect("audit");
    let settings: Vec<String> = entries
        .iter()
        .filter(|e| e.action == HistoryAction::SettingsChanged)
        .map(|e| {
            e.detail
                .iter()
                .map(|c| format!("{} {}→{}", c.field, c.before, c.after))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    assert_eq!(
        settings,
        [
            "registration_backdate_days 31→60, idle_lock_minutes 10→3",
            "payment_backdate_days 7→0, idle_lock_minutes 3→0",
        ]
    );
}

#[test]
fn an_admin_sets_the_months_that_make_a_member_lapsed() {
    use nssf_api::SettingsChange;
    let (_dir, desk, mut session) = staffed();
    let boss = desk.acting(&mut session, at(0)).expect("boss acts");
    let lapsed = |months: Option<u32>| SettingsChange {
        lapsed_after_months: months,
        ..SettingsChange::default()
    };
    // (months asked for, the setting afterwards or the refused field's code)
    let cases: [(u32, Result<u32, &str>); 5] = [
        (0, Err("invalid-input")),
        (1, Ok(1)),
        (6, Ok(6)),
        (36, Ok(36)),
        (37, Err("invalid-input")),
    ];
    assert_eq!(desk.settings().lapsed_after_months, 3);
    for (months, expected) in cases {
        let got = desk
            .set_settings(&boss, &lapsed(Some(months)), at(1))
            .map(|v| v.lapsed_after_months)
            .map_err(|e| {
                assert_eq!(
                    e.problems
                        .iter()
                        .map(|p| p.field.as_str())
                        .collect::<Vec<_>>(),
                    ["lapsed_after_months"]
                );
                e.code().as_str()
            });
        assert_eq!(got, expected, "{months}");
    }
    assert_eq!(desk.settings().lapsed_after_months, 36);
}
