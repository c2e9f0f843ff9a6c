//! The window's session: who is signed in at this counter PC, since when idle, and whether the screen is
//! locked (`docs/staff.md`, "In the window").
//!
//! [`Session`] is a plain value the shell keeps in its state; every method takes `now`, so the idle lock
//! is decided here and tested with passed-in times, while the clock is read only in the shell. A session
//! locks itself after the office's `idle_lock_minutes` without a command; only the same person's password
//! unlocks it ([`Desk::unlock_session`]), or someone signs out ("switch user" is sign out, then sign in).
//! An office without staff accounts has no session: [`Desk::acting`] answers [`Actor::setup_user`], as
//! before accounts existed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::staff::{NewStaff, Password, StaffView};
use crate::{Action, Actor, ApiError, Desk, Refusal, Role};

/// What the window knows of its session: whether to show the first admin's form, the sign-in screen,
/// the lock screen, the password change, or the app with what the person may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionView {
    /// Whether the office has staff accounts; without any, the window acts as the setup user.
    pub has_staff: bool,
    /// The signed-in person (also while locked: the lock screen names whose password it wants).
    pub staff: Option<SessionStaff>,
    /// The person must choose a new password before anything else (after an admin's reset).
    pub must_change_password: bool,
    /// The screen is locked: the person's password unlocks it, or sign out.
    pub locked: bool,
    /// The office's idle time before the session locks itself (0: never).
    pub idle_lock_minutes: u32,
    /// What the window may offer now: nothing while no one may act (signed out, locked, password change
    /// pending); every action of the setup user in an office without staff accounts.
    pub actions: Vec<Action>,
}

/// The signed-in person as the header shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionStaff {
    /// The staff id.
    pub staff_id: String,
    /// The name printed on receipts and shown in the header.
    pub name: String,
    /// What the person may do.
    pub roles: Vec<Role>,
}

/// The window's one session: no one, or a signed-in [`Actor`] with the time of their last command and
/// whether the screen is locked.
#[derive(Debug, Clone, Default)]
pub struct Session {
    signed_in: Option<SignedIn>,
}

#[derive(Debug, Clone)]
struct SignedIn {
    actor: Actor,
    last_activity: DateTime<Utc>,
    locked: bool,
}

impl Session {
    /// No one signed in.
    pub fn new() -> Session {
        Session::default()
    }

    /// Starts the session of `actor` (what [`Desk::sign_in`] returned), replacing any other.
    pub fn sign_in(&mut self, actor: Actor, now: DateTime<Utc>) {
        self.signed_in = Some(SignedIn {
            actor,
            last_activity: now,
            locked: false,
        });
    }

    /// Ends the session, locked or not.
    pub fn sign_out(&mut self) {
        self.signed_in = None;
    }

    /// Locks the screen (the person steps away); nothing without a session.
    pub fn lock(&mut self) {
        if let Some(s) = &mut self.signed_in {
            s.locked = true;
        }
    }

    /// Locks the session if it has been idle for `idle_minutes` or more (0: never) and says whether it
    /// is locked now. Does not count as activity: the window may ask as often as it likes.
    pub fn check_idle(&mut self, idle_minutes: u32, now: DateTime<Utc>) -> bool {
        let Some(s) = &mut self.signed_in else {
            return false;
        };
        if idle_minutes > 0 && now - s.last_activity >= Duration::minutes(i64::from(idle_minutes)) {
            s.locked = true;
        }
        s.locked
    }

    /// A command at `now`: the signed-in actor, with the idle time counted again from `now`; or
    /// `not-signed-in` without a session and `session-locked` when it is locked or has been idle too
    /// long (which locks it).
    pub fn touch(&mut self, idle_minutes: u32, now: DateTime<Utc>) -> Result<Actor, ApiError> {
        if self.check_idle(idle_minutes, now) {
            return Err(Refusal::SessionLocked {}.into());
        }
        let s = self.signed_in.as_mut().ok_or(Refusal::NotSignedIn {})?;
        s.last_activity = s.last_activity.max(now);
        Ok(s.actor.clone())
    }

