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

mod ahp;
mod bod;
mod objective;
mod pca;
mod simplex;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::json::{self, ToJson, Value, Writer};
use crate::spec::{Aggregate, Node};
use crate::tree::CompiledNode;

pub use ahp::{Consistency, RANDOM_INDEX};
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

/// Derives weights for columns outside a scorer: `columns` are the children's values as a
/// node would see them (one per child, one value per unit, NaN = missing), `children` their ids
/// and `units` the unit ids (for messages and BoD's per-unit weights).
///
/// ```
/// use tolok::weights::{derive_weights, Weighting};
/// let (a, b) = ([0.0, 0.5, 1.0], [0.2, 0.2, 0.9]);
/// let ids = ["x".to_string(), "y".to_string(), "z".to_string()];
/// let d = derive_weights(&Weighting::Stdev, &["a".into(), "b".into()], &[&a, &b], &ids)?;
/// assert!(d.weights[0] > d.weights[1]);
/// assert!((d.weights.iter().sum::<f64>() - 1.0).abs() < 1e-15);
/// # Ok::<(), tolok::Error>(())
/// ```
pub fn derive_weights(
    how: &Weighting,
    children: &[String],
    columns: &[&[f64]],
    units: &[String],
) -> Result<DerivedWeights> {
    if children.len() != columns.len() || columns.iter().any(|c| c.len() != units.len()) {
        return Err(Error::Invalid(format!(
            "derive_weights: {} children, {} columns, {} units: need one column per child and one value per unit",
            children.len(),
            columns.len(),
            units.len()
        )));
    }
    if children.is_empty() {
        return Err(Error::Invalid("derive_weights: there are no children to weight".into()));
    }
    let ids: Vec<&str> = children.iter().map(String::as_str).collect();
    let invalid = |m: String| Error::Invalid(format!("weighting '{}': {m}", how.name()));
    match how {
        Weighting::Ahp { matrix, .. } => ahp::validate(matrix, ids.len()).map_err(invalid)?,
        Weighting::Bod {
            min_share,
            max_share,
            shares,
        } => bod::check_bounds(&ids, &bod::bounds(&ids, *min_share, *max_share, shares)).map_err(invalid)?,
        _ => {}
    }
    let node = CompiledNode {
        id: "weights".into(),
        child_ids: children.to_vec(),
        weights: vec![1.0; children.len()],
        ..CompiledNode::default()
    };
    Ok(derive(&node, how, columns, units)?.report)
}

/// Weights derived for a node: common weights, per-unit weights (BoD) and the report.
pub(crate) struct Derived {
    pub weights: Vec<f64>,
    pub unit_weights: Option<Vec<f64>>,
    pub report: DerivedWeights,
}

/// Derives the weights of `node` from its children's columns `inputs`.
pub(crate) fn derive(node: &CompiledNode, how: &Weighting, inputs: &[&[f64]], ids: &[String]) -> Result<Derived> {
    let m = inputs.len();
    let place = format!("node '{}': weighting '{}'", node.id, how.name());
    let fail = |msg: String| Error::Invalid(format!("{place}: {msg}"));
    let rows: Vec<usize> = (0..ids.len())
        .filter(|&u| inputs.iter().all(|c| !c[u].is_nan()))
        .collect();
    let cols: Vec<Vec<f64>> = inputs.iter().map(|c| rows.iter().map(|&u| c[u]).collect()).collect();
    let names = &node.child_ids;
    let mut report = DerivedWeights {
        node: node.id.clone(),
        method: how.name(),
        description: String::new(),
        children: names.clone(),
        weights: Vec::new(),
        units: rows.len(),
        consistency: None,
        pca: None,
        unit_weights: None,
        warnings: Vec::new(),
    };
    let needs_units = |k: usize| {
        if rows.len() < k {
            Err(fail(format!(
                "needs at least {k} units with every child present, and has {}",
                rows.len()
            )))
        } else {
            Ok(())
        }
    };
    let mut unit_weights = None;
    let raw: Vec<f64> = match how {
        Weighting::Equal => {
            report.units = 0;
            report.description = "equal weights".into();
            vec![1.0; m]
        }
        Weighting::Entropy => {
            needs_units(2)?;
            objective::entropy(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Critic => {
            needs_units(3)?;
            objective::critic(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Stdev => {
            needs_units(2)?;
            objective::stdev(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Pca { rotation } => {
            needs_units(3)?;
            pca::weights(&cols, names, *rotation, &mut report).map_err(fail)?
        }
        Weighting::Ahp { matrix, priority } => {
            report.units = 0;
            ahp::weights(matrix, *priority, &mut report)
        }
        Weighting::Bod {
            min_share,
            max_share,
            shares,
        } => {
            let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
            let bounds = bod::bounds(&names_ref, *min_share, *max_share, shares);
            let uw = bod::solve(inputs, &bounds, names, ids).map_err(fail)?;
            report.units = ids.len();
            report.description = bod::describe(&bounds);
            report.unit_weights = Some(uw.chunks(m.max(1)).map(<[f64]>::to_vec).collect());
            unit_weights = Some(uw);
            vec![1.0; m]
        }
    };
    let total: f64 = raw.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(fail("every child gets weight 0 (are all children constant?)".into()));
    }
    report.weights = raw.iter().map(|w| w / total).collect();
    // Equal and BoD keep weights of 1, so that `equal` scores exactly as the default weights.
    let common = matches!(how, Weighting::Equal | Weighting::Bod { .. });
    Ok(Derived {
        weights: if common { raw } else { report.weights.clone() },
        unit_weights,
        report,
    })
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
