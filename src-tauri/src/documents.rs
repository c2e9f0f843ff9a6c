//! Where printed documents (cards, receipts, day sheets) go: the clerk picks a path in the system's save
//! dialog, the shell writes the PDF there (temporary file, then rename) and opens it in the system viewer.
//!
//! The webview never names a path and holds no file-system or opener permission: the dialog and the
//! opener are called from Rust only, so a compromised page cannot write or open arbitrary files.
//!
//! End-to-end tests cannot drive a native dialog through WebDriver. When `$NSSF_DESK_SAVE_DIR` is set, the
//! dialog and the viewer are skipped and every document is written into that folder under its default name
//! (`card-<member_no>.pdf`, `receipt-<receipt_no>.pdf`, `day-<date>.pdf`, `cards.pdf`, …).

use std::path::{Path, PathBuf};

use nssf_api::{ApiError, Refusal};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// Environment variable: a folder to save documents into without asking, and without opening them.
pub const SAVE_DIR_ENV: &str = "NSSF_DESK_SAVE_DIR";

pub fn save_dir() -> Option<PathBuf> {
    std::env::var_os(SAVE_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The save dialog could not be shown, or gave back something that is not a path.
fn dialog_failed<E>(_: E) -> ApiError {
    Refusal::DialogFailed {}.into()
}

/// What a saved file is: the save dialog's filter, and whether it opens in the system viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Csv,
    Json,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Csv => "csv",
            Kind::Json => "json",
        }
    }
}

/// The path to save to: from the save dialog (offering `default_name`, filtered to `kind`), or
/// `$NSSF_DESK_SAVE_DIR`. `None` when the clerk closed the dialog.
pub async fn choose_path(
    app: AppHandle,
    default_name: String,
    kind: Kind,
) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = save_dir() {
        return Ok(Some(dir.join(default_name)));
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let extension = kind.extension();
        app.dialog()
            .file()
            .set_file_name(default_name)
            .add_filter(extension.to_uppercase(), &[extension])
            .blocking_save_file()
    })
    .await
    .map_err(dialog_failed)?;
    match chosen {
        Some(path) => path.into_path().map(Some).map_err(dialog_failed),
        None => Ok(None),
    }
}

/// Writes `bytes` to `path` whole or not at all (see `nssf_api::files`).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    nssf_api::files::write_atomically(path, bytes, &mut |_, _| {}).map_err(|_| {
        Refusal::FileUnwritable {
            path: path.display().to_string(),
        }
        .into()
    })
}

/// Shows the saved document in the system's PDF viewer. A missing viewer is not an error: the file is
/// saved and the UI shows where.
pub fn open(app: &AppHandle, path: &Path) {
    if save_dir().is_some() {
        return;
    }
    if let Err(error) = app
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
    {
        eprintln!("NSSF Desk: could not open {}: {error}", path.display());
    }
}
