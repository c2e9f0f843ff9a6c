//! A panic in the shell: logged with its backtrace, and told to the window, which shows its "something went
//! wrong" screen (restart, call central IT with the support file) instead of a command that never answers.
//!
//! A command that panics inside `tauri::async_runtime` never settles its promise, so the window learns of
//! the panic from the hook, through the channel it handed over at start ([`watch_crashes`]). Blocking work
//! that panics (`commands::blocking`) also answers its own command with the refusal `internal`. A panic
//! inside sled is only logged: the store catches it and answers `store-damaged` ([`tells_window`]).
//!
//! What a panic logs: where it happened, its message and the backtrace. A message written into the code
//! (`panic!("…")`, `expect("…")`'s own text) is the program's; a formatted one may hold the values it was
//! given, so it goes through `nssf_api::diagnostics::scrub` (Lao words and long numbers left out).

use std::any::Any;
use std::backtrace::Backtrace;
use std::panic::PanicHookInfo;
use std::sync::Mutex;

use nssf_api::diagnostics::scrub;
use nssf_api::{ApiError, Refusal};
use tauri::ipc::Channel;

/// The window's channel for crash notices; `None` until the window asks, or after a reload drops it.
static WINDOW: Mutex<Option<Channel<ApiError>>> = Mutex::new(None);

/// The log target of panics, so that IT can find them in the log (`[nssf_desk_app::crash][ERROR]`).
const TARGET: &str = "nssf_desk_app::crash";

/// A panic's message, as the program wrote it or as it was formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanicMessage<'a> {
    /// Written into the code (`panic!("literal")`): kept as it is.
    Literal(&'a str),
    /// Formatted at run time: may hold values, so it is scrubbed.
    Formatted(&'a str),
    /// Neither text (a payload of another type).
    Unknown,
}

impl<'a> PanicMessage<'a> {
    /// The message of a panic's payload.
    pub fn of(payload: &'a (dyn Any + Send)) -> PanicMessage<'a> {
        if let Some(text) = payload.downcast_ref::<&'static str>() {
            PanicMessage::Literal(text)
        } else if let Some(text) = payload.downcast_ref::<String>() {
            PanicMessage::Formatted(text)
        } else {
            PanicMessage::Unknown
        }
    }
}

/// The log entry of a panic: one line saying where and what (the support file's "last errors" reads it),
/// then the backtrace on the lines after.
pub fn panic_report(
    thread: Option<&str>,
    location: Option<(&str, u32, u32)>,
    message: PanicMessage<'_>,
    backtrace: &str,
) -> String {
    let place = match location {
        Some((file, line, column)) => format!("{file}:{line}:{column}"),
        None => "an unknown place".to_string(),
    };
    let text = match message {
        PanicMessage::Literal(text) => text.to_string(),
        PanicMessage::Formatted(text) => scrub(text),
        PanicMessage::Unknown => "(no message)".to_string(),
    };
    // One line for the message, whatever it holds: the log is read line by line.
    let text = text.replace(['\n', '\r'], " ");
    let thread = thread.unwrap_or("unnamed");
    format!("panic in thread '{thread}' at {place}: {text}\nbacktrace:\n{backtrace}")
}

fn report_of(info: &PanicHookInfo<'_>, backtrace: &Backtrace) -> String {
    // Symbols are resolved here, when the captured frames are printed: the slow part in a large binary.
    let backtrace = backtrace.to_string();
    let location = info.location().map(|l| (l.file(), l.line(), l.column()));
    let current = std::thread::current();
    panic_report(
        current.name(),
        location,
        PanicMessage::of(info.payload()),
        &backtrace,
    )
}

/// Installs the hook: every panic is logged and told to the window; then the hook that was there before
/// runs (Rust's own prints the panic to standard error, as before).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The frames now, before anything else runs on this thread; the window is told before the
        // backtrace is printed, so that the crash screen does not wait for it.
        let backtrace = Backtrace::force_capture();
        if tells_window(info.location().map(|l| l.file())) {
            tell_window();
        }
        log::error!(target: TARGET, "{}", report_of(info, &backtrace));
        previous(info);
    }));
}

