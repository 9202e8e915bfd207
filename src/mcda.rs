//! Aggregations beyond the means: Mazziotta–Pareto (`mpi`, `ampi`), `topsis`, `vikor`,
//! `copeland`, `min`, and the per-unit weighted sum of Benefit of the Doubt.
//!
//! These methods look at whole columns (a unit's score depends on the other units), so the
//! column statistics below are taken over the units where the child is present. Weights w are
//! the node's children's weights (zero-weight children are left out); W = Σw.
//!
//! - `mpi` (Mazziotta & Pareto 2016): each child standardised z = 100 + 10·(x − mean)/sd with
//!   the **population** sd (divide by n; a constant child gives z = 100); per unit the weighted
//!   mean M = Σw·z/W, the weighted population sd S = √(Σw·(z − M)²/W) and cv = S/M; MPI =
//!   M − S·cv with `penalty: "subtract"` (MPI⁻), M + S·cv with `"add"` (MPI⁺). Equal weights
//!   give the published unweighted MPI.
//! - `ampi`: the same on r = 70 + 60·(x − min)/(max − min) (observed min and max; constant → 100).
//! - `topsis` (Hwang & Yoon; as pymcdm on already normalised children): v = (w/W)·x, ideal =
//!   column max of v, anti-ideal = column min, D⁺/D⁻ Euclidean distances; score D⁻/(D⁺ + D⁻)
//!   (0.5 when both are 0: every child constant).
//! - `vikor` (Opricovic; pymcdm's formulas): d = (w/W)·(f* − x)/(f* − f⁻) with f*, f⁻ the column
//!   max and min (0 for a constant child), S = Σd, R = max d, Q = v·(S − S*)/(S⁻ − S*) +
//!   (1 − v)·(R − R*)/(R⁻ − R*) (a term whose range is 0 counts 0). Lower Q is better, so the node
//!   scores **1 − Q** (0–1, higher better). VIKOR is invariant to positive affine normalisation
//!   of each child, so min-max children give pymcdm's raw-data results.
//! - `copeland` (COINr's `a_copeland`): with w scaled to sum 1, e(i, j) = Σ w[xᵢ > xⱼ] + ½Σ
//!   w[xᵢ = xⱼ] for i < j and e(j, i) = 1 − e(i, j); a unit scores Σⱼ sign(e(i, j) − ½): wins minus
//!   losses, from −(n − 1) to n − 1. Missing values take part in no comparison.
//!   Its cost grows with the square of the units: more than [`COPELAND_MAX`] is an error.
//! - `min`: the smallest present child value.
//! - Benefit of the Doubt (`weighting: bod`): Σ wᵤⱼ·xᵤⱼ with each unit's own weights, at most 1
//!   (clamped there against the LP's round-off).
//!
//! Then × the node's `scale`. Missing values follow the node's `missing` rule: `error` names the
//! first unit and child; with `skip` the unit is scored from its present children when their
//! weight share reaches `minCoverage`, else it is missing.

use crate::error::{Error, Result};
use crate::spec::{Aggregate, Node};
#[cfg(feature = "methods")]
use crate::spec::{Missing, Penalty};
#[cfg(feature = "methods")]
use crate::stats::{mean, min_max, present, sd, sum};
use crate::tree::CompiledNode;

/// Copeland compares every pair of units (n²/2 · children comparisons): above this many units it
/// is refused rather than left to run for minutes in a browser tab.
pub const COPELAND_MAX: usize = 10_000;

/// True when `node` is aggregated here rather than by a mean.
pub(crate) fn handles(node: &CompiledNode) -> bool {
    node.unit_weights.is_some() || !node.aggregate.is_mean()
}

