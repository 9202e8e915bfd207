//! The spec: every choice that turns a table into scores, ranks and grades (format v1).
//!
//! A spec is plain JSON data (natively, and a plain object in JavaScript). Unknown fields are
//! an error so that a typo never passes silently. [`Spec::from_json`] parses and validates;
//! [`Spec::validate`] checks everything that the reader cannot (unknown ids, cycles of use, weights,
//! goalposts, grade order) before any computing.

use std::collections::BTreeSet;

mod convert;

use crate::error::{Error, Result};

/// A composite index: indicators, the tree that aggregates them, ranking rules and grade bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Format version; only `1` exists.
    pub version: u32,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Which columns identify, label and group the units.
    pub units: Units,
    pub indicators: Vec<Indicator>,
    pub tree: Node,
    pub rank: RankRule,
    /// Grade bands, highest first; applied to the rounded root score.
    pub grades: Vec<Grade>,
    /// How weights and methods may vary in an uncertainty analysis (see [`crate::uncertainty`]).
    pub uncertainty: Option<crate::uncertainty::UncertaintySpec>,
    /// Data preparation before normalisation: denominate, screen, impute, transform, treat
    /// (see [`crate::prepare`]).
    pub prepare: Option<crate::prepare::PrepareSpec>,
}

/// The columns that identify units.
#[derive(Debug, Clone, PartialEq)]
pub struct Units {
    /// Column with the unique unit id.
    pub id: String,
    /// Column with a readable name (defaults to the id).
    pub label: Option<String>,
    /// Columns that group units (e.g. region, province); ranks are also given within each.
    pub groups: Vec<String>,
}

/// One indicator: a data column, its direction and its normalisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: String,
    /// Data column (defaults to `id`).
    pub column: Option<String>,
    pub label: Option<String>,
    pub direction: Direction,
    /// Unit of measurement, for display.
    pub unit: Option<String>,
    /// Normalisation; min-max to 0–1 when absent.
    pub normalise: Option<Normalise>,
}

impl Indicator {
    /// The data column this indicator reads.
    pub fn column(&self) -> &str {
        self.column.as_deref().unwrap_or(&self.id)
    }
}

/// Whether a higher or a lower raw value is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

/// How raw values become comparable scores. Every method is reversed for `direction: "lower"` so
/// that a higher normalised value is always better.
#[derive(Debug, Clone, PartialEq)]
pub enum Normalise {
    /// `low + (high - low)·(x - min)/(max - min)` over the observed values. A constant column
    /// gives every unit the midpoint `(low + high)/2`.
    Minmax { low: f64, high: f64 },
    /// `(x - mean)/sd`, then `mean + sd·z` if a target mean/sd is given (default 0 and 1). `sd`
    /// says which standard deviation: `sample` (n − 1, as R's `sd` and COINr) or `population`
    /// (n). A constant column gives every unit the target mean.
    Zscore { sd: SdKind, mean: f64, scale: f64 },
    /// `(x - min)/(max - min)` against fixed goalposts; `cap` clamps x to [min, max] first; `log`
    /// takes natural logs of x, min and max (after capping) as UNDP does for income.
    Goalposts { min: f64, max: f64, cap: bool, log: bool },
    /// Rank of the value among the units, 1 = worst, n = best; ties get the average rank.
    Rank,
    /// Percentile rank in [0, 1]: (number of units with a worse value) / (n − 1); ties share
    /// the lower value; a single unit gets 1.
    Percentile,
    /// Distance to a target: `(x - min)/(target - min)` for higher-is-better (min = the
    /// observed minimum), `(max - x)/(max - target)` for lower-is-better; 1 = target reached.
    /// `cap` (default true) clamps the result at 1.
    Target { target: f64, cap: bool },
    /// The raw value (negated for `direction: "lower"`).
    None,
    /// pymcdm's sum normalisation: x/Σx; lower-is-better (1/x)/Σ(1/x). Needs values > 0 (a
    /// share of a total; textbooks also use it for profit criteria only).
    Sum,
    /// pymcdm's max normalisation: x/max; lower-is-better 1 − x/max (many textbooks use min/x
    /// instead). Needs a maximum > 0.
    Max,
    /// pymcdm's vector normalisation: x/√Σx²; lower-is-better 1 − x/√Σx² (textbooks keep x/√Σx²
    /// and treat the criterion as a cost later, e.g. in TOPSIS's anti-ideal). Needs Σx² > 0.
    Vector,
}

