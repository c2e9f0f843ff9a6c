//! Help when something is wrong (`docs/support.md`): the About dialog, "Help → Diagnostics" (the support
//! file for the central office's IT, saved where the clerk picks), the window's refusals and failures
//! written to the log, and a restart from the crash screen. None of these asks who is signed in: they
//! hold no personal data, and they must work on the lock screen, the sign-in screen and when the office
//! folder does not open. What the support file holds is `nssf_api::diagnostics`'s.

use std::path::PathBuf;

use chrono::Utc;
use nssf_api::diagnostics::{self, DiagnosticsSource, OfficeState};
use nssf_api::{About, ApiError, Diagnostics};
use tauri::{AppHandle, State};

use crate::commands::blocking;
use crate::documents::{self, Kind};
use crate::state::Office;

/// The log target of what the window reports.
const TARGET: &str = "nssf_desk_app::support";

/// Where the log is written, found once at start (`logging::folder`).
#[derive(Debug)]
pub struct LogFolder(pub Option<PathBuf>);

/// The support file's contents now, whatever state the office folder is in.
fn gather(office: &Office, logs: &LogFolder) -> Diagnostics {
    let opened = office.desk();
    let state = match &opened {
        Ok(Some(desk)) => OfficeState::Open(desk),
        Ok(None) => OfficeState::NotSetUp,
        Err(e) => OfficeState::Failed(e),
    };
    let source = DiagnosticsSource {
        data_folder: office.dir(),
        log_folder: logs.0.as_deref(),
        office: state,
    };
    diagnostics::diagnostics(&source, Utc::now())
}

/// The About dialog: version, office, workstation, folders, licences of the bundled fonts and data.
#[tauri::command(async)]
pub fn about(office: State<'_, Office>, logs: State<'_, LogFolder>) -> About {
    // A folder that does not open still has an About dialog, without its office.
    let opened = office.desk().ok().flatten().map(|desk| desk.office());
    diagnostics::about(office.dir(), logs.0.as_deref(), opened)
}

/// What the support file would hold now, for the Diagnostics screen.
#[tauri::command(async)]
pub fn diagnostics(office: State<'_, Office>, logs: State<'_, LogFolder>) -> Diagnostics {
    gather(&office, &logs)
}

/// Writes the support file where the clerk picks (or into `$NSSF_DESK_SAVE_DIR`); the path written, or
/// `null` when the dialog was closed.
#[tauri::command]
pub async fn save_diagnostics(
    app: AppHandle,
    office: State<'_, Office>,
    logs: State<'_, LogFolder>,
) -> Result<Option<String>, ApiError> {
    let report = gather(&office, &logs);
    let opened = office.desk().ok().flatten().map(|desk| desk.office());
    let name = diagnostics::diagnostics_file_name(opened.as_ref(), report.made_at);
    let Some(path) = documents::choose_path(app, name, Kind::Json).await? else {
        return Ok(None);
    };
    let written = path.display().to_string();
    blocking(move || diagnostics::write_diagnostics(&report, &path)).await?;
    log::info!(target: TARGET, "support file written");
    Ok(Some(written))
}

/// The window tells the log that `command` was refused with `error` (every refusal passes through the
/// window's `ipc.ts`). Faults of the PC or the program are errors (the support file's "last errors"),
/// ordinary refusals information.
#[tauri::command(async)]
pub fn log_refusal(command: String, error: ApiError) {
    let line = diagnostics::refusal_line(&command, &error);
    if diagnostics::is_fault(error.code()) {
        log::error!(target: TARGET, "{line}");
    } else {
        log::info!(target: TARGET, "{line}");
    }
}

/// The window failed on its own (an uncaught error, a rejection no handler took): logged, scrubbed, on one
/// line; the window shows its crash screen.
#[tauri::command(async)]
pub fn report_window_error(kind: String, message: String) {
    log::error!(target: TARGET, "{}", diagnostics::window_error_line(&kind, &message));
}

/// "Start again" on the crash screen: the program restarts, as if closed and opened.
#[tauri::command]
pub fn restart_app(app: AppHandle) {
    log::info!(target: TARGET, "restarting after the crash screen");
    app.restart();
}
