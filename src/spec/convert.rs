//! The spec's types from and to JSON (see [`crate::json`]): field names in camelCase, defaults
//! and omitted fields exactly as format v1 has them.

use super::*;
use crate::json::{self, array, boolean, f64_value, string, strings, tagged, u32_value, Fields, ToJson, Value, Writer};

type R<T> = std::result::Result<T, json::Error>;

impl Spec {
    const FIELDS: &'static [&'static str] = &[
        "version",
        "name",
        "description",
        "units",
        "indicators",
        "tree",
        "rank",
        "grades",
        "uncertainty",
        "prepare",
    ];

    pub(crate) fn read(v: &Value) -> R<Spec> {
        let f = Fields::new(v, "struct Spec", Self::FIELDS)?;
        Ok(Spec {
            version: f.req("version", u32_value)?,
            name: f.opt("name", string)?,
            description: f.opt("description", string)?,
            units: f.req("units", Units::read)?,
            indicators: f.req("indicators", |v| array(v, Indicator::read))?,
            tree: f.req("tree", Node::read)?,
            rank: f.or("rank", RankRule::default(), RankRule::read)?,
            grades: f.or("grades", Vec::new(), |v| array(v, Grade::read))?,
            uncertainty: f.opt("uncertainty", crate::uncertainty::UncertaintySpec::read)?,
            prepare: f.opt("prepare", read_prepare)?,
        })
    }
}

/// `prepare`: read with the cargo feature `methods`, refused by name without it (the build has
/// no data preparation to run it).
fn read_prepare(v: &Value) -> R<crate::prepare::PrepareSpec> {
    #[cfg(feature = "methods")]
    return crate::prepare::PrepareSpec::read(v);
    #[cfg(not(feature = "methods"))]
    return Err(json::Error::at(
        crate::features::not_built_message("data preparation"),
        v.end,
    ));
}

/// A node's `weighting`: read with the cargo feature `methods`, refused by name without it.
fn read_weighting(v: &Value) -> R<crate::weights::Weighting> {
    #[cfg(feature = "methods")]
    return crate::weights::Weighting::read(v);
    #[cfg(not(feature = "methods"))]
    return Err(json::Error::at(
        crate::features::not_built_message("derived weights (weighting)"),
        v.end,
    ));
}

impl ToJson for Spec {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("version", &self.version);
        w.some("name", &self.name);
        w.some("description", &self.description);
        w.field("units", &self.units);
        w.field("indicators", &self.indicators);
        w.field("tree", &self.tree);
        w.field("rank", &self.rank);
        w.nonempty("grades", &self.grades);
        w.some("uncertainty", &self.uncertainty);
        #[cfg(feature = "methods")] // without it, never set (see read_prepare)
        w.some("prepare", &self.prepare);
        w.end_object();
    }
}

impl Units {
    fn read(v: &Value) -> R<Units> {
        let f = Fields::new(v, "struct Units", &["id", "label", "groups"])?;
        Ok(Units {
            id: f.req("id", string)?,
            label: f.opt("label", string)?,
            groups: f.or("groups", Vec::new(), strings)?,
        })
    }
}

impl ToJson for Units {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("id", &self.id);
        w.some("label", &self.label);
        w.nonempty("groups", &self.groups);
        w.end_object();
    }
}

impl Indicator {
    fn read(v: &Value) -> R<Indicator> {
        let f = Fields::new(
            v,
            "struct Indicator",
            &["id", "column", "label", "direction", "unit", "normalise"],
        )?;
        Ok(Indicator {
            id: f.req("id", string)?,
            column: f.opt("column", string)?,
            label: f.opt("label", string)?,
            direction: f.or("direction", Direction::Higher, Direction::read)?,
            unit: f.opt("unit", string)?,
            normalise: f.opt("normalise", Normalise::read)?,
        })
    }
}

impl ToJson for Indicator {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("id", &self.id);
        w.some("column", &self.column);
        w.some("label", &self.label);
        w.field("direction", &self.direction);
        w.some("unit", &self.unit);
        w.some("normalise", &self.normalise);
        w.end_object();
    }
}

use crate::json::named_enum;

named_enum!(Direction { Higher = "higher", Lower = "lower" });
named_enum!(SdKind { Sample = "sample", Population = "population" });
named_enum!(Penalty { Subtract = "subtract", Add = "add" });
named_enum!(Missing { Error = "error", Skip = "skip" });
named_enum!(Ties { Min = "min", Dense = "dense", Average = "average", Ordinal = "ordinal" });
named_enum!(Aggregate {
    Arithmetic = "arithmetic",
    Geometric = "geometric",
    Harmonic = "harmonic",
    Mean = "mean",
    Mpi = "mpi",
    Ampi = "ampi",
    Topsis = "topsis",
    Vikor = "vikor",
    Copeland = "copeland",
    Min = "min",
});

