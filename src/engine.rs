//! [`Scorer`]: a table scored by a spec, with caches that make a weight change cheap.
//!
//! The scorer keeps every indicator's normalised column and every node's score column. A weight
//! change recomputes only the changed node and its ancestors, then re-ranks — with the same code,
//! in the same order, as a full scoring, so the result is bit-for-bit what scoring the modified
//! spec from scratch gives.

use crate::aggregate::aggregate_into;
use crate::error::{Error, Result};
use crate::normalise::{normalise_into, normalise_known, out_of_domain, DEFAULT};
use crate::prepare::PrepareReport;
use crate::rank::{grade_of, round_to, Ranker};
use crate::spec::{Node, Spec};
use crate::table::Table;
use crate::tree::{Child, CompiledNode, Tree};
use crate::weights::DerivedWeights;

/// A table scored by a spec. Build one with [`Scorer::new`] or [`Scorer::from_csv`].
#[derive(Debug, Clone)]
pub struct Scorer {
    spec: Spec,
    /// The weights the spec came with (for "reset" and "change against the spec").
    original: Spec,
    table: Table,
    tree: Tree,
    /// Per indicator (spec order): normalised values.
    normalised: Vec<Vec<f64>>,
    /// Per compiled node: scores (after scale).
    node_scores: Vec<Vec<f64>>,
    /// Root score rounded by `rank.round`.
    rounded: Vec<f64>,
    ranks: Vec<f64>,
    /// Unit indices from best to worst; unranked last.
    order: Vec<u32>,
    /// Per unit: index into `spec.grades`, or `u32::MAX`.
    grades: Vec<u32>,
    ranker: Ranker,
    /// What `prepare` did to the table (None without a `prepare` section).
    prepare: Option<PrepareReport>,
    /// The table as given, when `prepare` changed it (`table` is then the prepared one).
    raw: Option<Table>,
    /// Scratch for `set_weights`: which nodes to recompute (kept to avoid an allocation).
    dirty: Vec<bool>,
    /// Per indicator (spec order): the index of its column in `table`.
    indicator_columns: Vec<usize>,
    /// The indices in the raw table of the numeric columns the spec reads.
    readable: Vec<usize>,
    /// Buffers that `set_columns` fills and swaps with the table's columns (the old values
    /// come back in them, for undoing, and serve the next call).
    spare: Vec<Vec<f64>>,
}

/// How to undo a weight change that failed: the old weights, and the nodes whose derived weights
/// the change switched to manual ones.
struct Undo<'a> {
    touched: &'a [(usize, usize, f64)],
    old: &'a [f64],
    backup: &'a [(usize, CompiledNode)],
}

impl Undo<'_> {
    fn apply(&self, tree: &mut Tree) {
        for (&(i, c, _), &w) in self.touched.iter().zip(self.old).rev() {
            tree.nodes[i].weights[c] = w;
        }
        for (i, node) in self.backup {
            tree.nodes[*i].clone_from(node);
        }
    }
}

/// A unit's rank within one group column.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRanks {
    pub column: String,
    /// Rank of each unit among the units with the same group value (NaN = unranked).
    pub ranks: Vec<f64>,
}

impl Scorer {
    /// Reads `csv` with the columns `spec` names, then scores it.
    pub fn from_csv(csv: &str, spec: Spec) -> Result<Scorer> {
        spec.validate()?;
        let table = Table::from_csv(csv, &spec)?;
        Scorer::new(table, spec)
    }

