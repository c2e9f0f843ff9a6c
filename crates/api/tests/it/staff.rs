//! Staff accounts and signing in through the API, on real stores: adding (ids, names, roles, the first
//! account's rule, duplicates), sign-in and its refusals, the lock after 5 wrong passwords and its end 15
//! minutes later (time passed in), an admin's unlock, reset and disable, and the password change a reset
//! forces.

use chrono::{DateTime, Duration, Utc};
use nssf_api::{Action, Actor, ApiError, Code, Desk, NewStaff, Password, Refusal, Role};

use crate::{desk, now};

const ADMIN_PASSWORD: &str = "ລະຫັດ-admin-1";
const PASSWORD: &str = "correct horse";

fn new_staff(id: &str, name: &str, roles: &[Role], password: &str) -> NewStaff {
    NewStaff {
        id: id.into(),
        name: name.into(),
        roles: roles.to_vec(),
        password: Password::new(password),
    }
}

fn code<T: std::fmt::Debug>(result: Result<T, ApiError>) -> Code {
    result.expect_err("refused").code()
}

/// An office whose first account, `boss` (admin), is signed in; `noy` is a cashier.
fn staffed() -> (tempfile::TempDir, Desk, Actor) {
    let (dir, desk) = desk();
    desk.add_staff(
        &Actor::setup_user(),
        &new_staff("boss", "ທ້າວ ສົມພອນ", &[Role::Admin], ADMIN_PASSWORD),
        now(),
    )
    .expect("first admin");
    let admin = desk
        .sign_in("boss", &Password::new(ADMIN_PASSWORD), now())
        .expect("admin signs in");
    desk.add_staff(
        &admin,
        &new_staff("noy", "Noy Phommasone", &[Role::Cashier], PASSWORD),
        now(),
    )
    .expect("cashier");
    (dir, desk, admin)
}

fn sign_in(desk: &Desk, id: &str, password: &str, at: DateTime<Utc>) -> Result<Actor, ApiError> {
    desk.sign_in(id, &Password::new(password), at)
}

#[test]
fn the_first_account_must_be_an_admin() {
    let (_dir, desk) = desk();
    assert!(!desk.has_staff().expect("has staff"));
    let setup = Actor::setup_user();
    // (roles of the first account, what adding it does)
    let check = |roles: &[Role], expected: Result<(), Code>| {
        let got = desk
            .add_staff(&setup, &new_staff("first", "Bee", roles, PASSWORD), now())
            .map(|_| ())
            .map_err(|e| e.code());
        assert_eq!(got, expected, "{roles:?}");
    };
    check(
        &[Role::Cashier, Role::Supervisor],
        Err(Code::FirstAccountNeedsAdmin),
    );
    check(&[], Err(Code::StaffNoRole));
    assert!(!desk.has_staff().expect("has staff"), "nothing added");
    check(&[Role::Cashier, Role::Admin], Ok(()));
    assert!(desk.has_staff().expect("has staff"));
    // Once accounts exist, the setup user is no one.
    assert_eq!(
        code(desk.add_staff(
            &setup,
            &new_staff("second", "Bee", &[Role::Clerk], PASSWORD),
            now()
        )),
        Code::NotSignedIn
    );
}

#[test]
fn new_accounts_are_checked() {
    let (_dir, desk, admin) = staffed();
    // (id, name, password, the refusal)
    let cases: &[(&str, &str, &str, Option<Code>)] = &[
        ("k", "Bee", PASSWORD, Some(Code::StaffIdInvalid)),
        ("Bee", "Bee", PASSWORD, Some(Code::StaffIdInvalid)),
        ("bee lao", "Bee", PASSWORD, Some(Code::StaffIdInvalid)),
        (&"b".repeat(33), "Bee", PASSWORD, Some(Code::StaffIdInvalid)),
        ("bee", "", PASSWORD, Some(Code::InvalidInput)),
        ("bee", "Bee 2", PASSWORD, Some(Code::InvalidInput)),
        ("bee", "ບົວ Bee", PASSWORD, Some(Code::InvalidInput)),
        ("bee", "Bee", "short-pw1", Some(Code::PasswordTooShort)),
        ("noy", "Noy", PASSWORD, Some(Code::StaffExists)),
        (&"b".repeat(32), "Bee", PASSWORD, None),
        ("b2", "ນາງ ບົວ", "ລະຫັດຜ່ານລາວ", None),
        ("bee.k_1-x", "Bee  Khounphanh", PASSWORD, None),
    ];
    for (id, name, password, expected) in cases {
        let got = desk
            .add_staff(
                &admin,
                &new_staff(id, name, &[Role::Clerk], password),
                now(),
            )
            .err()
            .map(|e| e.code());
        assert_eq!(got, *expected, "{id} {name}");
    }
    let listed = desk.staff(&admin, now()).expect("list");
    let bee = listed.iter().find(|s| s.id == "bee.k_1-x").expect("bee");
    assert_eq!(bee.name, "Bee Khounphanh", "cleaned");
    // Only an admin manages staff.
    let cashier = sign_in(&desk, "noy", PASSWORD, now()).expect("noy");
    assert_eq!(
        desk.staff(&cashier, now()).expect_err("forbidden").refusal,
        Refusal::Forbidden {
            role: Role::Admin,
            action: Action::ManageStaff
        }
    );
}

