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

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::json::{self, Fields, ToJson, Value, Writer};
use crate::spec::Spec;

/// Data preparation, run on the table before normalisation, in this order: denominate, screen,
/// impute, transform, treat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrepareSpec {
    /// Leave out units with too few indicators present (after denominating).
    pub screen: Option<Screen>,
    pub impute: Option<Impute>,
    pub transform: Option<Transform>,
    pub treat: Option<Treat>,
    /// Per-indicator steps, by indicator id.
    pub indicators: BTreeMap<String, Steps>,
}

/// The steps of one indicator (each replaces the global one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Steps {
    pub denominate: Option<Denominate>,
    pub impute: Option<Impute>,
    pub transform: Option<Transform>,
    pub treat: Option<Treat>,
}

/// `x / by · scale` (per capita, per GDP, ...). A missing or zero denominator leaves the cell
/// missing (reported).
#[derive(Debug, Clone, PartialEq)]
pub struct Denominate {
    /// The data column to divide by.
    pub by: String,
    pub scale: f64,
}

/// Screening by data availability.
#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// A unit stays if at least this share (0–1) of the spec's indicators is present.
    pub min_share: f64,
}

/// How missing values are filled. Statistics are taken over the present values of the
/// indicator (after denominating and screening); `by` names one of `units.groups`.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub enum Treat {
    None,
    /// COINr's default rule (see [`crate::prepare`]): while |skewness| > `skewness` and
    /// kurtosis > `kurtosis`, winsorise one more point, up to `maxPoints`; if the indicator still
    /// fails, apply `fallback` to the untreated values instead.
    Winsorise {
        /// Default: 10% of the units, rounded up (COINr's default).
        max_points: Option<u32>,
        skewness: f64,
        kurtosis: f64,
        /// Decide high or low by the skewness sign at each step (COINr's `winchange`), or
        /// keep the side of the first step.
        winchange: bool,
        fallback: Fallback,
    },
}

/// What the winsorising rule does to an indicator it could not fix within `maxPoints`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fallback {
    /// ln(x − min + 0.01·(max − min)) — COINr's `CTlog` (the COIN Tool's log), its default.
    #[default]
    Ctlog,
    /// ln x; an indicator with values ≤ 0 is left untreated (with a warning), as COINr does.
    Log,
    /// Leave the indicator untreated (reported as still failing).
    None,
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
        let mut by_column: BTreeMap<&str, (&str, Steps)> = BTreeMap::new();
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

// ------------------------------------------------------------------ JSON ----------------------

crate::json::named_enum!(Fallback { Ctlog = "ctlog", Log = "log", None = "none" });

fn read_steps(f: &Fields) -> json::Result<(Option<Impute>, Option<Transform>, Option<Treat>)> {
    Ok((
        f.opt("impute", Impute::read)?,
        f.opt("transform", Transform::read)?,
        f.opt("treat", Treat::read)?,
    ))
}

fn write_steps(w: &mut Writer, impute: &Option<Impute>, transform: &Option<Transform>, treat: &Option<Treat>) {
    w.some("impute", impute);
    w.some("transform", transform);
    w.some("treat", treat);
}

impl PrepareSpec {
    pub(crate) fn read(v: &Value) -> json::Result<PrepareSpec> {
        let f = Fields::new(
            v,
            "struct PrepareSpec",
            &["screen", "impute", "transform", "treat", "indicators"],
        )?;
        let screen = f.opt("screen", Screen::read)?;
        let (impute, transform, treat) = read_steps(&f)?;
        Ok(PrepareSpec {
            screen,
            impute,
            transform,
            treat,
            indicators: f.or("indicators", BTreeMap::new(), |v| json::map(v, Steps::read))?,
        })
    }
}

impl ToJson for PrepareSpec {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("screen", &self.screen);
        write_steps(w, &self.impute, &self.transform, &self.treat);
        if !self.indicators.is_empty() {
            w.field("indicators", &self.indicators);
        }
        w.end_object();
    }
}

impl Steps {
    fn read(v: &Value) -> json::Result<Steps> {
        let f = Fields::new(v, "struct Steps", &["denominate", "impute", "transform", "treat"])?;
        let denominate = f.opt("denominate", Denominate::read)?;
        let (impute, transform, treat) = read_steps(&f)?;
        Ok(Steps {
            denominate,
            impute,
            transform,
            treat,
        })
    }
}

