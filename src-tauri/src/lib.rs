//! The Tauri 2 shell of NSSF Desk.
//!
//! It holds no business rule: every command in [`commands`] adapts one call of `nssf_api` and returns its
//! transfer types or its `ApiError` unchanged. The state is the office's `Desk`, which appears once the
//! office folder exists (at start, or after the first-run setup screen), the window's one signing-in
//! session ([`session`]: who acts for every command), and the cancel flag of a card sheet.
//! Documents are saved through [`documents`] (save dialog, or `$NSSF_DESK_SAVE_DIR` for the end-to-end tests);
//! the weekly batch is written and its acknowledgement read through [`exchange`] (folder and file dialogs, or
//! that same folder); reports and arrears lists through [`outreach`].
//! Help when something is wrong (`docs/support.md`): the log ([`logging`]), panics logged and shown as the
//! window's crash screen ([`crash`]), About, the support file and the window's failures ([`support`]).

mod backup;
mod commands;
mod crash;
mod documents;
mod exchange;
mod logging;
mod outreach;
mod session;
mod state;
mod support;

use tauri::Manager;

/// Starts the desktop app; blocks until the last window closes.
pub fn run() {
    crash::install();
    let result = tauri::Builder::default()
        // First, so that the other plugins' and the setup's failures are logged.
        .plugin(logging::plugin())
        // Used from Rust only (documents.rs): the window is granted none of their commands.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = state::data_dir(app.handle())?;
            log::info!(
                "NSSF Desk {} started on {} {}",
                nssf_api::VERSION,
                std::env::consts::OS,
                std::env::consts::ARCH
            );
            app.manage(support::LogFolder(logging::folder(app.handle())));
            app.manage(state::Office::emitting_upgrade(dir, app.handle().clone()));
            app.manage(state::SheetJob::default());
            app.manage(state::SessionState::default());
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
            commands::set_photo,
            commands::photo,
            commands::card_issues,
            commands::card_queue,
            commands::print_card,
            commands::print_card_sheet,
            commands::cancel_card_sheet,
            commands::coverage,
            commands::quote,
            commands::pay,
            commands::receipt,
            commands::void_receipt,
            commands::print_receipt,
            commands::print_statement,
            commands::print_leaflet,
            commands::print_application_form,
            commands::day_summary,
            backup::close_day,
            commands::print_day_sheet,
            commands::allowed_actions,
            commands::today,
            commands::reopen_office,
            commands::audit_list,
            commands::audit_verify,
            commands::pending_corrections,
            commands::member_corrections,
            commands::approve_correction,
            commands::reject_correction,
            session::session,
            session::touch_session,
            session::sign_in,
            session::sign_out,
            session::lock,
            session::unlock,
            session::change_password,
            session::staff_list,
            session::staff_add,
            session::staff_disable,
            session::staff_unlock,
            session::staff_reset_password,
            exchange::exchange_status,
            exchange::export_batch,
            exchange::write_batch_again,
            exchange::import_ack,
            exchange::import_reference,
            backup::backup_status,
            backup::set_backup_passphrase,
            backup::set_backup_settings,
            backup::choose_backup_folder,
            backup::backup_now,
            outreach::report,
            outreach::arrears,
            outreach::save_report_pdf,
            outreach::save_report_csv,
            outreach::save_call_sheet,
            outreach::save_arrears_csv,
            outreach::office_settings,
            outreach::set_office_settings,
            support::about,
            support::diagnostics,
            support::save_diagnostics,
            support::log_refusal,
            support::report_window_error,
            support::restart_app,
            crash::watch_crashes,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        log::error!("NSSF Desk could not start: {error}");
        eprintln!("NSSF Desk could not start: {error}");
        std::process::exit(1);
    }
}
