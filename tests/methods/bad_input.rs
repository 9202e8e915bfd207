//! Bad input to the new methods: a clear error that names the place, or a documented outcome —
//! never a panic, and never NaN in a score.

use serde_json::{json, Value};
use tolok::{Error, Scorer, Spec};

const DATA: &str = "id,g,a,b,c\nu1,x,1,10,5\nu2,x,2,30,3\nu3,y,3,20,4\nu4,y,4,60,1\nu5,z,5,50,2\n";

fn spec(node: Value, prepare: Option<Value>) -> String {
    let mut root =
        json!({ "id": "root", "children": [{ "indicator": "a" }, { "indicator": "b" }, { "indicator": "c" }] });
    for (k, v) in node.as_object().unwrap() {
        root[k] = v.clone();
    }
    let mut s = json!({
        "version": 1,
        "units": { "id": "id", "groups": ["g"] },
        "indicators": [{ "id": "a" }, { "id": "b" }, { "id": "c" }],
        "tree": root
    });
    if let Some(p) = prepare {
        s["prepare"] = p;
    }
    s.to_string()
}

fn error(data: &str, spec: &str) -> String {
    let r = Spec::from_json(spec).and_then(|s| Scorer::from_csv(data, s));
    match r {
        Ok(_) => panic!("no error for {spec}"),
        Err(e) => e.to_string(),
    }
}

#[track_caller]
fn assert_error(data: &str, spec: &str, parts: &[&str]) {
    let e = error(data, spec);
    for p in parts {
        assert!(e.contains(p), "'{p}' not in: {e}");
    }
}

fn ahp(matrix: Value) -> String {
    spec(json!({ "weighting": { "method": "ahp", "matrix": matrix } }), None)
}

#[test]
fn ahp_matrices_that_are_not_reciprocal_or_positive() {
    assert_error(
        DATA,
        &ahp(json!([[1, 3, 5], [0.5, 1, 2], [0.2, 0.5, 1]])),
        &[
            "node 'root': weighting 'ahp'",
            "not reciprocal: matrix[0][1] = 3 but matrix[1][0] = 0.5",
        ],
    );
    assert_error(
        DATA,
        &ahp(json!([[1, 0, 5], [0, 1, 2], [0.2, 0.5, 1]])),
        &["matrix[0][1] is 0; every entry must be a number > 0"],
    );
    assert_error(
        DATA,
        &ahp(json!([[1, -2, 5], [-0.5, 1, 2], [0.2, 0.5, 1]])),
        &["matrix[0][1] is -2"],
    );
    assert_error(DATA, &ahp(json!([[1, 2], [0.5, 1]])), &["must be 3×3"]);
    // 0.33 for 1/3 is accepted; an inconsistent matrix is scored with a warning.
    let s = Scorer::from_csv(
        DATA,
        Spec::from_json(&ahp(json!([[1, 9, 0.2], [0.111, 1, 9], [5, 0.111, 1]]))).unwrap(),
    )
    .unwrap();
    let d = &s.result().derived_weights[0];
    let c = d.consistency.as_ref().unwrap();
    assert!(c.cr > 0.1 && !c.consistent);
    assert!(d.warnings[0].contains("consistency ratio"), "{:?}", d.warnings);
}

#[test]
fn pca_with_a_constant_child_or_a_singular_matrix() {
    let constant = "id,g,a,b,c\nu1,x,1,7,5\nu2,x,2,7,3\nu3,y,3,7,4\nu4,y,4,7,1\n";
    let s = spec(json!({ "weighting": { "method": "pca" } }), None);
    assert_error(
        constant,
        &s,
        &[
            "node 'root': weighting 'pca'",
            "child 'b' is constant",
            "PCA cannot standardise it",
        ],
    );
    // b = 10·a: collinear, the correlation matrix is singular: scored, with a warning.
    let collinear = "id,g,a,b,c\nu1,x,1,10,5\nu2,x,2,20,3\nu3,y,3,30,4\nu4,y,4,40,1\n";
    let r = Scorer::from_csv(collinear, Spec::from_json(&s).unwrap())
        .unwrap()
        .result();
    let d = &r.derived_weights[0];
    assert!(d.warnings.iter().any(|w| w.contains("singular")), "{:?}", d.warnings);
    assert!(r.units.iter().all(|u| u.score.is_some_and(f64::is_finite)));
}

#[test]
fn infeasible_bod_bounds() {
    let bod = |w: Value| spec(json!({ "weighting": w }), None);
    assert_error(
        DATA,
        &bod(json!({ "method": "bod", "minShare": 0.4 })),
        &[
            "node 'root': weighting 'bod'",
            "minimum shares add up to 1.2",
            "infeasible",
        ],
    );
    assert_error(
        DATA,
        &bod(json!({ "method": "bod", "maxShare": 0.3 })),
        &["maximum shares add up to 0.9", "infeasible"],
    );
    assert_error(
        DATA,
        &bod(json!({ "method": "bod", "shares": { "a": { "min": 0.6, "max": 0.5 } } })),
        &["share bounds of 'a'"],
    );
    assert_error(
        DATA,
        &bod(json!({ "method": "bod", "shares": { "zz": { "min": 0.1 } } })),
        &["'zz' is not a child"],
    );
    assert_error(
        DATA,
        &spec(
            json!({ "aggregate": "geometric", "weighting": { "method": "bod" } }),
            None,
        ),
        &["aggregate \"arithmetic\""],
    );
}

