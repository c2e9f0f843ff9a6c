//! Help when something is wrong (issue 15): what a log line keeps of an error, free text scrubbed, and the
//! support file against a real office, none of it carrying an applicant's name, phone or ID document.

use std::path::Path;

use nssf_api::diagnostics::{
    about, bundled_licences, diagnostics, diagnostics_file_name, log_line, recent_errors,
    refusal_line, scrub, window_error_line, write_diagnostics, DiagnosticsSource, OfficeState,
    DIAGNOSTICS_FORMAT,
};
use nssf_api::nssf_domain::{Problem, ProblemKind};
use nssf_api::{Action, Actor, ApiError, Desk, Diagnostics, Refusal, Role, VERSION};

use crate::{applicant, desk, now};

/// What a log line or a support file must never hold of the applicants the tests register: their names
/// in both scripts, their phones (as typed and as stored) and their ID documents.
const PERSONAL: &[&str] = &[
    "ເຈົ້າ",
    "ນ້ຳໃຈ",
    "Chao",
    "Namchai",
    "ແກ້ວ",
    "Keo",
    "123456789",
    "987654321",
    "020 5555 1234",
    "2055551234",
    "5555",
];

fn assert_no_personal_data(text: &str) {
    for word in PERSONAL {
        assert!(!text.contains(word), "{word:?} in {text:?}");
    }
}

#[test]
fn a_log_line_keeps_the_code_and_only_the_arguments_that_hold_no_personal_data() {
    fn check(error: ApiError, expected: &str) {
        assert_eq!(log_line(&error), expected, "{error:?}");
    }
    check(
        Refusal::DuplicateDocument {
            member_no: "0101-01-0000001-1".into(),
            document: "123456789/id_card".into(),
        }
        .into(),
        "duplicate-document document=… member_no=0101-01-0000001-1",
    );
    check(
        Refusal::PossibleDuplicate {
            candidates: vec!["0101-01-0000001-1".into(), "0101-01-0000002-2".into()],
        }
        .into(),
        "possible-duplicate candidates=0101-01-0000001-1,0101-01-0000002-2",
    );
    // Typed text may be anything, a name included.
    check(
        Refusal::MemberNumberInvalid {
            value: "Chao Namchai".into(),
        }
        .into(),
        "member-number-invalid value=…",
    );
    check(
        Refusal::FileUnwritable {
            path: "/home/clerk/Chao Namchai.pdf".into(),
        }
        .into(),
        "file-unwritable path=…",
    );
    check(
        Refusal::StaffUnknown {
            staff_id: "namchai".into(),
        }
        .into(),
        "staff-unknown staff_id=…",
    );
    // English detail for support stays, through the scrubber.
    check(
        Refusal::Storage {
            detail: "Input/output error (os error 5) at ເຈົ້າ 020 5555 1234".into(),
        }
        .into(),
        "storage detail=Input/output error (os error 5) at … …",
    );
    check(
        Refusal::SchemaTooNew { version: 9 }.into(),
        "schema-too-new version=9",
    );
    check(
        Refusal::Forbidden {
            role: Role::Clerk,
            action: Action::Void,
        }
        .into(),
        "forbidden action=void role=clerk",
    );
    check(Refusal::Internal {}.into(), "internal");
    // A form's problems: the field and the code, never the value typed.
    check(
        ApiError::invalid(vec![
            Problem::new("phone", ProblemKind::Required {}),
            Problem::new("given_name_lo", ProblemKind::Required {}),
        ]),
        "invalid-input; phone: required; given_name_lo: required",
    );
}

