//! Help when something is wrong (issue 15, `docs/support.md`): the support file "Help → Diagnostics" writes
//! for the central office's IT staff, the About dialog's facts, and the one place that decides what of an
//! error may be written to a log.
//!
//! Nothing here may carry a person's data: names, phones and ID documents never leave the store through
//! this module. Member and receipt numbers may (the central office has them anyway, and a support call
//! needs them). Errors are written through [`log_line`], which keeps a refusal's code and only the
//! arguments known to hold no personal data; free text (a panic's message, the window's error, an OS
//! error's detail) goes through [`scrub`] first. The support file is made whether or not the office
//! folder opens (a folder that does not open is when the call comes), and asks for no signed-in person:
//! it holds nothing a clerk may not see.
//!
//! Time is passed in; no function here reads the clock.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use nssf_domain::member_no::MemberNumber;
use nssf_domain::receipt_no::ReceiptNumber;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{ApiError, Code, Desk, OfficeView};

/// The program's version: the About dialog, the support file and `nssf-desk --version` all print this
/// one (the workspace's version, shared by every crate).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The support file's layout version, so that IT's tools can tell a later layout.
pub const DIAGNOSTICS_FORMAT: u32 = 1;

/// How many of the log's latest warnings and errors the support file carries.
pub const RECENT_ERRORS: usize = 20;

/// A log line longer than this is cut in the support file (a backtrace stays in the log itself).
const LINE_MAX_CHARS: usize = 300;

/// The log files' name in the log folder: `nssf-desk.log`, and rotated ones `nssf-desk_<time>.log`.
pub const LOG_FILE_NAME: &str = "nssf-desk";

/// Stands for text left out of a log line or the support file.
const LEFT_OUT: &str = "…";

/// The fewest digits in a run of digits (with spaces or `+` between) that could be a phone or an ID
/// document number: a Lao phone has 8 or more digits, an ID card 9; a member or receipt number is kept.
const MASKED_DIGITS: usize = 7;

/// A refusal's arguments that never hold a person's data: numbers the office gives out, offices and
/// workstations, dates, key fingerprints, roles. Every other text argument is left out of a log line
/// (`value` as typed, `document`, `staff_id`, which may be a person's name, paths and folders, which a
/// person names); `detail` (an OS or store error, in English) is kept through [`scrub`].
const SAFE_ARGS: &[&str] = &[
    "member_no",
    "receipt_no",
    "candidates",
    "office",
    "workstation",
    "part",
    "until",
    "from",
    "to",
    "date",
    "successor",
    "succeeds",
    "predecessor",
    "installed",
    "fingerprint",
    "role",
    "action",
];

/// The refusals that mean something is wrong with the PC, the folder or the program rather than with what
/// the clerk typed: logged as errors (the support file's "last errors"); every other refusal is an
/// ordinary answer, logged as information.
pub fn is_fault(code: Code) -> bool {
    matches!(
        code,
        Code::Storage
            | Code::DiskFull
            | Code::StoreDamaged
            | Code::SchemaTooNew
            | Code::UpgradeNeedsSpace
            | Code::Internal
            | Code::DocumentFailed
            | Code::DialogFailed
            | Code::FileUnwritable
            | Code::FolderInUse
            | Code::OfficeKeyUnreadable
            | Code::BackupFolderFailed
            | Code::BackupFolderFull
            | Code::BackupFolderReadOnly
            | Code::BackupFolderMissing
    )
}

