//! Drives the real NSSF Desk window through tauri-driver (WebDriver): first-run setup, language switch, a
//! registration with a Lao validation error, search by Latin and by a folded Lao spelling, a restart that
//! finds the member again; a photo taken from a file and a printed card; a two-month payment and its receipt;
//! the weekly batch exported from the window, imported by the central office (CLI) and acknowledged.
//!
//! Needs `NSSF_DESK_APP` (absolute path of the built app) and an X display; `TAURI_DRIVER` names tauri-driver
//! (default: on PATH). `scripts/e2e.sh` sets all of this up. Run with `--test-threads=1` (fixed ports).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const DRIVER_URL: &str = "http://127.0.0.1:4444";
const WAIT: Duration = Duration::from_secs(30);

/// tauri-driver, stopped with SIGTERM so that it stops WebKitWebDriver too (SIGKILL would leave port 4445
/// taken and the next session would fail with "Maximum number of active sessions").
struct Driver {
    child: Child,
}

impl Driver {
    fn start(data_dir: &Path) -> TestResult<Driver> {
        Driver::start_saving(data_dir, None)
    }

    /// With `save_dir`, the app saves documents there under their default names instead of asking in a
    /// save dialog (which WebDriver cannot drive), and does not open them.
    fn start_saving(data_dir: &Path, save_dir: Option<&Path>) -> TestResult<Driver> {
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        // tauri-driver hands its own environment to the app it launches.
        let mut command = Command::new(&program);
        command.env("NSSF_DESK_DATA", data_dir);
        match save_dir {
            Some(dir) => command.env("NSSF_DESK_SAVE_DIR", dir),
            None => command.env_remove("NSSF_DESK_SAVE_DIR"),
        };
        let child = command.stdin(Stdio::null()).spawn().map_err(|e| {
            format!(
                "cannot start tauri-driver ({}): {e}",
                PathBuf::from(&program).display()
            )
        })?;
        let driver = Driver { child };
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect("127.0.0.1:4444").is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not open port 4444".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let terminated = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .map(|status| status.success())
            .unwrap_or(false);
        if !terminated {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

async fn connect(app: &Path) -> TestResult<Client> {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let deadline = Instant::now() + WAIT;
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(DRIVER_URL)
            .await
        {
            Ok(client) => return Ok(client),
            Err(error) if Instant::now() > deadline => {
                return Err(format!("no WebDriver session: {error}").into())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}

/// The first element matching `css`. While the page loads WebKit answers with all kinds of errors
/// (NoSuchFrame among them), so every error is retried until the deadline.
async fn find(client: &Client, css: &str) -> TestResult<Element> {
    let deadline = Instant::now() + WAIT;
    loop {
        match client.find(Locator::Css(css)).await {
            Ok(element) => return Ok(element),
            Err(error) if Instant::now() > deadline => return Err(format!("{css}: {error}").into()),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Clicks `css`, scrolled to the middle of the window first (the form's action bar is sticky and may cover
/// what sits under it); retried until the deadline, because a click can land while the page re-renders.
async fn click(client: &Client, css: &str) -> TestResult {
    let deadline = Instant::now() + WAIT;
    loop {
        let element = find(client, css).await?;
        let arg = serde_json::to_value(&element)?;
        let _ = client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(error) if Instant::now() > deadline => {
                return Err(format!("click {css}: {error}").into())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Waits until the text of `css` satisfies `ok`, and returns it.
async fn text_when(client: &Client, css: &str, ok: impl Fn(&str) -> bool) -> TestResult<String> {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if ok(&text) {
                    return Ok(text);
                }
                last = text;
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{css}: text never matched; last seen {last:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Chooses `value` in the select `css` once that option has been loaded. Set through script with a change
/// event, as a keyboard user's choice would fire it: clicking an option of a long form is flaky in WebKit.
async fn select(client: &Client, css: &str, value: &str) -> TestResult {
    find(client, &format!("{css} option[value=\"{value}\"]")).await?;
    let script =
        "const s = document.querySelector(arguments[0]); s.scrollIntoView({block: 'center'}); \
                  s.focus(); s.value = arguments[1]; \
                  s.dispatchEvent(new Event('input', {bubbles: true})); \
                  s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;";
    let chosen = client
        .execute(script, vec![css.into(), value.into()])
        .await?;
    if chosen.as_str() != Some(value) {
        return Err(format!("{css}: could not choose {value:?}").into());
    }
    Ok(())
}

/// Chooses the first real option (after "choose") of the select `css`, once the list has loaded.
async fn select_first(client: &Client, css: &str) -> TestResult<String> {
    let option = find(client, &format!("{css} option:nth-child(2)")).await?;
    let value = option.attr("value").await?.unwrap_or_default();
    select(client, css, &value).await?;
    Ok(value)
}

/// Waits until the control `css` holds a value (prefilled forms load their place lists first).
async fn wait_value(client: &Client, css: &str) -> TestResult<String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.value : '';",
                vec![css.into()],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        if !value.is_empty() {
            return Ok(value);
        }
        if Instant::now() > deadline {
            return Err(format!("{css} never got a value").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn fill(client: &Client, name: &str, text: &str) -> TestResult {
    let input = find(client, &format!("[name=\"{name}\"]")).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

async fn page_lang(client: &Client) -> TestResult<String> {
    let value = client
        .execute("return document.documentElement.lang;", vec![])
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

async fn set_lang(client: &Client, lang: &str) -> TestResult {
    if page_lang(client).await? != lang {
        click(client, "#lang-toggle").await?;
    }
    let deadline = Instant::now() + WAIT;
    while page_lang(client).await? != lang {
        if Instant::now() > deadline {
            return Err(format!("language did not switch to {lang}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The literal parts of a simple Fluent message (placeables removed), to recognise its text on screen.
fn message_fragments(ftl: &str, id: &str) -> Vec<String> {
    let prefix = format!("{id} =");
    let Some(line) = ftl.lines().find(|line| line.starts_with(&prefix)) else {
        return Vec::new();
    };
    let mut fragments = Vec::new();
    let mut rest = line[prefix.len()..].trim();
    while let Some(open) = rest.find('{') {
        fragments.push(rest[..open].trim().to_owned());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    fragments.push(rest.trim().to_owned());
    fragments.retain(|f| !f.is_empty());
    fragments
}

fn read_locale(lang: &str, file: &str) -> TestResult<String> {
    let path = repo_root().join("locales").join(lang).join(file);
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()).into())
}

async fn screenshot(client: &Client, name: &str) -> TestResult {
    client.execute("window.scrollTo(0, 0);", vec![]).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let dir = repo_root().join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), client.screenshot().await?)?;
    Ok(())
}

/// Keeps what the window showed when a step failed, next to the build output, for the person reading the log.
async fn save_failure_screenshot(client: &Client) {
    let path = std::env::temp_dir().join("nssf-e2e-failure.png");
    if let Ok(png) = client.screenshot().await {
        if std::fs::write(&path, png).is_ok() {
            eprintln!("e2e: screenshot of the failure: {}", path.display());
        }
    }
}

/// Types into the search box and waits for a hit naming `member_no`.
async fn search_finds(client: &Client, text: &str, member_no: &str) -> TestResult {
    let search = find(client, "#search").await?;
    search.clear().await?;
    search.send_keys(text).await?;
    let css = format!("#search-results [data-member-no=\"{member_no}\"]");
    find(client, &css)
        .await
        .map_err(|e| format!("searching {text:?}: {e}"))?;
    Ok(())
}

const GIVEN_LO: &str = "ເຈົ້າ";
const FAMILY_LO: &str = "ນ້ຳໃຈ";
/// ນ້ຳໃຈ typed the other way: ໍ + ້ + າ instead of ້ + ຳ. Search must fold both to one spelling.
const FAMILY_LO_FOLDED: &str = "\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}\u{0EC3}\u{0E88}";

async fn first_run_setup(client: &Client) -> TestResult {
    select(client, "#setup-province", "01").await?;
    select(client, "#setup-district", "0101").await?;
    find(client, "#setup-workstation")
        .await?
        .send_keys("01")
        .await?;
    click(client, "#setup-create").await?;
    text_when(client, "#workstation", |t| t.contains("01")).await?;
    Ok(())
}

/// Fills the whole register form with valid data except the date of birth, which is given as `dob`.
async fn fill_register_form(client: &Client, dob: &str) -> TestResult {
    click(client, "#register").await?;
    select(client, "[name=title]", "ms").await?;
    fill(client, "given_name_lo", GIVEN_LO).await?;
    fill(client, "family_name_lo", FAMILY_LO).await?;
    fill(client, "given_name_latin", "Chao").await?;
    fill(client, "family_name_latin", "Namchai").await?;
    select(client, "[name=sex]", "female").await?;
    fill(client, "date_of_birth", dob).await?;
    select(client, "[name=\"documents.0.kind\"]", "id_card").await?;
    fill(client, "documents.0.number", "1234567890").await?;
    fill(client, "phone", "020 5555 1234").await?;
    select(client, "[name=province]", "01").await?;
    select(client, "[name=district_code]", "0101").await?;
    select_first(client, "[name=village_code]").await?;
    fill(client, "house_no", "12").await?;
    select(client, "[name=occupation]", "vendor").await?;
    fill(client, "income_base_kip", "2500000").await?;
    select_first(client, "[name=hospital]").await?;
    let consent = find(client, "[name=consent]").await?;
    if consent.prop("checked").await?.as_deref() != Some("true") {
        click(client, "[name=consent]").await?;
    }
    // The contribution preview follows the income base as it is typed.
    text_when(client, "#contribution", |t| t.contains("225,000")).await?;
    Ok(())
}

async fn registration_flow(client: &Client) -> TestResult<String> {
    set_lang(client, "lo").await?;
    first_run_setup(client).await?;

    // An impossible date: the Lao error text appears beside the date field.
    fill_register_form(client, "31/02/1990").await?;
    click(client, "#save").await?;
    let errors_lo = read_locale("lo", "errors.ftl")?;
    let expected = message_fragments(&errors_lo, "error-date-impossible");
    assert!(
        !expected.is_empty(),
        "locales/lo/errors.ftl has no error-date-impossible"
    );
    let shown = text_when(
        client,
        ".field-errors[data-for=date_of_birth] .field-error",
        |t| {
            expected
                .iter()
                .all(|fragment| t.contains(fragment.as_str()))
        },
    )
    .await?;
    assert!(
        shown
            .chars()
            .any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c)),
        "not Lao: {shown}"
    );
    screenshot(client, "register-lo.png").await?;

    // Switching to English keeps what was typed and relabels everything, the error included.
    set_lang(client, "en").await?;
    let given = find(client, "[name=given_name_lo]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(given, GIVEN_LO);
    let save_en = message_fragments(&read_locale("en", "ui.ftl")?, "register-save").concat();
    text_when(client, "#save", |t| t == save_en).await?;
    let expected_en = message_fragments(&read_locale("en", "errors.ftl")?, "error-date-impossible");
    text_when(
        client,
        ".field-errors[data-for=date_of_birth] .field-error",
        |t| {
            expected_en
                .iter()
                .all(|fragment| t.contains(fragment.as_str()))
        },
    )
    .await?;
    screenshot(client, "register-en.png").await?;
    set_lang(client, "lo").await?;

    // A real date: registered, and the new member number is shown.
    fill(client, "date_of_birth", "07/03/1990").await?;
    click(client, "#save").await?;
    let member_no = text_when(client, "#member-no", |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned();
    find(client, "#saved-banner").await?;

    // Found by the Latin name, and by the Lao family name typed another way; Enter opens the member.
    search_finds(client, "Namchai", &member_no).await?;
    search_finds(client, FAMILY_LO_FOLDED, &member_no).await?;
    find(client, "#search").await?.send_keys("\u{E007}").await?;
    text_when(client, "#member-page #member-no", |t| t.trim() == member_no).await?;

    // Amend: the form opens prefilled; the change is saved and shows in the history.
    click(client, "#amend").await?;
    wait_value(client, "[name=village_code]").await?;
    fill(client, "house_no", "14").await?;
    click(client, "#save").await?;
    find(client, "#saved-banner").await?;
    // Newest first: the amendment (house number 12 → 14), then the registration.
    text_when(client, "#history > li:nth-child(1)", |t| {
        t.contains("12") && t.contains("14")
    })
    .await?;
    find(client, "#history > li:nth-child(2)").await?;
    Ok(member_no)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_search_and_restart() -> TestResult {
    let Some(app) = std::env::var_os("NSSF_DESK_APP").map(PathBuf::from) else {
        panic!(
            "e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh to build the app and run this test"
        );
    };
    assert!(
        app.is_absolute(),
        "NSSF_DESK_APP must be an absolute path: {}",
        app.display()
    );
    let data = tempfile::tempdir()?;
    let office = data.path().join("office");

    let member_no = {
        let _driver = Driver::start(&office)?;
        let client = connect(&app).await?;
        let outcome = registration_flow(&client).await;
        if outcome.is_err() {
            save_failure_screenshot(&client).await;
        }
        let _ = client.close().await;
        outcome?
    };

    // A second start opens the existing office: no setup screen, and the member is still there.
    let _driver = Driver::start(&office)?;
    let started = std::time::Instant::now();
    let client = connect(&app).await?;
    let outcome = async {
        text_when(&client, "#workstation", |t| t.contains("01")).await?;
        // Recorded in docs/benchmarks.md: app start (WebDriver session, window, webview) to a usable search box.
        find(&client, "#search").await?;
        eprintln!(
            "e2e: time to a usable search box: {} ms",
            started.elapsed().as_millis()
        );
        assert!(
            client.find(Locator::Css("#setup-form")).await.is_err(),
            "setup shown again"
        );
        search_finds(&client, "Chao", &member_no).await?;
        TestResult::Ok(())
    }
    .await;
    let _ = client.close().await;
    outcome
}

async fn active_element_name(client: &Client) -> TestResult<String> {
    let value = client
        .execute(
            "const e = document.activeElement; return e ? (e.name || e.id || '') : '';",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

async fn keyboard_flow(client: &Client) -> TestResult {
    set_lang(client, "en").await?;
    text_when(client, "#workstation", |t| t.contains("Workstation 02")).await?;

    // Nothing registered yet in this office.
    let search = find(client, "#search").await?;
    search.send_keys("Nobody").await?;
    find(client, "#search-none").await?;

    // Enter moves to the next field in paper-form order.
    click(client, "#register").await?;
    let given = find(client, "[name=given_name_lo]").await?;
    given.send_keys(GIVEN_LO).await?;
    given.send_keys("\u{E007}").await?;
    assert_eq!(active_element_name(client).await?, "family_name_lo");

    // Ctrl+F goes to the search box from anywhere.
    find(client, "[name=family_name_lo]")
        .await?
        .send_keys("\u{E009}f\u{E000}")
        .await?;
    assert_eq!(active_element_name(client).await?, "search");

    // Esc on a form with typed text asks first; confirming goes back to the start page.
    find(client, "[name=family_name_lo]")
        .await?
        .send_keys("\u{E00C}")
        .await?;
    click(client, "#confirm-yes").await?;
    find(client, "#home").await?;
    set_lang(client, "lo").await?;
    Ok(())
}

/// An office folder made by the CLI opens straight into the main screen; keyboard paths of the form work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_initialised_office_and_keyboard() -> TestResult {
    let (Some(app), Some(cli)) = (
        std::env::var_os("NSSF_DESK_APP"),
        std::env::var_os("NSSF_DESK_CLI"),
    ) else {
        panic!("e2e: NSSF_DESK_APP or NSSF_DESK_CLI is not set; run scripts/e2e.sh");
    };
    let data = tempfile::tempdir()?;
    let office = data.path().join("office");
    let status = Command::new(&cli)
        .arg("--data")
        .arg(&office)
        .args(["init", "--office", "0101", "--workstation", "02"])
        .status()?;
    assert!(status.success(), "nssf-desk init failed: {status}");

    let _driver = Driver::start(&office)?;
    let client = connect(Path::new(&app)).await?;
    let outcome = keyboard_flow(&client).await;
    if outcome.is_err() {
        save_failure_screenshot(&client).await;
    }
    let _ = client.close().await;
    outcome
}

// Photos, cards and contributions ------------------------------------------------------------------------

/// The office date (UTC+7) `months_back` months ago, on the 1st: `YYYY-MM-01`.
fn first_of_month_back(months_back: u32) -> TestResult<String> {
    let out = Command::new("date")
        .args(["-u", "-d", "+7 hours", "+%Y %m"])
        .output()?;
    let text = String::from_utf8(out.stdout)?;
    let mut parts = text.split_whitespace().map(str::parse::<i32>);
    let (Some(Ok(year)), Some(Ok(month))) = (parts.next(), parts.next()) else {
        return Err(format!("date printed {text:?}").into());
    };
    let index = year * 12 + (month - 1) - i32::try_from(months_back)?;
    Ok(format!("{:04}-{:02}-01", index / 12, index % 12 + 1))
}

/// Makes an office with the CLI and registers one member there; returns the member number.
fn cli_office_with_member(office: &Path, registered_on: &str) -> TestResult<String> {
    let cli = std::env::var_os("NSSF_DESK_CLI")
        .ok_or("e2e: NSSF_DESK_CLI is not set; run scripts/e2e.sh")?;
    let status = Command::new(&cli)
        .arg("--data")
        .arg(office)
        .args(["init", "--office", "0101", "--workstation", "01"])
        .status()?;
    assert!(status.success(), "nssf-desk init failed: {status}");
    let draft = serde_json::json!({
        "title": "ms", "given_name_lo": GIVEN_LO, "family_name_lo": FAMILY_LO,
        "given_name_latin": "Chao", "family_name_latin": "Namchai", "sex": "female",
        "date_of_birth": "1990-05-12", "documents": [{"kind": "id_card", "number": "123456789"}],
        "phone": "020 5555 1234", "village_code": "0101001", "house_no": "12", "occupation": "vendor",
        "income_base_kip": 2500000, "hospital": "MHS", "consent": true, "registered_on": registered_on,
    });
    let mut child = Command::new(&cli)
        .arg("--data")
        .arg(office)
        .args(["register", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        stdin.write_all(draft.to_string().as_bytes())?;
    }
    let out = child.wait_with_output()?;
    assert!(out.status.success(), "nssf-desk register failed");
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

/// The text of a PDF, by poppler's `pdftotext`.
fn pdf_text(path: &Path) -> TestResult<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output()?;
    if !out.status.success() {
        return Err(format!("pdftotext {} failed", path.display()).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Waits for a file the app writes.
async fn wait_file(path: &Path) -> TestResult {
    let deadline = Instant::now() + WAIT;
    while !path.is_file() {
        if Instant::now() > deadline {
            return Err(format!("{} was never written", path.display()).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn open_member(client: &Client, member_no: &str) -> TestResult {
    // The search bar appears once the office has loaded.
    find(client, "#search-bar:not([hidden])").await?;
    search_finds(client, member_no, member_no).await?;
    find(client, "#search").await?.send_keys("\u{E007}").await?;
    text_when(client, "#member-page #member-no", |t| t.trim() == member_no).await?;
    Ok(())
}

/// A screenshot with `css` scrolled to the top of the window, just under the sticky search bar.
async fn screenshot_of(client: &Client, css: &str, name: &str) -> TestResult {
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); \
             window.scrollBy(0, -document.getElementById('search-bar').offsetHeight - 12);",
            vec![css.into()],
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let dir = repo_root().join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), client.screenshot().await?)?;
    Ok(())
}

async fn photo_and_card_flow(
    client: &Client,
    member_no: &str,
    jpeg: &Path,
    saved: &Path,
) -> TestResult {
    set_lang(client, "en").await?;
    open_member(client, member_no).await?;
    find(client, "#member-photo-none").await?;

    // A photo from a file: the hidden file input is handed the path, as the file chooser would.
    click(client, "#take-photo").await?;
    let input = find(client, "#photo-file").await?;
    input.send_keys(&jpeg.display().to_string()).await?;
    let frame = find(client, "#photo-frame[data-crop]").await?;
    let before = frame.attr("data-crop").await?.unwrap_or_default();
    // The frame moves with the arrow keys and shrinks with "-".
    frame.send_keys("\u{E012}\u{E012}--").await?;
    let after = frame.attr("data-crop").await?.unwrap_or_default();
    assert_ne!(before, after, "the frame did not move");
    click(client, "#photo-save").await?;
    find(client, "#photo-saved").await?;
    find(client, "#member-photo:not([hidden])").await?;

    // Print the card: saved (no dialog in tests) and listed as issue 1.
    click(client, "#print-card").await?;
    let pdf = saved.join(format!("card-{member_no}.pdf"));
    text_when(client, "#card-status", |t| {
        t.contains(&format!("card-{member_no}.pdf"))
    })
    .await?;
    wait_file(&pdf).await?;
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(member_no),
        "card PDF lacks {member_no}: {text}"
    );
    find(client, "#card-issues [data-issue=\"1\"]").await?;
    screenshot_of(client, "#card-section", "card-print-en.png").await?;

    // A second print asks why; cancelling prints nothing.
    click(client, "#print-card").await?;
    click(client, "#reprint-dialog-cancel").await?;
    assert!(client
        .find(Locator::Css("#card-issues [data-issue=\"2\"]"))
        .await
        .is_err());

    // The card is printed and nothing changed since: the print queue is empty.
    click(client, "#nav-queue").await?;
    find(client, "#queue-page #queue-empty").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_from_file_and_card() -> TestResult {
    let Some(app) = std::env::var_os("NSSF_DESK_APP").map(PathBuf::from) else {
        panic!("e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh");
    };
    let data = tempfile::tempdir()?;
    let office = data.path().join("office");
    let saved = data.path().join("saved");
    std::fs::create_dir_all(&saved)?;
    let member_no = cli_office_with_member(&office, "")?;
    // A landscape JPEG with an EXIF-free gradient; ImageMagick by full path (a stand-in sits on PATH).
    let jpeg = data.path().join("face.jpg");
    let status = Command::new("/usr/bin/convert")
        .args(["-size", "1200x900", "gradient:#d0a080-#203040"])
        .arg(&jpeg)
        .status()?;
    assert!(status.success(), "/usr/bin/convert failed: {status}");

    let _driver = Driver::start_saving(&office, Some(&saved))?;
    let client = connect(&app).await?;
    let outcome = photo_and_card_flow(&client, &member_no, &jpeg, &saved).await;
    if outcome.is_err() {
        save_failure_screenshot(&client).await;
    }
    let _ = client.close().await;
    outcome
}

async fn payment_flow(client: &Client, member_no: &str, saved: &Path) -> TestResult {
    text_when(client, "#workstation", |t| t.contains("01")).await?;
    set_lang(client, "lo").await?;
    open_member(client, member_no).await?;
    // Registered months ago: arrears.
    let arrears: u32 = text_when(client, "#arrears-months", |t| {
        t.trim().parse::<u32>().is_ok_and(|n| n >= 2)
    })
    .await?
    .trim()
    .parse()?;
    assert!(arrears >= 3, "expected arrears, saw {arrears}");

    click(client, "#take-payment").await?;
    let count = find(client, "#pay-count").await?;
    count.clear().await?;
    count.send_keys("2").await?;
    // The quote shows the two oldest unpaid months and their total before anything is taken.
    let deadline = Instant::now() + WAIT;
    loop {
        let lines = client.find_all(Locator::Css("#quote tbody tr")).await?;
        if lines.len() == 2 {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("quote shows {} lines, not 2", lines.len()).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text_when(client, "#quote-total", |t| t.contains('₭')).await?;
    click(client, "#pay-confirm").await?;
    let receipt_no = text_when(client, "#receipt-no", |t| !t.trim().is_empty())
        .await?
        .trim()
        .to_owned();

    // The two months are covered by that receipt.
    let deadline = Instant::now() + WAIT;
    loop {
        let mut covered = Vec::new();
        for month in client
            .find_all(Locator::Css("#months li[data-status=covered]"))
            .await?
        {
            covered.push(month.text().await?);
        }
        if covered.len() == 2 && covered.iter().all(|t| t.contains(&receipt_no)) {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("covered months: {covered:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text_when(client, "#arrears-months", |t| {
        t.trim() == (arrears - 2).to_string()
    })
    .await?;
    find(
        client,
        &format!("#receipts tr[data-receipt-no=\"{receipt_no}\"]"),
    )
    .await?;

    // Print the receipt (A5): saved under its default name, and it names the receipt.
    click(client, "#print-receipt-a5").await?;
    let pdf = saved.join(format!("receipt-{receipt_no}.pdf"));
    text_when(client, "#pay-status", |t| {
        t.contains(&format!("receipt-{receipt_no}.pdf"))
    })
    .await?;
    wait_file(&pdf).await?;
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(&receipt_no),
        "receipt PDF lacks {receipt_no}: {text}"
    );
    screenshot_of(client, "#contributions", "member-contributions-lo.png").await?;

    // The day close page counts the receipt as cash and prints the day sheet.
    click(client, "#nav-day").await?;
    text_when(client, "#day-receipt-count", |t| t.trim() == "1").await?;
    find(client, "#day-methods tr[data-method=cash]").await?;
    click(client, "#day-print").await?;
    text_when(client, "#day-status", |t| t.contains(".pdf")).await?;
    let day_sheet = std::fs::read_dir(saved)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("day-") && name.ends_with(".pdf"))
        })
        .ok_or("no day sheet saved")?;
    assert!(
        pdf_text(&day_sheet)?.contains(&receipt_no),
        "the day sheet lacks {receipt_no}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_month_payment_and_receipt() -> TestResult {
    let Some(app) = std::env::var_os("NSSF_DESK_APP").map(PathBuf::from) else {
        panic!("e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh");
    };
    let data = tempfile::tempdir()?;
    let office = data.path().join("office");
    let saved = data.path().join("saved");
    std::fs::create_dir_all(&saved)?;
    let member_no = cli_office_with_member(&office, &first_of_month_back(3)?)?;

    let _driver = Driver::start_saving(&office, Some(&saved))?;
    let client = connect(&app).await?;
    let outcome = payment_flow(&client, &member_no, &saved).await;
    if outcome.is_err() {
        save_failure_screenshot(&client).await;
    }
    let _ = client.close().await;
    outcome
}

// The weekly batch ------------------------------------------------------------------------------------------

/// Runs the CLI and fails the test when it refuses.
fn cli(args: &[&std::ffi::OsStr]) -> TestResult<String> {
    let cli = std::env::var_os("NSSF_DESK_CLI")
        .ok_or("e2e: NSSF_DESK_CLI is not set; run scripts/e2e.sh")?;
    let out = Command::new(&cli).args(args).output()?;
    if !out.status.success() {
        return Err(format!(
            "nssf-desk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

async fn weekly_export_flow(client: &Client, saved: &Path, central: &Path) -> TestResult {
    text_when(client, "#workstation", |t| t.contains("01")).await?;
    set_lang(client, "en").await?;
    click(client, "#nav-weekly").await?;
    // Registered and paid: two changes wait, and the central key is installed (batches are encrypted).
    text_when(client, "#weekly-pending-changes", |t| t.trim() == "2").await?;
    find(client, "#weekly-kinds tr[data-kind=payment_recorded]").await?;
    find(client, "#weekly-key[data-installed=true]").await?;
    find(client, "#weekly-last-export [data-never]").await?;

    click(client, "#weekly-export").await?;
    let batch = saved.join("nssf-0101-01-000001.batch");
    text_when(client, "#weekly-status", |t| {
        t.contains("nssf-0101-01-000001.batch")
    })
    .await?;
    wait_file(&batch).await?;
    text_when(client, "#weekly-last-batch", |t| t.trim() == "1").await?;
    find(
        client,
        "#weekly-batches tr[data-batch=\"1\"] button.write-again",
    )
    .await?;
    text_when(client, "#weekly-last-export", |t| t.contains('/')).await?;
    text_when(client, "#weekly-pending-changes", |t| t.trim() == "2").await?;
    screenshot_of(client, "#weekly-page", "weekly-export-en.png").await?;

    // The central office imports it and acknowledges; the window applies the acknowledgement.
    let c = central.as_os_str();
    cli(&[
        "central".as_ref(),
        "--data".as_ref(),
        c,
        "import".as_ref(),
        batch.as_os_str(),
    ])?;
    let ack = saved.join("nssf-0101-01-000001.ack");
    cli(&[
        "central".as_ref(),
        "--data".as_ref(),
        c,
        "ack".as_ref(),
        "--office".as_ref(),
        "0101".as_ref(),
        "--workstation".as_ref(),
        "01".as_ref(),
        "--out".as_ref(),
        ack.as_os_str(),
    ])?;
    click(client, "#weekly-import-ack").await?;
    text_when(client, "#weekly-ack-result", |t| t.contains("2 accepted")).await?;
    text_when(client, "#weekly-pending-changes", |t| t.trim() == "0").await?;
    text_when(client, "#weekly-last-ack", |t| t.contains('/')).await?;
    find(client, "#weekly-rejected").await?;
    set_lang(client, "lo").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weekly_export_and_acknowledgement() -> TestResult {
    let Some(app) = std::env::var_os("NSSF_DESK_APP").map(PathBuf::from) else {
        panic!("e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh");
    };
    let data = tempfile::tempdir()?;
    let office = data.path().join("office");
    let central = data.path().join("central");
    let saved = data.path().join("saved");
    std::fs::create_dir_all(&saved)?;
    let member_no = cli_office_with_member(&office, &first_of_month_back(2)?)?;
    let o = office.as_os_str();
    let c = central.as_os_str();
    cli(&[
        "--data".as_ref(),
        o,
        "pay".as_ref(),
        member_no.as_ref(),
        "--months".as_ref(),
        "1".as_ref(),
        "--method".as_ref(),
        "cash".as_ref(),
    ])?;
    // The central office and the office exchange keys before the window opens (the store is the app's then).
    let central_key = data.path().join("central.key");
    let office_key = data.path().join("office.key");
    cli(&["central".as_ref(), "--data".as_ref(), c, "init".as_ref()])?;
    cli(&[
        "central".as_ref(),
        "--data".as_ref(),
        c,
        "key".as_ref(),
        "--out".as_ref(),
        central_key.as_os_str(),
    ])?;
    cli(&[
        "--data".as_ref(),
        o,
        "office-key".as_ref(),
        "--out".as_ref(),
        office_key.as_os_str(),
    ])?;
    cli(&[
        "central".as_ref(),
        "--data".as_ref(),
        c,
        "trust".as_ref(),
        "--office-key".as_ref(),
        office_key.as_os_str(),
    ])?;
    cli(&[
        "--data".as_ref(),
        o,
        "central-key".as_ref(),
        "--import".as_ref(),
        central_key.as_os_str(),
    ])?;

    let _driver = Driver::start_saving(&office, Some(&saved))?;
    let client = connect(&app).await?;
    let outcome = weekly_export_flow(&client, &saved, &central).await;
    if outcome.is_err() {
        save_failure_screenshot(&client).await;
    }
    let _ = client.close().await;
    outcome
}
