//! Who acts: the staff member on whose behalf a call is made, and the roles that permit each use case.
//! Permissions are checked here, in the API, not only hidden in the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// Sets up the office, corrects members' data, voids receipts, sends and acknowledges batches.
    Supervisor,
}

impl Role {
    /// The role's name as the JSON and the `forbidden` error's `role` argument spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
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
            roles: vec![Role::Clerk, Role::Cashier, Role::Supervisor],
        }
    }

    /// `forbidden` (with the missing role) unless the actor holds `role`.
    pub(crate) fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.roles.contains(&role) {
            Ok(())
        } else {
            Err(Refusal::Forbidden { role }.into())
        }
    }
}
