//! Normalisation: one raw column in, one comparable column out, higher always better.
//!
//! Missing values (NaN) stay missing and are left out of every statistic (min, max, mean, sd,
//! ranks). See [`Normalise`] for the formula of each method; `direction: "lower"` reverses each
//! one so that the best raw value gets the best normalised value:
//! - `minmax`: `low + (high − low)·(max − x)/(max − min)`;
//! - `zscore`: the z-score is negated;
//! - `goalposts`: `(max − x)/(max − min)` (on logs if `log`);
//! - `rank`, `percentile`: computed on −x;
//! - `target`: `(max − x)/(max − target)` with the observed maximum;
//! - `none`: −x;
//! - `sum`, `max`, `vector` follow pymcdm: (1/x)/Σ(1/x), 1 − x/max and 1 − x/√Σx².

use tolok_kernels::{min_max, minmax, minmax_over};

use crate::spec::{Direction, Normalise, SdKind};

/// Normalises `raw` into `out` (same length). Never panics; a constant column under minmax gives
/// the midpoint of the target range, under zscore the target mean, under target 1 (the best
/// unit is at the target's side of the column) — never NaN.
pub fn normalise_into(raw: &[f64], method: &Normalise, direction: Direction, out: &mut Vec<f64>) {
    out.clear();
    let lower = direction == Direction::Lower;
    if let Normalise::Minmax { low, high } = *method {
        return minmax(raw, out, low, high, lower);
    }
    out.extend_from_slice(raw);
    match *method {
        Normalise::Minmax { .. } => {}
        Normalise::Zscore { sd, mean, scale } => zscore(out, sd, mean, scale, lower),
        Normalise::Goalposts { min, max, cap, log } => goalposts(out, min, max, cap, log, lower),
        Normalise::Rank => ranks(out, lower, false),
        Normalise::Percentile => ranks(out, lower, true),
        Normalise::Target { target, cap } => to_target(out, target, cap, lower),
        Normalise::None => {
            if lower {
                out.iter_mut().for_each(|v| *v = -*v);
            }
        }
        Normalise::Sum | Normalise::Max | Normalise::Vector => ratio(out, method, lower),
    }
}

/// [`normalise_into`] of a column whose minimum and maximum are known (`range`, what
/// [`min_max`] gives for `raw`): min-max normalisation then reads the column once, not twice.
pub fn normalise_known(
    raw: &[f64],
    range: Option<(f64, f64)>,
    method: &Normalise,
    direction: Direction,
    out: &mut Vec<f64>,
) {
    match *method {
        Normalise::Minmax { low, high } => minmax_over(raw, range, out, low, high, direction == Direction::Lower),
        _ => normalise_into(raw, method, direction, out),
    }
}

/// pymcdm's ratio normalisations (see [`Normalise::Sum`], [`Normalise::Max`],
/// [`Normalise::Vector`]); `out_of_domain` rejects the columns they cannot take first.
fn ratio(x: &mut [f64], method: &Normalise, lower: bool) {
    let present = || x.iter().copied().filter(|v| !v.is_nan());
    let (f, d): (fn(f64) -> f64, f64) = match (method, lower) {
        (Normalise::Sum, false) => (|v| v, crate::stats::sum(present())),
        (Normalise::Sum, true) => (|v| 1.0 / v, crate::stats::sum(present().map(|v| 1.0 / v))),
        (Normalise::Max, _) => (|v| v, present().fold(f64::NEG_INFINITY, f64::max)),
        _ => (|v| v, crate::stats::sum(present().map(|v| v * v)).sqrt()),
    };
    let flip = lower && !matches!(method, Normalise::Sum);
    for v in x.iter_mut() {
        let r = f(*v) / d;
        *v = if flip { 1.0 - r } else { r };
    }
}

