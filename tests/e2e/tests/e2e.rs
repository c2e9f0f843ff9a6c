//! Stories of a clerk at the real NSSF Desk window, driven through tauri-driver (WebDriver): first-run setup,
//! language switch, a registration with a Lao validation error, search by Latin and by a folded Lao spelling, a
//! restart that finds the member again; keyboard paths in an office made by the CLI; a photo taken from a file
//! and a printed card; a two-month payment and its receipt; the weekly batch exported from the window, imported
//! by the central office (CLI) and acknowledged; a clerk's correction of a member's name, approved by a
//! supervisor after "switch user".
//!
//! The harness (starting the app, waiting, the CLI, the folders) is the `nssf_e2e` library in `src/`. Run with
//! `scripts/e2e.sh`, which builds everything and sets the environment the harness needs.

use std::path::Path;

use nssf_e2e::{
    applicant, first_of_month_back, gradient_jpeg, message_fragments, pdf_text, wait_file, Key,
    Office, Session, Staff, TestResult, FAMILY_LO, FAMILY_LO_FOLDED, FIRST_ADMIN, GIVEN_LO,
};

// First run, registration and restart -----------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_search_and_restart() -> TestResult {
    let office = Office::new()?;
    let member_no = Session::visit(&office, register_find_and_amend).await?;

    // A second start opens the existing office on the sign-in screen: no setup screen, and once signed in the
    // member is still there.
    Session::visit(&office, async |clerk| {
        clerk
            .wait_text("#workstation", |t| t.contains("01"))
            .await?;
        // Recorded in docs/benchmarks.md: app start (WebDriver session, window, webview) to the first usable
        // field, which is the sign-in screen's staff id now that the office has an account.
        clerk.wait_for("#signin-id").await?;
        eprintln!(
            "e2e: time to the sign-in screen: {} ms",
            clerk.since_start().as_millis()
        );
        assert!(clerk.is_absent("#setup-form").await, "setup shown again");
        clerk.sign_in(&FIRST_ADMIN).await?;
        clerk.search_finds("Chao", &member_no).await
    })
    .await
}

async fn register_find_and_amend(clerk: &Session) -> TestResult<String> {
    clerk.set_language("lo").await?;
    clerk.set_up_office().await?;

    // An impossible date: the Lao error text appears beside the date field.
    clerk.fill_register_form("31/02/1990").await?;
    clerk.click("#save").await?;
    let expected = message_fragments("lo", "errors.ftl", "error-date-impossible")?;
    assert!(
        !expected.is_empty(),
        "locales/lo/errors.ftl has no error-date-impossible"
    );
    let date_error = ".field-errors[data-for=date_of_birth] .field-error";
    let shown = clerk
        .wait_text(date_error, |t| {
            expected
                .iter()
                .all(|fragment| t.contains(fragment.as_str()))
        })
        .await?;
    assert!(
        shown
            .chars()
            .any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c)),
        "not Lao: {shown}"
    );
    clerk.screenshot("register-lo.png").await?;

    // Switching to English keeps what was typed and relabels everything, the error included.
    clerk.set_language("en").await?;
    let given = clerk.prop("[name=given_name_lo]", "value").await?;
    assert_eq!(given, GIVEN_LO);
    let save_en = message_fragments("en", "ui.ftl", "register-save")?.concat();
    clerk.wait_text("#save", |t| t == save_en).await?;
    let expected_en = message_fragments("en", "errors.ftl", "error-date-impossible")?;
    clerk
        .wait_text(date_error, |t| {
            expected_en
                .iter()
                .all(|fragment| t.contains(fragment.as_str()))
        })
        .await?;
    clerk.screenshot("register-en.png").await?;
    clerk.set_language("lo").await?;

    // A real date: registered, and the new member number is shown.
    clerk.fill("date_of_birth", "07/03/1990").await?;
    clerk.click("#save").await?;
    let member_no = clerk
        .wait_text("#member-no", |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned();
    clerk.wait_for("#saved-banner").await?;

    // Found by the Latin name, and by the Lao family name typed another way; Enter opens the member.
    clerk.search_finds("Namchai", &member_no).await?;
    clerk.search_finds(FAMILY_LO_FOLDED, &member_no).await?;
    clerk.press("#search", Key::Enter).await?;
    clerk
        .wait_text("#member-page #member-no", |t| t.trim() == member_no)
        .await?;

    // Amend: the form opens prefilled; the change is saved and shows in the history.
    clerk.click("#amend").await?;
    clerk.wait_value("[name=village_code]").await?;
    clerk.fill("house_no", "14").await?;
    clerk.click("#save").await?;
    clerk.wait_for("#saved-banner").await?;
    // Newest first: the amendment (house number 12 → 14), then the registration.
    clerk
        .wait_text("#history > li:nth-child(1)", |t| {
            t.contains("12") && t.contains("14")
        })
        .await?;
    clerk.wait_for("#history > li:nth-child(2)").await?;
    Ok(member_no)
}

