//! The weekly batch in the window, office side only (the central office stays on the command line): where
//! the office stands, writing the next batch into a folder, writing an earlier batch again, and applying
//! the central office's acknowledgement and its signed reference file. Every rule is in `nssf_api`; this
//! module only asks for the folder or file and moves bytes.
//!
//! As for documents, the dialogs are called from Rust and the window names no path. When
//! `$NSSF_DESK_SAVE_DIR` is set (end-to-end tests), no dialog opens: batches are written into that folder
//! under their own names (`nssf-DDDD-WW-NNNNNN.batch`), and the acknowledgement read is the last file in that
//! folder, by name, whose name ends in `.ack` (names carry the batch number, so that is the newest); the
//! reference file, the last ending in `.ref`.

use std::path::{Path, PathBuf};

use chrono::Utc;
use nssf_api::exchange::{AckSummary, BatchFile, BatchSaved, ExchangeStatus};
use nssf_api::files::{read_incoming, IncomingFile, WriteProgress};
use nssf_api::{ApiError, Desk, ReferenceImported, Refusal};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::blocking;
use crate::documents::save_dir;
use crate::session::acting;
use crate::state::{Office, SessionState};

/// `file-unreadable` for `path`: the system's reason (missing, no permission) is the same to the supervisor,
/// who picks another file.
fn unreadable(path: &Path) -> ApiError {
    Refusal::FileUnreadable {
        path: path.display().to_string(),
    }
    .into()
}

/// The folder or file dialog could not be shown, or gave back something that is not a path.
fn dialog_failed<E>(_: E) -> ApiError {
    Refusal::DialogFailed {}.into()
}

#[tauri::command(async)]
pub fn exchange_status(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<ExchangeStatus, ApiError> {
    // Nothing here needs a role, but the office's figures are not shown past a locked screen.
    let now = Utc::now();
    acting(&office, &session, now)?;
    office.require()?.exchange_status(now)
}

/// Writes the next batch (or the same one again when nothing changed) into a folder the supervisor picks.
/// `null` when the dialog was closed: then nothing is recorded.
#[tauri::command]
pub async fn export_batch(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    on_progress: Channel<WriteProgress>,
) -> Result<Option<BatchSaved>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let Some(folder) = choose_folder(app).await? else {
        return Ok(None);
    };
    save_batch(folder, on_progress, move || {
        desk.export_batch(&actor, Utc::now())
    })
    .await
    .map(Some)
}

/// Writes batch `number` again, byte for byte, into a folder the supervisor picks.
#[tauri::command]
pub async fn write_batch_again(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    number: u64,
    on_progress: Channel<WriteProgress>,
) -> Result<Option<BatchSaved>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let Some(folder) = choose_folder(app).await? else {
        return Ok(None);
    };
    save_batch(folder, on_progress, move || {
        desk.batch_again(&actor, number, Utc::now())
    })
    .await
    .map(Some)
}

/// Applies an acknowledgement file the supervisor picks. `null` when the dialog was closed.
#[tauri::command]
pub async fn import_ack(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Option<AckSummary>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk: std::sync::Arc<Desk> = office.require()?;
    let Some(path) = choose_ack(app).await? else {
        return Ok(None);
    };
    blocking(move || {
        let bytes = read_incoming(&path, IncomingFile::Acknowledgement)?;
        desk.import_ack(&actor, &bytes, Utc::now())
    })
    .await
    .map(Some)
}

/// Applies the central office's signed reference file (schedule, hospitals, benefits) the supervisor
/// picks. `null` when the dialog was closed.
#[tauri::command]
pub async fn import_reference(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Option<ReferenceImported>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk: std::sync::Arc<Desk> = office.require()?;
    let Some(path) = choose_file(app, "ref", "NSSF reference file").await? else {
        return Ok(None);
    };
    blocking(move || {
        let bytes = read_incoming(&path, IncomingFile::Reference)?;
        desk.import_reference(&actor, &bytes, Utc::now())
    })
    .await
    .map(Some)
}

async fn save_batch(
    folder: PathBuf,
    on_progress: Channel<WriteProgress>,
    make: impl FnOnce() -> Result<BatchFile, ApiError> + Send + 'static,
) -> Result<BatchSaved, ApiError> {
    blocking(move || {
        let file = make()?;
        let path = folder.join(&file.file_name);
        write_with_progress(&path, &file.bytes, &mut |done, total| {
            // A closed window drops the channel; the file is still written.
            let _ = on_progress.send(WriteProgress { done, total });
        })?;
        Ok(BatchSaved {
            path: path.display().to_string(),
            file,
        })
    })
    .await
}

/// Writes the batch whole or not at all (see `nssf_api::files`), reporting the bytes written.
fn write_with_progress(
    path: &Path,
    bytes: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), ApiError> {
    let unwritable = |_: std::io::Error| -> ApiError {
        Refusal::FileUnwritable {
            path: path.display().to_string(),
        }
        .into()
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(unwritable)?;
    }
    nssf_api::files::write_atomically(path, bytes, progress).map_err(unwritable)
}

/// The folder to write batches into: the folder dialog, or `$NSSF_DESK_SAVE_DIR`.
pub(crate) async fn choose_folder(app: AppHandle) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = save_dir() {
        return Ok(Some(dir));
    }
    let chosen =
        tauri::async_runtime::spawn_blocking(move || app.dialog().file().blocking_pick_folder())
            .await
            .map_err(dialog_failed)?;
    match chosen {
        Some(path) => path.into_path().map(Some).map_err(dialog_failed),
        None => Ok(None),
    }
}

/// The acknowledgement to read: the file dialog, or the last `*.ack` in `$NSSF_DESK_SAVE_DIR`.
async fn choose_ack(app: AppHandle) -> Result<Option<PathBuf>, ApiError> {
    choose_file(app, "ack", "NSSF acknowledgement").await
}

/// A file to read, ending in `.extension`: the file dialog, or the last such file in
/// `$NSSF_DESK_SAVE_DIR` by name (names carry the batch or issue number, so that is the newest).
async fn choose_file(
    app: AppHandle,
    extension: &'static str,
    filter: &'static str,
) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = save_dir() {
        let mut acks: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|_| unreadable(&dir))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == extension))
            .collect();
        acks.sort();
        return match acks.pop() {
            Some(path) => Ok(Some(path)),
            None => Err(unreadable(&dir.join(format!("*.{extension}")))),
        };
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .add_filter(filter, &[extension])
            .blocking_pick_file()
    })
    .await
    .map_err(dialog_failed)?;
    match chosen {
        Some(path) => path.into_path().map(Some).map_err(dialog_failed),
        None => Ok(None),
    }
}
