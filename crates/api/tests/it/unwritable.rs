//! Files written to a stick that cannot take them (issue 12): full, write-protected (a read-only mount,
//! which stops root as it stops a clerk), or pulled out while the file is written (its folder gone before
//! the rename). Each write fails, says which file, and leaves nothing behind: no half file under the
//! real name, no temporary `.part` file.

use std::io::Write;
use std::path::Path;

use nssf_api::files::{write_atomically, write_atomically_with};
use nssf_api::{Actor, ApiError, BackupPassphrase, Desk, Refusal};
use nssf_test_support::mounts::LoopMount;

use crate::full_disk::noisy_jpeg;
use crate::{applicant, backdated, desk, now};

/// The names in a folder, recursively, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path.clone());
            }
            names.push(
                path.strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string(),
            );
        }
    }
    names.sort();
    names
}

/// An office of a few members with photos that do not compress: its backup is a few hundred KB.
fn office_with_photos(root: &Path) -> (tempfile::TempDir, Desk) {
    let (dir, desk) = desk();
    let photo = noisy_jpeg(root);
    let actor = Actor::setup_user();
    for i in 0..6u32 {
        let draft = applicant()
            .id_card(&format!("{}", 600_000_000 + i * 13))
            .draft();
        let no = desk
            .register_with(&actor, &draft, backdated(true), now())
            .expect("register")
            .member
            .member_no;
        desk.set_photo(&actor, &no, &photo, None, now())
            .expect("photo");
    }
    (dir, desk)
}

/// What one writer did with `path`: `Ok` or the refusal (for the plain writers, `file-unwritable` naming
/// the file, as the CLI and the window report their errors).
type Writer<'a> = &'a dyn Fn(&Path) -> Result<(), Refusal>;

fn unwritable(path: &Path) -> Refusal {
    Refusal::FileUnwritable {
        path: path.display().to_string(),
    }
}

#[test]
fn a_stick_full_or_write_protected_gets_no_half_file() {
    let Some(stick) = LoopMount::ext4("a_stick_full_or_write_protected_gets_no_half_file", 4)
    else {
        return;
    };
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let (_office, desk) = office_with_photos(elsewhere.path());
    let actor = Actor::setup_user();
    let passphrase = BackupPassphrase::new("a long backup passphrase");
    // The backup key is made once, on the office's own disk.
    desk.backup(
        &actor,
        Some(&passphrase),
        &elsewhere.path().join("first.backup"),
        now(),
    )
    .expect("first backup");
    let backup: Writer = &|path| {
        desk.backup(&actor, None, path, now())
            .map(|_| ())
            .map_err(|e: ApiError| e.refusal)
    };
    let pdf: Writer = &|path| {
        write_atomically(path, &vec![0x25; 300_000], &mut |_, _| {}).map_err(|_| unwritable(path))
    };

    // Full: the stick has 100 KB left, the backup is several hundred.
    let filler = stick.dir().join("filler");
    let fill = stick.available().saturating_sub(100 * 1024);
    std::fs::write(&filler, vec![0u8; fill as usize]).expect("filler");
    let full = stick.dir().join("office.backup");
    let before = listing(stick.dir());
    let rows: &[(&str, Writer, &Path)] = &[
        ("backup, stick full", backup, &full),
        ("pdf, stick full", pdf, &stick.dir().join("card.pdf")),
    ];
    for (what, write, path) in rows {
        assert_eq!(write(path), Err(unwritable(path)), "{what}");
        assert_eq!(
            listing(stick.dir()),
            before,
            "{what}: something left behind"
        );
    }

    // Write-protected.
    std::fs::remove_file(&filler).expect("free the stick");
    let before = listing(stick.dir());
    stick.remount_read_only();
    let rows: &[(&str, Writer, &Path)] = &[
        (
            "backup, read-only",
            backup,
            &stick.dir().join("office.backup"),
        ),
        ("pdf, read-only", pdf, &stick.dir().join("receipt.pdf")),
    ];
    for (what, write, path) in rows {
        assert_eq!(write(path), Err(unwritable(path)), "{what}");
        assert_eq!(
            listing(stick.dir()),
            before,
            "{what}: something left behind"
        );
    }
}

/// A stick pulled out while the file is written: its folder disappears before the rename. Plain folders,
/// no mount needed.
#[test]
fn a_folder_gone_before_the_rename_leaves_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let check = |after_bytes: usize| {
        let stick = root.path().join(format!("stick-{after_bytes}"));
        std::fs::create_dir(&stick).expect("mkdir");
        let path = stick.join("export.batch");
        let result = write_atomically_with(
            &path,
            |file| {
                file.write_all(&vec![1u8; after_bytes])?;
                std::fs::remove_dir_all(&stick)?;
                file.write_all(&[2u8; 1000])
            },
            |e| e,
        );
        assert!(result.is_err(), "{after_bytes}: reported written");
        assert!(!stick.exists(), "{after_bytes}: the folder came back");
        assert_eq!(listing(root.path()), Vec::<String>::new(), "{after_bytes}");
    };
    check(0);
    check(10);
    check(300_000);
}
