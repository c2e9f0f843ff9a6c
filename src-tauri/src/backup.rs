//! Backups from the window: where they stand (the header's warning), the admin's passphrase and backup
//! folder, "back up now", and the day close followed by its automatic backup. Every rule (who may,
//! rotation, what counts as a good backup, the consistency of a backup made while the app runs) is
//! `nssf_api`'s (`crates/api/src/backup_folder.rs`); this module reads the clock and picks folders.

use chrono::Utc;
use nssf_api::{ApiError, BackupMade, BackupPassphrase, BackupSettings, BackupStatus, DayClosed};
use tauri::{AppHandle, State};

use crate::commands::blocking;
use crate::exchange::choose_folder;
use crate::session::acting;
use crate::state::{Office, SessionState};

/// Where the office's backups stand; the header asks after each sign-in and each backup.
#[tauri::command(async)]
pub fn backup_status(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<BackupStatus, ApiError> {
    let now = Utc::now();
    acting(&office, &session, now)?;
    office.require()?.backup_status(now)
}

/// The office's backup passphrase, set once by an admin.
#[tauri::command(async)]
pub fn set_backup_passphrase(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    passphrase: String,
) -> Result<BackupStatus, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .set_backup_passphrase(&actor, &BackupPassphrase::new(passphrase), now)
}

/// The backup folder and how many backups it keeps (an admin's).
#[tauri::command(async)]
pub fn set_backup_settings(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    settings: BackupSettings,
) -> Result<BackupStatus, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .set_backup_settings(&actor, &settings, now)
}

/// A folder picked in the folder dialog (or `$NSSF_DESK_SAVE_DIR`), for the admin's backup folder field;
/// `null` when the dialog was closed. Nothing is saved until the admin saves the settings.
#[tauri::command]
pub async fn choose_backup_folder(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Option<String>, ApiError> {
    acting(&office, &session, Utc::now())?;
    Ok(choose_folder(app)
        .await?
        .map(|path| path.display().to_string()))
}

/// "Back up now": into the office's backup folder, or, when none is set, a folder picked in the dialog
/// (`null` when it was closed).
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Option<BackupMade>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let desk = office.require()?;
    let folder = match desk.backup_status(now)?.folder {
        Some(folder) => folder.into(),
        None => match choose_folder(app).await? {
            Some(folder) => folder,
            None => return Ok(None),
        },
    };
    blocking(move || desk.backup_to_folder(&actor, &folder, Utc::now()))
        .await
        .map(Some)
}

/// Closes a cashier's day, then writes the automatic backup when the office has a backup folder; a
/// backup that fails is reported in the result, the close stands.
#[tauri::command]
pub async fn close_day(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    date: Option<chrono::NaiveDate>,
    cashier: Option<String>,
) -> Result<DayClosed, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let desk = office.require()?;
    let cashier = cashier.unwrap_or_else(|| actor.staff_id.clone());
    let date = date.unwrap_or_else(|| nssf_api::office_date(now));
    blocking(move || desk.close_day_and_back_up(&actor, &cashier, date, now)).await
}
