#!/usr/bin/env bash
# Install what is missing, then run every check; stop at the first failure.
#   scripts/test.sh
# Stages: rustfmt, clippy (native, and with the wasm feature), native tests, pkg/ build,
# wasm tests in node (wasm-bindgen-test), JS tests of pkg/ (tests/js), browser tests
# (tests/browser, headless Chromium). Each prints a header; the last line sums them up.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh --browser

passed=()
skipped=()
t_start=$SECONDS

summary() {
  echo
  echo "==> test.sh: ${#passed[@]} stages passed (${passed[*]:-none})," \
    "${#skipped[@]} skipped (${skipped[*]:-none}) in $((SECONDS - t_start)) s"
}

# stage NAME COMMAND...: run one stage; on failure, report it and stop with its exit code.
stage() {
  local name=$1 t0=$SECONDS rc=0
  shift
  printf '\n==> [%s] %s\n' "$name" "$*"
  "$@" || rc=$?
  if [ "$rc" != 0 ]; then
    summary
    echo "==> test.sh: FAILED at stage '$name' (exit $rc): $*"
    exit "$rc"
  fi
  echo "==> [$name] ok ($((SECONDS - t0)) s)"
  passed+=("$name")
}

skip() {
  printf '\n==> [%s] skipped: %s\n' "$1" "$2"
  skipped+=("$1")
}

# Does DIR hold JS test files that node's runner picks up (*.test.mjs, test-*.js, ...)?
has_js_tests() {
  [ -d "$1" ] && find "$1" -type f \( -name '*.test.*js' -o -name '*-test.*js' -o -name '*_test.*js' \
    -o -name 'test-*.*js' \) -print -quit | grep -q .
}

# A time limit per test (5 min), so that a hung browser cannot hang CI.
node_test=(node --test --test-timeout=300000)

stage fmt cargo fmt --all --check
stage clippy cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm cargo clippy --workspace --all-targets --features wasm -- -D warnings
# The library, its tests and examples in the other feature sets it is built with: the scoring core natively and as the
# .wasm's bindings (pkg/), and `methods` without `robustness`.
clippy_features() {
  local f
  for f in "" wasm methods; do
    cargo clippy --all-targets --no-default-features ${f:+--features "$f"} -- -D warnings || return
  done
}
stage clippy-features clippy_features
stage test cargo test --release --workspace
stage build-pkg scripts/build.sh

# wasm-bindgen-test in node. wasm-pack builds EVERY test target for wasm32 (it passes --tests),
# so native-only test files start with #![cfg(not(target_arch = "wasm32"))].
if grep -qs 'wasm_bindgen_test' tests/*.rs || grep -rqs --include='*.rs' 'wasm_bindgen_test' src; then
  stage wasm-node wasm-pack test --node -- --features wasm
else
  skip wasm-node "no tests/*.rs or src/ file uses wasm_bindgen_test"
fi

if has_js_tests tests/js; then
  stage js "${node_test[@]}" tests/js/
else
  skip js "no test files in tests/js/"
fi

if has_js_tests tests/browser; then
  stage browser "${node_test[@]}" tests/browser/
else
  skip browser "no test files in tests/browser/"
fi

summary
echo "==> test.sh: all stages passed"
