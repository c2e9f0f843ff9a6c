//! Reports and arrears lists in the window (issue 14, `docs/reports.md`): the period's report and the
//! arrears list as figures for the screens, the same as a PDF (the district chief's report, the call sheet)
//! or CSV (a spreadsheet, an SMS gateway) saved where the supervisor picks, and the office setting that
//! says when a member is lapsed. Every rule is in `nssf_api`; this module asks for the path and moves bytes.
//!
//! As for other documents (`documents.rs`), the save dialog is called from Rust and the window names no
//! path; with `$NSSF_DESK_SAVE_DIR` set (end-to-end tests) files go into that folder under their default
//! names: `report-<from>-<to>.pdf|csv`, `call-sheet-<today>.pdf`, `arrears-<today>.csv`.

use chrono::{NaiveDate, Utc};
use nssf_api::{ApiError, ArrearsLine, ArrearsQuery, ReportView, SettingsChange, SettingsView};
use tauri::{AppHandle, State};

use crate::commands::blocking;
use crate::documents::{self, Kind};
use crate::session::acting;
use crate::state::{Office, SessionState};

/// Asks for a path, then makes the file, writes it there whole and (a PDF) opens it. `None` when
/// cancelled: then `make` never runs.
async fn save(
    app: AppHandle,
    default_name: String,
    kind: Kind,
    make: impl FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Result<Option<String>, ApiError> {
    let Some(path) = documents::choose_path(app.clone(), default_name, kind).await? else {
        return Ok(None);
    };
    let path = blocking(move || {
        let bytes = make()?;
        documents::write_atomically(&path, &bytes)?;
        if let Kind::Pdf = kind {
            documents::open(&app, &path);
        }
        Ok(path)
    })
    .await?;
    Ok(Some(path.display().to_string()))
}

/// The figures of the days `from` to `to`, both included.
#[tauri::command(async)]
pub fn report(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ReportView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.report(&actor, from, to, now)
}

/// The members to call: `query.min_months` or more months in arrears, optionally of one village.
#[tauri::command(async)]
pub fn arrears(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    query: ArrearsQuery,
) -> Result<Vec<ArrearsLine>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.arrears(&actor, &query, now)
}

/// The report as the district chief's PDF; the saved path, or `null` when the dialog was closed.
#[tauri::command]
pub async fn save_report_pdf(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<String>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    save(
        app,
        format!("report-{from}-{to}.pdf"),
        Kind::Pdf,
        move || desk.report_pdf(&actor, from, to, Utc::now()),
    )
    .await
}

/// The report as CSV (UTF-8 with a byte-order mark).
#[tauri::command]
pub async fn save_report_csv(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<String>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    save(
        app,
        format!("report-{from}-{to}.csv"),
        Kind::Csv,
        move || desk.report_csv(&actor, from, to, Utc::now()),
    )
    .await
}

/// The arrears list as the A4 call sheet, village by village.
#[tauri::command]
pub async fn save_call_sheet(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    query: ArrearsQuery,
) -> Result<Option<String>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let desk = office.require()?;
    let today = nssf_api::office_date(now);
    save(
        app,
        format!("call-sheet-{today}.pdf"),
        Kind::Pdf,
        move || desk.call_sheet_pdf(&actor, &query, Utc::now()),
    )
    .await
}

/// The arrears list as CSV for an SMS gateway.
#[tauri::command]
pub async fn save_arrears_csv(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    query: ArrearsQuery,
) -> Result<Option<String>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let desk = office.require()?;
    let today = nssf_api::office_date(now);
    save(app, format!("arrears-{today}.csv"), Kind::Csv, move || {
        desk.arrears_csv(&actor, &query, Utc::now())
    })
    .await
}

/// The office's changeable settings (the reports screen shows when a member counts as lapsed).
#[tauri::command(async)]
pub fn office_settings(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<SettingsView, ApiError> {
    acting(&office, &session, Utc::now())?;
    Ok(office.require()?.settings())
}

/// An admin's change of settings; audited by the api.
#[tauri::command(async)]
pub fn set_office_settings(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    change: SettingsChange,
) -> Result<SettingsView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.set_settings(&actor, &change, now)
}
