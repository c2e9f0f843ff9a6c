//! Backups and restores (issue 12) through the public API, on real temporary folders: what a restored
//! successor holds and issues, and every refusal leaving the target folder as it was.

use std::path::Path;

use nssf_api::backup::{restore, verify_backup};
use nssf_api::{Actor, BackupPassphrase, Desk, MonthsChoice, PaymentRequest, Refusal};

use crate::{applicant, desk, now};

const PASSPHRASE: &str = "a long backup passphrase";

fn passphrase() -> BackupPassphrase {
    BackupPassphrase::new(PASSPHRASE)
}

/// `n` members (documents numbered from `first`), each paid for one month: (member numbers, receipt numbers).
fn office_with_members(desk: &Desk, first: u32, n: u32) -> (Vec<String>, Vec<String>) {
    let actor = Actor::setup_user();
    let mut members = Vec::new();
    let mut receipts = Vec::new();
    for i in first..first + n {
        let draft = applicant()
            .id_card(&format!("{}", 500_000_000 + i * 7))
            .given("ສົມ", ["Som", "Kham", "Noy", "Vanh"][i as usize % 4])
            .draft();
        let no = desk
            .register_with(&actor, &draft, crate::backdated(true), now())
            .expect("register")
            .member
            .member_no;
        let receipt = desk
            .pay(
                &actor,
                &PaymentRequest {
                    member_no: no.clone(),
                    months: MonthsChoice::Next { count: 1 },
                    method: "cash".into(),
                    reference: String::new(),
                    paid_on: String::new(),
                    skip_arrears: true,
                    allow_backdate: false,
                },
                now(),
            )
            .expect("pay");
        members.push(no);
        receipts.push(receipt.receipt_no);
    }
    (members, receipts)
}

/// The names in a folder, sorted (what "touching nothing" compares).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec!["<absent>".into()],
    };
    names.sort();
    names
}

#[test]
fn a_restored_office_is_the_successor_holding_every_record() {
    let (dir, desk) = desk();
    let (members, receipts) = office_with_members(&desk, 0, 3);
    let file = dir.path().join("office.backup");
    let made = desk
        .backup(&Actor::setup_user(), Some(&passphrase()), &file, now())
        .expect("backup");
    assert_eq!(
        (made.members, made.receipts, made.key_created),
        (3, 3, true)
    );
    // The second backup needs no passphrase: the backup key is the office's now.
    let again = desk
        .backup(
            &Actor::setup_user(),
            None,
            &dir.path().join("again.backup"),
            now(),
        )
        .expect("backup without passphrase");
    assert!(!again.key_created);

    let checked = verify_backup(&file, &passphrase()).expect("verify");
    assert_eq!(
        (checked.office.as_str(), checked.members, checked.receipts),
        ("0101-01", 3, 3)
    );
    assert_eq!(checked.rows, made.rows);

    let target = tempfile::tempdir().expect("tempdir");
    let new_dir = target.path().join("restored");
    let restored = restore(
        &file,
        &new_dir,
        "02",
        &passphrase(),
        &Actor::setup_user(),
        now(),
    )
    .expect("restore");
    assert_eq!(restored.succeeds, "0101-01");
    assert_eq!(restored.desk.office().workstation, "02");
    assert_ne!(restored.fingerprint, desk.office_key_fingerprint());
    let successor = restored.desk;
    let actor = Actor::setup_user();
    for (no, receipt) in members.iter().zip(&receipts) {
        assert_eq!(
            successor
                .member(&actor, no)
                .expect("member")
                .member
                .member_no,
            *no
        );
        assert_eq!(
            successor
                .receipt(&actor, receipt)
                .expect("receipt")
                .receipt
                .receipt_no,
            *receipt
        );
    }
    // New numbers carry the new workstation, counted from 1; the audit chain is the successor's own.
    let (new_members, new_receipts) = office_with_members(&successor, 10, 1);
    assert!(
        new_members[0].starts_with("0101-02-0000001-"),
        "{}",
        new_members[0]
    );
    assert!(
        new_receipts[0].starts_with("0101-02-"),
        "{}",
        new_receipts[0]
    );
    match successor.audit_verify(&actor).expect("audit") {
        nssf_api::AuditCheck::Intact { entries, .. } => assert_eq!(entries, 3),
        broken => panic!("{broken:?}"),
    }
    // The successor opens again, whole (the check reads every tree, batch file and the audit chain).
    drop(successor);
    let reopened = Desk::open(&new_dir).expect("reopen the successor");
    let report = reopened.check_store(&actor).expect("check");
    assert!(report.whole, "{:?}", report.damage);
    assert_eq!(reopened.office().workstation, "02");
    // The old key is kept beside, with its public-key file for the cards it signed.
    let kept = new_dir.join("predecessor/0101-01");
    assert!(kept.join("office-key.ed25519").is_file());
    assert!(kept.join("office-key.pub").is_file());
}

