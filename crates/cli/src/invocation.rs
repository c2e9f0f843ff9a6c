//! What every command runs with (the data folder, who acts, when, the language of messages) and the two
//! streams it writes: notes for the user on standard error, machine output alone on standard output.

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
        eprintln!("{}", self.l10n.message(id, args));
    }
}

/// Machine output: pretty JSON alone on standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Unwritable {
        path: "-".to_owned(),
        detail: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}
