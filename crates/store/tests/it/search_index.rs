//! The spelling entries of `idx_name` (phonetic keys, reversed tokens): written with the member, and
//! added to a folder of schema 3 (which had only folded tokens) by the migration to schema 4.

use std::path::Path;

use nssf_domain::fold::fold_token;
use nssf_store::{Durability, NameMatchKind, Store};

use crate::damage::sled_open;
use crate::{at, office, person};

/// (Lao given, Latin given, document) of the folder's members.
const MEMBERS: &[(&str, &str, &str)] = &[
    ("ວິໄລພອນ", "Vilayphone", "M1"),
    ("ເພັດສະໝອນ", "Phetsamone", "M2"),
    ("ວັນໄຊ", "Noy", "M3"),
];

/// A closed store of today's schema with the members; their numbers.
fn closed_store(dir: &Path) -> Vec<String> {
    let store = Store::create(dir, &office()).expect("create");
    let numbers = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, (lo, latin, doc))| {
            store
                .insert_member(
                    &person(lo, latin, doc, ""),
                    "clerk",
                    at(i as u32),
                    Durability::FlushEach,
                )
                .expect("insert")
                .member_no
        })
        .collect();
    drop(store);
    numbers
}

/// Puts a closed store back in schema 3's layout: `idx_name` holds folded tokens only.
fn back_to_schema_3(dir: &Path) {
    let db = sled_open(dir);
    let idx_name = db.open_tree("idx_name").expect("tree");
    let spelling: Vec<_> = idx_name
        .iter()
        .keys()
        .map(|k| k.expect("key"))
        .filter(|k| k[0] < b' ')
        .collect();
    assert!(
        !spelling.is_empty(),
        "today's store writes spelling entries"
    );
    for k in spelling {
        idx_name.remove(k).expect("remove");
    }
    db.open_tree("meta")
        .expect("tree")
        .insert("schema_version", &3u64.to_be_bytes())
        .expect("stamp");
    db.flush().expect("flush");
}

fn found(store: &Store, query: &[&str]) -> Vec<(String, NameMatchKind)> {
    let q: Vec<String> = query.iter().map(|t| fold_token(t)).collect();
    store
        .search_names(&q, 10)
        .expect("search")
        .into_iter()
        .map(|m| (m.member_no, m.kind))
        .collect()
}

#[test]
fn a_schema_3_folder_gains_the_spelling_entries_when_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let numbers = closed_store(dir.path());
    back_to_schema_3(dir.path());
    {
        // Without the migration's entries, the store disagrees with its records.
        let db = sled_open(dir.path());
        let meta = db.open_tree("meta").expect("tree");
        assert_eq!(
            meta.get("schema_version").expect("get").as_deref(),
            Some(&3u64.to_be_bytes()[..])
        );
    }
    let store = Store::open(dir.path()).expect("open and migrate");
    assert_eq!(
        store.schema_version().expect("version"),
        nssf_store::SCHEMA_VERSION
    );
    assert_eq!(
        store.index_contents().expect("read"),
        store.index_report().expect("rebuild")
    );
    assert!(store.check().is_whole());
    // (query, who, why): each needs an entry the migration added.
    let rows: &[(&[&str], usize, NameMatchKind)] = &[
        (&["vilaiphon"], 0, NameMatchKind::Phonetic),
        (&["petsamon", "namchai"], 1, NameMatchKind::Phonetic),
        (&["vansai"], 2, NameMatchKind::CrossScript),
        (&["vilayphome"], 0, NameMatchKind::Typo),
        (&["xilayphone"], 0, NameMatchKind::Typo),
    ];
    for (query, who, why) in rows {
        assert_eq!(
            found(&store, query),
            [(numbers[*who].clone(), *why)],
            "{query:?}"
        );
    }
}

#[test]
fn spelling_entries_follow_the_member() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    let m = store
        .insert_member(
            &person("ວິໄລພອນ", "Vilayphone", "M1", ""),
            "clerk",
            at(0),
            Durability::FlushEach,
        )
        .expect("insert");
    let entries = store.index_contents().expect("read").names;
    let shown: Vec<String> = entries
        .keys()
        .map(|k| String::from_utf8_lossy(&k[..k.len() - m.member_no.len() - 1]).into_owned())
        .collect();
    // Folded tokens, phonetic keys (Lao romanised: one key for both scripts), reversed long tokens.
    assert_eq!(
        shown,
        [
            "\u{1}namsai",
            "\u{1}vilaipon",
            "\u{2}enohpyaliv",
            "\u{2}iahcman",
            "\u{2}ຈໃາ\u{ecd}\u{ec9}ນ",
            "\u{2}ນອພລໄ\u{eb4}ວ",
            "namchai",
            "vilayphone",
            "ນ\u{ec9}\u{ecd}າໃຈ",
            "ວ\u{eb4}ໄລພອນ",
        ]
    );
}

/// An office where one family name is crowded: 700 people called Namchai, then 25 called Bee Namchai
/// registered last (the highest member numbers), so the 600 candidates a tier examines in member-number
/// order are all someone else. Whole-name look-ups (the other word order, a corrected typo) find the Bees.
#[test]
fn a_crowded_family_name_does_not_hide_the_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::create(dir.path(), &office()).expect("create");
    for i in 0..725u32 {
        let (lo, latin) = if i < 700 {
            (format!("ສົມ{i}"), format!("Somsak{i}"))
        } else {
            ("ບີ".to_owned(), "Bee".to_owned())
        };
        store
            .insert_member(
                &person(&lo, &latin, &format!("C{i}"), ""),
                "clerk",
                at(0),
                Durability::Deferred,
            )
            .expect("insert");
    }
    store.flush().expect("flush");
    // (query, the match every hit must have): 20 hits, each a Bee.
    let rows: &[(&[&str], NameMatchKind)] = &[
        (&["namchai", "bee"], NameMatchKind::Folded),
        (&["bee", "namchia"], NameMatchKind::Typo),
        (&["namchia", "bee"], NameMatchKind::Typo),
    ];
    for (query, why) in rows {
        let q: Vec<String> = query.iter().map(|t| fold_token(t)).collect();
        let hits = store.search_names(&q, 20).expect("search");
        let bees = hits
            .iter()
            .filter(|h| h.kind == *why && h.full_name)
            .filter(|h| {
                let m = store.member(&h.member_no).expect("read").expect("member");
                m.given_name_latin == "Bee"
            })
            .count();
        assert_eq!((hits.len(), bees), (20, 20), "{query:?}");
    }
}
