//! pymcdm's published test cases (data/pymcdm_cases/pymcdm_test_cases.json), each through a spec
//! and compared at the case's own rounding. pymcdm's conventions: types +1 profit / −1 cost
//! (Tolok's `direction`), TOPSIS on min-max normalised data, VIKOR's Q lower-is-better (Tolok
//! scores 1 − Q), sum/max/vector normalisations of a cost criterion as (1/x)/Σ(1/x), 1 − x/max
//! and 1 − x/‖x‖.

use serde_json::{json, Value};

use crate::common::{read, round, score};

fn cases() -> Vec<Value> {
    serde_json::from_str(&read("data/pymcdm_cases/pymcdm_test_cases.json")).unwrap()
}

fn case(class: &str, test: &str) -> Value {
    cases()
        .into_iter()
        .find(|c| c["class"] == class && c["test"] == test)
        .unwrap_or_else(|| panic!("no case {class}.{test}"))
}

/// A literal or evaluated field of a case.
fn field(c: &Value, name: &str) -> Value {
    let v = &c["literals"][name];
    if v.is_null() {
        c["evaluated"][name].clone()
    } else {
        v.clone()
    }
}

fn matrix(c: &Value) -> Vec<Vec<f64>> {
    field(c, "matrix")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect())
        .collect()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// CSV text of a matrix: units a0, a1, ...; criteria c0, c1, ...
fn csv(m: &[Vec<f64>]) -> String {
    let mut s = String::from("id");
    for j in 0..m[0].len() {
        s += &format!(",c{j}");
    }
    for (i, r) in m.iter().enumerate() {
        s += &format!("\na{i}");
        for x in r {
            s += &format!(",{x:?}");
        }
    }
    s + "\n"
}

/// A one-node spec over the criteria: `normalise` per criterion, `types` as directions, the
/// node's extra fields from `node`, and `weights` on the leaves (if given).
fn spec(m: usize, normalise: &str, types: Option<&[f64]>, weights: Option<&[f64]>, node: Value) -> String {
    let indicators: Vec<Value> = (0..m)
        .map(|j| {
            let dir = match types {
                Some(t) if t[j] < 0.0 => "lower",
                _ => "higher",
            };
            json!({ "id": format!("c{j}"), "direction": dir, "normalise": { "method": normalise } })
        })
        .collect();
    let leaves: Vec<Value> = (0..m)
        .map(|j| match weights {
            Some(w) => json!({ "indicator": format!("c{j}"), "weight": w[j] }),
            None => json!({ "indicator": format!("c{j}") }),
        })
        .collect();
    let mut root = json!({ "id": "root", "children": leaves });
    for (k, v) in node.as_object().unwrap() {
        root[k] = v.clone();
    }
    json!({ "version": 1, "units": { "id": "id" }, "indicators": indicators, "tree": root }).to_string()
}

#[track_caller]
fn assert_rounded(ours: &[f64], want: &[f64], decimals: i32, what: &str) {
    assert_eq!(ours.len(), want.len(), "{what}");
    for (i, (&o, &w)) in ours.iter().zip(want).enumerate() {
        assert!(
            (round(o, decimals) - w).abs() < 1e-12,
            "{what}[{i}]: {o} rounds to {} at {decimals} dp, published {w}",
            round(o, decimals)
        );
    }
}

#[test]
fn topsis() {
    let c = case("TestTOPSIS", "test_output");
    let m = matrix(&c);
    let s = spec(
        2,
        "minmax",
        Some(&numbers(&field(&c, "types"))),
        Some(&numbers(&field(&c, "weights"))),
        json!({ "aggregate": "topsis" }),
    );
    let scorer = score(&csv(&m), &s);
    assert_rounded(scorer.root_scores(), &numbers(&field(&c, "output")), 3, "TOPSIS");
}

#[test]
fn vikor_yang() {
    let c = case("TestVIKOR", "test_output_yang");
    let m = matrix(&c);
    let s = spec(
        4,
        "none",
        Some(&numbers(&field(&c, "types"))),
        Some(&numbers(&field(&c, "weights"))),
        json!({ "aggregate": "vikor" }),
    );
    let scorer = score(&csv(&m), &s);
    let q: Vec<f64> = scorer.root_scores().iter().map(|s| 1.0 - s).collect();
    assert_rounded(&q, &numbers(&field(&c, "output")), 4, "VIKOR Q (Yang)");
}

#[test]
fn vikor_opricovic_exactly() {
    let c = case("TestVIKOR", "test_output_opricovic");
    let m = matrix(&c);
    let s = spec(
        2,
        "minmax",
        Some(&numbers(&field(&c, "types"))),
        Some(&numbers(&field(&c, "weights"))),
        json!({ "aggregate": "vikor", "v": 0.5 }),
    );
    let scorer = score(&csv(&m), &s);
    let q: Vec<f64> = scorer.root_scores().iter().map(|s| 1.0 - s).collect();
    assert_eq!(q, numbers(&field(&c, "output")), "the case compares without rounding");
}

/// Weights a `weighting` method derives on a one-node spec of raw (`none`) criteria.
fn derived(m: &[Vec<f64>], weighting: Value) -> Vec<f64> {
    let s = spec(m[0].len(), "none", None, None, json!({ "weighting": weighting }));
    let r = score(&csv(m), &s).result();
    r.derived_weights[0].weights.clone()
}

#[test]
fn entropy_weights() {
    let c = case("TestEntropyWeights", "test_output");
    assert_rounded(
        &derived(&matrix(&c), json!({ "method": "entropy" })),
        &numbers(&field(&c, "output")),
        6,
        "entropy",
    );
}

#[test]
fn std_weights() {
    let c = case("TestSTDWeights", "test_output");
    assert_rounded(
        &derived(&matrix(&c), json!({ "method": "stdev" })),
        &numbers(&field(&c, "output")),
        2,
        "std",
    );
}

#[test]
fn critic_weights() {
    let c = case("TestCRITICWeights", "test_output");
    assert_rounded(
        &derived(&matrix(&c), json!({ "method": "critic" })),
        &numbers(&field(&c, "output")),
        3,
        "CRITIC",
    );
}

#[test]
fn ahp_weights() {
    let c = case("TestAHPWeights", "test_output");
    let pairwise = field(&c, "matrix");
    let data: Vec<Vec<f64>> = (0..3).map(|i| (0..6).map(|j| (i + j) as f64 + 1.0).collect()).collect();
    let w = derived(&data, json!({ "method": "ahp", "matrix": pairwise }));
    assert_rounded(&w, &numbers(&field(&c, "output")), 4, "AHP");
}

fn normalised(class: &str, method: &str) {
    let c = case(class, "test_output");
    let m = matrix(&c);
    let types = numbers(&field(&c, "types"));
    let s = spec(3, method, Some(&types), None, json!({}));
    let scorer = score(&csv(&m), &s);
    let cols: Vec<&[f64]> = (0..3).map(|j| scorer.scores(&format!("c{j}")).unwrap()).collect();
    // pymcdm's expected output is the normalised matrix row by row.
    let flat: Vec<f64> = (0..m.len()).flat_map(|i| cols.iter().map(move |c| c[i])).collect();
    assert_rounded(&flat, &numbers(&field(&c, "output")), 8, method);
}

#[test]
fn minmax_normalisation() {
    normalised("TestMinmaxNormalization", "minmax");
}

#[test]
fn max_normalisation() {
    normalised("TestMaxNormalization", "max");
}

#[test]
fn sum_normalisation() {
    normalised("TestSumNormalization", "sum");
}

#[test]
fn vector_normalisation() {
    normalised("TestVectorNormalization", "vector");
}
