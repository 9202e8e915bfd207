//! Necessary and possible ranks over every admissible weighting (and method alternative).
//!
//! Admissible weights: each child weight of a node lies in a box — [lo·w, hi·w] for a `range`,
//! {w} when fixed, [0, 1] per live child for a `dirichlet` (its support is every share vector).
//!
//! **Pairwise relations.** For units a, b and an arithmetic node whose children are present for
//! both, D = S(a) − S(b) = scale · Σ w_c d_c / Σ w_c, where d_c is the children's difference.
//! Different nodes have disjoint weights and D increases with every d_c, so the minimum of D over
//! all nested boxes is found inside out: take each child's minimum d_c, then minimise the
//! linear-fractional Σ w m / Σ w over the node's box — its minimum is at a vertex where the
//! children with the smallest m take their upper weight and the rest their lower weight, so
//! checking the k + 1 thresholds of the sorted m is exact. Likewise for the maximum. For a leaf,
//! d is the difference of the two units' normalised values, under each normalisation
//! alternative (the same choice applies to both units). This is **exact** for trees of
//! arithmetic nodes at any depth.
//!
//! **Everything else is a bound.** For a node that is not arithmetic (geometric, harmonic,
//! power mean, or with aggregation alternatives), or where a unit misses a child, D is bounded
//! by the units' own score ranges: D ∈ [low(a) − high(b), high(a) − low(b)]. Each unit's range
//! is exact for a monotone mean (the same linear-fractional argument on ln x or x^p), but the
//! difference of two ranges ignores that both units share the weights, so it is wider than the
//! true range. An arithmetic node above such a node is then exact given those bounds.
//!
//! **Ranks.** v necessarily beats u if min D(v, u) > 0 (or, with `rank.round = d`, if min D
//! exceeds one rounding step 10^−d, which guarantees a strictly higher rounded score); v possibly
//! beats u if max D(v, u) > 0. Then `best = 1 + #necessary winners` and `worst = 1 + #possible
//! winners`. Both are **bounds** on the ranks with `ties: "min"` — valid for every admissible
//! weighting — but not always attained, since the weighting that makes one rival win need not
//! make the others win too. Differences within a relative 10⁻⁹ of zero count as possible ties
//! (neither necessary nor excluded), so that rounding in the scoring arithmetic cannot break the
//! bounds. Above [`PAIRWISE_LIMIT`] units only the score ranges are compared (looser bounds).
//! Where a node's `minCoverage` makes a unit's presence depend on the weights, the count is
//! conservative: a rival that may drop out is never a necessary winner, and a nominally unranked
//! unit that may come in counts as a possible winner against everyone.

use std::borrow::Cow;

use super::sample::Sampler;
use super::spec::UncertaintySpec;
use crate::engine::Scorer;
use crate::error::Result;
use crate::normalise::normalise_into;
use crate::spec::Aggregate;
use crate::tree::Child;
use tolok_kernels::{PairChild, PairNode, PairScratch, PairTree};

/// Largest number of units for which pairwise relations are computed.
pub const PAIRWISE_LIMIT: usize = 2_000;

/// Best and worst possible ranks, with each unit's score range.
#[derive(Debug, Clone, PartialEq)]
pub struct RankBounds {
    pub best: Vec<f64>,
    pub worst: Vec<f64>,
    /// Lowest and highest root score each unit can take.
    pub score_low: Vec<f64>,
    pub score_high: Vec<f64>,
    /// `pairwise` (relations computed per pair) or `intervals` (score ranges only).
    pub method: &'static str,
    /// True when every pairwise relation was exact (an arithmetic tree, all children present).
    pub exact: bool,
}

