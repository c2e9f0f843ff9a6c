//! What every command runs with (the data folder, who acts, when, the language of messages) and the two
//! streams it writes: notes for the user on standard error, machine output alone on standard output.
//!
//! Who acts is decided here, before the command runs ([`Invocation::sign_in`]): the setup user in an office
//! without staff accounts, otherwise the staff member of `--user`, signed in with the password of
//! `NSSF_DESK_PASSWORD` or, when standard input is a terminal, typed there. The same [`Actor`] is what
//! every command passes to the API, so the batch records' `actor` and the receipts' cashier are the
//! signed-in staff id.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use nssf_api::{Actor, Desk, Password, Refusal};
use nssf_i18n::Localizer;
use serde::Serialize;

use crate::failure::Failure;

/// The environment variable a script sets to the signing-in staff member's password.
pub const PASSWORD_VARIABLE: &str = "NSSF_DESK_PASSWORD";

/// Which commands need a signed-in staff member once the office has staff accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// `init` and `verify-card`: no one signs in (`--user` is not looked at).
    Open,
    /// `central …`: the central office's tools, with no staff accounts of their own; `--user` is refused.
    Central,
    /// Every other office command: `--user` and the password, and no password change pending.
    SignedIn,
    /// `staff password`: signed in, and allowed while a password change is pending (it is the change).
    PasswordChange,
}

/// One run of `nssf-desk`.
#[derive(Debug)]
pub struct Invocation {
    /// `--data`, or the current folder.
    pub data: PathBuf,
    /// The setup user until [`Invocation::sign_in`] says otherwise.
    pub actor: Actor,
    /// Read once at start: the CLI is an outermost layer, where the clock is read and passed in.
    pub now: DateTime<Utc>,
    /// In the language of `--lang`.
    pub l10n: Localizer,
    /// The office opened once, by the sign-in or by the command: sled holds its lock until the store is
    /// dropped, so opening a second time in the same run would wait.
    desk: OnceLock<Desk>,
}

impl Invocation {
    /// A run acting as the setup user, before [`Invocation::sign_in`].
    pub fn new(data: PathBuf, now: DateTime<Utc>, l10n: Localizer) -> Invocation {
        Invocation {
            data,
            actor: Actor::setup_user(),
            now,
            l10n,
            desk: OnceLock::new(),
        }
    }

    /// Decides who acts, as `gate` says: nothing for an office without staff accounts (the setup user
    /// acts, as before accounts existed) or the commands that need no one; a folder that is no office is
    /// refused as the command would refuse it; otherwise `--user` (`user`) signs in, or the command is refused with
    /// `not-signed-in`, `wrong-password`, `account-locked`, `account-disabled` or
    /// `password-change-required` (exit 5) before it does anything.
    pub fn sign_in(&mut self, user: Option<&str>, gate: Gate) -> Result<(), Failure> {
        match gate {
            Gate::Open => return Ok(()),
            Gate::Central if user.is_some() => return Err(Failure::UserNotTaken),
            Gate::Central => return Ok(()),
            Gate::SignedIn | Gate::PasswordChange => {}
        }
        // A folder that cannot be opened is refused here, not left to the command: opened later (another
        // program let go of it meanwhile), the command would act as the setup user without anyone signing in.
        let desk = self.open_desk()?;
        if !desk.has_staff()? {
            return Ok(());
        }
        let user = user.ok_or_else(|| refused(Refusal::NotSignedIn {}))?;
        let password = self.signing_in_password(user)?;
        let actor = desk.sign_in(user, &password, self.now)?;
        if actor.must_change_password && gate != Gate::PasswordChange {
            return Err(refused(Refusal::PasswordChangeRequired {}));
        }
        self.actor = actor;
        Ok(())
    }

