//! The harness of the end-to-end tests: the real NSSF Desk window, started by tauri-driver and driven through
//! WebDriver. The stories themselves live in `tests/e2e.rs`; this crate gives them a [`Session`] (one running
//! app on one [`Office`] folder) with the clerk's vocabulary: fill, click, press, wait for a text, take a
//! screenshot, sign in as a [`Staff`] account; the CLI ([`Cli`]) against the same folders; and the documents the
//! window saves ([`pdf_text`]).
//! `tests/installed.rs` runs the smoke story against an installed package instead of the development build
//! (`scripts/install-test.sh`, part of the test command).
//!
//! Run the stories with `scripts/e2e.sh`: it builds the UI, the app and the CLI, installs tauri-driver and runs
//! them under Xvfb. They need `NSSF_DESK_APP` (absolute path of the built app), `NSSF_DESK_CLI` (the `nssf-desk`
//! binary) and an X display; `TAURI_DRIVER` names tauri-driver (default: on PATH). Each session's tauri-driver
//! listens on free ports of its own, but the stories share one X display and one machine: run them with
//! `--test-threads=1`.
//!
//! ```no_run
//! use nssf_e2e::{applicant, Office, Session, TestResult};
//!
//! async fn registered_member_is_found() -> TestResult {
//!     let office = Office::new()?;
//!     office.init("0101", "01")?;
//!     let member_no = office.register(&applicant(""))?;
//!     Session::visit(&office, async |clerk| {
//!         clerk.wait_text("#workstation", |t| t.contains("01")).await?;
//!         clerk.search_finds("Namchai", &member_no).await
//!     })
//!     .await
//! }
//! ```

mod applicant;
mod cli;
mod driver;
mod files;
mod locale;
mod office;
mod session;
mod steps;

use std::time::{Duration, Instant};

pub use applicant::{applicant, FAMILY_LO, FAMILY_LO_FOLDED, GIVEN_LO};
pub use cli::Cli;
pub use files::{gradient_jpeg, pdf_text, wait_file};
pub use locale::message_fragments;
pub use office::{first_of_month_back, Office, Staff, FIRST_ADMIN};
pub use session::{Key, Session};

/// What every step and story returns: any failure, with a message that says which step and what was seen.
pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// How long one step may take before the story fails: the window starting, sled recovering its log and the
/// webview rendering all fit in it on a slow CI machine, and a real regression still fails in reasonable time.
pub const WAIT: Duration = Duration::from_secs(30);

/// Retries `attempt` every `every` until it succeeds or [`WAIT`] has passed; then its last failure, prefixed
/// with `what`, is the error. While a page loads or re-renders, WebKit answers with all kinds of errors
/// (NoSuchFrame, stale elements), so every failure is retried rather than sorted.
async fn eventually<T>(
    what: &str,
    every: Duration,
    mut attempt: impl AsyncFnMut() -> TestResult<T>,
) -> TestResult<T> {
    let deadline = Instant::now() + WAIT;
    loop {
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(failure) if Instant::now() > deadline => {
                return Err(format!("{what}: {failure}").into())
            }
            Err(_) => tokio::time::sleep(every).await,
        }
    }
}
