//! What varies (factors), and drawing settings from a seed.
//!
//! Draw `d` of seed `s` uses xoshiro256++ seeded with the 64-bit number `s·2³² + d` (expanded
//! by SplitMix64, as `seed_from_u64` does): every (seed, draw) pair has its own stream, and any
//! draw can be regenerated alone. Uniforms are the top 53 bits of `next_u64` / 2⁵³. Gamma
//! variates (for Dirichlet weights) use Marsaglia–Tsang with Box–Muller normals, computed with
//! `libm` so that every platform draws the same numbers.

use super::spec::{Distribution, UncertaintySpec};
use crate::engine::Scorer;
use crate::error::{Error, Result};
use crate::spec::Aggregate;
use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// One uncertain input.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// The weight of `child` in `node` is nominal × a multiplier in [lo, hi].
    Weight {
        node: usize,
        child: usize,
        lo: f64,
        hi: f64,
        log: bool,
    },
    /// The shares of `node`'s children are Dirichlet(alpha).
    Dirichlet { node: usize, alpha: Vec<f64> },
    /// `node` aggregates with one of `choices`.
    Aggregate { node: usize, choices: Vec<Aggregate> },
    /// `indicator` is normalised by one of `count` alternatives (1-based slots).
    Normalise { indicator: usize, count: usize },
}

/// A factor described for people (and for the page).
#[derive(Debug, Clone, PartialEq)]
pub struct FactorInfo {
    /// `weight`, `dirichlet`, `aggregate` or `normalise`.
    pub kind: &'static str,
    /// Node (for weights and aggregates) or indicator id.
    pub target: String,
    /// The child whose weight varies (weights only).
    pub child: Option<String>,
    /// Multiplier range (weights) or Dirichlet concentration.
    pub range: Vec<f64>,
    /// The alternatives (methods).
    pub choices: Vec<String>,
    /// A short name: "weight of income in hdi", "aggregate of hdi", ...
    pub name: String,
}

/// The settings of one draw: every node's child weights and aggregation, every indicator's
/// normalisation slot (0 = the spec's own, j ≥ 1 = alternative j).
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// Per compiled node: the children's weights.
    pub weights: Vec<Vec<f64>>,
    /// Per compiled node: aggregation method and power-mean exponent.
    pub aggregates: Vec<(Aggregate, f64)>,
    /// Per indicator: normalisation slot.
    pub normalise: Vec<u32>,
}

/// Draws settings for one scorer and uncertainty spec.
pub(crate) struct Sampler {
    factors: Vec<Factor>,
    nominal: Setting,
    info: Vec<FactorInfo>,
    /// Alternatives per indicator (the normalisation lists), for the evaluator.
    pub(crate) normalise_alternatives: Vec<Vec<crate::spec::Normalise>>,
}