/// Which standard deviation a z-score divides by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SdKind {
    /// n − 1 in the denominator (R's `sd`, COINr).
    #[default]
    Sample,
    /// n in the denominator.
    Population,
}

/// A node of the tree: either an aggregate of `children`, or a leaf that names an `indicator`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Node id (required for aggregates; a leaf's id is its indicator's id).
    pub id: Option<String>,
    /// The indicator a leaf stands for.
    pub indicator: Option<String>,
    pub label: Option<String>,
    /// Weight relative to the siblings (default 1).
    pub weight: Option<f64>,
    /// How the children are combined (default arithmetic).
    pub aggregate: Option<Aggregate>,
    /// Exponent of the power mean (`aggregate: "mean"`); 1 arithmetic, 0 geometric, −1 harmonic.
    pub p: Option<f64>,
    /// Multiply the node's score by this (e.g. 100).
    pub scale: Option<f64>,
    /// Geometric/harmonic/power means: raise inputs below `floor` (> 0) to `floor` instead of
    /// failing on zero or negative values.
    pub floor: Option<f64>,
    /// What a missing child value does: `error` (default) or `skip` (reweight the present ones).
    pub missing: Option<Missing>,
    /// With `skip`: the share of the children's weight that must be present (0–1, default 0,
    /// i.e. at least one child).
    pub min_coverage: Option<f64>,
    pub children: Option<Vec<Node>>,
    /// Weights of the children derived by a method (entropy, CRITIC, PCA, AHP, BoD, ...)
    /// instead of their `weight`s (see [`crate::weights`]).
    pub weighting: Option<crate::weights::Weighting>,
    /// VIKOR's weight of the group utility S against the individual regret R (0–1, default 0.5).
    pub v: Option<f64>,
    /// Mazziotta–Pareto: whether imbalance among the children is subtracted or added (required
    /// with `mpi` and `ampi`).
    pub penalty: Option<Penalty>,
}

/// Aggregation methods of a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Aggregate {
    /// Weighted arithmetic mean Σwx/Σw.
    #[default]
    Arithmetic,
    /// Weighted geometric mean Π x^(w/Σw).
    Geometric,
    /// Weighted harmonic mean Σw / Σ(w/x).
    Harmonic,
    /// Weighted power mean (Σw x^p / Σw)^(1/p) with the node's `p`.
    Mean,
    /// Mazziotta–Pareto Index on z-scores 100 ± 10 (see [`crate::mcda`]), with `penalty`.
    Mpi,
    /// Adjusted Mazziotta–Pareto Index on a 70–130 rescaling (see [`crate::mcda`]), with `penalty`.
    Ampi,
    /// TOPSIS closeness to the ideal of the weighted children (0–1).
    Topsis,
    /// VIKOR, reported as 1 − Q so that higher is better (0–1), with `v`.
    Vikor,
    /// Copeland: wins minus losses in weighted pairwise comparisons of units, as COINr.
    Copeland,
    /// The smallest child value (weights only exclude zero-weight children).
    Min,
}

impl Aggregate {
    /// True for the means (arithmetic, geometric, harmonic, power).
    pub fn is_mean(self) -> bool {
        matches!(
            self,
            Aggregate::Arithmetic | Aggregate::Geometric | Aggregate::Harmonic | Aggregate::Mean
        )
    }
}

