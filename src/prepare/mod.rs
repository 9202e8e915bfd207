//! Data preparation: the table as read becomes the table that is normalised.
//!
//! The spec's `prepare` section (see [`PrepareSpec`]) runs these steps, in this order, on the
//! indicator columns (each column once; indicators that share a column must share its steps):
//! 1. **denominate** `x / by · scale` per indicator (a missing or zero denominator → missing);
//! 2. **screen** units: keep those with at least `minShare` of the spec's indicators present;
//! 3. **impute** missing cells (mean, median, group mean, group median — [`impute`]);
//! 4. **transform** (log, log1p, Box-Cox — [`transform`]);
//! 5. **treat** outliers by COINr's winsorising rule with a log fallback ([`treat`]).
//!
//! Each step is reported ([`PrepareReport`]): which units, cells and indicators, and what was
//! done; imputed and treated cells are flagged per unit in the result. Without a `prepare`
//! section the table is used as read.

#[cfg(feature = "methods")]
mod impute;
mod report;
#[cfg(feature = "methods")]
mod run;
// Without `methods` the spec types stay (every build has the same Spec), their JSON readers
// and checks have no caller: a spec with `prepare` is refused as it is read.
#[cfg_attr(not(feature = "methods"), allow(dead_code))]
mod spec;
#[cfg(feature = "methods")]
mod transform;
#[cfg(feature = "methods")]
mod treat;

pub use report::{Denominated, ImputedCell, PrepareReport, RemovedUnit, Screened, Transformed, Treated};
pub use spec::{Denominate, Fallback, Impute, PrepareSpec, Screen, Steps, Transform, Treat};

#[cfg(feature = "methods")]
pub use run::{default_max_points, run, run_observed, Stage};

/// Without the cargo feature `methods` there is no data preparation: [`crate::features::check`]
/// refuses a spec with `prepare` before any scoring, so this passes the table through.
#[cfg(not(feature = "methods"))]
pub fn run(
    table: crate::table::Table,
    spec: &crate::spec::Spec,
) -> crate::error::Result<(crate::table::Table, Option<PrepareReport>)> {
    match spec.prepare {
        Some(_) => Err(crate::features::not_built("prepare".into(), "data preparation".into())),
        None => Ok((table, None)),
    }
}