/// Checks `v` and `penalty` against the node's aggregate.
pub(crate) fn validate_params(node: &Node, agg: Aggregate, name: &str) -> Result<()> {
    match (agg, node.v) {
        (Aggregate::Vikor, Some(v)) if !(0.0..=1.0).contains(&v) => {
            return Err(Error::spec(name, format!("v {v} must be between 0 and 1")))
        }
        (a, Some(_)) if a != Aggregate::Vikor => {
            return Err(Error::spec(name, "\"v\" is only for aggregate \"vikor\""))
        }
        _ => {}
    }
    match (agg, node.penalty) {
        (Aggregate::Mpi | Aggregate::Ampi, None) => Err(Error::spec(
            name,
            "aggregate \"mpi\"/\"ampi\" needs \"penalty\": \"subtract\" (MPI−: imbalance lowers the score, for indices where higher is better) or \"add\" (MPI+)",
        )),
        (Aggregate::Mpi | Aggregate::Ampi, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(Error::spec(name, "\"penalty\" is only for aggregate \"mpi\" and \"ampi\"")),
    }
}

/// Computes `node` for every unit into `out` (see the module docs).
#[cfg(feature = "methods")]
pub(crate) fn aggregate_into(node: &CompiledNode, inputs: &[&[f64]], ids: &[String], out: &mut Vec<f64>) -> Result<()> {
    let n = ids.len();
    out.clear();
    out.resize(n, f64::NAN);
    let active: Vec<usize> = (0..inputs.len())
        .filter(|&c| node.unit_weights.is_some() || node.weights[c] > 0.0)
        .collect();
    let scored = coverage(node, inputs, &active, ids)?;
    if node.aggregate == Aggregate::Copeland && scored.iter().filter(|&&s| s).count() > COPELAND_MAX {
        return Err(Error::Invalid(format!(
            "node '{}' (copeland) compares every pair of units: more than {COPELAND_MAX} units would take too long; use another aggregate",
            node.id
        )));
    }
    let cols: Vec<&[f64]> = active.iter().map(|&c| inputs[c]).collect();
    let w: Vec<f64> = active.iter().map(|&c| node.weights[c]).collect();
    if let Some(uw) = &node.unit_weights {
        let m = inputs.len();
        for u in (0..n).filter(|&u| scored[u]) {
            let s: f64 = (0..m).map(|c| uw[u * m + c] * inputs[c][u]).sum();
            out[u] = s.min(1.0);
        }
    } else {
        match node.aggregate {
            Aggregate::Mpi => mazziotta_pareto(&cols, &w, &scored, node.penalty, false, out),
            Aggregate::Ampi => mazziotta_pareto(&cols, &w, &scored, node.penalty, true, out),
            Aggregate::Topsis => topsis(&cols, &w, &scored, out),
            Aggregate::Vikor => {
                let q = vikor_q(&cols, &w, node.v, &scored);
                out.iter_mut().zip(q).for_each(|(o, q)| *o = 1.0 - q);
            }
            Aggregate::Copeland => copeland(&cols, &w, &scored, out),
            _ => minimum(&cols, &scored, out),
        }
    }
    if let Some(u) = (0..n).find(|&u| scored[u] && !out[u].is_finite()) {
        return Err(Error::Invalid(format!(
            "unit '{}': node '{}' ({}) has no finite value (its mean standardised score is 0 or below)",
            ids[u],
            node.id,
            name(node.aggregate)
        )));
    }
    if node.scale != 1.0 {
        out.iter_mut().for_each(|v| *v *= node.scale);
    }
    Ok(())
}

/// A child's term in the split of the node's contribution ([`crate::explain`]) for the methods
/// here; `None` for the means. `values` are the unit's values of all children.
#[cfg(feature = "methods")]
pub(crate) fn explain_term(node: &CompiledNode, u: usize, c: usize, x: f64, values: &[f64]) -> Option<f64> {
    let w = node.weights[c];
    if let Some(uw) = &node.unit_weights {
        return Some(uw[u * values.len() + c] * x);
    }
    match node.aggregate {
        Aggregate::Min => {
            let low = values
                .iter()
                .zip(&node.weights)
                .filter(|(v, &wc)| !v.is_nan() && wc > 0.0)
                .fold(f64::INFINITY, |a, (&v, _)| a.min(v));
            Some(if x == low { w } else { 0.0 })
        }
        a if a.is_mean() => None,
        _ => Some(w),
    }
}

/// Without the cargo feature `methods` these methods are left out: [`crate::features::check`]
/// refuses such specs before any scoring, so this only keeps the engine's one code path.
#[cfg(not(feature = "methods"))]
pub(crate) fn aggregate_into(node: &CompiledNode, _: &[&[f64]], _: &[String], _: &mut Vec<f64>) -> Result<()> {
    Err(crate::features::not_built(
        format!("node '{}'", node.id),
        format!("aggregate \"{}\"", node.aggregate.name()),
    ))
}

/// Without the `methods` feature every node is a mean (see [`aggregate_into`]).
#[cfg(not(feature = "methods"))]
pub(crate) fn explain_term(_: &CompiledNode, _: usize, _: usize, _: f64, _: &[f64]) -> Option<f64> {
    None
}

#[cfg(feature = "methods")]
fn name(a: Aggregate) -> &'static str {
    match a {
        Aggregate::Mpi => "mpi",
        Aggregate::Ampi => "ampi",
        Aggregate::Topsis => "topsis",
        Aggregate::Vikor => "vikor",
        Aggregate::Copeland => "copeland",
        Aggregate::Min => "min",
        _ => "weighted sum",
    }
}

