//! Corrections in the store: filed without touching the member, applied on approval exactly as an
//! amendment (record, indexes, change log, audit) with the decision, refused when stale or decided.

use nssf_domain::change::ChangeKind;
use nssf_domain::Member;
use nssf_store::{
    AuditAction, CorrectionChange, CorrectionRequest, Durability, Store, StoreError, Verdict,
};
use serde_json::json;

use crate::{at, office, person};

fn store_with_member() -> (tempfile::TempDir, Store, Member) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let member = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert");
    (dir, store, member)
}

/// A request renaming `member` in Latin script from Chao to `to`.
fn rename(member: &Member, to: &str) -> CorrectionRequest {
    CorrectionRequest {
        member_no: member.member_no.clone(),
        changes: vec![CorrectionChange {
            field: "given_name_latin".into(),
            before: json!("Chao"),
            after: json!(to),
        }],
        note: "misspelt".into(),
    }
}

fn actions(store: &Store, member_no: &str) -> Vec<AuditAction> {
    store
        .history(member_no)
        .expect("history")
        .iter()
        .map(|a| a.action)
        .collect()
}

#[test]
fn correction_audit_actions_keep_their_stored_names() {
    let check = |action: AuditAction, stored: &str| {
        assert_eq!(action.as_str(), stored);
        assert_eq!(
            serde_json::to_string(&action).ok(),
            Some(format!("\"{stored}\""))
        );
    };
    check(AuditAction::CorrectionRequested, "correction-requested");
    check(AuditAction::CorrectionApproved, "correction-approved");
    check(AuditAction::CorrectionRejected, "correction-rejected");
}

#[test]
fn approval_applies_the_request_with_its_change_log_entry() {
    let (_dir, store, member) = store_with_member();
    let mut phoned = member.clone();
    phoned.phone = "+8562055551234".into();
    let filed = store
        .request_correction(Some(&phoned), &rename(&member, "Chau"), "noy", at(1))
        .expect("request");
    assert_eq!((filed.id, filed.is_pending()), (1, true));
    let stored = store
        .member(&member.member_no)
        .expect("read")
        .expect("member");
    assert_eq!(
        (stored.given_name_latin.as_str(), stored.phone.as_str()),
        ("Chao", "+8562055551234"),
        "the contact part applies at once, the name waits"
    );
    assert_eq!(
        store.pending_corrections().expect("queue"),
        std::slice::from_ref(&filed)
    );
    let changes_before = store.last_change_seq().expect("seq");

    let approved = filed.apply_to(&stored).expect("apply").expect("not stale");
    assert_eq!(approved.given_name_latin, "Chau");
    let decided = store
        .approve_correction(filed.id, &stored, &approved, "bee", at(2))
        .expect("approve");
    let decision = decided.decision.clone().expect("decided");
    assert_eq!(
        (decision.verdict, decision.by.as_str()),
        (Verdict::Approved, "bee")
    );
    assert_eq!(
        store.member(&member.member_no).expect("read"),
        Some(approved.clone())
    );
    assert!(store.pending_corrections().expect("queue").is_empty());
    assert_eq!(
        store.member_corrections(&member.member_no).expect("list"),
        [decided]
    );
    let logged: Vec<_> = store
        .changes_after(changes_before)
        .map(|e| e.expect("entry"))
        .collect();
    assert_eq!(logged.len(), 1, "one change-log entry for the approval");
    assert_eq!(
        (
            logged[0].kind,
            logged[0].actor.as_str(),
            &logged[0].record["given_name_latin"]
        ),
        (ChangeKind::MemberAmended, "bee", &json!("Chau"))
    );
    // The index follows the new name.
    assert_eq!(
        store
            .same_name_and_birth(&person("ເຈົ້າ", "Chau", "X", ""))
            .expect("dup"),
        std::slice::from_ref(&member.member_no)
    );
    assert_eq!(
        actions(&store, &member.member_no),
        [
            AuditAction::Registered,
            AuditAction::Amended,
            AuditAction::CorrectionRequested,
            AuditAction::Amended,
            AuditAction::CorrectionApproved,
        ]
    );
}