// Keyboard ---------------------------------------------------------------------------------------------------

/// An office folder made by the CLI opens straight into the main screen; keyboard paths of the form work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_initialised_office_and_keyboard() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "02")?;
    Session::visit(&office, keyboard_paths).await
}

async fn keyboard_paths(clerk: &Session) -> TestResult {
    clerk.set_language("en").await?;
    clerk
        .wait_text("#workstation", |t| t.contains("Workstation 02"))
        .await?;

    // Nothing registered yet in this office.
    clerk.type_into("#search", "Nobody").await?;
    clerk.wait_for("#search-none").await?;

    // Enter moves to the next field in paper-form order.
    clerk.click("#register").await?;
    clerk.type_into("[name=given_name_lo]", GIVEN_LO).await?;
    clerk.press("[name=given_name_lo]", Key::Enter).await?;
    assert_eq!(clerk.focused().await?, "family_name_lo");

    // Ctrl+F goes to the search box from anywhere.
    clerk.press("[name=family_name_lo]", Key::CtrlF).await?;
    assert_eq!(clerk.focused().await?, "search");

    // Esc on a form with typed text asks first; confirming goes back to the start page.
    clerk.press("[name=family_name_lo]", Key::Escape).await?;
    clerk.click("#confirm-yes").await?;
    clerk.wait_for("#home").await?;
    clerk.set_language("lo").await?;
    Ok(())
}

// Photos and cards -------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_from_file_and_card() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(""))?;
    let jpeg = office.file("face.jpg");
    gradient_jpeg(&jpeg)?;
    Session::visit(&office, async |clerk| {
        photo_and_card(clerk, &office, &member_no, &jpeg).await
    })
    .await
}

async fn photo_and_card(
    clerk: &Session,
    office: &Office,
    member_no: &str,
    jpeg: &Path,
) -> TestResult {
    clerk.set_language("en").await?;
    clerk.open_member(member_no).await?;
    clerk.wait_for("#member-photo-none").await?;

    // A photo from a file: the hidden file input is handed the path, as the file chooser would.
    clerk.click("#take-photo").await?;
    clerk
        .type_into("#photo-file", &jpeg.display().to_string())
        .await?;
    let frame = "#photo-frame[data-crop]";
    let before = clerk.attr(frame, "data-crop").await?;
    // The frame moves with the arrow keys and shrinks with "-".
    clerk.press(frame, Key::ArrowLeft).await?;
    clerk.press(frame, Key::ArrowLeft).await?;
    clerk.type_into(frame, "--").await?;
    let after = clerk.attr(frame, "data-crop").await?;
    assert_ne!(before, after, "the frame did not move");
    clerk.click("#photo-save").await?;
    clerk.wait_for("#photo-saved").await?;
    clerk.wait_for("#member-photo:not([hidden])").await?;

    // Print the card: saved (no dialog in tests) and listed as issue 1.
    clerk.click("#print-card").await?;
    let card = format!("card-{member_no}.pdf");
    clerk
        .wait_text("#card-status", |t| t.contains(&card))
        .await?;
    let pdf = office.saved().join(&card);
    wait_file(&pdf).await?;
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(member_no),
        "card PDF lacks {member_no}: {text}"
    );
    clerk.wait_for("#card-issues [data-issue=\"1\"]").await?;
    clerk
        .screenshot_of("#card-section", "card-print-en.png")
        .await?;

    // A second print asks why; cancelling prints nothing.
    clerk.click("#print-card").await?;
    clerk.click("#reprint-dialog-cancel").await?;
    assert!(
        clerk.is_absent("#card-issues [data-issue=\"2\"]").await,
        "a cancelled reprint was listed as issue 2"
    );

    // The card is printed and nothing changed since: the print queue is empty.
    clerk.click("#nav-queue").await?;
    clerk.wait_for("#queue-page #queue-empty").await?;
    Ok(())
}

