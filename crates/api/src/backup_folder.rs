//! Backups from the running app into the office's backup folder (a USB stick), and their rotation
//! (`docs/backup-format.md`, section 5).
//!
//! An admin sets, once, the office's backup passphrase (it makes the backup key, as the command line's
//! first backup does), the backup folder and how many backups it keeps. Then a supervisor or an admin
//! presses "back up now", and every day close writes one on its own: a failing automatic backup (the
//! stick missing, read-only, full) never undoes or fails the close, it is reported beside it. Each backup
//! written whole is recorded (time, file) in the store; the window warns everyone signed in when the last
//! one is more than [`OVERDUE_AFTER_DAYS`] old, or when there never was one and the office has members.
//!
//! Files are named `nssf-backup-DDDD-WW-YYYYMMDD-HHMMSS.nssfbak` (the office's workstation and the Lao
//! time it was made), so they sort by age; rotation removes only files of exactly that shape, of this
//! workstation, whose first lines say they are its backups: nothing else in the folder is ever touched.
//!
//! Time is passed in; no function here reads the clock.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use nssf_domain::{Problem, ProblemKind};
use nssf_store::{AuditAction, FieldChange, GoodBackup, OFFICE_TARGET};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::{new_backup_key, BackupPassphrase, BACKUP_HEADER, MIN_PASSPHRASE_CHARS};
use crate::views::DayClose;
use crate::{Action, Actor, ApiError, Desk, Refusal};

/// How old the last good backup may be before the header warns (issue 12: "older than a week").
pub const OVERDUE_AFTER_DAYS: i64 = 7;
/// The first part of a backup file's name in the backup folder.
const FILE_PREFIX: &str = "nssf-backup-";
/// The end of a backup file's name.
const FILE_SUFFIX: &str = ".nssfbak";
/// How many backups the folder may be told to keep: at least the one just written; a hundred day closes
/// is months of backups on a stick.
const KEPT_RANGE: (u32, u32) = (1, 100);

/// The backup screen and the header's warning: what is set, and how old the last good backup is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    /// Whether the office's backup passphrase is set (its backup key exists), so backups need no one
    /// to type it.
    pub has_key: bool,
    /// The backup folder, absolute; `null`: no automatic backup at day close.
    pub folder: Option<String>,
    /// How many of this office's backups the folder keeps.
    pub keep: u32,
    /// The last backup written whole, if any.
    pub last_good: Option<LastBackup>,
    /// Whether the header warns: the last good backup is more than a week old, or there never was one
    /// and the office has members.
    pub overdue: bool,
}

/// A backup written whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastBackup {
    /// When it was made (RFC 3339).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The file written.
    pub file: String,
}

/// A backup just written into a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupMade {
    /// The file written.
    pub file: String,
    /// When it was made (RFC 3339).
    #[ts(type = "string")]
    pub made: DateTime<Utc>,
    /// Members in it.
    pub members: u64,
    /// Receipts in it.
    pub receipts: u64,
    /// This office's older backups removed from the folder to keep the last N.
    pub removed: Vec<String>,
}

/// What became of the automatic backup after a day close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[ts(export)]
pub enum AutomaticBackup {
    /// No backup folder is set: nothing was tried.
    NoFolder,
    /// Written whole.
    Made {
        /// The backup.
        backup: BackupMade,
    },
    /// Not written (the close stands): why, to show in the clerk's language.
    Failed {
        /// Why.
        error: ApiError,
    },
}

/// A day closed, and the automatic backup that followed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayClosed {
    /// The day as closed.
    pub close: DayClose,
    /// The backup written after it.
    pub backup: AutomaticBackup,
}

/// An admin's change of the backup settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BackupSettings {
    /// The backup folder, absolute; empty: no automatic backup.
    pub folder: String,
    /// How many of this office's backups the folder keeps (1 to 100).
    pub keep: u32,
}

/// The file name of a backup of `office` (`DDDD-WW`) made at `made`, in Lao time so that the clerk
/// reads the hour they know.
pub fn backup_file_name(office: &str, made: DateTime<Utc>) -> String {
    let lao = made + Duration::hours(7);
    format!(
        "{FILE_PREFIX}{office}-{}{FILE_SUFFIX}",
        lao.format("%Y%m%d-%H%M%S")
    )
}

/// Whether `name` is the name [`backup_file_name`] gives a backup of `office`.
fn is_backup_name(name: &str, office: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(FILE_PREFIX)
        .and_then(|rest| rest.strip_prefix(office))
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(FILE_SUFFIX))
    else {
        return false;
    };
    let Some((date, time)) = stamp.split_once('-') else {
        return false;
    };
    date.len() == 8
        && time.len() == 6
        && time.bytes().all(|b| b.is_ascii_digit())
        && NaiveDate::parse_from_str(date, "%Y%m%d").is_ok()
}

