//! Tests of the JavaScript bindings in node (wasm-bindgen-test):
//!
//! ```text
//! wasm-pack test --node -- --features wasm
//! ```
//!
//! - incremental scoring (`setWeight`, `setWeights`, `resetWeights`) is bit-for-bit what scoring
//!   the modified spec from scratch gives, over seeded random sequences of weight changes on the
//!   real specs and data;
//! - every error is a JavaScript `Error` carrying the core's message (never a panic);
//! - arrays have one entry per unit, of the documented typed-array kind.
//!
//! The exports are called from Rust, with JS values built as JavaScript would pass them.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint32Array, JSON};
use tolok::wasm::{self, Scorer};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const IPM_CSV: &str = include_str!("../data/ipm_kabkota_2024/profil_kabkota_2024.csv");
const IPM_SPEC: &str = include_str!("../specs/ipm_2024.json");

/// Every real spec with its data.
const CASES: [(&str, &str, &str); 7] = [
    ("ipm_2024", IPM_SPEC, IPM_CSV),
    (
        "kesejahteraan_2024",
        include_str!("../specs/kesejahteraan_2024.json"),
        IPM_CSV,
    ),
    (
        "hdi_2022",
        include_str!("../specs/hdi_2022.json"),
        include_str!("../data/undp_hdi_2022/hdi_2022_extract.csv"),
    ),
    (
        "oecd_bli_2015",
        include_str!("../specs/oecd_bli_2015.json"),
        include_str!("../data/oecd_bli_2015/oecd_bli_2015_TOT_wide.csv"),
    ),
    (
        "pekppp_template",
        include_str!("../specs/pekppp_template.json"),
        include_str!("../data/pekppp/pekppp_illustrative.csv"),
    ),
    (
        "asem_2018",
        include_str!("../specs/asem_2018.json"),
        include_str!("../data/coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv"),
    ),
    (
        "asem_2018_full",
        include_str!("../specs/asem_2018_full.json"),
        include_str!("../data/coinr_asem/ASEM_iData.csv"),
    ),
];

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON parses")
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("object")
}

/// The thrown value of an export: must be a JS `Error`; returns its message.
fn message(e: JsError) -> String {
    let v = JsValue::from(e);
    let err = v.dyn_ref::<js_sys::Error>().expect("thrown value is an Error instance");
    String::from(err.message())
}

fn expect_error<T>(r: Result<T, JsError>, parts: &[&str]) -> String {
    let Err(e) = r else {
        panic!("expected an error containing {parts:?}")
    };
    let m = message(e);
    for p in parts {
        assert!(m.contains(p), "message {m:?} lacks {p:?}");
    }
    m
}

fn bits(a: &Float64Array) -> Vec<u64> {
    a.to_vec().into_iter().map(f64::to_bits).collect()
}

fn ranks(s: &Scorer) -> Vec<u64> {
    let r = s.ranks();
    match r.dyn_ref::<Uint32Array>() {
        Some(u) => u.to_vec().into_iter().map(u64::from).collect(),
        None => bits(r.dyn_ref::<Float64Array>().expect("ranks are a typed array")),
    }
}

/// Every node's and indicator's scores, ranks and grades, bit for bit.
fn state(s: &Scorer) -> Vec<(String, Vec<u64>)> {
    let nodes: Array = s.nodes().expect("nodes").unchecked_into();
    let mut out: Vec<(String, Vec<u64>)> = nodes
        .iter()
        .map(|n| {
            let id = get(&n, "id").as_string().expect("id");
            let scores = s.scores(Some(id.clone())).expect("scores of a listed node");
            (id, bits(&scores))
        })
        .collect();
    out.push(("(rounded)".into(), bits(&s.rounded_scores())));
    out.push(("(ranks)".into(), ranks(s)));
    out.push((
        "(order)".into(),
        s.order().to_vec().into_iter().map(u64::from).collect(),
    ));
    let grades: Vec<u64> = s.grade_indices().to_vec().into_iter().map(|g| g as u64).collect();
    out.push(("(grades)".into(), grades));
    out
}

/// Scores the scorer's current spec from scratch and compares everything bit for bit.
fn assert_same_as_fresh(name: &str, csv: &str, s: &Scorer, step: &str) {
    let fresh = Scorer::from_csv(csv, s.spec().expect("spec")).expect("the current spec scores afresh");
    let (a, b) = (state(s), state(&fresh));
    assert_eq!(a.len(), b.len());
    for ((id, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{name}, after {step}: '{id}' differs from scoring the modified spec afresh"
        );
    }
}

