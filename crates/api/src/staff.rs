//! Staff accounts and signing in (the rules are in `docs/staff.md`).
//!
//! An office without any staff account acts as [`Actor::setup_user`], as before accounts existed. Its
//! first account must hold the admin role; from then on every session starts with [`Desk::sign_in`], whose
//! [`Actor`] every use case takes. Passwords are hashed with argon2id (the `argon2` crate's default
//! parameters, salt per password), normalised to NFC first so that the same Lao text typed with another
//! input method still matches; they are never stored, logged or shown ([`Password`]'s `Debug` is `***`).
//!
//! Five wrong passwords in a row lock an account for 15 minutes from the fifth; an admin can unlock it
//! sooner. An unknown staff id gets the same answer as a wrong password, after the same work, so the
//! answer does not tell which ids exist. An admin's password reset makes the next session change the
//! password before anything else ([`Actor::must_change_password`]).

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use nssf_domain::text::{check_name_letters, clean_text, is_lao, is_lao_digit, is_latin_name_char};
use nssf_domain::{Problem, ProblemKind};
use nssf_store::{AuditAction, FieldChange, StaffAccount, StaffPlace};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::{Action, Actor, ApiError, Desk, Refusal, Role};

/// The shortest password accepted, in characters (Unicode scalar values after NFC): ten characters
/// resist guessing at 5 tries per 15 minutes for far longer than a password is kept, and are still
/// typed without error at a counter.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Wrong passwords in a row that lock an account.
pub const LOCK_AFTER: u32 = 5;

/// How long a lock lasts, from the wrong password that set it.
pub const LOCK_MINUTES: i64 = 15;

/// The longest a staff member's name may be, in characters.
const NAME_MAX_CHARS: usize = 80;

/// A password as typed. It is only ever hashed or checked: `Debug` prints `***`, and it has no
/// `Display` and no `Serialize`.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// The password typed (a line read by the CLI, a field of the sign-in screen).
    pub fn new(text: impl Into<String>) -> Password {
        Password(text.into())
    }

    /// The bytes that are hashed: the text in NFC.
    fn normalised(&self) -> String {
        self.0.nfc().collect()
    }

    /// `password-too-short` unless it has [`MIN_PASSWORD_CHARS`] characters.
    fn check_length(&self) -> Result<(), ApiError> {
        if self.normalised().chars().count() < MIN_PASSWORD_CHARS {
            return Err(Refusal::PasswordTooShort {
                min: MIN_PASSWORD_CHARS as u32,
            }
            .into());
        }
        Ok(())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// A new staff account, as the admin screen and `staff add` give it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    /// 2–32 characters of `a-z 0-9 . _ -`.
    pub id: String,
    /// The name printed on receipts (Lao or Latin script).
    pub name: String,
    /// At least one; the office's first account must include `admin`.
    pub roles: Vec<Role>,
    /// The first password (at least [`MIN_PASSWORD_CHARS`] characters).
    #[ts(type = "string")]
    pub password: Password,
}

/// A staff account as the admin screen and `staff list` show it: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffView {
    /// The staff id.
    pub id: String,
    /// The name printed on receipts.
    pub name: String,
    /// What the person may do.
    pub roles: Vec<Role>,
    /// Whether the account may sign in (a disabled account is kept for the audit trail).
    pub active: bool,
    /// Whether sign-in is refused now after wrong passwords.
    pub locked: bool,
    /// Until when (RFC 3339), when locked.
    pub locked_until: Option<String>,
    /// Whether an admin reset the password and the person has not yet chosen a new one.
    pub must_change_password: bool,
}

impl Desk {
    /// Whether the office has staff accounts: without any, the window and the CLI act as
    /// [`Actor::setup_user`] and offer to add the first admin.
    pub fn has_staff(&self) -> Result<bool, ApiError> {
        Ok(self.store.has_staff()?)
    }