impl Normalise {
    const METHODS: &'static [&'static str] = &[
        "minmax",
        "zscore",
        "goalposts",
        "rank",
        "percentile",
        "target",
        "none",
        "sum",
        "max",
        "vector",
    ];

    /// The method's name in JSON (`"method"`).
    pub fn name(&self) -> &'static str {
        let i = match self {
            Normalise::Minmax { .. } => 0,
            Normalise::Zscore { .. } => 1,
            Normalise::Goalposts { .. } => 2,
            Normalise::Rank => 3,
            Normalise::Percentile => 4,
            Normalise::Target { .. } => 5,
            Normalise::None => 6,
            Normalise::Sum => 7,
            Normalise::Max => 8,
            Normalise::Vector => 9,
        };
        Self::METHODS[i]
    }

    pub(crate) fn read(v: &Value) -> R<Normalise> {
        let (i, o) = tagged(v, "internally tagged enum Normalise", "method", Self::METHODS)?;
        // A method without parameters takes no other field.
        let unit = |n: Normalise| o.fields(&[]).map(|_| n);
        Ok(match i {
            0 => {
                let f = o.fields(&["low", "high"])?;
                Normalise::Minmax {
                    low: f.or("low", 0.0, f64_value)?,
                    high: f.or("high", 1.0, f64_value)?,
                }
            }
            1 => {
                let f = o.fields(&["sd", "mean", "scale"])?;
                Normalise::Zscore {
                    sd: f.or("sd", SdKind::Sample, SdKind::read)?,
                    mean: f.or("mean", 0.0, f64_value)?,
                    scale: f.or("scale", 1.0, f64_value)?,
                }
            }
            2 => {
                let f = o.fields(&["min", "max", "cap", "log"])?;
                Normalise::Goalposts {
                    min: f.req("min", f64_value)?,
                    max: f.req("max", f64_value)?,
                    cap: f.or("cap", false, boolean)?,
                    log: f.or("log", false, boolean)?,
                }
            }
            5 => {
                let f = o.fields(&["target", "cap"])?;
                Normalise::Target {
                    target: f.req("target", f64_value)?,
                    cap: f.or("cap", true, boolean)?,
                }
            }
            3 => unit(Normalise::Rank)?,
            4 => unit(Normalise::Percentile)?,
            6 => unit(Normalise::None)?,
            7 => unit(Normalise::Sum)?,
            8 => unit(Normalise::Max)?,
            _ => unit(Normalise::Vector)?,
        })
    }
}

impl ToJson for Normalise {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("method", &self.name());
        match self {
            Normalise::Minmax { low, high } => {
                w.field("low", low);
                w.field("high", high);
            }
            Normalise::Zscore { sd, mean, scale } => {
                w.field("sd", sd);
                w.field("mean", mean);
                w.field("scale", scale);
            }
            Normalise::Goalposts { min, max, cap, log } => {
                w.field("min", min);
                w.field("max", max);
                w.field("cap", cap);
                w.field("log", log);
            }
            Normalise::Target { target, cap } => {
                w.field("target", target);
                w.field("cap", cap);
            }
            _ => {}
        }
        w.end_object();
    }
}

impl Node {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "indicator",
        "label",
        "weight",
        "aggregate",
        "p",
        "scale",
        "floor",
        "missing",
        "minCoverage",
        "children",
        "weighting",
        "v",
        "penalty",
    ];

    fn read(v: &Value) -> R<Node> {
        let f = Fields::new(v, "struct Node", Self::FIELDS)?;
        Ok(Node {
            id: f.opt("id", string)?,
            indicator: f.opt("indicator", string)?,
            label: f.opt("label", string)?,
            weight: f.opt("weight", f64_value)?,
            aggregate: f.opt("aggregate", Aggregate::read)?,
            p: f.opt("p", f64_value)?,
            scale: f.opt("scale", f64_value)?,
            floor: f.opt("floor", f64_value)?,
            missing: f.opt("missing", Missing::read)?,
            min_coverage: f.opt("minCoverage", f64_value)?,
            children: f.opt("children", |v| array(v, Node::read))?,
            weighting: f.opt("weighting", read_weighting)?,
            v: f.opt("v", f64_value)?,
            penalty: f.opt("penalty", Penalty::read)?,
        })
    }
}

impl ToJson for Node {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("id", &self.id);
        w.some("indicator", &self.indicator);
        w.some("label", &self.label);
        w.some("weight", &self.weight);
        w.some("aggregate", &self.aggregate);
        w.some("p", &self.p);
        w.some("scale", &self.scale);
        w.some("floor", &self.floor);
        w.some("missing", &self.missing);
        w.some("minCoverage", &self.min_coverage);
        w.some("children", &self.children);
        #[cfg(feature = "methods")] // without it, never set (see read_weighting)
        w.some("weighting", &self.weighting);
        w.some("v", &self.v);
        w.some("penalty", &self.penalty);
        w.end_object();
    }
}

impl RankRule {
    fn read(v: &Value) -> R<RankRule> {
        let f = Fields::new(v, "struct RankRule", &["round", "ties"])?;
        Ok(RankRule {
            round: f.opt("round", u32_value)?,
            ties: f.or("ties", Ties::Min, Ties::read)?,
        })
    }
}

impl ToJson for RankRule {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("round", &self.round);
        w.field("ties", &self.ties);
        w.end_object();
    }
}

impl Grade {
    fn read(v: &Value) -> R<Grade> {
        let f = Fields::new(v, "struct Grade", &["label", "min", "description", "color"])?;
        Ok(Grade {
            label: f.req("label", string)?,
            min: f.req("min", f64_value)?,
            description: f.opt("description", string)?,
            color: f.opt("color", string)?,
        })
    }
}

impl ToJson for Grade {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("label", &self.label);
        w.field("min", &self.min);
        w.some("description", &self.description);
        w.some("color", &self.color);
        w.end_object();
    }
}
