#!/usr/bin/env bash
# The install test of the .deb that scripts/package.sh made: installs it, checks what it put on disk (the app,
# /usr/bin/nssf-desk, the desktop entry, the icons), then starts the INSTALLED app under Xvfb and runs the smoke
# story against it (tests/e2e/tests/installed.rs: set up, register, search, About shows the package's version).
#
# With CI set: `apt-get install ./file.deb` into this machine (which pulls the package's dependencies), removed
# again afterwards so that reruns start clean. Without CI: unpacked with `dpkg-deb -x` into a throw-away folder,
# never into a developer's system; the dependencies are then only checked to be installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"
tools="${NSSF_DESK_TOOLS:-$HOME/.cache/nssf-desk/tools}"
profile="${NSSF_PACKAGE_PROFILE:-debug}"
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

shopt -s nullglob
debs=("$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb)
[ "${#debs[@]}" -eq 1 ] || { echo "expected one .deb in $CARGO_TARGET_DIR/$profile/bundle/deb (run scripts/package.sh)" >&2; exit 1; }
deb="${debs[0]}"
package="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
echo "== install test: $package $version ($deb)"

if [ -n "${CI:-}" ]; then
  prefix=""
  cleanup() { sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 remove -y "$package" >/dev/null; }
  trap cleanup EXIT
  # --reinstall: a package of the same version left by an interrupted run is replaced, not kept.
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --reinstall \
    --no-install-recommends "$deb"
else
  prefix="$(mktemp -d)"
  cleanup() { rm -rf "$prefix"; }
  trap cleanup EXIT
  dpkg-deb -x "$deb" "$prefix"
  # Each dependency the package declares must be installed here, as apt would have made sure.
  dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | awk 'NF' | while read -r dependency; do
    dpkg-query -W -f='${Status}' "$dependency" 2>/dev/null | grep -q "install ok installed" \
      || { echo "the package depends on $dependency, which is not installed" >&2; exit 1; }
  done
fi

# What a person finds after installing: the desktop entry (its Exec names the app), its icons, the command.
desktop="$prefix/$(dpkg-deb -c "$deb" | grep -o 'usr/share/applications/.*\.desktop$')"
grep -q '^Categories=.*Office;' "$desktop" || { echo "$desktop: not in the Office category" >&2; exit 1; }
icon="$(sed -n 's/^Icon=//p' "$desktop")"
ls "$prefix"/usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null
app="$prefix/usr/bin/$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")"
cli="$prefix/usr/bin/nssf-desk"
[ -x "$app" ] && [ -x "$cli" ] || { echo "the package lacks $app or $cli" >&2; exit 1; }
printed="$("$cli" --version)"
[ "$printed" = "nssf-desk $version" ] || { echo "nssf-desk --version printed '$printed', the package is $version" >&2; exit 1; }
echo "desktop entry $desktop, app $app, $printed"

echo "== the smoke story against the installed app, under Xvfb"
export TAURI_DRIVER="$tools/bin/tauri-driver" NSSF_DESK_APP="$app" NSSF_DESK_CLI="$cli" NSSF_E2E_INSTALLED="$version"
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --locked -p nssf-e2e --test installed -- --ignored --test-threads=1 --nocapture
