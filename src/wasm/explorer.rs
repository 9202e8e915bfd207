//! The explorer's helpers for a CSV it has not seen (cargo feature `methods`: in the full module
//! only, so that the scoring core stays small).

use wasm_bindgen::prelude::*;

use super::convert::{core_error, to_js};
use crate::json::{ToJson, Writer};
use crate::table::CsvSummary;

/// The columns of a CSV: their names, whether each holds numbers, how many cells are missing.
///
/// @throws {Error} if the text cannot be read as CSV.
#[wasm_bindgen(js_name = inspectCsv, unchecked_return_type = "CsvSummary")]
pub fn inspect_csv(csv: &str) -> Result<JsValue, JsError> {
    let summary = crate::inspect_csv(csv).map_err(core_error)?;
    to_js(&CsvSummaryOut::from(summary))
}

/// A first spec for a CSV: every numeric column an indicator (min-max), equal weights, one root.
///
/// @throws {Error} if the CSV has no usable id column or no numeric column.
#[wasm_bindgen(js_name = starterSpec, unchecked_return_type = "Spec")]
pub fn starter_spec(csv: &str) -> Result<JsValue, JsError> {
    to_js(&crate::starter::starter_spec(csv).map_err(core_error)?)
}

/// [`CsvSummary`] for JavaScript (counts as `u32`).
struct CsvSummaryOut {
    delimiter: String,
    rows: u32,
    columns: Vec<ColumnOut>,
}

struct ColumnOut {
    name: String,
    numeric: bool,
    missing: u32,
    distinct: u32,
}

impl From<CsvSummary> for CsvSummaryOut {
    fn from(s: CsvSummary) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        CsvSummaryOut {
            delimiter: s.delimiter.to_string(),
            rows: n(s.rows),
            columns: s
                .columns
                .into_iter()
                .map(|c| ColumnOut {
                    name: c.name,
                    numeric: c.numeric,
                    missing: n(c.missing),
                    distinct: n(c.distinct),
                })
                .collect(),
        }
    }
}

impl ToJson for CsvSummaryOut {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("delimiter", &self.delimiter);
        w.field("rows", &self.rows);
        w.field("columns", &self.columns);
        w.end_object();
    }
}

impl ToJson for ColumnOut {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("name", &self.name);
        w.field("numeric", &self.numeric);
        w.field("missing", &self.missing);
        w.field("distinct", &self.distinct);
        w.end_object();
    }
}
