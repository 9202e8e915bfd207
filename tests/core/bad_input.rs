//! Bad input: each case's error message must name the place (line, column, field, node, unit)
//! so that a person can fix it, and nothing may panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tolok::{Error, Scorer, Spec, Table};

/// A valid table and spec that each case breaks in one place.
const CSV: &str = "id,name,a,b,c\nx,Ex,1,2,3\ny,Why,2,3,4\nz,Zed,3,1,5\n";
const SPEC: &str = r#"{
  "version": 1,
  "units": { "id": "id", "label": "name" },
  "indicators": [ { "id": "a" }, { "id": "b", "direction": "lower" }, { "id": "c" } ],
  "tree": { "id": "root", "children": [
    { "id": "g1", "children": [ { "indicator": "a" }, { "indicator": "b" } ] },
    { "indicator": "c", "weight": 2 } ] }
}"#;

/// Runs `f`, failing the test (not the process) if it panics.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{what}: panicked"))
}

/// The message of scoring `csv` by `spec`, which must fail.
fn error(csv: &str, spec: &str) -> String {
    no_panic("scoring", || {
        let spec = Spec::from_json(spec).map_err(|e| e.to_string())?;
        Scorer::from_csv(csv, spec).map(|_| ()).map_err(|e| e.to_string())
    })
    .expect_err("bad input must be an error")
}

/// Asserts that `msg` contains every one of `parts`.
#[track_caller]
fn says(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "message {msg:?} should contain {p:?}");
    }
}

fn spec_with(from: &str, to: &str) -> String {
    assert!(SPEC.contains(from), "{from}");
    SPEC.replacen(from, to, 1)
}

fn csv_with(from: &str, to: &str) -> String {
    assert!(CSV.contains(from), "{from}");
    CSV.replacen(from, to, 1)
}

#[test]
fn the_base_case_is_valid() {
    let s = Scorer::from_csv(CSV, Spec::from_json(SPEC).unwrap()).unwrap();
    assert_eq!(s.len(), 3);
}

// ----- CSV ------------------------------------------------------------------------------------

#[test]
fn csv_not_a_number_names_line_column_and_text() {
    let m = error(&csv_with("y,Why,2,3,4", "y,Why,2,abc,4"), SPEC);
    says(&m, &["CSV line 3", "column 'b'", "'abc' is not a number"]);
    // Words that Rust's float parser would accept are not numbers either.
    for word in ["inf", "NaN", "infinity", "1e999", "4.7.3", "12abc", "0x10"] {
        let m = error(&csv_with("z,Zed,3,1,5", &format!("z,Zed,3,1,{word}")), SPEC);
        says(&m, &["CSV line 4", "column 'c'", &format!("'{word}' is not a number")]);
    }
}

#[test]
fn csv_decimal_comma_in_a_comma_separated_file_is_not_a_number() {
    let m = error(&csv_with("x,Ex,1,2,3", "x,Ex,\"4,73\",2,3"), SPEC);
    says(&m, &["CSV line 2", "column 'a'", "'4,73' is not a number"]);
}

#[test]
fn csv_duplicate_unit_id_names_both_lines() {
    let m = error(&csv_with("z,Zed", "x,Zed"), SPEC);
    says(&m, &["CSV line 4", "unit id 'x' appears twice", "first on line 2"]);
}

#[test]
fn csv_empty_unit_id_names_line_and_column() {
    let m = error(&csv_with("y,Why", ",Why"), SPEC);
    says(&m, &["CSV line 3", "unit id (column 'id') is empty"]);
}

#[test]
fn csv_missing_indicator_column_lists_the_columns() {
    let m = error(&CSV.replace("id,name,a,b,c", "id,name,a,bb,c"), SPEC);
    says(
        &m,
        &[
            "indicator 'b'",
            "column 'b' is not in the data",
            "'id', 'name', 'a', 'bb', 'c'",
        ],
    );
}

