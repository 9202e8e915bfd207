//! The Monte Carlo run, draw settings and Sobol indices of a scorer (see the module docs).

use super::bounds::{rank_bounds, RankBounds};
use super::eval::Evaluator;
use super::sample::{FactorInfo, Sampler, Setting};
use super::sobol::{sobol_indices, SobolIndices};
use super::stats::{self, RankStats};
use super::UncertaintySpec;
use crate::engine::Scorer;
use crate::error::Result;

/// Results of a Monte Carlo uncertainty analysis; per-unit vectors in table order.
#[derive(Debug, Clone)]
pub struct UncertaintyResult {
    pub samples: u32,
    pub seed: u32,
    /// Unit ids, table order.
    pub ids: Vec<String>,
    /// Rank under the spec's own weights and methods (NaN = unranked).
    pub nominal: Vec<f64>,
    pub mean: Vec<f64>,
    pub median: Vec<f64>,
    pub p05: Vec<f64>,
    pub p95: Vec<f64>,
    /// Best and worst rank seen in the draws.
    pub min: Vec<f64>,
    pub max: Vec<f64>,
    /// `exact` (from the full rank distribution, N ≤ 2,000) or `binned` (per-unit histograms).
    pub quantiles: &'static str,
    /// Largest histogram bin width in ranks (1 = every quantile exact).
    pub quantile_resolution: f64,
    /// Exact bounds over every admissible weighting (see [`rank_bounds`]).
    pub bounds: RankBounds,
    /// SMAA-2 rank acceptability: `acceptability[u·N + r]` = share of draws in which unit u has
    /// rank r + 1 (N ≤ 2,000 only).
    pub acceptability: Option<Vec<f64>>,
    /// SMAA-2 central weights: for each unit the mean effective indicator weights (products of
    /// shares down the tree) over the draws in which it ranks first; `central_weights[u·K + k]`
    /// (N ≤ 2,000 only; NaN when a unit never ranks first).
    pub central_weights: Option<Vec<f64>>,
    /// Indicator ids, the K columns of `central_weights`.
    pub indicators: Vec<String>,
    /// What varied.
    pub factors: Vec<FactorInfo>,
}

impl Scorer {
    /// Monte Carlo over the spec's (or the given) uncertainty settings. `progress` is called
    /// with the number of draws done (every 1/100 of the run); returning `false` cancels the run
    /// (the result then covers the draws done).
    pub fn uncertainty(&self, u: &UncertaintySpec, mut progress: impl FnMut(u32) -> bool) -> Result<UncertaintyResult> {
        u.validate(self.spec())?;
        let sampler = Sampler::new(self, u)?;
        let mut eval = Evaluator::new(self, &sampler)?;
        let n = self.len();
        let exact = n <= stats::EXACT_LIMIT;
        let mut stats = RankStats::new(n, self.spec().indicators.len(), exact);
        let mut setting = sampler.nominal();
        if !exact {
            // Pilot: the first draws set each unit's histogram window; they are replayed below.
            for d in 0..u.samples.min(stats::PILOT) {
                sampler.draw(u.seed, d, &mut setting);
                eval.run(&setting).map_err(|e| sampler.draw_error(d, &setting, e))?;
                stats.add(eval.ranks_and_weights(false).0, &[]);
            }
            stats.set_windows();
        }
        let every = (u.samples / 100).max(1);
        let mut done = 0;
        for d in 0..u.samples {
            sampler.draw(u.seed, d, &mut setting);
            eval.run(&setting).map_err(|e| sampler.draw_error(d, &setting, e))?;
            let (ranks, weights) = eval.ranks_and_weights(exact);
            stats.add(ranks, weights);
            done = d + 1;
            if done % every == 0 && !progress(done) {
                break;
            }
        }
        let bounds = if u.bounds {
            rank_bounds(self, u)?
        } else {
            RankBounds::none(self.len())
        };
        Ok(stats.finish(self, done, u.seed, bounds, sampler.info()))
    }

    /// The sampled setting of draw `d` (weights per node, method choices), regenerated from the
    /// seed and the index alone.
    pub fn draw_setting(&self, u: &UncertaintySpec, d: u32) -> Result<Setting> {
        let sampler = Sampler::new(self, u)?;
        let mut setting = sampler.nominal();
        sampler.draw(u.seed, d, &mut setting);
        Ok(setting)
    }

    /// Sobol sensitivity of the mean absolute rank shift (against the nominal ranking, as COINr
    /// reports it) to each uncertain weight and method choice.
    pub fn sobol(&self, u: &UncertaintySpec) -> Result<SobolIndices> {
        u.validate(self.spec())?;
        let sampler = Sampler::new(self, u)?;
        sampler.check_sobol()?;
        let mut eval = Evaluator::new(self, &sampler)?;
        let nominal = self.ranks().to_vec();
        let opts = u.sobol.clone().unwrap_or_default();
        let mut setting = sampler.nominal();
        let mut err = None;
        let k = sampler.dimension();
        let mut model = |x: &[f64]| -> f64 {
            sampler.fill_from_unit_cube(x, &mut setting);
            match eval.run(&setting) {
                Ok(()) => mean_abs_shift(eval.ranks(), &nominal),
                Err(e) => {
                    err.get_or_insert(e);
                    f64::NAN
                }
            }
        };
        let mut indices = sobol_indices(k, opts.samples, opts.bootstrap, u.seed, &mut model);
        if let Some(e) = err {
            return Err(e);
        }
        indices.factors = sampler.info();
        Ok(indices)
    }
}

/// Mean |rank − nominal rank| over the units ranked in both.
fn mean_abs_shift(ranks: &[f64], nominal: &[f64]) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (r, q) in ranks.iter().zip(nominal) {
        if !r.is_nan() && !q.is_nan() {
            sum += (r - q).abs();
            n += 1;
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}
impl crate::json::ToJson for UncertaintyResult {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("samples", &self.samples);
        w.field("seed", &self.seed);
        w.field("ids", &self.ids);
        w.field("nominal", &self.nominal);
        w.field("mean", &self.mean);
        w.field("median", &self.median);
        w.field("p05", &self.p05);
        w.field("p95", &self.p95);
        w.field("min", &self.min);
        w.field("max", &self.max);
        w.field("quantiles", &self.quantiles);
        w.field("quantileResolution", &self.quantile_resolution);
        w.field("bounds", &self.bounds);
        w.some("acceptability", &self.acceptability);
        w.some("centralWeights", &self.central_weights);
        w.field("indicators", &self.indicators);
        w.field("factors", &self.factors);
        w.end_object();
    }
}
