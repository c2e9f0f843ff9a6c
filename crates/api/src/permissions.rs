//! The role × action matrix: which roles allow each use case. It is the one place permissions are decided;
//! every use case that needs one calls [`Actor::require`](crate::Actor::require) with its [`Action`], and the
//! window asks [`allowed`] to offer only what the API will do. Every cell is tested through the API
//! (`crates/api/tests/it/permissions.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Role;

/// A use case that needs a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Action {
    /// Register a new member.
    Register,
    /// Change a member's contact details, address or occupation (applied at once).
    AmendContact,
    /// Ask for a correction of a member's identity fields (names, birth date, sex, documents); it waits
    /// for a supervisor.
    RequestCorrection,
    /// Approve or reject a pending correction.
    DecideCorrection,
    /// Set or replace a member's photo.
    SetPhoto,
    /// Change a member's income base from a month on.
    ChangeBase,
    /// Print a member's first card.
    IssueFirstCard,
    /// Print a new issue of a card (lost, damaged, data changed).
    ReprintCard,
    /// Search members and open a member's page.
    Search,
    /// Take a payment and print its receipt.
    TakePayment,
    /// Print a receipt again.
    PrintReceipt,
    /// Close one's own day and print its day sheet.
    CloseOwnDay,
    /// Close another cashier's day, or print it.
    CloseOtherDay,
    /// Void a receipt.
    Void,
    /// Date a payment or a registration further back than the office's settings allow.
    Backdate,
    /// Write the weekly batch (or write one again).
    ExportBatch,
    /// Import the central office's acknowledgement.
    ImportAck,
    /// Read the audit trail and check its chain.
    ViewAudit,
    /// Make a backup of the office's data.
    Backup,
    /// Restore the office from a backup.
    Restore,
    /// Add, disable, unlock staff accounts and reset their passwords.
    ManageStaff,
    /// Set up the office and change its settings.
    OfficeSettings,
    /// Install or replace the central office's key.
    ManageKeys,
    /// Import a national reference file (schedule, hospitals, benefits).
    ImportReference,
}

/// Each action and the roles that allow it: the matrix of issue 11 ("Accounts and roles"). A person
/// holding several roles may do what any of them allows.
const MATRIX: &[(Action, &[Role])] = {
    use Action::*;
    use Role::{Admin, Cashier, Clerk, Supervisor};
    &[
        (Register, &[Clerk]),
        (AmendContact, &[Clerk]),
        (RequestCorrection, &[Clerk]),
        (DecideCorrection, &[Supervisor]),
        (SetPhoto, &[Clerk]),
        (ChangeBase, &[Clerk]),
        (IssueFirstCard, &[Clerk]),
        (ReprintCard, &[Supervisor]),
        (Search, &[Clerk, Cashier, Supervisor]),
        (TakePayment, &[Cashier]),
        (PrintReceipt, &[Cashier]),
        (CloseOwnDay, &[Cashier]),
        (CloseOtherDay, &[Supervisor]),
        (Void, &[Supervisor]),
        (Backdate, &[Supervisor]),
        (ExportBatch, &[Supervisor]),
        (ImportAck, &[Supervisor]),
        (ViewAudit, &[Supervisor, Admin]),
        (Backup, &[Supervisor, Admin]),
        (Restore, &[Admin]),
        (ManageStaff, &[Admin]),
        (OfficeSettings, &[Admin]),
        (ManageKeys, &[Admin]),
        (ImportReference, &[Admin]),
    ]
};

/// Every action, in the matrix's order.
pub fn actions() -> impl Iterator<Item = Action> {
    MATRIX.iter().map(|(action, _)| *action)
}

/// The roles that allow `action`.
pub fn roles_for(action: Action) -> &'static [Role] {
    MATRIX
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(&[], |(_, roles)| *roles)
}

/// Whether someone holding `roles` may do `action`.
pub fn allowed(roles: &[Role], action: Action) -> bool {
    roles_for(action).iter().any(|role| roles.contains(role))
}
