//! The folders of one story, and the office calendar.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::{Cli, TestResult};

/// A throwaway office in one temporary directory, removed when the story ends: the office data folder the
/// window and the CLI open, the folder where the window saves documents, a central office's data folder, and
/// room for other files (keys, photos).
#[derive(Debug)]
pub struct Office {
    dir: TempDir,
    data: PathBuf,
    saved: PathBuf,
    central: PathBuf,
}

impl Office {
    /// An empty directory: no office yet (the window's first run sets one up, or [`Office::init`] does).
    pub fn new() -> TestResult<Office> {
        let dir = tempfile::tempdir()?;
        let saved = dir.path().join("saved");
        std::fs::create_dir_all(&saved)?;
        Ok(Office {
            data: dir.path().join("office"),
            central: dir.path().join("central"),
            saved,
            dir,
        })
    }

    /// The office data folder (`NSSF_DESK_DATA` for the window, `--data` for the CLI).
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// Where the window saves documents under their default names (`NSSF_DESK_SAVE_DIR`).
    pub fn saved(&self) -> &Path {
        &self.saved
    }

    /// The first saved document whose name starts with `prefix` and ends with `suffix`, for documents whose
    /// name holds the date (`day-….pdf`).
    pub fn find_saved(&self, prefix: &str, suffix: &str) -> TestResult<PathBuf> {
        for entry in std::fs::read_dir(&self.saved)? {
            let path = entry?.path();
            let matches = path
                .file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|name| name.starts_with(prefix) && name.ends_with(suffix));
            if matches {
                return Ok(path);
            }
        }
        Err(format!("no {prefix}…{suffix} saved in {}", self.saved.display()).into())
    }

    /// A path for another file of the story, beside the folders.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The CLI on this office: `nssf-desk --data <office> …`. Only while no window has the office open (sled
    /// lets one process at a time hold the store).
    pub fn cli(&self) -> Cli {
        Cli::new(&["--data".as_ref(), self.data.as_os_str()])
    }

    /// The CLI as the central office: `nssf-desk central --data <central> …`.
    pub fn central_cli(&self) -> Cli {
        Cli::new(&[
            "central".as_ref(),
            "--data".as_ref(),
            self.central.as_os_str(),
        ])
    }

    /// Sets the office up with the CLI, as district `district` and workstation `workstation`.
    pub fn init(&self, district: &str, workstation: &str) -> TestResult {
        self.cli()
            .args(["init", "--office", district, "--workstation", workstation])
            .run()?;
        Ok(())
    }

    /// Registers `draft` (the CLI's JSON, see [`applicant`](crate::applicant)) with the CLI and returns the new
    /// member number. Members with a history are registered months back: the setup user, a supervisor,
    /// allows that (`--allow-backdate`).
    pub fn register(&self, draft: &serde_json::Value) -> TestResult<String> {
        self.cli()
            .args(["register", "--json", "-", "--allow-backdate"])
            .stdin(draft.to_string())
            .run()
    }

    /// Adds `staff` with the CLI (`staff add`, the password on stdin). The office's first account must be an
    /// admin and is added by the setup user (`by: None`); later ones are added by an admin (`by`).
    pub fn add_staff(&self, staff: &Staff, by: Option<&Staff>) -> TestResult {
        let cli = match by {
            Some(admin) => self.cli().user(admin.id, admin.password),
            None => self.cli(),
        };
        cli.args(["staff", "add", "--id", staff.id, "--name", staff.name])
            .args(["--role", staff.roles])
            .stdin(format!("{}\n", staff.password))
            .run()?;
        Ok(())
    }
}

/// A staff account to add with [`Office::add_staff`], and to sign in with.
#[derive(Debug, Clone, Copy)]
pub struct Staff {
    /// The staff id (`a-z 0-9 . _ -`).
    pub id: &'static str,
    /// The name receipts and the window's header show.
    pub name: &'static str,
    /// Comma-separated roles, as `staff add --role` takes them.
    pub roles: &'static str,
    /// At least 10 characters.
    pub password: &'static str,
}

/// The account the window's first run creates: one person who also registers and supervises, as in a
/// small office.
pub const FIRST_ADMIN: Staff = Staff {
    id: "somsak",
    name: "Somsak Phanthavong",
    roles: "admin,clerk,supervisor",
    password: "first-run-admin",
};

/// The office date (UTC+7) `months_back` months ago, on the 1st: `YYYY-MM-01`.
pub fn first_of_month_back(months_back: u32) -> TestResult<String> {
    let out = Command::new("date")
        .args(["-u", "-d", "+7 hours", "+%Y %m"])
        .output()?;
    let text = String::from_utf8(out.stdout)?;
    let mut parts = text.split_whitespace().map(str::parse::<i32>);
    let (Some(Ok(year)), Some(Ok(month))) = (parts.next(), parts.next()) else {
        return Err(format!("date printed {text:?}").into());
    };
    let index = year * 12 + (month - 1) - i32::try_from(months_back)?;
    Ok(format!("{:04}-{:02}-01", index / 12, index % 12 + 1))
}
