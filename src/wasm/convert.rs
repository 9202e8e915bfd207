//! Conversions between JavaScript values and the core's types, and the core's errors as JS
//! `Error`s. Nothing here computes a score.

use js_sys::{Array, Float64Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::json::ToJson;
use crate::spec::Spec;
use crate::table::Table;

/// A core error as a JavaScript `Error` with the same message.
pub(crate) fn core_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

/// An `Error` with a message of the bindings' own (for input that never reaches the core).
pub(crate) fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The message of a thrown JavaScript value (an `Error`'s message, or the value as text).
fn thrown_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => e.as_string().unwrap_or_else(|| "unknown JavaScript error".into()),
    }
}

/// What a JavaScript value is, for messages ("got number").
fn kind_of(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

#[wasm_bindgen(inline_js = r#"
export function spec_json(spec) {
  return JSON.stringify(spec, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}"#)]
extern "C" {
    /// `JSON.stringify` that writes `NaN` and `±Infinity` as strings ("NaN"), where JSON would
    /// write `null` and so turn `weight: NaN` into an absent weight (1) without a word. The core
    /// then reports them as what they are: `invalid type: string "NaN", expected f64`.
    #[wasm_bindgen(catch)]
    pub(crate) fn spec_json(spec: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(inline_js = r#"
export function copy_columns(columns, names, n, out) {
  if (columns === null || typeof columns !== "object") return null;
  const keys = Object.keys(columns);
  const at = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const j = names.indexOf(keys[k]);
    const col = columns[keys[k]];
    if (j < 0 || !(col instanceof Float64Array) || col.length !== n) return null;
    at[k] = j;
  }
  for (let k = 0; k < keys.length; k++) out.set(columns[keys[k]], at[k] * n);
  return at;
}"#)]
extern "C" {
    /// `setColumns`'s fast path, in one call instead of several per column: if every value of
    /// `columns` is a `Float64Array` of `n` values under one of `names`, copies the values into
    /// `out` (`names.length` blocks of `n`, a view of WebAssembly memory) and returns the block
    /// of each, in `columns`' order; otherwise returns `null` and copies nothing, and the
    /// general path converts (and names what is wrong).
    pub(crate) fn copy_columns(columns: &JsValue, names: &Array, n: u32, out: &mut [f64]) -> JsValue;
}

/// A spec from a plain object or from JSON text, validated.
///
/// An object is read through `JSON.stringify` and the core's JSON reader rather than
/// serde-wasm-bindgen: serde-wasm-bindgen reads only the fields a struct declares, so
/// `deny_unknown_fields` would never see a misspelt field. This way a typo is an error naming its
/// path, with the CLI's message. (`undefined` fields are absent, as in JSON.)
pub(crate) fn spec_from_js(value: &JsValue) -> Result<Spec, JsError> {
    if let Some(text) = value.as_string() {
        return Spec::from_json(&text).map_err(core_error);
    }
    let not_a_spec = || {
        js_error(format!(
            "spec: expected a spec object (or its JSON text), got {}",
            kind_of(value)
        ))
    };
    if !value.is_object() || Array::is_array(value) {
        return Err(not_a_spec());
    }
    let text = spec_json(value)
        .map_err(|e| js_error(format!("spec: {}", thrown_message(&e))))?
        .as_string()
        .ok_or_else(not_a_spec)?;
    Spec::from_json(&text)
        .map_err(|e| match e {
            // The position in text the caller never saw is noise; the path says where.
            Error::SpecSyntax { path, message } => Error::SpecSyntax {
                path,
                message: strip_position(&message).to_string(),
            },
            e => e,
        })
        .map_err(core_error)
}

/// Drops the reader's " at line 1 column 345" from a message.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// A structured result as a plain JavaScript object: the compact JSON of the crate's writer (the
/// CLI's, so numbers are the same shortest round-trip text), read by `JSON.parse`. Maps become objects,
/// `None` becomes `null`, integers become numbers. This is faster than building the object
/// property by property through serde-wasm-bindgen (514 units: 4.3 against 6.2 ms), and an id
/// such as `__proto__` stays an ordinary key.
pub(crate) fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    json_to_js(&crate::json::to_string(&value))
}

/// `JSON.parse` of text our writer wrote (one function, not one per type).
fn json_to_js(text: &str) -> Result<JsValue, JsError> {
    JSON::parse(text).map_err(|e| js_error(format!("internal: {}", thrown_message(&e))))
}

/// The own enumerable `[key, value]` pairs of a plain object, or an error naming `what`.
pub(crate) fn entries(value: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>, JsError> {
    if !value.is_object() || Array::is_array(value) {
        return Err(js_error(format!("{what}: expected an object, got {}", kind_of(value))));
    }
    Ok(Object::entries(value.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect())
}

fn field(obj: &JsValue, key: &str, what: &str) -> Result<JsValue, JsError> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|e| js_error(format!("{what}: {}", thrown_message(&e))))
}

/// An array of strings. The array crosses as one JSON text (`JSON.stringify`, then our reader),
/// not string by string: 514 ids take about 15 µs instead of 60. Anything that is not an array
/// of strings is read value by value to say which value is wrong.
fn strings(value: &JsValue, what: &dyn Fn() -> String) -> Result<Vec<String>, JsError> {
    if !Array::is_array(value) {
        return Err(js_error(format!(
            "{}: expected an array of strings, got {}",
            what(),
            kind_of(value)
        )));
    }
    if let Some(v) = JSON::stringify(value).ok().and_then(|text| {
        crate::json::parse(&String::from(text))
            .and_then(|v| crate::json::strings(&v))
            .ok()
    }) {
        return Ok(v);
    }
    let array: &Array = value.unchecked_ref();
    (0..array.length())
        .map(|i| {
            let v = array.get(i);
            v.as_string().ok_or_else(|| {
                js_error(format!(
                    "{}[{i}] is not a string (got {}; convert with .map(String))",
                    what(),
                    kind_of(&v)
                ))
            })
        })
        .collect()
}

/// A numeric column: a `Float64Array` (copied in one go) or an array of numbers, where `NaN`,
/// `null` and `undefined` are missing.
pub(crate) fn numbers(value: &JsValue, what: &dyn Fn() -> String) -> Result<Vec<f64>, JsError> {
    if let Some(typed) = value.dyn_ref::<Float64Array>() {
        return Ok(typed.to_vec());
    }
    if !Array::is_array(value) {
        return Err(js_error(format!(
            "{}: expected a Float64Array or an array of numbers, got {}",
            what(),
            kind_of(value)
        )));
    }
    let array: &Array = value.unchecked_ref();
    (0..array.length())
        .map(|i| {
            let v = array.get(i);
            match v.as_f64() {
                Some(x) => Ok(x),
                None if v.is_null() || v.is_undefined() => Ok(f64::NAN),
                None => Err(js_error(format!(
                    "{}[{i}] is not a number (got {})",
                    what(),
                    kind_of(&v)
                ))),
            }
        })
        .collect()
}

const TABLE_FIELDS: [&str; 4] = ["ids", "labels", "groups", "columns"];

/// A [`Table`] from `{ ids, labels?, groups?, columns }`, with the groups and numeric columns
/// `spec` reads (others are ignored, as extra CSV columns are), in the spec's order.
pub(crate) fn table_from_js(input: &JsValue, spec: &Spec) -> Result<Table, JsError> {
    for (key, _) in entries(input, "table")? {
        if !TABLE_FIELDS.contains(&key.as_str()) {
            return Err(js_error(format!(
                "table: unknown field '{key}' (the fields are ids, labels, groups, columns)"
            )));
        }
    }
    let ids = strings(&field(input, "ids", "table")?, &|| "table: ids".into())?;
    let labels = field(input, "labels", "table")?;
    let labels = if labels.is_null() || labels.is_undefined() {
        None
    } else {
        Some(strings(&labels, &|| "table: labels".into())?)
    };

    let groups_in = field(input, "groups", "table")?;
    let groups_in = if groups_in.is_null() || groups_in.is_undefined() {
        Vec::new()
    } else {
        entries(&groups_in, "table: groups")?
    };
    let mut groups = Vec::with_capacity(spec.units.groups.len());
    for g in &spec.units.groups {
        let (_, v) = groups_in.iter().find(|(k, _)| k == g).ok_or_else(|| {
            core_error(Error::MissingColumn {
                what: "group".into(),
                column: g.clone(),
                available: groups_in.iter().map(|(k, _)| k.clone()).collect(),
            })
        })?;
        groups.push((g.clone(), strings(v, &|| format!("table: groups.{g}"))?));
    }

    let columns_in = entries(&field(input, "columns", "table")?, "table: columns")?;
    let mut columns = Vec::new();
    for (what, name) in spec.numeric_columns() {
        let (_, v) = columns_in.iter().find(|(k, _)| k == name).ok_or_else(|| {
            core_error(Error::MissingColumn {
                what,
                column: name.to_string(),
                available: columns_in.iter().map(|(k, _)| k.clone()).collect(),
            })
        })?;
        columns.push((name.to_string(), numbers(v, &|| format!("table: columns.{name}"))?));
    }
    Table::from_columns(ids, labels, groups, columns).map_err(core_error)
}

/// `{ nodeId: { childId: weight } }` as a list of changes.
pub(crate) fn weight_changes(value: &JsValue) -> Result<Vec<(String, String, f64)>, JsError> {
    let mut out = Vec::new();
    for (node, children) in entries(value, "setWeights")? {
        for (child, w) in entries(&children, &format!("setWeights: node '{node}'"))? {
            let w = w.as_f64().ok_or_else(|| {
                js_error(format!(
                    "setWeights: node '{node}': the weight of '{child}' is not a number (got {})",
                    kind_of(&w)
                ))
            })?;
            out.push((node.clone(), child, w));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::strip_position;

    #[test]
    fn position_is_stripped_only_at_the_end() {
        assert_eq!(
            strip_position("unknown field `x`, expected `id` at line 1 column 40"),
            "unknown field `x`, expected `id`"
        );
        assert_eq!(strip_position("no position here"), "no position here");
    }
}