impl Sampler {
    pub(crate) fn new(s: &Scorer, u: &UncertaintySpec) -> Result<Sampler> {
        let tree = s.tree();
        let spec = s.spec();
        let mut factors = Vec::new();
        let mut info = Vec::new();
        for (i, node) in tree.nodes.iter().enumerate() {
            let noise = u.noise_for(&node.id);
            let live: Vec<usize> = (0..node.weights.len()).filter(|&c| node.weights[c] > 0.0).collect();
            if noise.fixed || live.len() < 2 {
                continue;
            }
            if let Some(c) = noise.dirichlet {
                let total: f64 = node.weights.iter().sum();
                let alpha = node.weights.iter().map(|w| c * w / total).collect();
                factors.push(Factor::Dirichlet { node: i, alpha });
                info.push(FactorInfo {
                    kind: "dirichlet",
                    target: node.id.clone(),
                    child: None,
                    range: vec![c],
                    choices: Vec::new(),
                    name: format!("weights in {}", node.id),
                });
                continue;
            }
            let [lo, hi] = noise.range.unwrap_or([0.5, 2.0]);
            let log = noise.distribution == Some(Distribution::Loguniform);
            for c in live {
                factors.push(Factor::Weight {
                    node: i,
                    child: c,
                    lo,
                    hi,
                    log,
                });
                info.push(FactorInfo {
                    kind: "weight",
                    target: node.id.clone(),
                    child: Some(node.child_ids[c].clone()),
                    range: vec![lo, hi],
                    choices: Vec::new(),
                    name: format!("weight of {} in {}", node.child_ids[c], node.id),
                });
            }
        }
        let mut normalise_alternatives = vec![Vec::new(); spec.indicators.len()];
        for alt in &u.alternatives {
            if let (Some(id), Some(list)) = (&alt.node, &alt.aggregate) {
                let node = tree.node_or_err(id)?;
                factors.push(Factor::Aggregate {
                    node,
                    choices: list.clone(),
                });
                info.push(FactorInfo {
                    kind: "aggregate",
                    target: id.clone(),
                    child: None,
                    range: Vec::new(),
                    choices: list.iter().map(|a| format!("{a:?}").to_ascii_lowercase()).collect(),
                    name: format!("aggregation of {id}"),
                });
            }
            if let (Some(id), Some(list)) = (&alt.indicator, &alt.normalise) {
                let k = spec
                    .indicators
                    .iter()
                    .position(|i| &i.id == id)
                    .ok_or_else(|| Error::Unknown {
                        what: "indicator",
                        id: id.clone(),
                        hint: None,
                    })?;
                normalise_alternatives[k] = list.clone();
                factors.push(Factor::Normalise {
                    indicator: k,
                    count: list.len(),
                });
                info.push(FactorInfo {
                    kind: "normalise",
                    target: id.clone(),
                    child: None,
                    range: Vec::new(),
                    choices: list.iter().map(normalise_name).collect(),
                    name: format!("normalisation of {id}"),
                });
            }
        }
        let nominal = Setting {
            weights: tree.nodes.iter().map(|n| n.weights.clone()).collect(),
            aggregates: tree.nodes.iter().map(|n| (n.aggregate, n.p)).collect(),
            normalise: vec![0; spec.indicators.len()],
        };
        Ok(Sampler {
            factors,
            nominal,
            info,
            normalise_alternatives,
        })
    }

    pub(crate) fn nominal(&self) -> Setting {
        self.nominal.clone()
    }

    pub(crate) fn info(&self) -> Vec<FactorInfo> {
        self.info.clone()
    }

    /// Number of independent inputs (for Sobol; Dirichlet factors excluded by `check_sobol`).
    pub(crate) fn dimension(&self) -> usize {
        self.factors.len()
    }

    pub(crate) fn check_sobol(&self) -> Result<()> {
        for (f, i) in self.factors.iter().zip(&self.info) {
            if let Factor::Dirichlet { .. } = f {
                return Err(Error::Invalid(format!(
                    "Sobol indices need independent inputs: node '{}' draws its weights from a Dirichlet; give it a \"range\" instead",
                    i.target
                )));
            }
        }
        if self.factors.is_empty() {
            return Err(Error::Invalid(
                "nothing varies: every node has fixed weights or a single child".into(),
            ));
        }
        Ok(())
    }