    /// Who acts for a command at `now`: the setup user in an office without staff accounts (any session
    /// is ignored), otherwise [`Session::touch`]. A pending password change is the actor's own, which
    /// every use case refuses (`password-change-required`) but the password change.
    pub fn acting(
        &mut self,
        has_staff: bool,
        idle_minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<Actor, ApiError> {
        if !has_staff {
            return Ok(Actor::setup_user());
        }
        self.touch(idle_minutes, now)
    }

    /// Unlocks the session for `actor`, whom [`Desk::sign_in`] has just let in with their password: only
    /// the session's own person (someone else signs out first, `not-signed-in` otherwise). The session
    /// takes the account as it is now (roles, name, a pending password change).
    pub fn unlock(&mut self, actor: Actor, now: DateTime<Utc>) -> Result<(), ApiError> {
        match &mut self.signed_in {
            Some(s) if s.actor.staff_id == actor.staff_id => {
                s.actor = actor;
                s.locked = false;
                s.last_activity = now;
                Ok(())
            }
            Some(_) | None => Err(Refusal::NotSignedIn {}.into()),
        }
    }

    /// Replaces the session's actor by the same person's newer one (after their password change, or as
    /// their account reads now), keeping the lock and the idle time.
    pub fn refresh(&mut self, actor: Actor) {
        if let Some(s) = &mut self.signed_in {
            if s.actor.staff_id == actor.staff_id {
                s.actor = actor;
            }
        }
    }

    /// The signed-in person's staff id, locked or not.
    pub fn staff_id(&self) -> Option<&str> {
        self.signed_in.as_ref().map(|s| s.actor.staff_id.as_str())
    }

    /// The session as the window sees it (call [`Session::check_idle`] first for the lock to be current).
    pub fn view(&self, has_staff: bool, idle_lock_minutes: u32) -> SessionView {
        let (staff, must_change_password, locked, actions) = match (&self.signed_in, has_staff) {
            (_, false) => (
                None,
                false,
                false,
                crate::permissions::allowed_actions(&Actor::setup_user()),
            ),
            (None, true) => (None, false, false, vec![]),
            (Some(s), true) => (
                Some(SessionStaff {
                    staff_id: s.actor.staff_id.clone(),
                    name: s.actor.name.clone(),
                    roles: s.actor.roles.clone(),
                }),
                s.actor.must_change_password,
                s.locked,
                if s.locked {
                    vec![]
                } else {
                    crate::permissions::allowed_actions(&s.actor)
                },
            ),
        };
        SessionView {
            has_staff,
            staff,
            must_change_password,
            locked,
            idle_lock_minutes,
            actions,
        }
    }
}

/// The session's view before the office exists (the first-run setup): no staff accounts yet.
pub fn before_setup() -> SessionView {
    Session::new().view(false, nssf_store::Settings::default().idle_lock_minutes)
}

impl Desk {
    /// The office's idle time before the window's session locks itself, in minutes (0: never).
    pub fn idle_lock_minutes(&self) -> u32 {
        self.store.office().settings.idle_lock_minutes
    }

    /// Who acts for a window command at `now` ([`Session::acting`] with this office's accounts and idle
    /// time). The signed-in person's account is read again, so that an admin's changes take effect at
    /// once: a disabled or removed account ends the session (`account-disabled`, `not-signed-in`), new
    /// roles and a password reset apply to the next command.
    pub fn acting(&self, session: &mut Session, now: DateTime<Utc>) -> Result<Actor, ApiError> {
        let has_staff = self.has_staff()?;
        let actor = session.acting(has_staff, self.idle_lock_minutes(), now)?;
        if !has_staff {
            return Ok(actor);
        }
        match self.store.staff_account(&actor.staff_id)? {
            Some(account) if account.active => {
                let current = crate::staff::actor_of(&account)?;
                session.refresh(current.clone());
                Ok(current)
            }
            Some(_) => {
                session.sign_out();
                Err(Refusal::AccountDisabled {}.into())
            }
            None => {
                session.sign_out();
                Err(Refusal::NotSignedIn {}.into())
            }
        }
    }

    /// The window's session at `now`, locked first if it has been idle too long.
    pub fn session_view(
        &self,
        session: &mut Session,
        now: DateTime<Utc>,
    ) -> Result<SessionView, ApiError> {
        let idle = self.idle_lock_minutes();
        session.check_idle(idle, now);
        Ok(session.view(self.has_staff()?, idle))
    }

