//! The central office's signed reference file applied in an office: a real central store issues it, a
//! real office store applies it through `Desk`, and the ledger, the hospital list and the member page follow.

use nssf_api::{Actor, Code, Desk, PaymentRequest, ReferenceOutcome};
use nssf_exchange::reference::ReferenceContent;
use nssf_exchange::CentralStore;

use crate::{applicant, desk, now};

const OLD_FLOOR: &str = r#"{"effective_month": "2024-10", "rate_basis_points": 900, "floor_kip": 2500000, "ceiling_kip": 4500000, "decree": "No. 100/PM"}"#;
/// From January 2027 the floor is 3,000,000 kip: 270,000 a month at 9 %.
const NEW_FLOOR: &str = r#"{"effective_month": "2027-01", "rate_basis_points": 900, "floor_kip": 3000000, "ceiling_kip": 5000000, "decree": "No. 200/PM"}"#;
/// Mahosot (the test member's hospital) has left the list.
const HOSPITALS: &str = r#"[{"code": "STT", "name_lo": "ໂຮງໝໍເສດຖາທິລາດ", "name_en": "Setthathirath Hospital"},
  {"code": "NEW", "name_lo": "ໂຮງໝໍໃໝ່", "name_en": "New Hospital"}]"#;

fn central_office() -> (tempfile::TempDir, CentralStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = CentralStore::init(&dir.path().join("central")).expect("central init");
    (dir, store)
}

fn issue(central: &CentralStore, rows: &[&str]) -> Vec<u8> {
    let schedule = format!("[{}]", rows.join(","));
    let content = ReferenceContent::from_json(&schedule, HOSPITALS, None).expect("content");
    central
        .issue_reference(&content, false, nssf_test_support::today())
        .expect("issue")
}

fn pay_next(desk: &Desk, member_no: &str, count: u32) -> Vec<(String, i64, bool)> {
    let request = PaymentRequest::cash_for_next(member_no, count);
    desk.pay(&Actor::setup_user(), &request, now())
        .expect("pay")
        .lines
        .into_iter()
        .map(|l| (l.month, l.amount_kip, l.floor_applied))
        .collect()
}

#[test]
fn a_new_floor_applies_from_its_month_and_paid_months_keep_their_amounts() {
    let (dir, desk) = desk();
    let (_central_dir, central) = central_office();
    let actor = Actor::setup_user();
    desk.install_central_key(&actor, &central.public_key_file())
        .expect("central key");
    let no = desk
        .register_with(
            &actor,
            &applicant().registered_on("2026-06-10").draft(),
            crate::backdated(false),
            now(),
        )
        .expect("register")
        .member
        .member_no;
    // June 2026 to January 2027, paid before the new floor is known: 225,000 each.
    assert_eq!(pay_next(&desk, &no, 8).len(), 8);

    let file = issue(&central, &[OLD_FLOOR, NEW_FLOOR]);
    let imported = desk.import_reference(&actor, &file, now()).expect("import");
    assert_eq!(
        (imported.outcome, imported.issue),
        (ReferenceOutcome::Applied, 1)
    );

    let paid: Vec<(String, i64)> = desk
        .coverage(&Actor::setup_user(), &no, now())
        .expect("coverage")
        .months
        .into_iter()
        .map(|m| (m.month, m.due_kip))
        .collect();
    let expected: Vec<(String, i64)> = [
        "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01",
    ]
    .iter()
    .map(|m| ((*m).to_owned(), 225_000))
    .collect();
    assert_eq!(paid, expected);
    // The next month is owed at the new floor, and the receipt says the floor applied.
    assert_eq!(
        pay_next(&desk, &no, 1),
        [("2027-02".to_owned(), 270_000, true)]
    );

    // The member keeps the withdrawn hospital, named, and the page says it left the list.
    let view = desk.member(&Actor::setup_user(), &no).expect("member");
    assert_eq!(
        (view.hospital_withdrawn, view.hospital_name_en.as_str()),
        (true, "Mahosot Hospital")
    );
    let codes: Vec<String> = desk.hospitals().into_iter().map(|h| h.code).collect();
    assert_eq!(codes, ["STT", "NEW"]);
    // Amending another field keeps it.
    let mut draft = view.draft.clone();
    draft.house_no = "14".into();
    let amended = desk.amend(&actor, &no, &draft, now()).expect("amend").view;
    assert_eq!(amended.member.hospital, "MHS");

    // The applied reference is what a reopened office uses.
    drop(desk);
    let desk = Desk::open(dir.path()).expect("reopen");
    assert_eq!(desk.national().issue, Some(1));
    assert_eq!(
        pay_next(&desk, &no, 1),
        [("2027-03".to_owned(), 270_000, true)]
    );
}

#[test]
fn refused_files_change_nothing() {
    let (_dir, desk) = desk();
    let (_central_dir, central) = central_office();
    let (_other_dir, other) = central_office();
    let actor = Actor::setup_user();
    // Before the central key is installed, nothing can be checked.
    let first = issue(&central, &[OLD_FLOOR]);
    let second = issue(&central, &[OLD_FLOOR, NEW_FLOOR]);
    assert_eq!(
        desk.import_reference(&actor, &first, now())
            .expect_err("no key")
            .code(),
        Code::ExchangeNoCentralKey
    );
    desk.install_central_key(&actor, &central.public_key_file())
        .expect("central key");
    assert_eq!(
        desk.import_reference(&actor, &second, now())
            .expect("issue 2")
            .outcome,
        ReferenceOutcome::Applied
    );
    let mut tampered = second.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x01;
    let check = |name: &str, bytes: &[u8], expected: Result<ReferenceOutcome, Code>| {
        let got = desk
            .import_reference(&actor, bytes, now())
            .map(|i| i.outcome)
            .map_err(|e| e.code());
        assert_eq!(got, expected, "{name}");
        assert_eq!(desk.national().issue, Some(2), "{name}");
        assert_eq!(desk.national().schedule.rows().len(), 2, "{name}");
    };
    check(
        "the same file",
        &second,
        Ok(ReferenceOutcome::AlreadyApplied),
    );
    check("an older issue", &first, Err(Code::ReferenceOutdated));
    check(
        "an altered byte",
        &tampered,
        Err(Code::ExchangeBadSignature),
    );
    check(
        "another central office",
        &[
            issue(&other, &[OLD_FLOOR]),
            issue(&other, &[OLD_FLOOR]),
            issue(&other, &[OLD_FLOOR, NEW_FLOOR]),
        ][2],
        Err(Code::ExchangeBadSignature),
    );
    check(
        "not a reference file",
        b"NSSF-ACK 1\n{}\nAAAA\n",
        Err(Code::ReferenceInvalid),
    );
}