#[test]
fn an_indicator_constant_after_treatment_and_a_constant_raw_indicator() {
    // b: nine 1s and one 100 — skewed; winsorising its one high point would leave a single value.
    let data = "id,g,a,b,c\n".to_string()
        + &(0..10)
            .map(|u| format!("u{u},x,{u},{},{}\n", if u == 9 { 100 } else { 1 }, u % 3))
            .collect::<String>();
    let treat = json!({ "treat": { "method": "winsorise", "maxPoints": 3 } });
    assert_error(
        &data,
        &spec(json!({}), Some(treat.clone())),
        &[
            "prepare: indicator 'b'",
            "winsorising point 1 would leave fewer than two distinct values",
        ],
    );
    // A constant indicator is left alone by the rule and normalises to the midpoint (0.5).
    let data = "id,g,a,b,c\n".to_string() + &(0..6).map(|u| format!("u{u},x,{u},4,{}\n", u % 4)).collect::<String>();
    let s = Scorer::from_csv(&data, Spec::from_json(&spec(json!({}), Some(treat))).unwrap()).unwrap();
    let t = s
        .prepare_report()
        .unwrap()
        .treated
        .iter()
        .find(|t| t.indicator == "b")
        .unwrap()
        .clone();
    assert_eq!(t.action, "constant");
    assert!(s.scores("b").unwrap().iter().all(|&v| v == 0.5));
}

#[test]
fn a_group_with_a_single_unit() {
    // u5 is alone in group z; its missing c cannot be imputed from its group.
    let data = "id,g,a,b,c\nu1,x,1,10,5\nu2,x,2,30,\nu3,y,3,20,4\nu4,y,4,60,1\nu5,z,5,50,\n";
    let impute = json!({ "impute": { "method": "groupMean", "by": "g" } });
    let e = error(data, &spec(json!({}), Some(impute.clone())));
    assert_eq!(
        e,
        Error::MissingValue {
            unit: "u5".into(),
            node: "root".into(),
            child: "c".into()
        }
        .to_string()
    );
    let s = Scorer::from_csv(
        data,
        Spec::from_json(&spec(json!({ "missing": "skip" }), Some(impute))).unwrap(),
    )
    .unwrap();
    let r = s.result();
    let p = r.prepare.as_ref().unwrap();
    assert_eq!(p.imputed.len(), 1, "u2 from group x");
    assert!(
        p.warnings[0].contains("unit 'u5': no unit of group 'z' has a value for 'c'"),
        "{:?}",
        p.warnings
    );
    assert!(r.units.iter().all(|u| u.score.is_some_and(f64::is_finite)));
    assert_eq!(s.group_ranks("g").unwrap()[4], 1.0, "alone in its group: first");
}

#[test]
fn spec_errors_name_the_place() {
    assert_error(
        DATA,
        &spec(json!({ "aggregate": "mpi" }), None),
        &["node 'root'", "needs \"penalty\""],
    );
    assert_error(
        DATA,
        &spec(json!({ "aggregate": "vikor", "v": 1.5 }), None),
        &["node 'root'", "v 1.5 must be between 0 and 1"],
    );
    assert_error(
        DATA,
        &spec(json!({ "penalty": "add" }), None),
        &["\"penalty\" is only for aggregate \"mpi\""],
    );
    let mut weighted = spec(json!({ "weighting": { "method": "entropy" } }), None);
    weighted = weighted.replace(r#"{"indicator":"b"}"#, r#"{"indicator":"b","weight":2}"#);
    assert_error(DATA, &weighted, &["child 'b' has a \"weight\"", "weighting 'entropy'"]);
    assert_error(
        DATA,
        &spec(json!({}), Some(json!({ "indicators": { "zz": {} } }))),
        &["prepare.indicators.zz", "not an indicator"],
    );
    assert_error(
        DATA,
        &spec(
            json!({}),
            Some(json!({ "impute": { "method": "groupMean", "by": "region" } })),
        ),
        &["prepare.impute.by", "'region' must be one of units.groups"],
    );
    assert_error(
        DATA,
        &spec(
            json!({}),
            Some(json!({ "indicators": { "a": { "denominate": { "by": "pop" } } } })),
        ),
        &["denominator column 'pop' is not in the data"],
    );
    assert_error(
        DATA,
        &spec(json!({}), Some(json!({ "treat": { "method": "winsorize" } }))),
        &["prepare.treat", "winsorize"],
    );
}

#[test]
fn data_that_a_method_cannot_take() {
    let zero = "id,g,a,b,c\nu1,x,1,10,0\nu2,x,2,30,3\nu3,y,3,20,4\n";
    let log = json!({ "indicators": { "c": { "transform": { "method": "log" } } } });
    assert_error(
        zero,
        &spec(json!({}), Some(log)),
        &[
            "prepare: indicator 'c'",
            "unit 'u1' has 0",
            "log transform needs values > 0",
        ],
    );
    let sum = spec(json!({}), None).replace(r#"{"id":"c"}"#, r#"{"id":"c","normalise":{"method":"sum"}}"#);
    assert_error(zero, &sum, &["unit 'u1', indicator 'c'", "sum normalisation"]);
    let negative = spec(json!({ "weighting": { "method": "entropy" } }), None)
        .replace(r#"{"id":"a"}"#, r#"{"id":"a","normalise":{"method":"zscore"}}"#);
    assert_error(
        DATA,
        &negative,
        &[
            "node 'root': weighting 'entropy'",
            "entropy needs values ≥ 0, and child 'a' has -",
        ],
    );
}
