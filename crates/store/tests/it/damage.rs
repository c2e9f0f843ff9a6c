//! Refusals on damaged or incomplete data folders: rows are written with sled directly into a closed store's
//! folder, then the store is opened again and read through its public API.

use std::path::Path;

use chrono::NaiveDate;
use nssf_store::{Damage, Durability, Office, Store, StoreError};

use crate::{at, office, person};

/// What a damage test expects: `tree key: damage`, with the damage kind as a short word.
fn summary(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::Corrupt { tree, key, damage }) => {
            let damage = match damage {
                Damage::Json(_) => "json".to_owned(),
                Damage::NotText => "not text".to_owned(),
                Damage::Width { expected, found } => format!("width {found} not {expected}"),
                Damage::KeyLayout(_) => "key layout".to_owned(),
                Damage::Dangling { tree, key } => format!("dangling {tree} {key}"),
                Damage::Unreadable(_) => "unreadable".to_owned(),
                Damage::OldEncoding => "old encoding".to_owned(),
            };
            format!("{tree} {key}: {damage}")
        }
        Err(other) => format!("another error: {other}"),
        Ok(value) => format!("read: {value:?}"),
    }
}

/// A closed store with one registered member; returns the member's number.
fn closed_store(dir: &Path) -> String {
    let store = Store::create(dir, &office()).expect("create");
    let member = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", "+8562055551234"),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert");
    member.member_no
}

/// Writes (or with `None` removes) one row with sled directly, in a closed store's folder.
fn write_row(dir: &Path, tree: &str, key: &[u8], value: Option<&[u8]>) {
    let db = sled_open(dir);
    let t = db.open_tree(tree).expect("tree");
    match value {
        Some(v) => t.insert(key, v).expect("insert"),
        None => t.remove(key).expect("remove"),
    };
    db.flush().expect("flush");
}

/// sled opened directly. The store closed a moment ago may hold sled's lock until its background threads
/// end (`Store::open` waits for that itself): retry for a few seconds.
pub(crate) fn sled_open(dir: &Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match nssf_store::open_sled(&dir.join("db")) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("sled open: {e}"),
        }
    }
}

/// A composite key: the parts joined by `\0`.
fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

/// A sequence key (u64 BE).
fn seq(n: u64) -> Vec<u8> {
    n.to_be_bytes().to_vec()
}

