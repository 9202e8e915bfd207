//! Outlier treatment by COINr's default rule (COINr 0.x / COINr6 `treat()` with `coin_win()`).
//!
//! An indicator *fails* when |G1| > `skewness` and G2 > `kurtosis`, with the sample skewness G1
//! and excess kurtosis G2 of [`crate::stats`] (`e1071::skewness/kurtosis(type = 2)`, which
//! COINr calls; the population moments g1, g2 or b1, b2 give different point counts on ASEM's
//! Services, Forest, FemLab and PubDebt). While it fails and fewer than `maxPoints` steps were
//! taken, one step is taken: with positive (or zero) skewness every unit at the maximum is set
//! to the largest other value; with negative skewness every unit at the minimum to the smallest
//! other value (`winchange: false` keeps the side of the first step). After the loop, an
//! indicator that took `maxPoints` steps and still fails gets the fallback transform of its
//! *untreated* values instead. A step that would leave fewer than two distinct values is an
//! error, as in COINr.
//!
//! The units reported `low`/`high` are those of the last step on each side; since each step
//! also moves the units moved before, that is every unit winsorised on that side (COINr's
//! `Analysis_TreatSummary` counts).

use super::report::Treated;
use super::spec::Fallback;
use crate::error::{Error, Result};
use crate::stats::{kurtosis, min_max, present, skewness};

/// The winsorising rule's parameters, resolved.
pub(crate) struct Rule {
    pub max_points: u32,
    pub skewness: f64,
    pub kurtosis: f64,
    pub winchange: bool,
    pub fallback: Fallback,
}

impl Rule {
    fn fails(&self, (sk, kt): (f64, f64)) -> bool {
        sk.abs() > self.skewness && kt > self.kurtosis
    }
}

fn moments(x: &[f64]) -> (f64, f64) {
    let p = present(x);
    (skewness(&p), kurtosis(&p))
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Treats `col` in place by `rule`; `ids` name the units in the report.
pub(crate) fn treat(
    col: &mut [f64],
    rule: &Rule,
    indicator: &str,
    ids: &[String],
    warnings: &mut Vec<String>,
) -> Result<Treated> {
    let before = moments(col);
    let mut out = Treated {
        indicator: indicator.to_string(),
        action: "none",
        points: 0,
        max_points: rule.max_points,
        low: Vec::new(),
        high: Vec::new(),
        skewness: finite(before.0),
        kurtosis: finite(before.1),
        skewness_after: finite(before.0),
        kurtosis_after: finite(before.1),
    };
    if distinct(col) < 2 {
        out.action = "constant";
        return Ok(out);
    }
    let w = winsorise(col, rule, before).map_err(|points| {
        Error::spec(
            format!("prepare: indicator '{indicator}'"),
            format!(
                "winsorising point {points} would leave fewer than two distinct values (COINr stops here too); lower maxPoints or set \"treat\": {{\"method\": \"none\"}} or a transform for this indicator"
            ),
        )
    })?;
    let after = moments(&w.values);
    if w.points >= rule.max_points && rule.fails(after) {
        out.points = w.points;
        fallback(col, rule.fallback, &mut out, warnings);
    } else {
        col.copy_from_slice(&w.values);
        out.points = w.points;
        out.action = if w.points > 0 { "winsorised" } else { "none" };
        out.low = w.low.iter().map(|&i| ids[i].clone()).collect();
        out.high = w.high.iter().map(|&i| ids[i].clone()).collect();
    }
    let after = moments(col);
    out.skewness_after = finite(after.0);
    out.kurtosis_after = finite(after.1);
    Ok(out)
}

struct Winsorised {
    values: Vec<f64>,
    points: u32,
    low: Vec<usize>,
    high: Vec<usize>,
}

/// The winsorising loop; `Err(step)` if that step would leave fewer than two distinct values.
fn winsorise(col: &[f64], rule: &Rule, start: (f64, f64)) -> std::result::Result<Winsorised, u32> {
    let mut x = col.to_vec();
    let mut m = start;
    // 0: decide at each step (winchange); 1: always high; −1: always low.
    let side = match (rule.winchange, m.0 > 0.0) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => -1,
    };
    let (mut low, mut high) = (Vec::new(), Vec::new());
    let mut points = 0;
    while rule.fails(m) && points < rule.max_points {
        let up = (m.0 >= 0.0 && side == 0) || side == 1;
        let (at, next) = extreme(&x, up).ok_or(points + 1)?;
        for &i in &at {
            x[i] = next;
        }
        if up {
            high = at;
        } else {
            low = at;
        }
        points += 1;
        if distinct(&x) < 2 {
            return Err(points);
        }
        m = moments(&x);
    }
    Ok(Winsorised {
        values: x,
        points,
        low,
        high,
    })
}

