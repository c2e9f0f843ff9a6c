//! The schema 5 upgrade from the schema 4 fixture (`tests/fixtures/schema-4`, made by the program of
//! schema 4; `tests/fixtures/README.md`): each test copies the fixture into a temporary folder, opens it
//! with this program and compares what it reads with the rows the old program dumped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nssf_domain::{Member, Receipt, Void};
use nssf_store::{
    AuditFilter, AuditVerdict, Store, StoreError, Upgrade, UpgradeProgress, UpgradeStage,
    SCHEMA_VERSION,
};
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(&manifest_dir()).join("../../tests/fixtures/schema-4")
}

/// A copy of the fixture's data folder.
fn schema_4_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    nssf_test_support::copy_dir(&fixture().join("data"), dir.path());
    dir
}

/// Bytes as the dump wrote them.
fn dumped_bytes(v: &Value) -> Vec<u8> {
    if let Some(text) = v.get("text").and_then(Value::as_str) {
        return text.as_bytes().to_vec();
    }
    if let Some(json) = v.get("json") {
        return serde_json::to_vec(json).expect("json");
    }
    let hex = v
        .get("hex")
        .and_then(Value::as_str)
        .expect("text, json or hex");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A row's value to compare: JSON as its value (the dump's JSON has its keys reordered), other bytes as
/// an array of numbers.
fn as_value(bytes: &[u8]) -> Value {
    if bytes.first() == Some(&b'{') {
        if let Ok(v) = serde_json::from_slice(bytes) {
            return v;
        }
    }
    Value::from(bytes.to_vec())
}

/// The fixture's rows as the schema 4 program read them: tree → key → value (JSON values as written).
fn dumped_rows() -> BTreeMap<String, Vec<(Vec<u8>, Value)>> {
    let text = std::fs::read_to_string(fixture().join("rows.json")).expect("rows.json");
    let dump: Value = serde_json::from_str(&text).expect("dump");
    assert_eq!(dump["schema"], 4, "the fixture is of schema 4");
    let mut out = BTreeMap::new();
    for (tree, rows) in dump["trees"].as_object().expect("trees") {
        let rows = rows
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| (dumped_bytes(&row[0]), row[1].clone()))
            .collect();
        out.insert(tree.clone(), rows);
    }
    out
}

/// Opens `dir` recording the progress reported.
fn open_recording(
    dir: &Path,
    available_bytes: Option<u64>,
) -> (Result<Store, StoreError>, Vec<UpgradeProgress>) {
    let seen = Mutex::new(Vec::new());
    let record = |p: UpgradeProgress| seen.lock().expect("lock").push(p);
    let result = Store::open_upgrading(
        dir,
        &Upgrade {
            progress: &record,
            available_bytes,
        },
    );
    (result, seen.into_inner().expect("lock"))
}

fn backup_folders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("before-upgrade-schema-4-"))
        .collect();
    names.sort();
    names
}

/// A row as bytes: key, value.
type Row = (Vec<u8>, Vec<u8>);

/// Trees derived from the records: rebuilt by the upgrade in the layout of this program's indexes, which
/// may differ from the fixture's; that they agree with the records is `Store::check`'s part.
const DERIVED: &[&str] = &[
    "idx_document",
    "idx_phone",
    "idx_name",
    "idx_name_dob",
    "name_tokens",
];

/// Everything the schema 4 program stored reads back the same: members and receipts (now binary) as
/// the same records, every other row (voids, audit, change log, day close, staff, batches) as the same
/// JSON or bytes, `meta` but for the version stamp.
fn assert_same_as_dump(store: &Store) {
    let dump = dumped_rows();
    let mut now: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for row in store.backup_rows() {
        let row = row.expect("row");
        now.entry(row.tree).or_default().push((row.key, row.value));
    }
    for (tree, rows) in &dump {
        match tree.as_str() {
            derived if DERIVED.contains(&derived) => {}
            "members" => {
                assert_eq!(rows.len(), store.member_count(), "members");
                for (key, value) in rows {
                    let was: Member =
                        serde_json::from_value(value["json"].clone()).expect("member");
                    let no = String::from_utf8(key.clone()).expect("number");
                    assert_eq!(store.member(&no).expect("read"), Some(was), "member {no}");
                }
            }
            "receipts" => {
                for (key, value) in rows {
                    let was: Receipt =
                        serde_json::from_value(value["json"].clone()).expect("receipt");
                    let no = String::from_utf8(key.clone()).expect("number");
                    assert_eq!(store.receipt(&no).expect("read"), Some(was), "receipt {no}");
                }
            }
            _ => {
                let mut expected: Vec<(Vec<u8>, Value)> = rows
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.get("json")
                                .cloned()
                                .unwrap_or_else(|| as_value(&dumped_bytes(v))),
                        )
                    })
                    .collect();
                let mut found: Vec<(Vec<u8>, Value)> = now
                    .get(tree)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k, as_value(&v)))
                    .collect();
                if tree == "meta" {
                    let stamp = |rows: &mut Vec<(Vec<u8>, Value)>| {
                        rows.retain(|(k, _)| k.as_slice() != b"schema_version");
                    };
                    stamp(&mut expected);
                    stamp(&mut found);
                }
                if tree == "voids" {
                    for (k, v) in rows {
                        let was: Void = serde_json::from_value(v["json"].clone()).expect("void");
                        let no = String::from_utf8(k.clone()).expect("number");
                        assert_eq!(store.void_of(&no).expect("read"), Some(was));
                    }
                }
                assert_eq!(found.len(), expected.len(), "rows of tree {tree}");
                for (f, e) in found.iter().zip(&expected) {
                    assert!(
                        f == e,
                        "tree {tree}, key {:?}: {:?} where the dump has {:?}",
                        String::from_utf8_lossy(&e.0),
                        f.1,
                        e.1
                    );
                }
            }
        }
    }
}

