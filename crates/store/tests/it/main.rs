//! Store tests on a real temporary sled database.

mod audit;
mod check;
mod corrections;
mod damage;
mod day_summaries; // reports: the day summaries of issue 14
mod exchange;
mod flipped;
mod recover;
mod search_index;
mod staff;
mod upgrade;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use nssf_domain::change::ChangeKind;
use nssf_domain::member::{DocumentKind, IdDocument, Occupation, Sex, Title};
use nssf_domain::Member;
use nssf_store::{AuditAction, Durability, Office, Store, StoreError};

fn office() -> Office {
    Office {
        district_code: "0101".into(),
        workstation: 3,
        hospitals: vec![],
        settings: Default::default(),
    }
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, minute, 0)
        .single()
        .expect("time")
}

fn person(given_lo: &str, given_latin: &str, document: &str, phone: &str) -> Member {
    Member {
        member_no: String::new(),
        title: Title::Ms,
        given_name_lo: given_lo.into(),
        family_name_lo: "ນ້ຳໃຈ".into(),
        given_name_latin: given_latin.into(),
        family_name_latin: "Namchai".into(),
        sex: Sex::Female,
        date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 12).expect("date"),
        documents: vec![IdDocument {
            kind: DocumentKind::IdCard,
            number: document.into(),
        }],
        phone: phone.into(),
        village_code: "0101001".into(),
        district_code: "0101".into(),
        village_name: String::new(),
        house_no: "1".into(),
        occupation: Occupation::Vendor,
        business_licence_no: String::new(),
        tax_id: String::new(),
        income_base_kip: 2_500_000,
        hospital: "MHS".into(),
        consent: true,
        dependants: vec![],
        registered_on: NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"),
    }
}

#[test]
fn numbers_are_issued_per_workstation_with_check_digit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let a = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("a");
    let b = store
        .insert_member(
            &person("ແກ້ວ", "Keo", "A1002", ""),
            "clerk",
            at(1),
            Durability::FlushEach,
        )
        .expect("b");
    // District 0101, workstation 03, counters 1 and 2, then the Damm check digit of the 13 digits.
    assert_eq!(a.member_no, "0101-03-0000001-6");
    assert_eq!(b.member_no, "0101-03-0000002-7");
}

#[test]
fn a_document_on_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let first = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("first");
    let err = store
        .insert_member(
            &person("ແກ້ວ", "Keo", "A1001", ""),
            "clerk",
            at(1),
            Durability::FlushEach,
        )
        .unwrap_err();
    let StoreError::DuplicateDocument { member_no, .. } = err else {
        panic!("expected a duplicate, got {err:?}")
    };
    assert_eq!(member_no, first.member_no);
    assert_eq!(store.member_count(), 1);
    assert_eq!(store.changes_after(0).count(), 1);
    assert_eq!(
        store.index_contents().expect("read"),
        store.index_report().expect("rebuild")
    );
    // The refused attempt did not consume a number.
    let next = store
        .insert_member(
            &person("ແກ້ວ", "Keo", "A1002", ""),
            "clerk",
            at(2),
            Durability::FlushEach,
        )
        .expect("next");
    assert_eq!(next.member_no, "0101-03-0000002-7");
}

#[test]
fn indexes_follow_amendments_and_history_records_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let m = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", "+8562055551234"),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert");
    let mut changed = m.clone();
    changed.given_name_latin = "Chau".into();
    changed.phone = "+8562099998888".into();
    changed.documents = vec![IdDocument {
        kind: DocumentKind::Passport,
        number: "P77".into(),
    }];
    let (_, changes) = store
        .update_member(&changed, "supervisor", at(5))
        .expect("update");
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["documents", "given_name_latin", "phone"]);

    assert_eq!(
        store.index_contents().expect("read"),
        store.index_report().expect("rebuild")
    );
    assert_eq!(
        store.member_by_document("A1001/id_card").expect("read"),
        None
    );
    assert_eq!(
        store.member_by_document("P77/passport").expect("read"),
        Some(m.member_no.clone())
    );
    assert!(store
        .members_by_phone("+8562055551234", 5)
        .expect("read")
        .is_empty());
    assert_eq!(
        store.members_by_phone("+8562099998888", 5).expect("read"),
        std::slice::from_ref(&m.member_no)
    );
    let found = store.search_names(&["chau".into()], 5).expect("search");
    assert_eq!(
        found
            .iter()
            .map(|f| f.member_no.as_str())
            .collect::<Vec<_>>(),
        [m.member_no.as_str()]
    );
    // The old spelling no longer matches folded; Chao and Chau still sound alike (`docs/search.md`).
    assert!(store
        .search_names(&["chao".into()], 5)
        .expect("search")
        .iter()
        .all(|f| f.kind != nssf_store::NameMatchKind::Folded));

    let history = store.history(&m.member_no).expect("history");
    assert_eq!(
        history.iter().map(|h| h.action).collect::<Vec<_>>(),
        [AuditAction::Registered, AuditAction::Amended]
    );
    assert_eq!(history[1].actor, "supervisor");
    assert_eq!(history[1].changes[1].before, "Chao");
    assert_eq!(history[1].changes[1].after, "Chau");

    // An amendment that changes nothing writes nothing.
    let (_, none) = store
        .update_member(&changed, "supervisor", at(6))
        .expect("no-op");
    assert!(none.is_empty());
    let kinds: Vec<ChangeKind> = store
        .changes_after(0)
        .map(|c| c.expect("entry").kind)
        .collect();
    assert_eq!(
        kinds,
        [ChangeKind::MemberRegistered, ChangeKind::MemberAmended],
        "exactly one entry per change"
    );
}