#[test]
fn scrubbed_text_loses_lao_words_and_long_numbers_but_keeps_member_and_receipt_numbers() {
    fn check(text: &str, expected: &str) {
        assert_eq!(scrub(text), expected, "{text:?}");
    }
    check("plain English stays", "plain English stays");
    check("name ເຈົ້າ ນ້ຳໃຈ here", "name … here");
    check("phone 020 5555 1234.", "phone ….");
    check("phone +8562055551234", "phone …");
    check("id 123456789/id_card", "id …/id_card");
    check("member 0101-01-0000001-1 ok", "member 0101-01-0000001-1 ok");
    check("on 2026-11-30 at 02:30:00", "on 2026-11-30 at 02:30:00");
    check(
        "[2026-11-30][02:30:00][nssf_desk_app][ERROR] refused",
        "[2026-11-30][02:30:00][nssf_desk_app][ERROR] refused",
    );
    check(
        "os error 5, 12 bytes of 4096",
        "os error 5, 12 bytes of 4096",
    );
    check("index out of bounds: 1234567", "index out of bounds: …");
}

/// The window names the refused command: only a name like one of ours reaches the log, never a forged line.
#[test]
fn only_plain_command_names_reach_the_log() {
    fn check(sent: &str, logged: &str) {
        let error: ApiError = Refusal::SchemaTooNew { version: 9 }.into();
        assert_eq!(
            refusal_line(sent, &error),
            format!("refused {logged}: schema-too-new version=9"),
            "{sent:?}"
        );
    }
    check("search", "search");
    check("save_report_pdf", "save_report_pdf");
    check("", "?");
    check("search\n[ERROR] forged", "?");
    check("ເຈົ້າ", "?");
    check(&"a".repeat(41), "?");
}

/// What the window reports of its own failure: scrubbed, on one line, at most 500 characters.
#[test]
fn a_window_failure_is_one_scrubbed_line_of_bounded_length() {
    fn check(kind: &str, message: &str, expected: &str) {
        assert_eq!(window_error_line(kind, message), expected, "{message:?}");
    }
    check(
        "error",
        "x is undefined",
        "the window failed: error: x is undefined",
    );
    check(
        "rejection",
        "bad\n[ERROR] forged\r\nline",
        "the window failed: rejection: bad [ERROR] forged  line",
    );
    check(
        "error",
        "no member ເຈົ້າ 020 5555 1234",
        "the window failed: error: no member … …",
    );
    let long = window_error_line("error", &"a".repeat(1000));
    assert_eq!(long.chars().count(), "the window failed: ".len() + 500);
}

/// Registers the applicants of a typical morning and makes the refusals a clerk meets: every error the
/// session meets, written as the window's log writes it, holds no personal data.
#[test]
fn the_errors_of_a_typical_session_log_no_name_phone_or_document() {
    let (_dir, desk) = desk();
    let clerk = Actor::setup_user();
    let chao = applicant().phone("020 5555 1234").draft();
    let member = desk
        .register_with(&clerk, &chao, crate::backdated(false), now())
        .expect("register");
    let mut errors: Vec<ApiError> = Vec::new();
    // The same person again: her ID card is taken.
    errors.extend(
        desk.register_with(&clerk, &chao, crate::backdated(false), now())
            .err(),
    );
    // Another document, same name and birth date: a possible duplicate.
    let twin = applicant()
        .id_card("987654321")
        .phone("020 5555 1234")
        .draft();
    errors.extend(
        desk.register_with(&clerk, &twin, crate::backdated(false), now())
            .err(),
    );
    // A phone that is not one, a name in the wrong script.
    let wrong = applicant()
        .id_card("987654321")
        .given("Keo", "ແກ້ວ")
        .phone("5555")
        .draft();
    errors.extend(
        desk.register_with(&clerk, &wrong, crate::backdated(false), now())
            .err(),
    );
    // A name typed where a member number goes, a number that does not exist.
    errors.extend(desk.member(&clerk, "Chao Namchai").err());
    let check = nssf_api::nssf_domain::member_no::damm_check_digit("0101010009999");
    errors.extend(
        desk.member(&clerk, &format!("0101-01-0009999-{}", (check + 1) % 10))
            .err(),
    );
    errors.extend(
        desk.member(&clerk, &format!("0101-01-0009999-{check}"))
            .err(),
    );
    // An amendment that changes nothing.
    errors.extend(
        desk.amend(&clerk, &member.member.member_no, &chao, now())
            .err(),
    );
    // Signing in with a person's name as the staff id (an unknown id is a wrong password, as for anyone).
    errors.extend(
        desk.sign_in("namchai", &nssf_api::Password::new("wrong"), now())
            .err(),
    );
    let codes: Vec<&str> = errors.iter().map(|e| e.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "duplicate-document",
            "possible-duplicate",
            "invalid-input",
            "member-number-invalid",
            "member-number-check-digit",
            "member-not-found",
            "nothing-changed",
            "wrong-password",
        ]
    );
    for error in &errors {
        let line = log_line(error);
        assert!(line.starts_with(error.code().as_str()), "{line}");
        assert_no_personal_data(&line);
    }
}

