//! Benefit of the Doubt (Cherchye, Moesen, Rogge & Van Puyenbroeck 2007): each unit gets the
//! weights most favourable to it.
//!
//! For unit i with child values yᵢ (≥ 0, all present) the linear programme is
//!
//! ```text
//! max Σⱼ wⱼ·yᵢⱼ  subject to  Σⱼ wⱼ·yₖⱼ ≤ 1 for every unit k,  wⱼ ≥ 0,
//!     and, for bounded children, Lⱼ ≤ wⱼ·yᵢⱼ / Σₗ wₗ·yᵢₗ ≤ Uⱼ   (share bounds, linear in w)
//! ```
//!
//! so the score is in [0, 1] and 1 for units on the frontier. Share bounds restrict how much of a
//! unit's score one child may make up ("pie shares", the usual restriction in the composite
//! indicator literature). Bounds with ΣL > 1, ΣU < 1 or L > U can never be met: the spec is
//! rejected. A unit with a zero value on a child whose share must be positive scores 0.
//!
//! Values below 1e-12 of the largest value count as 0 in the programmes (round-off residue of a
//! normalisation would only make them ill-conditioned); scores use the values as they are.
//!
//! Solved with `microlp` by constraint generation: each unit's LP starts with the constraints of
//! the units that are best on some child, and adds the most violated unit constraint until none
//! is violated (beyond 1e-9), which is the full LP's optimum.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use super::ShareBound;

/// (min, max) share per child, from the node-wide and per-child settings.
pub(super) fn bounds(
    ids: &[&str],
    min_share: Option<f64>,
    max_share: Option<f64>,
    shares: &BTreeMap<String, ShareBound>,
) -> Vec<(f64, f64)> {
    ids.iter()
        .map(|id| {
            let own = shares.get(*id).copied().unwrap_or_default();
            (
                own.min.or(min_share).unwrap_or(0.0),
                own.max.or(max_share).unwrap_or(1.0),
            )
        })
        .collect()
}

pub(super) fn check_bounds(ids: &[&str], bounds: &[(f64, f64)]) -> Result<(), String> {
    for (id, &(lo, hi)) in ids.iter().zip(bounds) {
        if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo > hi {
            return Err(format!(
                "share bounds of '{id}' must satisfy 0 ≤ min ≤ max ≤ 1 (got min {lo}, max {hi})"
            ));
        }
    }
    let (lo, hi): (f64, f64) = bounds.iter().fold((0.0, 0.0), |(a, b), &(l, h)| (a + l, b + h));
    let show = |x: f64| (x * 1e9).round() / 1e9;
    if lo > 1.0 + 1e-12 {
        return Err(format!(
            "the minimum shares add up to {} > 1: no weights can meet them (infeasible)",
            show(lo)
        ));
    }
    if hi < 1.0 - 1e-12 {
        return Err(format!(
            "the maximum shares add up to {} < 1: no weights can meet them (infeasible)",
            show(hi)
        ));
    }
    Ok(())
}

pub(super) fn describe(bounds: &[(f64, f64)]) -> String {
    let bounded = bounds.iter().any(|&(l, h)| l > 0.0 || h < 1.0);
    format!(
        "Benefit of the Doubt: one linear programme per unit (most favourable weights, every unit's score ≤ 1){}",
        if bounded {
            ", with bounds on each child's share of the score"
        } else {
            ""
        }
    )
}

