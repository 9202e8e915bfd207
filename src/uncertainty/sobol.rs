//! Variance-based (Sobol) sensitivity indices with the Saltelli (2010) first-order and Jansen
//! (1999) total-effect estimators, and bootstrap confidence intervals.
//!
//! Inputs are k independent U(0, 1) coordinates; two n × k random matrices A and B (seeded) and
//! the k matrices AB_i (A with column i from B) cost n·(k + 2) evaluations. With V the variance
//! of f over A and B together:
//! - first order S_i = mean(f(B)·(f(AB_i) − f(A))) / V;
//! - total T_i = mean((f(A) − f(AB_i))²) / (2V).
//!
//! The 95% intervals are percentiles of `bootstrap` resamples of the n rows. When f does not
//! vary (V = 0) every index is 0.

use super::sample::FactorInfo;
use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Sobol indices of one output.
#[derive(Debug, Clone)]
pub struct SobolIndices {
    /// Base sample size.
    pub n: u32,
    /// Model evaluations, n·(k + 2).
    pub evaluations: u64,
    pub mean: f64,
    pub variance: f64,
    pub first: Vec<f64>,
    pub total: Vec<f64>,
    /// 95% bootstrap intervals [low, high].
    pub first_ci: Vec<[f64; 2]>,
    pub total_ci: Vec<[f64; 2]>,
    /// What each input is (filled in by the caller).
    pub factors: Vec<FactorInfo>,
}

/// Estimates the indices of `f` over the unit cube [0, 1)^k.
pub fn sobol_indices(k: usize, n: u32, bootstrap: u32, seed: u32, f: &mut dyn FnMut(&[f64]) -> f64) -> SobolIndices {
    let n = n.max(2) as usize;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0x50b0_1000_0000_0000 ^ seed as u64);
    let mut unit = || (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    let a: Vec<f64> = (0..n * k).map(|_| unit()).collect();
    let b: Vec<f64> = (0..n * k).map(|_| unit()).collect();
    let fa: Vec<f64> = a.chunks(k.max(1)).take(n).map(&mut *f).collect();
    let fb: Vec<f64> = b.chunks(k.max(1)).take(n).map(&mut *f).collect();
    let mut row = vec![0.0; k];
    let fab: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..n)
                .map(|j| {
                    row.copy_from_slice(&a[j * k..(j + 1) * k]);
                    row[i] = b[j * k + i];
                    f(&row)
                })
                .collect()
        })
        .collect();
    let all: Vec<usize> = (0..n).collect();
    let (mean, variance, first, total) = estimate(&fa, &fb, &fab, &all);
    let mut boot_first = vec![Vec::with_capacity(bootstrap as usize); k];
    let mut boot_total = vec![Vec::with_capacity(bootstrap as usize); k];
    let mut brng = Xoshiro256PlusPlus::seed_from_u64(0xb007_0000_0000_0000 ^ seed as u64);
    let mut idx = vec![0usize; n];
    for _ in 0..bootstrap {
        for j in idx.iter_mut() {
            *j = (brng.next_u64() % n as u64) as usize;
        }
        let (_, _, s, t) = estimate(&fa, &fb, &fab, &idx);
        for i in 0..k {
            boot_first[i].push(s[i]);
            boot_total[i].push(t[i]);
        }
    }
    let ci = |v: &mut Vec<f64>| -> [f64; 2] {
        if v.is_empty() {
            return [f64::NAN, f64::NAN];
        }
        crate::stats::sort_f64(v);
        let at = |q: f64| v[((q * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
        [at(0.025), at(0.975)]
    };
    SobolIndices {
        n: n as u32,
        evaluations: (n * (k + 2)) as u64,
        mean,
        variance,
        first,
        total,
        first_ci: boot_first.iter_mut().map(ci).collect(),
        total_ci: boot_total.iter_mut().map(ci).collect(),
        factors: Vec::new(),
    }
}

/// Mean, variance, first-order and total indices over the rows `rows`.
fn estimate(fa: &[f64], fb: &[f64], fab: &[Vec<f64>], rows: &[usize]) -> (f64, f64, Vec<f64>, Vec<f64>) {
    let m = rows.len() as f64;
    let mean = rows.iter().map(|&j| fa[j] + fb[j]).sum::<f64>() / (2.0 * m);
    let variance = rows
        .iter()
        .map(|&j| (fa[j] - mean).powi(2) + (fb[j] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m);
    if variance <= 0.0 || variance.is_nan() {
        return (mean, 0.0, vec![0.0; fab.len()], vec![0.0; fab.len()]);
    }
    let first = fab
        .iter()
        .map(|fi| rows.iter().map(|&j| fb[j] * (fi[j] - fa[j])).sum::<f64>() / m / variance)
        .collect();
    let total = fab
        .iter()
        .map(|fi| rows.iter().map(|&j| (fa[j] - fi[j]).powi(2)).sum::<f64>() / (2.0 * m) / variance)
        .collect();
    (mean, variance, first, total)
}

impl crate::json::ToJson for SobolIndices {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("n", &self.n);
        w.field("evaluations", &self.evaluations);
        w.field("mean", &self.mean);
        w.field("variance", &self.variance);
        w.field("first", &self.first);
        w.field("total", &self.total);
        w.field("firstCi", &self.first_ci);
        w.field("totalCi", &self.total_ci);
        w.field("factors", &self.factors);
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_function_has_analytic_indices() {
        // f = x1 + 2·x2 + 3·x3, x ~ U(0,1): V_i = c_i²/12, V = 14/12, so S_i = T_i = c_i²/14.
        let mut f = |x: &[f64]| x[0] + 2.0 * x[1] + 3.0 * x[2];
        let r = sobol_indices(3, 20_000, 300, 42, &mut f);
        for (i, want) in [1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0].into_iter().enumerate() {
            for (name, est, ci) in [("S", r.first[i], r.first_ci[i]), ("T", r.total[i], r.total_ci[i])] {
                assert!(
                    ci[0] <= want && want <= ci[1],
                    "{name}{}: {want} outside the 95% interval {ci:?} (estimate {est})",
                    i + 1
                );
                assert!((est - want).abs() < 0.03, "{name}{}: {est} vs {want}", i + 1);
            }
        }
    }
}
