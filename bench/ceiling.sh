#!/usr/bin/env bash
# The ceiling of bench/bench.mjs: its W1 and W4 done by tolok's kernels alone (bench/ceiling/, no
# engine, no bindings, data kept in WebAssembly memory), built for wasm32 twice — scalar, as
# pkg/ is, and with simd128 (autovectorised; pkg/ leaves SIMD out for Safari < 16.4) — and timed
# against the same hand-written JavaScript, next to the package itself (pkg/, if built).
#   bench/ceiling.sh            # N = 514, 10,000, 100,000
#   bench/ceiling.sh 514        # one size
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
build() { # target dir, RUSTFLAGS
  RUSTFLAGS="$2" cargo build --quiet -p tolok-ceiling --release --target wasm32-unknown-unknown --target-dir "$1"
}
build target/ceiling ""
build target/ceiling-simd "-C target-feature=+simd128"
node bench/ceiling.mjs "$@"
