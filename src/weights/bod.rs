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
//! Solved by constraint generation with the dense simplex of [`super::simplex`]: each unit's LP
//! starts with the constraints of the units that are best on some child, and adds the most
//! violated unit constraint until none is violated (beyond 1e-9), which is the full LP's optimum;
//! each added constraint warm-starts the dual simplex from the last basis. Each child's column is
//! scaled to a largest value of 1 inside the LPs (the solver's tolerances are absolute), and the
//! weights scaled back. When a unit has several optimal weightings (a degenerate LP), which one
//! is reported depends on the solver; its score does not.

use std::collections::BTreeMap;

#[cfg(feature = "methods")]
use super::simplex::{Lp, LpError};
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

#[cfg(feature = "methods")]
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
#[cfg(feature = "methods")]
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
    // Each column scaled to a largest value of 1: w'ⱼ = wⱼ·scaleⱼ leaves every product wⱼ·yⱼ as is.
    let scale: Vec<f64> = inputs
        .iter()
        .map(|c| match c.iter().fold(0.0f64, |a, &v| a.max(v)) {
            s if s >= tiny && s > 0.0 => s,
            _ => 1.0,
        })
        .collect();
    let rows: Vec<Vec<f64>> = (0..ids.len())
        .map(|u| {
            inputs
                .iter()
                .zip(&scale)
                .map(|(c, s)| if c[u] < tiny { 0.0 } else { c[u] / s })
                .collect()
        })
        .collect();
    let mut seeds: Vec<usize> = Vec::new();
    for col in inputs {
        let best = (0..col.len()).fold(0, |b, u| if col[u] > col[b] { u } else { b });
        if !seeds.contains(&best) {
            seeds.push(best);
        }
    }
    let mut out = Vec::with_capacity(ids.len() * m);
    for (u, id) in ids.iter().enumerate() {
        let w = unit_lp(&rows, bounds, &seeds, u)
            .map_err(|e| format!("the linear programme of unit '{id}' failed ({e})"))?;
        out.extend(w.iter().zip(&scale).map(|(w, s)| w / s));
    }
    Ok(out)
}

/// Unit u's most favourable weights for the (scaled) rows, by constraint generation.
#[cfg(feature = "methods")]
fn unit_lp(rows: &[Vec<f64>], bounds: &[(f64, f64)], seeds: &[usize], u: usize) -> Result<Vec<f64>, LpError> {
    let y = &rows[u];
    let m = y.len();
    if y.iter().all(|&v| v == 0.0) {
        return Ok(vec![0.0; m]);
    }
    let mut lp = Lp::new(y);
    let mut added = vec![false; rows.len()];
    for &k in seeds.iter().chain(std::iter::once(&u)) {
        if !added[k] && rows[k].iter().any(|&v| v != 0.0) {
            lp.add_row(&rows[k], 1.0);
            added[k] = true;
        }
    }
    let mut share = vec![0.0; m];
    for (j, &(lo, hi)) in bounds.iter().enumerate() {
        // w_j·y_j − s·Σ w_l·y_l ≥ 0 (s = lo) or ≤ 0 (s = hi); as rows a·w ≤ 0.
        let mut share_row = |s: f64, sign: f64| {
            for (l, (a, &v)) in share.iter_mut().zip(y).enumerate() {
                *a = sign * if l == j { v - s * v } else { -s * v };
            }
            lp.add_row(&share, 0.0);
        };
        if lo > 0.0 {
            share_row(lo, -1.0);
        }
        if hi < 1.0 {
            share_row(hi, 1.0);
        }
    }
    lp.solve()?;
    loop {
        let w = lp.solution();
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
        lp.add_row(&rows[worst.0], 1.0);
        lp.solve()?;
    }
}

#[cfg(all(test, feature = "methods"))]
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