// Contributions ----------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_month_payment_and_receipt() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(&first_of_month_back(3)?))?;
    Session::visit(&office, async |clerk| {
        two_month_payment(clerk, &office, &member_no).await
    })
    .await
}

async fn two_month_payment(clerk: &Session, office: &Office, member_no: &str) -> TestResult {
    clerk
        .wait_text("#workstation", |t| t.contains("01"))
        .await?;
    clerk.set_language("lo").await?;
    clerk.open_member(member_no).await?;
    // Registered months ago: arrears.
    let arrears: u32 = clerk
        .wait_text("#arrears-months", |t| {
            t.trim().parse::<u32>().is_ok_and(|n| n >= 2)
        })
        .await?
        .trim()
        .parse()?;
    assert!(arrears >= 3, "expected arrears, saw {arrears}");

    clerk.click("#take-payment").await?;
    clerk.enter("#pay-count", "2").await?;
    // The quote shows the two oldest unpaid months and their total before anything is taken.
    clerk
        .wait_texts("#quote tbody tr", |lines| lines.len() == 2)
        .await?;
    clerk.wait_text("#quote-total", |t| t.contains('₭')).await?;
    clerk.click("#pay-confirm").await?;
    let receipt_no = clerk
        .wait_text("#receipt-no", |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned();

    // The two months are covered by that receipt.
    clerk
        .wait_texts("#months li[data-status=covered]", |covered| {
            covered.len() == 2 && covered.iter().all(|t| t.contains(&receipt_no))
        })
        .await?;
    clerk
        .wait_text("#arrears-months", |t| t.trim() == (arrears - 2).to_string())
        .await?;
    clerk
        .wait_for(&format!("#receipts tr[data-receipt-no=\"{receipt_no}\"]"))
        .await?;

    // Print the receipt (A5): saved under its default name, and it names the receipt.
    clerk.click("#print-receipt-a5").await?;
    let receipt = format!("receipt-{receipt_no}.pdf");
    clerk
        .wait_text("#pay-status", |t| t.contains(&receipt))
        .await?;
    let pdf = office.saved().join(&receipt);
    wait_file(&pdf).await?;
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(&receipt_no),
        "receipt PDF lacks {receipt_no}: {text}"
    );
    clerk
        .screenshot_of("#contributions", "member-contributions-lo.png")
        .await?;

    // The day close page counts the receipt as cash and prints the day sheet.
    clerk.click("#nav-day").await?;
    clerk
        .wait_text("#day-receipt-count", |t| t.trim() == "1")
        .await?;
    clerk.wait_for("#day-methods tr[data-method=cash]").await?;
    clerk.click("#day-print").await?;
    clerk
        .wait_text("#day-status", |t| t.contains(".pdf"))
        .await?;
    let day_sheet = office.find_saved("day-", ".pdf")?;
    assert!(
        pdf_text(&day_sheet)?.contains(&receipt_no),
        "the day sheet lacks {receipt_no}"
    );
    Ok(())
}

// The weekly batch -------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weekly_export_and_acknowledgement() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(&first_of_month_back(2)?))?;
    office
        .cli()
        .args(["pay", &member_no, "--months", "1", "--method", "cash"])
        .run()?;
    // The central office and the office exchange keys before the window opens (the store is the app's then).
    let central_key = office.file("central.key");
    let office_key = office.file("office.key");
    office.central_cli().arg("init").run()?;
    office
        .central_cli()
        .args(["key", "--out"])
        .arg(&central_key)
        .run()?;
    office
        .cli()
        .args(["office-key", "--out"])
        .arg(&office_key)
        .run()?;
    office
        .central_cli()
        .args(["trust", "--office-key"])
        .arg(&office_key)
        .run()?;
    office
        .cli()
        .args(["central-key", "--import"])
        .arg(&central_key)
        .run()?;

    Session::visit(&office, async |clerk| weekly_export(clerk, &office).await).await
}

