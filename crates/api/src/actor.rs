//! Who acts: the staff member on whose behalf a call is made, and the roles that permit each use case.
//! Permissions are checked here, in the API, not only hidden in the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::permissions::{self, Action};
use crate::{ApiError, Refusal};

/// What a staff member may do. The window asks for the acting member's roles (`roles`) so that it offers
/// only what the API will allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Registers members, sets their photos and income bases, prints their cards.
    Clerk,
    /// Takes payments, prints receipts, closes the day.
    Cashier,
    /// Approves corrections, voids receipts, reprints cards, back-dates, sends and acknowledges batches,
    /// closes other cashiers' days, makes backups, reads the audit trail.
    Supervisor,
    /// Manages staff accounts, office settings, keys and reference files; backs up and restores.
    Admin,
}

impl Role {
    /// The role's name as the JSON and the `forbidden` error's `role` argument spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

/// The staff member on whose behalf a call is made: in an office with staff accounts, what
/// [`Desk::sign_in`](crate::Desk::sign_in) returns (the window keeps it for the session, the CLI for its one
/// command); in an office without any, [`Actor::setup_user`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Recorded in the audit trail, on receipts and on day closes.
    pub staff_id: String,
    /// Their name as receipts, cards and day sheets print it.
    pub name: String,
    /// What this staff member may do.
    pub roles: Vec<Role>,
    /// An admin reset the password: until the person chooses a new one
    /// ([`Desk::change_own_password`](crate::Desk::change_own_password)), every action is refused with
    /// `password-change-required`.
    pub must_change_password: bool,
}

impl Actor {
    /// A staff member with a session that may act (no password change pending): for tests, and for the
    /// shell's own bookkeeping. Real sessions come from [`Desk::sign_in`](crate::Desk::sign_in).
    pub fn new(staff_id: impl Into<String>, name: impl Into<String>, roles: Vec<Role>) -> Actor {
        Actor {
            staff_id: staff_id.into(),
            name: name.into(),
            roles,
            must_change_password: false,
        }
    }

    /// The office's setup user, who holds every role, until staff accounts exist.
    pub fn setup_user() -> Actor {
        Actor::new(
            "setup",
            "setup",
            vec![Role::Clerk, Role::Cashier, Role::Supervisor, Role::Admin],
        )
    }

    /// Whether the actor may do `action` (the matrix in [`permissions`](crate::permissions)); nothing
    /// while a password change is pending.
    pub fn may(&self, action: Action) -> bool {
        !self.must_change_password && permissions::allowed(&self.roles, action)
    }

    /// `password-change-required` while the password must be changed; otherwise `forbidden` (with the
    /// action and the first role that allows it) unless the actor may do `action`.
    pub(crate) fn require(&self, action: Action) -> Result<(), ApiError> {
        if self.must_change_password {
            return Err(Refusal::PasswordChangeRequired {}.into());
        }
        if self.may(action) {
            return Ok(());
        }
        let role = permissions::roles_for(action)
            .first()
            .copied()
            .unwrap_or(Role::Admin);
        Err(Refusal::Forbidden { role, action }.into())
    }
}