/// Computes the bounds for the scorer's units under `u`'s weight boxes and alternatives.
pub fn rank_bounds(s: &Scorer, u: &UncertaintySpec) -> Result<RankBounds> {
    let model = Model::new(s, u)?;
    let n = s.len();
    let root = model.nodes.len() - 1;
    let (low, high) = model.unit_ranges();
    let scale = (0..n)
        .filter(|&i| !low[i * model.m + root].is_nan())
        .map(|i| high[i * model.m + root].abs())
        .fold(0.0, f64::max);
    let tol = 1e-9 * scale.max(f64::MIN_POSITIVE);
    let step = s.spec().rank.round.map_or(0.0, |d| 10f64.powi(-(d as i32)));
    let margin = tol + step * (1.0 + 1e-9);
    let lo_root: Vec<f64> = (0..n).map(|i| low[i * model.m + root]).collect();
    let hi_root: Vec<f64> = (0..n).map(|i| high[i * model.m + root]).collect();
    let ranked: Vec<usize> = (0..n)
        .filter(|&i| !lo_root[i].is_nan() && !s.ranks()[i].is_nan())
        .collect();
    let (may_vanish, may_appear) = model.coverage_flags();
    let appearing = may_appear.iter().filter(|&&a| a).count();
    let pairwise = n <= PAIRWISE_LIMIT;
    let mut nec = vec![0usize; n];
    let mut pos = vec![0usize; n];
    let mut all_exact = true;
    if pairwise {
        // Each unordered pair once: D(u, v) ranges over [dmin, dmax], D(v, u) over [−dmax, −dmin].
        let pairs = model.pair_tree(&low, &high);
        let mut scratch = PairScratch::default();
        let nominal = model.nominal_is_admissible().then(|| s.root_scores());
        let mut count = |winner: usize, loser: usize, dmin: f64, dmax: f64| {
            if dmin > margin && !may_vanish[winner] {
                nec[loser] += 1;
            }
            if dmax > -tol {
                pos[loser] += 1;
            }
        };
        for (x, &a) in ranked.iter().enumerate() {
            for &b in &ranked[x + 1..] {
                let clear_a = lo_root[a] - hi_root[b] > margin;
                let clear_b = lo_root[b] - hi_root[a] > margin;
                let (dmin, dmax) = if clear_a || clear_b {
                    (lo_root[a] - hi_root[b], hi_root[a] - lo_root[b])
                } else if let Some(d) = nominal.map(|r| r[a] - r[b]) {
                    // The nominal difference d lies in [dmin, dmax]. For d ≥ 0, dmax ≥ 0: a
                    // possibly beats b and b never necessarily beats a, whatever dmax is, so only
                    // dmin is computed and d stands in for dmax. For d < 0, likewise with a and b
                    // swapped. Half the linear-fractional programs, the same counts.
                    if d >= 0.0 {
                        let (dmin, _, exact) = pairs.range(a, b, &mut scratch, false);
                        all_exact &= exact;
                        (dmin, d)
                    } else {
                        let (dmin_ba, _, exact) = pairs.range(b, a, &mut scratch, false);
                        all_exact &= exact;
                        (d, -dmin_ba)
                    }
                } else {
                    let (dmin, dmax, exact) = pairs.range(a, b, &mut scratch, true);
                    all_exact &= exact;
                    (dmin, dmax)
                };
                count(a, b, dmin, dmax);
                count(b, a, -dmax, -dmin);
            }
        }
    } else {
        // Score ranges only, counted by binary search over the sorted lows and highs.
        let mut lows: Vec<f64> = ranked
            .iter()
            .filter(|&&v| !may_vanish[v])
            .map(|&v| lo_root[v])
            .collect();
        let mut highs: Vec<f64> = ranked.iter().map(|&v| hi_root[v]).collect();
        crate::stats::sort_f64(&mut lows);
        crate::stats::sort_f64(&mut highs);
        for &u in &ranked {
            nec[u] = lows.len() - lows.partition_point(|&l| l - hi_root[u] <= margin);
            // Every unit's own high exceeds its low − tol, so it counts itself once: subtract it.
            pos[u] = highs.len() - highs.partition_point(|&h| h - lo_root[u] <= -tol) - 1;
        }
    }
    let mut best = vec![f64::NAN; n];
    let mut worst = vec![f64::NAN; n];
    for &u in &ranked {
        best[u] = (1 + nec[u]) as f64;
        worst[u] = (1 + pos[u] + appearing) as f64;
    }
    Ok(RankBounds {
        best,
        worst,
        score_low: lo_root,
        score_high: hi_root,
        method: if pairwise { "pairwise" } else { "intervals" },
        exact: pairwise && all_exact,
    })
}

impl RankBounds {
    /// No bounds (the analysis was asked without them): every value NaN, method `none`.
    pub fn none(n: usize) -> RankBounds {
        RankBounds {
            best: vec![f64::NAN; n],
            worst: vec![f64::NAN; n],
            score_low: vec![f64::NAN; n],
            score_high: vec![f64::NAN; n],
            method: "none",
            exact: false,
        }
    }
}

