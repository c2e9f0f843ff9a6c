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

/// The staff member on whose behalf a call is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Recorded in the audit trail, on receipts and on day closes.
    pub staff_id: String,
    /// What this staff member may do.
    pub roles: Vec<Role>,
}

impl Actor {
    /// The office's setup user, who holds every role, until staff accounts exist.
    pub fn setup_user() -> Actor {
        Actor {
            staff_id: "setup".into(),
            roles: vec![Role::Clerk, Role::Cashier, Role::Supervisor, Role::Admin],
        }
    }

    /// Whether the actor may do `action` (the matrix in [`permissions`](crate::permissions)).
    pub fn may(&self, action: Action) -> bool {
        permissions::allowed(&self.roles, action)
    }

    /// `forbidden` (with the action and the first role that allows it) unless the actor may do `action`.
    pub(crate) fn require(&self, action: Action) -> Result<(), ApiError> {
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