    /// Fills `out` with draw `d` of `seed`.
    pub(crate) fn draw(&self, seed: u32, d: u32, out: &mut Setting) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(((seed as u64) << 32) | d as u64);
        self.reset(out);
        for f in &self.factors {
            match f {
                Factor::Dirichlet { node, alpha } => {
                    for (w, &a) in out.weights[*node].iter_mut().zip(alpha) {
                        *w = if a > 0.0 { gamma(&mut rng, a) } else { 0.0 };
                    }
                    if out.weights[*node].iter().all(|&w| w == 0.0) {
                        out.weights[*node].clone_from(&self.nominal.weights[*node]);
                        // all underflowed
                    }
                }
                _ => {
                    let u = uniform(&mut rng);
                    self.apply(f, u, out);
                }
            }
        }
    }

    /// Fills `out` from a point of the unit cube, one coordinate per factor (Sobol).
    pub(crate) fn fill_from_unit_cube(&self, x: &[f64], out: &mut Setting) {
        self.reset(out);
        for (f, &u) in self.factors.iter().zip(x) {
            self.apply(f, u, out);
        }
    }

    fn reset(&self, out: &mut Setting) {
        for (w, n) in out.weights.iter_mut().zip(&self.nominal.weights) {
            w.copy_from_slice(n);
        }
        out.aggregates.copy_from_slice(&self.nominal.aggregates);
        out.normalise.copy_from_slice(&self.nominal.normalise);
    }

    fn apply(&self, f: &Factor, u: f64, out: &mut Setting) {
        match *f {
            Factor::Weight {
                node,
                child,
                lo,
                hi,
                log,
            } => {
                let m = if log {
                    libm::exp(libm::log(lo) + u * (libm::log(hi) - libm::log(lo)))
                } else {
                    lo + u * (hi - lo)
                };
                out.weights[node][child] = self.nominal.weights[node][child] * m;
            }
            Factor::Aggregate { node, ref choices } => {
                let a = choices[pick(u, choices.len())];
                out.aggregates[node] = (a, power_of(a));
            }
            Factor::Normalise { indicator, count } => out.normalise[indicator] = pick(u, count) as u32 + 1,
            Factor::Dirichlet { .. } => {}
        }
    }

    /// Wraps a scoring error with the draw that caused it.
    pub(crate) fn draw_error(&self, d: u32, setting: &Setting, e: Error) -> Error {
        let mut what = Vec::new();
        for (f, i) in self.factors.iter().zip(&self.info) {
            match *f {
                Factor::Aggregate { node, .. } => what.push(format!("{} = {:?}", i.name, setting.aggregates[node].0)),
                Factor::Normalise { indicator, .. } => {
                    let slot = setting.normalise[indicator] as usize;
                    what.push(format!(
                        "{} = {}",
                        i.name,
                        i.choices.get(slot.wrapping_sub(1)).map_or("spec", |s| s)
                    ));
                }
                _ => {}
            }
        }
        let settings = if what.is_empty() {
            String::new()
        } else {
            format!(" ({})", what.join(", "))
        };
        Error::Invalid(format!("uncertainty draw {d}{settings}: {e}"))
    }
}

fn pick(u: f64, n: usize) -> usize {
    ((u * n as f64) as usize).min(n - 1)
}

fn power_of(a: Aggregate) -> f64 {
    match a {
        Aggregate::Geometric => 0.0,
        Aggregate::Harmonic => -1.0,
        _ => 1.0,
    }
}

fn normalise_name(n: &crate::spec::Normalise) -> String {
    n.name().to_string()
}

/// Uniform in [0, 1) from the top 53 bits.
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform in (0, 1), for logarithms.
fn open_uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let (u, v) = (open_uniform(rng), uniform(rng));
    libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v)
}

/// Gamma(shape a, scale 1) by Marsaglia and Tsang (2000); for a < 1 via Gamma(a + 1)·U^(1/a).
fn gamma(rng: &mut Xoshiro256PlusPlus, a: f64) -> f64 {
    if a < 1.0 {
        let g = gamma(rng, a + 1.0);
        return g * libm::pow(open_uniform(rng), 1.0 / a);
    }
    let d = a - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_uniform(rng);
        if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
            return d * v;
        }
    }
}

impl crate::json::ToJson for FactorInfo {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("kind", &self.kind);
        w.field("target", &self.target);
        w.some("child", &self.child);
        w.nonempty("range", &self.range);
        w.nonempty("choices", &self.choices);
        w.field("name", &self.name);
        w.end_object();
    }
}

impl crate::json::ToJson for Setting {
    /// The weights and normalisation slots (the aggregates are in the weights' nodes' specs).
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("weights", &self.weights);
        w.field("normalise", &self.normalise);
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_has_the_right_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for a in [0.3, 1.0, 4.5] {
            let n = 200_000;
            let xs: Vec<f64> = (0..n).map(|_| gamma(&mut rng, a)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
            // Gamma(a, 1): mean a, variance a; standard error of the mean sqrt(a/n).
            assert!((mean - a).abs() < 5.0 * (a / n as f64).sqrt(), "a {a}: mean {mean}");
            assert!((var - a).abs() / a < 0.05, "a {a}: variance {var}");
        }
    }
}