/// The first present raw value that `method` cannot normalise, with the reason: values ≤ 0
/// under goalposts with `log` and without `cap` (capping raises them to `min` > 0).
pub fn out_of_domain(raw: &[f64], method: &Normalise) -> Option<(usize, &'static str)> {
    match *method {
        Normalise::Goalposts { log: true, cap: false, .. } => raw
            .iter()
            .position(|&v| v <= 0.0)
            .map(|i| (i, "has no logarithm: goalposts with \"log\" need values > 0 (or \"cap\": true, which raises values below min to min)")),
        Normalise::Sum => raw
            .iter()
            .position(|&v| v <= 0.0)
            .map(|i| (i, "is not > 0: sum normalisation divides each value by the total (and the reciprocal for lower-is-better)")),
        Normalise::Max => {
            let (mut at, mut best) = (None, f64::NEG_INFINITY);
            for (i, &v) in raw.iter().enumerate() {
                if v > best {
                    (at, best) = (Some(i), v);
                }
            }
            at.filter(|_| best <= 0.0)
                .map(|i| (i, "is the largest value: max normalisation needs a largest value > 0"))
        }
        Normalise::Vector => {
            let first = raw.iter().position(|v| !v.is_nan())?;
            raw.iter()
                .all(|&v| v.is_nan() || v == 0.0)
                .then_some((first, "and every other value are 0: vector normalisation needs a value ≠ 0"))
        }
        _ => None,
    }
}

/// The default normalisation: min-max to 0–1.
pub const DEFAULT: Normalise = Normalise::Minmax { low: 0.0, high: 1.0 };

fn zscore(x: &mut [f64], sd: SdKind, mean: f64, scale: f64, lower: bool) {
    let (mut n, mut sum) = (0usize, 0.0);
    for &v in x.iter().filter(|v| !v.is_nan()) {
        n += 1;
        sum += v;
    }
    if n == 0 {
        return;
    }
    let m = sum / n as f64;
    let ss: f64 = x.iter().filter(|v| !v.is_nan()).map(|v| (v - m) * (v - m)).sum();
    let denom = match sd {
        SdKind::Sample => n.saturating_sub(1),
        SdKind::Population => n,
    };
    let s = if denom == 0 { 0.0 } else { (ss / denom as f64).sqrt() };
    if s == 0.0 {
        x.iter_mut().filter(|v| !v.is_nan()).for_each(|v| *v = mean);
        return;
    }
    let k = if lower { -scale / s } else { scale / s };
    x.iter_mut().for_each(|v| *v = mean + (*v - m) * k);
}

fn goalposts(x: &mut [f64], min: f64, max: f64, cap: bool, log: bool, lower: bool) {
    let (lo, hi) = if log {
        (libm::log(min), libm::log(max))
    } else {
        (min, max)
    };
    let span = hi - lo;
    for v in x.iter_mut() {
        let mut t = *v;
        if cap {
            t = t.clamp(min, max);
        }
        if log {
            // Without cap, t ≤ 0 has no logarithm: NaN (Scorer::new reports it first, see
            // `out_of_domain`), never −∞.
            t = if t > 0.0 { libm::log(t) } else { f64::NAN };
        }
        *v = if lower { (hi - t) / span } else { (t - lo) / span };
    }
}

fn to_target(x: &mut [f64], target: f64, cap: bool, lower: bool) {
    let Some((lo, hi)) = min_max(x) else { return };
    for v in x.iter_mut() {
        let d = if lower {
            (hi - *v, hi - target)
        } else {
            (*v - lo, target - lo)
        };
        let mut t = if d.1 == 0.0 {
            1.0 // the column's worst value is the target: every unit has reached it
        } else {
            d.0 / d.1
        };
        if cap && t > 1.0 {
            t = 1.0;
        }
        if !v.is_nan() {
            *v = t;
        }
    }
}