/// The minimum and maximum of S(a) − S(b) over every admissible weighting, and whether both are
/// exact (see the module documentation); `a` and `b` are unit indices.
pub fn pair_range(s: &Scorer, u: &UncertaintySpec, a: usize, b: usize) -> Result<(f64, f64, bool)> {
    let model = Model::new(s, u)?;
    let (low, high) = model.unit_ranges();
    Ok(model
        .pair_tree(&low, &high)
        .range(a, b, &mut PairScratch::default(), true))
}

/// Per node: the weight box and the aggregation options; per indicator: the candidate columns.
struct Model<'s> {
    s: &'s Scorer,
    nodes: Vec<NodeModel>,
    /// Per indicator: the nominal column and every alternative.
    columns: Vec<Vec<Cow<'s, [f64]>>>,
    /// Number of nodes (stride of the per-unit range arrays).
    m: usize,
}

struct NodeModel {
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// (aggregate, p) options: the node's own and its alternatives.
    options: Vec<(Aggregate, f64)>,
    arithmetic: bool,
}

impl<'s> Model<'s> {
    fn new(s: &'s Scorer, u: &UncertaintySpec) -> Result<Model<'s>> {
        let sampler = Sampler::new(s, u)?;
        let tree = s.tree();
        let spec = s.spec();
        let nodes = tree
            .nodes
            .iter()
            .map(|n| {
                let noise = u.noise_for(&n.id);
                let live = n.weights.iter().filter(|&&w| w > 0.0).count();
                let (lo, hi): (Vec<f64>, Vec<f64>) = n
                    .weights
                    .iter()
                    .map(
                        |&w| match (noise.fixed || live < 2 || w == 0.0, noise.dirichlet, noise.range) {
                            (true, _, _) => (w, w),
                            (false, Some(_), _) => (0.0, 1.0),
                            (false, None, Some([a, b])) => (w * a, w * b),
                            (false, None, None) => (w * 0.5, w * 2.0),
                        },
                    )
                    .unzip();
                let mut options = vec![(n.aggregate, n.p)];
                for alt in &u.alternatives {
                    if alt.node.as_deref() == Some(n.id.as_str()) {
                        for a in alt.aggregate.iter().flatten() {
                            let p = match a {
                                Aggregate::Geometric => 0.0,
                                Aggregate::Harmonic => -1.0,
                                _ => 1.0,
                            };
                            options.push((*a, p));
                        }
                    }
                }
                let arithmetic = options
                    .iter()
                    .all(|&(a, p)| a == Aggregate::Arithmetic || (a == Aggregate::Mean && p == 1.0));
                NodeModel {
                    lo,
                    hi,
                    options,
                    arithmetic,
                }
            })
            .collect::<Vec<_>>();
        let columns = spec
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                let mut cols = vec![Cow::Borrowed(s.normalised(k))];
                let raw = s.table().column(ind.column()).unwrap_or(&[]);
                for m in &sampler.normalise_alternatives[k] {
                    let mut c = Vec::new();
                    normalise_into(raw, m, ind.direction, &mut c);
                    cols.push(Cow::Owned(c));
                }
                cols
            })
            .collect();
        let m = nodes.len();
        Ok(Model { s, nodes, columns, m })
    }

    /// Every unit's [low, high] score per node, as flat N × m arrays (NaN = missing).
    fn unit_ranges(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.s.len();
        let tree = self.s.tree();
        let mut low = vec![f64::NAN; n * self.m];
        let mut high = vec![f64::NAN; n * self.m];
        let (mut vlo, mut vhi, mut wl, mut wh) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for u in 0..n {
            for (i, node) in tree.nodes.iter().enumerate() {
                if self.s.node_scores(i)[u].is_nan() {
                    continue; // missing in the nominal scoring: taken as missing throughout
                }
                let nm = &self.nodes[i];
                vlo.clear();
                vhi.clear();
                wl.clear();
                wh.clear();
                for (c, child) in node.children.iter().enumerate() {
                    let (a, b) = match *child {
                        Child::Indicator(k) => self.columns[k]
                            .iter()
                            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), col| {
                                (a.min(col[u]), b.max(col[u]))
                            }),
                        Child::Node(k) => (low[u * self.m + k], high[u * self.m + k]),
                    };
                    if a.is_nan() || b.is_nan() || a == f64::INFINITY || nm.hi[c] == 0.0 {
                        continue;
                    }
                    vlo.push(a);
                    vhi.push(b);
                    wl.push(nm.lo[c]);
                    wh.push(nm.hi[c]);
                }
                if vlo.is_empty() {
                    continue;
                }
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &(agg, p) in &nm.options {
                    let (a, b) = mean_range(agg, p, node.floor, &vlo, &vhi, &wl, &wh);
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
                low[u * self.m + i] = lo * node.scale;
                high[u * self.m + i] = hi * node.scale;
            }
        }
        (low, high)
    }

    /// Per unit: whether some admissible weighting drops its share of present weight below a
    /// node's `minCoverage` (the unit may vanish from the ranking), or lifts a nominally missing
    /// node above it (the unit may appear). Either makes the bounds count it conservatively.
    fn coverage_flags(&self) -> (Vec<bool>, Vec<bool>) {
        let n = self.s.len();
        let tree = self.s.tree();
        let (mut vanish, mut appear) = (vec![false; n], vec![false; n]);
        let (mut m, mut wl, mut wh) = (Vec::new(), Vec::new(), Vec::new());
        for (i, node) in tree.nodes.iter().enumerate() {
            if node.missing != crate::spec::Missing::Skip || node.min_coverage <= 0.0 {
                continue;
            }
            let nm = &self.nodes[i];
            for u in 0..n {
                m.clear();
                wl.clear();
                wh.clear();
                for (c, child) in node.children.iter().enumerate() {
                    let present = match *child {
                        Child::Indicator(k) => !self.s.normalised(k)[u].is_nan(),
                        Child::Node(k) => !self.s.node_scores(k)[u].is_nan(),
                    };
                    m.push(if present { 1.0 } else { 0.0 });
                    wl.push(nm.lo[c]);
                    wh.push(nm.hi[c]);
                }
                if !m.contains(&1.0) {
                    continue;
                }
                let neg: Vec<f64> = m.iter().map(|x| -x).collect();
                let (cmin, cmax) = (lf_min_cold(&m, &wl, &wh), -lf_min_cold(&neg, &wl, &wh));
                if self.s.node_scores(i)[u].is_nan() {
                    appear[u] |= cmax >= node.min_coverage;
                } else {
                    vanish[u] |= cmin < node.min_coverage;
                }
            }
        }
        // A unit unranked in the nominal scoring only matters if it may appear.
        for (a, r) in appear.iter_mut().zip(self.s.ranks()) {
            *a &= r.is_nan();
        }
        (vanish, appear)
    }

    /// True when the spec's own setting — its weights, aggregations and normalisations — is one
    /// of the admissible ones and every relation is exact (every node arithmetic, no per-unit
    /// weights): then each pair's nominal score difference lies within its exact range.
    fn nominal_is_admissible(&self) -> bool {
        let inside = |w: &[f64], m: &NodeModel, t: f64| {
            w.iter()
                .zip(m.lo.iter().zip(&m.hi))
                .all(|(&w, (&lo, &hi))| lo <= w * t && w * t <= hi)
        };
        self.s.tree().nodes.iter().zip(&self.nodes).all(|(n, m)| {
            // Weights count only relative to their siblings: w or w / max w may be the one inside.
            let top = n.weights.iter().fold(0.0, |a: f64, &b| a.max(b));
            m.arithmetic
                && n.unit_weights.is_none()
                && (inside(&n.weights, m, 1.0) || (top > 0.0 && inside(&n.weights, m, 1.0 / top)))
        })
    }

    /// The tree flattened for the pairwise loop (in kernels/, compiled for speed): the live
    /// children of each node with their weight boxes, and the units' score ranges.
    fn pair_tree<'m>(&'m self, low: &'m [f64], high: &'m [f64]) -> PairTree<'m> {
        let tree = self.s.tree();
        let nodes = tree
            .nodes
            .iter()
            .zip(&self.nodes)
            .enumerate()
            .map(|(i, (node, nm))| {
                let live: Vec<usize> = (0..node.children.len()).filter(|&c| nm.hi[c] != 0.0).collect();
                PairNode {
                    scale: node.scale,
                    arithmetic: nm.arithmetic,
                    scores: self.s.node_scores(i),
                    children: live
                        .iter()
                        .map(|&c| match node.children[c] {
                            Child::Indicator(k) => {
                                PairChild::Indicator(self.columns[k].iter().map(|c| c.as_ref()).collect())
                            }
                            Child::Node(k) => PairChild::Node(k),
                        })
                        .collect(),
                    lo: live.iter().map(|&c| nm.lo[c]).collect(),
                    hi: live.iter().map(|&c| nm.hi[c]).collect(),
                }
            })
            .collect();
        PairTree { nodes, low, high }
    }
}

