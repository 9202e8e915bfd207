//! JavaScript bindings (cargo feature `wasm`; built by wasm-pack into `pkg/`): the only module
//! that knows about JavaScript. Each export converts its arguments, calls the core and converts
//! back; no scoring happens here.
//!
//! - [`Scorer`] is the stateful class (a scored table whose weights can change cheaply);
//!   [`score`], [`validate_spec`] and [`version`] are the stateless functions.
//! - Two modules are built from this: the scoring core (`wasm` alone: pkg/) and the full module
//!   (`wasm` with `full`: pkg/full/). The full one adds `explorer` (`inspectCsv`,
//!   `starterSpec`) and `uncertainty` (the class's `uncertainty()`, `sobol()`, ...), and scores
//!   specs with `prepare`, `weighting` and the MCDA aggregations.
//! - Specs come in as plain objects (or JSON text) and go through the core's JSON reader, so that
//!   unknown fields are rejected with the path of the field, exactly as the CLI does.
//! - Bulk numbers go out as typed arrays; structured results as plain objects (see `convert`).
//! - Every fallible export throws a JavaScript `Error` whose message is the core's message.
//! - TypeScript: `types` declares `Spec`, `ScoreResult` and the rest in `pkg/tolok.d.ts`.
//!
//! The module is public so that wasm-bindgen-test (`tests/wasm.rs`) can call the exports from
//! Rust; Rust users should use the crate's own API instead.

mod convert;
#[cfg(feature = "methods")]
mod explorer;
mod scorer;
mod types;
#[cfg(feature = "robustness")]
mod uncertainty;

use wasm_bindgen::prelude::*;

#[cfg(feature = "methods")]
pub use explorer::{inspect_csv, starter_spec};
pub use scorer::Scorer;

use convert::{core_error, spec_from_js, to_js};

/// Scores CSV text by a spec in one go: the whole result as a plain object (what
/// `tolok score --format json` prints).
///
/// @throws {Error} if the CSV or the spec is wrong; the message says where.
#[wasm_bindgen(unchecked_return_type = "ScoreResult")]
pub fn score(
    csv: &str,
    #[wasm_bindgen(unchecked_param_type = "Spec | string")] spec: JsValue,
) -> Result<JsValue, JsError> {
    let spec = spec_from_js(&spec)?;
    to_js(&crate::score(csv, spec).map_err(core_error)?)
}

/// Checks a spec (a plain object or JSON text) and returns it with every default filled in.
///
/// @throws {Error} naming the field or node that is wrong (`spec: tree.children[1]: unknown field
/// \`wieght\`, ...`).
#[wasm_bindgen(js_name = validateSpec, unchecked_return_type = "Spec")]
pub fn validate_spec(
    #[wasm_bindgen(unchecked_param_type = "Spec | string")] spec: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&spec_from_js(&spec)?)
}

/// The version of the tolok crate this package was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