/// Per-unit weights (row-major: unit, child) for the columns `inputs`.
pub(super) fn solve(
    inputs: &[&[f64]],
    bounds: &[(f64, f64)],
    names: &[String],
    ids: &[String],
) -> Result<Vec<f64>, String> {
    let m = inputs.len();
    for (c, col) in inputs.iter().enumerate() {
        if let Some(u) = col.iter().position(|v| v.is_nan() || *v < 0.0) {
            return Err(format!(
                "unit '{}' has {} for '{}'; Benefit of the Doubt needs every child present and ≥ 0",
                ids[u], col[u], names[c]
            ));
        }
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Values below 1e-12 of the largest count as 0 in the LPs: round-off residue of a
    // normalisation (1e-17 next to 1) only makes the simplex ill-conditioned.
    let top = inputs.iter().flat_map(|c| c.iter()).fold(0.0f64, |a, &v| a.max(v));
    let tiny = 1e-12 * top;
    let rows: Vec<Vec<f64>> = (0..ids.len())
        .map(|u| inputs.iter().map(|c| if c[u] < tiny { 0.0 } else { c[u] }).collect())
        .collect();
    let mut seeds: Vec<usize> = Vec::new();
    for col in inputs {
        let best = (0..col.len()).fold(0, |b, u| if col[u] > col[b] { u } else { b });
        if !seeds.contains(&best) {
            seeds.push(best);
        }
    }
    let mut out = Vec::with_capacity(ids.len() * m);
    for (u, y) in rows.iter().enumerate() {
        let w = unit_lp(&rows, y, bounds, &seeds, u)
            .map_err(|e| format!("the linear programme of unit '{}' failed ({e})", ids[u]))?;
        out.extend(w);
    }
    Ok(out)
}

fn row_expr(vars: &[Variable], y: &[f64]) -> Vec<(Variable, f64)> {
    vars.iter()
        .zip(y)
        .filter(|(_, &v)| v != 0.0)
        .map(|(&x, &v)| (x, v))
        .collect()
}

fn unit_lp(
    rows: &[Vec<f64>],
    y: &[f64],
    bounds: &[(f64, f64)],
    seeds: &[usize],
    u: usize,
) -> Result<Vec<f64>, microlp::Error> {
    let m = y.len();
    if y.iter().all(|&v| v == 0.0) {
        return Ok(vec![0.0; m]);
    }
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<Variable> = y.iter().map(|&v| p.add_var(v, (0.0, f64::INFINITY))).collect();
    let mut added = vec![false; rows.len()];
    for &k in seeds.iter().chain(std::iter::once(&u)) {
        if !added[k] && rows[k].iter().any(|&v| v != 0.0) {
            p.add_constraint(row_expr(&vars, &rows[k]).as_slice(), ComparisonOp::Le, 1.0);
            added[k] = true;
        }
    }
    for (j, &(lo, hi)) in bounds.iter().enumerate() {
        // w_j·y_j − share·Σ w_l·y_l  ≥ 0 (lo) or ≤ 0 (hi)
        let share_row = |s: f64| -> Vec<(Variable, f64)> {
            vars.iter()
                .enumerate()
                .map(|(l, &x)| (x, if l == j { y[l] - s * y[l] } else { -s * y[l] }))
                .filter(|(_, c)| *c != 0.0)
                .collect()
        };
        if lo > 0.0 {
            p.add_constraint(share_row(lo).as_slice(), ComparisonOp::Ge, 0.0);
        }
        if hi < 1.0 {
            p.add_constraint(share_row(hi).as_slice(), ComparisonOp::Le, 0.0);
        }
    }
    let mut sol = p
        .solve()?
        .into_solution()
        .map_err(|_| microlp::Error::InternalError("interrupted".into()))?;
    loop {
        let w: Vec<f64> = vars.iter().map(|&x| sol.var_value(x).max(0.0)).collect();
        let mut worst = (usize::MAX, 1.0 + 1e-9);
        for (k, r) in rows.iter().enumerate().filter(|(k, _)| !added[*k]) {
            let s: f64 = r.iter().zip(&w).map(|(a, b)| a * b).sum();
            if s > worst.1 {
                worst = (k, s);
            }
        }
        if worst.0 == usize::MAX {
            return Ok(w);
        }
        added[worst.0] = true;
        sol = sol
            .add_constraint(row_expr(&vars, &rows[worst.0]).as_slice(), ComparisonOp::Le, 1.0)?
            .into_solution()
            .map_err(|_| microlp::Error::InternalError("interrupted".into()))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontier_units_score_one_and_others_their_best_ratio() {
        // a = (1, 0), b = (0, 1), c = (0.5, 0.5) are on the frontier; d = (0.4, 0.2) does best
        // with w = (1, 1) (a, b and c's constraints bind): 0.6.
        let x = [1.0, 0.0, 0.5, 0.4];
        let y = [0.0, 1.0, 0.5, 0.2];
        let names = vec!["x".to_string(), "y".to_string()];
        let ids: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let w = solve(&[&x, &y], &[(0.0, 1.0), (0.0, 1.0)], &names, &ids).unwrap();
        let score = |u: usize| w[2 * u] * x[u] + w[2 * u + 1] * y[u];
        for (u, want) in [(0, 1.0), (1, 1.0), (2, 1.0), (3, 0.6)] {
            assert!((score(u) - want).abs() < 1e-9, "unit {u}: {}", score(u));
        }
        // At most half of a score from x: d's best is then w = (0.5, 1): 0.2 + 0.2 = 0.4.
        let w = solve(&[&x, &y], &[(0.0, 0.5), (0.0, 1.0)], &names, &ids).unwrap();
        assert!((w[6] * 0.4 + w[7] * 0.2 - 0.4).abs() < 1e-9, "{:?}", &w[6..]);
        assert!(w[6] * 0.4 <= 0.5 * 0.4 + 1e-9);
    }

    #[test]
    fn impossible_bounds_are_rejected() {
        let ids = ["a", "b"];
        assert!(check_bounds(&ids, &[(0.6, 1.0), (0.6, 1.0)])
            .unwrap_err()
            .contains("add up to 1.2 > 1"));
        assert!(check_bounds(&ids, &[(0.0, 0.3), (0.0, 0.3)])
            .unwrap_err()
            .contains("< 1"));
        assert!(check_bounds(&ids, &[(0.5, 0.4), (0.0, 1.0)]).is_err());
    }
}
