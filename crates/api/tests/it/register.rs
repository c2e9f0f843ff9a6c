use nssf_api::{Action, Actor, ApiError, Code, Desk, OfficeSetup, Refusal, Role};
use nssf_domain::{Problem, ProblemKind};

use crate::{applicant, desk, now};

#[test]
fn register_then_read_back() {
    let (_dir, desk) = desk();
    let view = desk
        .register(&Actor::setup_user(), &applicant().draft(), false, now())
        .expect("register");
    // District 0101, workstation 01, the first counter, Damm check digit.
    assert_eq!(view.member.member_no, "0101-01-0000001-1");
    assert_eq!(view.village_name_en, "Nongping");
    assert_eq!(view.district_name_en, "Chanthabouly");
    assert_eq!(view.hospital_name_en, "Mahosot Hospital");
    assert_eq!(view.monthly_contribution_kip, 225_000);
    assert_eq!(view.history.len(), 1);
    assert_eq!(
        desk.member(&Actor::setup_user(), &view.member.member_no)
            .expect("read"),
        view
    );
    // Typed without dashes, it is the same member.
    let plain = view.member.member_no.replace('-', "");
    assert_eq!(
        desk.member(&Actor::setup_user(), &plain)
            .expect("read")
            .member
            .member_no,
        view.member.member_no
    );
}

#[test]
fn refusals_carry_their_code_and_store_nothing() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let first = desk
        .register(&actor, &applicant().draft(), false, now())
        .expect("first");
    let check = |draft: nssf_domain::Draft, confirm: bool, refusal: Refusal| {
        // A registration writes its change-log entry in the member's transaction: no new entry, no member.
        let before = desk.pending().expect("pending").changes;
        let err = desk.register(&actor, &draft, confirm, now()).unwrap_err();
        assert_eq!(err.refusal, refusal);
        assert_eq!(
            desk.pending().expect("pending").changes,
            before,
            "nothing stored"
        );
    };
    // Same document, spelt with dashes and Lao digits.
    check(
        applicant()
            .given("ແກ້ວ", "Keo")
            .family("", "")
            .id_card("໑໒໓-໔໕໖-໗໘໙")
            .draft(),
        false,
        Refusal::DuplicateDocument {
            member_no: first.member.member_no.clone(),
            document: "123456789/id_card".into(),
        },
    );
    // Same person by name and birth date, in a folded spelling: a warning until confirmed.
    check(
        applicant()
            .given("ເຈ້ົາ", "Chau")
            .family("ນໍ້າໃຈ", "Namjai")
            .id_card("999")
            .draft(),
        false,
        Refusal::PossibleDuplicate {
            candidates: vec![first.member.member_no.clone()],
        },
    );
    check(
        applicant()
            .given("Chao", "Chao")
            .family("", "")
            .id_card("998")
            .draft(),
        false,
        Refusal::InvalidInput {},
    );
    let confirmed = desk
        .register(
            &actor,
            &applicant()
                .given("ເຈ້ົາ", "Chau")
                .family("ນໍ້າໃຈ", "Namjai")
                .id_card("999")
                .draft(),
            true,
            now(),
        )
        .expect("confirmed");
    assert_ne!(confirmed.member.member_no, first.member.member_no);
}

#[test]
fn roles_are_enforced_in_the_api() {
    let (_dir, desk) = desk();
    let cashier = Actor::new("c1", "c1", vec![Role::Cashier]);
    let err = desk
        .register(
            &cashier,
            &applicant().family("", "").id_card("123").draft(),
            false,
            now(),
        )
        .unwrap_err();
    assert_eq!(
        err.refusal,
        Refusal::Forbidden {
            role: Role::Clerk,
            action: Action::Register,
        }
    );
    let clerk = Actor::new("k1", "k1", vec![Role::Clerk]);
    let m = desk
        .register(
            &clerk,
            &applicant().family("", "").id_card("123").draft(),
            false,
            now(),
        )
        .expect("clerk registers");
    // Since corrections need a second person, a clerk amends (contact details at once, identity fields
    // as a correction: crates/api/tests/it/corrections.rs); deciding a correction is a supervisor's.
    let mut draft = m.draft.clone();
    draft.given_name_latin = "Chau".into();
    let id = desk
        .amend(&clerk, &m.member.member_no, &draft, now())
        .expect("clerk asks for a correction")
        .correction
        .expect("filed")
        .id;
    let err = desk.approve_correction(&clerk, id, now()).unwrap_err();
    assert_eq!(
        err.refusal,
        Refusal::Forbidden {
            role: Role::Supervisor,
            action: Action::DecideCorrection,
        },
        "corrections are a supervisor's"
    );
}

