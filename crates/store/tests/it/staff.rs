//! Staff accounts in a real store: added once per id, the first one only once, every change with its
//! audit entry, everything still there after reopening, and the hash kept out of `Debug`.

use nssf_store::{AuditAction, StaffAccount, StaffPlace, Store};

use crate::{at, office};

fn account(id: &str, roles: &[&str]) -> StaffAccount {
    StaffAccount {
        id: id.into(),
        name: "ນາງ ບົວ".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        active: true,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".into(),
        failed_attempts: 0,
        locked_until: None,
        must_change_password: false,
        created_at: at(0),
        updated_at: at(0),
    }
}

#[test]
fn accounts_are_added_once_and_the_first_only_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    assert!(!store.has_staff().expect("has staff"));
    // (account, added as the first?, what the store does)
    let check = |id: &str, first: bool, expected: StaffPlace| {
        let place = store
            .add_staff(&account(id, &["admin"]), first, "setup")
            .expect("add");
        assert_eq!(place, expected, "{id} first={first}");
    };
    check("noy", false, StaffPlace::FirstChanged);
    assert!(
        !store.has_staff().expect("has staff"),
        "a refusal adds nothing"
    );
    check("noy", true, StaffPlace::Added);
    check("noy", false, StaffPlace::Exists);
    check("bee", true, StaffPlace::FirstChanged);
    check("bee", false, StaffPlace::Added);
    let ids: Vec<String> = store
        .staff_accounts()
        .expect("list")
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, ["bee", "noy"]);
    let added: Vec<(String, AuditAction)> = store
        .history("staff/noy")
        .expect("history")
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect();
    assert_eq!(added, [("setup".to_owned(), AuditAction::StaffAdded)]);
}

#[test]
fn changes_are_audited_and_survive_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::create(dir.path(), &office()).expect("create");
        store
            .add_staff(&account("noy", &["admin", "cashier"]), true, "setup")
            .expect("add");
        // A change, a change that changes nothing, an unknown id.
        let disabled = store
            .update_staff("noy", at(5), "admin1", |a| {
                a.active = false;
                Some((AuditAction::StaffDisabled, vec![]))
            })
            .expect("update")
            .expect("known");
        assert!(!disabled.active);
        assert_eq!(disabled.updated_at, at(5));
        let same = store
            .update_staff("noy", at(6), "admin1", |_| None)
            .expect("update")
            .expect("known");
        assert_eq!(same, disabled);
        assert_eq!(
            store
                .update_staff("nobody", at(7), "admin1", |_| None)
                .expect("update"),
            None
        );
    }
    let store = Store::open(dir.path()).expect("reopen");
    let noy = store
        .staff_account("noy")
        .expect("read")
        .expect("still there");
    assert_eq!(
        (noy.active, noy.roles.clone()),
        (false, vec!["admin".to_owned(), "cashier".to_owned()])
    );
    let actions: Vec<AuditAction> = store
        .history("staff/noy")
        .expect("history")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [AuditAction::StaffAdded, AuditAction::StaffDisabled]
    );
    let shown = format!("{noy:?}");
    assert!(!shown.contains("argon2"), "{shown}");
}

#[test]
fn staff_actions_keep_their_stored_names() {
    let check = |action: AuditAction, stored: &str| {
        assert_eq!(action.as_str(), stored);
        assert_eq!(
            serde_json::to_string(&action).expect("json"),
            format!("\"{stored}\"")
        );
    };
    check(AuditAction::StaffAdded, "staff-added");
    check(AuditAction::StaffDisabled, "staff-disabled");
    check(AuditAction::StaffUnlocked, "staff-unlocked");
    check(AuditAction::PasswordReset, "password-reset");
    check(AuditAction::PasswordChanged, "password-changed");
    check(AuditAction::SignInFailed, "sign-in-failed");
    check(AuditAction::SignedIn, "signed-in");
}
