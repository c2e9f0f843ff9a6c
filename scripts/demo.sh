#!/usr/bin/env bash
# The README's first command: installs what is missing, builds NSSF Desk, creates a demo office data folder
# with a few hundred synthetic members and their payment history (once), and opens the app on it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/system-packages.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"
data="${NSSF_DESK_DATA:-$root/demo-data}"

(cd ui && npm ci --no-audit --no-fund && npm run build)
cargo build --release -p nssf-cli -p nssf-desk-app
cli="$CARGO_TARGET_DIR/release/nssf-desk"
if [ ! -d "$data/db" ]; then
  "$cli" --data "$data" init --office 0101 --workstation 01
  "$cli" --data "$data" demo --members 300 --seed 1
fi
echo "== NSSF Desk on $data"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" env NSSF_DESK_DATA="$data" "$CARGO_TARGET_DIR/release/nssf-desk-app"
fi
NSSF_DESK_DATA="$data" exec "$CARGO_TARGET_DIR/release/nssf-desk-app"
