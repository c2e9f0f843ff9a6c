//! One visit to the window: the app started on an office folder, and what a clerk does there.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::driver::TauriDriver;
use crate::{eventually, Office, TestResult};

/// How often a waiting step looks at the window again.
const POLL: Duration = Duration::from_millis(100);

/// One running app: tauri-driver, the window's WebDriver session, and the office folder it opened.
///
/// Steps name elements by CSS selector and wait for them (up to [`WAIT`](crate::WAIT)), because the window
/// renders after each answer from the Rust side. End a session with [`Session::end`] (or use
/// [`Session::visit`]), so that a failure leaves a screenshot behind.
#[derive(Debug)]
pub struct Session {
    client: Client,
    started: Instant,
    /// The office folder the app opened: [`Session::end`] waits until the app lets go of it.
    data: PathBuf,
    // Held only to be dropped, and declared last so that it is dropped last: stopping tauri-driver closes the
    // window.
    _driver: TauriDriver,
}

/// A key the clerk presses, as WebDriver spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Enter: next field in a form, open the selected search hit.
    Enter,
    /// Escape: leave a form (asking first when something was typed).
    Escape,
    /// The left arrow: moves the photo's crop frame.
    ArrowLeft,
    /// Ctrl+F: to the search box from anywhere.
    CtrlF,
}

impl Key {
    fn keys(self) -> &'static str {
        match self {
            Key::Enter => "\u{E007}",
            Key::Escape => "\u{E00C}",
            Key::ArrowLeft => "\u{E012}",
            // Control down, f, then NULL, which releases the modifiers.
            Key::CtrlF => "\u{E009}f\u{E000}",
        }
    }
}

/// Waits until no app holds the office open. Closing the window and stopping tauri-driver do not wait for the
/// app's process to exit, and sled holds an exclusive lock on its folder until it does: a session started
/// on the same office too soon (a restart) would find the store locked, as the clerk would if the app were
/// started twice. sled takes the lock with `flock` on `db/db`; so does `File::try_lock`.
async fn until_closed(data: &Path) -> TestResult {
    let lock = data.join("db").join("db");
    if !lock.exists() {
        return Ok(());
    }
    eventually("the previous app to release the office", POLL, async || {
        let file = std::fs::File::open(&lock)?;
        file.try_lock()?;
        Ok(())
    })
    .await
}

impl Session {
    /// Starts the app (`NSSF_DESK_APP`) on `office`'s data folder and opens a WebDriver session on its window.
    pub async fn start(office: &Office) -> TestResult<Session> {
        let app = app_path()?;
        until_closed(office.data()).await?;
        let driver = TauriDriver::start(office.data(), office.saved()).await?;
        let started = Instant::now();
        let client = driver.connect(&app).await?;
        Ok(Session {
            client,
            started,
            data: office.data().to_path_buf(),
            _driver: driver,
        })
    }

    /// Starts the app on `office`, lets `clerk` work in it, and [ends](Session::end) the session with the
    /// clerk's outcome.
    pub async fn visit<T>(
        office: &Office,
        clerk: impl AsyncFnOnce(&Session) -> TestResult<T>,
    ) -> TestResult<T> {
        let session = Session::start(office).await?;
        let outcome = clerk(&session).await;
        session.end(outcome).await
    }

    /// Closes the window and stops tauri-driver. When `outcome` is a failure, what the window showed is kept
    /// first, for the person reading the log (a failing `assert!` panics instead, and leaves no screenshot).
    pub async fn end<T>(self, outcome: TestResult<T>) -> TestResult<T> {
        if outcome.is_err() {
            self.keep_failure_screenshot().await;
        }
        // As the clerk would: the window (the app exits when its last window closes), then the WebDriver session.
        if let Err(e) = self.client.close_window().await {
            eprintln!("e2e: closing the window: {e}");
        }
        if let Err(e) = self.client.clone().close().await {
            eprintln!("e2e: ending the WebDriver session: {e}");
        }
        // What a story does next (the command line on the same folder, or another session) needs the office
        // the app held: wait for the app's process to exit, which closing the window does not wait for (a slow exit,
        // e.g. on a cold machine, made the next `nssf-desk` call find the office still open in the app). The
        // driver is stopped only after that: stopped at once, it sometimes took WebKitWebDriver with it
        // before the app had exited, and the app, orphaned, kept the office open (8 full runs in about 25 here).
        // After the session closes the app lets go within about 100 ms.
        let Session { data, _driver, .. } = self;
        let released = until_closed(&data).await;
        drop(_driver);
        let value = outcome?;
        released?;
        Ok(value)
    }