/// Which units get a score under the node's missing rule.
#[cfg(feature = "methods")]
fn coverage(node: &CompiledNode, inputs: &[&[f64]], active: &[usize], ids: &[String]) -> Result<Vec<bool>> {
    let weight = |c: usize| {
        if node.unit_weights.is_some() {
            1.0
        } else {
            node.weights[c]
        }
    };
    let total: f64 = active.iter().map(|&c| weight(c)).sum();
    (0..ids.len())
        .map(|u| {
            let mut have = 0.0;
            for &c in active {
                if inputs[c][u].is_nan() {
                    if node.missing == Missing::Error {
                        return Err(Error::MissingValue {
                            unit: ids[u].clone(),
                            node: node.id.clone(),
                            child: node.child_ids[c].clone(),
                        });
                    }
                } else {
                    have += weight(c);
                }
            }
            Ok(have > 0.0 && have / total >= node.min_coverage)
        })
        .collect()
}

/// MPI (z-scores) or AMPI (70–130 rescaling) with the given penalty.
#[cfg(feature = "methods")]
fn mazziotta_pareto(
    cols: &[&[f64]],
    w: &[f64],
    scored: &[bool],
    penalty: Option<Penalty>,
    adjusted: bool,
    out: &mut [f64],
) {
    let sign = if penalty == Some(Penalty::Add) { 1.0 } else { -1.0 };
    let standard: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| {
            if adjusted {
                let (lo, hi) = min_max(c).unwrap_or((0.0, 0.0));
                c.iter()
                    .map(|&x| {
                        if hi > lo {
                            70.0 + 60.0 * (x - lo) / (hi - lo)
                        } else {
                            100.0 + 0.0 * x
                        }
                    })
                    .collect()
            } else {
                let p = present(c);
                let (m, s) = (mean(&p), sd(&p, false));
                c.iter()
                    .map(|&x| {
                        if s > 0.0 {
                            100.0 + 10.0 * (x - m) / s
                        } else {
                            100.0 + 0.0 * x
                        }
                    })
                    .collect()
            }
        })
        .collect();
    for u in (0..out.len()).filter(|&u| scored[u]) {
        let terms: Vec<(f64, f64)> = standard
            .iter()
            .zip(w)
            .map(|(z, &wc)| (z[u], wc))
            .filter(|(z, _)| !z.is_nan())
            .collect();
        let wsum = sum(terms.iter().map(|t| t.1));
        let m = sum(terms.iter().map(|(z, wc)| wc * z)) / wsum;
        let s = (sum(terms.iter().map(|(z, wc)| wc * (z - m) * (z - m))) / wsum).sqrt();
        out[u] = if m > 0.0 { m + sign * s * (s / m) } else { f64::NAN };
    }
}

#[cfg(feature = "methods")]
fn topsis(cols: &[&[f64]], w: &[f64], scored: &[bool], out: &mut [f64]) {
    let total: f64 = w.iter().sum();
    let v: Vec<Vec<f64>> = cols
        .iter()
        .zip(w)
        .map(|(c, wc)| c.iter().map(|x| x * (wc / total)).collect())
        .collect();
    let ideal: Vec<(f64, f64)> = v.iter().map(|c| min_max(c).unwrap_or((0.0, 0.0))).collect();
    for u in (0..out.len()).filter(|&u| scored[u]) {
        let (mut plus, mut minus) = (0.0, 0.0);
        for (c, &(lo, hi)) in v.iter().zip(&ideal) {
            if !c[u].is_nan() {
                plus += (c[u] - hi) * (c[u] - hi);
                minus += (c[u] - lo) * (c[u] - lo);
            }
        }
        let (dp, dm) = (plus.sqrt(), minus.sqrt());
        out[u] = if dp + dm == 0.0 { 0.5 } else { dm / (dm + dp) };
    }
}