/// The Mazziotta–Pareto penalty: `subtract` gives MPI⁻ = M − S·cv (imbalance lowers the score:
/// the usual choice when higher is better, as all normalised values here are), `add` gives
/// MPI⁺ = M + S·cv (for indices where higher means worse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Penalty {
    Subtract,
    Add,
}

/// The missing-value rule of a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Missing {
    #[default]
    Error,
    Skip,
}

/// Ranking rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RankRule {
    /// Round the root score to this many decimals before ranking and grading.
    pub round: Option<u32>,
    pub ties: Ties,
}

/// How tied scores are ranked (scores 9, 8, 8, 7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ties {
    /// 1, 2, 2, 4 (sports ranking; the default, as UNDP and BPS rank).
    #[default]
    Min,
    /// 1, 2, 2, 3.
    Dense,
    /// 1, 2.5, 2.5, 4.
    Average,
    /// 1, 2, 3, 4: ties broken by order in the table.
    Ordinal,
}

/// A grade band: units whose rounded root score is at least `min` (and below the band above).
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub label: String,
    pub min: f64,
    /// Longer description (e.g. "Pelayanan Prima").
    pub description: Option<String>,
    /// CSS colour for badges.
    pub color: Option<String>,
}

impl Spec {
    /// Parses a JSON spec and validates it. Errors name the field (`tree.children[1].weight`).
    pub fn from_json(text: &str) -> Result<Spec> {
        let spec = crate::json::parse(text)
            .and_then(|v| Spec::read(&v))
            .map_err(|e| Error::SpecSyntax {
                path: display_path(&e.path()),
                message: e.message_in(Some(text)),
            })?;
        spec.validate()?;
        Ok(spec)
    }

    /// Serialises to pretty JSON.
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(self)
    }

    /// Checks everything the JSON reader cannot; every error names the field or node.
    pub fn validate(&self) -> Result<()> {
        if self.version != 1 {
            return Err(Error::spec(
                "version",
                format!("{} is not a known version (use 1)", self.version),
            ));
        }
        crate::features::check(self)?;
        let mut ids = BTreeSet::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let place = format!("indicators[{i}]");
            if ind.id.trim().is_empty() {
                return Err(Error::spec(place, "empty indicator id"));
            }
            if !ids.insert(ind.id.as_str()) {
                return Err(Error::spec(place, format!("indicator id '{}' is used twice", ind.id)));
            }
            if let Some(n) = &ind.normalise {
                validate_normalise(n).map_err(|m| Error::spec(format!("indicator '{}': normalise", ind.id), m))?;
            }
        }
        if self.indicators.is_empty() {
            return Err(Error::spec("indicators", "the spec has no indicators"));
        }
        let mut seen = Seen::default();
        validate_node(&self.tree, "tree", &ids, &mut seen)?;
        if self.tree.indicator.is_some() {
            return Err(Error::spec("tree", "the root must be an aggregate node with children"));
        }
        for ind in &self.indicators {
            if !seen.indicators.contains(ind.id.as_str()) {
                return Err(Error::spec(
                    format!("indicator '{}'", ind.id),
                    "is not used in the tree (add it as {\"indicator\": \"...\"} under a node, or remove it)",
                ));
            }
        }
        for node_id in &seen.nodes {
            if ids.contains(node_id.as_str()) {
                return Err(Error::spec(
                    format!("node '{node_id}'"),
                    "has the same id as an indicator; node and indicator ids must differ",
                ));
            }
        }
        for (i, g) in self.grades.iter().enumerate() {
            if !g.min.is_finite() {
                return Err(Error::spec(
                    format!("grades[{i}] ('{}')", g.label),
                    "min must be a finite number",
                ));
            }
            if i > 0 && g.min >= self.grades[i - 1].min {
                return Err(Error::spec(
                    format!("grades[{i}] ('{}')", g.label),
                    format!(
                        "bands must be listed from the highest min down; min {} is not below the min {} of '{}'",
                        g.min,
                        self.grades[i - 1].min,
                        self.grades[i - 1].label
                    ),
                ));
            }
        }
        if let Some(r) = self.rank.round {
            if r > 15 {
                return Err(Error::spec(
                    "rank.round",
                    format!("{r} decimals is more than an f64 holds (at most 15)"),
                ));
            }
        }
        if let Some(u) = &self.uncertainty {
            u.validate(self)?;
        }
        #[cfg(feature = "methods")] // without it, refused by features::check above
        if let Some(p) = &self.prepare {
            p.validate(self)?;
        }
        let mut cols = BTreeSet::new();
        for g in &self.units.groups {
            if !cols.insert(g) {
                return Err(Error::spec(
                    "units.groups",
                    format!("group column '{g}' is listed twice"),
                ));
            }
        }
        Ok(())
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Every data column the spec reads, with what it is for (for error messages).
    pub fn columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![("unit id", self.units.id.as_str())];
        if let Some(l) = &self.units.label {
            out.push(("unit label", l.as_str()));
        }
        for g in &self.units.groups {
            out.push(("group", g.as_str()));
        }
        for i in &self.indicators {
            out.push(("indicator", i.column()));
        }
        if let Some(p) = &self.prepare {
            out.extend(p.denominator_columns().into_iter().map(|c| ("denominator", c)));
        }
        out
    }

    /// The numeric columns the spec reads, each once, with what each is for (for messages): the
    /// indicators' columns, then the denominators of `prepare`.
    pub fn numeric_columns(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = Vec::new();
        for i in &self.indicators {
            if !out.iter().any(|(_, c)| *c == i.column()) {
                out.push((format!("indicator '{}'", i.id), i.column()));
            }
        }
        for c in self.prepare.iter().flat_map(|p| p.denominator_columns()) {
            if !out.iter().any(|(_, have)| *have == c) {
                out.push(("denominator".to_string(), c));
            }
        }
        out
    }
}

