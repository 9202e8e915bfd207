#!/usr/bin/env bash
# Build pkg/ (the npm package and what the pages import): the release .wasm with the JS
# bindings (cargo feature `wasm`), wrapped by wasm-bindgen and optimised by npm's wasm-opt.
#   scripts/build.sh            (expects scripts/setup.sh to have run; serve.sh/test.sh do that)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"  # npm's wasm-opt first (see setup.sh)

wasm-pack build --target web --release --out-dir pkg -- --features wasm
ls -l pkg/*.wasm