#[test]
fn an_amendment_cannot_take_another_members_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let a = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1", ""),
            "c",
            at(0),
            Durability::FlushEach,
        )
        .expect("a");
    let b = store
        .insert_member(
            &person("ແກ້ວ", "Keo", "B2", ""),
            "c",
            at(1),
            Durability::FlushEach,
        )
        .expect("b");
    let mut stolen = b.clone();
    stolen.documents = a.documents.clone();
    assert!(matches!(
        store.update_member(&stolen, "s", at(2)),
        Err(StoreError::DuplicateDocument { .. })
    ));
    assert_eq!(store.member(&b.member_no).expect("read"), Some(b));
}

#[test]
fn a_folder_open_elsewhere_is_refused_and_a_closed_one_reopens_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    assert!(
        matches!(Store::open(dir.path()), Err(StoreError::InUse)),
        "a second open while the first is alive"
    );
    drop(store);
    // sled lets go of its lock a moment after the drop; open waits for it instead of failing.
    for round in 0..10 {
        let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("reopen {round}: {e}"));
        drop(store);
    }
}

#[test]
fn data_survives_close_and_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let numbers: Vec<String> = {
        let store = Store::create(dir.path(), &office()).expect("create");
        (0..20)
            .map(|i| {
                store
                    .insert_member(
                        &person("ສົມສັກ", "Somsak", &format!("D{i:04}"), ""),
                        "c",
                        at(i),
                        Durability::FlushEach,
                    )
                    .expect("insert")
                    .member_no
            })
            .collect()
    };
    let store = Store::open(dir.path()).expect("reopen");
    assert_eq!(store.member_count(), 20);
    for no in &numbers {
        assert!(store.member(no).expect("read").is_some());
    }
    assert_eq!(store.changes_after(0).count(), 20);
    assert_eq!(store.changes_after(15).count(), 5);
    // The counter continues after a reopen: no number is issued twice.
    let next = store
        .insert_member(
            &person("ສົມສັກ", "Somsak", "D9999", ""),
            "c",
            at(30),
            Durability::FlushEach,
        )
        .expect("insert");
    assert_eq!(next.member_no, "0101-03-0000021-8");
    assert_eq!(
        store.index_contents().expect("read"),
        store.index_report().expect("rebuild")
    );
}

#[test]
fn schema_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::NotInitialised)
    ));
    let store = Store::create(dir.path(), &office()).expect("create");
    assert_eq!(
        store.schema_version().expect("version"),
        nssf_store::SCHEMA_VERSION
    );
    store
        .set_schema_version(nssf_store::SCHEMA_VERSION + 1)
        .expect("stamp");
    drop(store);
    assert!(matches!(
        Store::create(dir.path(), &office()),
        Err(StoreError::AlreadyInitialised)
    ));
    assert!(
        matches!(Store::open(dir.path()), Err(StoreError::SchemaTooNew(v)) if v == nssf_store::SCHEMA_VERSION + 1)
    );
}

#[test]
fn name_search_ranks_exact_tokens_before_prefixes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let somsakda = store
        .insert_member(
            &person("ສົມສັກດາ", "Somsakda", "S1", ""),
            "c",
            at(0),
            Durability::Deferred,
        )
        .expect("1");
    let somsak = store
        .insert_member(
            &person("ສົມສັກ", "Somsak", "S2", ""),
            "c",
            at(1),
            Durability::Deferred,
        )
        .expect("2");
    let check = |query: &[&str], expected: &[&str]| {
        let q: Vec<String> = query
            .iter()
            .map(|t| nssf_domain::fold::fold_token(t))
            .collect();
        let got: Vec<String> = store
            .search_names(&q, 10)
            .expect("search")
            .into_iter()
            .map(|m| m.member_no)
            .collect();
        assert_eq!(got, expected, "{query:?}");
    };
    check(&["somsak"], &[&somsak.member_no, &somsakda.member_no]);
    // Two prefix matches: the shorter token sorts first.
    check(&["soms"], &[&somsak.member_no, &somsakda.member_no]);
    check(&["ສົມສັກ"], &[&somsak.member_no, &somsakda.member_no]);
    check(
        &["somsak", "namchai"],
        &[&somsak.member_no, &somsakda.member_no],
    );
    check(&["somsak", "keo"], &[]);
    check(&["ຫມ"], &[]);
}
