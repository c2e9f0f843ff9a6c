//! Corrections need a second person (issue 11): contact details change at once, identity fields wait for
//! a supervisor other than the requester, on real temporary offices through the public API.

use nssf_api::nssf_domain::change::ChangeKind;
use nssf_api::nssf_domain::{Draft, DraftDocument};
use nssf_api::{Action, Actor, AmendOutcome, ApiError, CorrectionStatus, Desk, Refusal, Role};

use crate::{applicant, desk, now, reopen_store};

fn clerk() -> Actor {
    Actor::new("noy", "Noy", vec![Role::Clerk])
}

fn supervisor() -> Actor {
    Actor::new("bee", "Bee", vec![Role::Supervisor])
}

/// A person holding both roles: may ask and decide, never on their own request.
fn clerk_supervisor() -> Actor {
    Actor::new("kham", "Kham", vec![Role::Clerk, Role::Supervisor])
}

fn cashier() -> Actor {
    Actor::new("dao", "Dao", vec![Role::Cashier])
}

/// An office with the fixture applicant registered by the setup user; her number and form.
fn office() -> (tempfile::TempDir, Desk, String, Draft) {
    let (dir, desk) = desk();
    let view = desk
        .register(&Actor::setup_user(), &applicant().draft(), false, now())
        .expect("register");
    (dir, desk, view.member.member_no, view.draft)
}

fn id_card(number: &str) -> Vec<DraftDocument> {
    vec![DraftDocument {
        kind: "id_card".into(),
        number: number.into(),
    }]
}

/// The fields of a correction, in order.
fn fields(outcome: &AmendOutcome) -> Vec<String> {
    outcome
        .correction
        .iter()
        .flat_map(|c| c.changes.iter().map(|f| f.field.clone()))
        .collect()
}