/// Whether the file at `path` begins as a backup of `office` does (its first two header lines).
fn holds_backup_of(path: &Path, office: &str) -> bool {
    use std::io::Read;
    let expected = format!("{BACKUP_HEADER}\noffice {office}\n");
    let mut start = vec![0u8; expected.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok()
        && start == expected.as_bytes()
}

/// Removes `office`'s backups in `folder` beyond the newest `keep`, oldest first; returns the names
/// removed. A file that cannot be removed is left (the backup just written stands either way).
fn rotate(folder: &Path, office: &str, keep: u32) -> Result<Vec<String>, ApiError> {
    let entries = std::fs::read_dir(folder).map_err(|e| folder_failed(folder, e))?;
    let mut ours: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_backup_name(name, office))
        .filter(|name| holds_backup_of(&folder.join(name), office))
        .collect();
    ours.sort();
    let surplus = ours.len().saturating_sub(keep as usize);
    Ok(ours
        .into_iter()
        .take(surplus)
        .filter(|name| std::fs::remove_file(folder.join(name)).is_ok())
        .collect())
}

/// Why a backup could not be written into `folder`, as the person at the counter can act on it: the
/// folder (the stick) is not there, it cannot be written, it is full; otherwise the system's reason.
/// The folder is tried with a small file when the write failed, since the write's own error has already
/// become a refusal (`file-unwritable`) by then; when that file goes in, the write's refusal is returned.
fn why_not_written(folder: &Path, failed: ApiError) -> ApiError {
    let path = folder.display().to_string();
    if !folder.is_dir() {
        return Refusal::BackupFolderMissing { folder: path }.into();
    }
    let probe = folder.join(".nssf-desk-probe");
    let tried = std::fs::write(&probe, [0u8; 4096]).and_then(|()| {
        std::fs::File::open(&probe)?.sync_all()?;
        std::fs::remove_file(&probe)
    });
    let _ = std::fs::remove_file(&probe);
    match tried {
        Err(e) => folder_failed(folder, e),
        Ok(()) => {
            if let Refusal::Storage { detail } = &failed.refusal {
                return Refusal::BackupFolderFailed {
                    folder: path,
                    detail: detail.clone(),
                }
                .into();
            }
            failed
        }
    }
}

/// An I/O failure on `folder`, by its kind.
fn folder_failed(folder: &Path, e: std::io::Error) -> ApiError {
    use std::io::ErrorKind;
    let folder = folder.display().to_string();
    let kind = e.kind();
    if matches!(kind, ErrorKind::NotFound | ErrorKind::NotADirectory) {
        Refusal::BackupFolderMissing { folder }.into()
    } else if matches!(
        kind,
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    ) {
        Refusal::BackupFolderReadOnly { folder }.into()
    } else if matches!(kind, ErrorKind::StorageFull | ErrorKind::QuotaExceeded) {
        Refusal::BackupFolderFull { folder }.into()
    } else {
        Refusal::BackupFolderFailed {
            folder,
            detail: e.to_string(),
        }
        .into()
    }
}

impl Desk {
    /// Where the office's backups stand at `now`: for the backup screen, and for the header's warning,
    /// which everyone signed in sees.
    pub fn backup_status(&self, now: DateTime<Utc>) -> Result<BackupStatus, ApiError> {
        let settings = &self.store.office().settings;
        let last_good = self.store.last_good_backup()?;
        let overdue = match &last_good {
            Some(last) => now - last.at > Duration::days(OVERDUE_AFTER_DAYS),
            None => self.store.member_count() > 0,
        };
        Ok(BackupStatus {
            has_key: self.store.backup_key()?.is_some(),
            folder: (!settings.backup_folder.is_empty()).then(|| settings.backup_folder.clone()),
            keep: settings.backups_kept,
            last_good: last_good.map(|b| LastBackup {
                at: b.at,
                file: b.file,
            }),
            overdue,
        })
    }

    /// Sets the office's backup passphrase, once (an admin's, `office-settings`): it makes the backup key
    /// every backup is encrypted to, so later backups need no one to type it. Refused when the key
    /// exists (`backup-key-exists`: changing the passphrase is not built) and for a passphrase shorter
    /// than 10 characters (`password-too-short`).
    pub fn set_backup_passphrase(
        &self,
        actor: &Actor,
        passphrase: &BackupPassphrase,
        now: DateTime<Utc>,
    ) -> Result<BackupStatus, ApiError> {
        actor.require(Action::OfficeSettings)?;
        let _writing = self.write_turn();
        if self.store.backup_key()?.is_some() {
            return Err(Refusal::BackupKeyExists {}.into());
        }
        if (passphrase.chars() as u32) < MIN_PASSPHRASE_CHARS {
            return Err(Refusal::PasswordTooShort {
                min: MIN_PASSPHRASE_CHARS,
            }
            .into());
        }
        self.store.set_backup_key(&new_backup_key(passphrase)?)?;
        self.store.append_audit(
            now,
            &actor.staff_id,
            AuditAction::BackupPassphraseSet,
            OFFICE_TARGET,
            vec![],
        )?;
        self.backup_status(now)
    }