/// The real BoD cases against microlp (native only: the oracle is a native dev-dependency).
#[cfg(all(test, feature = "methods", not(target_arch = "wasm32")))]
mod cross_check {
    use super::*;
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    use rand_core::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Unit u's score from the full LP (every unit's row at once), solved by microlp.
    ///
    /// Columns are scaled to a largest value of 1 here too: microlp's tolerances are absolute,
    /// and on the HDI's raw GNI per capita (~10⁵) it returns a weight of −1.6e-8, i.e. a score
    /// 1e-4 above the true optimum (with the columns scaled it agrees with the simplex to 1e-16).
    fn oracle(cols: &[Vec<f64>], bounds: &[(f64, f64)], u: usize) -> f64 {
        let cols: Vec<Vec<f64>> = cols
            .iter()
            .map(|c| {
                let top = c.iter().fold(0.0f64, |a, &v| a.max(v));
                c.iter().map(|v| if top > 0.0 { v / top } else { *v }).collect()
            })
            .collect();
        let y: Vec<f64> = cols.iter().map(|c| c[u]).collect();
        if y.iter().all(|&v| v == 0.0) {
            return 0.0;
        }
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let w: Vec<_> = y.iter().map(|&v| p.add_var(v, (0.0, f64::INFINITY))).collect();
        for k in 0..cols[0].len() {
            let row: Vec<_> = w
                .iter()
                .zip(&cols)
                .map(|(&x, c)| (x, c[k]))
                .filter(|e| e.1 != 0.0)
                .collect();
            if !row.is_empty() {
                p.add_constraint(row.as_slice(), ComparisonOp::Le, 1.0);
            }
        }
        for (j, &(lo, hi)) in bounds.iter().enumerate() {
            let share = |s: f64| -> Vec<_> {
                w.iter()
                    .enumerate()
                    .map(|(l, &x)| (x, if l == j { y[l] - s * y[l] } else { -s * y[l] }))
                    .collect()
            };
            if lo > 0.0 {
                p.add_constraint(share(lo).as_slice(), ComparisonOp::Ge, 0.0);
            }
            if hi < 1.0 {
                p.add_constraint(share(hi).as_slice(), ComparisonOp::Le, 0.0);
            }
        }
        p.solve().unwrap().into_solution().unwrap().objective()
    }

    /// Solves every unit's LP with `solve` and checks the scores against microlp's and the
    /// weights against the full LP's constraints. Returns the largest relative difference.
    fn check(name: &str, cols: &[Vec<f64>], bounds: &[(f64, f64)], every: usize) -> f64 {
        let n = cols[0].len();
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let names: Vec<String> = (0..cols.len()).map(|j| format!("c{j}")).collect();
        let ids: Vec<String> = (0..n).map(|u| format!("u{u}")).collect();
        let w = solve(&refs, bounds, &names, &ids).unwrap();
        let m = cols.len();
        let mut worst: f64 = 0.0;
        for u in 0..n {
            let wu = &w[u * m..(u + 1) * m];
            let dot = |k: usize| -> f64 { cols.iter().zip(wu).map(|(c, w)| c[k] * w).sum() };
            let score = dot(u);
            for k in 0..n {
                assert!(
                    dot(k) <= 1.0 + 1e-9,
                    "{name}: unit {u}'s weights give unit {k} {}",
                    dot(k)
                );
            }
            for (j, &(lo, hi)) in bounds.iter().enumerate() {
                let part = cols[j][u] * wu[j];
                assert!(
                    part >= lo * score - 1e-9 && part <= hi * score + 1e-9,
                    "{name}: unit {u} child {j}"
                );
            }
            if u % every == 0 {
                let want = oracle(cols, bounds, u);
                let diff = (score - want).abs() / want.abs().max(1e-3);
                assert!(diff <= 1e-9, "{name}: unit {u} scores {score}, microlp {want}");
                worst = worst.max(diff);
            }
        }
        worst
    }

    fn read(path: &str, columns: &[&str]) -> Vec<Vec<f64>> {
        let file = format!("{}/data/{path}", env!("CARGO_MANIFEST_DIR"));
        let mut r = csv::Reader::from_path(&file).unwrap();
        let head = r.headers().unwrap().clone();
        let at: Vec<usize> = columns
            .iter()
            .map(|c| head.iter().position(|h| h == *c).unwrap())
            .collect();
        // Complete cases only (as a node sees them).
        let records: Vec<csv::StringRecord> = r
            .records()
            .map(Result::unwrap)
            .filter(|rec| at.iter().all(|&i| !rec[i].is_empty()))
            .collect();
        at.iter()
            .map(|&i| records.iter().map(|rec| rec[i].parse::<f64>().unwrap()).collect())
            .collect()
    }

    /// Every column min-max scaled to 0–1 (what a BoD node usually sees).
    fn minmax(cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
        cols.iter()
            .map(|c| {
                let (lo, hi) = c
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
                c.iter().map(|v| (v - lo) / (hi - lo)).collect()
            })
            .collect()
    }

    /// No bounds, a maximum share of 2/m (at least 0.2) and a minimum share of 0.5/m.
    fn all_bounds(name: &str, cols: &[Vec<f64>], every: usize) {
        let m = cols.len() as f64;
        let cases = [(0.0, 1.0), (0.0, (2.0 / m).max(0.2)), (0.5 / m, 1.0)];
        for (lo, hi) in cases {
            let worst = check(name, cols, &vec![(lo, hi); cols.len()], every);
            eprintln!("{name}, shares {lo}–{hi}: largest relative difference {worst:.1e}");
        }
    }

    #[test]
    fn real_cases_agree_with_microlp() {
        // BPS kab/kota profile 2024 (514 units × 9), min-max and as published (mixed magnitudes).
        let ipm = read(
            "ipm_kabkota_2024/profil_kabkota_2024.csv",
            &[
                "uhh",
                "hls",
                "rls",
                "pengeluaran",
                "miskin_p0",
                "kedalaman_p1",
                "tpt",
                "sanitasi",
                "air_minum",
            ],
        );
        all_bounds("IPM min-max", &minmax(&ipm), 5);
        all_bounds("IPM raw", &ipm, 5);
        // UNDP HDI 2022 components (195 × 4), as published (GNI in the tens of thousands).
        let hdi = read(
            "undp_hdi_2022/hdi_2022_extract.csv",
            &["le_2022", "eys_2022", "mys_2022", "gnipc_2022"],
        );
        all_bounds("HDI raw", &hdi, 1);
        all_bounds("HDI min-max", &minmax(&hdi), 1);
        // OECD Better Life Index 2015 (all 24 indicators).
        let bli_cols = [
            "CG_TRASG", "CG_VOTO", "EQ_AIRP", "EQ_WATER", "ES_EDUA", "ES_EDUEX", "ES_STCS", "HO_BASE", "HO_HISH",
            "HO_NUMR", "HS_LEB", "HS_SFRH", "IW_HADI", "IW_HNFW", "JE_EMPL", "JE_JT", "JE_LTUR", "JE_PEARN", "PS_REPH",
            "PS_SFRV", "SC_SNTWS", "SW_LIFS", "WL_EWLH", "WL_TNOW",
        ];
        all_bounds(
            "BLI min-max",
            &minmax(&read("oecd_bli_2015/oecd_bli_2015_TOT_wide.csv", &bli_cols)),
            1,
        );
    }

    #[test]
    fn benchmark_data_agrees_with_microlp() {
        // examples/bench_methods.rs's shape: 514 lognormal columns × 30, min-max, a copy every 200.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut uniform = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let cols: Vec<Vec<f64>> = (0..30)
            .map(|_| {
                let (mu, sigma) = (3.0 * uniform(), 0.3 + 0.7 * uniform());
                (0..514)
                    .map(|_| {
                        let z = (-2.0 * (1.0 - uniform()).ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos();
                        (mu + sigma * z).exp()
                    })
                    .collect::<Vec<f64>>()
            })
            .map(|mut c| {
                for u in (200..514).step_by(200) {
                    c[u] = c[u - 1];
                }
                c
            })
            .collect();
        all_bounds("synthetic 514 × 30", &minmax(&cols), 7);
    }
}
