//! `backup`, `backup-verify` and `restore` run as processes (issue 12): a backup restored into a new
//! folder as workstation 02 shows every member and receipt and issues numbers of 02; a wrong passphrase,
//! a non-empty folder and a damaged backup are refused with exit 1, touching nothing; a folder held by
//! another program is refused with exit 1.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_api::{Actor, Desk, MonthsChoice, OfficeSetup, PaymentRequest};
use nssf_test_support::{applicant, now};

const PASSPHRASE: &str = "a long backup passphrase";

/// Runs `nssf-desk --lang en --data DIR ARGS` with `passphrase` in `NSSF_DESK_BACKUP_PASSPHRASE` (or
/// none), standard input piped with `stdin` (never a terminal).
fn run(data: &Path, args: &[&str], passphrase: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    command
        .args(["--lang", "en", "--data"])
        .arg(data)
        .args(args)
        .env_remove("NSSF_DESK_BACKUP_PASSPHRASE")
        .env_remove("NSSF_DESK_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(passphrase) = passphrase {
        command.env("NSSF_DESK_BACKUP_PASSPHRASE", passphrase);
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs, checks the exit code and that stderr (for a failure) or stdout (for a success) contains
/// `expected`; returns stdout.
fn check(
    data: &Path,
    args: &[&str],
    passphrase: Option<&str>,
    code: i32,
    expected: &str,
) -> String {
    let out = run(data, args, passphrase, "");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    let seen = if code == 0 { &stdout } else { &stderr };
    assert!(
        seen.contains(expected),
        "{args:?}: {expected:?} not in {seen:?}"
    );
    stdout
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec!["<absent>".into()],
    };
    names.sort();
    names
}

/// An office at `dir` with two members, each paid one month: (member numbers, receipt numbers).
fn office(dir: &Path) -> (Vec<String>, Vec<String>) {
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let actor = Actor::setup_user();
    let desk = Desk::init(dir, &setup, &actor, now()).expect("init");
    let (mut members, mut receipts) = (Vec::new(), Vec::new());
    for (id, name) in [("500000001", "Som"), ("500000002", "Kham")] {
        let draft = applicant().id_card(id).given("ສົມ", name).draft();
        let no = desk
            .register_with(
                &actor,
                &draft,
                nssf_api::RegistrationChoices {
                    confirm_duplicate: true,
                    allow_backdate: true,
                },
                now(),
            )
            .expect("register")
            .member
            .member_no;
        let request = PaymentRequest {
            member_no: no.clone(),
            months: MonthsChoice::Next { count: 1 },
            method: "cash".into(),
            reference: String::new(),
            paid_on: String::new(),
            skip_arrears: true,
            allow_backdate: false,
        };
        receipts.push(desk.pay(&actor, &request, now()).expect("pay").receipt_no);
        members.push(no);
    }
    (members, receipts)
}

#[test]
fn back_up_verify_and_restore_as_a_successor() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("office");
    let (members, receipts) = office(&data);
    let file = root.path().join("office.backup");
    let file_arg = file.to_str().expect("utf-8");

    // Without the passphrase, the first backup is refused and writes nothing.
    check(
        &data,
        &["backup", "--out", file_arg],
        None,
        1,
        "backup passphrase is needed",
    );
    assert!(!file.exists());
    let out = check(
        &data,
        &["backup", "--out", file_arg],
        Some(PASSPHRASE),
        0,
        "members 2",
    );
    assert_eq!(out.lines().next(), Some(file_arg));
    // Later backups need no passphrase.
    let second = root.path().join("second.backup");
    check(
        &data,
        &["backup", "--out", second.to_str().expect("utf-8")],
        None,
        0,
        "receipts 2",
    );

    let out = check(
        &data,
        &["backup-verify", file_arg],
        Some(PASSPHRASE),
        0,
        "members 2",
    );
    assert_eq!(out.lines().next(), Some("valid"));
    check(
        &data,
        &["backup-verify", file_arg],
        None,
        1,
        "passphrase is needed",
    );

    let restored = root.path().join("restored");
    let args = ["restore", "--from", file_arg, "--workstation", "02"];
    let out = check(
        &restored,
        &args,
        Some(PASSPHRASE),
        0,
        "office 0101-02\nsucceeds 0101-01\n",
    );
    assert!(out.contains("fingerprint "), "{out}");
    for no in &members {
        check(&restored, &["show", no], None, 0, no);
    }
    for receipt in &receipts {
        let pdf = root.path().join(format!("{receipt}.pdf"));
        check(
            &restored,
            &["receipt", receipt, "--out", pdf.to_str().expect("utf-8")],
            None,
            0,
            "",
        );
    }
    let json = applicant().id_card("500000009").json();
    let out = run(
        &restored,
        &["register", "--json", "-", "--allow-backdate"],
        None,
        &json,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("0101-02-0000001-"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn refused_restores_and_backups_touch_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("office");
    office(&data);
    let file = root.path().join("office.backup");
    let file_arg = file.to_str().expect("utf-8");
    check(
        &data,
        &["backup", "--out", file_arg],
        Some(PASSPHRASE),
        0,
        "",
    );
    let mut bytes = std::fs::read(&file).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    let tampered = root.path().join("tampered.backup");
    std::fs::write(&tampered, &bytes).expect("write");
    let tampered_arg = tampered.to_str().expect("utf-8");

    let busy = root.path().join("busy");
    std::fs::create_dir_all(&busy).expect("mkdir");
    std::fs::write(busy.join("notes.txt"), "mine").expect("write");
    let fresh = root.path().join("fresh");
    let cases: &[(&Path, &[&str], &str, &str)] = &[
        (
            &fresh,
            &["restore", "--from", file_arg, "--workstation", "02"],
            "not it at all",
            "not the backup passphrase",
        ),
        (
            &busy,
            &["restore", "--from", file_arg, "--workstation", "02"],
            PASSPHRASE,
            "is not empty",
        ),
        (
            &fresh,
            &["restore", "--from", tampered_arg, "--workstation", "02"],
            PASSPHRASE,
            "damaged",
        ),
        (
            &fresh,
            &["restore", "--from", file_arg, "--workstation", "01"],
            PASSPHRASE,
            "new workstation code",
        ),
        (
            &fresh,
            &["backup-verify", tampered_arg],
            PASSPHRASE,
            "damaged",
        ),
    ];
    for (dir, args, passphrase, expected) in cases {
        let before = listing(dir);
        check(dir, args, Some(passphrase), 1, expected);
        assert_eq!(listing(dir), before, "{args:?}: folder touched");
    }

    // Another program holds the folder: refused, the backup file not written.
    let holder = Desk::open(&data).expect("open");
    let other = root.path().join("other.backup");
    check(
        &data,
        &["backup", "--out", other.to_str().expect("utf-8")],
        None,
        1,
        "open in the NSSF Desk app",
    );
    assert!(!other.exists());
    drop(holder);
}
