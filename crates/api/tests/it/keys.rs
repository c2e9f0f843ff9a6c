//! The office's keys on real folders: its secret key is made once, at setup, owner-only, and a missing or
//! damaged one refuses to open instead of being replaced; the central office's key is installed once and
//! replaced only on purpose, by a supervisor, with an audit entry.

use std::path::Path;

use nssf_api::{Action, Actor, ApiError, Code, Desk, OfficeSetup, Refusal, Role};
use nssf_exchange::CentralStore;
use nssf_store::{AuditAction, CENTRAL_KEY_TARGET};

use crate::{applicant, backdated, desk, now, reopen_store};

const KEY_FILE: &str = "office-key.ed25519";

/// Every file directly in the folder with its bytes, to show that a refused open wrote nothing.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}

fn open_refusal(dir: &Path) -> ApiError {
    Desk::open(dir).expect_err("the folder must not open")
}

/// A folder with a member in it whose key is deleted, emptied, cut short, overwritten or of the wrong
/// length refuses to open with `office-key-unreadable` and the key's path, and no key file appears: a
/// new key would make every card printed before fail to verify.
#[test]
fn a_damaged_office_key_refuses_to_open_and_no_key_is_made() {
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 5] = [
        ("deleted", |p| std::fs::remove_file(p).expect("delete")),
        ("emptied", |p| std::fs::write(p, b"").expect("empty")),
        ("cut short", |p| {
            let bytes = std::fs::read(p).expect("read");
            std::fs::write(p, &bytes[..bytes.len() / 2]).expect("truncate");
        }),
        ("overwritten", |p| {
            std::fs::write(p, b"\x00\xffnot base64").expect("corrupt")
        }),
        // Valid base64 of 16 bytes: half a seed.
        ("wrong length", |p| {
            std::fs::write(p, b"AAAAAAAAAAAAAAAAAAAAAA==").expect("short seed")
        }),
    ];
    for (how, damage) in damages {
        let (dir, desk) = desk();
        desk.register_with(
            &Actor::setup_user(),
            &applicant().draft(),
            backdated(false),
            now(),
        )
        .expect("register");
        drop(desk);
        let key = dir.path().join(KEY_FILE);
        damage(&key);
        let before = files(dir.path());

        let refused = open_refusal(dir.path());
        assert_eq!(
            refused.refusal,
            Refusal::OfficeKeyUnreadable {
                path: key.display().to_string()
            },
            "{how}"
        );
        assert_eq!(files(dir.path()), before, "{how}: nothing written");
        // And again: a second attempt does not "repair" the folder either.
        assert_eq!(
            open_refusal(dir.path()).code(),
            Code::OfficeKeyUnreadable,
            "{how}"
        );
    }
}

/// Setting up a folder that already holds an office never reaches its key, even a missing one.
#[test]
fn setup_run_again_on_an_office_makes_no_key() {
    let (dir, desk) = desk();
    drop(desk);
    let key = dir.path().join(KEY_FILE);
    std::fs::remove_file(&key).expect("delete");
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let refused = Desk::init(dir.path(), &setup, &Actor::setup_user(), now())
        .expect_err("an office is there already");
    assert_eq!(refused.code(), Code::AlreadyInitialised);
    assert!(!key.exists(), "no key made by a refused setup");
    assert_eq!(open_refusal(dir.path()).code(), Code::OfficeKeyUnreadable);
}

/// The key made at setup is the one every later open reads: same fingerprint, owner-only file.
#[test]
fn the_key_made_at_setup_is_kept() {
    let (dir, desk) = desk();
    let fingerprint = desk.office_key_fingerprint();
    let public = desk.office_public_key();
    drop(desk);
    let desk = Desk::open(dir.path()).expect("reopen");
    assert_eq!(desk.office_key_fingerprint(), fingerprint);
    assert_eq!(desk.office_public_key(), public);
    let (_, key) = nssf_exchange::keys::parse_office_key(&public).expect("key file");
    assert_eq!(nssf_exchange::keys::office_fingerprint(&key), fingerprint);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

fn central_key() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = CentralStore::init(&dir.path().join("central")).expect("central init");
    let file = central.public_key_file();
    let fingerprint = nssf_exchange::CentralPublic::parse(&file)
        .expect("key file")
        .fingerprint();
    (dir, file, fingerprint)
}

