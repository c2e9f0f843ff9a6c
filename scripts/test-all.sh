#!/usr/bin/env bash
# The README's second command: every test. Formatting and lints, the Rust tests of every crate, the UI's
# type check and unit tests, then the end-to-end tests that drive the real app under Xvfb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/system-packages.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"

echo "== ui: install, type check, unit tests, build"
# The Tauri shell embeds ui/dist at compile time, so the UI is built before any cargo command.
(cd ui && npm ci --no-audit --no-fund && npm run typecheck && npm test && npm run build)

echo "== rust: format, lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== rust: tests"
cargo test --workspace --exclude nssf-e2e --locked

echo "== end to end"
NSSF_UI_BUILT=1 bash scripts/e2e.sh

echo "== packages: the check build's .deb and .rpm, the .deb installed, the smoke story against the installed app"
NSSF_UI_BUILT=1 bash scripts/package.sh
bash scripts/install-test.sh
