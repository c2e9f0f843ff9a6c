//! The audit trail as one hash chain: what `verify_audit` finds when rows are edited, removed or moved
//! with sled directly in a closed store's folder; the schema 2 → 3 migration; concurrent writers; filters.

use std::path::Path;

use nssf_store::{
    AuditAction, AuditEntry, AuditFilter, AuditVerdict, ChainBreak, Durability, FieldChange, Store,
    GENESIS_HASH,
};

use crate::damage::sled_open;
use crate::{at, office, person};

/// The entries the tests write: (minute, actor, action, target).
const WRITTEN: &[(u32, &str, AuditAction, &str)] = &[
    (0, "noy", AuditAction::ReceiptPrinted, "R-1"),
    (1, "bee", AuditAction::StatementPrinted, "0101-03-0000001-6"),
    (2, "noy", AuditAction::DaySheetPrinted, "day/2026-11-26/noy"),
    (3, "sup", AuditAction::BatchWritten, "batch/1"),
    (4, "noy", AuditAction::ReceiptPrinted, "R-1"),
];

fn append(store: &Store, minute: u32, actor: &str, action: AuditAction, target: &str) {
    let change = FieldChange {
        field: "prints".into(),
        before: String::new(),
        after: format!("ນາທີ {minute}"),
    };
    store
        .append_audit(at(minute), actor, action, target, vec![change])
        .expect("append");
}

