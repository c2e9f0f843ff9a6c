//! The weekly batch in the window, office side only (the central office stays on the command line): where
//! the office stands, writing the next batch into a folder, writing an earlier batch again, and applying
//! the central office's acknowledgement. Every rule is in `nssf_api::exchange`; this module only asks for
//! the folder or file and moves bytes.
//!
//! As for documents, the dialogs are called from Rust and the window names no path. When
//! `$NSSF_DESK_SAVE_DIR` is set (end-to-end tests), no dialog opens: batches are written into that folder
//! under their own names (`nssf-DDDD-WW-NNNNNN.batch`), and the acknowledgement read is the last file in that
//! folder, by name, whose name ends in `.ack` (names carry the batch number, so that is the newest).

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::Utc;
use nssf_api::exchange::{AckSummary, BatchFile, ExchangeStatus};
use nssf_api::{Actor, ApiError, Desk};
use nssf_domain::Code;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::blocking;
use crate::documents::save_dir;
use crate::state::Office;

/// Nothing larger is read as an acknowledgement (real ones are a few KiB per hundred changes); the batch
/// format's own limit for any exchange file.
const ACK_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// A refusal about a file, localised in the UI from `message` (`weekly-file-*` in `locales/*/ui-exchange.ftl`).
fn file_error(message: &str, path: &Path, detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(Code::InvalidInput)
        .arg("message", message)
        .arg("path", path.display())
        .arg("detail", detail)
}

fn dialog_failed(detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(Code::InvalidInput)
        .arg("message", "weekly-dialog-failed")
        .arg("detail", detail)
}

/// A batch written to disk, and where.
#[derive(Debug, Clone, Serialize)]
pub struct BatchSaved {
    pub file: BatchFile,
    pub path: String,
}

/// Bytes of the batch file written so far.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WriteProgress {
    pub done: u64,
    pub total: u64,
}

#[tauri::command(async)]
pub fn exchange_status(office: State<'_, Office>) -> Result<ExchangeStatus, ApiError> {
    office.require()?.exchange_status(Utc::now())
}

/// Writes the next batch (or the same one again when nothing changed) into a folder the supervisor picks.
/// `null` when the dialog was closed: then nothing is recorded.
#[tauri::command]
pub async fn export_batch(
    app: AppHandle,
    office: State<'_, Office>,
    on_progress: Channel<WriteProgress>,
) -> Result<Option<BatchSaved>, ApiError> {
    let desk = office.require()?;
    let Some(folder) = choose_folder(app).await? else {
        return Ok(None);
    };
    save_batch(folder, on_progress, move || {
        desk.export_batch(&Actor::setup_user(), Utc::now())
    })
    .await
    .map(Some)
}

/// Writes batch `number` again, byte for byte, into a folder the supervisor picks.
#[tauri::command]
pub async fn write_batch_again(
    app: AppHandle,
    office: State<'_, Office>,
    number: u64,
    on_progress: Channel<WriteProgress>,
) -> Result<Option<BatchSaved>, ApiError> {
    let desk = office.require()?;
    let Some(folder) = choose_folder(app).await? else {
        return Ok(None);
    };
    save_batch(folder, on_progress, move || {
        desk.batch_again(&Actor::setup_user(), number)
    })
    .await
    .map(Some)
}

/// Applies an acknowledgement file the supervisor picks. `null` when the dialog was closed.
#[tauri::command]
pub async fn import_ack(
    app: AppHandle,
    office: State<'_, Office>,
) -> Result<Option<AckSummary>, ApiError> {
    let desk: std::sync::Arc<Desk> = office.require()?;
    let Some(path) = choose_ack(app).await? else {
        return Ok(None);
    };
    blocking(move || {
        let bytes = read_bounded(&path)?;
        desk.import_ack(&Actor::setup_user(), &bytes, Utc::now())
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
    let unwritable = |e: std::io::Error| file_error("weekly-file-unwritable", path, e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(unwritable)?;
    }
    nssf_api::files::write_atomically(path, bytes, progress).map_err(unwritable)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, ApiError> {
    let unreadable = |e: std::io::Error| file_error("weekly-file-unreadable", path, e);
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > ACK_MAX_BYTES {
        return Err(file_error("weekly-file-too-large", path, size));
    }
    let mut bytes = Vec::new();
    file.take(ACK_MAX_BYTES)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// The folder to write batches into: the folder dialog, or `$NSSF_DESK_SAVE_DIR`.
async fn choose_folder(app: AppHandle) -> Result<Option<PathBuf>, ApiError> {
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
    if let Some(dir) = save_dir() {
        let mut acks: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| file_error("weekly-file-unreadable", &dir, e))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == "ack"))
            .collect();
        acks.sort();
        return match acks.pop() {
            Some(path) => Ok(Some(path)),
            None => Err(file_error(
                "weekly-file-unreadable",
                &dir.join("*.ack"),
                "no acknowledgement file",
            )),
        };
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .add_filter("NSSF acknowledgement", &["ack"])
            .blocking_pick_file()
    })
    .await
    .map_err(dialog_failed)?;
    match chosen {
        Some(path) => path.into_path().map(Some).map_err(dialog_failed),
        None => Ok(None),
    }
}
