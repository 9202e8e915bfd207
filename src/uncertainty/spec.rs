//! The spec's `uncertainty` section: what may vary, how many draws, which seed.
//!
//! ```json
//! "uncertainty": {
//!   "weights": { "range": [0.5, 2.0] },
//!   "nodes": { "education": { "range": [0.8, 1.25] }, "income": { "fixed": true } },
//!   "alternatives": [ { "node": "hdi", "aggregate": ["geometric", "arithmetic"] },
//!                     { "indicator": "gni", "normalise": [ { "method": "goalposts", "min": 100, "max": 75000, "cap": true, "log": true },
//!                                                          { "method": "minmax" } ] } ],
//!   "samples": 1000, "seed": 1
//! }
//! ```
//! - `weights` (default `{ "range": [0.5, 2.0] }`): every child weight of every node varies in
//!   [lo·w, hi·w] around its nominal w (renormalised within its siblings, as every weight is);
//!   `distribution` is `uniform` (default; as COINr) or `loguniform` (lo and hi equally likely
//!   in ratio). `{ "dirichlet": c }` instead draws the sibling shares from a Dirichlet with
//!   parameters c·(nominal shares): mean = the nominal shares, larger c = tighter.
//! - `nodes`: the same settings for the children of one node, overriding `weights`; `"fixed":
//!   true` keeps that node's weights nominal.
//! - `alternatives`: discrete method choices, each drawn with equal probability per draw (as
//!   COINr's sensitivity analysis does): a node's `aggregate` or an indicator's `normalise`.
//!   The first alternative need not be the nominal method; the nominal run uses the spec's own.
//! - `bounds` (default true): also compute the exact necessary/possible rank bounds.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::json::{self, Fields, ToJson, Value, Writer};
use crate::spec::{validate_normalise, Aggregate, Spec};

/// The `uncertainty` section of a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintySpec {
    pub weights: WeightNoise,
    pub nodes: BTreeMap<String, WeightNoise>,
    pub alternatives: Vec<Alternative>,
    /// Monte Carlo draws (default 1000).
    pub samples: u32,
    /// Seed of the generator (default 1); the same seed gives the same draws everywhere.
    pub seed: u32,
    /// Compute the necessary/possible rank bounds too (default true; they cost O(N²) pair
    /// checks up to 2,000 units, which a quick interval for one unit may not need).
    pub bounds: bool,
    /// Sobol sensitivity settings (used when a Sobol analysis is asked for).
    pub sobol: Option<SobolSpec>,
}

impl Default for UncertaintySpec {
    fn default() -> Self {
        UncertaintySpec {
            weights: default_weights(),
            nodes: BTreeMap::new(),
            alternatives: Vec::new(),
            samples: default_samples(),
            seed: default_seed(),
            bounds: true,
            sobol: None,
        }
    }
}

/// How the weights of a node's children vary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeightNoise {
    /// Multipliers [lo, hi] of each nominal weight (0 < lo ≤ 1 ≤ hi).
    pub range: Option<[f64; 2]>,
    pub distribution: Option<Distribution>,
    /// Dirichlet concentration around the nominal shares (instead of `range`).
    pub dirichlet: Option<f64>,
    /// Keep these weights at their nominal values.
    pub fixed: bool,
}

/// Distribution of a weight multiplier within its range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Distribution {
    #[default]
    Uniform,
    Loguniform,
}

/// A discrete method choice for one node or indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub node: Option<String>,
    pub indicator: Option<String>,
    /// Aggregation methods for `node` (power means are not offered here).
    pub aggregate: Option<Vec<Aggregate>>,
    /// Normalisations for `indicator`.
    pub normalise: Option<Vec<crate::spec::Normalise>>,
}

/// Sobol analysis settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolSpec {
    /// Base sample size n; the analysis costs n·(k + 2) scorings for k uncertain inputs.
    pub samples: u32,
    /// Bootstrap resamples for the confidence intervals.
    pub bootstrap: u32,
}

