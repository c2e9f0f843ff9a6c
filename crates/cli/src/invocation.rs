//! What every command runs with (the data folder, who acts, when, the language of messages) and the two
//! streams it writes: notes for the user on standard error, machine output alone on standard output.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use nssf_api::{Actor, Desk};
use nssf_i18n::Localizer;
use serde::Serialize;

use crate::failure::Failure;

/// One run of `nssf-desk`.
#[derive(Debug)]
pub struct Invocation {
    /// `--data`, or the current folder.
    pub data: PathBuf,
    pub actor: Actor,
    /// Read once at start: the CLI is an outermost layer, where the clock is read and passed in.
    pub now: DateTime<Utc>,
    /// In the language of `--lang`.
    pub l10n: Localizer,
}

impl Invocation {
    /// The office data folder named by `--data`.
    pub fn open_desk(&self) -> Result<Desk, Failure> {
        Ok(Desk::open(&self.data)?)
    }

    /// A localised line on standard error: confirmations and summaries, never what scripts read.
    pub fn note(&self, id: &str, args: &[(&str, &str)]) {
        // A note is not worth a panic (what `eprintln!` does) when standard error has been closed.
        let _ = writeln!(std::io::stderr().lock(), "{}", self.l10n.message(id, args));
    }
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
