#!/usr/bin/env bash
# Builds the Linux packages of NSSF Desk with Tauri's bundler (the Tauri CLI pinned in ui/package.json): a .deb and
# an .rpm holding the app, the `nssf-desk` command (/usr/bin/nssf-desk), the desktop entry and the icons. Prints
# each package's path, size and SHA-256.
#
#   bash scripts/package.sh            check build: the debug profile, sharing the test build's outputs (CI)
#   bash scripts/package.sh --release  the packages to give to offices: the release profile (about 20 minutes
#                                      on 2 cores from an empty cache)
#
# Windows: the NSIS installer is configured in src-tauri/tauri.conf.json and tauri.windows.conf.json but can
# only be built on Windows (README, "For the central office's IT staff").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

profile=debug
case "${1:-}" in
  "") ;;
  --release) profile=release ;;
  *) echo "usage: bash scripts/package.sh [--release]" >&2; exit 2 ;;
esac

bash scripts/system-packages.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nssf-desk/target}"

# The shell embeds ui/dist at compile time; the test command has built it already (NSSF_UI_BUILT).
if [ -z "${NSSF_UI_BUILT:-}" ]; then
  echo "== ui: npm ci, build"
  (cd ui && npm ci --no-audit --no-fund && npm run build)
elif [ ! -x ui/node_modules/.bin/tauri ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

cargo_profile=()
tauri_profile=(--debug)
if [ "$profile" = release ]; then
  cargo_profile=(--release)
  tauri_profile=()
fi
# `tauri build` runs `cargo build --bins --features tauri/custom-protocol` plus the arguments after `--`. Naming
# both packages, as scripts/e2e.sh does, gives the same feature resolution as the test build, so only the
# crates that tauri's custom-protocol feature changes are compiled again (about a minute in debug), not every
# dependency whose features the app alone would resolve differently.
packages_built=(--locked -p nssf-desk-app -p nssf-cli)

echo "== cargo build nssf-desk-app, nssf-cli ($profile), as tauri build does"
cargo build "${packages_built[@]}" --bins --features tauri/custom-protocol "${cargo_profile[@]}"
# tauri.conf.json's bundle.linux.{deb,rpm}.files take /usr/bin/nssf-desk from this fixed path (src-tauri/gen/ is
# not in git), whatever CARGO_TARGET_DIR is.
mkdir -p src-tauri/gen/package
install -m 0755 "$CARGO_TARGET_DIR/$profile/nssf-desk" src-tauri/gen/package/nssf-desk

bundle_dir="$CARGO_TARGET_DIR/$profile/bundle"
rm -rf "$bundle_dir/deb" "$bundle_dir/rpm"
echo "== tauri build ($profile): deb, rpm"
# Run from the checkout's root: the CLI finds src-tauri/ below its working directory. Its cargo build finds
# everything built above.
ui/node_modules/.bin/tauri build "${tauri_profile[@]}" --ci --bundles deb,rpm -- "${packages_built[@]}"

echo "== packages"
shopt -s nullglob
packages=("$bundle_dir"/deb/*.deb "$bundle_dir"/rpm/*.rpm)
[ "${#packages[@]}" -eq 2 ] || { echo "expected one .deb and one .rpm in $bundle_dir, found: ${packages[*]}" >&2; exit 1; }
# The bundler names the files after the product name ("NSSF Desk_0.1.0_amd64.deb"); the package inside is
# nssf-desk. Files named as the package, without a space, are easier to type and to script.
for i in "${!packages[@]}"; do
  named="$(dirname "${packages[$i]}")/$(basename "${packages[$i]}" | sed 's/^NSSF Desk/nssf-desk/')"
  [ "$named" = "${packages[$i]}" ] || mv "${packages[$i]}" "$named"
  packages[$i]="$named"
done
for package in "${packages[@]}"; do
  echo "$package"
  echo "  size   $(du -h "$package" | cut -f1)"
  echo "  sha256 $(sha256sum "$package" | cut -d' ' -f1)"
done
