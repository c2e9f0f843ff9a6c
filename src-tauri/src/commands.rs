//! One command per use case, each a thin adapter over `nssf_api`: no rule, no message text, no String errors.
//!
//! Commands are `async` so that Tauri runs them off the IPC thread; the sled work inside is short and
//! synchronous. Every write is done as the setup user until staff accounts exist.

use chrono::Utc;
use nssf_api::{
    Actor, ApiError, AppState, ContributionPreview, Desk, Hospital, MemberView, OfficeSetup, Place,
    Reference, SearchHit, VillageList,
};
use nssf_domain::Draft;
use tauri::State;

use crate::state::Office;

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
    text: String,
    limit: usize,
) -> Result<Vec<SearchHit>, ApiError> {
    office.require()?.search(&text, limit.min(SEARCH_LIMIT_MAX))
}

#[tauri::command(async)]
pub fn member(office: State<'_, Office>, member_no: String) -> Result<MemberView, ApiError> {
    office.require()?.member(&member_no)
}

#[tauri::command(async)]
pub fn register(
    office: State<'_, Office>,
    draft: Draft,
    confirm_duplicate: bool,
) -> Result<MemberView, ApiError> {
    office
        .require()?
        .register(&Actor::setup_user(), &draft, confirm_duplicate, Utc::now())
}

#[tauri::command(async)]
pub fn amend(
    office: State<'_, Office>,
    member_no: String,
    draft: Draft,
) -> Result<MemberView, ApiError> {
    office
        .require()?
        .amend(&Actor::setup_user(), &member_no, &draft, Utc::now())
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
