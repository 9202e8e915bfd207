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

/// `table` with the named columns' values replaced (built afresh, not by Tolok's own helper).
fn with_columns(table: &Table, changes: &[(String, Vec<f64>)]) -> Table {
    let columns = table
        .column_names()
        .into_iter()
        .map(|name| {
            let values = match changes.iter().find(|(c, _)| *c == name) {
                Some((_, v)) => v.clone(),
                None => table.column(&name).unwrap().to_vec(),
            };
            (name, values)
        })
        .collect();
    Table::from_columns(
        table.ids().to_vec(),
        Some(table.labels().to_vec()),
        table.groups().to_vec(),
        columns,
    )
    .unwrap()
}

/// The real specs, and COINr's ASEM pipeline from the raw data (whose `prepare` section takes
/// `set_columns`'s other path).
fn real_and_prepared() -> Vec<(Spec, Table)> {
    let mut all = real().to_vec();
    let full = spec("asem_2018_full.json");
    let raw = Table::from_csv(&read("data/coinr_asem/ASEM_iData.csv"), &full).unwrap();
    all.push((full, raw));
    all
}

proptest! {
    #![proptest_config(Config { cases: 32, ..Config::default() })]

    /// New values for some columns (another year, say), after some weight changes: the result
    /// is bit for bit a fresh scoring of the changed table with the scorer's current spec; a
    /// change that cannot be scored is an error that leaves everything as it was.
    #[test]
    fn set_columns_equals_fresh_scoring(
        which in 0usize..REAL.len() + 1,
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0.5..2.0f64, 0u32..8), 1..6),
        reweight in any::<prop::sample::Index>(),
    ) {
        let (spec0, table) = &real_and_prepared()[which];
        let mut scorer = Scorer::new(table.clone(), spec0.clone()).unwrap();
        let nodes: Vec<(String, Vec<String>)> =
            scorer.tree().nodes.iter().map(|n| (n.id.clone(), n.child_ids.clone())).collect();
        let (id, children) = &nodes[reweight.index(nodes.len())];
        let _ = scorer.set_weight(id, &children[0], 3.0);
        let readable: Vec<String> = spec0.numeric_columns().iter().map(|(_, c)| c.to_string()).collect();
        let mut changes: Vec<(String, Vec<f64>)> = Vec::new();
        for (column, factor, missing_every) in picks {
            let name = &readable[column.index(readable.len())];
            if changes.iter().any(|(c, _)| c == name) {
                continue;
            }
            let values = table
                .column(name)
                .unwrap()
                .iter()
                .enumerate()
                .map(|(u, &v)| if missing_every > 0 && u % 97 == missing_every as usize { f64::NAN } else { v * factor })
                .collect();
            changes.push((name.clone(), values));
        }
        let refs: Vec<(&str, &[f64])> = changes.iter().map(|(c, v)| (c.as_str(), v.as_slice())).collect();
        let before = fingerprint(&scorer);
        let current = scorer.spec().clone();
        let fresh = Scorer::new(with_columns(table, &changes), current);
        match (scorer.set_columns(&refs), fresh) {
            (Ok(()), Ok(fresh)) => prop_assert!(fingerprint(&scorer) == fingerprint(&fresh),
                "{}: set_columns differs from a fresh scoring", which),
            (Err(e), Err(f)) => {
                prop_assert_eq!(e.to_string(), f.to_string());
                prop_assert!(fingerprint(&scorer) == before, "a failed change leaves everything as it was");
            }
            (a, b) => prop_assert!(false, "set_columns {:?} but fresh scoring {:?}", a.err(), b.err()),
        }
    }
}

#[test]
fn set_columns_names_what_is_wrong() {
    let (spec0, table) = &real()[1];
    let mut s = Scorer::new(table.clone(), spec0.clone()).unwrap();
    let n = s.len();
    let err = |s: &mut Scorer, c: &[(&str, &[f64])]| s.set_columns(c).unwrap_err().to_string();
    let m = err(&mut s, &[("uhh_typo", &vec![1.0; n])]);
    assert!(
        m.contains("'uhh_typo'") && m.contains("the columns the spec reads: uhh"),
        "{m}"
    );
    let m = err(&mut s, &[("uhh", &[70.0, 71.0])]);
    assert!(m.contains("column 'uhh' has 2 values for 514 units"), "{m}");
    let mut inf = table.column("uhh").unwrap().to_vec();
    inf[5] = f64::INFINITY;
    let m = err(&mut s, &[("uhh", &inf)]);
    assert!(
        m.contains("column 'uhh', unit '11.06': inf is not a finite number"),
        "{m}"
    );
    let uhh = table.column("uhh").unwrap().to_vec();
    let m = err(&mut s, &[("uhh", &uhh), ("uhh", &uhh)]);
    assert!(m.contains("column 'uhh' is given twice"), "{m}");
    // Kota Bekasi's life expectancy raised to the best in the country: its rank improves.
    let bekasi = s.unit("32.75").unwrap();
    let before = s.ranks()[bekasi];
    let mut better = uhh.clone();
    better[bekasi] = uhh.iter().cloned().fold(f64::MIN, f64::max);
    s.set_columns(&[("uhh", &better)]).unwrap();
    assert!(s.ranks()[bekasi] < before, "{} → {}", before, s.ranks()[bekasi]);
}
