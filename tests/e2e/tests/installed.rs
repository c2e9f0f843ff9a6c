//! The smoke story of an INSTALLED package: the app and the `nssf-desk` command as the .deb put them on disk,
//! started under Xvfb on a throw-away office. It sets the office up, registers a member, finds her, and checks
//! that the command line and the window's About dialog name the same version as the package.
//!
//! Run by `scripts/install-test.sh` (the test command, after the end-to-end tests), which installs the package
//! and points `NSSF_DESK_APP` and `NSSF_DESK_CLI` into the installation and sets `NSSF_E2E_INSTALLED` to the
//! package's version. Without that variable the story is skipped: `scripts/e2e.sh` runs every story of this
//! crate against the development build, which the other stories already cover.

use nssf_e2e::{Office, Session, TestResult};

/// The header's Help button, its menu's About item, and the About dialog's version (the bare `0.1.0`).
const HELP_BUTTON: &str = "#help-button";
const ABOUT_ITEM: &str = "#help-about";
const ABOUT_VERSION: &str = "#about-version";

// Ignored by the ordinary e2e run, which drives the app of the build folder; `scripts/install-test.sh` runs
// it with `--ignored` against the installed package.
#[ignore = "needs the installed package: scripts/install-test.sh runs it"]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn installed_package_sets_up_registers_and_finds() -> TestResult {
    let package_version = std::env::var("NSSF_E2E_INSTALLED").map_err(|e| {
        format!("NSSF_E2E_INSTALLED (the package's version, set by scripts/install-test.sh): {e}")
    })?;
    let office = Office::new()?;

    // `nssf-desk --version` prints "nssf-desk 0.1.0".
    let printed = office.cli().arg("--version").run()?;
    let cli_version = printed.rsplit(' ').next().unwrap_or_default().to_owned();
    assert_eq!(
        cli_version, package_version,
        "nssf-desk --version printed {printed:?}, the package is {package_version}"
    );

    let about_version = Session::visit(&office, async |clerk| {
        clerk.set_up_office().await?;
        let member_no = register(clerk).await?;
        clerk.search_finds("Namchai", &member_no).await?;
        about_version(clerk).await
    })
    .await?;
    assert_eq!(
        about_version, package_version,
        "the About dialog shows {about_version:?}, the package is {package_version}"
    );
    Ok(())
}

/// Registers the usual applicant through the form and returns her new member number.
async fn register(clerk: &Session) -> TestResult<String> {
    clerk.fill_register_form("07/03/1990").await?;
    clerk.click("#save").await?;
    clerk.wait_for("#saved-banner").await?;
    Ok(clerk
        .wait_text("#member-no", |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned())
}

/// Opens the About dialog from the Help menu and reads its version.
async fn about_version(clerk: &Session) -> TestResult<String> {
    clerk.click(HELP_BUTTON).await?;
    clerk.click(ABOUT_ITEM).await?;
    Ok(clerk
        .wait_text(ABOUT_VERSION, |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned())
}
