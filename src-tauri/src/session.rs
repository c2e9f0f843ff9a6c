//! Signing in at the window and the staff accounts: the shell keeps one [`nssf_api::Session`] in its state
//! and reads the clock; the rules (the idle lock, who acts, who may unlock) are `nssf_api`'s
//! (`crates/api/src/session.rs`).

use chrono::{DateTime, Utc};
use nssf_api::staff::Password;
use nssf_api::{Actor, ApiError, NewStaff, SessionView, StaffView};
use tauri::State;

use crate::state::{Office, SessionState};

/// Who acts for a command at `now`: the setup user while the office has no staff account; otherwise the
/// signed-in person (`not-signed-in` without a session, `session-locked` when locked or idle too long;
/// a pending password change is refused by the use case itself). Every command that reads or changes
/// the office's data starts here, which also counts as the session's activity.
pub fn acting(
    office: &Office,
    session: &SessionState,
    now: DateTime<Utc>,
) -> Result<Actor, ApiError> {
    let desk = office.require()?;
    session.with(|s| desk.acting(s, now))
}

/// The session as the window shows it at `now` (locked first when idle too long).
pub(crate) fn view(
    office: &Office,
    session: &SessionState,
    now: DateTime<Utc>,
) -> Result<SessionView, ApiError> {
    match office.desk()? {
        Some(desk) => session.with(|s| desk.session_view(s, now)),
        None => Ok(nssf_api::session::before_setup()),
    }
}

/// Who is signed in, whether the screen is locked, what the window may offer. Asking is not activity.
#[tauri::command(async)]
pub fn session(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<SessionView, ApiError> {
    view(&office, &session, Utc::now())
}

/// The window saw the person type or click: that is activity, so a clerk filling in a long form is not
/// locked by the shell's clock while the window's own idle watch sees them working. A session already
/// locked (or idle too long) stays locked: only `unlock` opens it.
#[tauri::command(async)]
pub fn touch_session(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<SessionView, ApiError> {
    let now = Utc::now();
    if let Some(desk) = office.desk()? {
        session.with(|s| desk.touch_session(s, now))?;
    }
    view(&office, &session, now)
}

#[tauri::command(async)]
pub fn sign_in(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    staff_id: String,
    password: String,
) -> Result<SessionView, ApiError> {
    let desk = office.require()?;
    let now = Utc::now();
    session.with(|s| desk.sign_in_session(s, &staff_id, &Password::new(password), now))?;
    view(&office, &session, now)
}

#[tauri::command(async)]
pub fn sign_out(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<SessionView, ApiError> {
    session.with(|s| s.sign_out());
    view(&office, &session, Utc::now())
}

#[tauri::command(async)]
pub fn lock(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<SessionView, ApiError> {
    session.with(|s| s.lock());
    view(&office, &session, Utc::now())
}

#[tauri::command(async)]
pub fn unlock(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    password: String,
) -> Result<SessionView, ApiError> {
    let desk = office.require()?;
    let now = Utc::now();
    session.with(|s| desk.unlock_session(s, &Password::new(password), now))?;
    view(&office, &session, now)
}

/// The signed-in person's own password; `current` may be absent only right after an admin's reset.
#[tauri::command(async)]
pub fn change_password(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    current: Option<String>,
    new: String,
) -> Result<SessionView, ApiError> {
    let desk = office.require()?;
    let now = Utc::now();
    let current = current.map(Password::new);
    session
        .with(|s| desk.change_session_password(s, current.as_ref(), &Password::new(new), now))?;
    view(&office, &session, now)
}

// Staff accounts (admin) -----------------------------------------------------------------------------------

#[tauri::command(async)]
pub fn staff_list(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
) -> Result<Vec<StaffView>, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.staff(&actor, now)
}

/// Adds an account; the office's first one (an admin, added by the setup user) is signed in at once.
#[tauri::command(async)]
pub fn staff_add(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    staff: NewStaff,
) -> Result<StaffView, ApiError> {
    let desk = office.require()?;
    let now = Utc::now();
    session.with(|s| desk.add_staff_in_session(s, &staff, now))
}

#[tauri::command(async)]
pub fn staff_disable(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    staff_id: String,
) -> Result<StaffView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.disable_staff(&actor, &staff_id, now)
}

#[tauri::command(async)]
pub fn staff_unlock(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    staff_id: String,
) -> Result<StaffView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office.require()?.unlock_staff(&actor, &staff_id, now)
}

#[tauri::command(async)]
pub fn staff_reset_password(
    office: State<'_, Office>,
    session: State<'_, SessionState>,
    staff_id: String,
    password: String,
) -> Result<StaffView, ApiError> {
    let now = Utc::now();
    let actor = acting(&office, &session, now)?;
    office
        .require()?
        .reset_staff_password(&actor, &staff_id, &Password::new(password), now)
}
