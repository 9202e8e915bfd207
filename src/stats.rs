//! Small statistics shared by data preparation, weighting and aggregation, written once so that
//! every method uses (and its docs state) the same definitions.
//!
//! Every function takes the present values only (callers drop NaN first, see [`present`]).
//! Sums are compensated (Neumaier) and the mean is the correctly rounded mean in practice, as R's
//! `mean` (long-double sum plus a correction pass) gives it: COINr's group means are reproduced
//! to the last bit that way, where a plain running sum is off by an ulp in half the cells.

/// The present (non-NaN) values of `x`.
pub(crate) fn present(x: &[f64]) -> Vec<f64> {
    x.iter().copied().filter(|v| !v.is_nan()).collect()
}

/// Σx as a double-double (hi, lo) by Neumaier's compensated summation.
fn dd_sum(x: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for v in x {
        let t = s + v;
        c += if s.abs() >= v.abs() { (s - t) + v } else { (v - t) + s };
        s = t;
    }
    let hi = s + c;
    (hi, c - (hi - s))
}

/// Compensated Σx.
pub(crate) fn sum(x: impl IntoIterator<Item = f64>) -> f64 {
    dd_sum(x).0
}

/// Arithmetic mean (NaN for no values): the double-double sum divided by n, corrected by the
/// exact remainder.
#[inline(never)] // mean, sd and correlation_matrix: called in many places, one copy in the .wasm
pub(crate) fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let n = x.len() as f64;
    let (hi, lo) = dd_sum(x.iter().copied());
    let q = hi / n;
    let r = libm::fma(-q, n, hi) + lo;
    q + r / n
}

/// Sorts by `total_cmp`. Every f64 sort goes through this one function so that the .wasm holds
/// a single copy of the sort (the stable one: its wasm is smaller than the unstable one's).
#[inline(never)]
pub(crate) fn sort_f64(v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
}

/// Median (the mean of the two middle values for an even count, as R's `median`).
pub(crate) fn median(x: &[f64]) -> f64 {
    let mut v = x.to_vec();
    sort_f64(&mut v);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => mean(&v[n / 2 - 1..=n / 2]),
    }
}

/// Standard deviation: `sample` divides by n − 1 (R's `sd`), otherwise by n (population).
#[inline(never)]
pub(crate) fn sd(x: &[f64], sample: bool) -> f64 {
    let n = x.len();
    let denom = if sample { n.saturating_sub(1) } else { n };
    if denom == 0 {
        return f64::NAN;
    }
    let m = mean(x);
    (sum(x.iter().map(|v| (v - m) * (v - m))) / denom as f64).sqrt()
}

/// Sums of the 2nd, 3rd and 4th powers of the deviations from the mean.
fn deviation_sums(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let d = || x.iter().map(move |v| v - m);
    (
        sum(d().map(|v| v * v)),
        sum(d().map(|v| v * v * v)),
        sum(d().map(|v| v * v * v * v)),
    )
}

/// Sample skewness G1 = g1·√(n(n−1))/(n−2) with g1 = √n·Σd³/(Σd²)^(3/2) — the bias-corrected
/// skewness of SAS, SPSS, Excel's `SKEW` and R's `e1071::skewness(type = 2)`, which COINr's
/// outlier rule uses. NaN for fewer than 3 values or a constant column.
pub(crate) fn skewness(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 3 {
        return f64::NAN;
    }
    let (s2, s3, _) = deviation_sums(x);
    let g1 = n.sqrt() * s3 / libm::pow(s2, 1.5);
    g1 * (n * (n - 1.0)).sqrt() / (n - 2.0)
}

/// Sample excess kurtosis G2 = ((n+1)(r−3) + 6)(n−1)/((n−2)(n−3)) with r = n·Σd⁴/(Σd²)² — Excel's
/// `KURT` and `e1071::kurtosis(type = 2)` (0 for a normal distribution). NaN for fewer than 4
/// values or a constant column.
pub(crate) fn kurtosis(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 4 {
        return f64::NAN;
    }
    let (s2, _, s4) = deviation_sums(x);
    let r = n * s4 / (s2 * s2);
    ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
}

/// The Pearson correlation matrix of equally long columns without missing values (a constant
/// column correlates NaN with every column, itself included). Each column is centred once, then
/// every pair is one dot product (four lanes, so that the loop vectorises).
#[inline(never)]
pub(crate) fn correlation_matrix(cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let centred: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| {
            let m = mean(c);
            c.iter().map(|v| v - m).collect()
        })
        .collect();
    let norms: Vec<f64> = centred.iter().map(|c| dot(c, c).sqrt()).collect();
    let m = cols.len();
    let mut r = vec![vec![f64::NAN; m]; m];
    for i in 0..m {
        for j in i..m {
            let v = if i == j && norms[i] > 0.0 {
                1.0
            } else {
                dot(&centred[i], &centred[j]) / (norms[i] * norms[j])
            };
            r[i][j] = v;
            r[j][i] = v;
        }
    }
    r
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Minimum and maximum of the present values (None if there are none).
pub(crate) fn min_max(x: &[f64]) -> Option<(f64, f64)> {
    x.iter().filter(|v| !v.is_nan()).fold(None, |acc, &v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_is_correctly_rounded_where_a_running_sum_is_not() {
        // A running sum loses the 1 next to 1e16 and gives 0.
        assert_eq!(mean(&[1e16, 1.0, -1e16]), 1.0 / 3.0);
        assert!(mean(&[]).is_nan());
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), 2.5);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    }

    #[test]
    fn moments_match_hand_values() {
        // x = 1, 2, 3, 10: mean 4, d = −3, −2, −1, 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
        let x = [1.0, 2.0, 3.0, 10.0];
        let g1 = 2.0 * 180.0 / 50f64.powf(1.5);
        assert!((skewness(&x) - g1 * 12f64.sqrt() / 2.0).abs() < 1e-14);
        let r = 4.0 * 1394.0 / 2500.0;
        assert!((kurtosis(&x) - ((5.0 * (r - 3.0) + 6.0) * 3.0 / 2.0)).abs() < 1e-14);
        assert!(skewness(&[2.0, 2.0, 2.0]).is_nan());
        assert_eq!(sd(&[1.0, 2.0, 3.0], true), 1.0);
        // (1, 2, 3) and (2, 4, 7): Σd·e = 5, Σd² = 2, Σe² = 114/9.
        let r = correlation_matrix(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 7.0], vec![5.0, 5.0, 5.0]]);
        assert!((r[0][1] - 5.0 / (2.0 * 114.0 / 9.0f64).sqrt()).abs() < 1e-15);
        assert_eq!((r[0][0], r[1][0]), (1.0, r[0][1]));
        assert!(r[2][2].is_nan() && r[0][2].is_nan());
    }
}
