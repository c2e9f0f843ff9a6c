//! The Tauri 2 shell of NSSF Desk.
//!
//! It holds no business rule: every command in [`commands`] adapts one call of `nssf_api` and returns its
//! transfer types or its `ApiError` unchanged. The only state is the office's `Desk`, which appears once the
//! office folder exists (at start, or after the first-run setup screen).

mod commands;
mod state;

use tauri::Manager;

/// Starts the desktop app; blocks until the last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .setup(|app| {
            let dir = state::data_dir(app.handle())?;
            app.manage(state::Office::new(dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::provinces,
            commands::districts,
            commands::villages,
            commands::setup_office,
            commands::hospitals,
            commands::search,
            commands::member,
            commands::register,
            commands::amend,
            commands::contribution_preview,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("NSSF Desk could not start: {error}");
        std::process::exit(1);
    }
}