    /// Signs `staff_id` in: the session's [`Actor`], or `wrong-password` (also for an unknown id),
    /// `account-locked`, `account-disabled`. A wrong password counts towards the lock; a right one clears
    /// the count. After an admin's reset the session may only change the password
    /// ([`Actor::must_change_password`]).
    pub fn sign_in(
        &self,
        staff_id: &str,
        password: &Password,
        now: DateTime<Utc>,
    ) -> Result<Actor, ApiError> {
        let Some(account) = self.store.staff_account(staff_id)? else {
            // The same work as for a real account, so the time taken does not tell either.
            let _ = verify(password, unknown_account_hash()?)?;
            return Err(Refusal::WrongPassword {}.into());
        };
        ready_to_sign_in(&account, now)?;
        if !verify(password, &account.password_hash)? {
            return Err(self.wrong_password(staff_id, now));
        }
        let _writing = self.write_turn();
        let account = if account.failed_attempts > 0 || account.locked_until.is_some() {
            self.store
                .update_staff(staff_id, now, staff_id, |a| {
                    if a.failed_attempts == 0 && a.locked_until.is_none() {
                        return None;
                    }
                    let fields = vec![counted(a.failed_attempts, 0)];
                    a.failed_attempts = 0;
                    a.locked_until = None;
                    Some((AuditAction::SignedIn, fields))
                })?
                .unwrap_or(account)
        } else {
            account
        };
        actor_of(&account)
    }

    /// Adds a staff account. The office's first account must hold `admin`, and may be added by the
    /// setup user; every later one needs a signed-in admin ([`Action::ManageStaff`]).
    pub fn add_staff(
        &self,
        actor: &Actor,
        new: &NewStaff,
        now: DateTime<Utc>,
    ) -> Result<StaffView, ApiError> {
        let first = !self.store.has_staff()?;
        if first {
            actor.require(Action::ManageStaff)?;
        } else {
            self.staff_admin(actor)?;
        }
        check_staff_id(&new.id)?;
        let name = clean_name(&new.name)?;
        if new.roles.is_empty() {
            return Err(Refusal::StaffNoRole {}.into());
        }
        if first && !new.roles.contains(&Role::Admin) {
            return Err(Refusal::FirstAccountNeedsAdmin {}.into());
        }
        new.password.check_length()?;
        if self.store.staff_account(&new.id)?.is_some() {
            return Err(Refusal::StaffExists {
                staff_id: new.id.clone(),
            }
            .into());
        }
        let mut roles = new.roles.clone();
        roles.dedup();
        let account = StaffAccount {
            id: new.id.clone(),
            name,
            roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
            active: true,
            password_hash: hash(&new.password)?,
            failed_attempts: 0,
            locked_until: None,
            must_change_password: false,
            created_at: now,
            updated_at: now,
        };
        let _writing = self.write_turn();
        match self.store.add_staff(&account, first, &actor.staff_id)? {
            StaffPlace::Added => view(&account, now),
            StaffPlace::Exists => Err(Refusal::StaffExists {
                staff_id: new.id.clone(),
            }
            .into()),
            StaffPlace::FirstChanged => Err(ApiError::storage(
                "another staff account was added at the same moment; try again",
            )),
        }
    }

