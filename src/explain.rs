//! Contributions: how much of a unit's root score each node and indicator accounts for.
//!
//! The root's contribution is its score. Going down, a node's contribution is split among its
//! present children in proportion to their terms in the node's mean:
//! - arithmetic: w·x — an exact decomposition: in an arithmetic tree the indicators'
//!   contributions add up to the root score (scales included);
//! - geometric: w·ln x (log-shares: each child's share of ln of the node's mean, which is the
//!   exact decomposition of the log of the score);
//! - harmonic and power means: w·x^p (each child's share of Σw·x^p).
//!
//! - Benefit of the Doubt: the unit's own weight × x (exact: the terms add up to the score);
//! - `min`: the children at the minimum share it (by weight), the others get 0;
//! - `mpi`, `ampi`, `topsis`, `vikor`, `copeland`: no additive decomposition exists, so the
//!   contribution is split by weight among the present children.
//!
//! When the terms add to zero (e.g. a geometric mean equal to 1) the split is by weight. The
//! children's contributions always add up to their node's contribution. A missing child's
//! contribution is NaN, and every contribution of an unscored unit is NaN.

use crate::engine::Scorer;
use crate::spec::Aggregate;
use crate::tree::Child;

/// A unit's contributions: one per node (compiled order) and one per indicator (spec order).
#[derive(Debug, Clone, PartialEq)]
pub struct Contributions {
    pub nodes: Vec<f64>,
    pub indicators: Vec<f64>,
}

impl Scorer {
    /// Contributions of every node and indicator to unit `u`'s root score.
    pub fn contributions_of(&self, u: usize) -> Contributions {
        let tree = self.tree();
        let mut nodes = vec![f64::NAN; tree.nodes.len()];
        let mut indicators = vec![f64::NAN; self.spec().indicators.len()];
        let root = tree.root();
        nodes[root] = self.node_scores(root)[u];
        for i in (0..tree.nodes.len()).rev() {
            let total = nodes[i];
            if total.is_nan() {
                continue;
            }
            let node = &tree.nodes[i];
            let value = |c: &Child| match *c {
                Child::Indicator(k) => self.normalised(k)[u],
                Child::Node(k) => self.node_scores(k)[u],
            };
            let values: Vec<f64> = node.children.iter().map(value).collect();
            let terms: Vec<f64> = node
                .children
                .iter()
                .zip(&node.weights)
                .enumerate()
                .map(|(k, (c, &w))| {
                    let x = value(c);
                    if x.is_nan() || w == 0.0 {
                        return if x.is_nan() { f64::NAN } else { 0.0 };
                    }
                    if let Some(t) = crate::mcda::explain_term(node, u, k, x, &values) {
                        return t;
                    }
                    let x = node.floor.map_or(x, |f| x.max(f));
                    match node.aggregate {
                        Aggregate::Arithmetic => w * x,
                        Aggregate::Geometric => w * libm::log(x),
                        Aggregate::Mean if node.p == 1.0 => w * x,
                        Aggregate::Mean if node.p == 0.0 => w * libm::log(x),
                        _ => w * libm::pow(x, node.p),
                    }
                })
                .collect();
            let sum: f64 = terms.iter().filter(|t| !t.is_nan()).sum();
            let present_weight: f64 = terms
                .iter()
                .zip(&node.weights)
                .filter(|(t, _)| !t.is_nan())
                .map(|(_, w)| w)
                .sum();
            for ((c, t), &w) in node.children.iter().zip(&terms).zip(&node.weights) {
                let share = if t.is_nan() {
                    f64::NAN
                } else if sum != 0.0 {
                    t / sum
                } else {
                    w / present_weight
                };
                let contribution = total * share;
                match *c {
                    Child::Indicator(k) => indicators[k] = contribution,
                    Child::Node(k) => nodes[k] = contribution,
                }
            }
        }
        Contributions { nodes, indicators }
    }
}
