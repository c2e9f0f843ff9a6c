//! Steps every story takes in the NSSF Desk window: choosing the language, searching, opening a member.

use std::time::Duration;

use crate::{eventually, Key, Session, TestResult};

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
}