    /// Scores `table` by `spec` (validated first).
    pub fn new(table: Table, spec: Spec) -> Result<Scorer> {
        spec.validate()?;
        table.check(&spec)?;
        let raw = spec.prepare.is_some().then(|| table.clone());
        let (table, prepare) = crate::prepare::run(table, &spec)?;
        for ind in &spec.indicators {
            let raw = table.column(ind.column()).unwrap_or(&[]);
            if let Some((u, reason)) = out_of_domain(raw, ind.normalise.as_ref().unwrap_or(&DEFAULT)) {
                return Err(Error::OutOfDomain {
                    unit: table.ids()[u].clone(),
                    indicator: ind.id.clone(),
                    value: raw[u],
                    reason,
                });
            }
        }
        let tree = Tree::compile(&spec);
        let n = table.len();
        let spec_len = spec.indicators.len();
        let mut s = Scorer {
            original: spec.clone(),
            node_scores: vec![Vec::with_capacity(n); tree.nodes.len()],
            spec,
            table,
            tree,
            normalised: vec![Vec::with_capacity(n); spec_len],
            rounded: Vec::with_capacity(n),
            ranks: Vec::with_capacity(n),
            order: Vec::with_capacity(n),
            grades: Vec::with_capacity(n),
            ranker: Ranker::default(),
            prepare,
            raw,
            dirty: Vec::new(),
            indicator_columns: Vec::new(),
            readable: Vec::new(),
            spare: Vec::new(),
        };
        s.index_columns();
        s.rescore()?;
        Ok(s)
    }

    /// Scores everything again from the raw table: normalise every indicator, aggregate every
    /// node (each has an indicator below it), rank and grade (what [`Scorer::new`] does after
    /// validation).
    pub fn rescore(&mut self) -> Result<()> {
        let all: Vec<usize> = (0..self.spec.indicators.len()).collect();
        self.rescore_indicators(&all, &[], &[])
    }

    /// Where each indicator's column is in the table (Scorer::new checked they all are).
    fn index_columns(&mut self) {
        self.indicator_columns = self
            .spec
            .indicators
            .iter()
            .map(|ind| self.table.column_index(ind.column()).unwrap_or(usize::MAX))
            .collect();
        let raw = self.raw.as_ref().unwrap_or(&self.table);
        self.readable = self
            .spec
            .numeric_columns()
            .iter()
            .filter_map(|(_, c)| raw.column_index(c))
            .collect();
    }

    /// Replaces the values of some data columns — the same units in the same order, e.g. another
    /// year of the same index — and scores everything again with the current weights: exactly
    /// what scoring the changed table afresh with [`Scorer::spec`] gives. Columns not named keep
    /// their values. Each column must be one the spec reads, with one value per unit (NaN =
    /// missing). On error nothing changes.
    ///
    /// ```
    /// # use tolok::{Scorer, Spec};
    /// let spec = Spec::from_json(r#"{ "version": 1, "units": { "id": "id" },
    ///   "indicators": [ { "id": "a" }, { "id": "b" } ],
    ///   "tree": { "id": "i", "children": [ { "indicator": "a" }, { "indicator": "b" } ] } }"#)?;
    /// let mut s = Scorer::from_csv("id,a,b\nx,1,4\ny,2,3\n", spec)?;
    /// assert_eq!(s.ranks(), &[1.0, 1.0]);
    /// s.set_columns(&[("b", &[4.0, 5.0])])?; // y overtakes x on b
    /// assert_eq!(s.ranks(), &[2.0, 1.0]);
    /// # Ok::<(), tolok::Error>(())
    /// ```
    pub fn set_columns(&mut self, columns: &[(&str, &[f64])]) -> Result<()> {
        let mut at = Vec::with_capacity(columns.len());
        for &(name, values) in columns {
            let k = self
                .raw_table()
                .column_index(name)
                .filter(|k| self.readable.contains(k));
            let Some(k) = k else {
                return Err(Error::Unknown {
                    what: "column",
                    id: name.to_string(),
                    hint: Some(format!(
                        "the columns the spec reads: {}",
                        self.data_columns().join(", ")
                    )),
                });
            };
            at.push((k, values));
        }
        self.set_table_columns(&at)
    }