impl Node {
    /// The id by which the node is addressed: its `id`, or its indicator's id for a leaf.
    pub fn key(&self) -> &str {
        self.id.as_deref().or(self.indicator.as_deref()).unwrap_or("")
    }

    /// The weight relative to the siblings (1 when absent).
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

#[derive(Default)]
struct Seen<'a> {
    nodes: Vec<String>,
    node_set: BTreeSet<&'a str>,
    indicators: BTreeSet<&'a str>,
}

fn validate_node<'a>(node: &'a Node, place: &str, indicators: &BTreeSet<&str>, seen: &mut Seen<'a>) -> Result<()> {
    let name = match (&node.id, &node.indicator) {
        (Some(id), _) => format!("node '{id}'"),
        (None, Some(ind)) => format!("leaf '{ind}'"),
        (None, None) => place.to_string(),
    };
    if let Some(w) = node.weight {
        if !w.is_finite() || w < 0.0 {
            return Err(Error::spec(&name, format!("weight {w} must be a finite number ≥ 0")));
        }
    }
    if let Some(ind) = &node.indicator {
        if node.children.is_some() || node.aggregate.is_some() {
            return Err(Error::spec(
                &name,
                "a leaf names an indicator and has no children or aggregate",
            ));
        }
        if !indicators.contains(ind.as_str()) {
            return Err(Error::Unknown {
                what: "indicator",
                id: ind.clone(),
                hint: Some(format!("used at {place}; it is not in \"indicators\"")),
            });
        }
        if !seen.indicators.insert(ind.as_str()) {
            return Err(Error::spec(
                &name,
                format!("indicator '{ind}' is used twice in the tree"),
            ));
        }
        if let Some(id) = &node.id {
            if id != ind {
                return Err(Error::spec(&name, "a leaf takes its indicator's id; drop \"id\""));
            }
        }
        return Ok(());
    }
    let Some(id) = &node.id else {
        return Err(Error::spec(
            place,
            "a node needs an \"id\" (or an \"indicator\" if it is a leaf)",
        ));
    };
    if id.trim().is_empty() {
        return Err(Error::spec(place, "empty node id"));
    }
    if !seen.node_set.insert(id.as_str()) {
        return Err(Error::spec(&name, "node id is used twice"));
    }
    seen.nodes.push(id.clone());
    let children = match &node.children {
        Some(c) if !c.is_empty() => c,
        _ => return Err(Error::spec(&name, "has no children")),
    };
    if children.iter().all(|c| c.weight() == 0.0) {
        return Err(Error::spec(&name, "all children have weight 0"));
    }
    let agg = node.aggregate.unwrap_or_default();
    match (agg, node.p) {
        (Aggregate::Mean, None) => {
            return Err(Error::spec(
                &name,
                "aggregate \"mean\" needs \"p\" (1 arithmetic, 0 geometric, -1 harmonic)",
            ))
        }
        (Aggregate::Mean, Some(p)) if !p.is_finite() => return Err(Error::spec(&name, "p must be finite")),
        (a, Some(_)) if a != Aggregate::Mean => return Err(Error::spec(&name, "\"p\" is only for aggregate \"mean\"")),
        _ => {}
    }
    crate::mcda::validate_params(node, agg, &name)?;
    #[cfg(feature = "methods")] // without it, refused by features::check
    if let Some(w) = &node.weighting {
        w.validate(node, agg, &name)?;
    }
    if let Some(s) = node.scale {
        if !s.is_finite() || s <= 0.0 {
            return Err(Error::spec(&name, format!("scale {s} must be a finite number > 0")));
        }
    }
    if let Some(f) = node.floor {
        if !f.is_finite() || f <= 0.0 {
            return Err(Error::spec(&name, format!("floor {f} must be a finite number > 0")));
        }
    }
    if let Some(c) = node.min_coverage {
        if !(0.0..=1.0).contains(&c) {
            return Err(Error::spec(&name, format!("minCoverage {c} must be between 0 and 1")));
        }
        if node.missing != Some(Missing::Skip) {
            return Err(Error::spec(&name, "minCoverage needs \"missing\": \"skip\""));
        }
    }
    for (i, child) in children.iter().enumerate() {
        validate_node(child, &format!("{place}.children[{i}]"), indicators, seen)?;
    }
    // After the children, so that a NaN or negative weight is reported as such, at its node.
    if !children.iter().map(Node::weight).sum::<f64>().is_finite() {
        return Err(Error::spec(
            &name,
            "the children's weights add up to more than an f64 holds (use smaller relative weights)",
        ));
    }
    Ok(())
}