/// An error as one log line: its code, the arguments that hold no personal data (numbers, and the
/// [`SAFE_ARGS`], through [`scrub`]), `…` for the others, and each field problem's field and code
/// (never the value typed). `ApiError`'s `Display` prints every argument; logs use this instead.
pub fn log_line(error: &ApiError) -> String {
    let mut line = error.code().as_str().to_string();
    let args = match serde_json::to_value(&error.refusal) {
        Ok(Value::Object(mut wire)) => match wire.remove("args") {
            Some(Value::Object(args)) => args,
            Some(_) | None => serde_json::Map::new(),
        },
        // A refusal always serialises to `{code, args}`; anything else is shown as nothing.
        Ok(_) | Err(_) => serde_json::Map::new(),
    };
    // In name order whatever serde_json's map keeps (a workspace build may turn on `preserve_order`).
    let mut args: Vec<(String, Value)> = args.into_iter().collect();
    args.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, value) in args {
        let shown = match value {
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::String(text) if name == "detail" || SAFE_ARGS.contains(&name.as_str()) => {
                scrub(&text)
            }
            Value::Array(items) if SAFE_ARGS.contains(&name.as_str()) => items
                .iter()
                .map(|item| match item {
                    Value::String(text) => scrub(text),
                    Value::Null
                    | Value::Bool(_)
                    | Value::Number(_)
                    | Value::Array(_)
                    | Value::Object(_) => scrub(&item.to_string()),
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::String(_) | Value::Array(_) | Value::Object(_) => LEFT_OUT.to_string(),
        };
        line.push_str(&format!(" {name}={shown}"));
    }
    for problem in &error.problems {
        line.push_str(&format!("; {}: {}", problem.field, problem.code().as_str()));
    }
    line
}

/// The line a refused command leaves in the log: `refused COMMAND: ` then [`log_line`]. The command's
/// name comes from the window, so it is kept only when it looks like one of ours (lowercase letters and
/// `_`, at most 40 characters): anything else, a forged line break or a name typed by someone, is `?`.
pub fn refusal_line(command: &str, error: &ApiError) -> String {
    let plain = !command.is_empty()
        && command.len() <= 40
        && command.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let command = if plain { command } else { "?" };
    format!("refused {command}: {}", log_line(error))
}

/// How much of a window failure's text a log line keeps.
const WINDOW_TEXT_MAX: usize = 500;

/// The line a failure of the window (an uncaught error, a rejected promise) leaves in the log: its kind
/// and message, [`scrub`]bed, on one line (a message cannot forge log lines), at most 500 characters.
pub fn window_error_line(kind: &str, message: &str) -> String {
    let text: String = scrub(&format!("{kind}: {message}"))
        .replace(['\n', '\r'], " ")
        .chars()
        .take(WINDOW_TEXT_MAX)
        .collect();
    format!("the window failed: {text}")
}

/// Free text made fit for a log: every run of Lao letters (a name, a village typed) and every run of
/// seven or more digits (a phone, an ID document) becomes `…`, except member and receipt numbers and
/// dates. Names in Latin letters cannot be told from other words: text that may hold them is not logged
/// at all (see [`log_line`]), and this is the second line of defence, for text whose origin is unknown.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_lao(c) {
            while i < chars.len() && (is_lao(chars[i]) || chars[i] == ' ' && next_is_lao(&chars, i))
            {
                i += 1;
            }
            out.push_str(LEFT_OUT);
        } else if c.is_ascii_digit() || c == '+' {
            let start = i;
            while i < chars.len() && is_number_char(chars[i]) {
                i += 1;
            }
            // A run ends at a digit: trailing spaces and dashes stay outside it.
            let mut end = i;
            while end > start && !chars[end - 1].is_ascii_digit() {
                end -= 1;
            }
            let token: String = chars[start..end].iter().collect();
            if keeps_number(&token) {
                out.push_str(&token);
            } else {
                out.push_str(LEFT_OUT);
            }
            out.extend(&chars[end..i]);
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_lao(c: char) -> bool {
    ('\u{0E80}'..='\u{0EFF}').contains(&c)
}

fn next_is_lao(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).copied().is_some_and(is_lao)
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ' ' | '-' | '+')
}