    /// [`Scorer::set_columns`] with each column given by its index in
    /// [`Scorer::data_columns`] rather than by name (for callers that looked the names up once,
    /// such as the WebAssembly `setColumns`).
    pub fn set_data_columns(&mut self, columns: &[(usize, &[f64])]) -> Result<()> {
        let at = columns
            .iter()
            .map(|&(j, values)| match self.readable.get(j) {
                Some(&k) => Ok((k, values)),
                None => Err(Error::Unknown {
                    what: "data column",
                    id: format!("#{j}"),
                    hint: Some(format!("the spec reads {} data columns", self.readable.len())),
                }),
            })
            .collect::<Result<Vec<_>>>()?;
        self.set_table_columns(&at)
    }

    /// [`Scorer::set_columns`] by index in the raw table (each one of `readable`).
    fn set_table_columns(&mut self, columns: &[(usize, &[f64])]) -> Result<()> {
        let n = self.raw_table().len();
        // Per table column: where it is in `columns` (usize::MAX: not given).
        let mut slot = vec![usize::MAX; self.raw_table().width()];
        for (j, &(k, values)) in columns.iter().enumerate() {
            let name = self.raw_table().column_name(k);
            if values.len() != n {
                return Err(Error::Table(format!(
                    "column '{name}' has {} values for {n} units",
                    values.len()
                )));
            }
            match slot.get_mut(k) {
                Some(s) if *s == usize::MAX => *s = j,
                _ => return Err(Error::Table(format!("column '{name}' is given twice"))),
            }
        }
        // The new values go into spare buffers first, each column's min and max found in the
        // same pass: ±∞ shows there, and min-max normalisation reuses them. On error (and for
        // a spec with `prepare`, which is scored afresh) the buffers go back to the spares and
        // the table is untouched.
        let mut bufs: Vec<Vec<f64>> = Vec::with_capacity(columns.len());
        let mut ranges = Vec::with_capacity(columns.len());
        // With `prepare`, the domains are those of the prepared values, checked as they score.
        let prepared = self.prepare.is_some();
        let checked = self.stage_columns(columns, &mut bufs, &mut ranges).and_then(|()| {
            if prepared {
                Ok(())
            } else {
                self.check_domains(columns, &slot)
            }
        });
        if checked.is_err() || prepared {
            self.spare.extend(bufs);
            checked?;
            return self.set_columns_prepared(columns);
        }
        for (&(k, _), b) in columns.iter().zip(bufs.iter_mut()) {
            self.table.swap_column(k, b);
        }
        let changed: Vec<usize> = (0..self.indicator_columns.len())
            .filter(|&i| slot.get(self.indicator_columns[i]).is_some_and(|&j| j != usize::MAX))
            .collect();
        let outcome = self.rescore_indicators(&changed, &slot, &ranges);
        if outcome.is_err() {
            // The old values scored without error, so scoring them again restores every cache.
            for (&(k, _), b) in columns.iter().zip(bufs.iter_mut()) {
                self.table.swap_column(k, b);
            }
            self.rescore_indicators(&changed, &[], &[])?;
        }
        self.spare.extend(bufs);
        outcome
    }

    /// Copies each new column (table column `k`, values) into a spare buffer, noting its
    /// [`tolok_kernels::min_max`]; an error for the first value that is ±∞. `bufs` holds every
    /// buffer taken, also on error.
    fn stage_columns(
        &mut self,
        columns: &[(usize, &[f64])],
        bufs: &mut Vec<Vec<f64>>,
        ranges: &mut Vec<Option<(f64, f64)>>,
    ) -> Result<()> {
        for &(k, values) in columns {
            let mut b = self.spare.pop().unwrap_or_default();
            let range = tolok_kernels::copy_min_max(values, &mut b);
            bufs.push(b);
            ranges.push(range);
            let infinite = range.is_some_and(|(lo, hi)| lo.is_infinite() || hi.is_infinite());
            if let Some(u) = infinite.then(|| values.iter().position(|v| v.is_infinite())).flatten() {
                return Err(Error::Table(format!(
                    "column '{}', unit '{}': {} is not a finite number",
                    self.raw_table().column_name(k),
                    self.raw_table().ids()[u],
                    values[u]
                )));
            }
        }
        Ok(())
    }