pub(crate) fn validate_normalise(n: &Normalise) -> std::result::Result<(), String> {
    match *n {
        Normalise::Minmax { low, high } => {
            if !(high - low).is_finite() || low >= high {
                return Err(format!("minmax needs finite low < high (got {low}, {high})"));
            }
        }
        Normalise::Zscore { mean, scale, .. } => {
            if !(mean.is_finite() && scale.is_finite()) || scale <= 0.0 {
                return Err(format!(
                    "zscore needs a finite mean and a scale > 0 (got {mean}, {scale})"
                ));
            }
        }
        Normalise::Goalposts { min, max, log, .. } => {
            if !(min.is_finite() && max.is_finite()) || min >= max {
                return Err(format!("goalposts need finite min < max (got min {min}, max {max})"));
            }
            if log && min <= 0.0 {
                return Err(format!("goalposts with log need min > 0 (got {min})"));
            }
        }
        Normalise::Target { target, .. } => {
            if !target.is_finite() {
                return Err("target must be a finite number".into());
            }
        }
        Normalise::Rank
        | Normalise::Percentile
        | Normalise::None
        | Normalise::Sum
        | Normalise::Max
        | Normalise::Vector => {}
    }
    Ok(())
}

fn display_path(path: &str) -> String {
    if path.is_empty() || path == "." {
        "(top level)".to_string()
    } else {
        path.to_string()
    }
}
