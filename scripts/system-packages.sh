#!/usr/bin/env bash
# Installs what NSSF Desk needs on a Debian/Ubuntu machine: build tools and WebKitGTK for Tauri, the X
# virtual framebuffer and WebKit's WebDriver for end-to-end tests, fonts, PDF tools, the PostgreSQL server
# the central store's tests start a throw-away cluster of (crates/test-support/src/postgres.rs); and, only
# where they are missing, the Rust toolchain (rustup) and Node.js ≥ 20.19. Safe to run again: it installs only what is missing.
# The packages (scripts/package.sh) need nothing more: Tauri's bundler writes the .deb and the .rpm itself (no
# dpkg-dev, no rpmbuild), and the install test uses dpkg-deb and apt-get, which every Debian system has.
set -euo pipefail

packages=(
  build-essential pkg-config file curl ca-certificates
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  xvfb xauth webkit2gtk-driver
  fonts-noto-core fonts-lao
  poppler-utils qpdf zbar-tools libharfbuzz-bin imagemagick mupdf-tools
  postgresql
)
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
fi

node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  echo "== installing Node.js 22 (Vite needs ≥ 20.19)"
  curl -fsSL https://deb.nodesource.com/setup_22.x | sudo_if_needed bash -
  sudo_if_needed apt-get install -y nodejs
fi
