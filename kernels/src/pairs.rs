//! The inner loop of the exact pairwise rank bounds: the range of the score difference of two
//! units over every admissible weighting of a tree of arithmetic nodes (see tolok's
//! `uncertainty::bounds` for the method and why it is exact).

/// A tree flattened for [`PairTree::range`]: nodes children first, the root last.
#[derive(Debug, Clone, Default)]
pub struct PairTree<'a> {
    pub nodes: Vec<PairNode<'a>>,
    /// Every unit's [low, high] score per node, as flat N × nodes arrays (NaN = missing): the
    /// bounds used where a node is not arithmetic or a unit misses one of its children.
    pub low: &'a [f64],
    pub high: &'a [f64],
}

/// One node: its live children (weight box not {0}) with their weight boxes.
#[derive(Debug, Clone, Default)]
pub struct PairNode<'a> {
    pub scale: f64,
    /// Arithmetic (the only kind whose difference range is computed exactly).
    pub arithmetic: bool,
    /// The node's nominal scores: NaN where a unit is missing it.
    pub scores: &'a [f64],
    pub children: Vec<PairChild<'a>>,
    /// Lower and upper weight of each child.
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

/// A child: an indicator's columns (the nominal normalisation and every alternative; the same
/// choice applies to both units) or an earlier node.
#[derive(Debug, Clone)]
pub enum PairChild<'a> {
    Indicator(Vec<&'a [f64]>),
    Node(usize),
}

/// Per-node results and the children's differences of [`PairTree::range`], reused across pairs.
#[derive(Debug, Default, Clone)]
pub struct PairScratch {
    dmin: Vec<f64>,
    dmax: Vec<f64>,
    exact: Vec<bool>,
    m: Vec<f64>,
    mx: Vec<f64>,
}

impl PairTree<'_> {
    /// The minimum and maximum of S(a) − S(b) over every admissible weighting, and whether both
    /// are exact; with `both` false only the minimum (the maximum returned is then meaningless).
    ///
    /// Inside out: each child's minimum difference (an indicator's over its columns, a node's
    /// from below), then the node's minimum over its weight box, by [`lf_min`]; likewise for the
    /// maximum. A node that is not arithmetic, or whose child is missing for a or b, takes the
    /// difference of the units' score ranges instead (a bound, not exact).
    pub fn range(&self, a: usize, b: usize, sc: &mut PairScratch, both: bool) -> (f64, f64, bool) {
        let m = self.nodes.len();
        sc.dmin.resize(m, 0.0);
        sc.dmax.resize(m, 0.0);
        sc.exact.resize(m, true);
        for (i, node) in self.nodes.iter().enumerate() {
            let present = |u: usize| node.scores.get(u).is_some_and(|s| !s.is_nan());
            let mut separable = node.arithmetic && present(a) && present(b);
            if separable {
                sc.m.clear();
                sc.mx.clear();
                let mut exact = true;
                for child in &node.children {
                    let (dmin, dmax, ex) = match child {
                        PairChild::Indicator(cols) => {
                            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                            for col in cols {
                                let d = col[a] - col[b];
                                lo = lo.min(d);
                                hi = hi.max(d);
                            }
                            (lo, hi, true)
                        }
                        &PairChild::Node(k) => (sc.dmin[k], sc.dmax[k], sc.exact[k]),
                    };
                    if dmin.is_nan() || dmax.is_nan() || dmin == f64::INFINITY {
                        separable = false; // a child is missing for a or b
                        break;
                    }
                    exact &= ex;
                    sc.m.push(dmin);
                    if both {
                        sc.mx.push(-dmax);
                    }
                }
                if separable {
                    sc.dmin[i] = node.scale * lf_min(&sc.m, &node.lo, &node.hi);
                    // Not NaN, so that a parent does not take the node for missing.
                    sc.dmax[i] = if both {
                        -node.scale * lf_min(&sc.mx, &node.lo, &node.hi)
                    } else {
                        f64::INFINITY
                    };
                    sc.exact[i] = exact;
                    continue;
                }
            }
            let (la, ha) = (self.low[a * m + i], self.high[a * m + i]);
            let (lb, hb) = (self.low[b * m + i], self.high[b * m + i]);
            sc.dmin[i] = la - hb;
            sc.dmax[i] = ha - lb;
            sc.exact[i] = false;
        }
        (sc.dmin[m - 1], sc.dmax[m - 1], sc.exact[m - 1])
    }
}

/// Minimum of Σ w·m / Σ w over the box wl ≤ w ≤ wh, by Dinkelbach's iteration: for the
/// current ratio λ, the weighting that minimises Σ w (m − λ) puts the upper weight on every child
/// with m < λ and the lower weight on the rest; its ratio is the next λ. λ falls strictly until
/// that weighting's ratio no longer improves, which happens at the exact optimum (a vertex of
/// the box) after a few O(k) passes — no sorting, no allocation.
pub fn lf_min(m: &[f64], wl: &[f64], wh: &[f64]) -> f64 {
    let ratio = |lambda: f64, first: bool| {
        let (mut num, mut den) = (0.0, 0.0);
        for c in 0..m.len() {
            let w = if first || m[c] >= lambda { wl[c] } else { wh[c] };
            if w != 0.0 {
                num += w * m[c];
                den += w;
            }
        }
        if den > 0.0 {
            num / den
        } else {
            f64::INFINITY
        }
    };
    let mut lambda = ratio(0.0, true);
    if lambda == f64::INFINITY {
        // Every lower weight is 0 (a Dirichlet box): start from the upper weights.
        lambda = ratio(f64::INFINITY, false);
    }
    loop {
        let next = ratio(lambda, false);
        if next >= lambda || next.is_nan() {
            return lambda;
        }
        lambda = next;
    }
}
