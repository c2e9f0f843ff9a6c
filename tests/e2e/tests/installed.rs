//! The smoke story of an INSTALLED package: the app and the `nssf-desk` command as the .deb put them on disk,
//! started under Xvfb on a throw-away office. It sets the office up, registers a member, finds her, and checks
//! that the command line and the window's About dialog name the same version as the package.
//!
//! Run by `scripts/install-test.sh` (the test command, after the end-to-end tests), which installs the package
//! and points `NSSF_DESK_APP` and `NSSF_DESK_CLI` into the installation and sets `NSSF_E2E_INSTALLED` to the
//! package's version. Without that variable the story is skipped: `scripts/e2e.sh` runs every story of this
//! crate against the development build, which the other stories already cover.

use nssf_e2e::{Office, Session, Staff, TestResult, FAMILY_LO, GIVEN_LO};

/// The header's Help button, its menu's About item, and the About dialog's version (the bare `0.1.0`).
const HELP_BUTTON: &str = "#help-button";
const ABOUT_ITEM: &str = "#help-about";
const ABOUT_VERSION: &str = "#about-version";

const FIRST_ADMIN: Staff = Staff {
    id: "somsak",
    name: "Somsak Phanthavong",
    roles: "admin,clerk,supervisor",
    password: "first-run-admin",
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn installed_package_sets_up_registers_and_finds() -> TestResult {
    let Some(package_version) = std::env::var_os("NSSF_E2E_INSTALLED") else {
        eprintln!("installed: skipped (NSSF_E2E_INSTALLED is set by scripts/install-test.sh only)");
        return Ok(());
    };
    let package_version = package_version
        .into_string()
        .map_err(|v| format!("NSSF_E2E_INSTALLED is not text: {v:?}"))?;
    let office = Office::new()?;

    // `nssf-desk --version` prints "nssf-desk 0.1.0".
    let printed = office.cli().arg("--version").run()?;
    let cli_version = printed.rsplit(' ').next().unwrap_or_default().to_owned();
    assert_eq!(
        cli_version, package_version,
        "nssf-desk --version printed {printed:?}, the package is {package_version}"
    );

    let about_version = Session::visit(&office, async |clerk| {
        set_up_office(clerk).await?;
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

/// The first run: district 0101, workstation 01, then the office's first admin, who is signed in at once.
async fn set_up_office(clerk: &Session) -> TestResult {
    clerk.select("#setup-province", "01").await?;
    clerk.select("#setup-district", "0101").await?;
    clerk.type_into("#setup-workstation", "01").await?;
    clerk.click("#setup-create").await?;
    clerk
        .wait_text("#workstation", |t| t.contains("01"))
        .await?;
    clerk.create_first_admin(&FIRST_ADMIN).await?;
    clerk.wait_for("#search-bar:not([hidden])").await
}

/// Registers the usual applicant through the form and returns her new member number.
async fn register(clerk: &Session) -> TestResult<String> {
    clerk.click("#register").await?;
    clerk.select("[name=title]", "ms").await?;
    clerk.fill("given_name_lo", GIVEN_LO).await?;
    clerk.fill("family_name_lo", FAMILY_LO).await?;
    clerk.fill("given_name_latin", "Chao").await?;
    clerk.fill("family_name_latin", "Namchai").await?;
    clerk.select("[name=sex]", "female").await?;
    clerk.fill("date_of_birth", "07/03/1990").await?;
    clerk
        .select("[name=\"documents.0.kind\"]", "id_card")
        .await?;
    clerk.fill("documents.0.number", "1234567890").await?;
    clerk.fill("phone", "020 5555 1234").await?;
    clerk.select("[name=province]", "01").await?;
    clerk.select("[name=district_code]", "0101").await?;
    clerk.select_first("[name=village_code]").await?;
    clerk.fill("house_no", "12").await?;
    clerk.select("[name=occupation]", "vendor").await?;
    clerk.fill("income_base_kip", "2500000").await?;
    clerk.select_first("[name=hospital]").await?;
    if clerk.prop("[name=consent]", "checked").await? != "true" {
        clerk.click("[name=consent]").await?;
    }
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
