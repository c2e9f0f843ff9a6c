//! `Store::check` on real stores damaged with sled directly (as `damage.rs` does): each kind of damage gives
//! its lines of the report, every one of them (not only the first), and a store left alone is whole.

use std::path::Path;

use nssf_domain::{Receipt, ReceiptLine};
use nssf_store::{Durability, PaymentDraft, Store};

use crate::damage::sled_open;
use crate::{at, office, person};

/// A closed store with one member who paid one month, and one batch written: (member, receipt).
fn closed_store(dir: &Path) -> (String, String) {
    let store = Store::create(dir, &office()).expect("create");
    let member = store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", "+8562055551234"),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert")
        .member_no;
    let receipt = Receipt {
        receipt_no: String::new(),
        member_no: member.clone(),
        paid_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"),
        method: "cash".into(),
        reference: String::new(),
        lines: vec![ReceiptLine {
            month: "2026-11".into(),
            base_kip: 2_500_000,
            rate_basis_points: 900,
            amount_kip: 225_000,
            floor_applied: false,
        }],
        total_kip: 225_000,
        cashier: "cashier".into(),
        issued_at: at(1),
    };
    let receipt_no = store
        .record_payment(&PaymentDraft { receipt }, at(1))
        .expect("pay")
        .receipt_no;
    store
        .record_export(1, b"{}", b"the batch's bytes", at(2), "supervisor")
        .expect("export");
    (member, receipt_no)
}

/// The report as lines `tree key: what`, and whether it says whole.
fn lines(store: &Store, dir: &Path) -> Vec<String> {
    let report = store.check();
    assert_eq!(report.is_whole(), report.damage.is_empty());
    report
        .damage
        .iter()
        .map(|d| format!("{} {}: {}", d.tree, d.key, d.what))
        .map(|line| line.replace(&dir.display().to_string(), "{dir}"))
        .collect()
}

/// One way of damaging a closed store: rows written (`Some`) or removed (`None`) with sled directly.
type Damage = fn(&sled::Db, &str, &str);

fn put(db: &sled::Db, tree: &str, key: &[u8], value: Option<&[u8]>) {
    let t = db.open_tree(tree).expect("tree");
    match value {
        Some(v) => t.insert(key, v).expect("insert"),
        None => t.remove(key).expect("remove"),
    };
}

fn seq(n: u64) -> Vec<u8> {
    n.to_be_bytes().to_vec()
}

fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