    /// The window reports the person active at `now`: the idle time counts again from `now`, unless the
    /// session is already locked or has been idle too long, which [`Session::touch`] leaves locked. Not
    /// signed in or locked is no error here: the view that follows tells the window.
    pub fn touch_session(&self, session: &mut Session, now: DateTime<Utc>) -> Result<(), ApiError> {
        let idle = self.idle_lock_minutes();
        // The refusal (not signed in, locked) is the state itself, which the caller reads next.
        let _ = session.touch(idle, now);
        Ok(())
    }

    /// Signs `staff_id` in with `password` ([`Desk::sign_in`]) and makes them the session's person,
    /// ending anyone else's session; a refused sign-in leaves the session as it was.
    pub fn sign_in_session(
        &self,
        session: &mut Session,
        staff_id: &str,
        password: &Password,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let actor = self.sign_in(staff_id, password, now)?;
        session.sign_in(actor, now);
        Ok(())
    }

    /// The session's person changes their own password ([`Desk::change_own_password`]). The current
    /// password is required, so that no one changes it at a PC left signed in, except right after an
    /// admin's reset, when the person has just typed the reset one to sign in.
    pub fn change_session_password(
        &self,
        session: &mut Session,
        current: Option<&Password>,
        new: &Password,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let actor = self.acting(session, now)?;
        if current.is_none() && !actor.must_change_password {
            return Err(ApiError::invalid(vec![nssf_domain::Problem::new(
                "current",
                nssf_domain::ProblemKind::Required {},
            )]));
        }
        let changed = self.change_own_password(&actor, current, new, now)?;
        session.refresh(changed);
        Ok(())
    }

    /// Adds a staff account as the session's person ([`Desk::add_staff`]). The office's first account
    /// is added by the setup user, and the session then signs that admin in: from now on the office has
    /// staff accounts, and someone must be signed in.
    pub fn add_staff_in_session(
        &self,
        session: &mut Session,
        new: &NewStaff,
        now: DateTime<Utc>,
    ) -> Result<StaffView, ApiError> {
        let first = !self.has_staff()?;
        let actor = self.acting(session, now)?;
        let added = self.add_staff(&actor, new, now)?;
        if first {
            self.sign_in_session(session, &new.id, &new.password, now)?;
        }
        Ok(added)
    }

