//! End-to-end tests of NSSF Desk live in `tests/e2e.rs`; run them with `scripts/e2e.sh`, which builds the UI,
//! the app and the CLI, installs tauri-driver and runs the test under Xvfb. This library is empty on purpose.
