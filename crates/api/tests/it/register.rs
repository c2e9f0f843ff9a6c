use nssf_api::{Actor, Desk, OfficeSetup, Role};
use nssf_domain::Code;

use crate::{applicant, desk, now};

#[test]
fn register_then_read_back() {
    let (_dir, desk) = desk();
    let view = desk
        .register(
            &Actor::setup_user(),
            &applicant("ເຈົ້າ", "ນ້ຳໃຈ", "Chao", "Namchai", "123456789"),
            false,
            now(),
        )
        .expect("register");
    assert!(nssf_domain::MemberNumber::parse(&view.member.member_no).is_ok());
    assert_eq!(view.village_name_en, "Nongping");
    assert_eq!(view.district_name_en, "Chanthabouly");
    assert_eq!(view.hospital_name_en, "Mahosot Hospital");
    assert_eq!(view.monthly_contribution_kip, 225_000);
    assert_eq!(view.history.len(), 1);
    assert_eq!(desk.member(&view.member.member_no).expect("read"), view);
    // Typed without dashes, it is the same member.
    let plain = view.member.member_no.replace('-', "");
    assert_eq!(
        desk.member(&plain).expect("read").member.member_no,
        view.member.member_no
    );
}

#[test]
fn refusals_carry_their_code_and_store_nothing() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let first = desk
        .register(
            &actor,
            &applicant("ເຈົ້າ", "ນ້ຳໃຈ", "Chao", "Namchai", "123456789"),
            false,
            now(),
        )
        .expect("first");
    let check =
        |draft: nssf_domain::Draft, confirm: bool, code: Code, arg: Option<(&str, &str)>| {
            let before = desk.store().member_count();
            let err = desk.register(&actor, &draft, confirm, now()).unwrap_err();
            assert_eq!(err.code, code);
            if let Some((k, v)) = arg {
                assert_eq!(err.args.get(k).map(String::as_str), Some(v));
            }
            assert_eq!(desk.store().member_count(), before, "nothing stored");
        };
    // Same document, spelt with dashes and Lao digits.
    check(
        applicant("ແກ້ວ", "", "Keo", "", "໑໒໓-໔໕໖-໗໘໙"),
        false,
        Code::DuplicateDocument,
        Some(("member_no", &first.member.member_no)),
    );
    // Same person by name and birth date, in a folded spelling: a warning until confirmed.
    check(
        applicant("ເຈ້ົາ", "ນໍ້າໃຈ", "Chau", "Namjai", "999"),
        false,
        Code::PossibleDuplicate,
        Some(("members", &first.member.member_no)),
    );
    check(
        applicant("Chao", "", "Chao", "", "998"),
        false,
        Code::InvalidInput,
        None,
    );
    let confirmed = desk
        .register(
            &actor,
            &applicant("ເຈ້ົາ", "ນໍ້າໃຈ", "Chau", "Namjai", "999"),
            true,
            now(),
        )
        .expect("confirmed");
    assert_ne!(confirmed.member.member_no, first.member.member_no);
}

#[test]
fn roles_are_enforced_in_the_api() {
    let (_dir, desk) = desk();
    let cashier = Actor {
        staff_id: "c1".into(),
        roles: vec![Role::Cashier],
    };
    let err = desk
        .register(
            &cashier,
            &applicant("ເຈົ້າ", "", "Chao", "", "123"),
            false,
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code, Code::Forbidden);
    let clerk = Actor {
        staff_id: "k1".into(),
        roles: vec![Role::Clerk],
    };
    let m = desk
        .register(
            &clerk,
            &applicant("ເຈົ້າ", "", "Chao", "", "123"),
            false,
            now(),
        )
        .expect("clerk registers");
    let err = desk
        .amend(&clerk, &m.member.member_no, &m.draft, now())
        .unwrap_err();
    assert_eq!(err.code, Code::Forbidden, "corrections are a supervisor's");
}

#[test]
fn amendments_keep_history_and_the_registration_date() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let m = desk
        .register(
            &actor,
            &applicant("ເຈົ້າ", "ນ້ຳໃຈ", "Chao", "Namchai", "123456789"),
            false,
            now(),
        )
        .expect("register");
    let mut draft = m.draft.clone();
    draft.given_name_latin = "Chau".into();
    draft.phone = "020 5555 1234".into();
    let later = now() + chrono::Duration::days(40);
    let amended = desk
        .amend(&actor, &m.member.member_no, &draft, later)
        .expect("amend");
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
            .code,
        Code::NothingChanged
    );
    assert_eq!(
        desk.amend(&actor, "0101-01-9999999-0", &draft, later)
            .unwrap_err()
            .code,
        Code::MemberNumberCheckDigit
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
        assert_eq!(err.code, Code::InvalidInput);
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
    let code =
        |base: &str, date| desk.contribution_preview(base, date).unwrap_err().problems[0].code;
    assert_eq!(code("1600000", on(2026, 11)), Code::BaseBelowFloor);
    assert_eq!(code("5000000", on(2026, 11)), Code::BaseAboveCeiling);
    assert_eq!(code("abc", on(2026, 11)), Code::NotANumber);
}
