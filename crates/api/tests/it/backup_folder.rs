//! Backups from the running app into the office's backup folder (issue 12): the passphrase set once,
//! the folder settings, rotation that keeps the last N and never touches another file, the last good
//! backup and the header's week-old warning, a failing stick that leaves the day close standing, and
//! backups that are one moment's while another thread writes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use nssf_api::backup::verify_backup;
use nssf_api::backup_folder::backup_file_name;
use nssf_api::{
    Actor, AuditQuery, AutomaticBackup, BackupPassphrase, BackupSettings, Code, Desk,
    HistoryAction, Role,
};

use crate::{applicant, desk, now};

const PASSPHRASE: &str = "a long backup passphrase";

fn setup() -> Actor {
    Actor::setup_user()
}

fn with_key(desk: &Desk) {
    desk.set_backup_passphrase(&setup(), &BackupPassphrase::new(PASSPHRASE), now())
        .expect("set the passphrase");
}

fn set_folder(desk: &Desk, folder: &Path, keep: u32) {
    desk.set_backup_settings(
        &setup(),
        &BackupSettings {
            folder: folder.display().to_string(),
            keep,
        },
        now(),
    )
    .expect("backup settings");
}

fn register(desk: &Desk, i: u32) {
    let draft = applicant()
        .id_card(&format!("{}", 600_000_000 + i * 7))
        .given("ສົມ", ["Som", "Kham", "Noy", "Vanh"][i as usize % 4])
        .draft();
    desk.register_with(&setup(), &draft, crate::backdated(true), now())
        .expect("register");
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn code(result: Result<impl std::fmt::Debug, nssf_api::ApiError>) -> Code {
    result.expect_err("refused").code()
}

#[test]
fn the_passphrase_is_set_once_by_an_admin_and_the_settings_are_checked() {
    let (_dir, desk) = desk();
    let clerk = Actor::new("noy", "Noy", vec![Role::Clerk, Role::Supervisor]);
    let long = BackupPassphrase::new(PASSPHRASE);
    let short = BackupPassphrase::new("too short");
    let settings = |folder: &str, keep: u32| BackupSettings {
        folder: folder.into(),
        keep,
    };
    let status = desk.backup_status(now()).expect("status");
    assert_eq!(
        (status.has_key, status.folder, status.keep, status.overdue),
        (false, None, 10, false)
    );
    let folder = tempfile::tempdir().expect("tempdir");
    // Without the passphrase, a backup from the window is refused: the admin sets it first.
    assert_eq!(
        code(desk.backup_to_folder(&setup(), folder.path(), now())),
        Code::BackupKeyMissing
    );
    let cases: Vec<(&str, Code)> = vec![
        (
            "a supervisor may not set it",
            code(desk.set_backup_passphrase(&clerk, &long, now())),
        ),
        (
            "ten characters at least",
            code(desk.set_backup_passphrase(&setup(), &short, now())),
        ),
        (
            "a supervisor may not set the folder",
            code(desk.set_backup_settings(&clerk, &settings("/media/usb", 10), now())),
        ),
        (
            "a folder is a full path",
            code(desk.set_backup_settings(&setup(), &settings("usb/backups", 10), now())),
        ),
        (
            "at least one backup is kept",
            code(desk.set_backup_settings(&setup(), &settings("/media/usb", 0), now())),
        ),
        (
            "at most a hundred",
            code(desk.set_backup_settings(&setup(), &settings("/media/usb", 101), now())),
        ),
    ];
    let expected = [
        Code::Forbidden,
        Code::PasswordTooShort,
        Code::Forbidden,
        Code::InvalidInput,
        Code::InvalidInput,
        Code::InvalidInput,
    ];
    for ((what, got), want) in cases.into_iter().zip(expected) {
        assert_eq!(got, want, "{what}");
    }
    assert!(
        desk.set_backup_passphrase(&setup(), &long, now())
            .expect("set")
            .has_key
    );
    assert_eq!(
        code(desk.set_backup_passphrase(&setup(), &long, now())),
        Code::BackupKeyExists,
        "set once"
    );
    let status = desk
        .set_backup_settings(&setup(), &settings(" /media/usb ", 3), now())
        .expect("settings");
    assert_eq!(
        (status.folder.as_deref(), status.keep),
        (Some("/media/usb"), 3)
    );
    let status = desk
        .set_backup_settings(&setup(), &settings("", 3), now())
        .expect("no folder");
    assert_eq!(status.folder, None);
    // A backup made with the key the window set opens with the passphrase.
    let made = desk
        .backup_to_folder(&clerk, folder.path(), now())
        .expect("a supervisor backs up");
    let checked = verify_backup(Path::new(&made.file), &long).expect("verify");
    assert_eq!(checked.office, "0101-01");
}

/// What a folder holds besides this office's backups: none of it may ever be removed.
fn foreign_files(folder: &Path, a_backup: &Path) -> Vec<String> {
    let at = now() - Duration::days(30);
    let other_office = backup_file_name("0101-02", at);
    let names = vec![
        "notes.txt".to_owned(),
        other_office.clone(),
        // Our name, but not a backup inside.
        backup_file_name("0101-01", at - Duration::days(1)),
        // Almost our name.
        backup_file_name("0101-01", at).replace(".nssfbak", ".nssfbak.old"),
        "nssf-backup-0101-01-2026.nssfbak".to_owned(),
    ];
    std::fs::write(folder.join(&names[0]), "keep me").expect("write");
    // Another workstation's real backup (the header names it): ours only by its bytes, not its name.
    std::fs::copy(a_backup, folder.join(&other_office)).expect("copy");
    std::fs::write(folder.join(&names[2]), "not a backup").expect("write");
    std::fs::copy(a_backup, folder.join(&names[3])).expect("copy");
    std::fs::copy(a_backup, folder.join(&names[4])).expect("copy");
    let dir = backup_file_name("0101-01", at - Duration::days(2));
    std::fs::create_dir(folder.join(&dir)).expect("a folder named like a backup");
    let mut all = names;
    all.push(dir);
    all.sort();
    all
}

#[test]
fn rotation_keeps_the_newest_n_of_this_office_and_nothing_else_is_touched() {
    let (dir, desk) = desk();
    with_key(&desk);
    let seed = dir.path().join("seed.nssfbak");
    assert_eq!(
        desk.backup(&setup(), None, &seed, now())
            .expect("seed")
            .office,
        "0101-01"
    );
    // (backups of ours already there, keep) → how many of ours remain after one more backup. Each case
    // has a folder of its own.
    let cases: [(u32, u32, usize); 4] = [(0, 3, 1), (2, 3, 3), (5, 3, 3), (4, 1, 1)];
    for (n, (existing, keep, remain)) in cases.into_iter().enumerate() {
        let folder = dir.path().join(format!("stick-{n}"));
        std::fs::create_dir(&folder).expect("folder");
        let foreign = foreign_files(&folder, &seed);
        let mut ours: Vec<String> = (1..=existing)
            .map(|days| backup_file_name("0101-01", now() - Duration::days(i64::from(days))))
            .collect();
        for name in &ours {
            std::fs::copy(&seed, folder.join(name)).expect("copy");
        }
        set_folder(&desk, &folder, keep);
        let made = desk
            .backup_to_folder(&setup(), &folder, now())
            .expect("backup");
        ours.push(backup_file_name("0101-01", now()));
        ours.sort();
        let kept: Vec<String> = ours[ours.len() - remain..].to_vec();
        let mut expected = [foreign.clone(), kept].concat();
        expected.sort();
        assert_eq!(listing(&folder), expected, "{existing} there, keep {keep}");
        assert_eq!(
            made.removed,
            ours[..ours.len() - remain].to_vec(),
            "{existing} there, keep {keep}"
        );
        assert_eq!(
            made.file,
            folder
                .join(backup_file_name("0101-01", now()))
                .display()
                .to_string()
        );
    }
}

#[test]
fn the_last_good_backup_is_recorded_and_a_failed_one_does_not_count() {
    let (dir, desk) = desk();
    with_key(&desk);
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).expect("folder");
    assert_eq!(desk.backup_status(now()).expect("status").last_good, None);
    let first = desk
        .backup_to_folder(&setup(), &folder, now())
        .expect("backup");
    let later = now() + Duration::hours(5);
    let gone = dir.path().join("pulled-out");
    assert_eq!(
        code(desk.backup_to_folder(&setup(), &gone, later)),
        Code::BackupFolderMissing
    );
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, "").expect("file");
    assert_eq!(
        code(desk.backup_to_folder(&setup(), &a_file, later)),
        Code::BackupFolderMissing
    );
    let last = desk
        .backup_status(later)
        .expect("status")
        .last_good
        .expect("last");
    assert_eq!((last.at, last.file), (now(), first.file));
    let second = desk
        .backup_to_folder(&setup(), &folder, later)
        .expect("backup");
    let last = desk
        .backup_status(later)
        .expect("status")
        .last_good
        .expect("last");
    assert_eq!((last.at, last.file), (later, second.file));
    // Kept by the store: a reopened office knows it too.
    drop(desk);
    let desk = reopen(dir.path());
    assert_eq!(
        desk.backup_status(later)
            .expect("status")
            .last_good
            .map(|b| b.at),
        Some(later)
    );
}