/// A closed store holding a registration's entry and then [`WRITTEN`]: six entries.
fn closed_store(dir: &Path) -> Vec<AuditEntry> {
    let store = Store::create(dir, &office()).expect("create");
    store
        .insert_member(
            &person("ເຈົ້າ", "Chao", "A1001", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert");
    for (minute, actor, action, target) in WRITTEN {
        append(&store, *minute, actor, *action, target);
    }
    store
        .audit_entries(&AuditFilter::default())
        .expect("entries")
}

fn seq(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

fn verdict(dir: &Path) -> AuditVerdict {
    Store::open(dir)
        .expect("open")
        .verify_audit()
        .expect("verify")
}

fn broken(seq: u64, why: ChainBreak) -> AuditVerdict {
    AuditVerdict::Broken { seq, why }
}

#[test]
fn a_fresh_chain_starts_at_zeros_and_each_entry_names_the_one_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entries = closed_store(dir.path());
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(entries[0].prev_hash, GENESIS_HASH);
    for pair in entries.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    for e in &entries {
        assert_eq!(e.hash, e.computed_hash(), "entry {}", e.seq);
        assert_eq!(e.hash.len(), 64);
    }
    let last = entries.last().expect("entries").hash.clone();
    assert_eq!(
        verdict(dir.path()),
        AuditVerdict::Intact {
            entries: 6,
            last_hash: last
        }
    );
}

#[test]
fn the_canonical_bytes_are_the_documented_json_array() {
    let entry = AuditEntry::chained(
        7,
        at(5) + chrono::Duration::milliseconds(120),
        "noy",
        AuditAction::Amended,
        "0101-03-0000001-6",
        vec![FieldChange {
            field: "phone".into(),
            before: "\"ເກົ່າ\"".into(),
            after: "+8562055551234".into(),
        }],
        GENESIS_HASH,
    );
    let expected = format!(
        "[\"nssf-audit-1\",7,\"2026-11-26T09:05:00.120Z\",\"noy\",\"amended\",\"0101-03-0000001-6\",\
         [[\"phone\",\"\\\"ເກົ່າ\\\"\",\"+8562055551234\"]],\"{GENESIS_HASH}\"]"
    );
    assert_eq!(
        String::from_utf8(entry.canonical_bytes()).ok(),
        Some(expected)
    );
    // docs/audit-trail.md's example: recomputed there with Python's hashlib over the same bytes.
    assert_eq!(
        entry.hash,
        "3106517872a1ad2c67442c3c0b455d45923075c314f8f6b5746a513b7a109b30"
    );
    // The stored JSON writes `at` as the canonical text does, so `audit list` can give it unchanged.
    let stored: serde_json::Value = serde_json::to_value(&entry).expect("json");
    assert_eq!(stored["at"], "2026-11-26T09:05:00.120Z");
}

/// One way of damaging the trail in a closed store, and what `verify_audit` must say.
struct Tampering {
    what: &'static str,
    damage: fn(&sled::Tree, &[AuditEntry]),
    expected: AuditVerdict,
}

fn reencode(entry: &AuditEntry) -> Vec<u8> {
    serde_json::to_vec(entry).expect("json")
}

#[test]
fn the_chain_finds_an_edited_a_deleted_and_a_reordered_entry() {
    let cases = [
        Tampering {
            what: "an actor edited",
            damage: |audit, entries| {
                let mut e = entries[2].clone();
                e.actor = "someone-else".into();
                audit.insert(seq(3), reencode(&e)).expect("insert");
            },
            expected: broken(3, ChainBreak::Edited),
        },
        Tampering {
            what: "a field change edited and its own hash recomputed",
            damage: |audit, entries| {
                let mut e = entries[1].clone();
                e.changes[0].after = "ນາທີ 9".into();
                e.hash = e.computed_hash();
                audit.insert(seq(2), reencode(&e)).expect("insert");
            },
            // The entry now reads as whole, but the next one names the hash it had.
            expected: broken(3, ChainBreak::OutOfOrder),
        },
        Tampering {
            what: "an entry deleted",
            damage: |audit, _| {
                audit.remove(seq(4)).expect("remove");
            },
            expected: broken(4, ChainBreak::Missing),
        },
        Tampering {
            what: "the last entry deleted",
            damage: |audit, _| {
                audit.remove(seq(6)).expect("remove");
            },
            expected: broken(6, ChainBreak::Missing),
        },
        Tampering {
            what: "two entries swapped",
            damage: |audit, entries| {
                audit.insert(seq(3), reencode(&entries[3])).expect("insert");
                audit.insert(seq(4), reencode(&entries[2])).expect("insert");
            },
            expected: broken(3, ChainBreak::OutOfOrder),
        },
        Tampering {
            what: "two entries swapped with their sequence numbers rewritten",
            damage: |audit, entries| {
                let (mut a, mut b) = (entries[3].clone(), entries[2].clone());
                (a.seq, b.seq) = (3, 4);
                audit.insert(seq(3), reencode(&a)).expect("insert");
                audit.insert(seq(4), reencode(&b)).expect("insert");
            },
            expected: broken(3, ChainBreak::OutOfOrder),
        },
        Tampering {
            what: "an entry inserted after the last",
            damage: |audit, entries| {
                let last = entries.last().expect("last");
                let extra = AuditEntry::chained(
                    7,
                    last.at,
                    "noy",
                    AuditAction::Voided,
                    "R-1",
                    vec![],
                    &last.hash,
                );
                audit.insert(seq(7), reencode(&extra)).expect("insert");
            },
            // Chained correctly, but the store never counted it.
            expected: broken(7, ChainBreak::Edited),
        },
        Tampering {
            what: "a row that is not JSON",
            damage: |audit, _| {
                audit.insert(seq(5), &b"{not json"[..]).expect("insert");
            },
            expected: broken(5, ChainBreak::Undecodable),
        },
    ];
    for case in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let entries = closed_store(dir.path());
        {
            let db = sled_open(dir.path());
            let audit = db.open_tree("audit").expect("tree");
            (case.damage)(&audit, &entries);
            db.flush().expect("flush");
        }
        assert_eq!(verdict(dir.path()), case.expected, "{}", case.what);
    }
}

#[test]
fn concurrent_writers_never_chain_onto_the_same_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    std::thread::scope(|scope| {
        for writer in ["noy", "bee", "sup", "kham"] {
            let store = &store;
            scope.spawn(move || {
                for minute in 0..25 {
                    append(store, minute, writer, AuditAction::ReceiptPrinted, "R-1");
                }
            });
        }
    });
    let entries = store
        .audit_entries(&AuditFilter::default())
        .expect("entries");
    assert_eq!(entries.len(), 100);
    let mut hashes: Vec<&str> = entries.iter().map(|e| e.prev_hash.as_str()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(hashes.len(), 100, "two entries name the same predecessor");
    assert!(matches!(
        store.verify_audit().expect("verify"),
        AuditVerdict::Intact { entries: 100, .. }
    ));
}

#[test]
fn entries_are_listed_by_day_actor_and_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    closed_store(dir.path());
    let store = Store::open(dir.path()).expect("open");
    let check = |filter: AuditFilter, expected: &[u64]| {
        let got: Vec<u64> = store
            .audit_entries(&filter)
            .expect("entries")
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(got, expected, "{filter:?}");
    };
    check(AuditFilter::default(), &[1, 2, 3, 4, 5, 6]);
    check(
        AuditFilter {
            actor: Some("noy".into()),
            ..AuditFilter::default()
        },
        &[2, 4, 6],
    );
    check(
        AuditFilter {
            since: Some(at(3)),
            ..AuditFilter::default()
        },
        &[5, 6],
    );
    check(
        AuditFilter {
            action: Some(AuditAction::ReceiptPrinted),
            since: Some(at(1)),
            ..AuditFilter::default()
        },
        &[6],
    );
    check(
        AuditFilter {
            actor: Some("nobody".into()),
            ..AuditFilter::default()
        },
        &[],
    );
    // A target's history follows the index.
    let history: Vec<u64> = store
        .history("R-1")
        .expect("history")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(history, [2, 6]);
}