    /// Every staff account, by id (admin).
    pub fn staff(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<StaffView>, ApiError> {
        if self.store.has_staff()? {
            self.staff_admin(actor)?;
        } else {
            actor.require(Action::ManageStaff)?;
        }
        self.store
            .staff_accounts()?
            .iter()
            .map(|a| view(a, now))
            .collect()
    }

    /// Disables an account: it can no longer sign in (admin). Refused when it would leave the office
    /// without an active admin. Disabling a disabled account changes nothing.
    pub fn disable_staff(
        &self,
        actor: &Actor,
        staff_id: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffView, ApiError> {
        self.staff_admin(actor)?;
        let accounts = self.store.staff_accounts()?;
        let target = accounts
            .iter()
            .find(|a| a.id == staff_id)
            .ok_or_else(|| unknown(staff_id))?;
        let is_admin = |a: &StaffAccount| a.active && a.roles.iter().any(|r| r == "admin");
        if is_admin(target) && !accounts.iter().any(|a| a.id != staff_id && is_admin(a)) {
            return Err(Refusal::LastAdmin {}.into());
        }
        let _writing = self.write_turn();
        let account = self
            .store
            .update_staff(staff_id, now, &actor.staff_id, |a| {
                if !a.active {
                    return None;
                }
                a.active = false;
                Some((
                    AuditAction::StaffDisabled,
                    vec![flag("active", true, false)],
                ))
            })?
            .ok_or_else(|| unknown(staff_id))?;
        view(&account, now)
    }

    /// Lifts the lock of wrong passwords and clears their count (admin). An account that is not locked
    /// stays as it is.
    pub fn unlock_staff(
        &self,
        actor: &Actor,
        staff_id: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffView, ApiError> {
        self.staff_admin(actor)?;
        let _writing = self.write_turn();
        let account = self
            .store
            .update_staff(staff_id, now, &actor.staff_id, |a| {
                if a.failed_attempts == 0 && a.locked_until.is_none() {
                    return None;
                }
                let fields = vec![counted(a.failed_attempts, 0)];
                a.failed_attempts = 0;
                a.locked_until = None;
                Some((AuditAction::StaffUnlocked, fields))
            })?
            .ok_or_else(|| unknown(staff_id))?;
        view(&account, now)
    }

    /// Sets a new password for someone who forgot theirs (admin): it also lifts a lock, and the person
    /// must choose their own password at the next sign-in.
    pub fn reset_staff_password(
        &self,
        actor: &Actor,
        staff_id: &str,
        password: &Password,
        now: DateTime<Utc>,
    ) -> Result<StaffView, ApiError> {
        self.staff_admin(actor)?;
        password.check_length()?;
        let hashed = hash(password)?;
        let _writing = self.write_turn();
        let account = self
            .store
            .update_staff(staff_id, now, &actor.staff_id, |a| {
                a.password_hash = hashed.clone();
                a.must_change_password = true;
                a.failed_attempts = 0;
                a.locked_until = None;
                // The audit entry says that it happened, never what the password is or hashes to.
                Some((AuditAction::PasswordReset, vec![]))
            })?
            .ok_or_else(|| unknown(staff_id))?;
        view(&account, now)
    }

    /// The signed-in person changes their own password. `old` is checked when given (a voluntary
    /// change from the window); a session that has just signed in (after a reset, or the CLI's
    /// `staff password`) may leave it out. Returns the session's actor, now free to act.
    pub fn change_own_password(
        &self,
        actor: &Actor,
        old: Option<&Password>,
        new: &Password,
        now: DateTime<Utc>,
    ) -> Result<Actor, ApiError> {
        let account = self.signed_in(actor)?;
        if let Some(old) = old {
            if !verify(old, &account.password_hash)? {
                return Err(self.wrong_password(&account.id, now));
            }
        }
        new.check_length()?;
        if verify(new, &account.password_hash)? {
            return Err(Refusal::PasswordUnchanged {}.into());
        }
        let hashed = hash(new)?;
        let _writing = self.write_turn();
        let account = self
            .store
            .update_staff(&account.id, now, &actor.staff_id, |a| {
                a.password_hash = hashed.clone();
                a.must_change_password = false;
                Some((AuditAction::PasswordChanged, vec![]))
            })?
            .ok_or(Refusal::NotSignedIn {})?;
        actor_of(&account)
    }

    /// The account behind `actor`, who must be signed in to an active account of this office.
    fn signed_in(&self, actor: &Actor) -> Result<StaffAccount, ApiError> {
        match self.store.staff_account(&actor.staff_id)? {
            Some(account) if account.active => Ok(account),
            Some(_) => Err(Refusal::AccountDisabled {}.into()),
            None => Err(Refusal::NotSignedIn {}.into()),
        }
    }

    /// A signed-in admin: the managing of staff is never left to a made-up actor once accounts exist.
    fn staff_admin(&self, actor: &Actor) -> Result<(), ApiError> {
        self.signed_in(actor)?;
        actor.require(Action::ManageStaff)
    }

    /// Counts a wrong password for `staff_id` (locking the account at the [`LOCK_AFTER`]th) and says so.
    fn wrong_password(&self, staff_id: &str, now: DateTime<Utc>) -> ApiError {
        let until = now + Duration::minutes(LOCK_MINUTES);
        let _writing = self.write_turn();
        let counted_in = self.store.update_staff(staff_id, now, staff_id, |a| {
            if a.locked_until.is_some_and(|u| u > now) {
                // Locked meanwhile by another wrong password: nothing more to count.
                return None;
            }
            let before = a.failed_attempts;
            let mut fields = vec![counted(before, before + 1)];
            a.failed_attempts = before + 1;
            if a.failed_attempts >= LOCK_AFTER {
                // The count starts again when the lock ends.
                a.failed_attempts = 0;
                a.locked_until = Some(until);
                fields.push(FieldChange {
                    field: "locked_until".into(),
                    before: String::new(),
                    after: until.to_rfc3339(),
                });
            }
            Some((AuditAction::SignInFailed, fields))
        });
        match counted_in {
            Ok(Some(account)) => match account.locked_until.filter(|u| *u > now) {
                Some(until) => locked(until),
                None => Refusal::WrongPassword {}.into(),
            },
            Ok(None) => Refusal::WrongPassword {}.into(),
            Err(e) => e.into(),
        }
    }
}

/// Refuses a disabled or locked account before its password is even checked (a lock must stop the
/// guessing, not only its success).
fn ready_to_sign_in(account: &StaffAccount, now: DateTime<Utc>) -> Result<(), ApiError> {
    if !account.active {
        return Err(Refusal::AccountDisabled {}.into());
    }
    match account.locked_until {
        Some(until) if until > now => Err(locked(until)),
        _ => Ok(()),
    }
}

/// `account-locked` with the end of the lock in Lao time.
fn locked(until: DateTime<Utc>) -> ApiError {
    let lao = until + Duration::hours(7);
    Refusal::AccountLocked {
        until: lao.format("%H:%M").to_string(),
    }
    .into()
}

fn unknown(staff_id: &str) -> ApiError {
    Refusal::StaffUnknown {
        staff_id: staff_id.to_owned(),
    }
    .into()
}

fn counted(before: u32, after: u32) -> FieldChange {
    FieldChange {
        field: "failed_attempts".into(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

fn flag(field: &str, before: bool, after: bool) -> FieldChange {
    FieldChange {
        field: field.into(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// The session of a signed-in account.
pub(crate) fn actor_of(account: &StaffAccount) -> Result<Actor, ApiError> {
    Ok(Actor {
        staff_id: account.id.clone(),
        name: account.name.clone(),
        roles: roles_of(account)?,
        must_change_password: account.must_change_password,
    })
}

/// The account's roles, stored by name. A name this program does not know is damage, not "no role".
fn roles_of(account: &StaffAccount) -> Result<Vec<Role>, ApiError> {
    account
        .roles
        .iter()
        .map(|name| {
            serde_json::from_value(serde_json::Value::String(name.clone())).map_err(|_| {
                ApiError::storage(format!(
                    "staff account {} has an unknown role {name:?}",
                    account.id
                ))
            })
        })
        .collect()
}

fn view(account: &StaffAccount, now: DateTime<Utc>) -> Result<StaffView, ApiError> {
    let locked_until = account.locked_until.filter(|u| *u > now);
    Ok(StaffView {
        id: account.id.clone(),
        name: account.name.clone(),
        roles: roles_of(account)?,
        active: account.active,
        locked: locked_until.is_some(),
        locked_until: locked_until.map(|u| u.to_rfc3339()),
        must_change_password: account.must_change_password,
    })
}

/// `staff-id-invalid` unless the id is 2–32 characters of `a-z 0-9 . _ -`.
pub fn check_staff_id(id: &str) -> Result<(), ApiError> {
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    if (2..=32).contains(&id.len()) && id.chars().all(allowed) {
        Ok(())
    } else {
        Err(Refusal::StaffIdInvalid {
            staff_id: id.to_owned(),
        }
        .into())
    }
}

/// The name as receipts print it: cleaned (NFC, one space between words), in Lao or in Latin script.
fn clean_name(raw: &str) -> Result<String, ApiError> {
    let problem = |kind| ApiError::invalid(vec![Problem::new("name", kind)]);
    let name = clean_text("name", raw, NAME_MAX_CHARS).map_err(|p| ApiError::invalid(vec![p]))?;
    if name.is_empty() {
        return Err(problem(ProblemKind::Required {}));
    }
    check_name_letters("name", &name).map_err(|p| ApiError::invalid(vec![p]))?;
    if name.chars().any(is_lao) {
        let lao_or_mark = |c: char| (is_lao(c) && !is_lao_digit(c)) || matches!(c, ' ' | '.' | '-');
        if !name.chars().all(lao_or_mark) {
            return Err(problem(ProblemKind::WrongScriptLao {}));
        }
    } else if !name.chars().all(is_latin_name_char) {
        return Err(problem(ProblemKind::WrongScriptLatin {}));
    }
    Ok(name)
}

fn hash(password: &Password) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.normalised().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::storage(format!("password hashing failed: {e}")))
}

/// Whether `password` is the one `phc` was made from. A hash that does not parse is damage.
fn verify(password: &Password, phc: &str) -> Result<bool, ApiError> {
    let parsed = PasswordHash::new(phc)
        .map_err(|e| ApiError::storage(format!("stored password hash unreadable: {e}")))?;
    match Argon2::default().verify_password(password.normalised().as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(ApiError::storage(format!("password check failed: {e}"))),
    }
}

/// A hash no password is known to match, checked against for unknown staff ids.
fn unknown_account_hash() -> Result<&'static str, ApiError> {
    static HASH: OnceLock<String> = OnceLock::new();
    if let Some(hash) = HASH.get() {
        return Ok(hash);
    }
    let secret: [u8; 32] = rand::random();
    let made = hash(&Password(
        secret.iter().map(|b| format!("{b:02x}")).collect(),
    ))?;
    Ok(HASH.get_or_init(|| made))
}
