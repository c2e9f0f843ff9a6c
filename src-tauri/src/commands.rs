//! One command per use case, each a thin adapter over `nssf_api`: no rule, no message text, no String errors.
//!
//! Commands are `async` so that Tauri runs them off the IPC thread; the sled work inside is short and
//! synchronous. Every command on the office's data acts as [`acting`]'s actor: the setup user until staff
//! accounts exist, then the window's signed-in person.

use std::sync::atomic::Ordering;

use chrono::{NaiveDate, Utc};
use nssf_api::cards::{CardIssueView, PhotoCrop, ReprintReason, SheetProgress, SheetSaved};
use nssf_api::contributions::ReceiptFormat;
use nssf_api::nssf_domain::{Draft, Problem, ProblemKind};
use nssf_api::views::{DayClose, Receipt, Void};
use nssf_api::{
    Action, Actor, AmendOutcome, ApiError, AppState, AuditCheck, AuditLine, AuditQuery,
    ContributionPreview, CorrectionView, CoverageView, Desk, Hospital, MemberView, OfficeSetup,
    PaymentQuote, PaymentRequest, Place, ReceiptView, Reference, Refusal, RegistrationChoices,
    SearchHit, VillageList,
};
use tauri::ipc::{Channel, InvokeBody, Request, Response};
use tauri::{AppHandle, State};

use crate::documents;
use crate::session::acting;
use crate::state::{Office, SessionState, SheetJob};

/// Most search hits the UI shows at once.
const SEARCH_LIMIT_MAX: usize = 50;

#[tauri::command(async)]
pub fn app_state(office: State<'_, Office>) -> Result<AppState, ApiError> {
    let desk = office.desk()?;
    Ok(AppState {
        office: desk.map(|desk| desk.office()),
    })
}

#[tauri::command(async)]
pub fn provinces() -> Vec<Place> {
    Reference::bundled().provinces()
}

#[tauri::command(async)]
pub fn districts(province_code: String) -> Vec<Place> {
    Reference::bundled().districts(&province_code)
}

#[tauri::command(async)]
pub fn villages(district_code: String) -> VillageList {
    Reference::bundled().villages(&district_code)
}

#[tauri::command(async)]
pub fn setup_office(office: State<'_, Office>, setup: OfficeSetup) -> Result<AppState, ApiError> {
    // The first run: no office, so no staff account and no session yet.
    let desk = Desk::init(office.dir(), &setup, &Actor::setup_user(), Utc::now())?;
    let desk = office.install(desk);
    Ok(AppState {
        office: Some(desk.office()),
    })
}

#[tauri::command(async)]
pub fn hospitals(office: State<'_, Office>) -> Result<Vec<Hospital>, ApiError> {
    Ok(office.require()?.hospitals())
}

#[tauri::command(async)]
pub fn search(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    text: String,
    limit: usize,
) -> Result<Vec<SearchHit>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .search(&actor, &text, limit.min(SEARCH_LIMIT_MAX))
}

#[tauri::command(async)]
pub fn member(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<MemberView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.member(&actor, &member_no)
}

/// Registers through the same rules as the CLI: back-dating needs the window's explicit supervisor leave.
#[tauri::command(async)]
pub fn register(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    draft: Draft,
    choices: RegistrationChoices,
) -> Result<MemberView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .register_with(&actor, &draft, choices, now)
}

#[tauri::command(async)]
pub fn amend(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
    draft: Draft,
) -> Result<AmendOutcome, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.amend(&actor, &member_no, &draft, now)
}

#[tauri::command(async)]
pub fn contribution_preview(
    office: State<'_, Office>,
    income_base_kip: String,
) -> Result<ContributionPreview, ApiError> {
    office
        .require()?
        .contribution_preview(&income_base_kip, nssf_api::office_date(Utc::now()))
}

// Photos and cards ---------------------------------------------------------------------------------------

/// Request headers of `set_photo`, whose body is the image file's raw bytes (no JSON number array).
const HEADER_MEMBER_NO: &str = "x-member-no";
/// `x,y,width,height` in the picture's own pixels after EXIF orientation; absent for the centred default.
const HEADER_CROP: &str = "x-crop";

fn header<'a>(request: &'a Request<'_>, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// A part of `set_photo`'s request is missing: the window sends the image as the raw body and the member
/// number as a header, so this is the window's mistake, reported as the field it left empty.
fn missing(field: &str) -> ApiError {
    ApiError::invalid(vec![Problem::new(field, ProblemKind::Required {})])
}

fn parse_crop(text: &str) -> Result<PhotoCrop, ApiError> {
    let numbers: Vec<u32> = text
        .split(',')
        .map(|part| part.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| Refusal::PhotoBadCrop {})?;
    match numbers.as_slice() {
        [x, y, width, height] => Ok(PhotoCrop {
            x: *x,
            y: *y,
            width: *width,
            height: *height,
        }),
        _ => Err(Refusal::PhotoBadCrop {}.into()),
    }
}