#[test]
fn sign_in_gives_the_session() {
    let (_dir, desk, admin) = staffed();
    assert_eq!(
        (
            admin.staff_id.as_str(),
            admin.name.as_str(),
            admin.roles.as_slice()
        ),
        ("boss", "ທ້າວ ສົມພອນ", &[Role::Admin][..])
    );
    assert!(!admin.must_change_password);
    // (id, password, the refusal): an unknown id answers as a wrong password does.
    let check = |id: &str, password: &str, expected: Code| {
        assert_eq!(code(sign_in(&desk, id, password, now())), expected, "{id}");
    };
    check("noy", "wrong password", Code::WrongPassword);
    check("nobody", PASSWORD, Code::WrongPassword);
    check("noy", "correct horse ", Code::WrongPassword);
    // The same text in another Unicode form (é as one character, or e and an accent) is the same password.
    desk.add_staff(
        &admin,
        &new_staff("cafe", "Bee", &[Role::Clerk], "caf\u{e9} au lait"),
        now(),
    )
    .expect("cafe");
    assert!(sign_in(&desk, "cafe", "cafe\u{301} au lait", now()).is_ok());
}

#[test]
fn five_wrong_passwords_lock_for_fifteen_minutes() {
    let (_dir, desk, admin) = staffed();
    let t0 = now();
    for attempt in 1..=4 {
        assert_eq!(
            code(sign_in(
                &desk,
                "noy",
                "wrong password",
                t0 + Duration::seconds(attempt)
            )),
            Code::WrongPassword,
            "attempt {attempt}"
        );
    }
    let fifth = t0 + Duration::seconds(5);
    assert_eq!(
        code(sign_in(&desk, "noy", "wrong password", fifth)),
        Code::AccountLocked
    );
    // (when, the right password's answer)
    let check = |at: DateTime<Utc>, expected: Option<Code>| {
        let got = sign_in(&desk, "noy", PASSWORD, at).err().map(|e| e.code());
        assert_eq!(got, expected, "{at}");
    };
    check(fifth + Duration::minutes(14), Some(Code::AccountLocked));
    assert!(desk
        .staff(&admin, fifth)
        .expect("list")
        .iter()
        .any(|s| s.id == "noy" && s.locked));
    check(fifth + Duration::minutes(15), None);
    assert!(!desk
        .staff(&admin, fifth + Duration::minutes(15))
        .expect("list")
        .iter()
        .any(|s| s.locked));
    // The lock's message names its end in Lao time.
    for attempt in 1..=5 {
        let _ = sign_in(
            &desk,
            "noy",
            "wrong",
            fifth + Duration::minutes(20) + Duration::seconds(attempt),
        );
    }
    let locked =
        sign_in(&desk, "noy", PASSWORD, fifth + Duration::minutes(21)).expect_err("locked");
    let locked_at = fifth + Duration::minutes(20) + Duration::seconds(5);
    let until = (locked_at + Duration::minutes(15) + Duration::hours(7))
        .format("%H:%M")
        .to_string();
    assert_eq!(locked.refusal, Refusal::AccountLocked { until });
    // A right password clears the count of wrong ones.
    check(fifth + Duration::minutes(60), None);
    for attempt in 1..=4 {
        let _ = sign_in(
            &desk,
            "noy",
            "wrong",
            fifth + Duration::minutes(61) + Duration::seconds(attempt),
        );
    }
    check(fifth + Duration::minutes(62), None);
    let _ = sign_in(&desk, "noy", "wrong", fifth + Duration::minutes(63));
    check(fifth + Duration::minutes(64), None);
}

