#!/usr/bin/env bash
# Build pkg/ (the npm package and what the pages import): two .wasm modules from the one crate,
# each wrapped by wasm-bindgen and optimised by npm's wasm-opt.
#   pkg/       the scoring core (cargo feature `wasm` alone): JS API v1 — score, re-weight, rank,
#              grade, explain. What a news page loads; the smaller module.
#   pkg/full/  the full module (`wasm,full`): also data preparation, derived weights, the MCDA
#              aggregations, uncertainty and sensitivity, the explorer's CSV helpers.
# package.json exports both: `import ... from "tolok"` and `from "tolok/full"`.
#   scripts/build.sh            (expects scripts/setup.sh to have run; serve.sh/test.sh do that)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"  # npm's wasm-opt first (see setup.sh)

# opt-level "z" for the .wasm: 17% smaller gzipped than "3" (2026-12-01). The hot loops are in
# kernels/, which Cargo.toml keeps at "3", so weight changes and new data lose no speed.
# Native builds (the CLI, the tests) keep the release profile's "3".
build() { # out-dir, cargo features
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm-pack build --target web --release --out-dir "$1" \
    -- --no-default-features --features "$2"
}
full=target/pkg-full
build "$full" wasm,full
build pkg wasm
rm -rf pkg/full
mkdir -p pkg/full
cp -r "$full"/tolok.js "$full"/tolok.d.ts "$full"/tolok_bg.wasm "$full"/tolok_bg.wasm.d.ts "$full"/snippets pkg/full/

# package.json: publish both modules, and name them as entry points.
node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync("pkg/package.json", "utf8"));
p.files = [...p.files, "full/tolok_bg.wasm", "full/tolok.js", "full/tolok.d.ts", "full/snippets"];
p.sideEffects = [...(p.sideEffects ?? []), "./full/snippets/*"];
p.exports = {
  ".": { types: "./tolok.d.ts", default: "./tolok.js" },
  "./full": { types: "./full/tolok.d.ts", default: "./full/tolok.js" },
  "./tolok_bg.wasm": "./tolok_bg.wasm",
  "./full/tolok_bg.wasm": "./full/tolok_bg.wasm",
};
fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
'
ls -l pkg/*.wasm pkg/full/*.wasm