/// The positions at the maximum (`up`) or minimum, and the most extreme other value.
fn extreme(x: &[f64], up: bool) -> Option<(Vec<usize>, f64)> {
    let better = |a: f64, b: f64| if up { a > b } else { a < b };
    let mut best = f64::NAN;
    for &v in x.iter().filter(|v| !v.is_nan()) {
        if best.is_nan() || better(v, best) {
            best = v;
        }
    }
    let at: Vec<usize> = (0..x.len()).filter(|&i| x[i] == best).collect();
    let mut next = f64::NAN;
    for &v in x.iter().filter(|&&v| !v.is_nan() && v != best) {
        if next.is_nan() || better(v, next) {
            next = v;
        }
    }
    (!next.is_nan()).then_some((at, next))
}

fn distinct(x: &[f64]) -> usize {
    let mut p = present(x);
    crate::stats::sort_f64(&mut p);
    p.dedup();
    p.len()
}

fn fallback(col: &mut [f64], how: Fallback, out: &mut Treated, warnings: &mut Vec<String>) {
    let id = &out.indicator;
    match how {
        Fallback::Ctlog => {
            if let Some((lo, hi)) = min_max(col) {
                let a = 0.01 * (hi - lo);
                col.iter_mut().for_each(|v| *v = libm::log(*v - lo + a));
            }
            out.action = "ctlog";
        }
        Fallback::Log if col.iter().all(|&v| v.is_nan() || v > 0.0) => {
            col.iter_mut().for_each(|v| *v = libm::log(*v));
            out.action = "log";
        }
        Fallback::Log => {
            out.action = "failed";
            warnings.push(format!(
                "indicator '{id}': still skewed after {} winsorised points, and the log fallback needs values > 0; left untreated",
                out.points
            ));
        }
        Fallback::None => {
            out.action = "failed";
            warnings.push(format!(
                "indicator '{id}': still skewed after {} winsorised points; left untreated (fallback none)",
                out.points
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(max_points: u32, fallback: Fallback) -> Rule {
        Rule {
            max_points,
            skewness: 2.0,
            kurtosis: 3.5,
            winchange: true,
            fallback,
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn one_outlier_is_winsorised_to_the_next_value() {
        let mut x: Vec<f64> = (1..=20).map(f64::from).collect();
        x.push(1000.0);
        let t = treat(&mut x, &rule(3, Fallback::Ctlog), "x", &ids(21), &mut Vec::new()).unwrap();
        assert_eq!((t.action, t.points), ("winsorised", 1));
        assert_eq!(x[20], 20.0);
        assert_eq!(t.high, vec!["u20".to_string()]);
    }

    #[test]
    fn exceeding_max_points_falls_back_to_ctlog_of_the_original() {
        // One winsorised point leaves two units at 1e6 among 40 small values: still failing.
        let mut x: Vec<f64> = (1..=40).map(f64::from).chain([1e6, 1e7]).collect();
        let t = treat(&mut x, &rule(1, Fallback::Ctlog), "x", &ids(42), &mut Vec::new()).unwrap();
        assert_eq!((t.action, t.points), ("ctlog", 1));
        let (lo, hi) = (1.0, 1e7);
        assert_eq!(x[41], libm::log(1e7 - lo + 0.01 * (hi - lo)));
        assert_eq!(x[0], libm::log(0.01 * (hi - lo)));
        assert!(t.high.is_empty());
    }

    #[test]
    fn a_step_that_leaves_one_value_is_an_error() {
        let mut x = vec![1.0; 30];
        x[29] = 5.0;
        x[28] = 5.0;
        let e = treat(&mut x, &rule(5, Fallback::Ctlog), "x", &ids(30), &mut Vec::new()).unwrap_err();
        assert!(
            e.to_string()
                .contains("indicator 'x': winsorising point 1 would leave fewer than two"),
            "{e}"
        );
        let mut c = vec![2.0; 10];
        let t = treat(&mut c, &rule(5, Fallback::Ctlog), "c", &ids(10), &mut Vec::new()).unwrap();
        assert_eq!(t.action, "constant");
    }
}
