//! The staff accounts' command-line contract (issue 11), run as a process: `staff add`, `list`, `disable`,
//! `unlock`, `reset-password`, `password`; `--user` with `NSSF_DESK_PASSWORD`; the exit codes 0, 1, 2, 5
//! and 6; who needs `--user` once the first admin exists; `central` untouched; the signed-in staff id
//! recorded as the actor and cashier.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use nssf_api::{Actor, Desk};
use nssf_test_support::applicant;

const BOSS: &str = "boss-password";
const NOY: &str = "noy-password";

/// Runs `nssf-desk --lang en --data DIR ARGS` (English unless `ARGS` say otherwise) with `password` in `NSSF_DESK_PASSWORD` (or none at all)
/// and `stdin` piped in (so standard input is never a terminal).
fn run(data: &Path, args: &[&str], password: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nssf-desk"));
    if !args.contains(&"--lang") {
        command.args(["--lang", "en"]);
    }
    command
        .arg("--data")
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and checks the exit code and, for a failure, the localised stderr (its first line).
fn check(
    data: &Path,
    args: &[&str],
    password: Option<&str>,
    stdin: &str,
    code: i32,
    stderr: &str,
) -> Output {
    let out = run(data, args, password, stdin);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    if !stderr.is_empty() {
        assert_eq!(err.lines().next(), Some(stderr), "{args:?}");
    }
    out
}

fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["init", "--office", "0101", "--workstation", "01"];
    check(dir.path(), &args, None, "", 0, "");
    dir
}

/// An office whose first admin, `boss`, was added without `--user`, and a cashier `noy`.
fn staffed() -> tempfile::TempDir {
    let dir = office();
    let d = dir.path();
    let boss = [
        "staff",
        "add",
        "--id",
        "boss",
        "--name",
        "ທ້າວ ສົມພອນ",
        "--role",
        "admin,supervisor",
    ];
    check(d, &boss, None, &format!("{BOSS}\n"), 0, "");
    let noy = [
        "staff", "add", "--id", "noy", "--name", "Noy", "--role", "cashier", "--user", "boss",
    ];
    check(d, &noy, Some(BOSS), &format!("{NOY}\n"), 0, "");
    dir
}

const SIGN_IN_FIRST: &str =
    "Sign in first: this office has staff accounts (give --user and the password).";
const WRONG: &str = "The staff ID or the password is wrong.";

#[test]
fn without_staff_accounts_nothing_changes() {
    let dir = office();
    let d = dir.path();
    check(d, &["pending"], None, "", 0, "");
    // `--user` means nothing yet.
    check(d, &["pending", "--user", "boss"], None, "", 0, "");
    check(d, &["staff", "list", "--json"], None, "", 0, "");
    // The first account must be an admin (exit 2); its password comes from standard input.
    let cashier = [
        "staff", "add", "--id", "noy", "--name", "Noy", "--role", "cashier",
    ];
    check(
        d,
        &cashier,
        None,
        &format!("{NOY}\n"),
        2,
        "The first staff account must have the admin role.",
    );
    let short = [
        "staff", "add", "--id", "boss", "--name", "Boss", "--role", "admin",
    ];
    check(
        d,
        &short,
        None,
        "short\n",
        2,
        "The password must have at least 10 characters.",
    );
    check(d, &["pending"], None, "", 0, "");
}

