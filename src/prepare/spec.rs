//! The `prepare` section of a spec: global steps with per-indicator overrides.
//!
//! ```json
//! "prepare": {
//!   "screen": { "minShare": 0.66 },
//!   "impute": { "method": "groupMean", "by": "EurAsia_group" },
//!   "treat": { "method": "winsorise", "maxPoints": 6 },
//!   "indicators": {
//!     "Flights": { "denominate": { "by": "Population" } },
//!     "Renew":   { "treat": { "method": "none" }, "transform": { "method": "log1p" } }
//!   }
//! }
//! ```
//! An indicator's `impute`, `transform` and `treat` replace the global ones (`{"method": "none"}`
//! switches a global step off for it); `denominate` exists per indicator only.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::spec::Spec;

/// Data preparation, run on the table before normalisation, in this order: denominate, screen,
/// impute, transform, treat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PrepareSpec {
    /// Leave out units with too few indicators present (after denominating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<Screen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impute: Option<Impute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treat: Option<Treat>,
    /// Per-indicator steps, by indicator id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, Steps>,
}

/// The steps of one indicator (each replaces the global one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Steps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominate: Option<Denominate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impute: Option<Impute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treat: Option<Treat>,
}

/// `x / by · scale` (per capita, per GDP, ...). A missing or zero denominator leaves the cell
/// missing (reported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Denominate {
    /// The data column to divide by.
    pub by: String,
    #[serde(default = "one")]
    pub scale: f64,
}

/// Screening by data availability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Screen {
    /// A unit stays if at least this share (0–1) of the spec's indicators is present.
    pub min_share: f64,
}

/// How missing values are filled. Statistics are taken over the present values of the
/// indicator (after denominating and screening); `by` names one of `units.groups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "camelCase", deny_unknown_fields)]
pub enum Impute {
    /// Leave missing values to the nodes' `missing` rule.
    None,
    Mean,
    Median,
    /// The mean of the unit's group (COINr's `indgroup_mean`); a group with no value stays missing.
    GroupMean {
        by: String,
    },
    GroupMedian {
        by: String,
    },
}

/// A transformation applied to every value of the indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "camelCase", deny_unknown_fields)]
pub enum Transform {
    None,
    /// ln x (x > 0).
    Log,
    /// ln(1 + x) (x > −1).
    Log1p,
    /// Box-Cox: (x^λ − 1)/λ, ln x for λ = 0 (x > 0; no shift).
    BoxCox {
        lambda: f64,
    },
}

/// Outlier treatment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "camelCase", deny_unknown_fields)]
pub enum Treat {
    None,
    /// COINr's default rule (see [`crate::prepare`]): while |skewness| > `skewness` and
    /// kurtosis > `kurtosis`, winsorise one more point, up to `maxPoints`; if the indicator still
    /// fails, apply `fallback` to the untreated values instead.
    #[serde(rename_all = "camelCase")]
    Winsorise {
        /// Default: 10% of the units, rounded up (COINr's default).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_points: Option<u32>,
        #[serde(default = "two")]
        skewness: f64,
        #[serde(default = "three_and_a_half")]
        kurtosis: f64,
        /// Decide high or low by the skewness sign at each step (COINr's `winchange`), or
        /// keep the side of the first step.
        #[serde(default = "yes")]
        winchange: bool,
        #[serde(default)]
        fallback: Fallback,
    },
}

/// What the winsorising rule does to an indicator it could not fix within `maxPoints`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Fallback {
    /// ln(x − min + 0.01·(max − min)) — COINr's `CTlog` (the COIN Tool's log), its default.
    #[default]
    Ctlog,
    /// ln x; an indicator with values ≤ 0 is left untreated (with a warning), as COINr does.
    Log,
    /// Leave the indicator untreated (reported as still failing).
    None,
}

fn one() -> f64 {
    1.0
}
fn two() -> f64 {
    2.0
}
fn three_and_a_half() -> f64 {
    3.5
}
fn yes() -> bool {
    true
}

