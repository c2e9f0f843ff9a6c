#!/usr/bin/env bash
# The full crash storm of docs/reliability.md ("Crash evidence"): a release build of nssf-bench kills a child
# that registers, amends, pays and voids KILLS times (default 1000) with SIGKILL at random moments, reopens
# the office after each kill and checks it; prints the seed and the figures, exits 1 if anything was lost.
#   scripts/crash-storm.sh [KILLS] [SEED]      (CI runs 50 kills: crates/bench/tests/crash.rs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"

kills="${1:-${NSSF_CRASH_KILLS:-1000}}"
seed="${2:-${NSSF_CRASH_SEED:-$(date +%s)}}"
cargo build --release --locked -p nssf-bench
"$CARGO_TARGET_DIR/release/nssf-bench" storm --kills "$kills" --seed "$seed"
