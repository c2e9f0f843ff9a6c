//! Staff accounts: `staff add`, `staff list`, `staff disable`, `staff unlock`, `staff reset-password`,
//! `staff password`. Who may run them is the API's decision (an admin; the office's first account by
//! anyone at the PC, `staff password` by whoever signed in); new passwords are the first line of standard
//! input, never an argument (which `ps` and the shell's history would show).

use nssf_api::{NewStaff, Role};
use serde::Serialize;

use crate::failure::Failure;
use crate::invocation::{print_json, Gate, Invocation};

#[derive(clap::Subcommand, Debug)]
pub enum StaffCommand {
    /// Add a staff account; its password is the first line of standard input. The office's first
    /// account must include the admin role and needs no --user.
    Add(Add),
    /// List the staff accounts.
    List(List),
    /// Disable an account: it can no longer sign in.
    Disable(Target),
    /// Lift an account's lock after wrong passwords.
    Unlock(Target),
    /// Set a forgotten password (the new one on standard input); its owner must change it at the next
    /// sign-in.
    ResetPassword(Target),
    /// Change your own password (the new one on standard input).
    Password,
}

#[derive(clap::Args, Debug)]
pub struct Add {
    /// The staff id: 2–32 characters of a-z 0-9 . _ -
    #[arg(long)]
    id: String,
    /// The name printed on receipts.
    #[arg(long)]
    name: String,
    /// clerk, cashier, supervisor, admin; several separated by commas.
    #[arg(long, value_delimiter = ',', required = true)]
    role: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct List {
    /// JSON on standard output: `[{"id","name","roles","active","locked"}]`.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct Target {
    /// The staff id.
    id: String,
}

/// One line of `staff list --json`: the contract's fields, exactly.
#[derive(Serialize)]
struct ListedStaff<'a> {
    id: &'a str,
    name: &'a str,
    roles: Vec<&'static str>,
    active: bool,
    locked: bool,
}

impl StaffCommand {
    /// Who must be signed in for this command.
    pub fn gate(&self) -> Gate {
        match self {
            StaffCommand::Password => Gate::PasswordChange,
            StaffCommand::Add(_)
            | StaffCommand::List(_)
            | StaffCommand::Disable(_)
            | StaffCommand::Unlock(_)
            | StaffCommand::ResetPassword(_) => Gate::SignedIn,
        }
    }

    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        match self {
            StaffCommand::Add(add) => {
                let roles = add
                    .role
                    .iter()
                    .map(|name| parse_role(name))
                    .collect::<Result<Vec<Role>, Failure>>()?;
                let new = NewStaff {
                    id: add.id.clone(),
                    name: add.name.clone(),
                    roles,
                    password: at.new_password()?,
                };
                let added = desk.add_staff(&at.actor, &new, at.now)?;
                at.note("cli-staff-added", &[("id", &added.id)]);
            }
            StaffCommand::List(list) => {
                let staff = desk.staff(&at.actor, at.now)?;
                let listed: Vec<ListedStaff> = staff
                    .iter()
                    .map(|s| ListedStaff {
                        id: &s.id,
                        name: &s.name,
                        roles: s.roles.iter().map(|r| r.as_str()).collect(),
                        active: s.active,
                        locked: s.locked,
                    })
                    .collect();
                if list.json {
                    print_json(&listed)?;
                } else {
                    for s in &listed {
                        crate::invocation::out!(
                            "{}\t{}\t{}{}{}",
                            s.id,
                            s.name,
                            s.roles.join(","),
                            if s.active { "" } else { "\tdisabled" },
                            if s.locked { "\tlocked" } else { "" }
                        );
                    }
                }
            }
            StaffCommand::Disable(t) => {
                desk.disable_staff(&at.actor, &t.id, at.now)?;
                at.note("cli-staff-disabled", &[("id", &t.id)]);
            }
            StaffCommand::Unlock(t) => {
                desk.unlock_staff(&at.actor, &t.id, at.now)?;
                at.note("cli-staff-unlocked", &[("id", &t.id)]);
            }
            StaffCommand::ResetPassword(t) => {
                let password = at.new_password()?;
                desk.reset_staff_password(&at.actor, &t.id, &password, at.now)?;
                at.note("cli-staff-password-reset", &[("id", &t.id)]);
            }
            StaffCommand::Password => {
                let password = at.new_password()?;
                // The session signed in with the current password a moment ago: it is not asked again.
                desk.change_own_password(&at.actor, None, &password, at.now)?;
                at.note("cli-staff-password-changed", &[]);
            }
        }
        Ok(())
    }
}

fn parse_role(name: &str) -> Result<Role, Failure> {
    [Role::Clerk, Role::Cashier, Role::Supervisor, Role::Admin]
        .into_iter()
        .find(|r| r.as_str() == name.trim())
        .ok_or_else(|| Failure::UnknownRole(name.to_owned()))
}
