//! Scoring one draw: the scorer's cached normalised columns (or precomputed alternative
//! normalisations) re-aggregated with a draw's weights and methods, with the same aggregation,
//! rounding and ranking code as the scorer itself — so the nominal setting reproduces the
//! scorer's ranks exactly. Buffers are allocated once; a draw allocates nothing (for trees whose
//! nodes have at most 32 children).

use super::sample::{Sampler, Setting};
use crate::aggregate::aggregate_into;
use crate::engine::Scorer;
use crate::error::Result;
use crate::normalise::normalise_into;
use crate::rank::{round_to, Ranker};
use crate::tree::{Child, CompiledNode};

pub(crate) struct Evaluator<'s> {
    scorer: &'s Scorer,
    nodes: Vec<CompiledNode>,
    /// Alternative normalised columns, then one output column per node.
    arena: Vec<Vec<f64>>,
    /// Per indicator: arena index of alternative 1 (alternative j is at base + j − 1).
    alt_base: Vec<usize>,
    node_base: usize,
    /// Per indicator: current slot (0 = the scorer's own column).
    slots: Vec<u32>,
    rounded: Vec<f64>,
    ranks: Vec<f64>,
    order: Vec<u32>,
    ranker: Ranker,
    effective: Vec<f64>,
    node_share: Vec<f64>,
}

const STACK_CHILDREN: usize = 32;

impl<'s> Evaluator<'s> {
    pub(crate) fn new(scorer: &'s Scorer, sampler: &Sampler) -> Result<Evaluator<'s>> {
        let spec = scorer.spec();
        let raw = |k: usize| scorer.table().column(spec.indicators[k].column()).unwrap_or(&[]);
        let mut arena = Vec::new();
        let mut alt_base = Vec::with_capacity(spec.indicators.len());
        for (k, alts) in sampler.normalise_alternatives.iter().enumerate() {
            alt_base.push(arena.len());
            for m in alts {
                let mut col = Vec::with_capacity(scorer.len());
                normalise_into(raw(k), m, spec.indicators[k].direction, &mut col);
                arena.push(col);
            }
        }
        let node_base = arena.len();
        let tree = scorer.tree();
        arena.extend(tree.nodes.iter().map(|_| Vec::with_capacity(scorer.len())));
        Ok(Evaluator {
            scorer,
            nodes: tree.nodes.clone(),
            arena,
            alt_base,
            node_base,
            slots: vec![0; spec.indicators.len()],
            rounded: Vec::with_capacity(scorer.len()),
            ranks: Vec::with_capacity(scorer.len()),
            order: Vec::with_capacity(scorer.len()),
            ranker: Ranker::default(),
            effective: vec![0.0; spec.indicators.len()],
            node_share: vec![0.0; tree.nodes.len()],
        })
    }

    /// Scores and ranks one setting.
    pub(crate) fn run(&mut self, setting: &Setting) -> Result<()> {
        for (node, (w, &(agg, p))) in self
            .nodes
            .iter_mut()
            .zip(setting.weights.iter().zip(&setting.aggregates))
        {
            node.weights.copy_from_slice(w);
            node.aggregate = agg;
            node.p = p;
        }
        self.slots.copy_from_slice(&setting.normalise);
        let ids = self.scorer.table().ids();
        for i in 0..self.nodes.len() {
            let (before, rest) = self.arena.split_at_mut(self.node_base + i);
            let node = &self.nodes[i];
            let column = |c: &Child| -> &[f64] {
                match *c {
                    Child::Indicator(k) => match self.slots[k] {
                        0 => self.scorer.normalised(k),
                        j => &before[self.alt_base[k] + j as usize - 1],
                    },
                    Child::Node(k) => &before[self.node_base + k],
                }
            };
            if node.children.len() <= STACK_CHILDREN {
                let mut buf: [&[f64]; STACK_CHILDREN] = [&[]; STACK_CHILDREN];
                for (b, c) in buf.iter_mut().zip(&node.children) {
                    *b = column(c);
                }
                aggregate_into(node, &buf[..node.children.len()], ids, &mut rest[0])?;
            } else {
                let inputs: Vec<&[f64]> = node.children.iter().map(column).collect();
                aggregate_into(node, &inputs, ids, &mut rest[0])?;
            }
        }
        let root = &self.arena[self.node_base + self.nodes.len() - 1];
        let spec = self.scorer.spec();
        self.rounded.clear();
        match spec.rank.round {
            Some(d) => self.rounded.extend(root.iter().map(|&x| round_to(x, d))),
            None => self.rounded.extend_from_slice(root),
        }
        self.ranker
            .rank(&self.rounded, spec.rank.ties, &mut self.ranks, &mut self.order);
        Ok(())
    }

    pub(crate) fn ranks(&self) -> &[f64] {
        &self.ranks
    }

    /// The last setting's ranks and (if asked) its effective indicator weights.
    pub(crate) fn ranks_and_weights(&mut self, weights: bool) -> (&[f64], &[f64]) {
        if weights {
            self.effective_weights();
            (&self.ranks, &self.effective)
        } else {
            (&self.ranks, &[])
        }
    }

    /// Effective indicator weights of the last setting: products of the shares down the tree.
    fn effective_weights(&mut self) {
        let root = self.nodes.len() - 1;
        self.node_share[root] = 1.0;
        for i in (0..self.nodes.len()).rev() {
            let n = &self.nodes[i];
            let total: f64 = n.weights.iter().sum();
            let share = self.node_share[i];
            for (c, &w) in n.children.iter().zip(&n.weights) {
                let s = share * w / total;
                match *c {
                    Child::Indicator(k) => self.effective[k] = s,
                    Child::Node(k) => self.node_share[k] = s,
                }
            }
        }
    }
}
