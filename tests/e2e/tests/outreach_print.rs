//! Story of the member page's papers for an applicant (issue 14): the leaflet "why should I join?" printed
//! from the window in Lao, then in English after switching the window's language, and the filled-in
//! application form, whose second print is marked as a copy with its print number. Each PDF is read back
//! as `pdftotext` extracts it.
//!
//! Run with `scripts/e2e.sh` (it sets the environment the `nssf_e2e` harness needs), like `e2e.rs`.

use std::path::Path;
use std::time::{Duration, Instant};

use nssf_e2e::{applicant, first_of_month_back, pdf_text, wait_file, Office, Session, TestResult};

/// Waits until the PDF at `path` reads back with `wanted` in its text (a second print replaces the file
/// under the same name), and returns that text.
async fn wait_pdf_text(path: &Path, wanted: &str) -> TestResult<String> {
    wait_file(path).await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = pdf_text(path).unwrap_or_default();
        if text.contains(wanted) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "{} never held {wanted:?}; last read:\n{text}",
                path.display()
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leaflet_and_the_application_form_from_the_member_page() -> TestResult {
    let office = Office::new()?;
    office.init("0101", "01")?;
    let member_no = office.register(&applicant(&first_of_month_back(3)?))?;
    let leaflet = office.saved().join(format!("leaflet-{member_no}.pdf"));
    let form = office
        .saved()
        .join(format!("application-form-{member_no}.pdf"));

    Session::visit(&office, async |clerk| {
        clerk.set_language("lo").await?;
        clerk.open_member(&member_no).await?;
        clerk.wait_for("#outreach-print").await?;

        // The leaflet in the window's language: Lao first.
        clerk.click("#print-leaflet").await?;
        clerk
            .wait_text("#outreach-print-status", |t| {
                t.contains(&format!("leaflet-{member_no}.pdf"))
            })
            .await?;
        let lao = wait_pdf_text(&leaflet, "ທ່ານຈ່າຍເທົ່າໃດ").await?;
        assert!(!lao.contains('\u{fffd}'), "{lao}");
        assert!(!lao.contains("What you pay"), "{lao}");

        // Then in English, after switching the window's language.
        clerk.set_language("en").await?;
        clerk.wait_for("#outreach-print").await?;
        clerk.click("#print-leaflet").await?;
        let english = wait_pdf_text(&leaflet, "What you pay").await?;
        assert!(!english.contains("ທ່ານຈ່າຍເທົ່າໃດ"), "{english}");

        // The application form (always Lao): the original, then a copy marked with its print number.
        clerk.click("#print-application-form").await?;
        clerk
            .wait_text("#outreach-print-status", |t| {
                t.contains(&format!("application-form-{member_no}.pdf"))
            })
            .await?;
        let original = wait_pdf_text(&form, "ໃບສະໝັກເຂົ້າເປັນສະມາຊິກ").await?;
        assert!(original.contains(&member_no), "{original}");
        assert!(!original.contains("ສຳເນົາ"), "{original}");
        clerk.click("#print-application-form").await?;
        let copy = wait_pdf_text(&form, "ສຳເນົາ").await?;
        assert!(copy.contains("ພິມຄັ້ງທີ 2"), "{copy}");
        Ok(())
    })
    .await
}
