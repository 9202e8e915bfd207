//! The full result of a scoring as plain data: for JSON (CLI `--format json`), for JavaScript
//! (`Scorer.result()`), and as CSV (the CLI's default output).
//!
//! Numbers are full precision (f64, shortest round-trip text). Missing values are `null` in JSON
//! and empty cells in CSV; ranks are integers except with `ties: "average"`.

use crate::engine::Scorer;
use crate::json::{ToJson, Writer};
use crate::prepare::PrepareReport;
use crate::spec::{Grade, Spec};
use crate::tree::Child;
use crate::weights::DerivedWeights;

/// Everything a scoring produced.
#[derive(Debug, Clone)]
pub struct ScoreResult {
    pub name: Option<String>,
    /// The root node's id.
    pub root: String,
    /// Every node and indicator of the tree, root first (pre-order).
    pub nodes: Vec<NodeInfo>,
    pub grades: Vec<Grade>,
    /// One entry per unit, in table order.
    pub units: Vec<UnitResult>,
    /// Ids of the units without a rank (their root score is missing).
    pub unranked: Vec<String>,
    /// The spec with the weights in force.
    pub spec: Spec,
    /// What data preparation did (absent without a `prepare` section in the spec).
    pub prepare: Option<PrepareReport>,
    /// Weights derived by nodes' `weighting` methods, with how they were obtained.
    pub derived_weights: Vec<DerivedWeights>,
}

/// A node or an indicator of the tree.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub id: String,
    pub label: String,
    /// `node` or `indicator`.
    pub kind: &'static str,
    pub parent: Option<String>,
    pub depth: u32,
    /// Weight within the parent (relative).
    pub weight: f64,
    /// Weight as a share of the siblings' total.
    pub share: f64,
    pub children: Vec<String>,
}

/// One unit's results.
#[derive(Debug, Clone)]
pub struct UnitResult {
    pub id: String,
    pub label: String,
    pub groups: Ordered<String>,
    /// The root score rounded by `rank.round` (what ranks and grades use).
    pub score: Option<f64>,
    pub rank: Option<Rank>,
    pub group_ranks: Ordered<Option<Rank>>,
    pub grade: Option<String>,
    /// Every node's score and every indicator's normalised value, tree order.
    pub scores: Ordered<Option<f64>>,
    /// Every node's and indicator's contribution to the root score, tree order.
    pub contributions: Ordered<Option<f64>>,
    /// The unit's cells that data preparation changed, by indicator: `imputed`,
    /// `winsorisedLow`, `winsorisedHigh`, `ctlog`, `log` (absent when none).
    pub flags: Ordered<Vec<&'static str>>,
}

/// A rank: written as an integer unless it is a tied average (2.5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rank(pub f64);