    /// Sets the backup folder (empty: none) and how many backups it keeps (an admin's,
    /// `office-settings`; audited as `settings-changed`). A folder must be an absolute path
    /// (`folder-not-absolute`); it need not exist now (the stick may be out).
    pub fn set_backup_settings(
        &self,
        actor: &Actor,
        change: &BackupSettings,
        now: DateTime<Utc>,
    ) -> Result<BackupStatus, ApiError> {
        actor.require(Action::OfficeSettings)?;
        let folder = change.folder.trim();
        let mut problems = Vec::new();
        if !folder.is_empty() && !Path::new(folder).is_absolute() {
            problems.push(Problem::new(
                "folder",
                ProblemKind::FolderNotAbsolute {
                    value: folder.to_owned(),
                },
            ));
        }
        let (min, max) = KEPT_RANGE;
        if !(min..=max).contains(&change.keep) {
            problems.push(Problem::new(
                "keep",
                ProblemKind::SettingOutOfRange {
                    value: change.keep,
                    min,
                    max,
                },
            ));
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems));
        }
        {
            let _writing = self.write_turn();
            let mut settings = self.store.office().settings.clone();
            settings.backup_folder = folder.to_owned();
            settings.backups_kept = change.keep;
            self.store.set_settings(&settings, &actor.staff_id, now)?;
        }
        self.backup_status(now)
    }

    /// Writes a backup into `folder` now (a supervisor's or an admin's "back up now", `backup`), then
    /// keeps the office's newest N there. Needs the backup passphrase set (`backup-key-missing`).
    pub fn backup_to_folder(
        &self,
        actor: &Actor,
        folder: &Path,
        now: DateTime<Utc>,
    ) -> Result<BackupMade, ApiError> {
        actor.require(Action::Backup)?;
        self.folder_backup(actor, folder, now)
    }

    /// Closes a cashier's day ([`Desk::close_day`], whose refusals it returns), then, when the office has
    /// a backup folder, writes the automatic backup there. A backup that fails is reported in the result
    /// and changes nothing of the close, which is already saved: a missing stick must not keep a cashier
    /// from closing.
    pub fn close_day_and_back_up(
        &self,
        actor: &Actor,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DayClosed, ApiError> {
        let close = self.close_day(actor, cashier, date, now)?;
        let folder = self.store.office().settings.backup_folder.clone();
        let backup = if folder.is_empty() {
            AutomaticBackup::NoFolder
        } else {
            match self.folder_backup(actor, Path::new(&folder), now) {
                Ok(backup) => AutomaticBackup::Made { backup },
                Err(error) => AutomaticBackup::Failed { error },
            }
        };
        Ok(DayClosed { close, backup })
    }

    /// Records the backup just written whole at `file` (made at `now`) as the office's last good one,
    /// for the header's warning: the window's and the command line's alike. Returns the file as recorded
    /// (absolute). A store that cannot record it (its own disk full) still has its backup, which is what
    /// matters then: the record is left as it was, and the warning stays until a backup is recorded.
    ///
    /// It is audited too (`backup-made`, by `actor`: who asked, or who closed the day), on the same
    /// terms: a backup copies the office's personal data out, so the trail says who took one and where.
    pub(crate) fn record_good_backup(
        &self,
        actor: &Actor,
        file: &Path,
        now: DateTime<Utc>,
    ) -> String {
        let file = std::path::absolute(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .display()
            .to_string();
        let _writing = self.write_turn();
        let _ = self.store.record_good_backup(&GoodBackup {
            at: now,
            file: file.clone(),
        });
        let _ = self.store.append_audit(
            now,
            &actor.staff_id,
            AuditAction::BackupMade,
            OFFICE_TARGET,
            vec![FieldChange {
                field: "file".to_owned(),
                before: String::new(),
                after: file.clone(),
            }],
        );
        file
    }

    /// The backup into `folder`, recorded as the last good one, then the rotation. No permission: the
    /// callers check theirs (the automatic backup is the office's, whoever closed the day).
    fn folder_backup(
        &self,
        actor: &Actor,
        folder: &Path,
        now: DateTime<Utc>,
    ) -> Result<BackupMade, ApiError> {
        if self.store.backup_key()?.is_none() {
            return Err(Refusal::BackupKeyMissing {}.into());
        }
        if !folder.is_dir() {
            return Err(Refusal::BackupFolderMissing {
                folder: folder.display().to_string(),
            }
            .into());
        }
        let office = self.office();
        let code = format!("{}-{}", office.district_code, office.workstation);
        let path: PathBuf = folder.join(backup_file_name(&code, now));
        let summary = self
            .write_backup(None, &path, now)
            .map_err(|e| why_not_written(folder, e))?;
        let file = self.record_good_backup(actor, &path, now);
        let keep = self.store.office().settings.backups_kept;
        let removed = rotate(folder, &code, keep).unwrap_or_default();
        Ok(BackupMade {
            file,
            made: now,
            members: summary.members,
            receipts: summary.receipts,
            removed,
        })
    }
}
