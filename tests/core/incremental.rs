//! `Scorer::set_weight` (the cheap path: only the changed node and its ancestors are
//! recomputed) gives bit-for-bit what `Scorer::new` gives on the spec with the changed weights,
//! for random sequences of changes on every real spec.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

use tolok::spec::Node;
use tolok::{Scorer, Spec, Table};

use crate::common::{read, spec, REAL};

/// The real specs with their tables, read once.
fn real() -> &'static [(Spec, Table)] {
    static REAL_TABLES: OnceLock<Vec<(Spec, Table)>> = OnceLock::new();
    REAL_TABLES.get_or_init(|| {
        REAL.iter()
            .map(|(s, d)| {
                let spec = spec(s);
                let table = Table::from_csv(&read(d), &spec).unwrap();
                (spec, table)
            })
            .collect()
    })
}

/// Sets the weight of the `child`-th child of node `id` in a spec's tree (written here, not
/// Tolok's own helper). Returns false if there is no such node.
fn set_in_spec(node: &mut Node, id: &str, child: usize, w: f64) -> bool {
    if node.id.as_deref() == Some(id) {
        node.children.as_mut().unwrap()[child].weight = Some(w);
        return true;
    }
    node.children.iter_mut().flatten().any(|c| set_in_spec(c, id, child, w))
}

/// The weights of the `id` node's children in a spec.
fn weights_in_spec(node: &Node, id: &str) -> Option<Vec<f64>> {
    if node.id.as_deref() == Some(id) {
        return Some(node.children.iter().flatten().map(Node::weight).collect());
    }
    node.children.iter().flatten().find_map(|c| weights_in_spec(c, id))
}

/// Everything a scorer computed, as bits.
fn fingerprint(s: &Scorer) -> Vec<u64> {
    let mut out = Vec::new();
    for n in &s.tree().nodes {
        out.extend(s.scores(&n.id).unwrap().iter().map(|x| x.to_bits()));
    }
    for ind in &s.spec().indicators {
        out.extend(s.scores(&ind.id).unwrap().iter().map(|x| x.to_bits()));
    }
    out.extend(s.rounded_scores().iter().map(|x| x.to_bits()));
    out.extend(s.ranks().iter().map(|x| x.to_bits()));
    out.extend(s.order().iter().map(|&i| u64::from(i)));
    out.extend((0..s.len()).map(|u| s.grade_index(u).map_or(u64::MAX, |g| g as u64)));
    for g in &s.spec().units.groups {
        out.extend(s.group_ranks(g).unwrap().iter().map(|x| x.to_bits()));
    }
    out
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        2 => (1u32..30).prop_map(f64::from),
        3 => 0.0..10.0f64,
        1 => 1e-9..1e-6f64,
    ]
}

fn changes() -> impl Strategy<Value = Vec<(prop::sample::Index, prop::sample::Index, f64)>> {
    prop::collection::vec(
        (any::<prop::sample::Index>(), any::<prop::sample::Index>(), weight()),
        1..8,
    )
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    #[test]
    fn set_weight_sequences_equal_fresh_scoring(which in 0usize..REAL.len(), steps in changes()) {
        let (spec0, table) = &real()[which];
        let mut scorer = Scorer::new(table.clone(), spec0.clone()).unwrap();
        let mut expected = spec0.clone();
        let nodes: Vec<(String, Vec<String>)> =
            scorer.tree().nodes.iter().map(|n| (n.id.clone(), n.child_ids.clone())).collect();
        for (node, child, w) in steps {
            let (id, children) = &nodes[node.index(nodes.len())];
            let c = child.index(children.len());
            let before = fingerprint(&scorer);
            match scorer.set_weight(id, &children[c], w) {
                Ok(()) => prop_assert!(set_in_spec(&mut expected.tree, id, c, w)),
                Err(e) => {
                    // The only way to fail here: every child of the node at weight 0.
                    let mut ws = weights_in_spec(&expected.tree, id).unwrap();
                    ws[c] = w;
                    prop_assert!(ws.iter().all(|&x| x == 0.0), "{}: unexpected error {}", REAL[which].0, e);
                    prop_assert!(e.to_string().contains(&format!("node '{id}'")), "{}", e);
                    prop_assert_eq!(&fingerprint(&scorer), &before, "a failed change leaves everything as it was");
                }
            }
            let fresh = Scorer::new(table.clone(), expected.clone()).unwrap();
            prop_assert_eq!(scorer.spec(), &expected);
            prop_assert!(fingerprint(&scorer) == fingerprint(&fresh),
                         "{}: set_weight({}, {}, {}) differs from a fresh scoring", REAL[which].0, id, children[c], w);
        }
        // Restoring the spec's weights gives back the original scoring, bit for bit.
        scorer.reset_weights().unwrap();
        let original = Scorer::new(table.clone(), spec0.clone()).unwrap();
        prop_assert!(fingerprint(&scorer) == fingerprint(&original));
    }

    #[test]
    fn set_weights_batch_equals_one_by_one(which in 0usize..REAL.len(), steps in changes()) {
        let (spec0, table) = &real()[which];
        let mut one = Scorer::new(table.clone(), spec0.clone()).unwrap();
        let nodes: Vec<(String, Vec<String>)> =
            one.tree().nodes.iter().map(|n| (n.id.clone(), n.child_ids.clone())).collect();
        let changes: Vec<(String, String, f64)> = steps
            .iter()
            .map(|(node, child, w)| {
                let (id, children) = &nodes[node.index(nodes.len())];
                (id.clone(), children[child.index(children.len())].clone(), *w)
            })
            .collect();
        let refs: Vec<(&str, &str, f64)> = changes.iter().map(|(n, c, w)| (n.as_str(), c.as_str(), *w)).collect();
        let mut batch = Scorer::new(table.clone(), spec0.clone()).unwrap();
        let batch_ok = batch.set_weights(&refs).is_ok();
        let mut all_ok = true;
        for (n, c, w) in &refs {
            all_ok &= one.set_weight(n, c, *w).is_ok();
        }
        if batch_ok && all_ok {
            prop_assert!(fingerprint(&one) == fingerprint(&batch));
        }
        if !batch_ok {
            // A failed batch changes nothing.
            let original = Scorer::new(table.clone(), spec0.clone()).unwrap();
            prop_assert!(fingerprint(&batch) == fingerprint(&original));
        }
    }
}

#[test]
fn ipm_reweighting_by_hand() {
    // IPM with the education dimension's weight 0: the geometric mean of health and
    // expenditure, ×100, computed here from the goalposts.
    let (spec0, table) = &real()[1];
    let mut s = Scorer::new(table.clone(), spec0.clone()).unwrap();
    s.set_weight("ipm", "education", 0.0).unwrap();
    let u = s.unit("32.75").unwrap();
    let health = (76.12 - 20.0) / 65.0;
    let expenditure = (16775f64.ln() - 1007.436f64.ln()) / (26572.352f64.ln() - 1007.436f64.ln());
    let expected = 100.0 * (health * expenditure).sqrt();
    assert!(
        (s.root_scores()[u] - expected).abs() < 1e-9,
        "{} vs {expected}",
        s.root_scores()[u]
    );
}