/// Whether a run of digits (with spaces, dashes or `+`) may stay in a log line.
fn keeps_number(token: &str) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    digits < MASKED_DIGITS
        || MemberNumber::parse(token).is_ok()
        || ReceiptNumber::parse(token).is_some()
        || is_date(token)
        // Several numbers side by side that are each allowed (`0101-01 2026-11-30`).
        || token.contains(' ') && token.split(' ').filter(|part| !part.is_empty()).all(|part| {
            part.chars().filter(char::is_ascii_digit).count() < MASKED_DIGITS
                && part.contains('-')
                || MemberNumber::parse(part).is_ok()
                || ReceiptNumber::parse(part).is_some()
                || is_date(part)
        })
}

/// `YYYY-MM-DD`.
fn is_date(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

/// A font or a data file shipped with the program, with its licence (the About dialog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BundledLicence {
    /// What it is, as its authors name it.
    pub name: String,
    /// The licence, by its usual short name.
    pub licence: String,
    /// The licence text's file in the source tree, from the repository's root.
    pub file: String,
}

/// The fonts and data files the program carries, each with its licence and the file that holds the
/// licence text (`assets/`).
pub fn bundled_licences() -> Vec<BundledLicence> {
    [
        (
            "Noto Sans (Regular, Bold)",
            "SIL Open Font License 1.1",
            "assets/fonts/OFL.txt",
        ),
        (
            "Noto Sans Lao (Regular, Bold)",
            "SIL Open Font License 1.1",
            "assets/fonts/OFL.txt",
        ),
        (
            "Lao village data (provinces, districts, villages), © 2025 Inthava",
            "MIT",
            "assets/gazetteer/LICENSE-lao-village-data",
        ),
        (
            "NSSF contribution schedule, hospitals and benefits (assets/*.json)",
            "MIT (NSSF Desk)",
            "Cargo.toml",
        ),
    ]
    .into_iter()
    .map(|(name, licence, file)| BundledLicence {
        name: name.into(),
        licence: licence.into(),
        file: file.into(),
    })
    .collect()
}

/// The About dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct About {
    /// [`VERSION`], as `nssf-desk --version` prints it.
    pub version: String,
    /// The office, or `null` before the first-run setup (or when its folder does not open).
    pub office: Option<OfficeView>,
    /// The office data folder, absolute.
    pub data_folder: String,
    /// Where the window's logs are written; `null` when it is not known.
    pub log_folder: Option<String>,
    /// The fonts and data files the program carries.
    pub licences: Vec<BundledLicence>,
}

/// The About dialog's facts.
pub fn about(data_folder: &Path, log_folder: Option<&Path>, office: Option<OfficeView>) -> About {
    About {
        version: VERSION.into(),
        office,
        data_folder: data_folder.display().to_string(),
        log_folder: log_folder.map(|dir| dir.display().to_string()),
        licences: bundled_licences(),
    }
}

/// The support file "Help → Diagnostics" writes: what IT asks first on the phone, and nothing about any
/// person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Diagnostics {
    /// [`DIAGNOSTICS_FORMAT`].
    pub format: u32,
    /// [`VERSION`].
    pub version: String,
    /// When the file was made (RFC 3339, UTC).
    #[ts(type = "string")]
    pub made_at: DateTime<Utc>,
    /// The operating system (`linux`, `windows`, …) and the processor (`x86_64`, …) the program was
    /// built for.
    pub os: String,
    /// See `os`.
    pub arch: String,
    /// The office data folder, absolute.
    pub data_folder: String,
    /// The bytes of every file under it; `null` when it could not be read.
    #[ts(type = "number | null")]
    pub data_folder_bytes: Option<u64>,
    /// Where the window's logs are; `null` for the command line, which logs nowhere.
    pub log_folder: Option<String>,
    /// The office's figures; `null` before the first-run setup or when its folder does not open.
    pub office: Option<OfficeFigures>,
    /// Why the folder did not open (or its figures could not be read), as a log line ([`log_line`]).
    pub open_error: Option<String>,
    /// The latest warnings and errors of the log, oldest first, at most [`RECENT_ERRORS`], through
    /// [`scrub`].
    pub recent_errors: Vec<String>,
}