/// Puts a closed store back in schema 2's layout: entries keyed target `\0` seq without hashes, no index,
/// no last hash. With `half_done`, the index and the last hash are left as an interrupted migration
/// leaves them.
fn back_to_schema_2(dir: &Path, entries: &[AuditEntry], half_done: bool) {
    let db = sled_open(dir);
    let audit = db.open_tree("audit").expect("tree");
    let meta = db.open_tree("meta").expect("tree");
    for e in entries {
        audit.remove(seq(e.seq)).expect("remove");
        let mut old = serde_json::to_value(e).expect("json");
        let fields = old.as_object_mut().expect("object");
        fields.remove("prev_hash");
        fields.remove("hash");
        let key = [e.target.as_bytes(), &[0], &seq(e.seq)].concat();
        audit
            .insert(key, serde_json::to_vec(&old).expect("json"))
            .expect("insert");
    }
    if !half_done {
        db.open_tree("audit_by_target")
            .expect("tree")
            .clear()
            .expect("clear");
        meta.remove("audit/last_hash").expect("remove");
    }
    meta.insert("schema_version", &2u64.to_be_bytes())
        .expect("stamp");
    db.flush().expect("flush");
}

#[test]
fn a_schema_2_trail_is_chained_when_opened_even_after_an_interrupted_migration() {
    for half_done in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = closed_store(dir.path());
        back_to_schema_2(dir.path(), &written, half_done);
        let store = Store::open(dir.path()).expect("open and migrate");
        assert_eq!(
            store.schema_version().expect("version"),
            nssf_store::SCHEMA_VERSION
        );
        // The chain is a function of the entries alone: the migration gives the hashes written today.
        assert_eq!(
            store
                .audit_entries(&AuditFilter::default())
                .expect("entries"),
            written,
            "half done: {half_done}"
        );
        assert_eq!(
            store.verify_audit().expect("verify"),
            AuditVerdict::Intact {
                entries: 6,
                last_hash: written[5].hash.clone()
            }
        );
        let history: Vec<u64> = store
            .history("R-1")
            .expect("history")
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(history, [2, 6]);
        // The next entry chains onto the migrated ones.
        append(&store, 9, "sup", AuditAction::BatchWritten, "batch/2");
        assert!(matches!(
            store.verify_audit().expect("verify"),
            AuditVerdict::Intact { entries: 7, .. }
        ));
    }
}
