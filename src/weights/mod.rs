//! Weights of a node's children derived by a method instead of written as `weight`s.
//!
//! `"weighting": { "method": ... }` on a node. Data-driven methods use the data the node sees:
//! its indicator children's normalised values and its node children's scores, over the units
//! with every child present (complete cases), recomputed whenever those change (so a weight
//! change below such a node re-derives its weights, exactly as scoring the changed spec afresh).
//! The derived weights are reported with how they were obtained ([`DerivedWeights`]).
//!
//! - `equal`: every child 1.
//! - `entropy`: Shannon entropy of each child's shares p = x/Σx, E = −Σp·ln p / ln n (0·ln 0 = 0),
//!   weight ∝ 1 − E. Needs values ≥ 0. (pymcdm sets E = 0 for a column with a zero instead.)
//! - `critic`: CRITIC (Diakoulaki et al. 1995): children min-max scaled to 0–1, weight ∝
//!   σ·Σ(1 − r) with the sample standard deviation σ and Pearson correlations r (a constant
//!   child gets 0 and counts as uncorrelated with the others).
//! - `stdev`: weight ∝ the sample standard deviation of the child as seen.
//! - `pca`: the OECD/JRC Handbook's method, see [`pca`].
//! - `ahp`: a pairwise comparison matrix in the spec, see [`ahp`].
//! - `bod`: Benefit of the Doubt, per-unit weights by linear programming, see [`bod`].
//!
//! `set_weight` on a node with derived weights switches it to manual weights: the derived
//! weights become its children's `weight`s (`equal` weights 1 for `bod`) and the change applies
//! on top; `reset_weights` restores the method.

// Without `methods` the types stay (every build has the same Spec), their JSON readers and
// checks have no caller: a spec with `weighting` is refused as it is read.
#![cfg_attr(not(feature = "methods"), allow(dead_code))]

mod ahp;
mod bod;
#[cfg(feature = "methods")]
mod derive;
#[cfg(feature = "methods")]
mod objective;
mod pca;
#[cfg(feature = "methods")]
mod simplex;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::json::{self, ToJson, Value, Writer};
use crate::spec::{Aggregate, Node};

pub use ahp::{Consistency, RANDOM_INDEX};
#[cfg(feature = "methods")]
pub(crate) use derive::derive;
#[cfg(feature = "methods")]
pub use derive::derive_weights;
pub use pca::PcaReport;

/// How a node's children's weights are obtained.
#[derive(Debug, Clone, PartialEq)]
pub enum Weighting {
    Equal,
    Entropy,
    Critic,
    Stdev,
    Pca {
        rotation: Rotation,
    },
    Ahp {
        /// Row i, column j: how much more important child i is than child j (children order).
        matrix: Vec<Vec<f64>>,
        priority: Priority,
    },
    Bod {
        /// Bounds on every child's share of a unit's score (0–1).
        min_share: Option<f64>,
        max_share: Option<f64>,
        /// Bounds per child id (override the above).
        shares: BTreeMap<String, ShareBound>,
    },
}

/// PCA factor rotation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rotation {
    /// Kaiser's varimax with row normalisation (the Handbook's choice).
    #[default]
    Varimax,
    None,
}

/// How AHP priorities come from the matrix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Priority {
    /// Saaty's principal right eigenvector.
    #[default]
    Eigenvector,
    /// Row geometric means (Crawford & Williams).
    GeometricMean,
}

/// Bounds on one child's share of a unit's BoD score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ShareBound {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Derived weights of one node, as the result reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedWeights {
    pub node: String,
    /// `equal`, `entropy`, `critic`, `stdev`, `pca`, `ahp` or `bod`.
    pub method: &'static str,
    /// How the weights were obtained, in words.
    pub description: String,
    pub children: Vec<String>,
    /// Relative weights, summing to 1 (for `bod`: equal, the per-unit weights are below).
    pub weights: Vec<f64>,
    /// Units the weights were computed from (complete cases; 0 for `equal` and `ahp`).
    pub units: usize,
    pub consistency: Option<Consistency>,
    pub pca: Option<PcaReport>,
    /// `bod`: each unit's weights (table order; score = Σ weight·value).
    pub unit_weights: Option<Vec<Vec<f64>>>,
    pub warnings: Vec<String>,
}