#[test]
fn refusals_leave_everything_as_it_was() {
    type Step = fn(&Store, &Member, u64) -> Result<(), StoreError>;
    // (what is tried on a member with correction 1 waiting, the refusal)
    let rows: &[(&str, Step, &str)] = &[
        (
            "a second request",
            |s, m, _| {
                s.request_correction(None, &rename(m, "Chow"), "noy", at(3))
                    .map(drop)
            },
            "member 0101-03-0000001-6 has correction 1 waiting",
        ),
        (
            "an unknown correction",
            |s, _, _| s.reject_correction(9, "no", "bee", at(3)).map(drop),
            "no correction 9",
        ),
        (
            "a decided correction",
            |s, _, id| {
                s.reject_correction(id, "no", "bee", at(3))?;
                s.reject_correction(id, "again", "bee", at(4)).map(drop)
            },
            "correction 1 is decided already",
        ),
        (
            "approving over a member changed since (stale)",
            |s, m, id| {
                let mut renamed = m.clone();
                renamed.given_name_latin = "Chow".into();
                s.update_member(&renamed, "setup", at(3))?;
                let mut approved = renamed.clone();
                approved.given_name_latin = "Chau".into();
                s.approve_correction(id, &renamed, &approved, "bee", at(4))
                    .map(drop)
            },
            "correction 1 no longer matches its member",
        ),
        (
            "approving with a record read before a contact change (stale)",
            |s, m, id| {
                let mut phoned = m.clone();
                phoned.phone = "+8562055551234".into();
                s.update_member(&phoned, "noy", at(3))?;
                let mut approved = m.clone();
                approved.given_name_latin = "Chau".into();
                s.approve_correction(id, m, &approved, "bee", at(4))
                    .map(drop)
            },
            "correction 1 no longer matches its member",
        ),
    ];
    for (name, step, expected) in rows {
        let (_dir, store, member) = store_with_member();
        let id = store
            .request_correction(None, &rename(&member, "Chau"), "noy", at(1))
            .expect("request")
            .id;
        let result = step(&store, &member, id);
        assert_eq!(
            result.map_err(|e| e.to_string()).err().as_deref(),
            Some(*expected),
            "{name}"
        );
        assert_ne!(
            store
                .member(&member.member_no)
                .expect("read")
                .map(|m| m.given_name_latin),
            Some("Chau".to_owned()),
            "{name}: never applied"
        );
    }
}

#[test]
fn a_request_over_other_values_is_stale_and_rejection_frees_the_member() {
    let (_dir, store, member) = store_with_member();
    let mut wrong = rename(&member, "Chau");
    wrong.changes[0].before = json!("Somebody");
    assert_eq!(
        store
            .request_correction(None, &wrong, "noy", at(1))
            .map_err(|e| e.to_string())
            .err()
            .as_deref(),
        Some("correction 0 no longer matches its member")
    );
    let filed = store
        .request_correction(None, &rename(&member, "Chau"), "noy", at(1))
        .expect("request");
    let rejected = store
        .reject_correction(filed.id, "the ID card says Chao", "bee", at(2))
        .expect("reject");
    let decision = rejected.decision.expect("decided");
    assert_eq!(
        (decision.verdict, decision.reason.as_str()),
        (Verdict::Rejected, "the ID card says Chao")
    );
    let again = store
        .request_correction(None, &rename(&member, "Chau"), "noy", at(3))
        .expect("asked again");
    assert_eq!(again.id, 2, "numbers come from the office's counter");
    assert_eq!(
        actions(&store, &member.member_no),
        [
            AuditAction::Registered,
            AuditAction::CorrectionRequested,
            AuditAction::CorrectionRejected,
            AuditAction::CorrectionRequested,
        ]
    );
}