/// Each refusal, with what the target folder held before and after (unchanged).
#[test]
fn refused_restores_touch_nothing() {
    let (dir, desk) = desk();
    office_with_members(&desk, 0, 1);
    let file = dir.path().join("office.backup");
    desk.backup(&Actor::setup_user(), Some(&passphrase()), &file, now())
        .expect("backup");
    let bytes = std::fs::read(&file).expect("read");
    let mut flipped = bytes.clone();
    let last = flipped.len() - 40;
    flipped[last] ^= 0x01;
    let tampered = dir.path().join("tampered.backup");
    std::fs::write(&tampered, &flipped).expect("write");
    let cut = dir.path().join("cut.backup");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).expect("write");

    let target = tempfile::tempdir().expect("tempdir");
    let busy = target.path().join("busy");
    std::fs::create_dir_all(&busy).expect("mkdir");
    std::fs::write(busy.join("notes.txt"), "mine").expect("write");
    let fresh = target.path().join("fresh");
    let check = |from: &Path, into: &Path, ws: &str, pass: &str, expected: &str| {
        let before = listing(into);
        let got = restore(
            from,
            into,
            ws,
            &BackupPassphrase::new(pass),
            &Actor::setup_user(),
            now(),
        )
        .map(|_| ())
        .expect_err("refused");
        assert_eq!(got.code().as_str(), expected, "{from:?} {ws}: {got}");
        assert_eq!(listing(into), before, "{from:?} {ws}: folder touched");
    };
    check(
        &file,
        &fresh,
        "02",
        "not the passphrase",
        "backup-passphrase-wrong",
    );
    check(&file, &busy, "02", PASSPHRASE, "restore-folder-not-empty");
    check(&file, &fresh, "01", PASSPHRASE, "restore-same-workstation");
    check(&file, &fresh, "100", PASSPHRASE, "invalid-input");
    check(&tampered, &fresh, "02", PASSPHRASE, "backup-invalid");
    check(&cut, &fresh, "02", PASSPHRASE, "backup-invalid");
    check(
        &dir.path().join("none.backup"),
        &fresh,
        "02",
        PASSPHRASE,
        "backup-invalid",
    );

    for (path, expected) in [(&tampered, "backup-invalid"), (&cut, "backup-invalid")] {
        let got = verify_backup(path, &passphrase()).expect_err("refused");
        assert_eq!(got.code().as_str(), expected);
    }
    let got = verify_backup(&file, &BackupPassphrase::new("wrong wrong")).expect_err("refused");
    assert_eq!(got.refusal, Refusal::BackupPassphraseWrong {});
}

#[test]
fn the_first_backup_needs_a_passphrase_and_the_backup_action() {
    let (dir, desk) = desk();
    let out = dir.path().join("b.backup");
    let check = |actor: &Actor, pass: Option<&str>, expected: &str| {
        let pass = pass.map(BackupPassphrase::new);
        let got = desk
            .backup(actor, pass.as_ref(), &out, now())
            .map(|_| "ok".to_owned())
            .unwrap_or_else(|e| e.code().as_str().to_owned());
        assert_eq!(got, expected, "{pass:?}");
    };
    let clerk = Actor::new("noy", "Noy", vec![nssf_api::Role::Clerk]);
    check(&clerk, Some(PASSPHRASE), "forbidden");
    check(&Actor::setup_user(), None, "backup-passphrase-needed");
    check(&Actor::setup_user(), Some("short"), "password-too-short");
    assert!(!out.exists(), "nothing written before the key exists");
    check(&Actor::setup_user(), Some(PASSPHRASE), "ok");
    check(&Actor::setup_user(), None, "ok");
}