/// Whether a panic at `file` shows the window's crash screen. Not one inside sled: the store catches
/// those (`nssf_store`'s `unpanicked`, at open and in `check`) and answers `store-damaged`, which tells
/// the clerk to restore from a backup; the panic is still logged.
pub fn tells_window(file: Option<&str>) -> bool {
    !file.is_some_and(|file| {
        file.split(['/', '\\'])
            .any(|part| part.starts_with("sled-0."))
    })
}

/// Sends the window the refusal `internal`, if it is listening. `try_lock`: a panic while the lock is held
/// (in `watch_crashes` itself) must not deadlock the hook.
fn tell_window() {
    let Ok(window) = WINDOW.try_lock() else {
        return;
    };
    if let Some(channel) = window.as_ref() {
        // A window already gone cannot be told; the log has it.
        let _ = channel.send(Refusal::Internal {}.into());
    }
}

/// The window hands over the channel its crash screen listens on; called once at every start of the page.
#[tauri::command]
pub fn watch_crashes(on_crash: Channel<ApiError>) {
    let mut window = WINDOW
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *window = Some(on_crash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_report_says_where_and_what_then_the_backtrace_and_scrubs_formatted_messages() {
        fn check(message: PanicMessage<'_>, expected_first_line: &str) {
            let report = panic_report(
                Some("tokio-runtime-worker"),
                Some(("src-tauri/src/commands.rs", 12, 5)),
                message,
                "   0: nssf_desk_app::commands::search\n   1: std::rt::lang_start",
            );
            let mut lines = report.lines();
            assert_eq!(lines.next(), Some(expected_first_line));
            assert_eq!(
                lines.collect::<Vec<_>>(),
                [
                    "backtrace:",
                    "   0: nssf_desk_app::commands::search",
                    "   1: std::rt::lang_start"
                ]
            );
        }
        let at = "panic in thread 'tokio-runtime-worker' at src-tauri/src/commands.rs:12:5: ";
        check(
            PanicMessage::Literal("the office is open"),
            &format!("{at}the office is open"),
        );
        check(
            PanicMessage::Formatted("no member ເຈົ້າ ນ້ຳໃຈ, phone 020 5555 1234\nsecond line"),
            &format!("{at}no member …, phone … second line"),
        );
        check(PanicMessage::Unknown, &format!("{at}(no message)"));
    }

    #[test]
    fn a_panic_inside_sled_is_left_to_the_store_which_answers_store_damaged() {
        fn check(file: Option<&str>, told: bool) {
            assert_eq!(tells_window(file), told, "{file:?}");
        }
        check(Some("src-tauri/src/commands.rs"), true);
        check(Some("crates/api/src/office.rs"), true);
        check(None, true);
        check(
            Some("/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/sled-0.34.7/src/pagecache/logger.rs"),
            false,
        );
        check(
            Some("C:\\Users\\ci\\.cargo\\registry\\src\\index\\sled-0.34.7\\src\\tree.rs"),
            false,
        );
        check(Some("/home/dev/sledge/src/lib.rs"), true);
    }

    #[test]
    fn the_payload_of_a_real_panic_is_told_apart() {
        let literal =
            std::panic::catch_unwind(|| panic!("written in the code")).expect_err("panicked");
        assert_eq!(
            PanicMessage::of(literal.as_ref()),
            PanicMessage::Literal("written in the code")
        );
        let number = "020 5555 1234";
        let formatted =
            std::panic::catch_unwind(|| panic!("phone {number}")).expect_err("panicked");
        assert_eq!(
            PanicMessage::of(formatted.as_ref()),
            PanicMessage::Formatted("phone 020 5555 1234")
        );
        let other = std::panic::catch_unwind(|| std::panic::panic_any(7_u8)).expect_err("panicked");
        assert_eq!(PanicMessage::of(other.as_ref()), PanicMessage::Unknown);
    }
}
