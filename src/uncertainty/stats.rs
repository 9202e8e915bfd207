//! Streaming rank statistics: memory grows with N (and N² up to [`EXACT_LIMIT`] units for the
//! acceptability matrix), never with the number of draws.
//!
//! Quantiles are the inverse of the empirical distribution (the smallest rank r with at least a
//! share q of the draws at rank ≤ r). Up to [`EXACT_LIMIT`] units they come exactly from the rank
//! counts. Above it each unit keeps a histogram of [`BINS`] bins over a window set by a pilot run
//! (the first draws, replayed afterwards since every draw can be regenerated): the window is the
//! pilot's [min, max] widened by half its width on each side. Within a bin the quantile is
//! interpolated, so it is exact when the window holds at most [`BINS`] ranks and otherwise within
//! one bin width (reported as `quantileResolution`); ranks outside the window fall in the edge
//! bins. Ranks that are tied averages (2.5) are counted in the bin of their whole part.

use super::bounds::RankBounds;
use super::sample::FactorInfo;
use super::UncertaintyResult;
use crate::engine::Scorer;

/// Largest N for which the exact rank distribution (N × N counts) is kept.
pub const EXACT_LIMIT: usize = 2000;
/// Histogram bins per unit above [`EXACT_LIMIT`].
pub const BINS: usize = 64;
/// Draws of the pilot run that sets the histogram windows.
pub const PILOT: u32 = 100;

pub(crate) struct RankStats {
    n: usize,
    k: usize,
    sum: Vec<f64>,
    count: Vec<u32>,
    min: Vec<f64>,
    max: Vec<f64>,
    /// N × N rank counts (exact mode).
    counts: Vec<u32>,
    /// N × K sums of effective weights over the draws where the unit ranks first (exact mode).
    central: Vec<f64>,
    firsts: Vec<u32>,
    /// Per unit: histogram window start and bin width, and the BINS counts (binned mode).
    window: Vec<(u32, u32)>,
    bins: Vec<u16>,
}

impl RankStats {
    pub(crate) fn new(n: usize, k: usize, exact: bool) -> RankStats {
        RankStats {
            n,
            k,
            sum: vec![0.0; n],
            count: vec![0; n],
            min: vec![f64::INFINITY; n],
            max: vec![f64::NEG_INFINITY; n],
            counts: if exact { vec![0; n * n] } else { Vec::new() },
            central: if exact { vec![0.0; n * k] } else { Vec::new() },
            firsts: if exact { vec![0; n] } else { Vec::new() },
            window: Vec::new(),
            bins: Vec::new(),
        }
    }

    /// Binned mode: sets each unit's window from a pilot run's minimum and maximum ranks, and
    /// clears the pilot from the statistics (its draws are replayed).
    pub(crate) fn set_windows(&mut self) {
        let n = self.n as f64;
        self.window = (0..self.n)
            .map(|u| {
                if self.count[u] == 0 {
                    return (1, 1);
                }
                let pad = ((self.max[u] - self.min[u]) / 2.0).ceil();
                let lo = (self.min[u] - pad).max(1.0);
                let hi = (self.max[u] + pad).min(n);
                let width = ((hi - lo + 1.0) / BINS as f64).ceil().max(1.0);
                (lo as u32, width as u32)
            })
            .collect();
        self.bins = vec![0; self.n * BINS];
        self.sum.iter_mut().for_each(|x| *x = 0.0);
        self.count.iter_mut().for_each(|x| *x = 0);
        self.min.iter_mut().for_each(|x| *x = f64::INFINITY);
        self.max.iter_mut().for_each(|x| *x = f64::NEG_INFINITY);
    }

    /// Adds one draw's ranks (NaN = unranked) and, in exact mode, its effective weights (the
    /// loop is in kernels/, compiled for speed).
    pub(crate) fn add(&mut self, ranks: &[f64], weights: &[f64]) {
        tolok_kernels::RankTally {
            sum: &mut self.sum,
            count: &mut self.count,
            min: &mut self.min,
            max: &mut self.max,
            counts: &mut self.counts,
            firsts: &mut self.firsts,
            central: &mut self.central,
            window: &self.window,
            bins: &mut self.bins,
            bins_per_unit: BINS,
            n: self.n,
            k: self.k,
        }
        .add(ranks, weights);
    }

    pub(crate) fn finish(
        self,
        s: &Scorer,
        draws: u32,
        seed: u32,
        bounds: RankBounds,
        factors: Vec<FactorInfo>,
    ) -> UncertaintyResult {
        let n = self.n;
        let exact = !self.counts.is_empty();
        let none = |c: u32, x: f64| if c == 0 { f64::NAN } else { x };
        let mean = (0..n)
            .map(|u| none(self.count[u], self.sum[u] / self.count[u] as f64))
            .collect();
        let quantile = |u: usize, q: f64| -> f64 {
            if self.count[u] == 0 {
                return f64::NAN;
            }
            if exact {
                let need = q * self.count[u] as f64;
                let mut acc = 0.0;
                for (bin, &c) in self.counts[u * n..(u + 1) * n].iter().enumerate() {
                    acc += c as f64;
                    if acc >= need && c > 0 {
                        return (bin + 1) as f64;
                    }
                }
                self.max[u]
            } else {
                let (lo, w) = self.window[u];
                let need = q * self.count[u] as f64;
                let mut acc = 0.0;
                for (b, &c) in self.bins[u * BINS..(u + 1) * BINS].iter().enumerate() {
                    let before = acc;
                    acc += c as f64;
                    if acc >= need && c > 0 {
                        let within = ((need - before) / c as f64 * w as f64).ceil().max(1.0) - 1.0;
                        let r = lo as f64 + (b as u32 * w) as f64 + within;
                        return r.clamp(self.min[u], self.max[u]);
                    }
                }
                self.max[u]
            }
        };
        let median = (0..n).map(|u| quantile(u, 0.5)).collect();
        let p05 = (0..n).map(|u| quantile(u, 0.05)).collect();
        let p95 = (0..n).map(|u| quantile(u, 0.95)).collect();
        let acceptability = exact.then(|| {
            (0..n * n)
                .map(|i| none(self.count[i / n], self.counts[i] as f64 / self.count[i / n] as f64))
                .collect()
        });
        let central_weights = exact.then(|| {
            (0..n * self.k)
                .map(|i| {
                    let f = self.firsts[i / self.k];
                    if f == 0 {
                        f64::NAN
                    } else {
                        self.central[i] / f as f64
                    }
                })
                .collect()
        });
        let fix = |v: Vec<f64>| {
            v.into_iter()
                .map(|x| if x.is_finite() { x } else { f64::NAN })
                .collect()
        };
        UncertaintyResult {
            samples: draws,
            seed,
            ids: s.table().ids().to_vec(),
            nominal: s.ranks().to_vec(),
            mean,
            median,
            p05,
            p95,
            min: fix(self.min),
            max: fix(self.max),
            quantiles: if exact { "exact" } else { "binned" },
            quantile_resolution: if exact {
                1.0
            } else {
                self.window.iter().map(|w| w.1 as f64).fold(1.0, f64::max)
            },
            bounds,
            acceptability,
            central_weights,
            indicators: s.spec().indicators.iter().map(|i| i.id.clone()).collect(),
            factors,
        }
    }
}
