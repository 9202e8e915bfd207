//! `Scorer.uncertainty()` and `Scorer.sobol()`: how robust the ranks are (see
//! [`crate::uncertainty`]). Options are the spec's `uncertainty` section with any of its fields
//! replaced; per-unit numbers leave as `Float64Array`s, the rest as a plain object.

use js_sys::{Float64Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{core_error, js_error, spec_json, to_js};
use super::Scorer;
use crate::json::{self, Kind, ToJson, Value, Writer};
use crate::uncertainty::{FactorInfo, UncertaintySpec};

#[wasm_bindgen(typescript_custom_section)]
const UNCERTAINTY: &'static str = r#"
/** Options of `Scorer.uncertainty` and `Scorer.sobol`: fields of the spec's `uncertainty`
 * section (each one given replaces the section's own; the rest come from the spec or the
 * defaults), and a progress callback. */
export interface UncertaintyOptions extends Uncertainty {
  /** Called with the number of draws done, every 1% of the run. Returning `false` stops the run:
   * the result then covers the draws done (`cancelled: true`). A throw stops it and is rethrown. */
  onProgress?: (done: number) => boolean | void;
}

/** A Monte Carlo analysis of the ranks. Per-unit arrays are in table order (`ids`); ranks are
 * 1 = best, `NaN` for a unit without a rank. */
export interface UncertaintyResult {
  /** Draws made (fewer than `requested` when cancelled). */
  samples: number;
  requested: number;
  cancelled: boolean;
  seed: number;
  ids: string[];
  /** Rank under the spec's own weights and methods. */
  nominal: Float64Array;
  mean: Float64Array;
  median: Float64Array;
  /** 5th and 95th percentile rank over the draws. */
  p05: Float64Array;
  p95: Float64Array;
  /** Best and worst rank seen in the draws. */
  min: Float64Array;
  max: Float64Array;
  /** Best and worst rank over every admissible weighting (necessary and possible ranks). */
  best: Float64Array;
  worst: Float64Array;
  /** Lowest and highest root score over every admissible weighting. */
  scoreLow: Float64Array;
  scoreHigh: Float64Array;
  /** "pairwise" (relations per pair of units, up to 2,000 units) or "intervals" (score ranges). */
  method: "pairwise" | "intervals";
  /** True when `best` and `worst` rest on exact pairwise relations (an arithmetic tree). */
  exact: boolean;
  /** "exact" (up to 2,000 units) or "binned" (quantiles within `quantileResolution` ranks). */
  quantiles: "exact" | "binned";
  quantileResolution: number;
  /** Rank acceptability, N × N row-major: `[u * N + r]` = share of draws giving unit u rank
   * r + 1; null above 2,000 units. */
  acceptability: Float64Array | null;
  /** Central weights, N × K row-major over `indicators`: each unit's mean effective indicator
   * weights over the draws where it ranks first (`NaN` if it never does); null above 2,000 units. */
  centralWeights: Float64Array | null;
  /** Indicator ids, the K columns of `centralWeights`. */
  indicators: string[];
  /** What varied. */
  factors: UncertaintyFactor[];
}

/** One uncertain input of an analysis. */
export interface UncertaintyFactor {
  kind: "weight" | "dirichlet" | "aggregate" | "normalise";
  /** Node (weights, aggregation) or indicator (normalisation) id. */
  target: string;
  /** The child whose weight varies (`weight` only). */
  child?: string;
  /** Multiplier range (`weight`) or concentration (`dirichlet`). */
  range?: number[];
  /** The alternative methods (`aggregate`, `normalise`). */
  choices?: string[];
  /** A short description ("weight of income in hdi"). */
  name: string;
}

/** Sobol indices of the mean absolute rank shift against the nominal ranking, per factor. */
export interface SobolResult {
  /** Base sample size. */
  n: number;
  /** Scorings made: n × (factors + 2). */
  evaluations: number;
  /** Mean and variance of the mean absolute rank shift. */
  mean: number;
  variance: number;
  /** First-order and total indices, one per factor. */
  first: number[];
  total: number[];
  /** 95% bootstrap intervals [low, high] (null without bootstrap resamples). */
  firstCi: [number | null, number | null][];
  totalCi: [number | null, number | null][];
  factors: UncertaintyFactor[];
}
"#;

/// The small fields of [`UncertaintyResult`](crate::uncertainty::UncertaintyResult); the
/// per-unit vectors are added as typed arrays.
struct Summary<'a> {
    samples: u32,
    requested: u32,
    cancelled: bool,
    seed: u32,
    ids: &'a [String],
    method: &'a str,
    exact: bool,
    quantiles: &'a str,
    quantile_resolution: f64,
    indicators: &'a [String],
    factors: &'a [FactorInfo],
}

impl ToJson for Summary<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("samples", &self.samples);
        w.field("requested", &self.requested);
        w.field("cancelled", &self.cancelled);
        w.field("seed", &self.seed);
        w.field("ids", &self.ids);
        w.field("method", &self.method);
        w.field("exact", &self.exact);
        w.field("quantiles", &self.quantiles);
        w.field("quantileResolution", &self.quantile_resolution);
        w.field("indicators", &self.indicators);
        w.field("factors", &self.factors);
        w.end_object();
    }
}

