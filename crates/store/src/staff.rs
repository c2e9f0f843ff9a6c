//! The office's staff accounts (`staff` tree: staff id → [`StaffAccount`] JSON). The store keeps what the
//! API decides: it never sees a password, only the argon2id hash the API made, and it knows roles only by
//! name. Every change of an account writes its audit entry (target `staff/ID`) in the same transaction.
//!
//! How many accounts were ever added is counted in `meta` (`counter/staff`), inside the adding
//! transaction, so that two first accounts cannot both be added as "the first".

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::abort;
use sled::Transactional;

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode};
use crate::trees::{flatten, next_counter};
use crate::{Store, StoreError};

/// One staff member's account.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// The staff id they sign in with (2–32 characters of `a-z 0-9 . _ -`); the key of the tree.
    pub id: String,
    /// Their name as receipts print it (NFC, Lao or Latin script).
    pub name: String,
    /// Their roles by name (`clerk`, `cashier`, `supervisor`, `admin`): the API reads them.
    pub roles: Vec<String>,
    /// Whether they may sign in: a disabled account is kept, because the audit trail names it.
    pub active: bool,
    /// The password's argon2id hash as a PHC string (`$argon2id$v=19$…`), salt included.
    pub password_hash: String,
    /// Wrong passwords since the last successful sign-in or lock.
    pub failed_attempts: u32,
    /// Until when sign-in is refused after too many wrong passwords.
    pub locked_until: Option<DateTime<Utc>>,
    /// Set by an admin's password reset: the next session must first choose a new password.
    pub must_change_password: bool,
    /// When the account was added.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
}

/// The hash stays out of logs and test output, like everything about a password.
impl std::fmt::Debug for StaffAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffAccount")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("roles", &self.roles)
            .field("active", &self.active)
            .field("password_hash", &"***")
            .field("failed_attempts", &self.failed_attempts)
            .field("locked_until", &self.locked_until)
            .field("must_change_password", &self.must_change_password)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// What adding an account did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffPlace {
    /// The account is stored.
    Added,
    /// An account with this id exists already; nothing changed.
    Exists,
    /// The caller checked the rules for the office's first account (or for a later one), but another
    /// account was added meanwhile (or none exists after all); nothing changed.
    FirstChanged,
}

/// The audit target of a staff account.
pub fn staff_target(id: &str) -> String {
    format!("staff/{id}")
}

impl Store {
    /// Whether the office has any staff account (an office without one acts as its setup user).
    pub fn has_staff(&self) -> Result<bool, StoreError> {
        Ok(self.trees.staff.first()?.is_some())
    }

    /// The account of `id`, if there is one.
    pub fn staff_account(&self, id: &str) -> Result<Option<StaffAccount>, StoreError> {
        let staff = &self.trees.staff;
        staff
            .get(id)?
            .map(|v| decode(staff, id.as_bytes(), &v))
            .transpose()
    }

    /// Every account, by staff id.
    pub fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StoreError> {
        let staff = &self.trees.staff;
        staff
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                decode(staff, &k, &v)
            })
            .collect()
    }

    /// Adds `account` unless its id is taken, with its `staff-added` audit entry by `actor`. `first` says
    /// whether the caller applied the rules of the office's first account; when that is no longer true
    /// inside the transaction, nothing is added ([`StaffPlace::FirstChanged`]). Flushed before returning.
    pub fn add_staff(
        &self,
        account: &StaffAccount,
        first: bool,
        actor: &str,
    ) -> Result<StaffPlace, StoreError> {
        let trees = &self.trees;
        let bytes = encode(&trees.staff, account)?;
        let result = (
            &trees.staff,
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(|(staff, meta, changes, audit, audit_by_target)| {
                if staff.get(account.id.as_bytes())?.is_some() {
                    return Ok(StaffPlace::Exists);
                }
                // Read before anything is written, so a refusal commits nothing.
                let none_yet = meta.get("counter/staff")?.is_none();
                if none_yet != first {
                    return Ok(StaffPlace::FirstChanged);
                }
                next_counter(trees, meta, "counter/staff")?;
                staff.insert(account.id.as_bytes(), bytes.as_slice())?;
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                let fields = vec![
                    FieldChange {
                        field: "name".into(),
                        before: String::new(),
                        after: account.name.clone(),
                    },
                    FieldChange {
                        field: "roles".into(),
                        before: String::new(),
                        after: account.roles.join(","),
                    },
                ];
                journal.audit(
                    account.created_at,
                    actor,
                    AuditAction::StaffAdded,
                    &staff_target(&account.id),
                    fields,
                )?;
                Ok(StaffPlace::Added)
            });
        let place = flatten(result)?;
        if place == StaffPlace::Added {
            self.durable()?;
        }
        Ok(place)
    }

    /// Changes the account of `id` as `change` says, in one transaction with the audit entry `change`
    /// returns (by `actor`, at `at`); `change` returning `None` leaves the account as it is. `change` may
    /// run more than once (sled retries a transaction that met another): it must depend only on the
    /// account it is given. Returns the account after the change, or `None` when `id` has no account.
    /// Flushed before returning when something changed.
    pub fn update_staff<F>(
        &self,
        id: &str,
        at: DateTime<Utc>,
        actor: &str,
        change: F,
    ) -> Result<Option<StaffAccount>, StoreError>
    where
        F: Fn(&mut StaffAccount) -> Option<(AuditAction, Vec<FieldChange>)>,
    {
        let trees = &self.trees;
        let result = (
            &trees.staff,
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(|(staff, meta, changes, audit, audit_by_target)| {
                let Some(bytes) = staff.get(id.as_bytes())? else {
                    return Ok(None);
                };
                let mut account: StaffAccount =
                    decode(&trees.staff, id.as_bytes(), &bytes).or_else(abort)?;
                let Some((action, fields)) = change(&mut account) else {
                    return Ok(Some((account, false)));
                };
                account.updated_at = at;
                let bytes = encode(&trees.staff, &account).or_else(abort)?;
                staff.insert(id.as_bytes(), bytes)?;
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                journal.audit(at, actor, action, &staff_target(id), fields)?;
                Ok(Some((account, true)))
            });
        match flatten(result)? {
            Some((account, changed)) => {
                if changed {
                    self.durable()?;
                }
                Ok(Some(account))
            }
            None => Ok(None),
        }
    }
}
