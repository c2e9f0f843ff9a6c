//! An office on a disk that fills up (issue 12, "Full disk"): a real store on a loop-mounted ext4 image
//! of a few MB, registrations with photos until a write does not fit. The write that does not fit is
//! refused with `disk-full`; everything reported saved reads back, before and after; the office keeps
//! answering searches and makes a backup to another disk once opened again (`Desk::reopen`: sled keeps
//! its first write error), and once space is freed (a filler file deleted) it writes again.

use std::path::Path;

use nssf_api::backup::verify_backup;
use nssf_api::reopen::{RESERVE_BYTES, RESERVE_FILE};
use nssf_api::{Actor, BackupPassphrase, Code, Desk, OfficeSetup};

use crate::{applicant, backdated, now};
use nssf_test_support::mounts::LoopMount;

const PASSPHRASE: &str = "a long backup passphrase";
/// Room left for the store once the filler is written: a few dozen members with photos.
const ROOM: u64 = 1536 * 1024;

/// A photo that does not compress: noise, 180 × 240 (about 40 KB as the store keeps it).
pub(crate) fn noisy_jpeg(dir: &Path) -> Vec<u8> {
    let path = dir.join("noise.jpg");
    let out = std::process::Command::new("/usr/bin/convert")
        .args(["-size", "180x240", "xc:gray", "+noise", "Random"])
        .arg(&path)
        .output()
        .expect("ImageMagick's convert is needed (Debian package imagemagick)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(path).expect("read the photo")
}

/// Registers member `i` and gives it the photo: the member number once registered, and whether the
/// photo was saved too; or the refusal of the step that failed.
fn register_with_photo(
    desk: &Desk,
    i: u32,
    photo: &[u8],
) -> (Option<String>, Result<(), nssf_api::ApiError>) {
    let actor = Actor::setup_user();
    let draft = applicant()
        .id_card(&format!("{}", 700_000_000 + i * 11))
        .given("ສົມ", ["Som", "Kham", "Noy", "Vanh"][i as usize % 4])
        .draft();
    let no = match desk.register_with(&actor, &draft, backdated(true), now()) {
        Ok(view) => view.member.member_no,
        Err(e) => return (None, Err(e)),
    };
    let photo = desk.set_photo(&actor, &no, photo, None, now());
    (Some(no), photo)
}

/// Every member reported saved reads back, with its photo if that was reported saved.
fn everything_confirmed_reads_back(desk: &Desk, confirmed: &[(String, bool)]) {
    let actor = Actor::setup_user();
    for (no, with_photo) in confirmed {
        let member = desk
            .member(&actor, no)
            .unwrap_or_else(|e| panic!("{no}: {e}"));
        assert_eq!(&member.member.member_no, no);
        if *with_photo {
            assert!(
                desk.photo(&actor, no).expect("photo").is_some(),
                "{no}: its photo was reported saved"
            );
        }
    }
}

#[test]
fn a_full_disk_refuses_the_write_keeps_what_was_saved_and_writes_again_once_freed() {
    let Some(disk) = LoopMount::ext4("full_disk", 32) else {
        return;
    };
    let started = std::time::Instant::now();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let photo = noisy_jpeg(elsewhere.path());
    let data = disk.dir().join("office");
    let actor = Actor::setup_user();
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(&data, &setup, &actor, now()).expect("init");
    // The first backup makes the backup key (a write); later ones only read the store.
    let passphrase = BackupPassphrase::new(PASSPHRASE);
    desk.backup(
        &actor,
        Some(&passphrase),
        &elsewhere.path().join("first.backup"),
        now(),
    )
    .expect("first backup");

    // Fill the disk but for ROOM bytes, with a file that is deleted later to free space.
    let filler = disk.dir().join("filler");
    let fill = disk.available().saturating_sub(ROOM);
    std::fs::write(&filler, vec![0x5a; fill as usize]).expect("filler");

    let mut confirmed: Vec<(String, bool)> = Vec::new();
    let mut refusal = None;
    for i in 0..400 {
        let (no, photo_saved) = register_with_photo(&desk, i, &photo);
        if let Some(no) = no {
            confirmed.push((no, photo_saved.is_ok()));
        }
        if let Err(e) = photo_saved {
            refusal = Some(e);
            break;
        }
    }
    let refusal = refusal.expect("the disk filled up");
    assert_eq!(refusal.code(), Code::DiskFull, "{refusal}");
    assert!(
        confirmed.len() > 3,
        "only {} members fitted",
        confirmed.len()
    );
    eprintln!(
        "full_disk: {} members saved before the disk was full ({} with photos); refused: {refusal}",
        confirmed.len(),
        confirmed.iter().filter(|(_, photo)| *photo).count()
    );

    // Full. sled keeps its first write error: every later write is refused, and a read that needs a
    // page from the part of its log that never reached the disk fails too. So the office is opened
    // again at once, as the window does after `disk-full`; sled's open writes a snapshot, for which the
    // space held back in the reserve file is given up.
    let (_, again) = register_with_photo(&desk, 1000, &photo);
    assert_eq!(
        again.expect_err("still full").code(),
        Code::DiskFull,
        "a write while the disk is still full"
    );
    assert!(
        data.join(RESERVE_FILE).exists(),
        "the reserve was made at setup"
    );
    let desk = desk.reopen().expect("reopen while the disk is full");
    assert!(!data.join(RESERVE_FILE).exists(), "the reserve given up");

    // Reads go on, and so does a backup to another disk.
    everything_confirmed_reads_back(&desk, &confirmed);
    assert!(!desk.search(&actor, "Som", 20).expect("search").is_empty());
    let report = desk.check_store(&actor).expect("check");
    assert!(report.whole, "{:?}", report.damage);
    let backup = elsewhere.path().join("full.backup");
    let made = desk.backup(&actor, None, &backup, now()).expect("backup");
    assert!(made.members >= confirmed.len() as u64);
    let verified = verify_backup(&backup, &passphrase).expect("verify the backup");
    assert_eq!(verified.members, made.members);

    // Space freed: writes work again.
    std::fs::remove_file(&filler).expect("free space");
    let (no, photo_saved) = register_with_photo(&desk, 2000, &photo);
    photo_saved.expect("writes work again");
    let no = no.expect("registered");
    drop(desk);

    // And all of it is on the disk: opened afresh, as after a restart, with the reserve back.
    let desk = reopened(&data);
    everything_confirmed_reads_back(&desk, &confirmed);
    everything_confirmed_reads_back(&desk, &[(no, true)]);
    assert_eq!(
        std::fs::metadata(data.join(RESERVE_FILE))
            .map(|m| m.len())
            .ok(),
        Some(RESERVE_BYTES),
        "the reserve put back"
    );
    drop(desk);
    eprintln!("full_disk: {:?}", started.elapsed());
}

/// The office opened again by a new `Desk` once the dropped one has let go of its folder.
fn reopened(data: &Path) -> Desk {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match Desk::open(data) {
            Ok(desk) => return desk,
            Err(e) if e.code() == Code::FolderInUse && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            Err(e) => panic!("reopen: {e}"),
        }
    }
}
