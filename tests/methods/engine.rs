//! Derived weights in the scorer: a weight change below a data-weighted node re-derives its
//! weights from the changed data; a weight set on a data-weighted node switches it to manual
//! weights. Either way the scorer equals scoring its spec afresh, bit for bit.

use serde_json::json;
use tolok::{Scorer, Spec, Table};

/// 40 units × 6 indicators from a fixed linear congruential sequence.
fn table() -> (Table, Vec<String>) {
    let mut x: u64 = 0x2545f4914f6cdd1d;
    let mut next = move || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 11) as f64 / (1u64 << 53) as f64) * 100.0 + 1.0
    };
    let names: Vec<String> = (0..6).map(|k| format!("i{k}")).collect();
    let cols: Vec<(String, Vec<f64>)> = names
        .iter()
        .map(|n| (n.clone(), (0..40).map(|_| next()).collect()))
        .collect();
    let ids = (0..40).map(|u| format!("u{u}")).collect();
    (Table::from_columns(ids, None, Vec::new(), cols).unwrap(), names)
}

fn spec(root: serde_json::Value, p1: serde_json::Value) -> Spec {
    let leaves = |r: std::ops::Range<usize>| r.map(|k| json!({ "indicator": format!("i{k}") })).collect::<Vec<_>>();
    let mut p0 = json!({ "id": "p0", "children": leaves(0..3) });
    p0["children"][0]["weight"] = json!(2.0);
    let mut p1n = json!({ "id": "p1", "children": leaves(3..6) });
    for (k, v) in p1.as_object().unwrap() {
        p1n[k] = v.clone();
    }
    let mut rootn = json!({ "id": "root", "children": [p0, p1n] });
    for (k, v) in root.as_object().unwrap() {
        rootn[k] = v.clone();
    }
    let indicators: Vec<_> = (0..6).map(|k| json!({ "id": format!("i{k}") })).collect();
    Spec::from_json(
        &json!({ "version": 1, "units": { "id": "id" }, "indicators": indicators, "tree": rootn }).to_string(),
    )
    .unwrap()
}

/// The scorer against a fresh one from its current spec: every node's scores and every
/// derived weight, bit for bit.
#[track_caller]
fn assert_fresh(s: &Scorer) {
    let fresh = Scorer::new(s.raw_table().clone(), s.spec().clone()).unwrap();
    for node in &s.tree().nodes {
        let id = node.id.as_str();
        let (a, b) = (s.scores(id).unwrap(), fresh.scores(id).unwrap());
        assert!(
            a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()),
            "node {id} differs from a fresh scoring"
        );
    }
    assert_eq!(s.weights(), fresh.weights());
    assert_eq!(s.derived_weights(), fresh.derived_weights());
    assert_eq!(s.ranks(), fresh.ranks());
}

#[test]
fn a_change_below_rederives_the_weights_above() {
    let (t, _) = table();
    let mut s = Scorer::new(
        t,
        spec(
            json!({ "weighting": { "method": "entropy" } }),
            json!({ "weighting": { "method": "critic" } }),
        ),
    )
    .unwrap();
    let before = s
        .derived_weights()
        .iter()
        .map(|d| d.weights.clone())
        .collect::<Vec<_>>();
    s.set_weight("p0", "i1", 5.0).unwrap();
    assert_fresh(&s);
    let after = s
        .derived_weights()
        .iter()
        .map(|d| d.weights.clone())
        .collect::<Vec<_>>();
    assert_ne!(before[0], after[0], "the root's entropy weights follow p0's new scores");
    assert_eq!(before[1], after[1], "p1's CRITIC weights saw no change");
    assert!(s.spec().tree.weighting.is_some());
}

#[test]
fn a_change_on_a_derived_node_switches_it_to_manual_weights() {
    let (t, _) = table();
    let spec0 = spec(
        json!({ "weighting": { "method": "pca" } }),
        json!({ "weighting": { "method": "critic" } }),
    );
    let mut s = Scorer::new(t, spec0.clone()).unwrap();
    let critic = s.derived_weights()[1].weights.clone();
    s.set_weight("p1", "i4", 0.5).unwrap();
    assert_fresh(&s);
    let p1 = &s.spec().tree.children.as_ref().unwrap()[1];
    assert!(p1.weighting.is_none());
    let w: Vec<f64> = p1
        .children
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| c.weight.unwrap())
        .collect();
    assert_eq!(w, vec![critic[0], 0.5, critic[2]]);
    assert_eq!(
        s.derived_weights().len(),
        1,
        "only the root's PCA weights are still derived"
    );
    // Reset brings the methods back, as a fresh scorer of the original spec has them.
    s.reset_weights().unwrap();
    assert_eq!(s.spec(), &spec0);
    assert_fresh(&s);
    assert_eq!(s.derived_weights().len(), 2);
}

#[test]
fn bod_and_ahp_nodes_switch_too_and_errors_change_nothing() {
    let (t, _) = table();
    let ahp = json!({ "weighting": { "method": "ahp", "matrix": [[1, 3], [0.3333333333333333, 1]] } });
    let mut s = Scorer::new(t, spec(ahp, json!({ "weighting": { "method": "bod" } }))).unwrap();
    let root_before = s.root_scores().to_vec();
    let e = s
        .set_weights(&[("p1", "i3", 0.0), ("p1", "i4", 0.0), ("p1", "i5", 0.0)])
        .unwrap_err();
    assert!(
        e.to_string().contains("node 'p1': all children would have weight 0"),
        "{e}"
    );
    assert_eq!(s.root_scores(), &root_before[..]);
    assert_eq!(s.derived_weights().len(), 2, "still derived after the failed change");
    s.set_weight("p1", "i3", 2.0).unwrap();
    let p1 = &s.spec().tree.children.as_ref().unwrap()[1];
    let w: Vec<f64> = p1
        .children
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| c.weight.unwrap())
        .collect();
    assert_eq!(w, vec![2.0, 1.0, 1.0], "BoD switches to equal weights, then the change");
    assert_fresh(&s);
    s.set_weight("root", "p0", 1.0).unwrap();
    assert_fresh(&s);
    assert!(s.derived_weights().is_empty());
}

#[test]
fn with_prepare_a_fresh_scoring_starts_from_the_raw_table() {
    let data = "id,g,a,b,pop\nu1,x,10,5,2\nu2,x,,3,4\nu3,y,30,4,5\nu4,y,40,1,8\n";
    let spec = Spec::from_json(
        &json!({
            "version": 1,
            "units": { "id": "id", "groups": ["g"] },
            "prepare": {
                "impute": { "method": "groupMean", "by": "g" },
                "indicators": { "a": { "denominate": { "by": "pop" } } }
            },
            "indicators": [{ "id": "a" }, { "id": "b" }],
            "tree": { "id": "root", "weighting": { "method": "entropy" }, "children": [{ "indicator": "a" }, { "indicator": "b" }] }
        })
        .to_string(),
    )
    .unwrap();
    let s = Scorer::from_csv(data, spec).unwrap();
    assert_eq!(s.raw_table().column("a").unwrap()[0], 10.0);
    assert_eq!(s.table().column("a").unwrap()[0], 5.0, "denominated");
    assert_eq!(s.table().column("a").unwrap()[1], 5.0, "imputed from u1 in group x");
    assert_fresh(&s);
}