    /// Whether every indicator on a new column can be normalised by its method (`slot[k]`:
    /// where table column `k` is in `columns`, `usize::MAX` if it is not there).
    fn check_domains(&self, columns: &[(usize, &[f64])], slot: &[usize]) -> Result<()> {
        for (ind, &col) in self.spec.indicators.iter().zip(&self.indicator_columns) {
            let Some(&(_, values)) = slot.get(col).and_then(|&j| columns.get(j)) else {
                continue;
            };
            if let Some((u, reason)) = out_of_domain(values, ind.normalise.as_ref().unwrap_or(&DEFAULT)) {
                return Err(Error::OutOfDomain {
                    unit: self.table.ids()[u].clone(),
                    indicator: ind.id.clone(),
                    value: values[u],
                    reason,
                });
            }
        }
        Ok(())
    }

    /// The numeric columns the spec reads, each once: what [`Scorer::set_columns`] takes.
    pub fn data_columns(&self) -> Vec<&str> {
        let names = self.raw_table().column_names_ref();
        self.readable.iter().filter_map(|&k| names.get(k).copied()).collect()
    }

    /// Normalises the given indicators again and recomputes the nodes above them (children
    /// before parents, as a full scoring does), then re-ranks: what [`Scorer::rescore`] does,
    /// skipping what cannot have changed. Where table column `k` has a known
    /// [`tolok_kernels::min_max`], it is `ranges[known[k]]`.
    fn rescore_indicators(
        &mut self,
        indicators: &[usize],
        known: &[usize],
        ranges: &[Option<(f64, f64)>],
    ) -> Result<()> {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.clear();
        dirty.resize(self.tree.nodes.len(), false);
        for &k in indicators {
            let ind = &self.spec.indicators[k];
            let col = self.indicator_columns[k];
            let raw = self.table.column_at(col);
            let method = ind.normalise.as_ref().unwrap_or(&DEFAULT);
            let out = &mut self.normalised[k];
            match known.get(col).and_then(|&j| ranges.get(j)) {
                Some(&range) => normalise_known(raw, range, method, ind.direction, out),
                None => normalise_into(raw, method, ind.direction, out),
            }
            self.tree.mark_with_ancestors(self.tree.indicator_parent[k], &mut dirty);
        }
        let outcome = (0..dirty.len())
            .filter(|&i| dirty[i])
            .try_for_each(|i| self.compute_node(i));
        self.dirty = dirty;
        outcome?;
        self.rerank();
        Ok(())
    }

    /// [`Scorer::set_columns`] for a spec with `prepare`: the changed raw table is prepared and
    /// scored afresh (with the current weights), and replaces this scorer only if that succeeds.
    fn set_columns_prepared(&mut self, columns: &[(usize, &[f64])]) -> Result<()> {
        let mut raw = self.raw_table().clone();
        for &(k, values) in columns {
            let mut v = values.to_vec();
            raw.swap_column(k, &mut v);
        }
        let mut fresh = Scorer::new(raw, self.spec.clone())?;
        fresh.original = std::mem::replace(&mut self.original, fresh.original);
        *self = fresh;
        Ok(())
    }

    fn compute_node(&mut self, i: usize) -> Result<()> {
        self.derive_weights(i)?;
        let mut out = std::mem::take(&mut self.node_scores[i]);
        let r = aggregate_into(&self.tree.nodes[i], &self.inputs(i), self.table.ids(), &mut out);
        self.node_scores[i] = out;
        r
    }

    /// The columns node `i` aggregates: its indicators' normalised values, its nodes' scores.
    fn inputs(&self, i: usize) -> Vec<&[f64]> {
        self.tree.nodes[i]
            .children
            .iter()
            .map(|c| match *c {
                Child::Indicator(k) => self.normalised[k].as_slice(),
                Child::Node(k) => self.node_scores[k].as_slice(),
            })
            .collect()
    }