#[test]
fn a_schema_4_folder_is_upgraded_and_reads_back_as_it_was() {
    let dir = schema_4_folder();
    let (store, progress) = open_recording(dir.path(), None);
    let store = store.expect("open and upgrade");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_same_as_dump(&store);
    match store.verify_audit().expect("verify") {
        AuditVerdict::Intact { entries, .. } => assert_eq!(entries, 18),
        broken => panic!("the audit chain breaks: {broken:?}"),
    }
    assert_eq!(
        store
            .audit_entries(&AuditFilter::default())
            .expect("audit")
            .len(),
        18
    );
    assert!(store.check().is_whole(), "the store checks whole");
    // The search finds the members by their names, spelt as the fixture has them and otherwise.
    let check = |query: &[&str], expected: &str| {
        let tokens: Vec<String> = query.iter().map(|t| (*t).to_owned()).collect();
        let found = store.search_names(&tokens, 5).expect("search");
        assert!(
            found.iter().any(|m| m.member_no == expected),
            "{query:?}: {found:?}"
        );
    };
    check(&["vilayphone", "keomany"], "0101-01-0000001-1");
    check(&["vilaiphon"], "0101-01-0000001-1");
    check(&["ທອງຈັນ"], "0101-01-0000002-2");
    check(&["saysana"], "0101-01-0000004-0");
    // The old store is kept whole beside the new one, the pre-upgrade backup.
    let backups = backup_folders(dir.path());
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(dir.path().join(&backups[0]).join("db").join("db").is_file());
    // With the office key beside it, the program of schema 4 opens it as a data folder.
    assert!(dir
        .path()
        .join(&backups[0])
        .join("office-key.ed25519")
        .is_file());
    assert!(!dir.path().join("db.partial").exists());
    // sled's settings: the copy is made with today's segment size, the kept store keeps its own (sled
    // refuses to open a folder with another), and both open below the store with what they were made with.
    let segment = |db: &Path| {
        let conf = std::fs::read(db.join("conf")).expect("sled conf");
        let text = String::from_utf8_lossy(&conf[..conf.len() - 4]).into_owned();
        text.lines()
            .find_map(|l| l.strip_prefix("segment_size: ").map(str::to_owned))
            .expect("segment_size line")
    };
    let kept = dir.path().join(&backups[0]).join("db");
    assert_eq!(segment(&kept), "524288");
    assert_eq!(
        segment(&dir.path().join("db")),
        (8 * 1024 * 1024).to_string()
    );
    drop(nssf_store::open_sled(&kept).expect("the kept store opens below the store"));
    // Progress: every row copied, then the indexes, then the move.
    let last = |stage| progress.iter().rfind(|p| p.stage == stage).copied();
    let copied = last(UpgradeStage::Copying).expect("copying reported");
    assert_eq!(copied.done, copied.total);
    assert!(copied.total > 100, "{copied:?}");
    assert_eq!(
        last(UpgradeStage::Finishing).map(|p| (p.done, p.total)),
        Some((1, 1))
    );
    drop(store);
    // Opened again: nothing to upgrade, nothing reported, the backup still the one.
    let (again, progress) = open_recording(dir.path(), None);
    assert_same_as_dump(&again.expect("reopen"));
    assert!(progress.is_empty(), "{progress:?}");
    assert_eq!(backup_folders(dir.path()), backups);
}