/// A map that keeps its insertion order when serialised.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Ordered<T> {
    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn present(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

/// Tree entries in pre-order: node or indicator, with its parent and depth.
#[derive(Clone, Copy)]
enum Entry {
    Node(usize),
    Indicator(usize),
}

impl Scorer {
    fn entries(&self) -> Vec<(Entry, Option<usize>, u32, f64)> {
        let tree = self.tree();
        let mut out = Vec::new();
        let mut stack = vec![(Entry::Node(tree.root()), None, 0u32, 1.0)];
        while let Some((e, parent, depth, w)) = stack.pop() {
            out.push((e, parent, depth, w));
            if let Entry::Node(i) = e {
                let n = &tree.nodes[i];
                for (c, &cw) in n.children.iter().zip(&n.weights).rev() {
                    let ce = match *c {
                        Child::Node(k) => Entry::Node(k),
                        Child::Indicator(k) => Entry::Indicator(k),
                    };
                    stack.push((ce, Some(i), depth + 1, cw));
                }
            }
        }
        out
    }

    /// The tree as a list of nodes and indicators, root first.
    pub fn nodes_info(&self) -> Vec<NodeInfo> {
        let tree = self.tree();
        let spec = self.spec();
        self.entries()
            .into_iter()
            .map(|(e, parent, depth, weight)| {
                let total: f64 = parent.map_or(1.0, |p| tree.nodes[p].weights.iter().sum());
                let (id, label, kind, children) = match e {
                    Entry::Node(i) => {
                        let n = &tree.nodes[i];
                        (
                            n.id.clone(),
                            n.label.clone().unwrap_or_else(|| n.id.clone()),
                            "node",
                            n.child_ids.clone(),
                        )
                    }
                    Entry::Indicator(k) => {
                        let ind = &spec.indicators[k];
                        (
                            ind.id.clone(),
                            ind.label.clone().unwrap_or_else(|| ind.id.clone()),
                            "indicator",
                            Vec::new(),
                        )
                    }
                };
                NodeInfo {
                    id,
                    label,
                    kind,
                    parent: parent.map(|p| tree.nodes[p].id.clone()),
                    depth,
                    weight,
                    share: weight / total,
                    children,
                }
            })
            .collect()
    }

    /// The whole result as plain data.
    pub fn result(&self) -> ScoreResult {
        let entries = self.entries();
        let table = self.table();
        let spec = self.spec();
        let group_ranks: Vec<(String, Vec<f64>)> = spec
            .units
            .groups
            .iter()
            .map(|g| (g.clone(), self.group_ranks(g).unwrap_or_default()))
            .collect();
        let id_of = |e: Entry| match e {
            Entry::Node(i) => self.tree().nodes[i].id.clone(),
            Entry::Indicator(k) => spec.indicators[k].id.clone(),
        };
        let ids: Vec<String> = entries.iter().map(|&(e, ..)| id_of(e)).collect();
        let units = (0..self.len())
            .map(|u| {
                let c = self.contributions_of(u);
                let pick = |e: Entry, nodes: &dyn Fn(usize) -> f64, inds: &dyn Fn(usize) -> f64| match e {
                    Entry::Node(i) => present(nodes(i)),
                    Entry::Indicator(k) => present(inds(k)),
                };
                UnitResult {
                    id: table.ids()[u].clone(),
                    label: table.labels()[u].clone(),
                    groups: Ordered(table.groups().iter().map(|(g, v)| (g.clone(), v[u].clone())).collect()),
                    score: present(self.rounded_scores()[u]),
                    rank: present(self.ranks()[u]).map(Rank),
                    group_ranks: Ordered(
                        group_ranks
                            .iter()
                            .map(|(g, r)| (g.clone(), r.get(u).copied().and_then(present).map(Rank)))
                            .collect(),
                    ),
                    grade: self.grade_index(u).map(|g| spec.grades[g].label.clone()),
                    scores: Ordered(
                        entries
                            .iter()
                            .zip(&ids)
                            .map(|(&(e, ..), id)| {
                                (
                                    id.clone(),
                                    pick(e, &|i| self.node_scores(i)[u], &|k| self.normalised(k)[u]),
                                )
                            })
                            .collect(),
                    ),
                    contributions: Ordered(
                        entries
                            .iter()
                            .zip(&ids)
                            .map(|(&(e, ..), id)| (id.clone(), pick(e, &|i| c.nodes[i], &|k| c.indicators[k])))
                            .collect(),
                    ),
                    flags: Ordered(
                        self.prepare_report()
                            .map(|r| r.unit_flags(&table.ids()[u]))
                            .unwrap_or_default(),
                    ),
                }
            })
            .collect();
        ScoreResult {
            name: spec.name.clone(),
            root: self.tree().nodes[self.tree().root()].id.clone(),
            nodes: self.nodes_info(),
            grades: spec.grades.clone(),
            units,
            unranked: self.unranked().into_iter().map(|u| table.ids()[u].clone()).collect(),
            spec: spec.clone(),
            prepare: self.prepare_report().cloned(),
            derived_weights: self.derived_weights().into_iter().cloned().collect(),
        }
    }

    /// Unit `u`'s contribution of every node and indicator to its root score, tree order (root
    /// first, as in [`UnitResult::contributions`]); `None` where missing. `u` must be `< len()`.
    pub fn unit_contributions(&self, u: usize) -> Ordered<Option<f64>> {
        let c = self.contributions_of(u);
        Ordered(
            self.entries()
                .into_iter()
                .map(|(e, ..)| match e {
                    Entry::Node(i) => (self.tree().nodes[i].id.clone(), present(c.nodes[i])),
                    Entry::Indicator(k) => (self.spec().indicators[k].id.clone(), present(c.indicators[k])),
                })
                .collect(),
        )
    }

    /// CSV: unit id, label and group columns, one column per aggregate node (root first, full
    /// precision), then `rank` and `grade`. Missing values are empty cells.
    pub fn to_csv(&self) -> String {
        let spec = self.spec();
        let table = self.table();
        let tree = self.tree();
        let nodes = tree.preorder();
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let mut header: Vec<String> = vec![
            spec.units.id.clone(),
            spec.units.label.clone().unwrap_or_else(|| "label".into()),
        ];
        header.extend(spec.units.groups.iter().cloned());
        header.extend(nodes.iter().map(|&i| tree.nodes[i].id.clone()));
        header.push("rank".into());
        header.push("grade".into());
        let num = |x: f64| if x.is_nan() { String::new() } else { x.to_string() };
        let mut rows = vec![header];
        for u in 0..self.len() {
            let mut row = vec![table.ids()[u].clone(), table.labels()[u].clone()];
            row.extend(table.groups().iter().map(|(_, v)| v[u].clone()));
            row.extend(nodes.iter().map(|&i| num(self.node_scores(i)[u])));
            row.push(num(self.ranks()[u]));
            row.push(
                self.grade_index(u)
                    .map(|g| spec.grades[g].label.clone())
                    .unwrap_or_default(),
            );
            rows.push(row);
        }
        for r in rows {
            // Writing into a Vec cannot fail.
            let _ = w.write_record(&r);
        }
        w.into_inner()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

// ------------------------------------------------------------------ JSON ----------------------

impl ToJson for ScoreResult {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.some("name", &self.name);
        w.field("root", &self.root);
        w.field("nodes", &self.nodes);
        w.field("grades", &self.grades);
        w.field("units", &self.units);
        w.field("unranked", &self.unranked);
        w.field("spec", &self.spec);
        // Without `methods` both are always empty; their writers stay out of the .wasm.
        #[cfg(feature = "methods")]
        w.some("prepare", &self.prepare);
        #[cfg(feature = "methods")]
        w.nonempty("derivedWeights", &self.derived_weights);
        w.end_object();
    }
}

impl ToJson for NodeInfo {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("id", &self.id);
        w.field("label", &self.label);
        w.field("kind", &self.kind);
        w.field("parent", &self.parent);
        w.field("depth", &self.depth);
        w.field("weight", &self.weight);
        w.field("share", &self.share);
        w.field("children", &self.children);
        w.end_object();
    }
}

impl ToJson for UnitResult {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.field("id", &self.id);
        w.field("label", &self.label);
        w.field("groups", &self.groups);
        w.field("score", &self.score);
        w.field("rank", &self.rank);
        w.field("groupRanks", &self.group_ranks);
        w.field("grade", &self.grade);
        w.field("scores", &self.scores);
        w.field("contributions", &self.contributions);
        if !self.flags.is_empty() {
            w.field("flags", &self.flags);
        }
        w.end_object();
    }
}

impl ToJson for Rank {
    fn write_json(&self, w: &mut Writer) {
        if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 <= u32::MAX as f64 {
            w.integer(self.0 as u64);
        } else {
            w.number(self.0);
        }
    }
}

impl<T: ToJson> ToJson for Ordered<T> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        for (k, v) in &self.0 {
            w.field(k, v);
        }
        w.end_object();
    }
}