#[test]
fn the_first_admin_closes_the_office() {
    let dir = staffed();
    let d = dir.path();
    // Every office command now needs --user and the password: exit 5 otherwise, nothing done.
    check(d, &["pending"], None, "", 5, SIGN_IN_FIRST);
    check(
        d,
        &["search", "x", "--json"],
        Some(BOSS),
        "",
        5,
        SIGN_IN_FIRST,
    );
    check(
        d,
        &["pending", "--user", "boss"],
        Some("wrong password"),
        "",
        5,
        WRONG,
    );
    check(
        d,
        &["pending", "--user", "nobody"],
        Some(BOSS),
        "",
        5,
        WRONG,
    );
    // No variable and standard input not a terminal: never a prompt, exit 5.
    check(
        d,
        &["pending", "--user", "boss"],
        None,
        "",
        5,
        SIGN_IN_FIRST,
    );
    check(d, &["pending", "--user", "boss"], Some(BOSS), "", 0, "");
    // Lao messages too.
    let out = run(d, &["--lang", "lo", "pending"], None, "");
    assert_eq!(out.status.code(), Some(5));
    assert!(
        text(&out.stderr).contains("ເຂົ້າສູ່ລະບົບ"),
        "{}",
        text(&out.stderr)
    );

    // Signed in, but the role does not allow it: exit 6.
    check(
        d,
        &["staff", "list", "--json", "--user", "noy"],
        Some(NOY),
        "",
        6,
        "Your role does not allow this.",
    );
    // The listing, exactly.
    let out = check(
        d,
        &["staff", "list", "--json", "--user", "boss"],
        Some(BOSS),
        "",
        0,
        "",
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        listed,
        serde_json::json!([
            {"id": "boss", "name": "ທ້າວ ສົມພອນ", "roles": ["admin", "supervisor"], "active": true, "locked": false},
            {"id": "noy", "name": "Noy", "roles": ["cashier"], "active": true, "locked": false},
        ])
    );
    // Adding: input to correct is exit 2, an id taken exit 1.
    let add = |id: &'static str, role: &'static str| {
        [
            "staff", "add", "--id", id, "--name", "Bee", "--role", role, "--user", "boss",
        ]
    };
    check(
        d,
        &add("Bee", "clerk"),
        Some(BOSS),
        "bee-password\n",
        2,
        "“Bee” is not a valid staff ID: 2 to 32 characters of a–z, 0–9, dot, underscore or hyphen.",
    );
    check(
        d,
        &add("bee", "chief"),
        Some(BOSS),
        "bee-password\n",
        2,
        "“chief” is not one of the choices.",
    );
    check(
        d,
        &add("noy", "clerk"),
        Some(BOSS),
        "bee-password\n",
        1,
        "A staff account noy already exists.",
    );
    check(d, &add("bee", "clerk"), Some(BOSS), "bee-password\n", 0, "");
    check(
        d,
        &["staff", "disable", "nobody", "--user", "boss"],
        Some(BOSS),
        "",
        1,
        "There is no staff account nobody.",
    );

    // Exempt: init (another folder), verify-card (its own refusal, not a sign-in), central.
    let key = d.join("office.pub");
    let _ = check(
        d,
        &[
            "office-key",
            "--out",
            key.to_str().expect("utf-8"),
            "--user",
            "boss",
        ],
        Some(BOSS),
        "",
        0,
        "",
    );
    let verify = [
        "verify-card",
        "--key",
        key.to_str().expect("utf-8"),
        "--qr",
        "not a card",
    ];
    let out = run(d, &verify, None, "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let central = tempfile::tempdir().expect("tempdir");
    check(central.path(), &["central", "init"], None, "", 0, "");
    let other = tempfile::tempdir().expect("tempdir");
    check(
        other.path(),
        &["central", "init", "--user", "boss"],
        Some(BOSS),
        "",
        2,
        "The central office's commands do not take --user.",
    );
}

#[test]
fn lockout_unlock_reset_and_disable() {
    let dir = staffed();
    let d = dir.path();
    let pending = ["pending", "--user", "noy"];
    for _ in 0..4 {
        check(d, &pending, Some("wrong password"), "", 5, WRONG);
    }
    let out = check(d, &pending, Some("wrong password"), "", 5, "");
    assert!(text(&out.stderr).starts_with("This account is locked after 5 wrong passwords, until "));
    let out = check(d, &pending, Some(NOY), "", 5, "");
    assert!(text(&out.stderr).starts_with("This account is locked"));
    let listed = check(
        d,
        &["staff", "list", "--json", "--user", "boss"],
        Some(BOSS),
        "",
        0,
        "",
    );
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(listed[1]["locked"], serde_json::json!(true));
    check(
        d,
        &["staff", "unlock", "noy", "--user", "boss"],
        Some(BOSS),
        "",
        0,
        "",
    );
    check(d, &pending, Some(NOY), "", 0, "");

    // A reset: every command but `staff password` answers 5 until the password is changed.
    let reset = ["staff", "reset-password", "noy", "--user", "boss"];
    check(d, &reset, Some(BOSS), "temporary-pw\n", 0, "");
    check(d, &pending, Some(NOY), "", 5, WRONG);
    let must = "Your password was reset: choose a new password before doing anything else.";
    check(d, &pending, Some("temporary-pw"), "", 5, must);
    let change = ["staff", "password", "--user", "noy"];
    check(
        d,
        &change,
        Some("temporary-pw"),
        "temporary-pw\n",
        2,
        "The new password must differ from the current one.",
    );
    check(
        d,
        &change,
        Some("temporary-pw"),
        "noy-new-password\n",
        0,
        "",
    );
    check(d, &pending, Some("noy-new-password"), "", 0, "");

    // Disabled: refused with the right password; the last admin stays.
    check(
        d,
        &["staff", "disable", "noy", "--user", "boss"],
        Some(BOSS),
        "",
        0,
        "",
    );
    check(
        d,
        &pending,
        Some("noy-new-password"),
        "",
        5,
        "This staff account is disabled.",
    );
    check(
        d,
        &["staff", "disable", "boss", "--user", "boss"],
        Some(BOSS),
        "",
        1,
        "This is the office's last active admin account; it cannot be disabled.",
    );
}

#[test]
fn the_signed_in_staff_id_is_the_actor_and_the_cashier() {
    let dir = staffed();
    let d = dir.path();
    let kham = [
        "staff",
        "add",
        "--id",
        "kham",
        "--name",
        "Kham",
        "--role",
        "clerk,cashier",
        "--user",
        "boss",
    ];
    check(d, &kham, Some(BOSS), "kham-password\n", 0, "");
    let today = nssf_api::office_date(chrono::Utc::now()).to_string();
    let json = applicant().registered_on(&today).json();
    let out = check(
        d,
        &["register", "--json", "-", "--user", "kham"],
        Some("kham-password"),
        &json,
        0,
        "",
    );
    let number = text(&out.stdout).trim().to_owned();
    let pay = [
        "pay", &number, "--months", "1", "--method", "cash", "--user", "kham",
    ];
    check(d, &pay, Some("kham-password"), "", 0, "");

    let desk = Desk::open(d).expect("open");
    let member = desk.member(&Actor::setup_user(), &number).expect("member");
    let actors: Vec<(String, String)> = member
        .history
        .iter()
        .map(|h| {
            (
                h.actor.clone(),
                serde_json::to_string(&h.action).expect("json"),
            )
        })
        .collect();
    assert_eq!(
        actors,
        [
            ("kham".to_owned(), "\"registered\"".to_owned()),
            ("kham".to_owned(), "\"paid\"".to_owned()),
        ]
    );
}

/// `settings`: anyone signed in reads them; only an admin changes them, within their ranges.
#[test]
fn settings_are_read_by_anyone_and_changed_by_an_admin() {
    let dir = staffed();
    let d = dir.path();
    // (args, password, exit code, stdout, first stderr line)
    let cases: &[(&[&str], &str, i32, &str, &str)] = &[
        (
            &["settings", "--user", "noy"],
            NOY,
            0,
            "idle_lock_minutes 10\npayment_backdate_days 7\nregistration_backdate_days 31\nlapsed_after_months 3\n",
            "",
        ),
        (
            &["settings", "--idle-lock-minutes", "5", "--user", "noy"],
            NOY,
            6,
            "",
            "Your role does not allow this.",
        ),
        (
            &["settings", "--idle-lock-minutes", "241", "--user", "boss"],
            BOSS,
            2,
            "",
            "idle_lock_minutes: Must be from 0 to 240 (this is 241).",
        ),
        (
            &["settings", "--idle-lock-minutes", "5", "--json", "--user", "boss"],
            BOSS,
            0,
            "{\n  \"idle_lock_minutes\": 5,\n  \"payment_backdate_days\": 7,\n  \"registration_backdate_days\": 31,\n  \"lapsed_after_months\": 3\n}\n",
            "",
        ),
        (
            &["settings", "--lapsed-after-months", "0", "--user", "boss"],
            BOSS,
            2,
            "",
            "lapsed_after_months: Must be from 1 to 36 (this is 0).",
        ),
        (
            &["settings", "--lapsed-after-months", "6", "--user", "boss"],
            BOSS,
            0,
            "idle_lock_minutes 5\npayment_backdate_days 7\nregistration_backdate_days 31\nlapsed_after_months 6\n",
            "",
        ),
        (
            &["settings", "--user", "noy"],
            NOY,
            0,
            "idle_lock_minutes 5\npayment_backdate_days 7\nregistration_backdate_days 31\nlapsed_after_months 6\n",
            "",
        ),
    ];
    for (args, password, code, stdout, stderr) in cases {
        let out = check(d, args, Some(password), "", *code, stderr);
        assert_eq!(text(&out.stdout), *stdout, "{args:?}");
    }
}