async fn weekly_export(clerk: &Session, office: &Office) -> TestResult {
    clerk
        .wait_text("#workstation", |t| t.contains("01"))
        .await?;
    clerk.set_language("en").await?;
    clerk.click("#nav-weekly").await?;
    // Registered and paid: two changes wait, and the central key is installed (batches are encrypted).
    clerk
        .wait_text("#weekly-pending-changes", |t| t.trim() == "2")
        .await?;
    clerk
        .wait_for("#weekly-kinds tr[data-kind=payment_recorded]")
        .await?;
    clerk.wait_for("#weekly-key[data-installed=true]").await?;
    clerk.wait_for("#weekly-last-export [data-never]").await?;

    clerk.click("#weekly-export").await?;
    let batch_name = "nssf-0101-01-000001.batch";
    clerk
        .wait_text("#weekly-status", |t| t.contains(batch_name))
        .await?;
    let batch = office.saved().join(batch_name);
    wait_file(&batch).await?;
    clerk
        .wait_text("#weekly-last-batch", |t| t.trim() == "1")
        .await?;
    clerk
        .wait_for("#weekly-batches tr[data-batch=\"1\"] button.write-again")
        .await?;
    clerk
        .wait_text("#weekly-last-export", |t| t.contains('/'))
        .await?;
    clerk
        .wait_text("#weekly-pending-changes", |t| t.trim() == "2")
        .await?;
    clerk
        .screenshot_of("#weekly-page", "weekly-export-en.png")
        .await?;

    // The central office imports it and acknowledges; the window applies the acknowledgement.
    office.central_cli().arg("import").arg(&batch).run()?;
    let ack = office.saved().join("nssf-0101-01-000001.ack");
    office
        .central_cli()
        .args(["ack", "--office", "0101", "--workstation", "01", "--out"])
        .arg(&ack)
        .run()?;
    clerk.click("#weekly-import-ack").await?;
    clerk
        .wait_text("#weekly-ack-result", |t| t.contains("2 accepted"))
        .await?;
    clerk
        .wait_text("#weekly-pending-changes", |t| t.trim() == "0")
        .await?;
    clerk
        .wait_text("#weekly-last-ack", |t| t.contains('/'))
        .await?;
    clerk.wait_for("#weekly-rejected").await?;
    clerk.set_language("lo").await?;
    Ok(())
}

// Staff accounts and corrections -----------------------------------------------------------------------------

const ADMIN: Staff = Staff {
    id: "admin",
    name: "Vanh Sisouk",
    roles: "admin",
    password: "admin-pass-2026",
};
const CLERK: Staff = Staff {
    id: "noy",
    name: "Noy Keomany",
    roles: "clerk,cashier",
    password: "noy-counter-01",
};
const SUPERVISOR: Staff = Staff {
    id: "kham",
    name: "Kham Vongsa",
    roles: "supervisor",
    password: "kham-checks-02",
};

/// The Latin family name the clerk corrects "Namchai" to.
const CORRECTED: &str = "Namsay";

/// A correction needs a second person: a clerk changes the member's Latin family name, which waits for a
/// supervisor; the supervisor approves it after "switch user", and only then does the member change. On the
/// way, the sign-in, staff admin, pending correction and audit trail screens are photographed in both
/// languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_needs_a_second_person() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    // Registered by the setup user, before the first account: from then on everyone signs in.
    let member_no = office.register(&applicant(""))?;
    office.add_staff(&ADMIN, None)?;
    office.add_staff(&CLERK, Some(&ADMIN))?;
    office.add_staff(&SUPERVISOR, Some(&ADMIN))?;

    Session::visit(&office, async |window| {
        sign_in_and_staff_admin(window).await?;
        clerk_requests_correction(window, &member_no).await?;
        supervisor_approves(window, &member_no).await
    })
    .await?;

    // The record holds the new name; the audit trail names who asked and who approved, and its chain holds.
    let shown: serde_json::Value = serde_json::from_str(
        &office
            .cli()
            .user(SUPERVISOR.id, SUPERVISOR.password)
            .args(["show", &member_no, "--json"])
            .run()?,
    )?;
    assert_eq!(shown["family_name_latin"], CORRECTED, "{shown}");
    let audit: serde_json::Value = serde_json::from_str(
        &office
            .cli()
            .user(SUPERVISOR.id, SUPERVISOR.password)
            .args(["audit", "list", "--json"])
            .run()?,
    )?;
    let entries = audit.as_array().ok_or("audit list is not an array")?;
    let by = |action: &str| {
        entries
            .iter()
            .find(|e| e["action"] == action && e["record"] == member_no.as_str())
            .map(|e| e["actor"].clone())
    };
    assert_eq!(by("correction-requested"), Some(CLERK.id.into()), "{audit}");
    assert_eq!(
        by("correction-approved"),
        Some(SUPERVISOR.id.into()),
        "{audit}"
    );
    let amended = entries
        .iter()
        .find(|e| e["action"] == "amended" && e["record"] == member_no.as_str())
        .ok_or_else(|| format!("no amended entry for {member_no}: {audit}"))?;
    assert!(
        amended["detail"].as_array().is_some_and(|changes| changes
            .iter()
            .any(|c| c["field"] == "family_name_latin"
                && c["before"] == "Namchai"
                && c["after"] == CORRECTED)),
        "{amended}"
    );
    let verified = office
        .cli()
        .user(SUPERVISOR.id, SUPERVISOR.password)
        .args(["audit", "verify"])
        .run()?;
    assert!(verified.starts_with("intact "), "{verified}");
    Ok(())
}

