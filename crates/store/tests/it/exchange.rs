//! Exported batches: their files are kept out of sled, on the medium before their row is written, and
//! stores that kept them inside sled (schema 1) still hand them out, byte for byte.

use std::path::{Path, PathBuf};

use nssf_store::{Store, StoreError};

use crate::damage::sled_open;
use crate::{at, office};

/// A batch big enough that sled 0.34 would keep it as a separate, never-synced blob file (over 128 KiB),
/// with bytes that do not repeat.
fn big_batch(seed: u8) -> Vec<u8> {
    let mut state = u32::from(seed) + 1;
    (0..300 * 1024)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

/// The files of a folder, by name (none when the folder does not exist).
fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    };
    names.sort();
    names
}

fn blobs(dir: &Path) -> Vec<String> {
    files_in(&dir.join("db").join("blobs"))
}

fn batch_files(dir: &Path) -> Vec<PathBuf> {
    files_in(&dir.join("batches"))
        .into_iter()
        .map(|name| dir.join("batches").join(name))
        .collect()
}

#[test]
fn an_exported_batch_is_a_synced_file_beside_sled_not_a_sled_blob() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = big_batch(1);
    {
        let store = Store::create(dir.path(), &office()).expect("create");
        store
            .record_export(1, b"{\"batch\":1}", &file, at(0), "supervisor")
            .expect("record");
        assert_eq!(blobs(dir.path()), Vec::<String>::new(), "sled kept a blob");
        let on_disk = batch_files(dir.path());
        assert_eq!(on_disk.len(), 1, "{on_disk:?}");
        let name = on_disk[0].file_name().expect("name").to_string_lossy();
        assert_eq!(
            name,
            format!("000001-{}.batch", nssf_store::sha256_hex(&file))
        );
        assert_eq!(std::fs::read(&on_disk[0]).expect("read"), file);
        // A number already taken is refused and leaves no file behind.
        assert!(matches!(
            store.record_export(1, b"{}", &big_batch(2), at(1), "supervisor"),
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(batch_files(dir.path()).len(), 1);
    }
    let store = Store::open(dir.path()).expect("reopen");
    let batch = store.exported_batch(1).expect("read").expect("batch 1");
    assert_eq!(batch.description, b"{\"batch\":1}");
    assert_eq!(batch.file, file);
}

#[test]
fn a_batch_file_missing_or_changed_is_an_error_not_other_bytes() {
    let check = |damage: fn(&Path), expected: std::io::ErrorKind| {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let store = Store::create(dir.path(), &office()).expect("create");
            store
                .record_export(1, b"{}", b"batch one", at(0), "supervisor")
                .expect("record");
        }
        let path = batch_files(dir.path()).remove(0);
        damage(&path);
        let store = Store::open(dir.path()).expect("open");
        match store.exported_batch(1) {
            Err(StoreError::BatchFile {
                path: named,
                source,
            }) => {
                assert_eq!(named, path);
                assert_eq!(source.kind(), expected);
            }
            other => panic!("expected a batch-file error, got {other:?}"),
        }
    };
    check(
        |p| std::fs::remove_file(p).expect("remove"),
        std::io::ErrorKind::NotFound,
    );
    check(
        |p| std::fs::write(p, b"batch 0ne").expect("write"),
        std::io::ErrorKind::InvalidData,
    );
}

#[test]
fn a_schema_1_store_with_batches_inside_sled_still_hands_them_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Programs of schema 1 made their sled folders with sled's default segments (512 KiB), whose blob
    // threshold (an item over a quarter of a segment, 128 KiB) put large batches in blobs.
    drop(
        sled::Config::new()
            .path(dir.path().join("db"))
            .open()
            .expect("sled of schema 1"),
    );
    drop(Store::create(dir.path(), &office()).expect("create"));
    // The layout of schema 1, written with sled directly: the bytes in `exch_files`.
    let files = [big_batch(1), b"a small batch".to_vec()];
    {
        let db = sled_open(dir.path());
        db.open_tree("meta")
            .expect("meta")
            .insert("schema_version", &1u64.to_be_bytes())
            .expect("stamp");
        let meta = db.open_tree("exch_meta").expect("exch_meta");
        meta.insert("last_batch", &2u64.to_be_bytes())
            .expect("last");
        let batches = db.open_tree("exch_batches").expect("exch_batches");
        let rows = db.open_tree("exch_files").expect("exch_files");
        for (n, file) in (1u64..).zip(&files) {
            batches
                .insert(n.to_be_bytes(), format!("{{\"batch\":{n}}}").as_bytes())
                .expect("description");
            rows.insert(n.to_be_bytes(), file.as_slice()).expect("file");
        }
        db.flush().expect("flush");
    }
    assert!(
        !blobs(dir.path()).is_empty(),
        "schema 1 kept a batch over 128 KiB as a sled blob"
    );
    let check = |store: &Store| {
        assert_eq!(
            store.schema_version().expect("version"),
            nssf_store::SCHEMA_VERSION
        );
        for (n, file) in (1u64..).zip(&files) {
            let batch = store.exported_batch(n).expect("read").expect("batch");
            assert_eq!(batch.description, format!("{{\"batch\":{n}}}").as_bytes());
            assert_eq!(&batch.file, file, "batch {n}");
        }
        assert_eq!(batch_files(dir.path()).len(), 2);
    };
    check(&Store::open(dir.path()).expect("open and migrate"));
    // An interrupted migration runs again: stamp schema 1 on the migrated store and open it again.
    Store::open(dir.path())
        .expect("open")
        .set_schema_version(1)
        .expect("stamp 1");
    let store = Store::open(dir.path()).expect("migrate again");
    check(&store);
    // The next export follows the migrated ones.
    store
        .record_export(3, b"{}", b"three", at(0), "supervisor")
        .expect("record 3");
    assert_eq!(store.exchange_state().expect("state").last_batch, 3);
}