/// Range of a weighted power mean of children in [lo_c, hi_c] with weights in [wl_c, wh_c]
/// (the mean increases in every child, so its minimum takes every lo_c and its maximum every hi_c).
fn mean_range(
    agg: Aggregate,
    p: f64,
    floor: Option<f64>,
    lo: &[f64],
    hi: &[f64],
    wl: &[f64],
    wh: &[f64],
) -> (f64, f64) {
    let fl = |x: f64| floor.map_or(x, |f| x.max(f));
    let p = match agg {
        Aggregate::Arithmetic => 1.0,
        Aggregate::Geometric => 0.0,
        Aggregate::Harmonic => -1.0,
        Aggregate::Mean => p,
        // Penalised, distance-based and outranking methods are not monotone per unit (or depend
        // on the other units): no finite range is claimed, so the bounds stay valid but trivial.
        _ => return (f64::NEG_INFINITY, f64::INFINITY),
    };
    let map = |v: &[f64], g: &dyn Fn(f64) -> f64| v.iter().map(|&x| g(fl(x))).collect::<Vec<f64>>();
    if p == 1.0 {
        let (a, b) = (map(lo, &|x| x), map(hi, &|x| -x));
        (lf_min_cold(&a, wl, wh), -lf_min_cold(&b, wl, wh))
    } else if p == 0.0 {
        let ln = |x: f64| if x > 0.0 { libm::log(x) } else { f64::NEG_INFINITY };
        let (a, b) = (map(lo, &ln), map(hi, &|x| -ln(x)));
        (libm::exp(lf_min_cold(&a, wl, wh)), libm::exp(-lf_min_cold(&b, wl, wh)))
    } else {
        let pw = |x: f64| if x > 0.0 { libm::pow(x, p) } else { f64::NAN };
        // x^p increases for p > 0 and decreases for p < 0; the mean's 1/p power follows suit.
        let (a, b) = if p > 0.0 {
            (
                lf_min_cold(&map(lo, &pw), wl, wh),
                -lf_min_cold(&map(hi, &|x| -pw(x)), wl, wh),
            )
        } else {
            (
                -lf_min_cold(&map(lo, &|x| -pw(x)), wl, wh),
                lf_min_cold(&map(hi, &pw), wl, wh),
            )
        };
        (libm::pow(a, 1.0 / p), libm::pow(b, 1.0 / p))
    }
}

