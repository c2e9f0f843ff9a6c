//! Drives the real NSSF Desk window through tauri-driver (WebDriver): first-run setup, language switch, a
//! registration with a Lao validation error, search by Latin and by a folded Lao spelling, and a restart that
//! finds the member again.
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
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        // tauri-driver hands its own environment to the app it launches.
        let child = Command::new(&program)
            .env("NSSF_DESK_DATA", data_dir)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| {
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
        panic!("e2e: NSSF_DESK_APP is not set; run scripts/e2e.sh to build the app and run this test");
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
    let client = connect(&app).await?;
    let outcome = async {
        text_when(&client, "#workstation", |t| t.contains("01")).await?;
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