/// Stores a member's photo. The body is the original file; the member and the crop come as headers.
#[tauri::command(async)]
pub fn set_photo(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    request: Request<'_>,
) -> Result<(), ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(missing("photo"));
    };
    let member_no = header(&request, HEADER_MEMBER_NO).ok_or_else(|| missing("member_no"))?;
    let crop = header(&request, HEADER_CROP)
        .filter(|text| !text.trim().is_empty())
        .map(parse_crop)
        .transpose()?;
    office
        .require()?
        .set_photo(&actor, member_no, bytes, crop, now)
}

/// The member's photo as raw JPEG bytes (an `ArrayBuffer` in the UI); empty when there is none.
#[tauri::command(async)]
pub fn photo(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    Ok(Response::new(
        office
            .require()?
            .photo(&actor, &member_no)?
            .unwrap_or_default(),
    ))
}

#[tauri::command(async)]
pub fn card_issues(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<Vec<CardIssueView>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.card_issues(&actor, &member_no)
}

#[tauri::command(async)]
pub fn card_queue(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Vec<SearchHit>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.card_queue(&actor)
}

/// Prints one card: asks where to save it first (nothing is recorded if the clerk cancels), then makes the
/// PDF (which records the issue), writes it and opens it. The saved path, or `null` when cancelled.
#[tauri::command]
pub async fn print_card(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
    reason: Option<ReprintReason>,
) -> Result<Option<String>, ApiError> {
    // Who prints is settled at the click, before the save dialog; the print is dated when it is made.
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let name = format!("card-{member_no}.pdf");
    save_document(app, name, move || {
        desk.print_card(&actor, &member_no, reason, Utc::now())
    })
    .await
}

/// Prints the whole print queue on A4 sheets, reporting progress on `on_progress`; `cancel_card_sheet`
/// stops it (nothing recorded, `cancelled`). `null` when the clerk closed the save dialog.
#[tauri::command]
pub async fn print_card_sheet(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    sheet: State<'_, SheetJob>,
    on_progress: Channel<SheetProgress>,
) -> Result<Option<SheetSaved>, ApiError> {
    // Who prints is settled at the click, before the save dialog; the print is dated when it is made.
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let cancel = sheet.start();
    let Some(path) =
        documents::choose_path(app.clone(), "cards.pdf".to_owned(), documents::Kind::Pdf).await?
    else {
        return Ok(None);
    };
    let cards = blocking(move || {
        let (pdf, cards) =
            desk.print_card_sheet(&actor, None, Utc::now(), &mut |done, total| {
                // A closed window drops the channel; the sheet carries on and is still written.
                let _ = on_progress.send(SheetProgress { done, total });
                !cancel.load(Ordering::SeqCst)
            })?;
        documents::write_atomically(&path, &pdf)?;
        documents::open(&app, &path);
        Ok((path, cards))
    })
    .await?;
    Ok(Some(SheetSaved {
        path: cards.0.display().to_string(),
        cards: cards.1,
    }))
}

/// Asks a running card sheet to stop; harmless when none runs.
#[tauri::command(async)]
pub fn cancel_card_sheet(sheet: State<'_, SheetJob>) {
    sheet.cancel();
}

// Contributions ------------------------------------------------------------------------------------------

#[tauri::command(async)]
pub fn coverage(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<CoverageView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.coverage(&actor, &member_no, now)
}

#[tauri::command(async)]
pub fn quote(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    request: PaymentRequest,
) -> Result<PaymentQuote, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.quote(&actor, &request, now)
}

#[tauri::command(async)]
pub fn pay(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    request: PaymentRequest,
) -> Result<Receipt, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.pay(&actor, &request, now)
}

#[tauri::command(async)]
pub fn receipt(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    receipt_no: String,
) -> Result<ReceiptView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.receipt(&actor, &receipt_no)
}

#[tauri::command(async)]
pub fn void_receipt(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    receipt_no: String,
    reason: String,
) -> Result<Void, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.void(&actor, &receipt_no, &reason, now)
}