/// An office's state in the support file: counts and dates, no record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeFigures {
    /// `DDDD-WW`: the district and the workstation.
    pub office: String,
    /// The store's schema version.
    #[ts(type = "number")]
    pub schema_version: u64,
    /// Members registered here (this workstation's store).
    #[ts(type = "number")]
    pub members: u64,
    /// Staff accounts, disabled ones included; 0: the office works without sign-in.
    #[ts(type = "number")]
    pub staff_accounts: u64,
    /// The weekly batch.
    pub batch: BatchFigures,
    /// Backups.
    pub backup: BackupFigures,
}

/// Where the weekly batch stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchFigures {
    /// The last change made here (its sequence number).
    #[ts(type = "number")]
    pub last_change: u64,
    /// The last batch written (0: none yet).
    #[ts(type = "number")]
    pub last_batch: u64,
    /// When it was written.
    pub last_exported_at: Option<String>,
    /// The last change the central office acknowledged.
    #[ts(type = "number")]
    pub acked_through: u64,
    /// When the last acknowledgement was applied.
    pub last_acked_at: Option<String>,
    /// Changes not yet acknowledged.
    #[ts(type = "number")]
    pub pending_changes: u64,
    /// Whether the export is overdue (the weekly screen's warning).
    pub export_overdue: bool,
    /// Whether the central office's key is installed (batches are encrypted to it).
    pub central_key_installed: bool,
}

/// Where backups stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFigures {
    /// When the last backup written whole was made.
    #[ts(type = "string | null")]
    pub last_good_at: Option<DateTime<Utc>>,
    /// Whether the header warns that it is too old (or missing).
    pub overdue: bool,
    /// Whether the backup passphrase is set.
    pub passphrase_set: bool,
    /// Whether a backup folder is set (automatic backups at day close).
    pub folder_set: bool,
}

/// What became of the office folder when the program tried to open it.
#[derive(Debug, Clone, Copy)]
pub enum OfficeState<'a> {
    /// Open.
    Open(&'a Desk),
    /// No office yet: the first-run setup has not been done.
    NotSetUp,
    /// It did not open, with this refusal.
    Failed(&'a ApiError),
}

/// Where the support file's facts come from.
#[derive(Debug, Clone, Copy)]
pub struct DiagnosticsSource<'a> {
    /// The office data folder.
    pub data_folder: &'a Path,
    /// The log folder, when there is one.
    pub log_folder: Option<&'a Path>,
    /// The office, opened or not.
    pub office: OfficeState<'a>,
}

impl Desk {
    /// The office's figures for the support file at `now`: counts, the batch, backups; no record.
    pub fn office_figures(&self, now: DateTime<Utc>) -> Result<OfficeFigures, ApiError> {
        let office = self.office();
        let exchange = self.exchange_status(now)?;
        let backup = self.backup_status(now)?;
        Ok(OfficeFigures {
            office: format!("{}-{}", office.district_code, office.workstation),
            schema_version: self.store.schema_version()?,
            members: self.store.member_count() as u64,
            staff_accounts: self.store.staff_accounts()?.len() as u64,
            batch: BatchFigures {
                last_change: exchange.last_change,
                last_batch: exchange.last_batch,
                last_exported_at: exchange.last_exported_at,
                acked_through: exchange.acked_through,
                last_acked_at: exchange.last_acked_at,
                pending_changes: exchange.pending.changes,
                export_overdue: exchange.export_overdue,
                central_key_installed: exchange.central_key_installed,
            },
            backup: BackupFigures {
                last_good_at: backup.last_good.map(|last| last.at),
                overdue: backup.overdue,
                passphrase_set: backup.has_key,
                folder_set: backup.folder.is_some(),
            },
        })
    }
}

