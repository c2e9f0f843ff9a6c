//! `check_store` through the API, and damage met where the store is read: a store whose files sled cannot
//! read is the refusal `store-damaged` (the advice to restore), never a panic or a plain storage failure.

use nssf_api::{Actor, Code, Desk};

use crate::{applicant, desk, now};

/// Waits for sled to let go of a folder whose `Desk` was just dropped, then opens it.
fn open_again(dir: &std::path::Path) -> Result<Desk, nssf_api::ApiError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match Desk::open(dir) {
            Err(e) if e.code() == Code::FolderInUse && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

#[test]
fn a_whole_store_is_whole_with_its_rows_counted() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    desk.register(&actor, &applicant().draft(), false, now())
        .expect("register");
    let report = desk.check_store(&actor).expect("check");
    assert!(report.whole, "{:?}", report.damage);
    assert_eq!(report.rows.get("members"), Some(&1));
    assert_eq!(report.rows.get("changes"), Some(&1));
}

#[test]
fn a_store_sled_cannot_read_is_store_damaged() {
    let (dir, desk) = desk();
    // Closing the new office makes sled write a snapshot: the pages it names are checked when opening.
    drop(desk);
    let desk = open_again(dir.path()).expect("reopen");
    for i in 0..5 {
        let draft = applicant().id_card(&format!("5550{i:05}")).draft();
        desk.register(&Actor::setup_user(), &draft, true, now())
            .expect("register");
    }
    drop(desk);
    let file = dir.path().join("db/db");
    let mut bytes = std::fs::read(&file).expect("sled's file");
    // A bit flipped in the first messages sled wrote, which its snapshot covers (docs/reliability.md,
    // "Damaged files": a flip in messages after the snapshot is taken for a torn write instead).
    bytes[100] ^= 0x10;
    std::fs::write(&file, &bytes).expect("write");
    match open_again(dir.path()) {
        Err(refused) => assert_eq!(refused.code(), Code::StoreDamaged, "{refused}"),
        Ok(_) => panic!("a store sled cannot read was opened"),
    }
}
