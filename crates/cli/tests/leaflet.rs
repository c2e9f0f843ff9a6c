//! `nssf-desk --data DIR leaflet (--member NUMBER | --base KIP) --out FILE.pdf` and `nssf-desk --data DIR
//! application-form NUMBER --out FILE.pdf` (issue 14), run as a process: the PDF written in the language
//! of `--lang`, the two ways of saying whom the leaflet is for (exactly one), the exit codes of a base the
//! rules refuse and of an unknown member, and every print of the form in the audit trail.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_test_support::applicant;

fn run(data: &Path, lang: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nssf-desk"))
        .args(["--lang", lang, "--data"])
        .arg(data)
        .args(args)
        .env_remove("NSSF_DESK_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nssf-desk");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

/// Runs, checks the exit code, returns standard error.
fn check(data: &Path, lang: &str, args: &[&str], code: i32) -> String {
    let out = run(data, lang, args, None);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    err
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// An office with Chao registered today: its folder and her number.
fn office() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    check(
        d,
        "en",
        &["init", "--office", "0101", "--workstation", "01"],
        0,
    );
    let out = run(
        d,
        "en",
        &["register", "--json", "-"],
        Some(&applicant().json()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let member_no = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned();
    (dir, member_no)
}

#[test]
fn leaflet_contract() {
    let (dir, member_no) = office();
    let d = dir.path();
    let out = d.join("leaflet.pdf");
    let out_arg = out.to_str().expect("UTF-8 path");
    // (language, whom, exit code, what the PDF or standard error says)
    let cases: &[(&str, &[&str], i32, &str)] = &[
        ("en", &["--base", "3,000,000"], 0, "270,000"),
        ("lo", &["--base", "໓໐໐໐໐໐໐"], 0, "ທ່ານຈ່າຍເທົ່າໃດ"),
        ("en", &["--member", &member_no], 0, "Mahosot Hospital"),
        ("lo", &["--member", &member_no], 0, "ໂຮງໝໍມະໂຫສົດ"),
        ("en", &["--base", "1000000"], 2, "2,500,000"),
        ("en", &["--base", "lots"], 2, "whole number of kip"),
        ("en", &["--member", "0101-01-0000099-0"], 1, ""),
        ("en", &["--member", &member_no, "--base", "3000000"], 2, ""),
        ("en", &[], 2, ""),
    ];
    for (lang, whom, code, says) in cases {
        let _ = std::fs::remove_file(&out);
        let mut args = vec!["leaflet"];
        args.extend_from_slice(whom);
        args.extend_from_slice(&["--out", out_arg]);
        let err = check(d, lang, &args, *code);
        if *code == 0 {
            let text = pdf_text(&out);
            assert!(text.contains(says), "{whom:?}: {says:?} in\n{text}");
        } else {
            assert!(!out.exists(), "{whom:?}: no file on a refusal");
            assert!(err.contains(says), "{whom:?}: {says:?} in\n{err}");
        }
    }
}

#[test]
fn application_form_contract() {
    let (dir, member_no) = office();
    let d = dir.path();
    let out = d.join("form.pdf");
    let out_arg = out.to_str().expect("UTF-8 path");
    for print in ["ພິມຄັ້ງທີ 1", "ພິມຄັ້ງທີ 2"] {
        check(
            d,
            "en",
            &["application-form", &member_no, "--out", out_arg],
            0,
        );
        let text = pdf_text(&out);
        assert!(text.contains("ນາງ ເຈົ້າ ນ້ຳໃຈ"), "{text}");
        assert!(text.contains(print), "{print} in\n{text}");
    }
    check(
        d,
        "en",
        &["application-form", "0101-01-0000099-0", "--out", out_arg],
        1,
    );
    let audit = run(d, "en", &["audit", "list", "--json"], None);
    let entries: serde_json::Value = serde_json::from_slice(&audit.stdout).expect("audit JSON");
    let prints = entries
        .as_array()
        .expect("an array")
        .iter()
        .filter(|e| e["action"] == "application-form-printed" && e["record"] == member_no.as_str())
        .count();
    assert_eq!(prints, 2);
}
