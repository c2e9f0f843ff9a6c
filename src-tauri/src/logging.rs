//! The window's log (`docs/support.md`): `tauri-plugin-log` writes `nssf-desk.log` in the platform's log
//! folder (or `$NSSF_DESK_LOG_DIR`), rotated at 1 MB with the last 5 files kept, times in UTC, and to
//! standard error. What is logged holds no personal data: the start, refusals through
//! `nssf_api::diagnostics::log_line`, panics (`crash.rs`) and the window's own failures, scrubbed
//! (`support.rs`). The window is granted none of the plugin's commands: only Rust writes the log.

use std::path::PathBuf;

use nssf_api::diagnostics::LOG_FILE_NAME;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};

/// Environment variable naming the log folder; the end-to-end tests set it, so that a test run writes
/// into its own temporary folder.
pub const LOG_DIR_ENV: &str = "NSSF_DESK_LOG_DIR";

/// A log file is rotated when it reaches this size: a month of a busy office's refusals fits in one.
const MAX_FILE_BYTES: u128 = 1_000_000;

/// How many log files are kept, the current one included.
const FILES_KEPT: usize = 5;

fn folder_from_env() -> Option<PathBuf> {
    std::env::var_os(LOG_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The folder the log is written to: `$NSSF_DESK_LOG_DIR`, else the platform's log folder (Linux:
/// `~/.local/share/la.nssf.desk/logs`, Windows: `%LOCALAPPDATA%\la.nssf.desk\logs`).
pub fn folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    folder_from_env().or_else(|| app.path().app_log_dir().ok())
}

/// The log plugin, writing where [`folder`] says.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let file_name = Some(LOG_FILE_NAME.to_string());
    let file = match folder_from_env() {
        Some(path) => TargetKind::Folder { path, file_name },
        None => TargetKind::LogDir { file_name },
    };
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(file))
        .target(Target::new(TargetKind::Stderr))
        .level(log::LevelFilter::Info)
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(FILES_KEPT))
        .timezone_strategy(TimezoneStrategy::UseUtc)
        .build()
}