/// xorshift64*: a seeded generator, so that a failing sequence can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WEIGHTS: [f64; 8] = [0.0, 0.25, 0.5, 1.0, 1.0 / 3.0, 2.0, 3.7, 10.0];

#[wasm_bindgen_test]
fn incremental_weight_changes_equal_full_scoring_bit_for_bit() {
    for (k, (name, spec, csv)) in CASES.iter().enumerate() {
        let mut s = Scorer::from_csv(csv, js(spec)).unwrap_or_else(|e| panic!("{name}: {}", message(e)));
        let nodes: Array = s.nodes().expect("nodes").unchecked_into();
        let parents: Vec<(String, Vec<String>)> = nodes
            .iter()
            .filter(|n| get(n, "kind").as_string().as_deref() == Some("node"))
            .map(|n| {
                let children: Array = get(&n, "children").unchecked_into();
                (
                    get(&n, "id").as_string().expect("id"),
                    children.iter().filter_map(|c| c.as_string()).collect(),
                )
            })
            .collect();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ k as u64);
        for step in 0..20 {
            let (node, children) = &parents[rng.below(parents.len())];
            let child = &children[rng.below(children.len())];
            let w = WEIGHTS[rng.below(WEIGHTS.len())];
            let before = state(&s);
            match s.set_weight(node, child, w) {
                Ok(()) => assert_same_as_fresh(name, csv, &s, &format!("step {step}: {node}.{child} = {w}")),
                // e.g. every child of the node at weight 0: nothing may change
                Err(e) => {
                    let m = message(e);
                    assert!(m.contains(node.as_str()), "{name}: {m}");
                    assert!(state(&s) == before, "{name}: a failed setWeight changed the scores");
                }
            }
        }
        // Several weights at once, then back to the spec's own weights.
        let (node, children) = &parents[0];
        let changes = Object::new();
        let inner = Object::new();
        for (i, c) in children.iter().enumerate() {
            Reflect::set(&inner, &JsValue::from_str(c), &JsValue::from_f64(1.0 + i as f64)).expect("set");
        }
        Reflect::set(&changes, &JsValue::from_str(node), &inner).expect("set");
        s.set_weights(changes.into()).expect("setWeights");
        assert_same_as_fresh(name, csv, &s, "setWeights");
        s.reset_weights().expect("resetWeights");
        assert_same_as_fresh(name, csv, &s, "resetWeights");
        let original = Scorer::from_csv(csv, js(spec)).expect("scores");
        assert!(
            state(&s) == state(&original),
            "{name}: resetWeights does not restore the scores"
        );
    }
}

#[wasm_bindgen_test]
fn arrays_have_one_entry_per_unit() {
    let s = Scorer::from_csv(IPM_CSV, js(IPM_SPEC)).expect("IPM scores");
    let n = s.unit_ids().len();
    assert_eq!(n, 514);
    assert_eq!(s.labels().len(), n);
    assert_eq!(s.group_values("provinsi").expect("group").len(), n);
    assert_eq!(s.scores(None).expect("root").length() as usize, n);
    assert_eq!(s.scores(Some("uhh".into())).expect("indicator").length() as usize, n);
    assert_eq!(s.raw_values("uhh").expect("raw").length() as usize, n);
    assert_eq!(s.rounded_scores().length() as usize, n);
    assert_eq!(
        s.ranks().dyn_into::<Uint32Array>().expect("Uint32Array").length() as usize,
        n
    );
    let g = s.group_ranks("provinsi").expect("group ranks");
    assert_eq!(g.dyn_into::<Uint32Array>().expect("Uint32Array").length() as usize, n);
    assert_eq!(s.order().length() as usize, n);
    assert_eq!(s.grades().length() as usize, n);
    assert_eq!(
        s.grade_indices().dyn_into::<Int32Array>().expect("Int32Array").length() as usize,
        n
    );
    let units: Array = get(&s.result().expect("result"), "units").unchecked_into();
    assert_eq!(units.length() as usize, n);
    // Kota Bekasi: IPM 83.54 (BPS), ranked with ties "min".
    let i = s.unit_ids().iter().position(|u| u == "32.75").expect("Kota Bekasi");
    assert_eq!(s.rounded_scores().get_index(i as u32), 83.54);

    // ties "average": ranks are a Float64Array with NaN for unranked units
    let mut spec: serde_json::Value = serde_json::from_str(IPM_SPEC).expect("JSON");
    spec["rank"]["ties"] = "average".into();
    let s = Scorer::from_csv(IPM_CSV, js(&spec.to_string())).expect("scores");
    let r = s.ranks().dyn_into::<Float64Array>().expect("Float64Array");
    assert_eq!(r.length() as usize, n);
    assert!(r.to_vec().iter().any(|x| x.fract() == 0.5), "IPM has ties");
}