#[test]
fn each_kind_of_damage_is_reported_where_it_is() {
    // (what is damaged, how, the report's lines with {no} the member and {r} the receipt number).
    let cases: &[(&str, Damage, &[&str])] = &[
        ("nothing", |_, _, _| {}, &[]),
        (
            "a member record that is not JSON",
            |db, no, _| put(db, "members", no.as_bytes(), Some(b"{not json")),
            &["members {no}: the value does not decode: key must be a string at line 1 column 2"],
        ),
        (
            "an index entry removed",
            |db, no, _| put(db, "idx_phone", &key(&["+8562055551234", no]), None),
            &["idx_phone +8562055551234\\0{no}: missing: the member's record has this entry, the index does not"],
        ),
        (
            "an index entry of a member who does not exist",
            |db, _, _| put(db, "idx_name", &key(&["keo", "0101-03-0000009-5"]), Some(b"")),
            &["idx_name keo\\00101-03-0000009-5: it points at 0101-03-0000009-5 in tree members, which does not exist"],
        ),
        (
            "a stale index entry of a member who exists",
            |db, no, _| put(db, "idx_name", &key(&["keo", no]), Some(b"")),
            &["idx_name keo\\0{no}: the key is not of the form an entry of its member's current record"],
        ),
        (
            "a document index naming another member",
            |db, _, _| put(db, "idx_document", b"A1001/id_card", Some(b"0101-03-0000009-5")),
            &["idx_document A1001/id_card: the key is not of the form an entry naming its member"],
        ),
        (
            "the name tokens of a member removed",
            |db, no, _| put(db, "name_tokens", no.as_bytes(), None),
            &["name_tokens {no}: missing: the member has no name tokens"],
        ),
        (
            "a receipt removed: everything pointing at it",
            |db, _, r| put(db, "receipts", r.as_bytes(), None),
            &[
                "receipts_by_member {no}\\0{r}: it points at {r} in tree receipts, which does not exist",
                "month_paid {no}\\02026-11: it points at {r} in tree receipts, which does not exist",
                "receipts_by_day 2026-11-26\\0cashier\\0{r}: it points at {r} in tree receipts, which does not exist",
            ],
        ),
        (
            "a month paid by a member who does not exist",
            |db, _, r| put(db, "month_paid", &key(&["0101-03-0000009-5", "2026-11"]), Some(r.as_bytes())),
            &["month_paid 0101-03-0000009-5\\02026-11: it points at 0101-03-0000009-5 in tree members, which does not exist"],
        ),
        (
            "a void of a receipt that does not exist",
            |db, _, _| put(db, "voids", b"0101-03-2026-000009-1", Some(br#"{"receipt_no":"0101-03-2026-000009-1","reason":"x","voided_by":"s","voided_on":"2026-11-26","voided_at":"2026-11-26T09:00:00Z"}"#)),
            &["voids 0101-03-2026-000009-1: it points at 0101-03-2026-000009-1 in tree receipts, which does not exist"],
        ),
        (
            "a photo of a member who does not exist",
            |db, _, _| put(db, "photos", b"0101-03-0000009-5", Some(b"\xff\xd8")),
            &["photos 0101-03-0000009-5: it points at 0101-03-0000009-5 in tree members, which does not exist"],
        ),
        (
            "a print count of the wrong width",
            |db, _, r| put(db, "receipt_prints", r.as_bytes(), Some(b"\x01")),
            &["receipt_prints {r}: a number of 1 bytes where 4 were expected"],
        ),
        (
            "the first change removed",
            |db, _, _| put(db, "changes", &seq(1), None),
            &["changes 1: missing: the change log jumps over this entry"],
        ),
        (
            "the last change removed",
            |db, _, _| put(db, "changes", &seq(2), None),
            &["changes 2: missing: the change log ends at 1 but the counter is 2"],
        ),
        (
            "an audit entry edited",
            |db, _, _| {
                let audit = db.open_tree("audit").expect("tree");
                let row = audit.get(seq(1)).expect("read").expect("entry 1");
                let edited = String::from_utf8(row.to_vec()).expect("json").replace("\"clerk\"", "\"someone\"");
                audit.insert(seq(1), edited.as_bytes()).expect("write");
            },
            &["audit 1: the audit chain breaks here: edited"],
        ),
        (
            "an audit entry that is not JSON",
            |db, _, _| put(db, "audit", &seq(2), Some(b"")),
            &[
                "audit 2: the value does not decode: EOF while parsing a value at line 1 column 0",
                "audit 2: the audit chain breaks here: undecodable",
            ],
        ),
        (
            "a batch's hash changed",
            |db, _, _| put(db, "exch_files", &seq(1), Some(&[b'0'; 64])),
            &["exch_files 1: batch file {dir}/batches/000001-0000000000000000000000000000000000000000000000000000000000000000.batch: No such file or directory (os error 2)"],
        ),
        (
            "a batch without its file row",
            |db, _, _| put(db, "exch_files", &seq(1), None),
            &["exch_batches 1: it points at 1 in tree exch_files, which does not exist"],
        ),
        (
            "a correction that does not decode",
            |db, _, _| put(db, "corrections", &[&b"id\0"[..], &seq(1)].concat(), Some(b"{}")),
            &["corrections id\\0\\0\\0\\0\\0\\0\\0\\0\\u{1}: the value does not decode: missing field `id` at line 1 column 2"],
        ),
    ];
    for (what, damage, expected) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let (no, receipt) = closed_store(dir.path());
        {
            let db = sled_open(dir.path());
            damage(&db, &no, &receipt);
            db.flush().expect("flush");
        }
        let store = Store::open(dir.path()).expect("open");
        let expected: Vec<String> = expected
            .iter()
            .map(|line| line.replace("{no}", &no).replace("{r}", &receipt))
            .collect();
        assert_eq!(lines(&store, dir.path()), expected, "{what}");
    }
}

#[test]
fn a_whole_store_counts_the_rows_of_every_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    closed_store(dir.path());
    let store = Store::open(dir.path()).expect("open");
    let report = store.check();
    assert!(report.is_whole(), "{:?}", report.damage);
    let count = |tree: &str| report.rows.get(tree).copied();
    assert_eq!(count("members"), Some(1));
    assert_eq!(count("receipts"), Some(1));
    assert_eq!(count("changes"), Some(2));
    assert_eq!(count("audit"), Some(3));
    assert_eq!(count("exch_batches"), Some(1));
    assert_eq!(count("staff"), Some(0));
    assert_eq!(report.rows.len(), 29, "{:?}", report.rows.keys());
}

#[test]
fn a_changed_batch_file_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    closed_store(dir.path());
    let batches = dir.path().join("batches");
    let file = std::fs::read_dir(&batches)
        .expect("batches")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "batch"))
        .expect("a batch file");
    std::fs::write(&file, b"the batch's bytEs").expect("write");
    let store = Store::open(dir.path()).expect("open");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        lines(&store, dir.path()),
        [format!(
            "exch_files 1: batch file {{dir}}/batches/{name}: the file does not hash to the SHA-256 recorded when it was written"
        )]
    );
}