/// The app opens on the sign-in screen; the admin signs in and sees the three accounts.
async fn sign_in_and_staff_admin(window: &Session) -> TestResult {
    window.wait_for("#signin-form").await?;
    // The window keeps the last language chosen on this PC, whichever story chose it.
    window.set_language("lo").await?;
    assert!(
        window.is_absent("#search-bar:not([hidden])").await,
        "the search bar shows before anyone signed in"
    );
    window.screenshot("signin-lo.png").await?;
    window.set_language("en").await?;
    window.screenshot("signin-en.png").await?;

    window.sign_in(&ADMIN).await?;
    window.click("#nav-staff").await?;
    window
        .wait_texts("#staff-table tbody tr", |rows| rows.len() == 3)
        .await?;
    window.screenshot("staff-admin-en.png").await?;
    window.set_language("lo").await?;
    window.screenshot("staff-admin-lo.png").await?;
    window.set_language("en").await?;
    window.switch_user().await
}

/// The clerk changes the Latin family name: the form saves, says it waits for a supervisor, and the member
/// keeps the old name.
async fn clerk_requests_correction(window: &Session, member_no: &str) -> TestResult {
    window.sign_in(&CLERK).await?;
    // A clerk asks; deciding is a supervisor's, so the queue is not offered.
    assert!(
        window.is_absent("#nav-corrections:not([hidden])").await,
        "the clerk is offered the corrections queue"
    );
    window.open_member(member_no).await?;
    window.click("#amend").await?;
    window.wait_value("[name=village_code]").await?;
    window.fill("family_name_latin", CORRECTED).await?;
    window.click("#save").await?;
    let filed = message_fragments("en", "ui.ftl", "member-correction-filed")?;
    assert!(
        !filed.is_empty(),
        "locales/en/ui.ftl has no member-correction-filed"
    );
    window
        .wait_text("#saved-banner", |t| {
            filed.iter().all(|fragment| t.contains(fragment.as_str()))
        })
        .await?;
    window
        .wait_text("#member-page .member-head .latin", |t| {
            t.trim() == "Chao Namchai"
        })
        .await?;
    window.wait_for("#member-correction-waiting").await?;
    window.switch_user().await
}

/// The supervisor finds the correction waiting, approves it, and the member page shows the new name; the
/// audit trail lists the request and the approval.
async fn supervisor_approves(window: &Session, member_no: &str) -> TestResult {
    window.sign_in(&SUPERVISOR).await?;
    window.click("#nav-corrections").await?;
    let row = format!("#corrections-page li.correction[data-member=\"{member_no}\"]");
    window
        .wait_text(&format!("{row} li[data-field=family_name_latin]"), |t| {
            t.contains("Namchai") && t.contains(CORRECTED)
        })
        .await?;
    window.screenshot("correction-pending-en.png").await?;
    window.set_language("lo").await?;
    window.screenshot("correction-pending-lo.png").await?;
    window.set_language("en").await?;
    window
        .click(&format!("{row} button[id^=correction-approve-]"))
        .await?;
    window.wait_for("#corrections-done").await?;
    window.wait_for("#corrections-none").await?;

    window.open_member(member_no).await?;
    window
        .wait_text("#member-page .member-head .latin", |t| {
            t.trim() == format!("Chao {CORRECTED}")
        })
        .await?;
    window
        .wait_for("#member-corrections li.correction[data-status=approved]")
        .await?;

    // The whole trail, newest included, and its chain checked.
    window.click("#nav-audit").await?;
    window.click("#audit-show").await?;
    window
        .wait_text(
            "#audit-table tr[data-action=\"correction-approved\"]",
            |t| t.contains(SUPERVISOR.id) && t.contains(member_no),
        )
        .await?;
    window
        .wait_for("#audit-table tr[data-action=\"correction-requested\"]")
        .await?;
    window.click("#audit-check").await?;
    window.wait_for("#audit-chain[data-status=intact]").await?;
    window.screenshot("audit-trail-en.png").await?;
    window.set_language("lo").await?;
    window.screenshot("audit-trail-lo.png").await?;
    window.switch_user().await
}

