//! `nssf-desk --data DIR day-close --date D --out FILE [--cashier ID]` (issue 11), run as a process: a
//! cashier closes their own day; closing another cashier's day needs a supervisor (exit 6 otherwise,
//! nothing written); the sheet is that cashier's.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_test_support::applicant;

const BOSS: &str = "boss-password";
const NOY: &str = "noy-password";
const ANA: &str = "ana-password";

/// Runs `nssf-desk --lang en --data DIR ARGS` with `password` in `NSSF_DESK_PASSWORD` (or none) and
/// `stdin` piped in.
fn run(data: &Path, args: &[&str], password: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command
        .args(["--lang", "en", "--data"])
        .arg(data)
        .args(args)
        .env_remove("NSSF_DESK_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(password) = password {
        command.env("NSSF_DESK_PASSWORD", password);
    }
    let mut child = command.spawn().expect("spawn nssf-desk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Runs and checks the exit code and, when given, the first line of standard error; standard output.
fn check(
    data: &Path,
    args: &[&str],
    password: Option<&str>,
    stdin: &str,
    code: i32,
    stderr: &str,
) -> String {
    let out = run(data, args, password, stdin);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    if !stderr.is_empty() {
        assert_eq!(err.lines().next(), Some(stderr), "{args:?}");
    }
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is needed (Debian package poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn closing_another_cashiers_day_needs_a_supervisor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let today = nssf_api::office_date(chrono::Utc::now()).to_string();
    check(
        d,
        &["init", "--office", "0101", "--workstation", "01"],
        None,
        "",
        0,
        "",
    );
    let number = check(
        d,
        &["register", "--json", "-"],
        None,
        &applicant().json(),
        0,
        "",
    );
    let add = |id: &str, role: &str, password: &str, by: Option<&str>| {
        let mut args = vec!["staff", "add", "--id", id, "--name", id, "--role", role];
        if by.is_some() {
            args.extend(["--user", "boss"]);
        }
        check(d, &args, by, &format!("{password}\n"), 0, "");
    };
    add("boss", "admin,supervisor", BOSS, None);
    add("noy", "cashier", NOY, Some(BOSS));
    add("ana", "cashier", ANA, Some(BOSS));
    let pay = [
        "pay", &number, "--months", "1", "--method", "cash", "--user", "noy",
    ];
    let receipt = check(d, &pay, Some(NOY), "", 0, "");

    let sheet = |name: &str| d.join(name);
    // `day-close` by `user`, of `cashier`'s day (their own when `None`), into `name`.
    let close = |user: &str, password: &str, name: &str, cashier: Option<&str>, code: i32| {
        let out = sheet(name);
        let mut args = vec![
            "day-close",
            "--date",
            &today,
            "--out",
            out.to_str().expect("utf-8"),
        ];
        args.extend(["--user", user]);
        if let Some(cashier) = cashier {
            args.extend(["--cashier", cashier]);
        }
        let stderr = match code {
            6 => "Your role does not allow this.",
            1 => "There is no staff account nooy.",
            _ => "",
        };
        check(d, &args, Some(password), "", code, stderr);
    };
    // A cashier id that names no account: exit 1, nothing closed.
    close("boss", BOSS, "nooy.pdf", Some("nooy"), 1);
    assert!(!sheet("nooy.pdf").exists());
    // A cashier may not close another's day: exit 6, no sheet written.
    close("noy", NOY, "ana.pdf", Some("ana"), 6);
    assert!(!sheet("ana.pdf").exists());
    // Nor may a supervisor close a day of their own: they take no payments.
    close("boss", BOSS, "boss.pdf", None, 6);
    // A supervisor closes Noy's day: Noy's sheet, with Noy's receipt.
    close("boss", BOSS, "noy.pdf", Some("noy"), 0);
    let text = pdf_text(&sheet("noy.pdf"));
    assert!(text.contains("noy") && text.contains(&receipt), "{text}");
    // Closed: Noy cannot close it again (exit 2); Ana closes her own, without Noy's receipt.
    close("noy", NOY, "noy-again.pdf", None, 2);
    close("ana", ANA, "ana.pdf", None, 0);
    assert!(!pdf_text(&sheet("ana.pdf")).contains(&receipt));
}
