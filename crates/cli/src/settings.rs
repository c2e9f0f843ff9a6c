//! The office's settings (admin): `settings` prints them; with a flag, changes that setting first. The
//! changes are audited (`settings-changed`); `docs/staff.md` says what each setting is for.

use nssf_api::SettingsChange;

use crate::failure::Failure;
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Args, Debug)]
pub struct Settings {
    /// Minutes without activity before the window locks (0 to 240; 0 never locks).
    #[arg(long)]
    idle_lock_minutes: Option<u32>,
    /// Days back a payment may be dated without a supervisor (0 to 366).
    #[arg(long)]
    payment_backdate_days: Option<u32>,
    /// Days back a registration may be dated without a supervisor (0 to 366).
    #[arg(long)]
    registration_backdate_days: Option<u32>,
    /// Months in arrears from which the reports count a member as lapsed (1 to 36).
    #[arg(long)]
    lapsed_after_months: Option<u32>,
    /// JSON: `{"idle_lock_minutes","payment_backdate_days","registration_backdate_days",
    /// "lapsed_after_months"}`.
    #[arg(long)]
    json: bool,
}

impl Settings {
    /// Changes what was given (an admin's), then prints every setting: JSON, or `name value` lines.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let change = SettingsChange {
            idle_lock_minutes: self.idle_lock_minutes,
            payment_backdate_days: self.payment_backdate_days,
            registration_backdate_days: self.registration_backdate_days,
            lapsed_after_months: self.lapsed_after_months,
        };
        let settings = if change == SettingsChange::default() {
            desk.settings()
        } else {
            desk.set_settings(&at.actor, &change, at.now)?
        };
        if self.json {
            return print_json(&settings);
        }
        out!("idle_lock_minutes {}", settings.idle_lock_minutes);
        out!("payment_backdate_days {}", settings.payment_backdate_days);
        out!(
            "registration_backdate_days {}",
            settings.registration_backdate_days
        );
        out!("lapsed_after_months {}", settings.lapsed_after_months);
        Ok(())
    }
}