// Backups from the window -----------------------------------------------------------------------------------

/// The office's backup passphrase in the backup story.
const BACKUP_PASSPHRASE: &str = "stick in the drawer 2026";

/// Backups from the window: the header warns that the office, which has a member, was never backed up; the
/// admin sets the backup passphrase (once) and the backup folder (a USB stick); a supervisor follows the
/// warning to the backup screen and presses "back up now"; the warning goes, the backup is in the folder and
/// `backup-verify` reads it with the passphrase. The backup screen is photographed in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_backs_up_from_the_window() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    office.register(&applicant(""))?;
    office.add_staff(&ADMIN, None)?;
    office.add_staff(&SUPERVISOR, Some(&ADMIN))?;
    let stick = office.file("stick");
    std::fs::create_dir_all(&stick)?;
    let stick_text = stick.display().to_string();

    Session::visit(&office, async |window| {
        window.wait_for("#signin-form").await?;
        window.set_language("en").await?;
        window.sign_in(&ADMIN).await?;
        window
            .wait_text("#backup-warning:not([hidden])", |t| !t.trim().is_empty())
            .await?;
        window.click("#nav-backup").await?;
        window
            .wait_for("#backup-passphrase-form:not([hidden])")
            .await?;
        window.fill("passphrase", BACKUP_PASSPHRASE).await?;
        window.fill("passphrase-again", BACKUP_PASSPHRASE).await?;
        window.click("#backup-passphrase-save").await?;
        window
            .wait_for("#backup-passphrase-is-set:not([hidden])")
            .await?;
        window.fill("folder", &stick_text).await?;
        window.fill("keep", "5").await?;
        window.click("#backup-settings-save").await?;
        window
            .wait_text("#backup-now-hint", |t| t.contains(stick_text.as_str()))
            .await?;
        window.switch_user().await?;

        // The supervisor sees the warning too, and it leads to the backup screen.
        window.sign_in(&SUPERVISOR).await?;
        window.wait_for("#backup-warning:not([hidden])").await?;
        window.click("#backup-warning").await?;
        window.wait_for("#backup-page #backup-now").await?;
        assert!(
            window
                .is_absent("#backup-settings-form:not([hidden])")
                .await,
            "a supervisor is offered the admin's backup settings"
        );
        window.click("#backup-now").await?;
        window
            .wait_text("#backup-done", |t| t.contains("nssf-backup-0101-01-"))
            .await?;
        window.wait_for("#backup-warning[hidden]").await?;
        window.switch_user().await?;

        // The admin's view of the screen, for the screenshots: the last backup, the passphrase set, the folder.
        window.sign_in(&ADMIN).await?;
        window.click("#nav-backup").await?;
        window
            .wait_text("#backup-last", |t| t.contains('/'))
            .await?;
        window.wait_value("[name=folder]").await?;
        window.screenshot("backup-en.png").await?;
        window.set_language("lo").await?;
        window.screenshot("backup-lo.png").await?;
        window.switch_user().await
    })
    .await?;

    let backups: Vec<std::path::PathBuf> = std::fs::read_dir(&stick)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    let [backup] = backups.as_slice() else {
        return Err(format!("one backup expected in the folder: {backups:?}").into());
    };
    let cli = std::env::var_os("NSSF_DESK_CLI").ok_or("NSSF_DESK_CLI is not set")?;
    let verified = std::process::Command::new(cli)
        .arg("backup-verify")
        .arg(backup)
        .env("NSSF_DESK_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
        .output()?;
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(stdout.starts_with("valid"), "{stdout}");
    assert!(stdout.contains("members 1"), "{stdout}");
    Ok(())
}

// Reports and arrears lists ---------------------------------------------------------------------------------