/// Minimum of Σ w·m / Σ w over the box wl ≤ w ≤ wh (Dinkelbach's iteration, in kernels/).
pub(crate) use tolok_kernels::lf_min;

/// [`lf_min`] out of line, for the callers that run once per unit and node rather than per pair:
/// one copy in the .wasm instead of one inlined at each of their ten calls.
#[inline(never)]
fn lf_min_cold(m: &[f64], wl: &[f64], wh: &[f64]) -> f64 {
    lf_min(m, wl, wh)
}

impl crate::json::ToJson for RankBounds {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("best", &self.best);
        w.field("worst", &self.worst);
        w.field("scoreLow", &self.score_low);
        w.field("scoreHigh", &self.score_high);
        w.field("method", &self.method);
        w.field("exact", &self.exact);
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_fractional_minimum_matches_a_grid() {
        let m = [0.3, -0.2, 0.9, 0.1];
        let wl = [0.5, 1.0, 0.2, 0.0];
        let wh = [2.0, 3.0, 1.0, 1.5];
        let exact = lf_min(&m, &wl, &wh);
        let mut grid_min = f64::INFINITY;
        let steps = 12;
        let pt = |c: usize, i: usize| wl[c] + (wh[c] - wl[c]) * i as f64 / steps as f64;
        for a in 0..=steps {
            for b in 0..=steps {
                for c in 0..=steps {
                    for d in 0..=steps {
                        let w = [pt(0, a), pt(1, b), pt(2, c), pt(3, d)];
                        let r = w.iter().zip(&m).map(|(w, m)| w * m).sum::<f64>() / w.iter().sum::<f64>();
                        grid_min = grid_min.min(r);
                    }
                }
            }
        }
        // The grid contains every vertex, where the minimum lies: equal up to rounding.
        assert!((exact - grid_min).abs() < 1e-15, "{exact} vs {grid_min}");
    }
}
