//! The UI's TypeScript types must be what the Rust types generate.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bindings_are_fresh() {
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    if std::env::var_os("NSSF_UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&checked_in);
        nssf_api::bindings::export_all(&checked_in).expect("write bindings");
    }
    let fresh = tempfile::tempdir().expect("tempdir");
    nssf_api::bindings::export_all(fresh.path()).expect("generate");
    let expected = read_dir(fresh.path());
    assert!(expected.contains_key("Draft.ts") && expected.contains_key("ApiError.ts"));
    assert_eq!(
        read_dir(&checked_in),
        expected,
        "ui/src/bindings is stale: run `NSSF_UPDATE_BINDINGS=1 cargo test -p nssf-api bindings` and commit"
    );
}