/// Installing the same key again changes nothing; a different key is refused with the installed key's
/// fingerprint until a supervisor replaces it, and the replacement is in the audit trail with both
/// fingerprints.
#[test]
fn the_central_key_is_replaced_only_on_purpose_and_audited() {
    let (dir, desk) = desk();
    let supervisor = Actor::setup_user();
    let clerk = Actor::new("clerk1", "clerk1", vec![Role::Clerk, Role::Cashier]);
    let (_a_dir, a, a_fingerprint) = central_key();
    let (_b_dir, b, b_fingerprint) = central_key();
    assert_ne!(a_fingerprint, b_fingerprint);

    let first = desk.install_central_key(&supervisor, &a).expect("install");
    assert_eq!(
        (
            first.fingerprint.as_str(),
            first.previous.as_deref(),
            first.changed
        ),
        (a_fingerprint.as_str(), None, true)
    );
    let again = desk.install_central_key(&supervisor, &a).expect("same key");
    assert_eq!(
        (again.fingerprint.as_str(), again.changed),
        (a_fingerprint.as_str(), false)
    );

    let refused = desk
        .install_central_key(&supervisor, &b)
        .expect_err("another key is installed");
    assert_eq!(
        refused.refusal,
        Refusal::CentralKeyDifferent {
            installed: a_fingerprint.clone()
        }
    );
    let forbidden = desk
        .replace_central_key(&clerk, &b, now())
        .expect_err("a clerk may not replace it");
    assert_eq!(
        forbidden.refusal,
        Refusal::Forbidden {
            role: Role::Admin,
            action: Action::ManageKeys,
        }
    );
    assert!(
        !desk
            .install_central_key(&supervisor, &a)
            .expect("still a")
            .changed,
        "the refusals left the key alone"
    );

    let replaced = desk
        .replace_central_key(&supervisor, &b, now())
        .expect("replace");
    assert_eq!(
        (
            replaced.fingerprint.as_str(),
            replaced.previous.as_deref(),
            replaced.changed
        ),
        (b_fingerprint.as_str(), Some(a_fingerprint.as_str()), true)
    );
    let same = desk
        .replace_central_key(&supervisor, &b, now())
        .expect("replace with the same key");
    assert_eq!((same.previous, same.changed), (None, false));
    drop(desk);

    let audit = reopen_store(dir.path())
        .history(CENTRAL_KEY_TARGET)
        .expect("audit");
    assert_eq!(audit.len(), 1, "one replacement, one entry: {audit:?}");
    let entry = &audit[0];
    assert_eq!(entry.action, AuditAction::CentralKeyReplaced);
    assert_eq!((entry.actor.as_str(), entry.at), ("setup", now()));
    assert_eq!(entry.changes.len(), 1);
    assert_eq!(
        (
            entry.changes[0].field.as_str(),
            entry.changes[0].before.as_str(),
            entry.changes[0].after.as_str()
        ),
        (
            "fingerprint",
            a_fingerprint.as_str(),
            b_fingerprint.as_str()
        )
    );
}

/// Audit actions are stored by name in existing folders: the names stay as they were.
#[test]
fn audit_action_names_are_stable() {
    let check = |action: AuditAction, expected: &str| {
        assert_eq!(
            serde_json::to_value(action).expect("json"),
            serde_json::json!(expected)
        );
        assert_eq!(action.as_str(), expected);
    };
    check(AuditAction::Registered, "registered");
    check(AuditAction::Amended, "amended");
    check(AuditAction::Paid, "paid");
    check(AuditAction::Voided, "voided");
    check(AuditAction::BaseChanged, "base-changed");
    check(AuditAction::ReceiptPrinted, "receipt-printed");
    check(AuditAction::DayClosed, "day-closed");
    check(AuditAction::PhotoChanged, "photo");
    check(AuditAction::CardIssued, "card-issued");
    check(AuditAction::CentralKeyReplaced, "central-key-replaced");
}
