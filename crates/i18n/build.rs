//! Embeds every `locales/<lang>/*.ftl` file, so the binaries need no files beside them and a new file is
//! picked up without touching code.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: two copies of the workspace sharing one target
    // directory (a CI copy beside the working tree) share the compiled script, and a baked-in path would
    // embed the other copy's locales.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("../../locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("pub static FILES: &[(&str, &str, &str)] = &[\n");
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .expect("locales/ exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    langs.sort();
    for lang in langs.iter().filter(|p| p.is_dir()) {
        println!("cargo:rerun-if-changed={}", lang.display());
        let mut files: Vec<_> = std::fs::read_dir(lang)
            .expect("readable")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        {
            println!("cargo:rerun-if-changed={}", file.display());
            let abs = file.canonicalize().expect("canonical path");
            writeln!(
                out,
                "    ({:?}, {:?}, include_str!({:?})),",
                lang.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default(),
                file.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default(),
                abs.display().to_string()
            )
            .expect("write to string");
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locale_files.rs");
    std::fs::write(dest, out).expect("write locale_files.rs");
}
