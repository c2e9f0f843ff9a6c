//! tauri-driver: the WebDriver server that launches the app and passes commands on to WebKitWebDriver.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

use crate::{eventually, TestResult, WAIT};

/// A running tauri-driver with its own free ports, so that a stale driver or another run on the same machine
/// cannot answer in its place.
///
/// Stopped with SIGTERM so that it stops WebKitWebDriver too: SIGKILL would leave WebKitWebDriver running on
/// its port, and a next session there fails with "Maximum number of active sessions".
#[derive(Debug)]
pub(crate) struct TauriDriver {
    child: Child,
    port: u16,
}

impl TauriDriver {
    /// Starts tauri-driver for an app that opens the office folder `data` and saves documents into `saved`
    /// under their default names instead of asking in a save dialog (which WebDriver cannot drive), without
    /// opening them. Returns once the driver listens.
    pub(crate) async fn start(data: &Path, saved: &Path) -> TestResult<TauriDriver> {
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let (port, native_port) = two_free_ports()?;
        // tauri-driver hands its own environment to the app it launches.
        let child = Command::new(&program)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("NSSF_DESK_DATA", data)
            .env("NSSF_DESK_SAVE_DIR", saved)
            // The window's log, beside the story's other folders (`Office::file("logs")`), not in the home folder.
            .env(
                "NSSF_DESK_LOG_DIR",
                saved.parent().unwrap_or(saved).join("logs"),
            )
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start tauri-driver ({}): {e}",
                    PathBuf::from(&program).display()
                )
            })?;
        let mut driver = TauriDriver { child, port };
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                return Err(format!("tauri-driver stopped ({status}) before listening").into());
            }
            if Instant::now() > deadline {
                return Err(format!("tauri-driver did not open port {port}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(driver)
    }

    /// A WebDriver session on a new window of `app`. The first attempts fail while the driver and
    /// WebKitWebDriver start, so they are retried.
    pub(crate) async fn connect(&self, app: &Path) -> TestResult<Client> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        eventually(
            "no WebDriver session",
            Duration::from_millis(250),
            async || {
                Ok(ClientBuilder::native()
                    .capabilities(capabilities.clone())
                    .connect(&url)
                    .await?)
            },
        )
        .await
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        // Already stopped (and reaped): its process id may belong to someone else by now.
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // `Child::kill` only sends SIGKILL; the `kill` command sends SIGTERM without unsafe code.
        let terminated = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|status| status.success());
        if !terminated {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Two ports nobody listens on now, for tauri-driver and for the WebKitWebDriver behind it. Both listeners are
/// held until both are chosen, so the two differ.
fn two_free_ports() -> TestResult<(u16, u16)> {
    let first = TcpListener::bind(("127.0.0.1", 0))?;
    let second = TcpListener::bind(("127.0.0.1", 0))?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}