impl ToJson for Steps {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("denominate", &self.denominate);
        write_steps(w, &self.impute, &self.transform, &self.treat);
        w.end_object();
    }
}

impl Denominate {
    fn read(v: &Value) -> json::Result<Denominate> {
        let f = Fields::new(v, "struct Denominate", &["by", "scale"])?;
        Ok(Denominate {
            by: f.req("by", json::string)?,
            scale: f.or("scale", 1.0, json::f64_value)?,
        })
    }
}

impl ToJson for Denominate {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("by", &self.by);
        w.field("scale", &self.scale);
        w.end_object();
    }
}

impl Screen {
    fn read(v: &Value) -> json::Result<Screen> {
        let f = Fields::new(v, "struct Screen", &["minShare"])?;
        Ok(Screen {
            min_share: f.req("minShare", json::f64_value)?,
        })
    }
}

impl ToJson for Screen {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("minShare", &self.min_share);
        w.end_object();
    }
}

impl Impute {
    const METHODS: &'static [&'static str] = &["none", "mean", "median", "groupMean", "groupMedian"];

    fn read(v: &Value) -> json::Result<Impute> {
        let (i, o) = json::tagged(v, "internally tagged enum Impute", "method", Self::METHODS)?;
        if i >= 3 {
            let by = o.fields(&["by"])?.req("by", json::string)?;
            return Ok(if i == 3 {
                Impute::GroupMean { by }
            } else {
                Impute::GroupMedian { by }
            });
        }
        o.fields(&[])?;
        Ok([Impute::None, Impute::Mean, Impute::Median][i].clone())
    }
}

impl ToJson for Impute {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        let (i, by) = match self {
            Impute::None => (0, None),
            Impute::Mean => (1, None),
            Impute::Median => (2, None),
            Impute::GroupMean { by } => (3, Some(by)),
            Impute::GroupMedian { by } => (4, Some(by)),
        };
        w.field("method", &Self::METHODS[i]);
        w.some("by", &by);
        w.end_object();
    }
}

impl Transform {
    const METHODS: &'static [&'static str] = &["none", "log", "log1p", "boxCox"];

    fn read(v: &Value) -> json::Result<Transform> {
        let (i, o) = json::tagged(v, "internally tagged enum Transform", "method", Self::METHODS)?;
        if i == 3 {
            let lambda = o.fields(&["lambda"])?.req("lambda", json::f64_value)?;
            return Ok(Transform::BoxCox { lambda });
        }
        o.fields(&[])?;
        Ok([Transform::None, Transform::Log, Transform::Log1p][i].clone())
    }
}

impl ToJson for Transform {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        let (i, lambda) = match self {
            Transform::None => (0, None),
            Transform::Log => (1, None),
            Transform::Log1p => (2, None),
            Transform::BoxCox { lambda } => (3, Some(lambda)),
        };
        w.field("method", &Self::METHODS[i]);
        w.some("lambda", &lambda);
        w.end_object();
    }
}

impl Treat {
    const METHODS: &'static [&'static str] = &["none", "winsorise"];

    fn read(v: &Value) -> json::Result<Treat> {
        let (i, o) = json::tagged(v, "internally tagged enum Treat", "method", Self::METHODS)?;
        if i == 0 {
            o.fields(&[])?;
            return Ok(Treat::None);
        }
        let f = o.fields(&["maxPoints", "skewness", "kurtosis", "winchange", "fallback"])?;
        Ok(Treat::Winsorise {
            max_points: f.opt("maxPoints", json::u32_value)?,
            skewness: f.or("skewness", 2.0, json::f64_value)?,
            kurtosis: f.or("kurtosis", 3.5, json::f64_value)?,
            winchange: f.or("winchange", true, json::boolean)?,
            fallback: f.or("fallback", Fallback::Ctlog, Fallback::read)?,
        })
    }
}

impl ToJson for Treat {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        match self {
            Treat::None => w.field("method", &"none"),
            Treat::Winsorise {
                max_points,
                skewness,
                kurtosis,
                winchange,
                fallback,
            } => {
                w.field("method", &"winsorise");
                w.some("maxPoints", max_points);
                w.field("skewness", skewness);
                w.field("kurtosis", kurtosis);
                w.field("winchange", winchange);
                w.field("fallback", fallback);
            }
        }
        w.end_object();
    }
}
