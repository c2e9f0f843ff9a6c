//! Use-case tests through the public API, on real temporary stores.

mod arrears;
mod audit;
mod backup;
mod backup_folder;
mod cards;
mod check;
mod contributions;
mod corrections;
mod crash;
mod demo;
mod diagnostics;
mod files;
mod full_disk;
mod keys;
mod leaflet;
mod outreach_pdf;
mod permissions;
mod printing;
mod reference;
mod register;
mod reports;
mod search;
mod search_variants;
mod session;
mod staff;
mod tools;
mod unwritable;
mod views;

use nssf_api::{Actor, Desk, OfficeSetup, RegistrationChoices};
pub use nssf_test_support::{applicant, now};

pub fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(dir.path(), &setup, &Actor::setup_user(), now()).expect("init");
    (dir, desk)
}

/// The office's store opened on its own, after the test dropped its `Desk`, to look below the API. sled
/// releases its folder lock only once its background threads have let go of the dropped database, a few
/// milliseconds after the drop, so the first attempt may find the folder still locked: try again for a while.
pub fn reopen_store(dir: &std::path::Path) -> nssf_store::Store {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match nssf_store::Store::open(dir) {
            Ok(store) => return store,
            Err(e) if std::time::Instant::now() > deadline => {
                panic!("reopen the store itself: {e}")
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

/// A supervisor's registration with leave to date it back: the fixtures' registrations are months before
/// `now()`, past the office's limit, which plain `Desk::register` refuses.
pub fn backdated(confirm_duplicate: bool) -> RegistrationChoices {
    RegistrationChoices {
        confirm_duplicate,
        allow_backdate: true,
    }
}