/// A supervisor opens the reports screen: this month's figures, then a period of three months typed with Lao
/// digits, its charts (SVG images labelled by their titles, each with its hidden table of figures) per week and
/// per month; saves the report as PDF and CSV; then the arrears list, where the member who paid two of her five
/// months is listed under her village with her phone, and saves the call sheet and the CSV for an SMS gateway.
/// Both screens are photographed in both languages. An admin changes when a member counts as lapsed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_reads_the_reports_and_the_arrears_list() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(&first_of_month_back(5)?))?;
    office
        .cli()
        .args(["pay", &member_no, "--months", "2", "--method", "cash"])
        .run()?;
    office
        .cli()
        .args(["demo", "--members", "40", "--seed", "14"])
        .run()?;
    office.add_staff(&ADMIN, None)?;
    office.add_staff(&SUPERVISOR, Some(&ADMIN))?;
    let from = lao_digits(&display_day(&first_of_month_back(2)?));
    let to = lao_digits(&display_day(&first_of_month_back(0)?));
    let member_row = format!("#arrears-list tr[data-member=\"{member_no}\"]");

    Session::visit(&office, async |window| {
        window.wait_for("#signin-form").await?;
        window.set_language("en").await?;
        window.sign_in(&SUPERVISOR).await?;
        window.click("#nav-reports").await?;
        // This month: her payment of today is counted.
        window
            .wait_text("#reports-payments dd", |t| t.trim() != "0")
            .await?;
        for chart in [
            "chart-weeks-registrations",
            "chart-weeks-kip",
            "chart-method",
            "chart-members",
            "chart-sex",
            "chart-age",
            "chart-occupation",
        ] {
            window
                .wait_for(&format!(
                    "#{chart} svg[role=img][aria-labelledby=\"{chart}-title\"]"
                ))
                .await?;
            window.wait_for(&format!("#{chart}-data tbody tr")).await?;
        }
        window
            .screenshot_of("#reports-period-shown", "reports-en.png")
            .await?;

        // Three months typed as Lao offices write them: a chart per month too.
        window.set_language("lo").await?;
        window.select("#f-reports-kind", "custom").await?;
        window.fill("from", &from).await?;
        window.fill("to", &to).await?;
        window.click("#reports-show").await?;
        window
            .wait_text("#chart-months-kip figcaption", |t| t.contains("ເງິນສົມທົບ"))
            .await?;
        window
            .wait_for("#chart-months-kip-data tbody tr:nth-child(3)")
            .await?;
        window
            .wait_text("#chart-weeks-kip figcaption", |t| t.contains("ແຕ່ລະອາທິດ"))
            .await?;
        window
            .screenshot_of("#reports-period-shown", "reports-lo.png")
            .await?;
        window.click("#reports-save-csv").await?;
        window
            .wait_text("#reports-saved", |t| t.contains(".csv"))
            .await?;
        window.click("#reports-save-pdf").await?;
        window
            .wait_text("#reports-saved", |t| t.contains(".pdf"))
            .await?;

        // The arrears list: she owes three months, under her village, with her phone as dialled in Laos.
        window.click("#nav-arrears").await?;
        window
            .wait_text(&member_row, |t| t.contains("020 5555 1234"))
            .await?;
        window
            .wait_text("#arrears-village-0 h2", |t| t.contains("ເງິນຄ້າງຈ່າຍ"))
            .await?;
        window.screenshot("arrears-lo.png").await?;
        window.click("#arrears-save-pdf").await?;
        window
            .wait_text("#arrears-saved", |t| t.contains(".pdf"))
            .await?;
        window.click("#arrears-save-csv").await?;
        window
            .wait_text("#arrears-saved", |t| t.contains(".csv"))
            .await?;
        window.set_language("en").await?;
        window
            .wait_text("#arrears-village-0 h2", |t| t.contains("arrears"))
            .await?;
        window.screenshot("arrears-en.png").await?;
        assert!(
            window.is_absent("#reports-lapsed-form:not([hidden])").await,
            "a supervisor is offered the admin's setting"
        );
        window.switch_user().await?;

        // The admin says when a member counts as lapsed; the report follows.
        window.sign_in(&ADMIN).await?;
        window.click("#nav-reports").await?;
        window.wait_value("[name=lapsed_after_months]").await?;
        window.fill("lapsed_after_months", "6").await?;
        window.click("#reports-lapsed-save").await?;
        window
            .wait_text("#reports-lapsed-saved", |t| t.contains('6'))
            .await?;
        window
            .wait_text("#reports-lapsed dt", |t| t.contains('6'))
            .await?;
        window.switch_user().await
    })
    .await?;

    let csv = std::fs::read(office.find_saved("arrears-", ".csv")?)?;
    let csv = String::from_utf8(csv)?;
    assert!(csv.starts_with("\u{feff}member_no,name_lo,"), "{csv}");
    assert!(
        csv.contains(&member_no) && csv.contains("+8562055551234"),
        "{csv}"
    );
    let report_csv = String::from_utf8(std::fs::read(office.find_saved("report-", ".csv")?)?)?;
    assert!(
        report_csv.starts_with("\u{feff}section,code,name_lo,"),
        "{report_csv}"
    );
    let report_pdf = pdf_text(&office.find_saved("report-", ".pdf")?)?;
    assert!(report_pdf.contains("ລາຍງານ"), "{report_pdf}");
    let call_sheet = pdf_text(&office.find_saved("call-sheet-", ".pdf")?)?;
    assert!(call_sheet.contains(&member_no), "{call_sheet}");
    Ok(())
}