impl Weighting {
    /// The method's name as reported.
    pub fn name(&self) -> &'static str {
        match self {
            Weighting::Equal => "equal",
            Weighting::Entropy => "entropy",
            Weighting::Critic => "critic",
            Weighting::Stdev => "stdev",
            Weighting::Pca { .. } => "pca",
            Weighting::Ahp { .. } => "ahp",
            Weighting::Bod { .. } => "bod",
        }
    }

    /// Checks the method against the node (`name` says where, for messages).
    pub fn validate(&self, node: &Node, agg: Aggregate, name: &str) -> Result<()> {
        let children = node.children.as_deref().unwrap_or(&[]);
        if let Some(c) = children.iter().find(|c| c.weight.is_some()) {
            return Err(Error::spec(
                name,
                format!(
                    "child '{}' has a \"weight\", but the node's weights come from weighting '{}'; remove one of them",
                    c.key(),
                    self.name()
                ),
            ));
        }
        let ids: Vec<&str> = children.iter().map(Node::key).collect();
        let place = format!("{name}: weighting '{}'", self.name());
        match self {
            Weighting::Pca { .. } if ids.len() < 2 => Err(Error::spec(place, "PCA needs at least two children")),
            Weighting::Ahp { matrix, .. } => ahp::validate(matrix, ids.len()).map_err(|m| Error::spec(place, m)),
            Weighting::Bod { .. } if agg != Aggregate::Arithmetic => Err(Error::spec(
                place,
                "Benefit of the Doubt is a weighted sum; use it with aggregate \"arithmetic\" (the default)",
            )),
            Weighting::Bod {
                min_share,
                max_share,
                shares,
            } => {
                if let Some(k) = shares.keys().find(|k| !ids.contains(&k.as_str())) {
                    return Err(Error::spec(place, format!("shares: '{k}' is not a child of the node")));
                }
                let bounds = bod::bounds(&ids, *min_share, *max_share, shares);
                bod::check_bounds(&ids, &bounds).map_err(|m| Error::spec(place, m))
            }
            _ => Ok(()),
        }
    }
}

/// Weights derived for a node: common weights, per-unit weights (BoD) and the report.
pub(crate) struct Derived {
    pub weights: Vec<f64>,
    pub unit_weights: Option<Vec<f64>>,
    pub report: DerivedWeights,
}

/// Without the cargo feature `methods` no weights are derived ([`crate::features::check`]
/// refuses such specs before any scoring, so this only keeps the engine's one code path).
#[cfg(not(feature = "methods"))]
pub(crate) fn derive(node: &crate::tree::CompiledNode, how: &Weighting, _: &[&[f64]], _: &[String]) -> Result<Derived> {
    Err(crate::features::not_built(
        format!("node '{}'", node.id),
        format!("weighting '{}'", how.name()),
    ))
}

crate::json::named_enum!(Rotation { Varimax = "varimax", None = "none" });
crate::json::named_enum!(Priority { Eigenvector = "eigenvector", GeometricMean = "geometricMean" });

impl Weighting {
    const METHODS: &'static [&'static str] = &["equal", "entropy", "critic", "stdev", "pca", "ahp", "bod"];

    pub(crate) fn read(v: &Value) -> json::Result<Weighting> {
        let (i, o) = json::tagged(v, "internally tagged enum Weighting", "method", Self::METHODS)?;
        // A method without parameters takes no other field.
        let unit = |w: Weighting| o.fields(&[]).map(|_| w);
        Ok(match i {
            0 => unit(Weighting::Equal)?,
            1 => unit(Weighting::Entropy)?,
            2 => unit(Weighting::Critic)?,
            3 => unit(Weighting::Stdev)?,
            4 => Weighting::Pca {
                rotation: o
                    .fields(&["rotation"])?
                    .or("rotation", Rotation::Varimax, Rotation::read)?,
            },
            5 => {
                let f = o.fields(&["matrix", "priority"])?;
                Weighting::Ahp {
                    matrix: f.req("matrix", |v| json::array(v, |r| json::array(r, json::f64_value)))?,
                    priority: f.or("priority", Priority::Eigenvector, Priority::read)?,
                }
            }
            _ => {
                let f = o.fields(&["minShare", "maxShare", "shares"])?;
                Weighting::Bod {
                    min_share: f.opt("minShare", json::f64_value)?,
                    max_share: f.opt("maxShare", json::f64_value)?,
                    shares: f.or("shares", BTreeMap::new(), |v| json::map(v, ShareBound::read))?,
                }
            }
        })
    }
}

impl ToJson for Weighting {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("method", &self.name());
        match self {
            Weighting::Pca { rotation } => w.field("rotation", rotation),
            Weighting::Ahp { matrix, priority } => {
                w.field("matrix", matrix);
                w.field("priority", priority);
            }
            Weighting::Bod {
                min_share,
                max_share,
                shares,
            } => {
                w.some("minShare", min_share);
                w.some("maxShare", max_share);
                if !shares.is_empty() {
                    w.field("shares", shares);
                }
            }
            _ => {}
        }
        w.end_object();
    }
}

impl ShareBound {
    fn read(v: &Value) -> json::Result<ShareBound> {
        let f = json::Fields::new(v, "struct ShareBound", &["min", "max"])?;
        Ok(ShareBound {
            min: f.opt("min", json::f64_value)?,
            max: f.opt("max", json::f64_value)?,
        })
    }
}

impl ToJson for ShareBound {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("min", &self.min);
        w.some("max", &self.max);
        w.end_object();
    }
}

impl ToJson for DerivedWeights {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("node", &self.node);
        w.field("method", &self.method);
        w.field("description", &self.description);
        w.field("children", &self.children);
        w.field("weights", &self.weights);
        w.field("units", &self.units);
        w.some("consistency", &self.consistency);
        w.some("pca", &self.pca);
        w.some("unitWeights", &self.unit_weights);
        w.nonempty("warnings", &self.warnings);
        w.end_object();
    }
}