/// VIKOR's Q per unit (lower is better; NaN for units not scored), with pymcdm's formulas.
#[cfg(feature = "methods")]
pub(crate) fn vikor_q(cols: &[&[f64]], w: &[f64], v: f64, scored: &[bool]) -> Vec<f64> {
    let total: f64 = w.iter().sum();
    let n = scored.len();
    let (mut s, mut r) = (vec![f64::NAN; n], vec![f64::NAN; n]);
    let range: Vec<(f64, f64)> = cols.iter().map(|c| min_max(c).unwrap_or((0.0, 0.0))).collect();
    for u in (0..n).filter(|&u| scored[u]) {
        let (mut su, mut ru) = (0.0, f64::NEG_INFINITY);
        for ((c, &(fm, fs)), &wc) in cols.iter().zip(&range).zip(w) {
            if c[u].is_nan() {
                continue;
            }
            let d = if fs > fm {
                (wc / total) * ((fs - c[u]) / (fs - fm))
            } else {
                0.0
            };
            su += d;
            ru = ru.max(d);
        }
        s[u] = su;
        r[u] = ru;
    }
    let (s_star, s_minus) = min_max(&s).unwrap_or((0.0, 0.0));
    let (r_star, r_minus) = min_max(&r).unwrap_or((0.0, 0.0));
    let term = |x: f64, lo: f64, hi: f64, k: f64| if hi > lo { k * (x - lo) / (hi - lo) } else { 0.0 };
    (0..n)
        .map(|u| {
            if scored[u] {
                term(s[u], s_star, s_minus, v) + term(r[u], r_star, r_minus, 1.0 - v)
            } else {
                f64::NAN
            }
        })
        .collect()
}

#[cfg(feature = "methods")]
fn copeland(cols: &[&[f64]], w: &[f64], scored: &[bool], out: &mut [f64]) {
    let total = sum(w.iter().copied());
    let w: Vec<f64> = w.iter().map(|x| x / total).collect();
    let units: Vec<usize> = (0..out.len()).filter(|&u| scored[u]).collect();
    let mut score = vec![0.0f64; out.len()];
    let sign = |e: f64| {
        if e > 0.5 {
            1.0
        } else if e < 0.5 {
            -1.0
        } else {
            0.0
        }
    };
    for (a, &i) in units.iter().enumerate() {
        for &j in &units[a + 1..] {
            let gt = sum(cols.iter().zip(&w).filter(|(c, _)| c[i] > c[j]).map(|(_, &x)| x));
            let eq = sum(cols.iter().zip(&w).filter(|(c, _)| c[i] == c[j]).map(|(_, &x)| x));
            let e = gt + eq / 2.0;
            score[i] += sign(e);
            score[j] += sign(1.0 - e);
        }
    }
    for &u in &units {
        out[u] = score[u];
    }
}

#[cfg(feature = "methods")]
fn minimum(cols: &[&[f64]], scored: &[bool], out: &mut [f64]) {
    for u in (0..out.len()).filter(|&u| scored[u]) {
        out[u] = cols
            .iter()
            .map(|c| c[u])
            .filter(|x| !x.is_nan())
            .fold(f64::INFINITY, f64::min);
    }
}

#[cfg(all(test, feature = "methods"))]
mod tests {
    use super::*;

    #[test]
    fn vikor_of_pymcdm_opricovic_case() {
        // np.array([[1, 2, 5], [3000, 3750, 4500]]).T, types (−1, +1), weights 0.5/0.5:
        // Q = (1, 0, 1). The cost criterion enters reversed, as the node's normalisation would.
        let a = [-1.0, -2.0, -5.0];
        let b = [3000.0, 3750.0, 4500.0];
        assert_eq!(vikor_q(&[&a, &b], &[0.5, 0.5], 0.5, &[true; 3]), vec![1.0, 0.0, 1.0]);
    }

    #[test]
    fn copeland_counts_weighted_pairwise_wins() {
        // Units (3, 1), (2, 2), (1, 3) with weights 2:1 — unit 0 beats both (e = 2/3).
        let a = [3.0, 2.0, 1.0];
        let b = [1.0, 2.0, 3.0];
        let mut out = vec![0.0; 3];
        copeland(&[&a, &b], &[2.0, 1.0], &[true; 3], &mut out);
        assert_eq!(out, vec![2.0, 0.0, -2.0]);
    }
}