impl Default for SobolSpec {
    fn default() -> Self {
        SobolSpec {
            samples: default_sobol_samples(),
            bootstrap: default_bootstrap(),
        }
    }
}

fn default_weights() -> WeightNoise {
    WeightNoise {
        range: Some([0.5, 2.0]),
        ..WeightNoise::default()
    }
}
fn default_samples() -> u32 {
    1000
}
fn default_seed() -> u32 {
    1
}
fn default_sobol_samples() -> u32 {
    500
}
fn default_bootstrap() -> u32 {
    200
}

impl WeightNoise {
    fn validate(&self, place: &str) -> Result<()> {
        let err = |m: String| Err(Error::spec(place, m));
        match (self.range, self.dirichlet, self.fixed) {
            (_, _, true) if self.range.is_some() || self.dirichlet.is_some() => {
                err("\"fixed\" weights take no range or dirichlet".into())
            }
            (_, _, true) => Ok(()),
            (Some(_), Some(_), _) => err("give either \"range\" or \"dirichlet\", not both".into()),
            (None, None, _) => err("give \"range\": [lo, hi], \"dirichlet\": c or \"fixed\": true".into()),
            (Some([lo, hi]), None, _) => {
                if !(lo.is_finite() && hi.is_finite()) || lo <= 0.0 || lo > 1.0 || hi < 1.0 {
                    return err(format!("range [{lo}, {hi}] must have 0 < lo ≤ 1 ≤ hi"));
                }
                Ok(())
            }
            (None, Some(c), _) => {
                if self.distribution.is_some() {
                    return err("\"distribution\" is for \"range\"; a Dirichlet has its own".into());
                }
                if !c.is_finite() || c <= 0.0 {
                    return err(format!("dirichlet concentration {c} must be a finite number > 0"));
                }
                Ok(())
            }
        }
    }
}

impl UncertaintySpec {
    /// Checks the section against the spec it belongs to.
    pub fn validate(&self, spec: &Spec) -> Result<()> {
        self.weights.validate("uncertainty.weights")?;
        let tree = crate::tree::Tree::compile(spec);
        for (id, noise) in &self.nodes {
            let place = format!("uncertainty.nodes.{id}");
            if tree.node(id).is_none() {
                return Err(Error::spec(place, format!("'{id}' is not a node of the tree")));
            }
            noise.validate(&place)?;
        }
        for (i, alt) in self.alternatives.iter().enumerate() {
            let place = format!("uncertainty.alternatives[{i}]");
            match (&alt.node, &alt.indicator, &alt.aggregate, &alt.normalise) {
                (Some(node), None, Some(list), None) => {
                    if tree.node(node).is_none() {
                        return Err(Error::spec(place, format!("'{node}' is not a node of the tree")));
                    }
                    if list.len() < 2 {
                        return Err(Error::spec(place, "list at least two aggregation methods"));
                    }
                    if list.contains(&Aggregate::Mean) {
                        return Err(Error::spec(
                            place,
                            "\"mean\" (power mean) is not offered as an alternative",
                        ));
                    }
                }
                (None, Some(ind), None, Some(list)) => {
                    if spec.indicator(ind).is_none() {
                        return Err(Error::spec(place, format!("'{ind}' is not an indicator")));
                    }
                    if list.len() < 2 {
                        return Err(Error::spec(place, "list at least two normalisations"));
                    }
                    for (j, n) in list.iter().enumerate() {
                        validate_normalise(n).map_err(|m| Error::spec(format!("{place}.normalise[{j}]"), m))?;
                    }
                }
                _ => {
                    return Err(Error::spec(
                        place,
                        "give either {\"node\", \"aggregate\": [...]} or {\"indicator\", \"normalise\": [...]}",
                    ))
                }
            }
        }
        if self.samples == 0 {
            return Err(Error::spec("uncertainty.samples", "must be at least 1"));
        }
        if let Some(s) = &self.sobol {
            if s.samples < 2 {
                return Err(Error::spec("uncertainty.sobol.samples", "must be at least 2"));
            }
        }
        Ok(())
    }