    /// A node with a `weighting` method gets its weights from the data it sees, every time it
    /// is computed (so that incremental and full scoring derive them from the same inputs).
    fn derive_weights(&mut self, i: usize) -> Result<()> {
        let Some(how) = &self.tree.nodes[i].weighting else {
            return Ok(());
        };
        let d = crate::weights::derive(&self.tree.nodes[i], how, &self.inputs(i), self.table.ids())?;
        let node = &mut self.tree.nodes[i];
        node.weights = d.weights;
        node.unit_weights = d.unit_weights;
        node.derived = Some(d.report);
        Ok(())
    }

    fn rerank(&mut self) {
        let root = &self.node_scores[self.tree.root()];
        // Without rounding the ranks are of the root scores themselves, read where they are.
        let rounded: &[f64] = match self.spec.rank.round {
            Some(d) => {
                self.rounded.clear();
                self.rounded.extend(root.iter().map(|&x| round_to(x, d)));
                &self.rounded
            }
            None => root,
        };
        self.ranker
            .rank(rounded, self.spec.rank.ties, &mut self.ranks, &mut self.order);
        let grades = &self.spec.grades;
        if grades.is_empty() {
            // Every unit ungraded (a scorer's grade bands never change): filled once.
            if self.grades.len() != rounded.len() {
                self.grades.clear();
                self.grades.resize(rounded.len(), u32::MAX);
            }
            return;
        }
        self.grades.clear();
        self.grades.extend(
            rounded
                .iter()
                .map(|&s| grade_of(s, grades).map_or(u32::MAX, |g| g as u32)),
        );
    }

    /// Sets the weight of `child` (a node or indicator id) within `node`, then recomputes that
    /// node, its ancestors and the ranks. On error nothing changes.
    pub fn set_weight(&mut self, node: &str, child: &str, weight: f64) -> Result<()> {
        self.set_weights(&[(node, child, weight)])
    }

    /// Sets several weights at once (one recomputation). On error nothing changes.
    pub fn set_weights(&mut self, changes: &[(&str, &str, f64)]) -> Result<()> {
        let mut touched = Vec::with_capacity(changes.len());
        for &(node, child, w) in changes {
            let i = self.tree.node_or_err(node)?;
            let c = self.child_or_err(i, child)?;
            if !w.is_finite() || w < 0.0 {
                return Err(Error::Invalid(format!(
                    "node '{node}': weight {w} of '{child}' must be a finite number ≥ 0"
                )));
            }
            touched.push((i, c, w));
        }
        // What undoing needs: each changed weight's old value, and the whole node where the
        // change switches derived weights to manual (rare; the common case clones nothing).
        let old: Vec<f64> = touched.iter().map(|&(i, c, _)| self.tree.nodes[i].weights[c]).collect();
        let backup: Vec<(usize, CompiledNode)> = touched
            .iter()
            .filter(|&&(i, _, _)| self.tree.nodes[i].weighting.is_some())
            .map(|&(i, _, _)| (i, self.tree.nodes[i].clone()))
            .collect();
        let undo = Undo {
            touched: &touched,
            old: &old,
            backup: &backup,
        };
        let switched = self.switch_to_manual(&touched);
        for &(i, c, w) in &touched {
            self.tree.nodes[i].weights[c] = w;
        }
        for &(i, _, _) in &touched {
            let w = &self.tree.nodes[i].weights;
            let problem = if w.iter().all(|&w| w == 0.0) {
                "all children would have weight 0"
            } else if !w.iter().sum::<f64>().is_finite() {
                "the children's weights would add up to more than an f64 holds (use smaller relative weights)"
            } else {
                continue;
            };
            let id = self.tree.nodes[i].id.clone();
            undo.apply(&mut self.tree);
            return Err(Error::Invalid(format!("node '{id}': {problem}")));
        }
        // The changed nodes and their ancestors, children before parents (the compiled order).
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.clear();
        dirty.resize(self.tree.nodes.len(), false);
        for &(i, _, _) in &touched {
            self.tree.mark_with_ancestors(i, &mut dirty);
        }
        let recompute = |s: &mut Scorer| {
            (0..dirty.len())
                .filter(|&j| dirty[j])
                .try_for_each(|j| s.compute_node(j))
        };
        let outcome = recompute(self);
        if let Err(e) = outcome {
            // The old weights scored without error before, so recomputing with them restores
            // every cache exactly.
            undo.apply(&mut self.tree);
            let again = recompute(self);
            self.dirty = dirty;
            again?;
            return Err(e);
        }
        self.dirty = dirty;
        for &i in &switched {
            set_spec_manual(&mut self.spec.tree, &self.tree.nodes[i].id, &self.tree.nodes[i].weights);
        }
        for &(i, c, w) in &touched {
            set_spec_weight(&mut self.spec.tree, &self.tree.nodes[i].id, c, w);
        }
        self.rerank();
        Ok(())
    }