/// Average ranks (1 = worst) or percentile ranks in [0, 1] over the present values.
fn ranks(x: &mut [f64], lower: bool, percentile: bool) {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
    let key = |i: usize| if lower { -x[i] } else { x[i] };
    idx.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
    let n = idx.len();
    let mut out = vec![f64::NAN; x.len()];
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && key(idx[end]) == key(idx[start]) {
            end += 1;
        }
        let value = if percentile {
            if n == 1 {
                1.0
            } else {
                start as f64 / (n - 1) as f64
            }
        } else {
            (start + end + 1) as f64 / 2.0 // average of ranks start+1 ..= end
        };
        for &i in &idx[start..end] {
            out[i] = value;
        }
        start = end;
    }
    x.copy_from_slice(&out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &[f64], m: Normalise, d: Direction) -> Vec<f64> {
        let mut out = Vec::new();
        normalise_into(raw, &m, d, &mut out);
        out
    }

    #[test]
    fn minmax_both_directions_with_missing() {
        let raw = [2.0, f64::NAN, 4.0, 10.0];
        let up = norm(&raw, Normalise::Minmax { low: 0.0, high: 100.0 }, Direction::Higher);
        assert_eq!(up[0], 0.0);
        assert!(up[1].is_nan());
        assert_eq!(up[2], 25.0);
        assert_eq!(up[3], 100.0);
        let down = norm(&raw, DEFAULT, Direction::Lower);
        assert_eq!((down[0], down[2], down[3]), (1.0, 0.75, 0.0));
    }

    #[test]
    fn constant_columns_are_documented_values() {
        let raw = [3.0, 3.0, f64::NAN];
        let m = norm(&raw, Normalise::Minmax { low: 0.0, high: 10.0 }, Direction::Higher);
        assert_eq!(&m[..2], &[5.0, 5.0]);
        let z = norm(
            &raw,
            Normalise::Zscore {
                sd: SdKind::Sample,
                mean: 0.0,
                scale: 1.0,
            },
            Direction::Higher,
        );
        assert_eq!(&z[..2], &[0.0, 0.0]);
        assert!(z[2].is_nan());
    }

    #[test]
    fn zscore_sample_and_population() {
        let raw = [1.0, 2.0, 3.0];
        let s = norm(
            &raw,
            Normalise::Zscore {
                sd: SdKind::Sample,
                mean: 0.0,
                scale: 1.0,
            },
            Direction::Higher,
        );
        assert_eq!(s, vec![-1.0, 0.0, 1.0]); // sample sd = 1
        let p = norm(
            &raw,
            Normalise::Zscore {
                sd: SdKind::Population,
                mean: 0.0,
                scale: 1.0,
            },
            Direction::Lower,
        );
        let k = (2.0f64 / 3.0).sqrt();
        assert!((p[0] - 1.0 / k).abs() < 1e-15 && (p[2] + 1.0 / k).abs() < 1e-15);
    }

    #[test]
    fn goalposts_cap_and_log() {
        let raw = [10.0, 52.5, 90.0];
        let g = norm(
            &raw,
            Normalise::Goalposts {
                min: 20.0,
                max: 85.0,
                cap: true,
                log: false,
            },
            Direction::Higher,
        );
        assert_eq!(g, vec![0.0, 0.5, 1.0]);
        let l = norm(
            &[1000.0],
            Normalise::Goalposts {
                min: 100.0,
                max: 10000.0,
                cap: true,
                log: true,
            },
            Direction::Higher,
        );
        assert!((l[0] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn ranks_percentiles_and_targets() {
        let raw = [5.0, 1.0, 5.0, 3.0];
        assert_eq!(norm(&raw, Normalise::Rank, Direction::Higher), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(norm(&raw, Normalise::Rank, Direction::Lower), vec![1.5, 4.0, 1.5, 3.0]);
        assert_eq!(
            norm(&raw, Normalise::Percentile, Direction::Higher),
            vec![2.0 / 3.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]
        );
        let t = norm(&raw, Normalise::Target { target: 4.0, cap: true }, Direction::Higher);
        assert_eq!(t, vec![1.0, 0.0, 1.0, 2.0 / 3.0]);
        let t = norm(
            &raw,
            Normalise::Target {
                target: 2.0,
                cap: false,
            },
            Direction::Lower,
        );
        assert_eq!(t, vec![0.0, 4.0 / 3.0, 0.0, 2.0 / 3.0]);
    }
}