#[wasm_bindgen_test]
fn unranked_units_are_zero_or_nan() {
    let spec = r#"{ "version": 1, "units": { "id": "id" }, "indicators": [ { "id": "a" }, { "id": "b" } ],
        "tree": { "id": "t", "missing": "skip", "minCoverage": 1,
                  "children": [ { "indicator": "a" }, { "indicator": "b" } ] } }"#;
    let csv = "id,a,b\nx,1,3\ny,NA,2\nz,3,1\n"; // x and z tie at 0.5; y has no a
    let s = Scorer::from_csv(csv, js(spec)).expect("scores");
    assert_eq!(
        s.ranks().dyn_into::<Uint32Array>().expect("u32").to_vec(),
        vec![1, 0, 1]
    );
    assert!(s.scores(None).expect("root").get_index(1).is_nan());
    assert_eq!(s.grades().get(1), JsValue::NULL);
    let avg = spec.replace(r#""id": "t","#, r#""id": "t", "aggregate": "arithmetic","#);
    let avg = avg.replace(r#""indicators""#, r#""rank": { "ties": "average" }, "indicators""#);
    let s = Scorer::from_csv(csv, js(&avg)).expect("scores");
    let r = s.ranks().dyn_into::<Float64Array>().expect("f64").to_vec();
    assert_eq!((r[0], r[2]), (1.5, 1.5));
    assert!(r[1].is_nan());
}

#[wasm_bindgen_test]
fn errors_are_error_instances_with_the_core_message() {
    // CSV: line and column
    let bad_csv = IPM_CSV.replacen("76.12", "abc", 1);
    expect_error(
        Scorer::from_csv(&bad_csv, js(IPM_SPEC)),
        &["CSV line 184, column 'uhh': 'abc' is not a number"],
    );
    // Spec: unknown field with its path, as the CLI says it
    let typo = IPM_SPEC.replacen(r#""aggregate": "arithmetic""#, r#""agregate": "arithmetic""#, 1);
    expect_error(
        wasm::validate_spec(js(&typo)),
        &["spec: tree.children[1].agregate: unknown field `agregate`, expected one of"],
    );
    let m = expect_error(wasm::validate_spec(js(&typo)), &[]);
    assert!(
        !m.contains(" at line "),
        "no position in text the caller never saw: {m}"
    );
    // the same spec as JSON text keeps serde_json's position
    expect_error(
        wasm::validate_spec(JsValue::from_str(&typo)),
        &["agregate", " at line "],
    );
    expect_error(
        wasm::validate_spec(JsValue::from_f64(1.0)),
        &["spec: expected a spec object", "got number"],
    );
    expect_error(wasm::validate_spec(JsValue::NULL), &["got null"]);
    expect_error(wasm::validate_spec(Array::new().into()), &["got an array"]);
    expect_error(wasm::score("id\n", js(IPM_SPEC)), &["CSV"]);
    #[cfg(feature = "methods")] // the explorer's CSV helpers are in the full module only
    {
        expect_error(wasm::inspect_csv(""), &["CSV"]);
        expect_error(wasm::starter_spec("a,b\n1,x\n1,x\n"), &["CSV", "unit id"]);
    }

    let mut s = Scorer::from_csv(IPM_CSV, js(IPM_SPEC)).expect("scores");
    expect_error(
        s.set_weight("ipm", "nope", 1.0),
        &["child 'nope' does not exist", "health"],
    );
    expect_error(s.set_weight("nope", "health", 1.0), &["node 'nope' does not exist"]);
    expect_error(s.set_weight("ipm", "health", f64::NAN), &["weight", "finite"]);
    expect_error(s.set_weight("ipm", "health", -1.0), &["weight", "≥ 0"]);
    expect_error(s.set_weight("ipm", "health", f64::INFINITY), &["finite"]);
    expect_error(
        s.set_weights(js(r#"{ "ipm": { "health": "2" } }"#)),
        &["setWeights", "not a number"],
    );
    expect_error(
        s.set_weights(js(r#"{ "ipm": 2 }"#)),
        &["setWeights: node 'ipm': expected an object"],
    );
    expect_error(s.set_weights(JsValue::UNDEFINED), &["setWeights: expected an object"]);
    expect_error(s.scores(Some("nope".into())), &["'nope' does not exist"]);
    expect_error(s.raw_values("nope"), &["indicator 'nope' does not exist"]);
    expect_error(s.contributions("nope"), &["unit 'nope' does not exist"]);
    expect_error(s.group_ranks("nope"), &["group column 'nope' does not exist"]);
    expect_error(s.group_values("nope"), &["group column 'nope' does not exist"]);
}

#[wasm_bindgen_test]
fn from_table_reads_columns_and_says_what_is_wrong() {
    let spec = js(r#"{ "version": 1, "units": { "id": "id", "groups": ["g"] },
        "indicators": [ { "id": "a" }, { "id": "b", "column": "bb", "direction": "lower" } ],
        "tree": { "id": "t", "children": [ { "indicator": "a" }, { "indicator": "b" } ] } }"#);
    let table = |ids: &str, cols: &str| {
        js(&format!(
            r#"{{ "ids": {ids}, "groups": {{ "g": ["p", "q", "p"] }}, "columns": {cols} }}"#
        ))
    };
    let t = table(
        r#"["x", "y", "z"]"#,
        r#"{ "a": [1, 2, 3], "bb": [3, 2, null], "unused": [0] }"#,
    );
    let cols = get(&t, "columns");
    Reflect::set(&cols, &"a".into(), &Float64Array::from(&[1.0, 2.0, 3.0][..])).expect("set");
    let err = Scorer::from_table(t.clone(), spec.clone()).err().map(message);
    assert!(
        err.as_deref().is_some_and(|m| m.contains("'z'")),
        "missing b for z: {err:?}"
    );
    let ok = table(r#"["x", "y", "z"]"#, r#"{ "a": [1, 2, 3], "bb": [3, 2, 1] }"#);
    let s = Scorer::from_table(ok, spec.clone()).expect("scores");
    assert_eq!(s.unit_ids(), vec!["x", "y", "z"]);
    assert_eq!(s.labels(), vec!["x", "y", "z"]);
    assert_eq!(s.group_values("g").expect("g"), vec!["p", "q", "p"]);
    assert_eq!(s.scores(None).expect("root").to_vec(), vec![0.0, 0.5, 1.0]);
    assert_eq!(s.raw_values("b").expect("raw").to_vec(), vec![3.0, 2.0, 1.0]);

    expect_error(
        Scorer::from_table(table(r#""x""#, "{}"), spec.clone()),
        &["table: ids: expected an array"],
    );
    expect_error(
        Scorer::from_table(table(r#"["x", 2, "z"]"#, "{}"), spec.clone()),
        &["table: ids[1] is not a string (got number"],
    );
    expect_error(
        Scorer::from_table(
            table(r#"["x", "x", "z"]"#, r#"{ "a": [1, 2, 3], "bb": [3, 2, 1] }"#),
            spec.clone(),
        ),
        &["unit id 'x' appears twice"],
    );
    expect_error(
        Scorer::from_table(table(r#"["x", "y", "z"]"#, r#"{ "a": [1, 2, 3] }"#), spec.clone()),
        &["indicator 'b' column 'bb' is not in the data", "'a'"],
    );
    expect_error(
        Scorer::from_table(
            table(r#"["x", "y", "z"]"#, r#"{ "a": [1, 2], "bb": [3, 2, 1] }"#),
            spec.clone(),
        ),
        &["column 'a' has 2 values for 3 ids"],
    );
    expect_error(
        Scorer::from_table(
            table(r#"["x", "y", "z"]"#, r#"{ "a": [1, "2", 3], "bb": [3, 2, 1] }"#),
            spec.clone(),
        ),
        &["table: columns.a[1] is not a number (got string)"],
    );
    expect_error(
        Scorer::from_table(
            table(r#"["x", "y", "z"]"#, r#"{ "a": {}, "bb": [3, 2, 1] }"#),
            spec.clone(),
        ),
        &["table: columns.a: expected a Float64Array or an array of numbers"],
    );
    let inf = table(r#"["x", "y", "z"]"#, r#"{ "a": [1, 2, 3], "bb": [3, 2, 1] }"#);
    Reflect::set(
        &get(&inf, "columns"),
        &"a".into(),
        &Float64Array::from(&[1.0, f64::INFINITY, 3.0][..]),
    )
    .expect("set");
    expect_error(Scorer::from_table(inf, spec.clone()), &["not a finite number"]);
    expect_error(
        Scorer::from_table(js(r#"{ "ids": [], "columns": {}, "label": [] }"#), spec.clone()),
        &["table: unknown field 'label'"],
    );
    expect_error(
        Scorer::from_table(
            js(r#"{ "ids": ["x"], "columns": { "a": [1], "bb": [1] } }"#),
            spec.clone(),
        ),
        &["group column 'g' is not in the data"],
    );
    expect_error(
        Scorer::from_table(JsValue::NULL, spec),
        &["table: expected an object, got null"],
    );
}
