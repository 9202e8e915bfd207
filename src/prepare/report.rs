//! What data preparation did, as plain data (camelCase for JavaScript): every changed cell with
//! its unit and indicator, every treated indicator with the rule's numbers, every warning.

use crate::json::{ToJson, Writer};

/// The report of [`crate::prepare::run`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrepareReport {
    pub denominated: Vec<Denominated>,
    pub screened: Option<Screened>,
    pub imputed: Vec<ImputedCell>,
    pub transformed: Vec<Transformed>,
    pub treated: Vec<Treated>,
    /// Things a person should look at (cells left missing, failed fallbacks, ...).
    pub warnings: Vec<String>,
}

/// An indicator divided by a denominator column.
#[derive(Debug, Clone, PartialEq)]
pub struct Denominated {
    pub indicator: String,
    pub by: String,
    pub scale: f64,
    /// Units whose denominator is missing or zero (their value became missing).
    pub no_denominator: Vec<String>,
}

/// Units left out for too little data.
#[derive(Debug, Clone, PartialEq)]
pub struct Screened {
    pub min_share: f64,
    pub removed: Vec<RemovedUnit>,
}

/// A unit left out by screening, with its share of indicators present.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedUnit {
    pub unit: String,
    pub share: f64,
}

/// One filled cell.
#[derive(Debug, Clone, PartialEq)]
pub struct ImputedCell {
    pub unit: String,
    pub indicator: String,
    pub value: f64,
    /// `mean`, `median`, `groupMean` or `groupMedian`.
    pub method: &'static str,
    /// The group value whose statistic was used (group methods).
    pub group: Option<String>,
}

/// An indicator transformed as the spec says.
#[derive(Debug, Clone, PartialEq)]
pub struct Transformed {
    pub indicator: String,
    /// `log`, `log1p` or `boxCox`.
    pub method: &'static str,
    pub lambda: Option<f64>,
}

/// What the outlier rule did to one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Treated {
    pub indicator: String,
    /// `none` (passed as it was), `winsorised`, `ctlog`, `log` (fallbacks), `failed` (fallback
    /// `none` or an impossible log: left untreated), `constant` (no spread to test).
    pub action: &'static str,
    /// Winsorising steps taken (COINr's "Winsorised n points").
    pub points: u32,
    pub max_points: u32,
    /// Units whose value was raised to the next lowest / lowered to the next highest value.
    pub low: Vec<String>,
    pub high: Vec<String>,
    /// Sample skewness G1 and excess kurtosis G2 before and after.
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    pub skewness_after: Option<f64>,
    pub kurtosis_after: Option<f64>,
}

impl PrepareReport {
    /// Flags of one unit's cells, by indicator: `imputed`, `winsorisedLow`, `winsorisedHigh`,
    /// `ctlog`, `log` (fallback transforms of a treated indicator).
    pub fn unit_flags(&self, unit: &str) -> Vec<(String, Vec<&'static str>)> {
        let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
        let mut add = |ind: &str, flag: &'static str| match out.iter_mut().find(|(i, _)| i == ind) {
            Some((_, f)) => f.push(flag),
            None => out.push((ind.to_string(), vec![flag])),
        };
        for c in self.imputed.iter().filter(|c| c.unit == unit) {
            add(&c.indicator, "imputed");
        }
        for t in &self.treated {
            if t.low.iter().any(|u| u == unit) {
                add(&t.indicator, "winsorisedLow");
            }
            if t.high.iter().any(|u| u == unit) {
                add(&t.indicator, "winsorisedHigh");
            }
            if matches!(t.action, "ctlog" | "log") {
                add(&t.indicator, t.action);
            }
        }
        out
    }
}

// ------------------------------------------------------------------ JSON ----------------------

impl ToJson for PrepareReport {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.nonempty("denominated", &self.denominated);
        w.some("screened", &self.screened);
        w.nonempty("imputed", &self.imputed);
        w.nonempty("transformed", &self.transformed);
        w.nonempty("treated", &self.treated);
        w.nonempty("warnings", &self.warnings);
        w.end_object();
    }
}

impl ToJson for Denominated {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("indicator", &self.indicator);
        w.field("by", &self.by);
        w.field("scale", &self.scale);
        w.nonempty("noDenominator", &self.no_denominator);
        w.end_object();
    }
}

impl ToJson for Screened {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("minShare", &self.min_share);
        w.field("removed", &self.removed);
        w.end_object();
    }
}

impl ToJson for RemovedUnit {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("unit", &self.unit);
        w.field("share", &self.share);
        w.end_object();
    }
}

impl ToJson for ImputedCell {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("unit", &self.unit);
        w.field("indicator", &self.indicator);
        w.field("value", &self.value);
        w.field("method", &self.method);
        w.some("group", &self.group);
        w.end_object();
    }
}

impl ToJson for Transformed {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("indicator", &self.indicator);
        w.field("method", &self.method);
        w.some("lambda", &self.lambda);
        w.end_object();
    }
}

impl ToJson for Treated {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("indicator", &self.indicator);
        w.field("action", &self.action);
        w.field("points", &self.points);
        w.field("maxPoints", &self.max_points);
        w.nonempty("low", &self.low);
        w.nonempty("high", &self.high);
        w.field("skewness", &self.skewness);
        w.field("kurtosis", &self.kurtosis);
        w.field("skewnessAfter", &self.skewness_after);
        w.field("kurtosisAfter", &self.kurtosis_after);
        w.end_object();
    }
}
