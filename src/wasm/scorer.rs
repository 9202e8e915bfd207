//! The `Scorer` class: a table scored by a spec, kept in WebAssembly memory so that a weight
//! change recomputes only what it touches.

use js_sys::{Array, Float64Array, Int32Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::{copy_columns, core_error, entries, numbers, spec_from_js, table_from_js, to_js, weight_changes};
use crate::result::Ordered;
use crate::spec::Ties;

/// A table scored by a spec. Create one with `Scorer.fromCsv` or `Scorer.fromTable`; call
/// `free()` when done (or use `using`), since its memory lives in WebAssembly.
///
/// Per-unit arrays are in table order (the order of `unitIds()`). Missing values are `NaN` in
/// `Float64Array`s and `null` in plain objects.
#[wasm_bindgen]
pub struct Scorer {
    pub(super) inner: crate::Scorer,
    /// For `setColumns`: the spec's data columns (as a JS array too) and a buffer the values
    /// are copied into, made at the first call.
    columns: Option<DataColumns>,
}

struct DataColumns {
    js_names: Array,
    buffer: Vec<f64>,
}

impl From<crate::Scorer> for Scorer {
    fn from(inner: crate::Scorer) -> Scorer {
        Scorer { inner, columns: None }
    }
}

/// Ranks for JavaScript: a `Uint32Array` with 0 for unranked units, or with `ties: "average"`
/// (where ranks can be 2.5) a `Float64Array` with `NaN` for unranked units.
fn ranks_to_js(ranks: &[f64], ties: Ties) -> JsValue {
    if ties == Ties::Average {
        Float64Array::from(ranks).into()
    } else {
        let mut whole = Vec::new();
        tolok_kernels::whole_ranks(ranks, &mut whole);
        Uint32Array::from(whole.as_slice()).into()
    }
}

#[wasm_bindgen]
impl Scorer {
    /// Reads CSV text (header row; `,` `;` or tab; decimal commas with `;`/tab) with the columns
    /// the spec names, and scores it.
    ///
    /// @throws {Error} naming the CSV line and column, or the spec field, that is wrong.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        csv: &str,
        #[wasm_bindgen(unchecked_param_type = "Spec | string")] spec: JsValue,
    ) -> Result<Scorer, JsError> {
        let spec = spec_from_js(&spec)?;
        let inner = crate::Scorer::from_csv(csv, spec).map_err(core_error)?;
        Ok(inner.into())
    }

    /// Scores data already in JavaScript: `ids` (and optional `labels`, `groups`) stand in for the
    /// spec's `units` columns; `columns` holds one `Float64Array` (fastest) or number array per
    /// indicator column (`NaN`, `null` = missing). Columns and groups the spec does not read are
    /// ignored.
    ///
    /// @throws {Error} if a column is missing or has the wrong length, or the spec is wrong.
    #[wasm_bindgen(js_name = fromTable)]
    pub fn from_table(
        #[wasm_bindgen(unchecked_param_type = "TableInput")] table: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Spec | string")] spec: JsValue,
    ) -> Result<Scorer, JsError> {
        let spec = spec_from_js(&spec)?;
        let table = table_from_js(&table, &spec)?;
        let inner = crate::Scorer::new(table, spec).map_err(core_error)?;
        Ok(inner.into())
    }

    /// The unit ids, in table order.
    #[wasm_bindgen(js_name = unitIds)]
    pub fn unit_ids(&self) -> Vec<String> {
        self.inner.table().ids().to_vec()
    }

    /// The unit labels (the ids where the spec names no label column).
    pub fn labels(&self) -> Vec<String> {
        self.inner.table().labels().to_vec()
    }

    /// Each unit's value in a group column (one of the spec's `units.groups`).
    ///
    /// @throws {Error} if there is no such group column.
    #[wasm_bindgen(js_name = groupValues)]
    pub fn group_values(&self, column: &str) -> Result<Vec<String>, JsError> {
        self.inner.table().group(column).map(<[String]>::to_vec).ok_or_else(|| {
            core_error(crate::Error::Unknown {
                what: "group column",
                id: column.to_string(),
                hint: Some(format!("groups: {}", self.inner.spec().units.groups.join(", "))),
            })
        })
    }

    /// Scores of a node (after its `scale`), or an indicator's normalised values; the root's
    /// scores (full precision, not rounded) if `nodeId` is omitted. `NaN` = missing.
    ///
    /// @throws {Error} if there is no such node or indicator.
    pub fn scores(&self, #[wasm_bindgen(js_name = nodeId)] node_id: Option<String>) -> Result<Float64Array, JsError> {
        let s = match node_id {
            Some(id) => self.inner.scores(&id).map_err(core_error)?,
            None => self.inner.root_scores(),
        };
        Ok(Float64Array::from(s))
    }

    /// Root scores rounded by `rank.round`: what ranks and grades use. `NaN` = missing.
    #[wasm_bindgen(js_name = roundedScores)]
    pub fn rounded_scores(&self) -> Float64Array {
        Float64Array::from(self.inner.rounded_scores())
    }

    /// The raw data column of an indicator (before normalisation). `NaN` = missing.
    ///
    /// @throws {Error} if there is no such indicator.
    #[wasm_bindgen(js_name = rawValues)]
    pub fn raw_values(
        &self,
        #[wasm_bindgen(js_name = indicatorId)] indicator_id: &str,
    ) -> Result<Float64Array, JsError> {
        let ind = self.inner.spec().indicator(indicator_id).ok_or_else(|| {
            core_error(crate::Error::Unknown {
                what: "indicator",
                id: indicator_id.to_string(),
                hint: None,
            })
        })?;
        // Scorer::new checked that the table has every indicator's column.
        Ok(Float64Array::from(
            self.inner.table().column(ind.column()).unwrap_or(&[]),
        ))
    }

    /// Ranks by `spec.rank` (1 = best): a `Uint32Array` with 0 for unranked units (missing root
    /// score); with `ties: "average"` a `Float64Array` with `NaN` for unranked units.
    #[wasm_bindgen(unchecked_return_type = "Uint32Array | Float64Array")]
    pub fn ranks(&self) -> JsValue {
        ranks_to_js(self.inner.ranks(), self.inner.spec().rank.ties)
    }

    /// Ranks within each value of a group column, in the same form as `ranks()`.
    ///
    /// @throws {Error} if there is no such group column.
    #[wasm_bindgen(js_name = groupRanks, unchecked_return_type = "Uint32Array | Float64Array")]
    pub fn group_ranks(&self, column: &str) -> Result<JsValue, JsError> {
        let ranks = self.inner.group_ranks(column).map_err(core_error)?;
        Ok(ranks_to_js(&ranks, self.inner.spec().rank.ties))
    }

    /// Unit indices from best to worst (unranked units last, in table order).
    pub fn order(&self) -> Uint32Array {
        Uint32Array::from(self.inner.order())
    }

    /// Each unit's grade label, or `null` (no grade bands, no band reached, or no score).
    #[wasm_bindgen(unchecked_return_type = "(string | null)[]")]
    pub fn grades(&self) -> Array {
        self.inner
            .grades()
            .into_iter()
            .map(|g| g.map_or(JsValue::NULL, JsValue::from_str))
            .collect()
    }

    /// Each unit's grade as an index into the spec's `grades` (-1 = no grade): the same as
    /// `grades()` without a string per unit.
    #[wasm_bindgen(js_name = gradeIndices)]
    pub fn grade_indices(&self) -> Int32Array {
        let idx: Vec<i32> = (0..self.inner.len())
            .map(|u| self.inner.grade_index(u).map_or(-1, |g| i32::try_from(g).unwrap_or(-1)))
            .collect();
        Int32Array::from(idx.as_slice())
    }

    /// Sets the weight of a child (node or indicator id) within a node, then recomputes that node,
    /// its ancestors and the ranks. Weights are relative within their siblings.
    ///
    /// @throws {Error} on an unknown node or child, a weight that is not a finite number ≥ 0, or
    /// a change that leaves a node without weight; nothing changes then.
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &mut self,
        #[wasm_bindgen(js_name = nodeId)] node_id: &str,
        #[wasm_bindgen(js_name = childId)] child_id: &str,
        weight: f64,
    ) -> Result<(), JsError> {
        self.inner.set_weight(node_id, child_id, weight).map_err(core_error)
    }

    /// Sets several weights at once, `{ nodeId: { childId: weight } }`, with one recomputation.
    ///
    /// @throws {Error} as `setWeight`; on error no weight changes.
    #[wasm_bindgen(js_name = setWeights)]
    pub fn set_weights(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Weights")] weights: JsValue,
    ) -> Result<(), JsError> {
        let changes = weight_changes(&weights)?;
        let refs: Vec<(&str, &str, f64)> = changes.iter().map(|(n, c, w)| (n.as_str(), c.as_str(), *w)).collect();
        self.inner.set_weights(&refs).map_err(core_error)
    }

    /// Replaces the values of some data columns — the same units in the same order, e.g. another
    /// year — and scores everything again with the current weights (the spec is not read
    /// again). `columns` holds one `Float64Array` (fastest) or number array per column to change
    /// (`NaN`, `null` = missing); the other columns keep their values.
    ///
    /// @throws {Error} for a column the spec does not read, a wrong length, or values the spec's
    /// methods cannot take; nothing changes then.
    #[wasm_bindgen(js_name = setColumns)]
    pub fn set_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, Float64Array | ArrayLike<number | null>>")]
        columns: JsValue,
    ) -> Result<(), JsError> {
        let n = self.inner.raw_table().len();
        let data = self.columns.get_or_insert_with(|| {
            let names = self.inner.data_columns();
            DataColumns {
                buffer: vec![0.0; names.len() * n],
                js_names: names.iter().map(|c| JsValue::from_str(c)).collect(),
            }
        });
        let at = copy_columns(&columns, &data.js_names, n as u32, &mut data.buffer);
        if let Some(at) = at.dyn_ref::<Int32Array>() {
            // `names` is `data_columns()`, so its indices are what `set_data_columns` takes.
            let refs: Vec<(usize, &[f64])> = at
                .to_vec()
                .into_iter()
                .filter_map(|j| {
                    let j = usize::try_from(j).ok()?;
                    Some((j, data.buffer.get(j * n..(j + 1) * n)?))
                })
                .collect();
            return self.inner.set_data_columns(&refs).map_err(core_error);
        }
        let given = entries(&columns, "setColumns")?
            .into_iter()
            .map(|(name, v)| {
                let values = numbers(&v, &|| format!("setColumns: columns.{name}"))?;
                Ok((name, values))
            })
            .collect::<Result<Vec<_>, JsError>>()?;
        let refs: Vec<(&str, &[f64])> = given.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
        self.inner.set_columns(&refs).map_err(core_error)
    }

    /// Restores the weights the spec came with.
    ///
    /// @throws {Error} only if the original weights no longer score (never for a scorer that was
    /// created without error).
    #[wasm_bindgen(js_name = resetWeights)]
    pub fn reset_weights(&mut self) -> Result<(), JsError> {
        self.inner.reset_weights().map_err(core_error)
    }

    /// The current weights: `{ nodeId: { childId: weight } }`, nodes root first.
    #[wasm_bindgen(unchecked_return_type = "Weights")]
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let w = self.inner.weights().into_iter().map(|(n, c)| (n, Ordered(c))).collect();
        to_js(&Ordered(w))
    }

    /// Every node and indicator of the tree, root first (pre-order), with parent, depth, weight
    /// and share of the siblings' weight.
    #[wasm_bindgen(unchecked_return_type = "NodeInfo[]")]
    pub fn nodes(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.nodes_info())
    }

    /// The spec with the current weights (every default filled in).
    #[wasm_bindgen(unchecked_return_type = "Spec")]
    pub fn spec(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.spec())
    }

    /// The spec as it was given (weights before any change; every default filled in).
    #[wasm_bindgen(js_name = originalSpec, unchecked_return_type = "Spec")]
    pub fn original_spec(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.original_spec())
    }

    /// How much of a unit's root score each node and indicator accounts for:
    /// `{ id: contribution }` for every node and indicator, root first (`null` = missing).
    ///
    /// @throws {Error} if there is no such unit.
    #[wasm_bindgen(unchecked_return_type = "Contributions")]
    pub fn contributions(&self, #[wasm_bindgen(js_name = unitId)] unit_id: &str) -> Result<JsValue, JsError> {
        let u = self.inner.unit(unit_id).map_err(core_error)?;
        to_js(&self.inner.unit_contributions(u))
    }

    /// The whole result as a plain object: nodes, grades, per unit the scores of every node,
    /// rank, group ranks, grade and contributions, and the spec in force.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn result(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.result())
    }

    /// The result as CSV, as `tolok score` writes it: id, label, groups, one column per node
    /// (root first, full precision), rank, grade.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> String {
        self.inner.to_csv()
    }
}