#[test]
fn an_admin_unlocks_resets_and_disables() {
    let (dir, desk, admin) = staffed();
    let t0 = now();
    for attempt in 1..=5 {
        let _ = sign_in(&desk, "noy", "wrong", t0 + Duration::seconds(attempt));
    }
    assert_eq!(
        code(sign_in(&desk, "noy", PASSWORD, t0 + Duration::minutes(1))),
        Code::AccountLocked
    );
    desk.unlock_staff(&admin, "noy", t0 + Duration::minutes(2))
        .expect("unlock");
    sign_in(&desk, "noy", PASSWORD, t0 + Duration::minutes(3)).expect("unlocked");
    assert_eq!(
        code(desk.unlock_staff(&admin, "nobody", t0)),
        Code::StaffUnknown
    );

    // A reset: the next session must change the password before anything else.
    desk.reset_staff_password(
        &admin,
        "noy",
        &Password::new("temporary-123"),
        t0 + Duration::minutes(4),
    )
    .expect("reset");
    assert_eq!(
        code(sign_in(&desk, "noy", PASSWORD, t0 + Duration::minutes(5))),
        Code::WrongPassword
    );
    let session =
        sign_in(&desk, "noy", "temporary-123", t0 + Duration::minutes(5)).expect("signs in");
    assert!(session.must_change_password);
    assert!(!session.may(Action::TakePayment));
    assert_eq!(
        code(desk.search(&session, "x", 10)),
        Code::PasswordChangeRequired
    );
    // (old, new, the refusal)
    let change = |old: Option<&str>, new: &str| {
        desk.change_own_password(
            &session,
            old.map(Password::new).as_ref(),
            &Password::new(new),
            t0 + Duration::minutes(6),
        )
    };
    assert_eq!(code(change(None, "temporary-123")), Code::PasswordUnchanged);
    assert_eq!(code(change(None, "short")), Code::PasswordTooShort);
    assert_eq!(
        code(change(Some("not the old one"), "new password 1")),
        Code::WrongPassword
    );
    let after = change(Some("temporary-123"), "new password 1").expect("changed");
    assert!(!after.must_change_password);
    assert!(after.may(Action::TakePayment));
    let again =
        sign_in(&desk, "noy", "new password 1", t0 + Duration::minutes(7)).expect("new password");
    assert!(!again.must_change_password);

    // Disabled: refused even with the right password; the last active admin cannot be disabled.
    desk.disable_staff(&admin, "noy", t0 + Duration::minutes(8))
        .expect("disable");
    assert_eq!(
        code(sign_in(
            &desk,
            "noy",
            "new password 1",
            t0 + Duration::minutes(9)
        )),
        Code::AccountDisabled
    );
    assert_eq!(
        code(desk.disable_staff(&admin, "boss", t0)),
        Code::LastAdmin
    );
    let listed: Vec<(String, bool)> = desk
        .staff(&admin, t0 + Duration::minutes(10))
        .expect("list")
        .into_iter()
        .map(|s| (s.id, s.active))
        .collect();
    assert_eq!(
        listed,
        [("boss".to_owned(), true), ("noy".to_owned(), false)]
    );

    // Each change of an account is in the audit trail, and no entry holds the password or its hash.
    drop(desk);
    let store = crate::reopen_store(dir.path());
    let trail: Vec<String> = store
        .history("staff/noy")
        .expect("history")
        .into_iter()
        .map(|e| {
            let text = format!("{e:?}");
            assert!(
                !text.contains("argon2") && !text.contains("temporary"),
                "{text}"
            );
            e.action.as_str().to_owned()
        })
        .collect();
    assert_eq!(
        trail,
        [
            "staff-added",
            "sign-in-failed",
            "sign-in-failed",
            "sign-in-failed",
            "sign-in-failed",
            "sign-in-failed",
            "staff-unlocked",
            "password-reset",
            "sign-in-failed",
            "signed-in",
            "sign-in-failed",
            "password-changed",
            "signed-in",
            "staff-disabled",
        ]
    );
}

#[test]
fn passwords_never_show() {
    let staff = new_staff("noy", "Noy", &[Role::Cashier], "secret password");
    let shown = format!("{staff:?} {:?}", Password::new("secret password"));
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
}