/// Prints a receipt (A5 or 80 mm roll); later prints say COPY. The saved path, or `null` when cancelled.
#[tauri::command]
pub async fn print_receipt(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    receipt_no: String,
    format: ReceiptFormat,
) -> Result<Option<String>, ApiError> {
    // Who prints is settled at the click, before the save dialog; the print is dated when it is made.
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let name = format!("receipt-{receipt_no}.pdf");
    save_document(app, name, move || {
        desk.receipt_pdf(&actor, &receipt_no, format, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn print_statement(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<Option<String>, ApiError> {
    // Who prints is settled at the click, before the save dialog; the print is dated when it is made.
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let name = format!("statement-{member_no}.pdf");
    save_document(app, name, move || {
        desk.statement_pdf(&actor, &member_no, Utc::now())
    })
    .await
}

/// The leaflet "why should I join?" for a member, in the window's language (`lang`: `lo` or `en`).
#[tauri::command]
pub async fn print_leaflet(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
    lang: String,
) -> Result<Option<String>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let language =
        nssf_api::leaflet::Language::parse(&lang).unwrap_or(nssf_api::leaflet::Language::Lo);
    let name = format!("leaflet-{member_no}.pdf");
    save_document(app, name, move || {
        let of = nssf_api::LeafletFor::Member(member_no);
        desk.leaflet_pdf(&actor, &of, language, Utc::now())
    })
    .await
}

/// The member's filled-in application form (every print audited; a reprint says COPY).
#[tauri::command]
pub async fn print_application_form(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<Option<String>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let name = format!("application-form-{member_no}.pdf");
    save_document(app, name, move || {
        desk.application_form_pdf(&actor, &member_no, Utc::now())
    })
    .await
}

/// The day of `date`, or today at the office when absent.
fn day(date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or_else(|| nssf_api::office_date(Utc::now()))
}

/// The cashier whose day is meant: `cashier`, or the acting person's own day when absent.
fn cashier_of(actor: &Actor, cashier: Option<String>) -> String {
    cashier.unwrap_or_else(|| actor.staff_id.clone())
}

#[tauri::command(async)]
pub fn day_summary(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    date: Option<NaiveDate>,
    cashier: Option<String>,
) -> Result<DayClose, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    let cashier = cashier_of(&actor, cashier);
    office
        .require()?
        .day_summary(&actor, &cashier, day(date), now)
}

// `close_day` is in `backup.rs`: the day close is followed by the automatic backup.

#[tauri::command]
pub async fn print_day_sheet(
    app: AppHandle,
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    date: Option<NaiveDate>,
    cashier: Option<String>,
) -> Result<Option<String>, ApiError> {
    // Who prints is settled at the click, before the save dialog; the print is dated when it is made.
    let actor = acting(&office, &session, Utc::now())?;
    let desk = office.require()?;
    let date = day(date);
    let cashier = cashier_of(&actor, cashier);
    save_document(app, format!("day-{date}.pdf"), move || {
        desk.day_sheet_pdf(&actor, &cashier, date, Utc::now())
    })
    .await
}

/// Opens the office again after the disk refused a write (`disk-full`): the window calls it when a command
/// comes back with that code, so that reads are sure again and, once the clerk has freed space, writes work
/// without restarting the app (`Office::reopen`).
#[tauri::command(async)]
pub fn reopen_office(office: State<'_, Office>) -> Result<(), ApiError> {
    office.reopen()
}

/// The office's date today (Lao time), which payments and the day close default to: the PC's own clock
/// may be set to another time zone.
#[tauri::command(async)]
pub fn today() -> NaiveDate {
    nssf_api::office_date(Utc::now())
}

/// What the acting staff member may do (the api's role × action matrix), so the window offers only that:
/// the session's `actions` (nothing while signed out or locked).
#[tauri::command(async)]
pub fn allowed_actions(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Vec<Action>, ApiError> {
    Ok(crate::session::view(&office, &session, Utc::now())?.actions)
}

// The audit trail and corrections ------------------------------------------------------------------------

#[tauri::command(async)]
pub fn audit_list(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    query: AuditQuery,
) -> Result<Vec<AuditLine>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    office.require()?.audit_list(&actor, &query)
}

#[tauri::command(async)]
pub fn audit_verify(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<AuditCheck, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    office.require()?.audit_verify(&actor)
}

/// The corrections waiting for a supervisor, oldest first.
#[tauri::command(async)]
pub fn pending_corrections(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Vec<CorrectionView>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    office.require()?.pending_corrections(&actor)
}

#[tauri::command(async)]
pub fn member_corrections(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    member_no: String,
) -> Result<Vec<CorrectionView>, ApiError> {
    let actor = acting(&office, &session, Utc::now())?;
    office.require()?.member_corrections(&actor, &member_no)
}

#[tauri::command(async)]
pub fn approve_correction(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    id: u64,
) -> Result<CorrectionView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.approve_correction(&actor, id, now)
}

#[tauri::command(async)]
pub fn reject_correction(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    id: u64,
    reason: String,
) -> Result<CorrectionView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .reject_correction(&actor, id, &reason, now)
}

// Documents ----------------------------------------------------------------------------------------------

/// Runs blocking work (PDF making, file writes) off the async runtime's few worker threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            // A panic was logged by the hook (crash.rs); the window shows its crash screen for `internal`.
            if matches!(&e, tauri::Error::JoinError(join) if join.is_panic()) {
                ApiError::from(Refusal::Internal {})
            } else {
                ApiError::from(Refusal::DocumentFailed {
                    detail: e.to_string(),
                })
            }
        })?
}

/// Asks for a path, then makes the document, writes it there and opens it. `None` when cancelled, in which
/// case `make` never runs and nothing is recorded.
async fn save_document(
    app: AppHandle,
    default_name: String,
    make: impl FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Result<Option<String>, ApiError> {
    let Some(path) =
        documents::choose_path(app.clone(), default_name, documents::Kind::Pdf).await?
    else {
        return Ok(None);
    };
    let path = blocking(move || {
        let pdf = make()?;
        documents::write_atomically(&path, &pdf)?;
        documents::open(&app, &path);
        Ok(path)
    })
    .await?;
    Ok(Some(path.display().to_string()))
}