    /// A weight set on a node whose weights come from a `weighting` method switches that node
    /// to manual weights, starting from the derived ones (ones for Benefit of the Doubt, whose
    /// weights are per unit). Returns the switched nodes.
    fn switch_to_manual(&mut self, touched: &[(usize, usize, f64)]) -> Vec<usize> {
        let mut switched = Vec::new();
        for &(i, _, _) in touched {
            let node = &mut self.tree.nodes[i];
            if node.weighting.take().is_some() {
                node.unit_weights = None;
                node.derived = None;
                switched.push(i);
            }
        }
        switched
    }

    /// Restores the spec's own weights and weighting methods.
    pub fn reset_weights(&mut self) -> Result<()> {
        let fresh = Tree::compile(&self.original);
        let saved = std::mem::replace(&mut self.tree.nodes, fresh.nodes);
        let all = |s: &mut Scorer| (0..s.tree.nodes.len()).try_for_each(|j| s.compute_node(j));
        if let Err(e) = all(self) {
            self.tree.nodes = saved;
            all(self)?;
            return Err(e);
        }
        self.spec.tree = self.original.tree.clone();
        self.rerank();
        Ok(())
    }

    fn child_or_err(&self, node: usize, child: &str) -> Result<usize> {
        let n = &self.tree.nodes[node];
        n.child_position(child).ok_or_else(|| Error::Unknown {
            what: "child",
            id: child.to_string(),
            hint: Some(format!("children of node '{}': {}", n.id, n.child_ids.join(", "))),
        })
    }

    /// The spec with the current weights.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The spec as it was given (weights before any change).
    pub fn original_spec(&self) -> &Spec {
        &self.original
    }