#[test]
fn amendments_keep_history_and_the_registration_date() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let m = desk
        .register(&actor, &applicant().draft(), false, now())
        .expect("register");
    let mut draft = m.draft.clone();
    draft.given_name_latin = "Chau".into();
    draft.phone = "020 5555 1234".into();
    let later = now() + chrono::Duration::days(40);
    // The setup user of an office without staff accounts has no second person to ask: identity fields
    // (the Latin name here) change at once, as before staff accounts (docs/corrections.md).
    let amended = desk
        .amend(&actor, &m.member.member_no, &draft, later)
        .expect("amend")
        .view;
    assert_eq!(amended.member.registered_on, m.member.registered_on);
    assert_eq!(amended.history.len(), 2);
    let changes: Vec<(&str, &str, &str)> = amended.history[1]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            ("given_name_latin", "Chao", "Chau"),
            ("phone", "", "+8562055551234")
        ]
    );
    assert_eq!(
        desk.amend(&actor, &m.member.member_no, &draft, later)
            .unwrap_err()
            .refusal,
        Refusal::NothingChanged {}
    );
    assert_eq!(
        desk.amend(&actor, "0101-01-9999999-0", &draft, later)
            .unwrap_err()
            .refusal,
        Refusal::MemberNumberCheckDigit {
            value: "0101-01-9999999-0".into()
        }
    );
}

#[test]
fn setup_checks_office_and_workstation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let check = |district: &str, ws: &str, fields: &[&str]| {
        let setup = OfficeSetup {
            district_code: district.into(),
            workstation: ws.into(),
        };
        let err = Desk::init(
            &dir.path().join(format!("{district}-{ws}")),
            &setup,
            &Actor::setup_user(),
            now(),
        )
        .unwrap_err();
        assert_eq!(err.code(), Code::InvalidInput);
        assert_eq!(
            err.problems
                .iter()
                .map(|p| p.field.as_str())
                .collect::<Vec<_>>(),
            fields
        );
    };
    check("9999", "01", &["district_code"]);
    check("0101", "00", &["workstation"]);
    check("0101", "100", &["workstation"]);
    check("x", "y", &["district_code", "workstation"]);
    assert!(!Desk::exists(dir.path()));
}

#[test]
fn contribution_preview_follows_the_schedule() {
    let (_dir, desk) = desk();
    let on = |y, m| chrono::NaiveDate::from_ymd_opt(y, m, 15).expect("date");
    let p = desk
        .contribution_preview("2,500,000", on(2026, 11))
        .expect("preview");
    assert_eq!(
        (p.contribution_kip, p.floor_kip, p.ceiling_kip),
        (225_000, 2_500_000, 4_500_000)
    );
    assert_eq!(
        desk.contribution_preview("1600000", on(2024, 9))
            .expect("old floor")
            .contribution_kip,
        144_000
    );
    let check = |base: &str, kind: ProblemKind| {
        assert_eq!(
            desk.contribution_preview(base, on(2026, 11)).unwrap_err(),
            ApiError::invalid(vec![Problem::new("income_base_kip", kind)])
        );
    };
    let month = || "2026-11".to_owned();
    check(
        "1600000",
        ProblemKind::BaseBelowFloor {
            floor_kip: 2_500_000,
            month: month(),
        },
    );
    check(
        "5000000",
        ProblemKind::BaseAboveCeiling {
            ceiling_kip: 4_500_000,
            month: month(),
        },
    );
    check("abc", ProblemKind::NotANumber {});
}

/// A script's registration JSON with a misspelt field (`phone_number` for `phone`) is refused naming the
/// field, on the wire as every field problem is, instead of registering a member without a phone; the
/// window's form (a `Draft` deserialised from IPC) refuses it the same way.
#[test]
fn a_registration_with_an_unknown_field_is_refused_naming_it() {
    use nssf_domain::draft::DraftJsonError;
    use nssf_domain::Draft;
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let spelt = |phone_field: &str| {
        let mut value: serde_json::Value =
            serde_json::from_str(&applicant().json()).expect("the fixture's JSON");
        let form = value.as_object_mut().expect("an object");
        form.remove("phone");
        form.insert(phone_field.to_owned(), "020 5555 1234".into());
        value
    };
    let refusal = match Draft::from_json(&spelt("phone_number").to_string()) {
        Err(DraftJsonError::UnknownField(problem)) => ApiError::invalid(vec![problem]),
        other => panic!("expected an unknown field, got {other:?}"),
    };
    assert_eq!(refusal.code(), Code::InvalidInput);
    assert_eq!(
        serde_json::to_value(&refusal).expect("wire"),
        serde_json::json!({
            "code": "invalid-input",
            "args": {},
            "problems": [
                {"field": "phone_number", "code": "unknown-field", "args": {"name": "phone_number"}}
            ]
        })
    );
    assert!(serde_json::from_value::<Draft>(spelt("phone_number")).is_err());
    // Spelt right, the phone is kept.
    let draft = Draft::from_json(&spelt("phone").to_string()).expect("the form");
    let view = desk
        .register(&actor, &draft, false, now())
        .expect("register");
    assert_eq!(view.member.phone, "+8562055551234");
}