    /// Unlocks the window's session with its person's `password` (a wrong one counts towards the
    /// account's lock, as at sign-in): `not-signed-in` without a session.
    pub fn unlock_session(
        &self,
        session: &mut Session,
        password: &Password,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let staff_id = session
            .staff_id()
            .ok_or(Refusal::NotSignedIn {})?
            .to_owned();
        let actor = self.sign_in(&staff_id, password, now)?;
        session.unlock(actor, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn clerk() -> Actor {
        Actor::new("noy", "ນ້ອຍ", vec![Role::Clerk])
    }

    /// One step of a session's life at a minute after 09:00 Lao time.
    #[derive(Debug, Clone, Copy)]
    enum Step {
        SignIn(i64),
        Command(i64),
        Look(i64),
        Lock,
        Unlock(&'static str, i64),
        SignOut,
    }

    /// What the step answers: the acting staff id, or the refusal's code; for the other steps `"ok"`.
    fn run(steps: &[Step], idle: u32) -> Vec<String> {
        let mut session = Session::new();
        steps
            .iter()
            .map(|step| match *step {
                Step::SignIn(m) => {
                    session.sign_in(clerk(), at(m));
                    "ok".to_owned()
                }
                Step::Command(m) => match session.acting(true, idle, at(m)) {
                    Ok(actor) => actor.staff_id,
                    Err(e) => e.code().as_str().to_owned(),
                },
                Step::Look(m) => {
                    session.check_idle(idle, at(m));
                    let view = session.view(true, idle);
                    format!("locked={}", view.locked)
                }
                Step::Lock => {
                    session.lock();
                    "ok".to_owned()
                }
                Step::Unlock(who, m) => {
                    let actor = Actor::new(who, who, vec![Role::Clerk]);
                    match session.unlock(actor, at(m)) {
                        Ok(()) => "ok".to_owned(),
                        Err(e) => e.code().as_str().to_owned(),
                    }
                }
                Step::SignOut => {
                    session.sign_out();
                    "ok".to_owned()
                }
            })
            .collect()
    }

    #[test]
    fn a_session_locks_after_the_idle_time_and_only_its_person_unlocks_it() {
        use Step::*;
        let check = |steps: &[Step], idle: u32, expected: &[&str]| {
            assert_eq!(run(steps, idle), expected, "{steps:?} idle {idle}");
        };
        // No one signed in.
        check(&[Command(0)], 10, &["not-signed-in"]);
        // Signed in: commands act as the person; each one starts the idle time again.
        check(
            &[SignIn(0), Command(9), Command(18), Command(27)],
            10,
            &["ok", "noy", "noy", "noy"],
        );
        // Ten idle minutes lock it; so does looking at it after them, without any command.
        check(&[SignIn(0), Command(10)], 10, &["ok", "session-locked"]);
        check(
            &[SignIn(0), Look(9), Look(10)],
            10,
            &["ok", "locked=false", "locked=true"],
        );
        // Looking does not count as activity.
        check(
            &[SignIn(0), Look(9), Command(10)],
            10,
            &["ok", "locked=false", "session-locked"],
        );
        // Another idle time is the office's setting; 0 never locks by itself.
        check(
            &[SignIn(0), Command(4), Command(9)],
            5,
            &["ok", "noy", "session-locked"],
        );
        check(&[SignIn(0), Command(600)], 0, &["ok", "noy"]);
        // Locked by the person: stays locked until unlocked, and then the idle time starts again.
        check(
            &[SignIn(0), Lock, Command(1), Unlock("noy", 2), Command(11)],
            10,
            &["ok", "ok", "session-locked", "ok", "noy"],
        );
        // Only the same person unlocks it: someone else is refused and it stays locked.
        check(
            &[SignIn(0), Lock, Unlock("kham", 1), Command(2)],
            10,
            &["ok", "ok", "not-signed-in", "session-locked"],
        );
        // Signing out ends it, locked or not; nothing to unlock then.
        check(
            &[SignIn(0), Lock, SignOut, Command(1), Unlock("noy", 2)],
            10,
            &["ok", "ok", "ok", "not-signed-in", "not-signed-in"],
        );
        // Switch user: sign out, sign in again.
        check(
            &[SignIn(0), SignOut, SignIn(3), Command(4)],
            10,
            &["ok", "ok", "ok", "noy"],
        );
    }

    #[test]
    fn an_office_without_staff_acts_as_the_setup_user() {
        let check = |signed_in: bool, locked: bool, expected: &str| {
            let mut session = Session::new();
            if signed_in {
                session.sign_in(clerk(), at(0));
            }
            if locked {
                session.lock();
            }
            let got = session
                .acting(false, 10, at(1))
                .map(|a| a.staff_id)
                .unwrap_or_else(|e| e.code().as_str().to_owned());
            assert_eq!(got, expected, "signed in {signed_in}, locked {locked}");
            let view = session.view(false, 10);
            assert!(!view.has_staff && view.staff.is_none() && !view.locked);
            assert_eq!(view.actions.len(), crate::permissions::actions().count());
        };
        check(false, false, "setup");
        check(true, false, "setup");
        check(true, true, "setup");
    }

    #[test]
    fn the_view_offers_only_what_the_person_may_do_now() {
        let check = |session: &Session, expected: (bool, bool, bool, &[Action])| {
            let view = session.view(true, 10);
            let got = (
                view.staff.is_some(),
                view.locked,
                view.must_change_password,
                view.actions.as_slice(),
            );
            assert_eq!(got, expected);
        };
        let mut session = Session::new();
        check(&session, (false, false, false, &[]));
        session.sign_in(clerk(), at(0));
        let clerk_may = crate::permissions::allowed_actions(&clerk());
        assert!(clerk_may.contains(&Action::Register));
        check(&session, (true, false, false, &clerk_may));
        session.lock();
        check(&session, (true, true, false, &[]));
        let mut reset = clerk();
        reset.must_change_password = true;
        session.sign_in(reset, at(1));
        check(&session, (true, false, true, &[]));
        assert_eq!(Code::SessionLocked.as_str(), "session-locked");
    }
}