    /// The table being scored: with a `prepare` section, the prepared table (what is
    /// normalised; screened-out units are not in it). To score afresh, start from
    /// [`Scorer::raw_table`], or `prepare` would run twice.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The table as it was given, before `prepare`.
    pub fn raw_table(&self) -> &Table {
        self.raw.as_ref().unwrap_or(&self.table)
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Position of a unit by id, or an error.
    pub fn unit(&self, id: &str) -> Result<usize> {
        self.table.position(id).ok_or_else(|| Error::Unknown {
            what: "unit",
            id: id.to_string(),
            hint: None,
        })
    }

    /// Scores of a node (after its scale), or normalised values of an indicator. NaN = missing.
    pub fn scores(&self, id: &str) -> Result<&[f64]> {
        if let Some(i) = self.tree.node(id) {
            return Ok(&self.node_scores[i]);
        }
        if let Some(k) = self.spec.indicators.iter().position(|i| i.id == id) {
            return Ok(&self.normalised[k]);
        }
        Err(Error::Unknown {
            what: "node or indicator",
            id: id.to_string(),
            hint: None,
        })
    }

    /// Root scores, full precision.
    pub fn root_scores(&self) -> &[f64] {
        &self.node_scores[self.tree.root()]
    }

    /// Scores of the node at a compiled index.
    pub(crate) fn node_scores(&self, i: usize) -> &[f64] {
        &self.node_scores[i]
    }

    /// Normalised values of the indicator at a spec index.
    pub(crate) fn normalised(&self, k: usize) -> &[f64] {
        &self.normalised[k]
    }

    /// Root scores rounded by `rank.round` (what ranks and grades use).
    pub fn rounded_scores(&self) -> &[f64] {
        match self.spec.rank.round {
            Some(_) => &self.rounded,
            None => &self.node_scores[self.tree.root()],
        }
    }

    /// Ranks (1 = best; NaN = unranked because the root score is missing).
    pub fn ranks(&self) -> &[f64] {
        &self.ranks
    }

    /// Unit indices from best to worst (unranked last).
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Each unit's grade band index into `spec.grades` (None when ungraded).
    pub fn grade_index(&self, unit: usize) -> Option<usize> {
        self.grades.get(unit).filter(|&&g| g != u32::MAX).map(|&g| g as usize)
    }

    /// Each unit's grade label.
    pub fn grades(&self) -> Vec<Option<&str>> {
        (0..self.len())
            .map(|u| self.grade_index(u).map(|g| self.spec.grades[g].label.as_str()))
            .collect()
    }

    /// Units without a rank (their root score is missing), by index.
    pub fn unranked(&self) -> Vec<usize> {
        (0..self.len()).filter(|&u| self.ranks[u].is_nan()).collect()
    }

    /// Ranks within each value of a group column (computed on demand).
    pub fn group_ranks(&self, column: &str) -> Result<Vec<f64>> {
        let values = self.table.group(column).ok_or_else(|| Error::Unknown {
            what: "group column",
            id: column.to_string(),
            hint: Some(format!("groups: {}", self.spec.units.groups.join(", "))),
        })?;
        let mut members: std::collections::BTreeMap<&str, Vec<u32>> = std::collections::BTreeMap::new();
        for (u, v) in values.iter().enumerate() {
            members.entry(v.as_str()).or_default().push(u as u32);
        }
        let mut ranks = vec![f64::NAN; self.len()];
        let mut ranker = Ranker::default();
        let mut order = Vec::new();
        for m in members.values() {
            ranker.rank_subset(
                self.rounded_scores(),
                Some(m),
                self.spec.rank.ties,
                &mut ranks,
                &mut order,
            );
        }
        Ok(ranks)
    }

    /// What data preparation did (None when the spec has no `prepare` section).
    pub fn prepare_report(&self) -> Option<&PrepareReport> {
        self.prepare.as_ref()
    }

    /// Weights derived by `weighting` methods, root first (nodes switched to manual weights by
    /// a weight change are not listed).
    pub fn derived_weights(&self) -> Vec<&DerivedWeights> {
        self.tree
            .preorder()
            .into_iter()
            .filter_map(|i| self.tree.nodes[i].derived.as_ref())
            .collect()
    }

    /// Current weights: for each node (root first), its children's ids and weights.
    pub fn weights(&self) -> Vec<(String, Vec<(String, f64)>)> {
        self.tree
            .preorder()
            .into_iter()
            .map(|i| {
                let n = &self.tree.nodes[i];
                (
                    n.id.clone(),
                    n.child_ids.iter().cloned().zip(n.weights.iter().copied()).collect(),
                )
            })
            .collect()
    }
}

/// Makes the spec's node `id` manual: no `weighting`, its children's weights as given.
fn set_spec_manual(node: &mut Node, id: &str, weights: &[f64]) -> bool {
    if node.id.as_deref() == Some(id) {
        node.weighting = None;
        for (c, &w) in node.children.iter_mut().flatten().zip(weights) {
            c.weight = Some(w);
        }
        return true;
    }
    node.children
        .iter_mut()
        .flatten()
        .any(|c| set_spec_manual(c, id, weights))
}

fn set_spec_weight(node: &mut Node, id: &str, child: usize, w: f64) -> bool {
    let is_target = node.id.as_deref() == Some(id);
    if let Some(children) = node.children.as_mut() {
        if is_target {
            if let Some(c) = children.get_mut(child) {
                c.weight = Some(w);
            }
            return true;
        }
        return children.iter_mut().any(|c| set_spec_weight(c, id, child, w));
    }
    false
}
