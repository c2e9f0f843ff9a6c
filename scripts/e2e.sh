#!/usr/bin/env bash
# End-to-end test of the desktop app: builds the UI, the app and the CLI, installs tauri-driver if missing, and
# drives the real window under Xvfb through WebDriver. Screenshots land in docs/screenshots/.
# Needs the system packages listed in docs (libwebkit2gtk-4.1-dev, xvfb, xauth, webkit2gtk-driver, fonts).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"
tools="${NSSF_DESK_TOOLS:-$HOME/.cache/nssf-desk/tools}"
tauri_driver_version="2.1.0"

echo "== ui: npm ci, test, build"
if [ -z "${NSSF_UI_BUILT:-}" ]; then (cd ui && npm ci --no-audit --no-fund && npm test && npm run build); fi

echo "== cargo build (app, cli)"
cargo build -p nssf-desk-app -p nssf-cli

if ! "$tools/bin/tauri-driver" --help >/dev/null 2>&1; then
  echo "== installing tauri-driver $tauri_driver_version into $tools"
  cargo install tauri-driver --version "$tauri_driver_version" --locked --root "$tools"
fi
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing: apt-get install webkit2gtk-driver" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install xvfb xauth" >&2; exit 1; }

export TAURI_DRIVER="$tools/bin/tauri-driver"
export NSSF_DESK_APP="$CARGO_TARGET_DIR/debug/nssf-desk-app"
export NSSF_DESK_CLI="$CARGO_TARGET_DIR/debug/nssf-desk"

echo "== e2e under Xvfb"
# The harness's own unit tests and doc example run too. One story at a time: they share the display and the
# machine (each tauri-driver has ports of its own, so another run on the same machine does not interfere).
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p nssf-e2e -- --test-threads=1 --nocapture