#[test]
fn a_damaged_row_is_an_error_naming_its_tree_and_key() {
    type Key = fn(&str) -> Vec<u8>;
    type Read = fn(&Store, &str) -> String;
    // (tree, the key from the member number, the bytes written (None: the row removed), the read, what it
    // reports with `{no}` for the member number).
    type Case = (&'static str, Key, Option<&'static [u8]>, Read, &'static str);
    let cases: &[Case] = &[
        (
            "members",
            |no| no.into(),
            Some(b"{not json"),
            |s, no| summary(s.member(no)),
            "members {no}: json",
        ),
        (
            "members",
            |no| no.into(),
            Some(b"{not json"),
            |s, _| summary(s.index_report()),
            "members {no}: json",
        ),
        (
            "changes",
            |_| seq(1),
            Some(b"[]"),
            |s, _| summary(s.changes_after(0).collect::<Result<Vec<_>, _>>()),
            "changes 1: json",
        ),
        (
            "audit",
            |_| seq(1),
            Some(b""),
            |s, no| summary(s.history(no)),
            "audit 1: json",
        ),
        (
            "bases",
            |no| key(&[no, "2026-11"]),
            Some(b"abc"),
            |s, no| summary(s.member_ledger(no)),
            "bases {no}\\02026-11: width 3 not 8",
        ),
        (
            "bases",
            |no| key(&[no, "2026-13"]),
            Some(&[0; 8]),
            |s, no| summary(s.member_ledger(no)),
            "bases {no}\\02026-13: key layout",
        ),
        (
            "month_paid",
            |no| key(&[no, "2026-11"]),
            Some(&[0xff, 0xfe]),
            |s, no| summary(s.member_ledger(no)),
            "month_paid {no}\\02026-11: not text",
        ),
        (
            "receipts_by_member",
            |no| key(&[no, "0101-03-2026-000009-1"]),
            Some(b""),
            |s, no| summary(s.member_ledger(no)),
            "receipts_by_member {no}\\00101-03-2026-000009-1: dangling receipts 0101-03-2026-000009-1",
        ),
        (
            "receipts_by_day",
            |_| key(&["2026-11-26", "cashier", "0101-03-2026-000009-1"]),
            Some(b""),
            |s, _| summary(s.day_activity(day(), "cashier")),
            "receipts_by_day 2026-11-26\\0cashier\\00101-03-2026-000009-1: dangling receipts 0101-03-2026-000009-1",
        ),
        (
            "meta",
            |_| b"counter/member".to_vec(),
            Some(b"\x01"),
            |s, _| {
                summary(s.insert_member(
                    &person("ແກ້ວ", "Keo", "A1002", ""),
                    "clerk",
                    at(1),
                    Durability::FlushEach,
                ))
            },
            "meta counter/member: width 1 not 8",
        ),
        (
            "meta",
            |_| b"counter/change".to_vec(),
            Some(b"\x01\x02"),
            |s, _| summary(s.last_change_seq()),
            "meta counter/change: width 2 not 8",
        ),
        (
            "idx_phone",
            |_| b"+8562055551234".to_vec(),
            Some(b""),
            |s, _| summary(s.members_by_phone("+856205555", 5)),
            "idx_phone +8562055551234: key layout",
        ),
        (
            "idx_document",
            |_| b"A1001/id_card".to_vec(),
            Some(&[0xc3]),
            |s, _| summary(s.member_by_document("A1001/id_card")),
            "idx_document A1001/id_card: not text",
        ),
        (
            "name_tokens",
            |no| no.into(),
            None,
            |s, _| summary(s.search_names(&["chao".into(), "namchai".into()], 5)),
            // The whole name by sound is judged by its spelling (docs/search.md); the driver's holders are
            // the first entries the search follows to a token list.
            "idx_name namchai\\0{no}: dangling name_tokens {no}",
        ),
        (
            "receipt_prints",
            |_| b"0101-03-2026-000001-1".to_vec(),
            Some(b"\x00\x01"),
            |s, _| summary(s.record_receipt_print("0101-03-2026-000001-1", "cashier", at(2))),
            "receipt_prints 0101-03-2026-000001-1: width 2 not 4",
        ),
        (
            "card_issues",
            |no| [key(&[no, ""]), 1u32.to_be_bytes().to_vec()].concat(),
            Some(b"{}"),
            |s, no| summary(s.card_issues(no)),
            "card_issues {no}\\0\\0\\0\\0\\u{1}: json",
        ),
        (
            "exch_meta",
            |_| b"last_batch".to_vec(),
            Some(b"\x07"),
            |s, _| summary(s.exchange_state()),
            "exch_meta last_batch: width 1 not 8",
        ),
        (
            "exch_batches",
            |_| seq(1),
            Some(b"{}"),
            |s, _| summary(s.exported_batch(1)),
            "exch_batches 1: dangling exch_files 1",
        ),
    ];
    for (tree, row_key, value, read, expected) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let no = closed_store(dir.path());
        write_row(dir.path(), tree, &row_key(&no), *value);
        let store = Store::open(dir.path()).expect("open");
        assert_eq!(
            read(&store, &no),
            expected.replace("{no}", &no),
            "{tree} {expected}"
        );
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

#[test]
fn a_folder_without_an_office_refuses_to_open_and_create_finishes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    closed_store(dir.path());
    write_row(dir.path(), "meta", b"office", None);
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::NotInitialised)
    ));
    // An interrupted first run: `create` writes the office into the store it finds.
    let store = Store::create(dir.path(), &office()).expect("create");
    assert_eq!(*store.office(), office());
}

#[test]
fn an_office_record_that_does_not_decode_refuses_to_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    closed_store(dir.path());
    write_row(dir.path(), "meta", b"office", Some(b"{\"district_code\":"));
    assert_eq!(summary(Store::open(dir.path())), "meta office: json");
}

#[test]
fn an_office_without_a_district_number_is_refused() {
    let check = |district_code: &str, expected: &str| {
        let dir = tempfile::tempdir().expect("tempdir");
        let office = Office {
            district_code: district_code.into(),
            ..office()
        };
        let got = match Store::create(dir.path(), &office) {
            Ok(store) => format!("created {}", store.office().district_code),
            Err(StoreError::DistrictCodeInvalid(code)) => format!("refused {code}"),
            Err(other) => format!("another error: {other}"),
        };
        assert_eq!(got, expected, "{district_code:?}");
        // A refused office leaves no store behind.
        assert_eq!(
            dir.path().join("db").exists(),
            expected.starts_with("created")
        );
    };
    check("0101", "created 0101");
    check("1801", "created 1801");
    check("", "refused ");
    check("01a1", "refused 01a1");
    check("+101", "refused +101");
    check("01011", "refused 01011");
}