/// `YYYY-MM-DD` as Lao documents write a day, `DD/MM/YYYY`.
fn display_day(iso: &str) -> String {
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// The same text with Lao digits (໐–໙), as a clerk may type dates.
fn lao_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0ED0 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

// Help when something is wrong ------------------------------------------------------------------------------

/// Help → About shows the version `nssf-desk --version` prints and the office; Help → Diagnostics lists what the
/// support file holds and saves it, naming nobody; the window's log holds no name either. Then the folder is
/// left as a newer release would leave it (a later schema): the window says so in Lao instead of a blank page,
/// and Diagnostics still works, with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_about_diagnostics_and_a_folder_of_a_newer_release() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(""))?;
    let cli_version = office.cli().arg("--version").run()?;
    Session::visit(&office, async |clerk| {
        clerk.set_language("lo").await?;
        clerk
            .wait_text("#workstation", |t| t.contains("01"))
            .await?;
        clerk.search_finds("Namchai", &member_no).await?;
        // The shell holds the crash screen's channel.
        clerk.wait_for("body[data-crash-watch='on']").await?;
        clerk.click("#help-button").await?;
        clerk.click("#help-about").await?;
        let version = clerk.wait_text("#about-version", |t| !t.is_empty()).await?;
        assert_eq!(cli_version, format!("nssf-desk {version}"));
        clerk.wait_text("#about-workstation", |t| t == "01").await?;
        clerk
            .wait_text("#about-licences", |t| t.contains("OFL.txt"))
            .await?;
        clerk.screenshot("about-lo.png").await?;
        clerk.click("#about-close").await?;

        clerk.click("#help-button").await?;
        clerk.click("#help-diagnostics").await?;
        clerk
            .wait_text("#diagnostics-members", |t| t == "1")
            .await?;
        clerk.screenshot("diagnostics-lo.png").await?;
        clerk.click("#diagnostics-save").await?;
        clerk
            .wait_text("#diagnostics-status", |t| t.contains(".json"))
            .await?;
        Ok(())
    })
    .await?;
    let support =
        std::fs::read_to_string(office.find_saved("nssf-desk-diagnostics-0101-01-", ".json")?)?;
    assert!(support.contains("\"members\": 1"), "{support}");
    let log = std::fs::read_to_string(office.file("logs").join("nssf-desk.log"))?;
    assert!(
        log.contains("NSSF Desk") && log.contains("started"),
        "{log}"
    );
    for personal in ["Namchai", "Chao", FAMILY_LO, GIVEN_LO, "123456789"] {
        assert!(!support.contains(personal), "{personal} in {support}");
        assert!(!log.contains(personal), "{personal} in {log}");
    }

    // As a later release leaves a folder: its data stamped with a newer schema. A folder of its own, which
    // no window has opened: a closed window's process may hold its office's lock for a while yet.
    let newer = Office::new()?;
    newer.init("0101", "01")?;
    nssf_store::Store::open(newer.data())?.set_schema_version(nssf_store::SCHEMA_VERSION + 1)?;
    let expected = message_fragments("lo", "errors.ftl", "error-schema-too-new")?;
    Session::visit(&newer, async |clerk| {
        clerk
            .wait_text("#app-error", |t| {
                expected.iter().all(|f| t.contains(f.as_str()))
            })
            .await?;
        clerk.click("#help-button").await?;
        clerk.click("#help-diagnostics").await?;
        clerk
            .wait_text("#diagnostics-open-error", |t| t.contains("schema-too-new"))
            .await?;
        Ok(())
    })
    .await
}
