//! The `nssf-desk` CLI, run against the same folders as the window.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::process::{Command, Stdio};

use crate::TestResult;

/// One run of the `nssf-desk` binary named by `NSSF_DESK_CLI`, built up like a [`Command`]. Made by
/// [`Office::cli`](crate::Office::cli) or [`Office::central_cli`](crate::Office::central_cli), which already
/// name the data folder.
#[derive(Debug)]
pub struct Cli {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    password: Option<String>,
}

impl Cli {
    pub(crate) fn new(leading: &[&OsStr]) -> Cli {
        Cli {
            args: leading.iter().map(|arg| arg.to_os_string()).collect(),
            stdin: None,
            password: None,
        }
    }

    /// Adds one argument (a word or a path).
    #[must_use]
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cli {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    /// Adds arguments of one type (all words, or all paths).
    #[must_use]
    pub fn args(mut self, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Cli {
        self.args
            .extend(args.into_iter().map(|arg| arg.as_ref().to_os_string()));
        self
    }

    /// Hands `bytes` to the CLI on its standard input (for `--json -`).
    #[must_use]
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Cli {
        self.stdin = Some(bytes.into());
        self
    }

    /// Signs in as the staff account `staff_id`: `--user ID`, and the password in `NSSF_DESK_PASSWORD` (never an
    /// argument, as the CLI requires). Needed by every office command once the office has a staff account.
    #[must_use]
    pub fn user(mut self, staff_id: &str, password: &str) -> Cli {
        self.args.push("--user".into());
        self.args.push(staff_id.into());
        self.password = Some(password.to_owned());
        self
    }

    /// Runs the CLI and returns what it printed, trimmed; a refusal (non-zero exit) fails the story with the
    /// CLI's own message.
    pub fn run(self) -> TestResult<String> {
        let program = std::env::var_os("NSSF_DESK_CLI")
            .ok_or("e2e: NSSF_DESK_CLI is not set; run scripts/e2e.sh")?;
        let mut command = Command::new(&program);
        command
            .args(&self.args)
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Not inherited from the test's own environment: only a story that signs in gives a password.
        command.env_remove("NSSF_DESK_PASSWORD");
        if let Some(password) = &self.password {
            command.env("NSSF_DESK_PASSWORD", password);
        }
        let mut child = command.spawn().map_err(|e| format!("{command:?}: {e}"))?;
        if let (Some(bytes), Some(mut input)) = (&self.stdin, child.stdin.take()) {
            input.write_all(bytes)?;
            // `input` is dropped here, so the CLI sees the end of its input.
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(format!(
                "nssf-desk {:?} failed ({}): {}",
                self.args,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(String::from_utf8(out.stdout)?.trim().to_owned())
    }
}
