//! Use-case tests through the public API, on real temporary stores.

mod bindings;
mod cards;
mod contributions;
mod crash;
mod files;
mod printing;
mod register;
mod search;
mod tools;

use chrono::{DateTime, TimeZone, Utc};
use nssf_api::{Actor, Desk, OfficeSetup};
use nssf_domain::{Draft, DraftDocument, TextOrNumber};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
        .single()
        .expect("time")
}

pub fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(dir.path(), &setup, &Actor::setup_user(), now()).expect("init");
    (dir, desk)
}

pub fn applicant(
    given_lo: &str,
    family_lo: &str,
    given_latin: &str,
    family_latin: &str,
    id: &str,
) -> Draft {
    Draft {
        title: "ms".into(),
        given_name_lo: given_lo.into(),
        family_name_lo: family_lo.into(),
        given_name_latin: given_latin.into(),
        family_name_latin: family_latin.into(),
        sex: "female".into(),
        date_of_birth: "1990-05-12".into(),
        documents: vec![DraftDocument {
            kind: "id_card".into(),
            number: id.into(),
        }],
        phone: String::new(),
        village_code: "0101001".into(),
        occupation: "vendor".into(),
        income_base_kip: TextOrNumber::Number(2_500_000),
        hospital: "MHS".into(),
        consent: true,
        ..Draft::default()
    }
}
