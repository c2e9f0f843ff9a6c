//! `backup`, `backup-verify` and `restore` (`docs/backup-format.md`). The backup passphrase comes from
//! `NSSF_DESK_BACKUP_PASSPHRASE`, or is typed on the terminal (not echoed) when standard input is one; it
//! is never an argument, which `ps` and the shell's history would show. `backup` asks for it only when
//! the office has no backup key yet (its first backup).

use std::io::IsTerminal;
use std::path::PathBuf;

use nssf_api::backup::{restore, verify_backup};
use nssf_api::{Actor, BackupPassphrase, BackupSummary, Refusal};

use crate::failure::Failure;
use crate::invocation::{out, Invocation};

/// The environment variable a script sets to the office's backup passphrase.
pub const PASSPHRASE_VARIABLE: &str = "NSSF_DESK_BACKUP_PASSPHRASE";

#[derive(clap::Args, Debug)]
pub struct Backup {
    /// The backup file to write (replaced whole, never half-written).
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct BackupVerify {
    /// The backup file.
    file: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct Restore {
    /// The backup file.
    #[arg(long)]
    from: PathBuf,
    /// The restored office's new workstation code (01–99), one never used before in the district.
    #[arg(long)]
    workstation: String,
}

/// The passphrase from the environment, else typed on the terminal when standard input is one.
fn passphrase(at: &Invocation) -> Result<Option<BackupPassphrase>, Failure> {
    if let Some(value) = std::env::var_os(PASSPHRASE_VARIABLE) {
        return value
            .into_string()
            .map(|v| Some(BackupPassphrase::new(v)))
            .map_err(|_| Failure::Refused(Refusal::BackupPassphraseWrong {}.into()));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let prompt = format!("{} ", at.l10n.message("cli-backup-passphrase-prompt", &[]));
    rpassword::prompt_password(prompt)
        .map(|v| Some(BackupPassphrase::new(v)))
        .map_err(|_| Failure::Refused(Refusal::BackupPassphraseNeeded {}.into()))
}

fn required(at: &Invocation) -> Result<BackupPassphrase, Failure> {
    passphrase(at)?.ok_or_else(|| Failure::Refused(Refusal::BackupPassphraseNeeded {}.into()))
}

/// The counts of a backup, one `NAME VALUE` line each on standard output.
fn print_summary(summary: &BackupSummary) -> Result<(), Failure> {
    out!("office {}", summary.office);
    out!("made {}", summary.made);
    out!("members {}", summary.members);
    out!("receipts {}", summary.receipts);
    out!("audit-entries {}", summary.audit_entries);
    out!("rows {}", summary.rows);
    out!("files {}", summary.files);
    Ok(())
}

impl Backup {
    /// The backup's path on standard output, then its counts.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let passphrase = if desk.has_backup_key()? {
            None
        } else {
            passphrase(at)?
        };
        let summary = desk.backup(&at.actor, passphrase.as_ref(), &self.out, at.now)?;
        out!("{}", self.out.display());
        print_summary(&summary)?;
        if summary.key_created {
            at.note("cli-backup-key-created", &[]);
        }
        Ok(())
    }
}

impl BackupVerify {
    /// `valid` and the counts on standard output; exit 1 and why otherwise.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let summary = verify_backup(&self.file, &required(at)?)?;
        out!("valid");
        print_summary(&summary)
    }
}

impl Restore {
    /// `office DDDD-NN`, `succeeds DDDD-WW` and `fingerprint …` on standard output; on standard error what
    /// the central office must do to trust the successor.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let passphrase = required(at)?;
        let restored = restore(
            &self.from,
            &at.data,
            &self.workstation,
            &passphrase,
            &Actor::setup_user(),
            at.now,
        )?;
        let office = restored.desk.office();
        let code = format!("{}-{}", office.district_code, office.workstation);
        out!("office {code}");
        out!("succeeds {}", restored.succeeds);
        out!("fingerprint {}", restored.fingerprint);
        out!("members {}", restored.summary.members);
        out!("receipts {}", restored.summary.receipts);
        out!("unacknowledged-changes {}", restored.unacknowledged_changes);
        at.note(
            "cli-restored",
            &[("office", &code), ("succeeds", &restored.succeeds)],
        );
        Ok(())
    }
}
