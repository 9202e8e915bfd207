#!/usr/bin/env bash
# Idempotent installer for everything Tolok's build, tests and server need.
#
#   scripts/setup.sh [--browser]          run it, or
#   source scripts/setup.sh [--browser]   to also keep the PATH it sets (serve.sh, test.sh do)
#
# Installs only what is missing (a warm run takes about a second):
#   - the wasm32-unknown-unknown target, rustfmt and clippy (rustup)
#   - wasm-bindgen-cli at exactly the version of `wasm-bindgen` in Cargo.lock
#   - wasm-pack (cargo install --locked)
#   - npm devDependencies (npm ci): binaryen (provides wasm-opt), playwright-core
#   - with --browser: Debian's chromium (for the browser tests)
# Works unattended as root on a fresh Debian machine (CI=true, no stdin). Only crates.io,
# the npm registry and Debian's archive are needed (nothing is fetched from GitHub).
# See ../shared/TOOLCHAIN.md (or the comments below) for why each choice is made.
set -euo pipefail

TOLOK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$TOLOK_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

setup_log() { printf '[setup] %s\n' "$*" >&2; }
setup_die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

setup_want_browser=0
for setup_arg in "$@"; do
  case "$setup_arg" in
    --browser) setup_want_browser=1 ;;
    *) setup_die "unknown argument '$setup_arg' (usage: scripts/setup.sh [--browser])" ;;
  esac
done

# apt-get update at most once per run.
setup_apt_updated=0
setup_apt_install() {
  if [ "$setup_apt_updated" = 0 ]; then
    apt-get update -qq || setup_die "apt-get update failed"
    setup_apt_updated=1
  fi
  setup_log "apt-get install -y $*"
  apt-get install -y -qq "$@" </dev/null || setup_die "apt-get install $* failed"
}

# --- Rust toolchain: rustup/cargo must already be there (Rust machines ship them) ---
command -v cargo >/dev/null && command -v rustup >/dev/null \
  || setup_die "cargo/rustup not found (looked on PATH and in ~/.cargo/bin); install Rust with rustup first"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  setup_log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || setup_die "rustup target add wasm32-unknown-unknown failed"
fi
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  setup_log "adding rustfmt and clippy"
  rustup component add rustfmt clippy || setup_die "rustup component add rustfmt clippy failed"
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen crate version in Cargo.lock ---
if [ ! -f "$TOLOK_ROOT/Cargo.lock" ]; then
  setup_log "no Cargo.lock: cargo generate-lockfile"
  (cd "$TOLOK_ROOT" && cargo generate-lockfile) || setup_die "cargo generate-lockfile failed"
fi
# The line after `name = "wasm-bindgen"` in a [[package]] entry is its version.
wbg_version="$(awk -F'"' '$0 == "name = \"wasm-bindgen\"" { getline; print $2; exit }' "$TOLOK_ROOT/Cargo.lock")"
[ -n "$wbg_version" ] || setup_die "no wasm-bindgen package in Cargo.lock (is it a dependency in Cargo.toml?)"
wbg_have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$wbg_have" != "$wbg_version" ]; then
  setup_log "installing wasm-bindgen-cli $wbg_version (found '${wbg_have:-none}'; takes ~5 min)"
  # Not --locked: its lockfile wants a webpki-roots version that the registry here lacks.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force \
    || setup_die "cargo install wasm-bindgen-cli --version $wbg_version failed"
fi

# --- wasm-pack (the npm package downloads from GitHub and fails; build it from crates.io) ---
if ! wasm-pack --version >/dev/null 2>&1; then
  setup_log "installing wasm-pack (takes ~4 min)"
  cargo install wasm-pack --locked || setup_die "cargo install wasm-pack --locked failed"
fi

# --- node, npm, python3 (present on Rust machines; Debian's packages as a fallback) ---
command -v node >/dev/null && command -v npm >/dev/null || setup_apt_install nodejs npm
command -v python3 >/dev/null || setup_apt_install python3

# --- npm devDependencies: binaryen's wasm-opt and playwright-core ---
# npm writes node_modules/.package-lock.json after an install: if it is newer than
# package-lock.json, the tree is current and `npm ci` (which reinstalls everything) is skipped.
if [ ! -x "$TOLOK_ROOT/node_modules/.bin/wasm-opt" ] \
  || [ ! -d "$TOLOK_ROOT/node_modules/playwright-core" ] \
  || [ ! "$TOLOK_ROOT/node_modules/.package-lock.json" -nt "$TOLOK_ROOT/package-lock.json" ]; then
  setup_log "npm ci"
  (cd "$TOLOK_ROOT" && npm ci --no-audit --no-fund </dev/null) || setup_die "npm ci failed"
fi
# wasm-pack runs the first wasm-opt on PATH: it must be npm's binaryen, never Debian's (v108
# writes modules that fail at start-up). Without any wasm-opt, wasm-pack tries GitHub and fails.
[ "$(command -v wasm-opt)" = "$TOLOK_ROOT/node_modules/.bin/wasm-opt" ] \
  || setup_die "wasm-opt on PATH is '$(command -v wasm-opt || echo none)', expected node_modules/.bin/wasm-opt"
if [ -e /usr/bin/wasm-opt ]; then
  setup_log "WARNING: /usr/bin/wasm-opt exists (Debian's binaryen?); it is shadowed here, but" \
    "remove it (apt-get remove binaryen) so that no other shell picks it up"
fi

# --- Chromium for the browser tests (Debian's; Playwright's own download needs GitHub/CDN) ---
if [ "$setup_want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  setup_apt_install chromium
fi

unset setup_arg setup_want_browser wbg_version wbg_have
setup_log "ok: $(wasm-pack --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(wasm-opt --version | awk '{print $3}'), node $(node --version)"
