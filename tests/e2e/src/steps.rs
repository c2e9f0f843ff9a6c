//! Steps every story takes in the NSSF Desk window: choosing the language, filling the register form,
//! searching, opening a member, signing in and switching user.

use std::time::Duration;

use crate::{eventually, Key, Session, Staff, TestResult, FAMILY_LO, FIRST_ADMIN, GIVEN_LO};

impl Session {
    /// The language the window shows (`lo` or `en`), from the page's `lang`.
    pub async fn language(&self) -> TestResult<String> {
        let value = self
            .script("return document.documentElement.lang;", vec![])
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Switches the window to `lang` with the language toggle (when it shows another), and waits until it has.
    pub async fn set_language(&self, lang: &str) -> TestResult {
        // The page's `lang` is the HTML's "lo" until the window's script has applied the language kept from the
        // last visit, which it does as it labels the toggle: read before that, "lo" could turn into "en".
        self.wait_for("#lang-toggle[aria-label]").await?;
        if self.language().await? != lang {
            self.click("#lang-toggle").await?;
        }
        eventually(
            &format!("language did not switch to {lang}"),
            Duration::from_millis(100),
            async || match self.language().await? {
                shown if shown == lang => Ok(()),
                shown => Err(format!("still {shown:?}").into()),
            },
        )
        .await
    }

    /// Types `text` into the search box and waits for a hit naming `member_no`.
    pub async fn search_finds(&self, text: &str, member_no: &str) -> TestResult {
        self.enter("#search", text).await?;
        self.wait_for(&format!("#search-results [data-member-no=\"{member_no}\"]"))
            .await
            .map_err(|e| format!("searching {text:?}: {e}").into())
    }

    /// Opens the member page of `member_no`: searched by number, opened with Enter.
    pub async fn open_member(&self, member_no: &str) -> TestResult {
        // The search bar appears once the office has loaded.
        self.wait_for("#search-bar:not([hidden])").await?;
        self.search_finds(member_no, member_no).await?;
        self.press("#search", Key::Enter).await?;
        self.wait_text("#member-page #member-no", |t| t.trim() == member_no)
            .await?;
        Ok(())
    }

    /// Signs `staff` in on the sign-in screen (staff id, password, Enter) and waits until the
    /// header names them: an office with staff accounts opens on that screen, and "switch user" returns to it.
    pub async fn sign_in(&self, staff: &Staff) -> TestResult {
        self.wait_for("#signin-form").await?;
        self.enter("#signin-id", staff.id).await?;
        self.enter("#signin-password", staff.password).await?;
        // Keyboard only, as at the counter: Enter in the password field signs in.
        self.press("#signin-password", Key::Enter).await?;
        self.signed_in_as(staff)
            .await
            .map_err(|e| format!("signing in as {}: {e}", staff.id).into())
    }

    /// The first-run screens: district 0101, workstation 01, then the office's first account,
    /// [`FIRST_ADMIN`], who is signed in at once.
    pub async fn set_up_office(&self) -> TestResult {
        self.select("#setup-province", "01").await?;
        self.select("#setup-district", "0101").await?;
        self.type_into("#setup-workstation", "01").await?;
        self.click("#setup-create").await?;
        self.wait_text("#workstation", |t| t.contains("01")).await?;
        self.create_first_admin(&FIRST_ADMIN).await?;
        self.wait_for("#search-bar:not([hidden])").await
    }

    /// The first run's last screen: the office's first account, `staff` (admin, plus the other roles its
    /// `roles` names), created in the window, which then signs that person in.
    pub async fn create_first_admin(&self, staff: &Staff) -> TestResult {
        self.wait_for("#admin-form").await?;
        self.enter("#admin-id", staff.id).await?;
        self.enter("#admin-name", staff.name).await?;
        for role in staff.roles.split(',').filter(|role| *role != "admin") {
            let box_css = format!("#admin-role-{role}");
            if self.prop(&box_css, "checked").await? != "true" {
                self.click(&box_css).await?;
            }
        }
        self.enter("#admin-password", staff.password).await?;
        self.enter("#admin-password-again", staff.password).await?;
        self.click("#admin-create").await?;
        self.signed_in_as(staff)
            .await
            .map_err(|e| format!("creating the first admin {}: {e}", staff.id).into())
    }

    /// Waits until the header names `staff` as the signed-in person. The name is read from the DOM: WebKit's
    /// WebDriver reads the text of that ellipsised span as empty.
    async fn signed_in_as(&self, staff: &Staff) -> TestResult {
        let name = format!(
            "#session-user:not([hidden]) #session-name[title=\"{}\"]",
            staff.id
        );
        self.wait_for(&name).await?;
        let shown = self.prop(&name, "textContent").await?;
        if shown != staff.name {
            return Err(format!("the header names {shown:?}, not {:?}", staff.name).into());
        }
        Ok(())
    }

    /// "Switch user": the signed-in person signs out and the sign-in screen is shown again.
    pub async fn switch_user(&self) -> TestResult {
        self.click("#switch-user").await?;
        self.wait_for("#signin-form").await
    }

    /// Fills the whole register form with valid data except the date of birth, which is given as `dob`.
    pub async fn fill_register_form(&self, dob: &str) -> TestResult {
        self.click("#register").await?;
        self.select("[name=title]", "ms").await?;
        self.fill("given_name_lo", GIVEN_LO).await?;
        self.fill("family_name_lo", FAMILY_LO).await?;
        self.fill("given_name_latin", "Chao").await?;
        self.fill("family_name_latin", "Namchai").await?;
        self.select("[name=sex]", "female").await?;
        self.fill("date_of_birth", dob).await?;
        self.select("[name=\"documents.0.kind\"]", "id_card")
            .await?;
        self.fill("documents.0.number", "1234567890").await?;
        self.fill("phone", "020 5555 1234").await?;
        self.select("[name=province]", "01").await?;
        self.select("[name=district_code]", "0101").await?;
        self.select_first("[name=village_code]").await?;
        self.fill("house_no", "12").await?;
        self.select("[name=occupation]", "vendor").await?;
        self.fill("income_base_kip", "2500000").await?;
        self.select_first("[name=hospital]").await?;
        if self.prop("[name=consent]", "checked").await? != "true" {
            self.click("[name=consent]").await?;
        }
        // The contribution preview follows the income base as it is typed.
        self.wait_text("#contribution", |t| t.contains("225,000"))
            .await?;
        Ok(())
    }
}