    /// The weight settings for the children of `node`.
    pub fn noise_for(&self, node: &str) -> &WeightNoise {
        self.nodes.get(node).unwrap_or(&self.weights)
    }
}

// ------------------------------------------------------------------ JSON ----------------------

crate::json::named_enum!(Distribution { Uniform = "uniform", Loguniform = "loguniform" });

impl UncertaintySpec {
    pub(crate) const FIELDS: &'static [&'static str] =
        &["weights", "nodes", "alternatives", "samples", "seed", "bounds", "sobol"];

    /// The section from JSON.
    pub fn read(v: &Value) -> json::Result<UncertaintySpec> {
        let f = Fields::new(v, "struct UncertaintySpec", Self::FIELDS)?;
        Ok(UncertaintySpec {
            weights: f.or("weights", default_weights(), WeightNoise::read)?,
            nodes: f.or("nodes", BTreeMap::new(), |v| json::map(v, WeightNoise::read))?,
            alternatives: f.or("alternatives", Vec::new(), |v| json::array(v, Alternative::read))?,
            samples: f.or("samples", default_samples(), json::u32_value)?,
            seed: f.or("seed", default_seed(), json::u32_value)?,
            bounds: f.or("bounds", true, json::boolean)?,
            sobol: f.opt("sobol", SobolSpec::read)?,
        })
    }
}

impl ToJson for UncertaintySpec {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("weights", &self.weights);
        if !self.nodes.is_empty() {
            w.field("nodes", &self.nodes);
        }
        w.nonempty("alternatives", &self.alternatives);
        w.field("samples", &self.samples);
        w.field("seed", &self.seed);
        if !self.bounds {
            w.field("bounds", &self.bounds);
        }
        w.some("sobol", &self.sobol);
        w.end_object();
    }
}

impl WeightNoise {
    fn read(v: &Value) -> json::Result<WeightNoise> {
        let f = Fields::new(
            v,
            "struct WeightNoise",
            &["range", "distribution", "dirichlet", "fixed"],
        )?;
        Ok(WeightNoise {
            range: f.opt("range", json::array2)?,
            distribution: f.opt("distribution", Distribution::read)?,
            dirichlet: f.opt("dirichlet", json::f64_value)?,
            fixed: f.or("fixed", false, json::boolean)?,
        })
    }
}

impl ToJson for WeightNoise {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("range", &self.range);
        w.some("distribution", &self.distribution);
        w.some("dirichlet", &self.dirichlet);
        if self.fixed {
            w.field("fixed", &self.fixed);
        }
        w.end_object();
    }
}

impl Alternative {
    fn read(v: &Value) -> json::Result<Alternative> {
        let f = Fields::new(
            v,
            "struct Alternative",
            &["node", "indicator", "aggregate", "normalise"],
        )?;
        Ok(Alternative {
            node: f.opt("node", json::string)?,
            indicator: f.opt("indicator", json::string)?,
            aggregate: f.opt("aggregate", |v| json::array(v, Aggregate::read))?,
            normalise: f.opt("normalise", |v| json::array(v, crate::spec::Normalise::read))?,
        })
    }
}

impl ToJson for Alternative {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("node", &self.node);
        w.some("indicator", &self.indicator);
        w.some("aggregate", &self.aggregate);
        w.some("normalise", &self.normalise);
        w.end_object();
    }
}

impl SobolSpec {
    fn read(v: &Value) -> json::Result<SobolSpec> {
        let f = Fields::new(v, "struct SobolSpec", &["samples", "bootstrap"])?;
        Ok(SobolSpec {
            samples: f.or("samples", default_sobol_samples(), json::u32_value)?,
            bootstrap: f.or("bootstrap", default_bootstrap(), json::u32_value)?,
        })
    }
}

impl ToJson for SobolSpec {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("samples", &self.samples);
        w.field("bootstrap", &self.bootstrap);
        w.end_object();
    }
}