/// A crash at each step of the upgrade leaves a folder the next open finishes: an unmarked copy is
/// removed and the upgrade done again; a marked one is the new store, put in place.
#[test]
fn an_upgrade_cut_short_is_finished_at_the_next_open() {
    // A whole schema 5 store of the same office, to stand for a copy completed before the crash.
    let upgraded = schema_4_folder();
    drop(Store::open(upgraded.path()).expect("upgrade"));
    let check = |case: &str, crash: &dyn Fn(&Path)| {
        let dir = schema_4_folder();
        crash(dir.path());
        let (store, _) = open_recording(dir.path(), None);
        let store = store.unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(
            store.schema_version().expect("version"),
            SCHEMA_VERSION,
            "{case}"
        );
        assert_same_as_dump(&store);
        assert!(!dir.path().join("db.partial").exists(), "{case}");
        assert!(!dir.path().join("db").join("upgraded").exists(), "{case}");
        assert_eq!(backup_folders(dir.path()).len(), 1, "{case}");
    };
    let partial = |dir: &Path, marked: bool| {
        nssf_test_support::copy_dir(&upgraded.path().join("db"), &dir.join("db.partial"));
        if marked {
            std::fs::write(dir.join("db.partial").join("upgraded"), b"").expect("mark");
        }
    };
    check("copy cut short, half a store", &|dir| {
        std::fs::create_dir_all(dir.join("db.partial")).expect("partial");
        std::fs::write(dir.join("db.partial").join("db"), b"half a log").expect("write");
    });
    check("copy complete, not yet marked", &|dir| partial(dir, false));
    check("marked, old store not yet moved", &|dir| partial(dir, true));
    check(
        "marked, old store moved, new one not yet in place",
        &|dir| {
            partial(dir, true);
            let backup = dir.join("before-upgrade-schema-4-20261130");
            std::fs::create_dir_all(&backup).expect("backup");
            std::fs::rename(dir.join("db"), backup.join("db")).expect("move");
        },
    );
}

#[test]
fn an_upgrade_without_room_for_the_copy_is_refused_and_changes_nothing() {
    let dir = schema_4_folder();
    let (result, progress) = open_recording(dir.path(), Some(100_000));
    match result {
        Err(StoreError::UpgradeNeedsSpace { needed, available }) => {
            assert_eq!(available, 100_000);
            assert!(needed > 400_000, "the old store's size: {needed}");
        }
        other => panic!("expected a refusal for space, got {other:?}"),
    }
    assert!(progress.is_empty(), "{progress:?}");
    assert!(!dir.path().join("db.partial").exists());
    assert!(backup_folders(dir.path()).is_empty());
    // With room, the same folder upgrades.
    let (store, _) = open_recording(dir.path(), Some(u64::MAX));
    assert_same_as_dump(&store.expect("upgrade"));
}

#[test]
fn a_store_of_a_newer_schema_is_refused() {
    let dir = schema_4_folder();
    let store = Store::open(dir.path()).expect("upgrade");
    store.set_schema_version(SCHEMA_VERSION + 1).expect("stamp");
    drop(store);
    match Store::open(dir.path()) {
        Err(StoreError::SchemaTooNew(v)) => assert_eq!(v, SCHEMA_VERSION + 1),
        other => panic!("expected schema-too-new, got {other:?}"),
    }
}

/// A member's stored bytes, pinned: the binary encoding follows `Member`'s fields in order, so a field
/// added, removed or moved in `nssf_domain::Member` changes them and fails here. Such a change needs a
/// new record tag and a migration (`docs/store-layout.md`, "Changing a record"), not just a new build.
#[test]
fn a_member_is_stored_as_these_bytes() {
    let dir = tempfile::tempdir().expect("temp");
    let store = Store::create(dir.path(), &crate::office()).expect("create");
    let member = store
        .insert_member(
            &crate::person("ເຈົ້າ", "Chao", "A1001", "+8562055551234"),
            "clerk",
            crate::at(0),
            nssf_store::Durability::FlushEach,
        )
        .expect("insert");
    let stored = store
        .backup_rows()
        .map(|r| r.expect("row"))
        .find(|r| r.tree == "members")
        .expect("the member's row");
    let hex: String = stored.value.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, PINNED_MEMBER, "{member:?}");
    let json = serde_json::to_vec(&member).expect("json");
    assert!(
        stored.value.len() * 2 < json.len(),
        "binary {} bytes, JSON {}",
        stored.value.len(),
        json.len()
    );
}

const PINNED_MEMBER: &str = "0111303130312d30332d303030303030312d36010fe0bb80e0ba88e0babbe0bb89e0bab20fe0ba99e0bb89e0bab3e0bb83e0ba88044368616f074e616d63686169010a313939302d30352d313201000541313030310e2b3835363230353535353132333407303130313030310430313031000131010000c096b102034d485301000a323032362d31312d3236";

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
