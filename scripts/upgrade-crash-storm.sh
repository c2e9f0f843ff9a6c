#!/usr/bin/env bash
# Kills the schema 5 upgrade (docs/store-layout.md) at random moments and checks that the next open
# finishes it with nothing lost: docs/reliability.md, "Crash evidence", the upgrade.
#   scripts/upgrade-crash-storm.sh OLD_NSSF_DESK NEW_NSSF_DESK [MEMBERS] [KILLS] [SEED]
# OLD_NSSF_DESK: a build of schema 4 (e.g. commit ac63837) that makes the demo office to upgrade;
# NEW_NSSF_DESK: this build. Each round copies the schema 4 folder, starts `check --json` on it (which opens,
# so upgrades, then reads everything), SIGKILLs it after a random delay, runs `check --json` again and
# compares every tree's row count (member indexes and day summaries aside: rebuilt) with the reference.
set -euo pipefail
old="$1"; new="$2"; members="${3:-3000}"; kills="${4:-100}"; seed="${5:-$(date +%s)}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
RANDOM=$seed
echo "seed $seed, $members members, $kills kills"
"$old" --data "$work/v4" init --office 0101 --workstation 01 > /dev/null 2>&1
"$old" --data "$work/v4" demo --members "$members" --seed 1 > /dev/null 2>&1
rm -f "$work/v4/disk-reserve"
du -sh "$work/v4"
counts() { python3 -c '
import json,sys
d=json.load(sys.stdin)
skip={"idx_document","idx_phone","idx_name","idx_name_dob","name_tokens","day_summaries","meta"}
print(json.dumps({k:v for k,v in sorted(d["rows"].items()) if k not in skip and v}))' ; }
cp -a "$work/v4" "$work/ref"
start=$(date +%s%N)
"$new" --data "$work/ref" check --json | counts > "$work/expected"
whole_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "a whole upgrade and check: ${whole_ms} ms"
lost=0; upgraded_at_kill=0; partial_left=0
for i in $(seq 1 "$kills"); do
  rm -rf "$work/run"; cp -a "$work/v4" "$work/run"
  "$new" --data "$work/run" check --json > /dev/null 2>&1 &
  pid=$!
  delay=$(( RANDOM % (whole_ms + 50) ))
  sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -9 "$pid" 2>/dev/null || upgraded_at_kill=$((upgraded_at_kill + 1))
  wait "$pid" 2>/dev/null || true
  [ -d "$work/run/db.partial" ] && partial_left=$((partial_left + 1))
  if ! "$new" --data "$work/run" check --json 2> "$work/err" | counts > "$work/got"; then
    echo "round $i (delay ${delay} ms): check failed: $(cat "$work/err")"; lost=$((lost + 1)); continue
  fi
  if ! cmp -s "$work/expected" "$work/got"; then
    echo "round $i (delay ${delay} ms): rows differ"; diff "$work/expected" "$work/got" || true
    lost=$((lost + 1))
  fi
  backups=$(ls -d "$work/run"/before-upgrade-schema-4-* 2>/dev/null | wc -l)
  if [ "$backups" -ne 1 ] || [ -e "$work/run/db.partial" ]; then
    echo "round $i: $backups pre-upgrade backups, db.partial $( [ -e "$work/run/db.partial" ] && echo left || echo gone)"
    lost=$((lost + 1))
  fi
done
echo "kills $kills, finished before the kill $upgraded_at_kill, db.partial left by the kill $partial_left, failures $lost"
[ "$lost" -eq 0 ]