#[wasm_bindgen]
impl Scorer {
    /// Monte Carlo over the weights (and method alternatives) of the spec's `uncertainty`
    /// section, or of `options` (each field given replaces the section's own): rank intervals,
    /// acceptabilities and exact best/worst ranks. Uses the current weights as nominal.
    ///
    /// @throws {Error} if the options are wrong (the message names the field), or what
    /// `onProgress` throws.
    #[wasm_bindgen(unchecked_return_type = "UncertaintyResult")]
    pub fn uncertainty(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "UncertaintyOptions | null")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let (u, on_progress) = self.options(options.as_ref())?;
        let mut thrown = None;
        let progress = |done: u32| match &on_progress {
            None => true,
            Some(f) => match f.call1(&JsValue::NULL, &JsValue::from(done)) {
                Ok(v) => v.as_bool() != Some(false),
                Err(e) => {
                    thrown = Some(e);
                    false
                }
            },
        };
        let r = self.inner.uncertainty(&u, progress).map_err(core_error)?;
        if let Some(e) = thrown {
            return Err(e);
        }
        let out = to_js(&Summary {
            samples: r.samples,
            requested: u.samples,
            cancelled: r.samples < u.samples,
            seed: r.seed,
            ids: &r.ids,
            method: r.bounds.method,
            exact: r.bounds.exact,
            quantiles: r.quantiles,
            quantile_resolution: r.quantile_resolution,
            indicators: &r.indicators,
            factors: &r.factors,
        })?;
        let arrays: [(&str, &[f64]); 11] = [
            ("nominal", &r.nominal),
            ("mean", &r.mean),
            ("median", &r.median),
            ("p05", &r.p05),
            ("p95", &r.p95),
            ("min", &r.min),
            ("max", &r.max),
            ("best", &r.bounds.best),
            ("worst", &r.bounds.worst),
            ("scoreLow", &r.bounds.score_low),
            ("scoreHigh", &r.bounds.score_high),
        ];
        for (key, v) in arrays {
            set(&out, key, &Float64Array::from(v).into())?;
        }
        let optional = |v: &Option<Vec<f64>>| v.as_deref().map_or(JsValue::NULL, |v| Float64Array::from(v).into());
        set(&out, "acceptability", &optional(&r.acceptability))?;
        set(&out, "centralWeights", &optional(&r.central_weights))?;
        Ok(out)
    }

    /// Sobol sensitivity (first-order and total indices with 95% bootstrap intervals) of the
    /// mean absolute rank shift to each uncertain weight and method choice. Costs
    /// n × (factors + 2) scorings, n = `sobol.samples` (default 500).
    ///
    /// @throws {Error} if the options are wrong (the message names the field).
    #[wasm_bindgen(unchecked_return_type = "SobolResult")]
    pub fn sobol(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "UncertaintyOptions | null")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let (u, _) = self.options(options.as_ref())?;
        Ok(to_js(&self.inner.sobol(&u).map_err(core_error)?)?)
    }
}

impl Scorer {
    /// The spec's `uncertainty` section (or the defaults) with the fields of `options` put in
    /// its place, and the progress callback.
    fn options(&self, options: Option<&JsValue>) -> Result<(UncertaintySpec, Option<Function>), JsError> {
        let section = self.inner.spec().uncertainty.clone().unwrap_or_default();
        let Some(options) = options.filter(|o| !o.is_null()) else {
            return Ok((section, None));
        };
        if !options.is_object() || js_sys::Array::is_array(options) {
            return Err(js_error("uncertainty options: expected an object (or nothing)"));
        }
        let copy = Object::assign(&Object::new(), options.unchecked_ref());
        let callback = Reflect::get(&copy, &"onProgress".into()).unwrap_or(JsValue::UNDEFINED);
        let callback = if callback.is_undefined() || callback.is_null() {
            None
        } else {
            Some(
                callback
                    .dyn_into::<Function>()
                    .map_err(|_| js_error("uncertainty options: onProgress must be a function"))?,
            )
        };
        let _ = Reflect::delete_property(&copy, &"onProgress".into());
        let text = spec_json(&copy)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| js_error("uncertainty options: cannot be read as JSON"))?;
        let given =
            json::parse(&text).map_err(|e| js_error(format!("uncertainty options: {}", e.message_in(Some(&text)))))?;
        // The section as the writer writes it, with the given fields put in place of its own.
        let mut merged = json::parse(&json::to_string(&section))
            .ok()
            .and_then(|v| match v.kind {
                Kind::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        for m in given.members().unwrap_or_default() {
            match merged.iter_mut().find(|have| have.key == m.key) {
                Some(have) => have.value = m.value.clone(),
                None => merged.push(m.clone()),
            }
        }
        // No positions: the merged object is no text the caller wrote.
        let u = UncertaintySpec::read(&Value::new(Kind::Object(merged))).map_err(|e| {
            let path = e.path();
            let place = if path.is_empty() {
                String::new()
            } else {
                format!("{path}: ")
            };
            js_error(format!("uncertainty options: {place}{}", e.message_in(None)))
        })?;
        Ok((u, callback))
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(target, &key.into(), value)
        .map(|_| ())
        .map_err(|_| js_error("internal: cannot build the result object"))
}