fn source<'a>(
    dir: &'a Path,
    logs: Option<&'a Path>,
    office: OfficeState<'a>,
) -> DiagnosticsSource<'a> {
    DiagnosticsSource {
        data_folder: dir,
        log_folder: logs,
        office,
    }
}

/// The log a session of the window leaves: its own lines, and an error line with what a panic's message
/// might have carried.
fn write_log(folder: &Path) {
    let refused = log_line(
        &Refusal::DuplicateDocument {
            member_no: "0101-01-0000001-1".into(),
            document: "123456789/id_card".into(),
        }
        .into(),
    );
    let lines = [
        "[2026-11-25][01:00:00][nssf_desk_app][INFO] NSSF Desk 0.1.0 started on linux x86_64"
            .to_string(),
        "[2026-11-25][01:00:01][nssf_desk_app][ERROR] the oldest error, in the rotated file"
            .to_string(),
    ];
    std::fs::write(
        folder.join("nssf-desk_2026-11-25_01-00-00.log"),
        lines.join("\n"),
    )
    .expect("rotated log");
    let lines = [
        "[2026-11-26][03:00:00][nssf_desk_app][INFO] NSSF Desk 0.1.0 started on linux x86_64".to_string(),
        format!("[2026-11-26][03:00:05][nssf_desk_app::support][INFO] refused register: {refused}"),
        "[2026-11-26][03:00:06][nssf_desk_app::support][ERROR] refused backup_now: storage detail=Input/output error (os error 5)".to_string(),
        "[2026-11-26][03:00:07][nssf_desk_app::crash][ERROR] panic at src/x.rs:1:1: no member ເຈົ້າ ນ້ຳໃຈ, phone 020 5555 1234".to_string(),
        "stack backtrace:".to_string(),
        "   0: nssf_desk_app::crash::hook".to_string(),
        "[2026-11-26][03:00:08][nssf_desk_app::support][WARN] the window reported: TypeError at 123456789".to_string(),
    ];
    std::fs::write(folder.join("nssf-desk.log"), lines.join("\n")).expect("log");
}

#[test]
fn the_support_file_of_a_working_office_says_where_it_stands_and_names_nobody() {
    let (dir, desk) = desk();
    let clerk = Actor::setup_user();
    for (id, given) in [
        ("123456789", ("ເຈົ້າ", "Chao")),
        ("987654321", ("ແກ້ວ", "Keo")),
    ] {
        let draft = applicant()
            .id_card(id)
            .given(given.0, given.1)
            .phone("020 5555 1234")
            .draft();
        desk.register_with(&clerk, &draft, crate::backdated(true), now())
            .expect("register");
    }
    let logs = tempfile::tempdir().expect("log folder");
    write_log(logs.path());

    let report = diagnostics(
        &source(dir.path(), Some(logs.path()), OfficeState::Open(&desk)),
        now(),
    );

    let office = report.office.clone().expect("figures of an open office");
    let figures = (
        office.office.as_str(),
        office.members,
        office.staff_accounts,
        office.batch.last_batch,
        office.batch.pending_changes > 0,
        office.backup.last_good_at,
        office.backup.overdue,
    );
    assert_eq!(figures, ("0101-01", 2, 0, 0, true, None, true));
    assert_eq!(office.schema_version, nssf_store::SCHEMA_VERSION);
    assert_eq!(
        (
            report.format,
            report.version.as_str(),
            report.made_at,
            report.open_error.clone()
        ),
        (DIAGNOSTICS_FORMAT, VERSION, now(), None)
    );
    assert_eq!(report.os, std::env::consts::OS);
    assert!(
        report.data_folder_bytes.is_some_and(|bytes| bytes > 0),
        "{report:?}"
    );
    assert_eq!(
        report.recent_errors,
        [
            "[2026-11-25][01:00:01][nssf_desk_app][ERROR] the oldest error, in the rotated file",
            "[2026-11-26][03:00:06][nssf_desk_app::support][ERROR] refused backup_now: storage detail=Input/output error (os error 5)",
            "[2026-11-26][03:00:07][nssf_desk_app::crash][ERROR] panic at src/x.rs:1:1: no member …, phone …",
            "[2026-11-26][03:00:08][nssf_desk_app::support][WARN] the window reported: TypeError at …",
        ]
    );

    let file = dir.path().join("support.json");
    write_diagnostics(&report, &file).expect("write");
    let text = std::fs::read_to_string(&file).expect("read back");
    assert_no_personal_data(&text);
    let back: Diagnostics = serde_json::from_str(&text).expect("the file is the report as JSON");
    assert_eq!(back, report);
}