#[test]
fn csv_missing_id_label_and_group_columns() {
    let m = error(CSV, &spec_with(r#""id": "id""#, r#""id": "code""#));
    says(&m, &["unit id column 'code' is not in the data", "'id', 'name'"]);
    let m = error(CSV, &spec_with(r#""label": "name""#, r#""label": "nama""#));
    says(&m, &["unit label column 'nama' is not in the data"]);
    let m = error(
        CSV,
        &spec_with(r#""label": "name""#, r#""label": "name", "groups": ["region"]"#),
    );
    says(&m, &["group column 'region' is not in the data"]);
}

#[test]
fn csv_with_no_rows_or_no_header() {
    says(&error("id,name,a,b,c\n", SPEC), &["no data rows"]);
    says(&error("id,name,a,b,c\n\n,,,,\n", SPEC), &["no data rows"]);
    says(&error("", SPEC), &["header row"]);
}

#[test]
fn csv_ragged_row_names_its_line_and_field_counts() {
    let m = error(&csv_with("y,Why,2,3,4", "y,Why,2,3"), SPEC);
    says(&m, &["CSV line 3", "4 fields", "the header has 5"]);
    let m = error(&csv_with("y,Why,2,3,4", "y,Why,2,3,4,5"), SPEC);
    says(&m, &["CSV line 3", "6 fields", "the header has 5"]);
}

#[test]
fn csv_header_with_a_duplicate_column() {
    let m = error(&CSV.replace("id,name,a,b,c", "id,name,a,b,a"), SPEC);
    says(&m, &["column 'a' twice", "columns 3 and 5"]);
}

// ----- spec: syntax ---------------------------------------------------------------------------

fn spec_error(text: &str) -> String {
    no_panic("spec", || Spec::from_json(text).map(|_| ()).map_err(|e| e.to_string()))
        .expect_err("bad spec must be an error")
}

#[test]
fn spec_invalid_json_names_line_and_column() {
    let m = spec_error("{\n  \"version\": 1,\n  \"units\": { \"id\": \"id\" ]\n}");
    says(&m, &["spec", "line 3", "column"]);
}

#[test]
fn spec_unknown_field_typo_names_its_path() {
    let m = spec_error(&spec_with(r#""weight": 2"#, r#""weigth": 2"#));
    says(&m, &["tree.children[1]", "unknown field `weigth`", "`weight`"]);
    let m = spec_error(&spec_with(r#""version": 1,"#, r#""version": 1, "nmae": "x","#));
    says(&m, &["unknown field `nmae`"]);
}

#[test]
fn spec_unknown_field_inside_normalise_names_the_indicator() {
    let m = spec_error(&spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "goalposts", "min": 0, "maxx": 1 } }"#,
    ));
    says(&m, &["indicators[0]", "maxx"]);
}

#[test]
fn spec_wrong_types_and_unknown_variants_name_the_field() {
    let m = spec_error(&spec_with(r#""weight": 2"#, r#""weight": "2""#));
    says(&m, &["tree.children[1].weight", "invalid type: string"]);
    let m = spec_error(&spec_with(r#""direction": "lower""#, r#""direction": "down""#));
    says(&m, &["indicators[1].direction", "unknown variant `down`", "`lower`"]);
    let m = spec_error(&spec_with(
        r#""tree": { "id": "root","#,
        r#""rank": { "ties": "first" }, "tree": { "id": "root","#,
    ));
    says(&m, &["rank.ties", "unknown variant `first`"]);
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "aggregate": "median","#));
    says(&m, &["tree.children[0].aggregate", "unknown variant `median`"]);
    let m = spec_error(&spec_with(r#""weight": 2"#, r#""weight": 1e999"#));
    says(&m, &["tree.children[1].weight"]);
}

#[test]
fn spec_missing_required_fields() {
    let m = spec_error(r#"{ "version": 1, "units": { "id": "id" }, "indicators": [] }"#);
    says(&m, &["missing field `tree`"]);
    let m = spec_error(&spec_with(r#"{ "id": "a" }"#, r#"{ "direction": "higher" }"#));
    says(&m, &["indicators[0]", "missing field `id`"]);
}

#[test]
fn spec_version_2_is_refused() {
    let m = spec_error(&spec_with(r#""version": 1"#, r#""version": 2"#));
    says(&m, &["version", "2 is not a known version"]);
}

// ----- spec: meaning --------------------------------------------------------------------------

#[test]
fn spec_unknown_indicator_in_the_tree_names_where() {
    let m = spec_error(&spec_with(r#"{ "indicator": "b" }"#, r#"{ "indicator": "bb" }"#));
    says(&m, &["indicator 'bb' does not exist", "tree.children[0].children[1]"]);
}

#[test]
fn spec_indicator_used_twice_in_the_tree() {
    let m = spec_error(&spec_with(
        r#"{ "indicator": "c", "weight": 2 }"#,
        r#"{ "indicator": "a", "weight": 2 }"#,
    ));
    says(&m, &["'a'", "used twice in the tree"]);
}

#[test]
fn spec_indicator_never_used() {
    let m = spec_error(&spec_with(r#"{ "id": "c" }"#, r#"{ "id": "c" }, { "id": "d" }"#));
    says(&m, &["indicator 'd'", "not used in the tree"]);
}

#[test]
fn spec_duplicate_indicator_and_node_ids() {
    let m = spec_error(&spec_with(r#"{ "id": "c" }"#, r#"{ "id": "c" }, { "id": "a" }"#));
    says(&m, &["indicators[3]", "indicator id 'a' is used twice"]);
    let m = spec_error(&spec_with(r#""id": "g1""#, r#""id": "root""#));
    says(&m, &["node 'root'", "node id is used twice"]);
    let m = spec_error(&spec_with(r#""id": "g1""#, r#""id": "a""#));
    says(&m, &["node 'a'", "same id as an indicator"]);
}

#[test]
fn spec_empty_children_and_nodes_without_ids() {
    let m = spec_error(&spec_with(
        r#"{ "indicator": "c", "weight": 2 }"#,
        r#"{ "indicator": "c", "weight": 2 }, { "id": "g2", "children": [] }"#,
    ));
    says(&m, &["node 'g2'", "has no children"]);
    let m = spec_error(&spec_with(r#""id": "g1", "#, ""));
    says(&m, &["tree.children[0]", "needs an \"id\""]);
    let m = spec_error(&spec_with(
        r#"{ "indicator": "c", "weight": 2 }"#,
        r#"{ "indicator": "c", "children": [] }"#,
    ));
    says(&m, &["leaf 'c'", "no children"]);
}

#[test]
fn spec_bad_weights_name_the_node() {
    let m = spec_error(&spec_with(r#""weight": 2"#, r#""weight": -1"#));
    says(&m, &["leaf 'c'", "weight -1", "≥ 0"]);
    let m = spec_error(&spec_with(
        r#"{ "indicator": "a" }, { "indicator": "b" }"#,
        r#"{ "indicator": "a", "weight": 0 }, { "indicator": "b", "weight": 0 }"#,
    ));
    says(&m, &["node 'g1'", "all children have weight 0"]);
    // NaN and ∞ cannot be written in JSON; a spec built in code is validated the same way.
    for w in [f64::NAN, f64::INFINITY] {
        let mut spec = Spec::from_json(SPEC).unwrap();
        spec.tree.children.as_mut().unwrap()[0].weight = Some(w);
        let m = no_panic("validate", || spec.validate()).unwrap_err().to_string();
        says(&m, &["node 'g1'", &format!("weight {w}")]);
        let r = no_panic("scorer", || Scorer::from_csv(CSV, spec.clone()));
        assert!(r.is_err());
    }
}

#[test]
fn spec_weights_whose_sum_overflows() {
    let m = spec_error(&spec_with(
        r#"{ "indicator": "a" }, { "indicator": "b" }"#,
        r#"{ "indicator": "a", "weight": 1e308 }, { "indicator": "b", "weight": 1e308 }"#,
    ));
    says(&m, &["node 'g1'", "weights"]);
}

#[test]
fn spec_bad_normalisations_name_the_indicator() {
    let gp = |min: f64, max: f64, log: bool| {
        spec_with(
            r#"{ "id": "a" }"#,
            &format!(
                r#"{{ "id": "a", "normalise": {{ "method": "goalposts", "min": {min}, "max": {max}, "log": {log} }} }}"#
            ),
        )
    };
    says(
        &spec_error(&gp(5.0, 5.0, false)),
        &["indicator 'a'", "goalposts", "min 5, max 5"],
    );
    says(&spec_error(&gp(9.0, 1.0, false)), &["indicator 'a'", "min 9, max 1"]);
    says(
        &spec_error(&gp(0.0, 10.0, true)),
        &["indicator 'a'", "log need min > 0"],
    );
    let m = spec_error(&spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "minmax", "low": 1, "high": 1 } }"#,
    ));
    says(&m, &["indicator 'a'", "minmax needs finite low < high"]);
    // A range whose width overflows would turn every value into NaN.
    let m = spec_error(&spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "minmax", "low": -1e308, "high": 1e308 } }"#,
    ));
    says(&m, &["indicator 'a'", "minmax needs finite low < high"]);
    let m = spec_error(&spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "zscore", "scale": 0 } }"#,
    ));
    says(&m, &["indicator 'a'", "zscore", "scale > 0"]);
    let m = spec_error(&spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "softmax" } }"#,
    ));
    says(&m, &["indicators[0]", "softmax"]);
}

#[test]
fn spec_grades_out_of_order() {
    let m = spec_error(&spec_with(
        r#""version": 1,"#,
        r#""version": 1, "grades": [ { "label": "A", "min": 0.8 }, { "label": "B", "min": 0.9 }, { "label": "C", "min": 0 } ],"#,
    ));
    says(&m, &["grades[1] ('B')", "min 0.9 is not below the min 0.8 of 'A'"]);
}

#[test]
fn spec_node_options_in_the_wrong_place() {
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "minCoverage": 0.5,"#));
    says(&m, &["node 'g1'", "minCoverage needs \"missing\": \"skip\""]);
    let m = spec_error(&spec_with(
        r#""id": "g1","#,
        r#""id": "g1", "missing": "skip", "minCoverage": 1.5,"#,
    ));
    says(&m, &["node 'g1'", "minCoverage 1.5 must be between 0 and 1"]);
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "aggregate": "mean","#));
    says(&m, &["node 'g1'", "aggregate \"mean\" needs \"p\""]);
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "p": 2,"#));
    says(&m, &["node 'g1'", "\"p\" is only for aggregate \"mean\""]);
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "scale": 0,"#));
    says(&m, &["node 'g1'", "scale 0"]);
    let m = spec_error(&spec_with(r#""id": "g1","#, r#""id": "g1", "floor": -1,"#));
    says(&m, &["node 'g1'", "floor -1"]);
    let m = spec_error(&spec_with(
        r#""tree": { "id": "root","#,
        r#""rank": { "round": 16 }, "tree": { "id": "root","#,
    ));
    says(&m, &["rank.round", "16 decimals"]);
}

#[test]
fn spec_root_must_be_a_node() {
    let m = spec_error(
        r#"{ "version": 1, "units": { "id": "id" }, "indicators": [ { "id": "a" } ], "tree": { "indicator": "a" } }"#,
    );
    says(&m, &["tree", "root must be an aggregate node"]);
}

// ----- scoring --------------------------------------------------------------------------------

#[test]
fn missing_value_under_missing_error_names_unit_node_and_child() {
    for marker in ["", "NA", "..", "-"] {
        let m = error(&csv_with("y,Why,2,3,4", &format!("y,Why,2,{marker},4")), SPEC);
        says(
            &m,
            &["unit 'y'", "node 'g1'", "no value for 'b'", "\"missing\": \"skip\""],
        );
    }
}

#[test]
fn geometric_mean_of_a_zero_names_unit_node_and_child() {
    let spec = spec_with(r#""id": "g1","#, r#""id": "g1", "aggregate": "geometric","#)
        .replace(
            r#"{ "id": "a" }"#,
            r#"{ "id": "a", "normalise": { "method": "none" } }"#,
        )
        .replace(
            r#""direction": "lower" }"#,
            r#""direction": "lower", "normalise": { "method": "minmax", "low": 1, "high": 2 } }"#,
        );
    let m = error(&csv_with("z,Zed,3,1,5", "z,Zed,0,1,5"), &spec);
    says(
        &m,
        &["unit 'z'", "node 'g1'", "geometric", "cannot take 0 from 'a'", "floor"],
    );
    // Min-max puts the worst unit at 0: same error, for the worst unit (x has the lowest a).
    let spec = spec_with(r#""id": "g1","#, r#""id": "g1", "aggregate": "harmonic","#);
    let m = error(CSV, &spec);
    says(&m, &["unit 'x'", "node 'g1'", "harmonic", "cannot take 0 from 'a'"]);
}

#[test]
fn log_goalposts_of_a_non_positive_value_names_unit_and_indicator() {
    let spec = spec_with(
        r#"{ "id": "a" }"#,
        r#"{ "id": "a", "normalise": { "method": "goalposts", "min": 1, "max": 100, "log": true } }"#,
    );
    for v in ["0", "-3"] {
        let m = error(&csv_with("y,Why,2,3,4", &format!("y,Why,{v},3,4")), &spec);
        says(&m, &["unit 'y'", "'a'", "log"]);
    }
}

// ----- the Scorer API -------------------------------------------------------------------------

fn scorer() -> Scorer {
    Scorer::from_csv(CSV, Spec::from_json(SPEC).unwrap()).unwrap()
}

#[test]
fn set_weight_on_unknown_node_or_child_lists_what_exists() {
    let mut s = scorer();
    let before = s.root_scores().to_vec();
    let m = no_panic("set_weight", || s.set_weight("g9", "a", 1.0))
        .unwrap_err()
        .to_string();
    says(&m, &["node 'g9' does not exist", "root", "g1"]);
    let m = no_panic("set_weight", || s.set_weight("g1", "c", 1.0))
        .unwrap_err()
        .to_string();
    says(&m, &["child 'c' does not exist", "children of node 'g1': a, b"]);
    let m = no_panic("set_weight", || s.set_weight("a", "a", 1.0))
        .unwrap_err()
        .to_string();
    says(&m, &["node 'a' does not exist"]);
    assert_eq!(s.root_scores(), before.as_slice());
}

#[test]
fn set_weight_with_bad_values_changes_nothing() {
    let mut s = scorer();
    let before = s.root_scores().to_vec();
    for w in [f64::NAN, -1.0, f64::INFINITY] {
        let m = no_panic("set_weight", || s.set_weight("g1", "a", w))
            .unwrap_err()
            .to_string();
        says(&m, &["node 'g1'", &format!("weight {w} of 'a'"), "≥ 0"]);
    }
    s.set_weight("g1", "a", 0.0).unwrap();
    let m = no_panic("set_weight", || s.set_weight("g1", "b", 0.0))
        .unwrap_err()
        .to_string();
    says(&m, &["node 'g1'", "all children would have weight 0"]);
    s.set_weight("g1", "a", 1.0).unwrap();
    assert_eq!(s.root_scores(), before.as_slice());
    // A batch with one bad change applies none of them.
    let m = s
        .set_weights(&[("g1", "a", 5.0), ("root", "zz", 1.0)])
        .unwrap_err()
        .to_string();
    says(&m, &["child 'zz' does not exist", "children of node 'root': g1, c"]);
    assert_eq!(s.root_scores(), before.as_slice());
}

#[test]
fn set_weight_that_overflows_the_sum_is_refused() {
    let mut s = scorer();
    let before = s.root_scores().to_vec();
    let r = no_panic("set_weights", || {
        s.set_weights(&[("g1", "a", 1e308), ("g1", "b", 1e308)])
    });
    says(&r.unwrap_err().to_string(), &["node 'g1'", "weights"]);
    assert_eq!(s.root_scores(), before.as_slice());
}

#[test]
fn queries_for_unknown_ids() {
    let s = scorer();
    says(
        &s.scores("nope").unwrap_err().to_string(),
        &["node or indicator 'nope' does not exist"],
    );
    says(&s.unit("w").unwrap_err().to_string(), &["unit 'w' does not exist"]);
    says(
        &s.group_ranks("region").unwrap_err().to_string(),
        &["group column 'region' does not exist"],
    );
}

#[test]
fn tables_from_columns_are_checked() {
    let ids = || vec!["x".to_string(), "y".to_string()];
    let m = Table::from_columns(ids(), None, vec![], vec![("a".into(), vec![1.0])])
        .unwrap_err()
        .to_string();
    says(&m, &["column 'a' has 1 values for 2 ids"]);
    let m = Table::from_columns(ids(), None, vec![], vec![("a".into(), vec![1.0, f64::INFINITY])])
        .unwrap_err()
        .to_string();
    says(&m, &["column 'a', unit 'y'", "inf is not a finite number"]);
    let m = Table::from_columns(vec!["x".into(), "x".into()], None, vec![], vec![])
        .unwrap_err()
        .to_string();
    says(&m, &["unit id 'x' appears twice", "ids[0] and ids[1]"]);
    let m = Table::from_columns(ids(), Some(vec!["X".into()]), vec![], vec![])
        .unwrap_err()
        .to_string();
    says(&m, &["1 labels for 2 ids"]);
    // A table without a column the spec reads.
    let t = Table::from_columns(
        ids(),
        None,
        vec![],
        vec![("a".into(), vec![1.0, 2.0]), ("c".into(), vec![1.0, 2.0])],
    )
    .unwrap();
    let m = no_panic("new", || Scorer::new(t, Spec::from_json(SPEC).unwrap()))
        .unwrap_err()
        .to_string();
    says(&m, &["indicator 'b' column 'b' is not in the data", "'a', 'c'"]);
}

#[test]
fn errors_are_values_of_the_one_error_type() {
    // The variants carry the place as data, for the bindings and the page.
    let e = Scorer::from_csv(
        &csv_with("y,Why,2,3,4", "y,Why,2,abc,4"),
        Spec::from_json(SPEC).unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::NotANumber {
            line: 3,
            column: "b".into(),
            text: "abc".into()
        }
    );
}
