//! TypeScript for the window, generated from the Rust types that cross the IPC boundary into
//! `ui/src/bindings/` (checked in), one file per type.
//!
//! There is no list of exported types to keep: every IPC type derives `ts_rs::TS` with `#[ts(export)]` where
//! it is defined, and ts-rs turns each such attribute into a test, `export_bindings_<type>`, that writes the
//! type and every type it uses. All IPC types live in this crate, the shell's own ones (card-sheet
//! progress, saved files) included, so that this crate's test binary holds every export. The exceptions are
//! the domain's form ([`nssf_domain::Draft`], the input contract) and its verdict on a form
//! ([`nssf_domain::Problem`] with its closed [`nssf_domain::ProblemKind`]): they derive `TS` in the domain,
//! behind its `ts` feature, and are written as types that [`crate::MemberView`] and [`crate::ApiError`] use.
//!
//! The tests below keep it so:
//! - `every_ipc_type_is_exported`: a type of this crate that derives `TS` has `#[ts(export)]`;
//! - `bindings_are_fresh`: runs this test binary's `export_bindings_*` tests again into a temporary folder
//!   and fails when `ui/src/bindings/` differs from it, file for file, including files that no type
//!   produces any more. With `NSSF_UPDATE_BINDINGS=1` it replaces the folder's `.ts` files instead:
//!   `NSSF_UPDATE_BINDINGS=1 cargo test -p nssf-api bindings`.
//!
//! On an ordinary `cargo test`, the generated export tests write into a scratch folder (`TS_RS_EXPORT_DIR`
//! in `.cargo/config.toml`), never into `ui/src/bindings/`: a stale copy fails the tests instead of being
//! fixed silently.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// The checked-in bindings.
    fn checked_in() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
    }

    /// The `.ts` files of a folder, by name.
    fn typescript_files(dir: &Path) -> BTreeMap<String, String> {
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

    /// Runs ts-rs's generated `export_bindings_*` tests of this very test binary, writing into `dir`.
    fn generate(dir: &Path) {
        let exe = std::env::current_exe().expect("the test binary's path");
        let run = Command::new(exe)
            .arg("export_bindings_")
            .env("TS_RS_EXPORT_DIR", dir)
            // i64 kip amounts and u64 counters are far below 2^53: plain `number` in TypeScript.
            .env("TS_RS_LARGE_INT", "number")
            .output()
            .expect("run the export tests");
        assert!(
            run.status.success(),
            "the export tests failed:\n{}\n{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }

    #[test]
    fn bindings_are_fresh() {
        let fresh = tempfile::tempdir().expect("tempdir");
        generate(fresh.path());
        let expected = typescript_files(fresh.path());
        // Types of each origin: the api's own, its refusals, a domain input, a domain verdict.
        for name in ["MemberView.ts", "Refusal.ts", "Draft.ts", "Problem.ts"] {
            assert!(expected.contains_key(name), "{name} was not generated");
        }
        if std::env::var_os("NSSF_UPDATE_BINDINGS").is_some() {
            for old in typescript_files(&checked_in()).keys() {
                std::fs::remove_file(checked_in().join(old)).expect("remove a stale binding");
            }
            std::fs::create_dir_all(checked_in()).expect("create ui/src/bindings");
            for (name, text) in &expected {
                std::fs::write(checked_in().join(name), text).expect("write a binding");
            }
        }
        let found = typescript_files(&checked_in());
        let names: BTreeSet<&String> = expected.keys().chain(found.keys()).collect();
        let stale: Vec<String> = names
            .into_iter()
            .filter_map(|name| match (expected.get(name), found.get(name)) {
                (Some(_), None) => Some(format!("{name}: missing")),
                (None, Some(_)) => Some(format!("{name}: no type produces it")),
                (Some(e), Some(f)) if e != f => Some(format!("{name}: differs")),
                (Some(_), Some(_)) | (None, None) => None,
            })
            .collect();
        assert!(
            stale.is_empty(),
            "ui/src/bindings is stale ({stale:?}): run `NSSF_UPDATE_BINDINGS=1 cargo test -p nssf-api bindings` and commit"
        );
    }

    /// The attribute lines of every item in `text` that derives `TS`, with the item's first line.
    fn ts_items(text: &str) -> Vec<(usize, String)> {
        let lines: Vec<&str> = text.lines().collect();
        let is_attribute = |l: &str| {
            let l = l.trim_start();
            l.starts_with("#[") || l.starts_with("///")
        };
        let is_item = |l: &str| {
            let l = l.trim_start();
            ["pub struct ", "pub enum ", "struct ", "enum "]
                .iter()
                .any(|k| l.starts_with(k))
        };
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if !line.trim_start().starts_with("#[derive(") {
                continue;
            }
            let mut start = i;
            while start > 0 && is_attribute(lines[start - 1]) {
                start -= 1;
            }
            let Some(item) = (i..lines.len()).find(|&j| is_item(lines[j])) else {
                continue;
            };
            let attributes = lines[start..item].join("\n");
            let derive = &attributes[attributes.find("#[derive(").unwrap_or(0)..];
            let derive = &derive[..derive.find(")]").unwrap_or(derive.len())];
            if derive
                .trim_start_matches("#[derive(")
                .split(',')
                .any(|d| d.trim() == "TS")
            {
                found.push((item + 1, attributes));
            }
        }
        found
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_ipc_type_is_exported() {
        let sample = "/// A.\n#[derive(Debug,\n    TS)]\n#[serde(rename_all = \"snake_case\")]\npub enum A {}\n\
                      #[derive(Debug, Serialize)]\nstruct B;\n#[derive(TS)]\n#[ts(export)]\nstruct C;\n";
        let items: Vec<(usize, bool)> = ts_items(sample)
            .into_iter()
            .map(|(line, attributes)| (line, attributes.contains("#[ts(export")))
            .collect();
        assert_eq!(
            items,
            [(5, false), (10, true)],
            "the check finds TS derives"
        );

        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read a source file");
            for (line, attributes) in ts_items(&text) {
                if !attributes.contains("#[ts(export") {
                    missing.push(format!("{}:{line}", file.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "types that derive TS without #[ts(export)], so no binding is checked for them: {missing:?}"
        );
    }
}