/// The support file's contents at `now`. Never refused: what cannot be read is said in it (`null`
/// figures, `open_error`), since the file is most needed when something does not work.
pub fn diagnostics(source: &DiagnosticsSource<'_>, now: DateTime<Utc>) -> Diagnostics {
    let (office, open_error) = match source.office {
        OfficeState::Open(desk) => match desk.office_figures(now) {
            Ok(figures) => (Some(figures), None),
            Err(e) => (None, Some(log_line(&e))),
        },
        OfficeState::NotSetUp => (None, None),
        OfficeState::Failed(e) => (None, Some(log_line(e))),
    };
    Diagnostics {
        format: DIAGNOSTICS_FORMAT,
        version: VERSION.into(),
        made_at: now,
        os: std::env::consts::OS.into(),
        arch: std::env::consts::ARCH.into(),
        data_folder: source.data_folder.display().to_string(),
        data_folder_bytes: folder_bytes(source.data_folder).ok(),
        log_folder: source.log_folder.map(|dir| dir.display().to_string()),
        office,
        open_error,
        recent_errors: source
            .log_folder
            .map(|dir| recent_errors(dir, RECENT_ERRORS))
            .unwrap_or_default(),
    }
}

/// Writes the support file (pretty JSON) to `path`, whole or not at all.
pub fn write_diagnostics(report: &Diagnostics, path: &Path) -> Result<(), ApiError> {
    let mut bytes = serde_json::to_vec_pretty(report).map_err(ApiError::storage)?;
    bytes.push(b'\n');
    crate::files::write_atomically(path, &bytes, &mut |_, _| {}).map_err(|_| {
        crate::Refusal::FileUnwritable {
            path: path.display().to_string(),
        }
        .into()
    })
}

/// The support file's default name: `nssf-desk-diagnostics-DDDD-WW-YYYYMMDD-HHMMSS.json` (UTC), or
/// without the office when there is none.
pub fn diagnostics_file_name(office: Option<&OfficeView>, now: DateTime<Utc>) -> String {
    let stamp = now.format("%Y%m%d-%H%M%S");
    match office {
        Some(o) => format!(
            "nssf-desk-diagnostics-{}-{}-{stamp}.json",
            o.district_code, o.workstation
        ),
        None => format!("nssf-desk-diagnostics-{stamp}.json"),
    }
}

/// Every file's bytes under `dir`, symbolic links not followed.
fn folder_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    let mut folders: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() {
                total += entry.metadata()?.len();
            }
        }
    }
    Ok(total)
}

/// The log folder's latest `limit` warning and error lines, oldest first, each through [`scrub`] and cut
/// at [`LINE_MAX_CHARS`]. Rotated files (`nssf-desk_<time>.log`, named so that they sort by age) are read
/// before the current one. A folder that cannot be read gives none.
pub fn recent_errors(log_folder: &Path, limit: usize) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(log_folder) else {
        return Vec::new();
    };
    let current = format!("{LOG_FILE_NAME}.log");
    let rotated_prefix = format!("{LOG_FILE_NAME}_");
    let mut rotated: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&rotated_prefix) && name.ends_with(".log") {
            rotated.push(entry.path());
        }
    }
    rotated.sort();
    rotated.push(log_folder.join(current));
    let mut lines: Vec<String> = Vec::new();
    for file in rotated {
        // A missing current file (nothing logged yet) or an unreadable one adds nothing.
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for line in String::from_utf8_lossy(&bytes).lines() {
            if line.contains("[ERROR]") || line.contains("[WARN]") {
                lines.push(cut(&scrub(line)));
            }
        }
    }
    let skip = lines.len().saturating_sub(limit);
    lines.split_off(skip)
}

fn cut(line: &str) -> String {
    match line.char_indices().nth(LINE_MAX_CHARS) {
        Some((at, _)) => format!("{}{LEFT_OUT}", &line[..at]),
        None => line.to_string(),
    }
}