/// The member's history, oldest first, as its actions' JSON names.
fn history(desk: &Desk, member_no: &str) -> Vec<String> {
    desk.member(&clerk(), member_no)
        .expect("member")
        .history
        .iter()
        .map(|h| {
            serde_json::to_value(h.action)
                .expect("action")
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

/// The office's `Desk` again, once the store opened beside it has let go of the folder (see
/// [`reopen_store`]).
fn reopen(dir: &std::path::Path) -> Desk {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match Desk::open(dir) {
            Ok(desk) => return desk,
            Err(e) if std::time::Instant::now() > deadline => panic!("reopen: {e}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

/// The refusal of a call that must fail.
fn refusal<T: std::fmt::Debug>(r: Result<T, ApiError>) -> Refusal {
    r.expect_err("refused").refusal
}

#[test]
fn contact_changes_apply_identity_changes_wait() {
    type Edit = fn(&mut Draft);
    /// What the form changes, who, what changes at once (form fields), what waits for a supervisor.
    type Row = (
        &'static str,
        fn() -> Actor,
        Edit,
        &'static [&'static str],
        &'static [&'static str],
    );
    let rows: &[Row] = &[
        (
            "phone",
            clerk,
            |d| d.phone = "020 5555 1234".into(),
            &["phone"],
            &[],
        ),
        (
            "address and occupation",
            clerk,
            |d| {
                d.house_no = "14".into();
                d.occupation = "farmer".into();
            },
            &["house_no", "occupation"],
            &[],
        ),
        (
            "Latin given name",
            clerk,
            |d| d.given_name_latin = "Chau".into(),
            &[],
            &["given_name_latin"],
        ),
        (
            "Lao family name",
            clerk,
            |d| d.family_name_lo = "ນ້ຳໃສ".into(),
            &[],
            &["family_name_lo"],
        ),
        (
            "birth date",
            clerk,
            |d| d.date_of_birth = "1991-05-12".into(),
            &[],
            &["date_of_birth"],
        ),
        (
            "sex and the title that follows it",
            clerk,
            |d| {
                d.sex = "male".into();
                d.title = "mr".into();
            },
            &[],
            &["title", "sex"],
        ),
        (
            "documents",
            clerk,
            |d| d.documents = id_card("111222333"),
            &[],
            &["documents"],
        ),
        (
            "both kinds: the contact part applies, the identity part waits",
            clerk,
            |d| {
                d.phone = "020 5555 1234".into();
                d.given_name_latin = "Chau".into();
            },
            &["phone"],
            &["given_name_latin"],
        ),
        // One person, no second to ask: as before staff accounts existed.
        (
            "the setup user alone",
            Actor::setup_user,
            |d| d.given_name_latin = "Chau".into(),
            &["given_name_latin"],
            &[],
        ),
    ];
    for (name, who, edit, applied, waiting) in rows {
        let (_dir, desk, no, before) = office();
        let mut draft = before.clone();
        edit(&mut draft);
        let outcome = desk.amend(&who(), &no, &draft, now()).expect(name);
        assert_eq!(fields(&outcome), *waiting, "{name}: waiting");
        let after = outcome.view.draft.clone();
        let changed: Vec<&str> = [
            ("phone", before.phone != after.phone),
            ("house_no", before.house_no != after.house_no),
            ("occupation", before.occupation != after.occupation),
            ("title", before.title != after.title),
            (
                "given_name_latin",
                before.given_name_latin != after.given_name_latin,
            ),
            (
                "family_name_lo",
                before.family_name_lo != after.family_name_lo,
            ),
            ("sex", before.sex != after.sex),
            ("date_of_birth", before.date_of_birth != after.date_of_birth),
            ("documents", before.documents != after.documents),
        ]
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| field)
        .collect();
        assert_eq!(changed, *applied, "{name}: applied at once");
        let filed = !waiting.is_empty();
        assert_eq!(
            outcome.correction.as_ref().map(|c| c.status),
            filed.then_some(CorrectionStatus::Pending),
            "{name}"
        );
        let mut expected = vec!["registered"];
        if !applied.is_empty() {
            expected.push("amended");
        }
        if filed {
            expected.push("correction-requested");
        }
        assert_eq!(history(&desk, &no), expected, "{name}: history");
    }
}

#[test]
fn a_second_person_approves_and_the_batch_carries_it() {
    let (dir, desk, no, mut draft) = office();
    draft.given_name_latin = "Chau".into();
    let filed = desk
        .amend_noting(&clerk(), &no, &draft, "misspelt at registration", now())
        .expect("request")
        .correction
        .expect("filed");
    assert_eq!(filed.requested_by, "noy");
    assert_eq!(filed.note, "misspelt at registration");
    let change = &filed.changes[0];
    assert_eq!(
        (
            change.field.as_str(),
            change.before.as_str(),
            change.after.as_str()
        ),
        ("given_name_latin", "Chao", "Chau")
    );
    let queue = desk.pending_corrections(&supervisor()).expect("queue");
    assert_eq!(queue.iter().map(|c| c.id).collect::<Vec<_>>(), [filed.id]);
    assert_eq!(queue[0].member_name_latin, "Ms Chao NAMCHAI");

    let decided = desk
        .approve_correction(&supervisor(), filed.id, now())
        .expect("approve");
    assert_eq!(
        (decided.status, decided.decided_by.as_str()),
        (CorrectionStatus::Approved, "bee")
    );
    assert_eq!(
        desk.member(&clerk(), &no)
            .expect("m")
            .member
            .given_name_latin,
        "Chau"
    );
    assert!(desk
        .pending_corrections(&supervisor())
        .expect("queue")
        .is_empty());
    assert_eq!(desk.correction(&clerk(), filed.id).expect("read"), decided);
    assert_eq!(
        desk.member_corrections(&clerk(), &no).expect("list"),
        [decided]
    );
    assert_eq!(
        history(&desk, &no),
        [
            "registered",
            "correction-requested",
            "amended",
            "correction-approved"
        ]
    );
    assert_eq!(
        refusal(desk.approve_correction(&supervisor(), filed.id, now())),
        Refusal::CorrectionDecided { id: filed.id }
    );

    // The weekly batch carries the change, by the approver, as an ordinary amendment.
    drop(desk);
    let store = reopen_store(dir.path());
    let last = store
        .changes_after(0)
        .last()
        .expect("an entry")
        .expect("readable");
    assert_eq!(
        (
            last.kind,
            last.actor.as_str(),
            last.record["given_name_latin"].as_str()
        ),
        (ChangeKind::MemberAmended, "bee", Some("Chau"))
    );
}

#[test]
fn who_may_ask_and_decide() {
    let (_dir, desk, no, draft) = office();
    let mut renamed = draft.clone();
    renamed.given_name_latin = "Chau".into();
    let mut phoned = draft.clone();
    phoned.phone = "020 5555 1234".into();
    let id = desk
        .amend(&clerk_supervisor(), &no, &renamed, now())
        .expect("request")
        .correction
        .expect("filed")
        .id;
    let forbidden = |role, action| Refusal::Forbidden { role, action };
    let mut renamed_again = renamed.clone();
    renamed_again.given_name_latin = "Chow".into();
    let rows: Vec<(&str, Result<(), ApiError>, Refusal)> = vec![
        (
            "the requester approves",
            desk.approve_correction(&clerk_supervisor(), id, now())
                .map(drop),
            Refusal::CorrectionOwnRequest { id },
        ),
        (
            "the requester rejects",
            desk.reject_correction(&clerk_supervisor(), id, "no", now())
                .map(drop),
            Refusal::CorrectionOwnRequest { id },
        ),
        (
            "a cashier approves",
            desk.approve_correction(&cashier(), id, now()).map(drop),
            forbidden(Role::Supervisor, Action::DecideCorrection),
        ),
        (
            "a clerk approves",
            desk.approve_correction(&clerk(), id, now()).map(drop),
            forbidden(Role::Supervisor, Action::DecideCorrection),
        ),
        (
            "a clerk reads the queue",
            desk.pending_corrections(&clerk()).map(drop),
            forbidden(Role::Supervisor, Action::DecideCorrection),
        ),
        (
            "a cashier asks for a correction",
            desk.amend(&cashier(), &no, &renamed_again, now()).map(drop),
            forbidden(Role::Clerk, Action::RequestCorrection),
        ),
        (
            "a cashier changes a phone",
            desk.amend(&cashier(), &no, &phoned, now()).map(drop),
            forbidden(Role::Clerk, Action::AmendContact),
        ),
        (
            "a supervisor changes a phone",
            desk.amend(&supervisor(), &no, &phoned, now()).map(drop),
            forbidden(Role::Clerk, Action::AmendContact),
        ),
        (
            "a second request while one waits",
            desk.amend(&clerk(), &no, &renamed_again, now()).map(drop),
            Refusal::CorrectionPending {
                member_no: no.clone(),
                id,
            },
        ),
        (
            "no such correction",
            desk.approve_correction(&supervisor(), 99, now()).map(drop),
            Refusal::CorrectionNotFound { id: 99 },
        ),
    ];
    for (name, result, expected) in rows {
        assert_eq!(refusal(result), expected, "{name}");
    }
    // Nothing above changed the member or decided the correction.
    assert_eq!(
        desk.member(&clerk(), &no)
            .expect("m")
            .member
            .given_name_latin,
        "Chao"
    );
    assert_eq!(
        desk.correction(&clerk(), id).expect("read").status,
        CorrectionStatus::Pending
    );
    // A contact change still goes through while a correction waits.
    desk.amend(&clerk(), &no, &phoned, now()).expect("contact");
}

#[test]
fn a_rejection_needs_a_reason_and_frees_the_member() {
    let (_dir, desk, no, draft) = office();
    let mut renamed = draft.clone();
    renamed.given_name_latin = "Chau".into();
    let id = desk
        .amend(&clerk(), &no, &renamed, now())
        .expect("request")
        .correction
        .expect("filed")
        .id;
    for reason in ["", "   "] {
        let e = desk
            .reject_correction(&supervisor(), id, reason, now())
            .expect_err("no reason");
        assert_eq!(
            (
                e.refusal,
                e.problems[0].field.as_str(),
                e.problems[0].code()
            ),
            (
                Refusal::InvalidInput {},
                "reason",
                nssf_api::nssf_domain::ProblemCode::ReasonRequired
            ),
            "{reason:?}"
        );
    }
    let rejected = desk
        .reject_correction(&supervisor(), id, "the ID card says Chao", now())
        .expect("reject");
    assert_eq!(
        (rejected.status, rejected.reason.as_str()),
        (CorrectionStatus::Rejected, "the ID card says Chao")
    );
    assert_eq!(
        desk.member(&clerk(), &no)
            .expect("m")
            .member
            .given_name_latin,
        "Chao"
    );
    assert_eq!(
        history(&desk, &no),
        ["registered", "correction-requested", "correction-rejected"]
    );
    // The member may be corrected again.
    desk.amend(&clerk(), &no, &renamed, now())
        .expect("asked again")
        .correction
        .expect("filed");
}

#[test]
fn approval_validates_again() {
    let (_dir, desk, no, draft) = office();
    let mut redocumented = draft.clone();
    redocumented.documents = id_card("111222333");
    let id = desk
        .amend(&clerk(), &no, &redocumented, now())
        .expect("request")
        .correction
        .expect("filed")
        .id;
    // Meanwhile another applicant is registered with that document.
    let other = desk
        .register(
            &clerk(),
            &applicant().given("ແກ້ວ", "Keo").id_card("111222333").draft(),
            false,
            now(),
        )
        .expect("register other")
        .member
        .member_no;
    assert_eq!(
        refusal(desk.approve_correction(&supervisor(), id, now())),
        Refusal::DuplicateDocument {
            member_no: other,
            document: "111222333/id_card".into()
        }
    );
    assert_eq!(
        desk.correction(&clerk(), id).expect("read").status,
        CorrectionStatus::Pending,
        "still waiting: a supervisor rejects it"
    );
    // A request naming a document already held is refused at once.
    let mut taken = draft.clone();
    taken.given_name_latin = "Chau".into();
    desk.reject_correction(&supervisor(), id, "document taken", now())
        .expect("reject");
    taken.documents = id_card("111222333");
    assert!(matches!(
        refusal(desk.amend(&clerk(), &no, &taken, now())),
        Refusal::DuplicateDocument { .. }
    ));
}

#[test]
fn a_stale_correction_is_refused() {
    let (dir, desk, no, draft) = office();
    let mut renamed = draft.clone();
    renamed.given_name_latin = "Chau".into();
    let id = desk
        .amend(&clerk(), &no, &renamed, now())
        .expect("request")
        .correction
        .expect("filed")
        .id;
    // The member's name changes by another way than this correction (the store itself, as a restored
    // or migrated record would).
    drop(desk);
    let store = reopen_store(dir.path());
    let mut member = store.member(&no).expect("read").expect("member");
    member.given_name_latin = "Chow".into();
    store
        .update_member(&member, "setup", now())
        .expect("update");
    drop(store);
    let desk = reopen(dir.path());
    assert_eq!(
        refusal(desk.approve_correction(&supervisor(), id, now())),
        Refusal::CorrectionStale { id }
    );
    assert_eq!(
        desk.member(&clerk(), &no)
            .expect("m")
            .member
            .given_name_latin,
        "Chow"
    );
}