    /// The office data folder named by `--data`, opened once per run.
    pub fn open_desk(&self) -> Result<&Desk, Failure> {
        if let Some(desk) = self.desk.get() {
            return Ok(desk);
        }
        // The store's schema 5 upgrade, when the folder needs it, shows a bar on stderr (hidden when
        // stderr is not a terminal); a folder already upgraded shows nothing.
        let bar = indicatif::ProgressBar::hidden();
        let progress = |p: nssf_api::UpgradeProgress| {
            if bar.is_hidden() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
            }
            let stage = match p.stage {
                nssf_api::UpgradeStage::Copying => "cli-upgrade-copying",
                nssf_api::UpgradeStage::Indexing => "cli-upgrade-indexing",
                nssf_api::UpgradeStage::Finishing => "cli-upgrade-finishing",
            };
            bar.set_message(self.l10n.message(stage, &[]));
            bar.set_length(p.total);
            bar.set_position(p.done);
        };
        let opened = Desk::open_upgrading(&self.data, &progress);
        bar.finish_and_clear();
        let desk = opened?;
        Ok(self.desk.get_or_init(|| desk))
    }

    /// The password of the staff member signing in: `NSSF_DESK_PASSWORD`, else typed on the terminal
    /// (not echoed) when standard input is one, else `not-signed-in`: a script never waits on a prompt.
    fn signing_in_password(&self, user: &str) -> Result<Password, Failure> {
        if let Some(value) = std::env::var_os(PASSWORD_VARIABLE) {
            return value
                .into_string()
                .map(Password::new)
                .map_err(|_| refused(Refusal::WrongPassword {}));
        }
        if !std::io::stdin().is_terminal() {
            return Err(refused(Refusal::NotSignedIn {}));
        }
        let prompt = format!(
            "{} ",
            self.l10n.message("cli-password-prompt", &[("user", user)])
        );
        rpassword::prompt_password(prompt)
            .map(Password::new)
            .map_err(|_| refused(Refusal::NotSignedIn {}))
    }

    /// A new password (`staff add`, `staff reset-password`, `staff password`): the first line of
    /// standard input, or typed on the terminal (not echoed) when standard input is one.
    pub fn new_password(&self) -> Result<Password, Failure> {
        if std::io::stdin().is_terminal() {
            let prompt = format!("{} ", self.l10n.message("cli-new-password-prompt", &[]));
            return rpassword::prompt_password(prompt)
                .map(Password::new)
                .map_err(|e| Failure::InputUnreadable {
                    path: "-".into(),
                    detail: e.to_string(),
                });
        }
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::InputUnreadable {
                path: "-".into(),
                detail: e.to_string(),
            })?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        Ok(Password::new(line))
    }

    /// A localised line on standard error: confirmations and summaries, never what scripts read.
    pub fn note(&self, id: &str, args: &[(&str, &str)]) {
        // A note is not worth a panic (what `eprintln!` does) when standard error has been closed.
        let _ = writeln!(std::io::stderr().lock(), "{}", self.l10n.message(id, args));
    }
}

fn refused(refusal: Refusal) -> Failure {
    Failure::Refused(refusal.into())
}

/// Machine output: pretty JSON alone on standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Unwritable {
        path: "-".to_owned(),
        detail: e.to_string(),
    })?;
    print_line(format_args!("{text}"))
}

/// One line of machine output on standard output; every line a command prints goes through here (the
/// [`out!`] macro), never `println!`, which panics when the reader has gone. A reader that closes the
/// pipe early (`nssf-desk search x --json | head -c 10`) is [`Failure::OutputClosed`]: the command stops
/// there, quietly. Flushed at once, so a closed pipe is seen at the line that met it.
pub fn print_line(line: std::fmt::Arguments) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Failure::OutputClosed
            } else {
                Failure::Unwritable {
                    path: "-".to_owned(),
                    detail: e.to_string(),
                }
            }
        })
}

/// `println!` for machine output: one line through [`print_line`], and `?` on its failure, so a command
/// stops at a closed pipe instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::invocation::print_line(format_args!($($arg)*))?
    };
}
pub(crate) use out;
