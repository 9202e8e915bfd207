//! JavaScript bindings (cargo feature `wasm`; built by wasm-pack into `pkg/`): the only module
//! that knows about JavaScript. Each export converts its arguments, calls the core and converts
//! back; no scoring happens here.
//!
//! - [`Scorer`] is the stateful class (a scored table whose weights can change cheaply);
//!   [`score`], [`validate_spec`], [`inspect_csv`], [`starter_spec`] and [`version`] are the
//!   stateless functions. `uncertainty` adds the class's `uncertainty()` and `sobol()`.
//! - Specs come in as plain objects (or JSON text) and go through the core's JSON reader, so that
//!   unknown fields are rejected with the path of the field, exactly as the CLI does.
//! - Bulk numbers go out as typed arrays; structured results as plain objects (see `convert`).
//! - Every fallible export throws a JavaScript `Error` whose message is the core's message.
//! - TypeScript: `types` declares `Spec`, `ScoreResult` and the rest in `pkg/tolok.d.ts`.
//!
//! The module is public so that wasm-bindgen-test (`tests/wasm.rs`) can call the exports from
//! Rust; Rust users should use the crate's own API instead.

mod convert;
mod scorer;
mod types;
mod uncertainty;

use wasm_bindgen::prelude::*;

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

/// The columns of a CSV: their names, whether each holds numbers, how many cells are missing.
///
/// @throws {Error} if the text cannot be read as CSV.
#[wasm_bindgen(js_name = inspectCsv, unchecked_return_type = "CsvSummary")]
pub fn inspect_csv(csv: &str) -> Result<JsValue, JsError> {
    let summary = crate::inspect_csv(csv).map_err(core_error)?;
    to_js(&convert::CsvSummaryOut::from(summary))
}

/// A first spec for a CSV: every numeric column an indicator (min-max), equal weights, one root.
///
/// @throws {Error} if the CSV has no usable id column or no numeric column.
#[wasm_bindgen(js_name = starterSpec, unchecked_return_type = "Spec")]
pub fn starter_spec(csv: &str) -> Result<JsValue, JsError> {
    to_js(&crate::starter::starter_spec(csv).map_err(core_error)?)
}

/// The version of the tolok crate this package was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
