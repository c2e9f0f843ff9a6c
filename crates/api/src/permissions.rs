//! The role × action matrix: which roles allow each use case. It is the one place permissions are decided;
//! every use case that needs one calls [`Actor::require`](crate::Actor::require) with its [`Action`], and the
//! window asks [`allowed`] to offer only what the API will do. Every cell is tested through the API
//! (`crates/api/tests/it/permissions.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Actor, Role};

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
    /// Change a member's income base from a month on (the issue leaves it unnamed: it is member data the
    /// registering clerk keeps, as before roles had a matrix).
    ChangeBase,
    /// Print a member's first card.
    IssueFirstCard,
    /// Print a new issue of a card (lost, damaged, data changed).
    ReprintCard,
    /// Search members and read what the office holds on one: the member page, photo, cards issued,
    /// coverage, balance, a quote, a receipt, corrections, the card queue. A cashier needs it to find who
    /// is paying, a supervisor whom a void or a correction is for; an admin does not read members.
    Search,
    /// Take a payment and print its receipt.
    TakePayment,
    /// Print a receipt (again), or a member's contribution statement.
    PrintReceipt,
    /// Close one's own day, see its figures and print its day sheet.
    CloseOwnDay,
    /// Close another cashier's day, see its figures or print its day sheet.
    CloseOtherDay,
    /// Void a receipt.
    Void,
    /// Date a payment or a registration further back than the office's settings allow.
    Backdate,
    /// Write the weekly batch (or write one again).
    ExportBatch,
    /// Import the central office's acknowledgement.
    ImportAck,
    /// Read the audit trail and check its chain (the issue's "supervisor screen"; an admin, who manages
    /// the accounts the trail names, does not audit them).
    ViewAudit,
    /// Make a backup of the office's data.
    Backup,
    /// Restore the office from a backup.
    Restore,
    /// Apply the central office's recovery file to an office restored from a backup: the people who
    /// restore and make backups.
    RecoverImport,
    /// Read the whole store to say whether it is whole (`check`): the people who make backups and restore
    /// from them decide whether a damaged store must be restored.
    CheckStore,
    /// Add, disable, unlock staff accounts and reset their passwords.
    ManageStaff,
    /// Set up the office and change its settings.
    OfficeSettings,
    /// Install or replace the central office's key.
    ManageKeys,
    /// Import a national reference file (schedule, hospitals, benefits).
    ImportReference,
    /// See the office's reports (registrations, collections, active and lapsed members) and the arrears
    /// lists for outreach, on screen, as PDF and as CSV (issue 14: "a reports screen for supervisors").
    ViewReports,
    /// Print the leaflet "why should I join?" for an applicant (a bare base) or a member: whoever meets
    /// people at the counter or goes out to villages (issue 14).
    PrintLeaflet,
    /// Print a member's filled-in application form, at registration or again (every print audited): the
    /// clerk who registers, and the supervisor who keeps the office's files.
    PrintApplicationForm,
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
        (ViewAudit, &[Supervisor]),
        (Backup, &[Supervisor, Admin]),
        (Restore, &[Admin]),
        (RecoverImport, &[Supervisor, Admin]),
        (CheckStore, &[Supervisor, Admin]),
        (ManageStaff, &[Admin]),
        (OfficeSettings, &[Admin]),
        (ManageKeys, &[Admin]),
        (ImportReference, &[Admin]),
        (ViewReports, &[Supervisor, Admin]),
        (PrintLeaflet, &[Clerk, Cashier, Supervisor]),
        (PrintApplicationForm, &[Clerk, Supervisor]),
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

/// Everything `actor` may do now, in the matrix's order: what the window offers them (nothing while
/// their password must be changed).
pub fn allowed_actions(actor: &Actor) -> Vec<Action> {
    actions().filter(|action| actor.may(*action)).collect()
}
