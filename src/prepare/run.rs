//! The preparation steps (cargo feature `methods`), in the order the module's docs give.

use super::{impute, transform, treat};
use super::{Denominate, Denominated, Impute, PrepareReport, PrepareSpec, RemovedUnit, Screened, Steps, Treat};
use crate::error::{Error, Result};
use crate::spec::Spec;
use crate::table::Table;

/// The points at which [`run_observed`] shows the table being prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Denominated,
    Screened,
    Imputed,
    Transformed,
    Treated,
}

/// Prepares `table` by `spec.prepare` (the table unchanged and no report if there is none).
pub fn run(table: Table, spec: &Spec) -> Result<(Table, Option<PrepareReport>)> {
    run_observed(table, spec, |_, _| {})
}

/// [`run`], showing the table to `observe` after each step (for stage-by-stage checks).
pub fn run_observed(
    mut table: Table,
    spec: &Spec,
    mut observe: impl FnMut(Stage, &Table),
) -> Result<(Table, Option<PrepareReport>)> {
    let Some(p) = &spec.prepare else {
        return Ok((table, None));
    };
    let plan = plan(spec, p);
    let mut report = PrepareReport::default();
    for (id, column, steps) in &plan {
        if let Some(d) = &steps.denominate {
            report.denominated.push(denominate(&mut table, id, column, d)?);
        }
    }
    observe(Stage::Denominated, &table);
    if let Some(s) = &p.screen {
        table = screen(table, spec, s.min_share, &mut report)?;
    }
    observe(Stage::Screened, &table);
    for (id, column, steps) in &plan {
        if let Some(how) = &steps.impute {
            impute_column(&mut table, id, column, how, &mut report)?;
        }
    }
    observe(Stage::Imputed, &table);
    for (id, column, steps) in &plan {
        if let Some(how) = &steps.transform {
            let ids = table.ids().to_vec();
            if let Some(t) = transform::apply(column_mut(&mut table, column)?, how, id, &ids)? {
                report.transformed.push(t);
            }
        }
    }
    observe(Stage::Transformed, &table);
    for (id, column, steps) in &plan {
        if let Some(how) = &steps.treat {
            treat_column(&mut table, id, column, how, &mut report)?;
        }
    }
    observe(Stage::Treated, &table);
    Ok((table, Some(report)))
}

fn impute_column(table: &mut Table, id: &str, column: &str, how: &Impute, report: &mut PrepareReport) -> Result<()> {
    let groups = match how {
        Impute::GroupMean { by } | Impute::GroupMedian { by } => table.group(by).map(<[String]>::to_vec),
        _ => None,
    };
    let ids = table.ids().to_vec();
    impute::impute(column_mut(table, column)?, how, groups.as_deref(), id, &ids, report);
    Ok(())
}

fn treat_column(table: &mut Table, id: &str, column: &str, how: &Treat, report: &mut PrepareReport) -> Result<()> {
    let Treat::Winsorise {
        max_points,
        skewness,
        kurtosis,
        winchange,
        fallback,
    } = how
    else {
        return Ok(());
    };
    let rule = treat::Rule {
        max_points: max_points.unwrap_or_else(|| default_max_points(table.len())),
        skewness: *skewness,
        kurtosis: *kurtosis,
        winchange: *winchange,
        fallback: *fallback,
    };
    let ids = table.ids().to_vec();
    let col = column_mut(table, column)?;
    report
        .treated
        .push(treat::treat(col, &rule, id, &ids, &mut report.warnings)?);
    Ok(())
}

/// COINr's default winsorising limit: 10% of the units, rounded up.
pub fn default_max_points(units: usize) -> u32 {
    units.div_ceil(10) as u32
}

/// (indicator id, column, steps) for each distinct indicator column, in spec order.
fn plan(spec: &Spec, p: &PrepareSpec) -> Vec<(String, String, Steps)> {
    let mut out: Vec<(String, String, Steps)> = Vec::new();
    for ind in &spec.indicators {
        if !out.iter().any(|(_, c, _)| c == ind.column()) {
            out.push((ind.id.clone(), ind.column().to_string(), p.steps_for(&ind.id)));
        }
    }
    out
}

fn column_mut<'t>(table: &'t mut Table, column: &str) -> Result<&'t mut [f64]> {
    let available = table.column_names();
    table.column_mut(column).ok_or_else(|| Error::MissingColumn {
        what: "indicator".into(),
        column: column.to_string(),
        available,
    })
}

fn denominate(table: &mut Table, id: &str, column: &str, d: &Denominate) -> Result<Denominated> {
    let den = table
        .column(&d.by)
        .ok_or_else(|| Error::MissingColumn {
            what: format!("denominator of indicator '{id}'"),
            column: d.by.clone(),
            available: table.column_names(),
        })?
        .to_vec();
    let ids = table.ids().to_vec();
    let col = column_mut(table, column)?;
    let mut no_denominator = Vec::new();
    for (i, (v, &q)) in col.iter_mut().zip(&den).enumerate() {
        if q.is_nan() || q == 0.0 {
            if !v.is_nan() {
                no_denominator.push(ids[i].clone());
            }
            *v = f64::NAN;
        } else if d.scale == 1.0 {
            *v /= q;
        } else {
            *v = *v / q * d.scale;
        }
    }
    Ok(Denominated {
        indicator: id.to_string(),
        by: d.by.clone(),
        scale: d.scale,
        no_denominator,
    })
}

fn screen(table: Table, spec: &Spec, min_share: f64, report: &mut PrepareReport) -> Result<Table> {
    let m = spec.indicators.len() as f64;
    let columns: Vec<&[f64]> = spec
        .indicators
        .iter()
        .map(|i| table.column(i.column()).unwrap_or(&[]))
        .collect();
    let share = |u: usize| columns.iter().filter(|c| c.get(u).is_some_and(|v| !v.is_nan())).count() as f64 / m;
    let keep: Vec<bool> = (0..table.len()).map(|u| share(u) >= min_share).collect();
    let removed: Vec<RemovedUnit> = (0..table.len())
        .filter(|&u| !keep[u])
        .map(|u| RemovedUnit {
            unit: table.ids()[u].clone(),
            share: share(u),
        })
        .collect();
    if removed.len() == table.len() {
        return Err(Error::spec(
            "prepare.screen.minShare",
            format!("{min_share} leaves no unit: every unit has a smaller share of indicators present"),
        ));
    }
    report.screened = Some(Screened { min_share, removed });
    Ok(table.retain_units(&keep))
}