#[test]
fn the_support_file_is_made_when_the_folder_does_not_open() {
    fn check(office: OfficeState<'_>, expected: Option<&str>) {
        let dir = tempfile::tempdir().expect("folder");
        let report = diagnostics(&source(dir.path(), None, office), now());
        assert_eq!(report.open_error.as_deref(), expected);
        assert_eq!(report.office, None);
        assert!(report.recent_errors.is_empty());
        assert_eq!(report.log_folder, None);
    }
    let too_new: ApiError = Refusal::SchemaTooNew { version: 9 }.into();
    check(
        OfficeState::Failed(&too_new),
        Some("schema-too-new version=9"),
    );
    check(OfficeState::NotSetUp, None);
}

#[test]
fn recent_errors_keep_the_latest_ones() {
    let logs = tempfile::tempdir().expect("log folder");
    let lines: Vec<String> = (0..30)
        .map(|i| format!("[2026-11-26][03:00:00][nssf_desk_app][ERROR] error {i}"))
        .collect();
    std::fs::write(logs.path().join("nssf-desk.log"), lines.join("\n")).expect("log");
    let recent = recent_errors(logs.path(), 3);
    assert_eq!(
        recent,
        lines[27..].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(recent_errors(&logs.path().join("missing"), 3).is_empty());
}

#[test]
fn about_names_the_version_the_folders_and_each_bundled_licence_file() {
    let root = Path::new(&manifest_dir()).join("../..");
    let (dir, desk) = desk();
    let shown = about(
        dir.path(),
        Some(Path::new("/var/log/nssf")),
        Some(desk.office()),
    );
    assert_eq!(shown.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(shown.data_folder, dir.path().display().to_string());
    assert_eq!(shown.log_folder.as_deref(), Some("/var/log/nssf"));
    assert_eq!(shown.office.map(|o| o.workstation), Some("01".to_string()));
    let licences = bundled_licences();
    assert!(licences.len() >= 3);
    for licence in &licences {
        assert!(root.join(&licence.file).is_file(), "{licence:?}");
    }
    for font in ["NotoSans-Regular.ttf", "NotoSansLao-Bold.ttf"] {
        assert!(root.join("assets/fonts").join(font).is_file());
    }
    assert_eq!(
        diagnostics_file_name(Some(&desk_office(&desk)), now()),
        "nssf-desk-diagnostics-0101-01-20261126-030000.json"
    );
    assert_eq!(
        diagnostics_file_name(None, now()),
        "nssf-desk-diagnostics-20261126-030000.json"
    );
}

fn desk_office(desk: &Desk) -> nssf_api::OfficeView {
    desk.office()
}

/// This crate's folder as `cargo test` gives it when the test runs, not where the test was compiled: a build
/// cache shared by several checkouts may run a binary another clone compiled, and that clone may be gone.
fn manifest_dir() -> std::ffi::OsString {
    std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
