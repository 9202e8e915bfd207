//! Objective weights from the spread of the data: entropy, CRITIC, standard deviation.
//!
//! Each takes the complete-case columns the node sees and returns unnormalised weights (the
//! caller scales them to sum 1), writing its description and warnings into the report.

use super::DerivedWeights;
use crate::stats::{correlation_matrix, min_max, sd, sum};

/// Shannon-entropy weights: p = x/Σx, E = −Σ p ln p / ln n, weight ∝ 1 − E.
pub(super) fn entropy(cols: &[Vec<f64>], names: &[String], report: &mut DerivedWeights) -> Result<Vec<f64>, String> {
    let n = cols.first().map_or(0, Vec::len);
    let ln_n = libm::log(n as f64);
    let mut out = Vec::with_capacity(cols.len());
    for (c, name) in cols.iter().zip(names) {
        if let Some(v) = c.iter().find(|v| **v < 0.0) {
            return Err(format!(
                "entropy needs values ≥ 0, and child '{name}' has {v} (normalise it to a non-negative range, e.g. minmax)"
            ));
        }
        let total = sum(c.iter().copied());
        if total == 0.0 {
            report
                .warnings
                .push(format!("child '{name}' is 0 for every unit: weight 0"));
            out.push(0.0);
            continue;
        }
        let h = -sum(c.iter().filter(|&&x| x > 0.0).map(|&x| {
            let p = x / total;
            p * libm::log(p)
        }));
        out.push(1.0 - h / ln_n);
    }
    report.description = format!(
        "entropy: each child's shares p = x/Σx over {n} units, E = −Σp·ln p / ln {n} (0·ln 0 = 0); weight ∝ 1 − E"
    );
    Ok(out)
}

/// CRITIC weights: σ_j·Σ_k(1 − r_jk) on min-max scaled columns.
pub(super) fn critic(cols: &[Vec<f64>], names: &[String], report: &mut DerivedWeights) -> Result<Vec<f64>, String> {
    let scaled: Vec<Option<Vec<f64>>> = cols
        .iter()
        .map(|c| {
            let (lo, hi) = min_max(c)?;
            (hi > lo).then(|| c.iter().map(|v| (v - lo) / (hi - lo)).collect())
        })
        .collect();
    for (s, name) in scaled.iter().zip(names) {
        if s.is_none() {
            report.warnings.push(format!("child '{name}' is constant: weight 0"));
        }
    }
    let r = correlation_matrix(&scaled.iter().map(|s| s.clone().unwrap_or_default()).collect::<Vec<_>>());
    let out = scaled
        .iter()
        .enumerate()
        .map(|(j, sj)| {
            let Some(sj) = sj else { return 0.0 };
            let conflict: f64 = (0..scaled.len())
                .map(|k| if scaled[k].is_some() { 1.0 - r[j][k] } else { 1.0 })
                .sum();
            sd(sj, true) * conflict
        })
        .collect();
    report.description = format!(
        "CRITIC: children min-max scaled over {} units; weight ∝ σ·Σ(1 − r) (sample σ, Pearson r)",
        cols.first().map_or(0, Vec::len)
    );
    Ok(out)
}

/// Standard-deviation weights on the children as the node sees them.
pub(super) fn stdev(cols: &[Vec<f64>], _names: &[String], report: &mut DerivedWeights) -> Result<Vec<f64>, String> {
    report.description = format!(
        "standard deviation: weight ∝ the sample σ of each child as the node sees it, over {} units",
        cols.first().map_or(0, Vec::len)
    );
    Ok(cols.iter().map(|c| sd(c, true)).collect())
}
