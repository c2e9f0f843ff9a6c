//! Generates the Tauri context and an `allow-<command>` permission for each app command, so that
//! `capabilities/main.json` can grant the main window exactly the commands it uses and nothing else.

/// Every command registered in `lib.rs`; keep in step with `tauri::generate_handler!` there.
const COMMANDS: &[&str] = &[
    "app_state",
    "provinces",
    "districts",
    "villages",
    "setup_office",
    "hospitals",
    "search",
    "member",
    "register",
    "amend",
    "contribution_preview",
    "set_photo",
    "photo",
    "card_issues",
    "card_queue",
    "print_card",
    "print_card_sheet",
    "cancel_card_sheet",
    "coverage",
    "quote",
    "pay",
    "receipt",
    "void_receipt",
    "print_receipt",
    "print_statement",
    "day_summary",
    "close_day",
    "print_day_sheet",
    "allowed_actions",
    "today",
    "reopen_office",
    "audit_list",
    "audit_verify",
    "pending_corrections",
    "member_corrections",
    "approve_correction",
    "reject_correction",
    "session",
    "touch_session",
    "sign_in",
    "sign_out",
    "lock",
    "unlock",
    "change_password",
    "staff_list",
    "staff_add",
    "staff_disable",
    "staff_unlock",
    "staff_reset_password",
    "exchange_status",
    "export_batch",
    "write_batch_again",
    "import_ack",
    "import_reference",
    "backup_status",
    "set_backup_passphrase",
    "set_backup_settings",
    "choose_backup_folder",
    "backup_now",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