    /// Time since the app was started, WebDriver session included.
    pub fn since_start(&self) -> Duration {
        self.started.elapsed()
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> TestResult {
        self.find(css).await.map(drop)
    }

    /// Whether nothing matches `css` right now (without waiting).
    pub async fn is_absent(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_err()
    }

    /// Clicks `css`, scrolled to the middle of the window first (the form's action bar is sticky and may
    /// cover what sits under it); retried, because a click can land while the page re-renders.
    pub async fn click(&self, css: &str) -> TestResult {
        eventually(&format!("click {css}"), POLL, async || {
            let element = self.client.find(Locator::Css(css)).await?;
            let _ = self
                .script(
                    "arguments[0].scrollIntoView({block: 'center'});",
                    vec![serde_json::to_value(&element)?],
                )
                .await;
            Ok(element.click().await?)
        })
        .await
    }

    /// Replaces the text of the form field named `name` by `text`.
    pub async fn fill(&self, name: &str, text: &str) -> TestResult {
        self.enter(&format!("[name=\"{name}\"]"), text).await
    }

    /// Replaces the text of the control `css` by `text`.
    pub async fn enter(&self, css: &str, text: &str) -> TestResult {
        let input = self.find(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Types `text` into `css` after what it holds. For a file input, `text` is the path of the chosen file.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        self.find(css).await?.send_keys(text).await?;
        Ok(())
    }

    /// Presses `key` in the element `css`.
    pub async fn press(&self, css: &str, key: Key) -> TestResult {
        self.type_into(css, key.keys()).await
    }

    /// Chooses `value` in the select `css` once that option has been loaded. Set through script with a change
    /// event, as a keyboard user's choice would fire it: clicking an option of a long form is flaky in WebKit.
    pub async fn select(&self, css: &str, value: &str) -> TestResult {
        self.wait_for(&format!("{css} option[value=\"{value}\"]"))
            .await?;
        let script =
            "const s = document.querySelector(arguments[0]); s.scrollIntoView({block: 'center'}); \
                      s.focus(); s.value = arguments[1]; \
                      s.dispatchEvent(new Event('input', {bubbles: true})); \
                      s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;";
        let chosen = self.script(script, vec![css.into(), value.into()]).await?;
        if chosen.as_str() != Some(value) {
            return Err(format!("{css}: could not choose {value:?}").into());
        }
        Ok(())
    }

    /// Chooses the first real option (after "choose") of the select `css`, once the list has loaded, and
    /// returns its value.
    pub async fn select_first(&self, css: &str) -> TestResult<String> {
        let value = self
            .attr(&format!("{css} option:nth-child(2)"), "value")
            .await?;
        self.select(css, &value).await?;
        Ok(value)
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> TestResult<String> {
        eventually(css, POLL, async || {
            let text = self.client.find(Locator::Css(css)).await?.text().await?;
            if ok(&text) {
                Ok(text)
            } else {
                Err(format!("text never matched; last seen {text:?}").into())
            }
        })
        .await
    }

    /// Waits until the texts of all the elements matching `css`, in page order, satisfy `ok`, and returns them.
    pub async fn wait_texts(
        &self,
        css: &str,
        ok: impl Fn(&[String]) -> bool,
    ) -> TestResult<Vec<String>> {
        eventually(css, POLL, async || {
            let mut texts = Vec::new();
            for element in self.client.find_all(Locator::Css(css)).await? {
                texts.push(element.text().await?);
            }
            if ok(&texts) {
                Ok(texts)
            } else {
                Err(format!("texts never matched; last seen {texts:?}").into())
            }
        })
        .await
    }

    /// Waits until the control `css` holds a value, and returns it (prefilled forms load their place lists
    /// first).
    pub async fn wait_value(&self, css: &str) -> TestResult<String> {
        eventually(css, POLL, async || {
            let value = self
                .script(
                    "const e = document.querySelector(arguments[0]); return e ? e.value : '';",
                    vec![css.into()],
                )
                .await?;
            match value.as_str() {
                Some(value) if !value.is_empty() => Ok(value.to_owned()),
                Some(_) | None => Err("never got a value".into()),
            }
        })
        .await
    }

    /// The attribute `name` of the element `css` (empty when it has none), once the element is there.
    pub async fn attr(&self, css: &str, name: &str) -> TestResult<String> {
        Ok(self.find(css).await?.attr(name).await?.unwrap_or_default())
    }

    /// The DOM property `name` of the element `css` (`value`, `checked`…), once the element is there.
    pub async fn prop(&self, css: &str, name: &str) -> TestResult<String> {
        Ok(self.find(css).await?.prop(name).await?.unwrap_or_default())
    }

    /// The `name` (or else the `id`) of the element that has the keyboard focus.
    pub async fn focused(&self) -> TestResult<String> {
        let value = self
            .script(
                "const e = document.activeElement; return e ? (e.name || e.id || '') : '';",
                vec![],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Saves the window, scrolled to the top, as `docs/screenshots/<name>`.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        self.script("window.scrollTo(0, 0);", vec![]).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.save_screenshot(name).await
    }

    /// Saves the window as `docs/screenshots/<name>`, with `css` scrolled to the top, just under the sticky
    /// search bar.
    pub async fn screenshot_of(&self, css: &str, name: &str) -> TestResult {
        self.script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); \
             window.scrollBy(0, -document.getElementById('search-bar').offsetHeight - 12);",
            vec![css.into()],
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.save_screenshot(name).await
    }

    /// Runs `script` in the page with `args` as `arguments`, and returns what it returns.
    pub(crate) async fn script(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> TestResult<serde_json::Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The first element matching `css`, once there is one.
    async fn find(&self, css: &str) -> TestResult<Element> {
        eventually(css, POLL, async || {
            Ok(self.client.find(Locator::Css(css)).await?)
        })
        .await
    }

    async fn save_screenshot(&self, name: &str) -> TestResult {
        let dir = crate::locale::checkout().join("../../docs/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), self.client.screenshot().await?)?;
        Ok(())
    }

    /// Keeps what the window showed when a step failed, in the temporary directory, and says where in the log.
    async fn keep_failure_screenshot(&self) {
        let path = std::env::temp_dir().join("nssf-e2e-failure.png");
        if let Ok(png) = self.client.screenshot().await {
            if std::fs::write(&path, png).is_ok() {
                eprintln!("e2e: screenshot of the failure: {}", path.display());
            }
        }
    }
}

/// The built app, from `NSSF_DESK_APP`, which must be an absolute path (`scripts/e2e.sh` gives one).
fn app_path() -> TestResult<PathBuf> {
    let app = std::env::var_os("NSSF_DESK_APP").map(PathBuf::from).ok_or(
        "e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh to build the app and run this test",
    )?;
    if !app.is_absolute() {
        return Err(format!("NSSF_DESK_APP must be an absolute path: {}", app.display()).into());
    }
    Ok(app)
}
