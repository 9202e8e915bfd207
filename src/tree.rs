//! The spec's tree compiled into a flat list of aggregate nodes, children before parents (the
//! root is last), so that scoring is one pass and a weight change walks up parent links only.

use crate::error::{Error, Result};
use crate::spec::{Aggregate, Missing, Node, Penalty, Spec};
use crate::weights::{DerivedWeights, Weighting};

/// What a child of a node is: an indicator (index into the spec's indicators) or another node
/// (index into [`Tree::nodes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Indicator(usize),
    Node(usize),
}

/// One aggregate node with everything scoring needs, resolved from the spec.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompiledNode {
    pub id: String,
    pub label: Option<String>,
    pub aggregate: Aggregate,
    /// Power-mean exponent: 1 arithmetic, 0 geometric, −1 harmonic, or the node's `p`.
    pub p: f64,
    pub scale: f64,
    pub floor: Option<f64>,
    pub missing: Missing,
    pub min_coverage: f64,
    pub children: Vec<Child>,
    /// The children's ids (an indicator child's id is the indicator's id).
    pub child_ids: Vec<String>,
    pub weights: Vec<f64>,
    /// Parent node index, if any.
    pub parent: Option<usize>,
    /// VIKOR's v (0.5 unless the spec says otherwise).
    pub v: f64,
    /// Mazziotta–Pareto penalty.
    pub penalty: Option<Penalty>,
    /// Where the weights come from when not from the spec's `weight`s (see [`crate::weights`]);
    /// the engine derives them into `weights` (and `unit_weights`) before aggregating.
    pub weighting: Option<Weighting>,
    /// Benefit of the Doubt: each unit's own weights, row-major (unit, child).
    pub unit_weights: Option<Vec<f64>>,
    /// The last derivation's report.
    pub derived: Option<DerivedWeights>,
}

impl CompiledNode {
    /// Position of a child by id.
    pub fn child_position(&self, id: &str) -> Option<usize> {
        self.child_ids.iter().position(|c| c == id)
    }
}

/// The compiled tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Aggregate nodes in post-order: every child node comes before its parent; root last.
    pub nodes: Vec<CompiledNode>,
    /// For each indicator (spec order), its parent node index.
    pub indicator_parent: Vec<usize>,
}

impl Tree {
    /// Compiles a validated spec's tree.
    pub fn compile(spec: &Spec) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            indicator_parent: vec![0; spec.indicators.len()],
        };
        tree.add(spec, &spec.tree);
        let n = tree.nodes.len();
        for i in 0..n {
            for c in tree.nodes[i].children.clone() {
                match c {
                    Child::Node(k) => tree.nodes[k].parent = Some(i),
                    Child::Indicator(k) => tree.indicator_parent[k] = i,
                }
            }
        }
        tree
    }

    fn add(&mut self, spec: &Spec, node: &Node) -> usize {
        let specs = node.children.as_deref().unwrap_or(&[]);
        let mut children = Vec::with_capacity(specs.len());
        for c in specs {
            children.push(match &c.indicator {
                Some(ind) => Child::Indicator(spec.indicators.iter().position(|i| &i.id == ind).unwrap_or(0)),
                None => Child::Node(self.add(spec, c)),
            });
        }
        let aggregate = node.aggregate.unwrap_or_default();
        let p = match aggregate {
            Aggregate::Arithmetic => 1.0,
            Aggregate::Geometric => 0.0,
            Aggregate::Harmonic => -1.0,
            Aggregate::Mean => node.p.unwrap_or(1.0),
            _ => 1.0,
        };
        self.nodes.push(CompiledNode {
            id: node.key().to_string(),
            label: node.label.clone(),
            aggregate,
            p,
            scale: node.scale.unwrap_or(1.0),
            floor: node.floor,
            missing: node.missing.unwrap_or_default(),
            min_coverage: node.min_coverage.unwrap_or(0.0),
            child_ids: specs.iter().map(|c| c.key().to_string()).collect(),
            weights: specs.iter().map(Node::weight).collect(),
            children,
            parent: None,
            v: node.v.unwrap_or(0.5),
            penalty: node.penalty,
            weighting: node.weighting.clone(),
            unit_weights: None,
            derived: None,
        });
        self.nodes.len() - 1
    }

    /// The root's index.
    pub fn root(&self) -> usize {
        self.nodes.len() - 1
    }

    /// Index of a node by id.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Index of a node by id, or an error that lists the node ids.
    pub fn node_or_err(&self, id: &str) -> Result<usize> {
        self.node(id).ok_or_else(|| Error::Unknown {
            what: "node",
            id: id.to_string(),
            hint: Some(format!(
                "nodes: {}",
                self.nodes
                    .iter()
                    .rev()
                    .map(|n| n.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        })
    }

    /// Marks node `i` and its ancestors in `dirty` (one flag per node), stopping at the first
    /// one already marked: its ancestors are marked too.
    pub(crate) fn mark_with_ancestors(&self, i: usize, dirty: &mut [bool]) {
        let mut k = Some(i);
        while let Some(j) = k.filter(|&j| !dirty[j]) {
            dirty[j] = true;
            k = self.nodes[j].parent;
        }
    }

    /// Nodes in pre-order (root first), as indices.
    pub fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![self.root()];
        while let Some(i) = stack.pop() {
            out.push(i);
            for c in self.nodes[i].children.iter().rev() {
                if let Child::Node(k) = c {
                    stack.push(*k);
                }
            }
        }
        out
    }
}