fn reopen(dir: &Path) -> Desk {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match Desk::open(dir) {
            Ok(desk) => return desk,
            Err(e) if std::time::Instant::now() > deadline => panic!("reopen: {e:?}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

#[test]
fn the_header_warns_when_the_last_good_backup_is_more_than_a_week_old() {
    let week = Duration::days(7);
    let second = Duration::seconds(1);
    let zero = Duration::zero();
    // (members, a good backup made at now()) → (asked at now() + offset, overdue)…
    type Case = (u32, bool, Vec<(Duration, bool)>);
    let cases: Vec<Case> = vec![
        (0, false, vec![(zero, false), (week * 10, false)]),
        (1, false, vec![(zero, true)]),
        (
            1,
            true,
            vec![
                (zero, false),
                (week - second, false),
                (week, false),
                (week + second, true),
            ],
        ),
        (0, true, vec![(week, false), (week + second, true)]),
    ];
    for (members, made, asks) in cases {
        let (dir, desk) = desk();
        for i in 0..members {
            register(&desk, i);
        }
        if made {
            with_key(&desk);
            desk.backup(&setup(), None, &dir.path().join("b.nssfbak"), now())
                .expect("backup");
        }
        for (asked, overdue) in asks {
            let at: DateTime<Utc> = now() + asked;
            assert_eq!(
                desk.backup_status(at).expect("status").overdue,
                overdue,
                "{members} members, backup made: {made}, asked {asked:?} after"
            );
        }
    }
}

#[test]
fn a_failing_backup_folder_never_fails_the_day_close() {
    let cashier = setup().staff_id;
    let missing = |dir: &Path| Some(dir.join("stick-not-plugged-in"));
    let a_file = |dir: &Path| {
        let file = dir.join("a-file-not-a-folder");
        std::fs::write(&file, "").expect("file");
        Some(file)
    };
    let present = |dir: &Path| {
        let folder = dir.join("stick");
        std::fs::create_dir_all(&folder).expect("folder");
        Some(folder)
    };
    let none = |_: &Path| -> Option<PathBuf> { None };
    type Folder = dyn Fn(&Path) -> Option<PathBuf>;
    // (passphrase set, folder) → what the automatic backup became; each case closes a day of its own.
    let cases: Vec<(bool, Box<Folder>, &str)> = vec![
        (true, Box::new(missing), "failed backup-folder-missing"),
        (true, Box::new(a_file), "failed backup-folder-missing"),
        (true, Box::new(none), "no-folder"),
        (true, Box::new(present), "made"),
        (false, Box::new(present), "failed backup-key-missing"),
    ];
    let (with_dir, with) = desk();
    with_key(&with);
    let (without_dir, without) = desk();
    for (n, (key, folder, expected)) in cases.into_iter().enumerate() {
        let (dir, desk) = if key {
            (with_dir.path(), &with)
        } else {
            (without_dir.path(), &without)
        };
        let day = nssf_api::office_date(now()) - Duration::days(n as i64);
        let last_before = desk.backup_status(now()).expect("status").last_good;
        let folder = folder(dir).map_or_else(String::new, |f| f.display().to_string());
        desk.set_backup_settings(&setup(), &BackupSettings { folder, keep: 10 }, now())
            .expect("backup settings");
        let closed = desk
            .close_day_and_back_up(&setup(), &cashier, day, now())
            .expect("the day closes whatever the backup");
        let got = match &closed.backup {
            AutomaticBackup::NoFolder => "no-folder".to_owned(),
            AutomaticBackup::Made { .. } => "made".to_owned(),
            AutomaticBackup::Failed { error } => format!("failed {}", error.code().as_str()),
        };
        assert_eq!(got, expected);
        // The close is saved: the day reads as closed, as it was closed.
        let again = desk
            .day_summary(&setup(), &cashier, day, now())
            .expect("summary");
        assert_eq!(again, closed.close, "{expected}");
        // Only a backup written counts as the last good one.
        let last_after = desk.backup_status(now()).expect("status").last_good;
        assert_eq!(last_after != last_before, expected == "made", "{expected}");
    }
}

#[test]
fn a_backup_made_while_another_thread_writes_is_one_moment() {
    let (dir, desk) = desk();
    with_key(&desk);
    for i in 0..150 {
        register(&desk, i);
    }
    let passphrase = BackupPassphrase::new(PASSPHRASE);
    // Before anyone else writes: how many audit entries are not registrations (the office's setup).
    let quiet = dir.path().join("quiet.nssfbak");
    desk.backup(&setup(), None, &quiet, now()).expect("backup");
    let checked = verify_backup(&quiet, &passphrase).expect("verify");
    let setup_entries = checked.audit_entries - checked.members;
    let made: Vec<PathBuf> = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            for i in 150..400 {
                register(&desk, i);
            }
        });
        let mut made = Vec::new();
        for n in 1..=4 {
            let at = now() + Duration::seconds(n);
            let file = dir.path().join(format!("moment-{n}.nssfbak"));
            desk.backup(&setup(), None, &file, at).expect("backup");
            made.push(file);
        }
        writer.join().expect("writer");
        made
    });
    // Each registration is one member and one audit entry, written in one transaction: a backup that
    // read the audit trail before a registration and the members after it would hold one more member
    // than the chain accounts for (or a chain whose last hash `meta` does not know). Each backup made
    // before it adds its own `backup-made` entry: the quiet one and the moments before.
    for (before, file) in (1..).zip(made) {
        let checked = verify_backup(&file, &passphrase).expect("a whole backup");
        assert_eq!(
            checked.audit_entries - checked.members,
            setup_entries + before,
            "{}",
            file.display()
        );
    }
}

