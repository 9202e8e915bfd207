//! What data preparation did, as plain data (camelCase for JavaScript): every changed cell with
//! its unit and indicator, every treated indicator with the rule's numbers, every warning.

use serde::Serialize;

/// The report of [`crate::prepare::run`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepareReport {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denominated: Vec<Denominated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screened: Option<Screened>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imputed: Vec<ImputedCell>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transformed: Vec<Transformed>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub treated: Vec<Treated>,
    /// Things a person should look at (cells left missing, failed fallbacks, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// An indicator divided by a denominator column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Denominated {
    pub indicator: String,
    pub by: String,
    pub scale: f64,
    /// Units whose denominator is missing or zero (their value became missing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_denominator: Vec<String>,
}

/// Units left out for too little data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Screened {
    pub min_share: f64,
    pub removed: Vec<RemovedUnit>,
}

/// A unit left out by screening, with its share of indicators present.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemovedUnit {
    pub unit: String,
    pub share: f64,
}

/// One filled cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImputedCell {
    pub unit: String,
    pub indicator: String,
    pub value: f64,
    /// `mean`, `median`, `groupMean` or `groupMedian`.
    pub method: &'static str,
    /// The group value whose statistic was used (group methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// An indicator transformed as the spec says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transformed {
    pub indicator: String,
    /// `log`, `log1p` or `boxCox`.
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<f64>,
}

/// What the outlier rule did to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Treated {
    pub indicator: String,
    /// `none` (passed as it was), `winsorised`, `ctlog`, `log` (fallbacks), `failed` (fallback
    /// `none` or an impossible log: left untreated), `constant` (no spread to test).
    pub action: &'static str,
    /// Winsorising steps taken (COINr's "Winsorised n points").
    pub points: u32,
    pub max_points: u32,
    /// Units whose value was raised to the next lowest / lowered to the next highest value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub low: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