impl PrepareSpec {
    /// The steps that apply to the indicator `id`: its own, else the global ones.
    pub fn steps_for(&self, id: &str) -> Steps {
        let own = self.indicators.get(id);
        Steps {
            denominate: own.and_then(|s| s.denominate.clone()),
            impute: own.and_then(|s| s.impute.clone()).or_else(|| self.impute.clone()),
            transform: own.and_then(|s| s.transform.clone()).or_else(|| self.transform.clone()),
            treat: own.and_then(|s| s.treat.clone()).or_else(|| self.treat.clone()),
        }
    }

    /// The columns the denominators are read from, in first-use order.
    pub fn denominator_columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.indicators.values() {
            if let Some(d) = &s.denominate {
                if !out.contains(&d.by.as_str()) {
                    out.push(&d.by);
                }
            }
        }
        out
    }

    /// Checks ids, parameters and that indicators sharing a column are prepared alike.
    pub fn validate(&self, spec: &Spec) -> Result<()> {
        if let Some(s) = &self.screen {
            if !(0.0..=1.0).contains(&s.min_share) {
                return Err(Error::spec(
                    "prepare.screen.minShare",
                    format!("{} must be between 0 and 1", s.min_share),
                ));
            }
        }
        let groups = &spec.units.groups;
        check_steps(
            "prepare",
            self.impute.as_ref(),
            self.transform.as_ref(),
            self.treat.as_ref(),
            groups,
        )?;
        for (id, s) in &self.indicators {
            let place = format!("prepare.indicators.{id}");
            let Some(ind) = spec.indicator(id) else {
                return Err(Error::spec(place, format!("'{id}' is not an indicator of the spec")));
            };
            if let Some(d) = &s.denominate {
                if d.by.trim().is_empty() || !d.scale.is_finite() || d.scale == 0.0 {
                    return Err(Error::spec(
                        format!("{place}.denominate"),
                        "needs a column \"by\" and a finite, non-zero \"scale\"",
                    ));
                }
                if d.by == ind.column() {
                    return Err(Error::spec(
                        format!("{place}.denominate"),
                        "divides the indicator by itself",
                    ));
                }
            }
            check_steps(
                &place,
                s.impute.as_ref(),
                s.transform.as_ref(),
                s.treat.as_ref(),
                groups,
            )?;
        }
        let mut by_column: HashMap<&str, (&str, Steps)> = HashMap::new();
        for ind in &spec.indicators {
            let steps = self.steps_for(&ind.id);
            if let Some((other, prev)) = by_column.get(ind.column()) {
                if *prev != steps {
                    return Err(Error::spec(
                        format!("prepare.indicators.{}", ind.id),
                        format!(
                            "indicators '{other}' and '{}' read the same column '{}' but are prepared differently; give each its own column",
                            ind.id,
                            ind.column()
                        ),
                    ));
                }
            } else {
                by_column.insert(ind.column(), (&ind.id, steps));
            }
        }
        Ok(())
    }
}

fn check_steps(
    place: &str,
    impute: Option<&Impute>,
    transform: Option<&Transform>,
    treat: Option<&Treat>,
    groups: &[String],
) -> Result<()> {
    if let Some(Impute::GroupMean { by } | Impute::GroupMedian { by }) = impute {
        if !groups.contains(by) {
            return Err(Error::spec(
                format!("{place}.impute.by"),
                format!("'{by}' must be one of units.groups ({})", groups.join(", ")),
            ));
        }
    }
    if let Some(Transform::BoxCox { lambda }) = transform {
        if !lambda.is_finite() {
            return Err(Error::spec(
                format!("{place}.transform.lambda"),
                "must be a finite number",
            ));
        }
    }
    if let Some(Treat::Winsorise { skewness, kurtosis, .. }) = treat {
        if !(skewness.is_finite() && *skewness >= 0.0 && kurtosis.is_finite()) {
            return Err(Error::spec(
                format!("{place}.treat"),
                format!("thresholds must be finite, skewness ≥ 0 (got skewness {skewness}, kurtosis {kurtosis})"),
            ));
        }
    }
    Ok(())
}