/// The trail's entries about the office's backups, as (action, record, file).
fn backup_entries(desk: &Desk) -> Vec<(HistoryAction, String, String)> {
    desk.audit_list(&setup(), &AuditQuery::default())
        .expect("list")
        .into_iter()
        .filter(|l| {
            matches!(
                l.action,
                HistoryAction::BackupMade | HistoryAction::BackupPassphraseSet
            )
        })
        .map(|l| {
            let file = l
                .detail
                .first()
                .map(|d| d.after.clone())
                .unwrap_or_default();
            (l.action, l.record, file)
        })
        .collect()
}

#[test]
fn setting_the_passphrase_and_every_backup_made_are_in_the_audit_trail() {
    let (dir, desk) = desk();
    assert_eq!(backup_entries(&desk), vec![]);
    with_key(&desk);
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).expect("folder");
    let made = desk
        .backup_to_folder(&setup(), &folder, now())
        .expect("backup");
    // A backup that was not written is not in the trail.
    let gone = dir.path().join("pulled-out");
    assert_eq!(
        code(desk.backup_to_folder(&setup(), &gone, now())),
        Code::BackupFolderMissing
    );
    // The command line's backup, the first of its office, sets the passphrase as it goes.
    let (other_dir, other) = crate::desk();
    let out = other_dir.path().join("office.nssfbak");
    other
        .backup(
            &setup(),
            Some(&BackupPassphrase::new(PASSPHRASE)),
            &out,
            now(),
        )
        .expect("backup");
    let out = std::path::absolute(&out)
        .expect("absolute")
        .display()
        .to_string();
    let office = "office".to_owned();
    let cases = [
        (
            backup_entries(&desk),
            vec![
                (
                    HistoryAction::BackupPassphraseSet,
                    office.clone(),
                    String::new(),
                ),
                (HistoryAction::BackupMade, office.clone(), made.file),
            ],
        ),
        (
            backup_entries(&other),
            vec![
                (
                    HistoryAction::BackupPassphraseSet,
                    office.clone(),
                    String::new(),
                ),
                (HistoryAction::BackupMade, office.clone(), out),
            ],
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
    assert!(matches!(
        desk.audit_verify(&setup()).expect("verify"),
        nssf_api::AuditCheck::Intact { .. }
    ));
}
