//! Published numbers reproduced exactly: UNDP HDI 2022, BPS IPM 2024, COINr's ASEM example,
//! PEKPPP predicate bands and the illustrative table, pymcdm's WSM, WPM and min-max cases.

use tolok::rank::{grade_of, round_to, Ranker};
use tolok::spec::Ties;
use tolok::{Scorer, Spec};

use crate::common::{close, num, read, score, spec, Published};

const HDI: &str = "data/undp_hdi_2022/hdi_2022_extract.csv";
const IPM: &str = "data/ipm_kabkota_2024/profil_kabkota_2024.csv";
const ASEM: &str = "data/coinr_asem/ASEM_COIN_COINr6";

/// Min-ranks (1 = highest) of published values, computed here: 1 + the number strictly higher.
fn min_ranks(values: &[f64]) -> Vec<f64> {
    values
        .iter()
        .map(|&v| 1.0 + values.iter().filter(|&&w| w > v).count() as f64)
        .collect()
}

#[test]
fn undp_hdi_2022_every_published_value_and_rank() {
    let s = score("hdi_2022.json", HDI);
    let p = Published::read(HDI);
    let (iso, hdi, rank) = (p.col("iso3"), p.col("hdi_2022"), p.col("hdi_rank_2022"));
    let mut checked = 0;
    for row in &p.rows {
        if row[hdi].is_empty() {
            continue;
        }
        let u = s.unit(&row[iso]).unwrap();
        let published = num(&row[hdi]);
        // Published to 3 decimals: the full-precision HDI lies within half a unit of the last
        // digit, and the rounded score that ranks and grades use is that decimal.
        close(s.root_scores()[u], published, 0.0005, &row[iso]);
        assert_eq!(s.rounded_scores()[u], published, "{}", row[iso]);
        assert_eq!(s.ranks()[u], num(&row[rank]), "rank of {}", row[iso]);
        checked += 1;
    }
    assert_eq!(checked, 193, "countries with a published HDI");
    let mut unranked: Vec<&str> = s.unranked().iter().map(|&u| s.table().ids()[u].as_str()).collect();
    unranked.sort_unstable();
    assert_eq!(unranked, ["MCO", "PRK"]);
    for id in ["MCO", "PRK"] {
        let u = s.unit(id).unwrap();
        assert!(s.root_scores()[u].is_nan() && s.ranks()[u].is_nan(), "{id}");
        assert_eq!(s.grades()[u], None, "{id}");
    }
    // Grade bands are the HDI categories, applied to the rounded HDI (hdicode column).
    let code = p.col("hdicode");
    for row in p.rows.iter().filter(|r| !r[hdi].is_empty()) {
        let u = s.unit(&row[iso]).unwrap();
        let expected = match row[code].as_str() {
            "Very High" => "Very high",
            other => other,
        };
        assert_eq!(s.grades()[u], Some(expected), "{}", row[iso]);
    }
}

#[test]
fn bps_ipm_2024_all_514_kabkota_and_kota_bekasi() {
    let s = score("ipm_2024.json", IPM);
    let p = Published::read(IPM);
    let ids = p.column("kode_wilayah");
    let published: Vec<f64> = p.column("ipm").iter().map(|t| num(t)).collect();
    assert_eq!(published.len(), 514);
    assert_eq!(s.len(), 514);
    let expected_ranks = min_ranks(&published);
    for ((id, &ipm), &rank) in ids.iter().zip(&published).zip(&expected_ranks) {
        let u = s.unit(id).unwrap();
        close(s.root_scores()[u], ipm, 0.005, id);
        assert_eq!(s.rounded_scores()[u], ipm, "{id}");
        assert_eq!(s.ranks()[u], rank, "rank of {id}");
    }
    let bekasi = s.unit("32.75").unwrap();
    assert_eq!(s.table().labels()[bekasi], "Kota Bekasi");
    assert_eq!(s.rounded_scores()[bekasi], 83.54);
    let higher = published.iter().filter(|&&v| v > 83.54).count();
    assert_eq!(s.ranks()[bekasi], 1.0 + higher as f64, "Kota Bekasi's national rank");
    assert_eq!(s.grades()[bekasi], Some("Sangat tinggi"));
    assert!(s.unranked().is_empty());
}

/// The ASEM aggregates, from the pillars up.
const ASEM_AGGREGATES: [&str; 11] = [
    "Physical",
    "ConEcFin",
    "Political",
    "Instit",
    "P2P",
    "Environ",
    "Social",
    "SusEcFin",
    "Conn",
    "Sust",
    "Index",
];

#[test]
fn coinr_asem_normalised_and_aggregated_data_to_1e_9() {
    let s = score("asem_2018.json", &format!("{ASEM}/Data_Treated.csv"));
    let spec = spec("asem_2018.json");
    let norm = Published::read(&format!("{ASEM}/Data_Normalised.csv"));
    let agg = Published::read(&format!("{ASEM}/Data_Aggregated.csv"));
    assert_eq!((norm.rows.len(), agg.rows.len(), s.len()), (51, 51, 51));
    let units = norm.column("UnitCode");
    for ind in &spec.indicators {
        let ours = s.scores(&ind.id).unwrap();
        for (unit, cell) in units.iter().zip(norm.column(&ind.id)) {
            close(
                ours[s.unit(unit).unwrap()],
                num(cell),
                1e-9,
                &format!("{unit} {}", ind.id),
            );
        }
    }
    let units = agg.column("UnitCode");
    for node in ASEM_AGGREGATES {
        let ours = s.scores(node).unwrap();
        for (unit, cell) in units.iter().zip(agg.column(node)) {
            close(ours[s.unit(unit).unwrap()], num(cell), 1e-9, &format!("{unit} {node}"));
        }
    }
}

#[test]
fn coinr_asem_published_scores_and_ranks_at_every_level() {
    let s = score("asem_2018.json", &format!("{ASEM}/Data_Treated.csv"));
    let scores = Published::read(&format!("{ASEM}/Results_AggregatesScore.csv"));
    let ranks = Published::read(&format!("{ASEM}/Results_AggregatesRank.csv"));
    assert_eq!((scores.rows.len(), ranks.rows.len()), (51, 51));
    let score_units = scores.column("UnitCode");
    let rank_units = ranks.column("UnitCode");
    for node in ASEM_AGGREGATES {
        let ours = s.scores(node).unwrap();
        // 2-decimal scores.
        for (unit, cell) in score_units.iter().zip(scores.column(node)) {
            let x = ours[s.unit(unit).unwrap()];
            close(x, num(cell), 0.005 + 1e-12, &format!("{unit} {node}"));
            assert_eq!(round_to(x, 2), num(cell), "{unit} {node}");
        }
        // Ranks of every aggregate: min-ranks of the 2-decimal scores (for the Index, the
        // scorer's own ranks; for the others, the same ranking rule applied to that node).
        let rounded: Vec<f64> = ours.iter().map(|&x| round_to(x, 2)).collect();
        let (mut r, mut order) = (Vec::new(), Vec::new());
        Ranker::default().rank(&rounded, Ties::Min, &mut r, &mut order);
        for (unit, cell) in rank_units.iter().zip(ranks.column(node)) {
            assert_eq!(r[s.unit(unit).unwrap()], num(cell), "rank of {unit} in {node}");
        }
    }
    // The scorer's ranks are the Index ranks, for all 51 units; the score table's Rank column too.
    for (unit, cell) in rank_units.iter().zip(ranks.column("Index")) {
        assert_eq!(s.ranks()[s.unit(unit).unwrap()], num(cell), "Index rank of {unit}");
    }
    for (unit, cell) in score_units.iter().zip(scores.column("Rank")) {
        assert_eq!(s.ranks()[s.unit(unit).unwrap()], num(cell), "Rank of {unit}");
    }
    let che = s.unit("CHE").unwrap();
    assert_eq!((s.rounded_scores()[che], s.ranks()[che]), (68.38, 1.0));
}

/// The predicate of a rounded IPP by the template's bands.
fn predicate(grades: &[tolok::spec::Grade], ipp: f64) -> (&str, &str) {
    let g = &grades[grade_of(ipp, grades).expect("a band")];
    (g.label.as_str(), g.description.as_deref().unwrap_or(""))
}

/// (IPP rounded to 2 decimals, predicate) as PermenPANRB 29/2022 defines the bands.
const PEKPPP_BANDS: [(f64, &str); 20] = [
    (5.00, "A"),
    (4.73, "A"),
    (4.51, "A"),
    (4.50, "A-"),
    (4.01, "A-"),
    (4.00, "B"),
    (3.51, "B"),
    (3.50, "B-"),
    (3.01, "B-"),
    (3.00, "C"),
    (2.51, "C"),
    (2.50, "C-"),
    (2.01, "C-"),
    (2.00, "D"),
    (1.51, "D"),
    (1.50, "E"),
    (1.01, "E"),
    (1.00, "F"),
    (0.50, "F"),
    (0.00, "F"),
];

#[test]
fn pekppp_predicate_bands_by_grade_of() {
    let grades = spec("pekppp_template.json").grades;
    for (ipp, label) in PEKPPP_BANDS {
        assert_eq!(predicate(&grades, ipp).0, label, "IPP {ipp}");
    }
    // Kota Bekasi 2025: IPP 4.73, predicate A (Pelayanan Prima).
    assert_eq!(predicate(&grades, 4.73), ("A", "Pelayanan Prima"));
    assert_eq!(predicate(&grades, 4.50), ("A-", "Sangat Baik"));
    assert_eq!(predicate(&grades, 1.00), ("F", "Gagal"));
}

/// A table for the template in which every indicator of a region has the same score, so that
/// its IPP (a weighted mean) is that score.
fn uniform_table(spec: &Spec, scores: &[f64]) -> String {
    let mut csv = String::from("kode,nama_wilayah,provinsi");
    for ind in &spec.indicators {
        csv.push(',');
        csv.push_str(ind.column());
    }
    csv.push('\n');
    for (i, v) in scores.iter().enumerate() {
        csv.push_str(&format!("R{i:02},Region {i},P"));
        for _ in &spec.indicators {
            csv.push_str(&format!(",{v}"));
        }
        csv.push('\n');
    }
    csv
}

#[test]
fn pekppp_bands_through_a_full_scoring_of_the_template() {
    let spec = spec("pekppp_template.json");
    // Scores exactly on a band edge, and scores that round onto or off one (2 decimals first).
    let mut cases: Vec<(f64, f64, &str)> = PEKPPP_BANDS.iter().map(|&(v, l)| (v, v, l)).collect();
    cases.extend([
        (4.5051, 4.51, "A"),
        (4.5049, 4.50, "A-"),
        (4.0051, 4.01, "A-"),
        (4.0049, 4.00, "B"),
        (1.0051, 1.01, "E"),
        (1.0049, 1.00, "F"),
        (4.7312, 4.73, "A"),
    ]);
    let raw: Vec<f64> = cases.iter().map(|c| c.0).collect();
    let s = Scorer::from_csv(&uniform_table(&spec, &raw), spec).unwrap();
    for (u, &(raw, ipp, label)) in cases.iter().enumerate() {
        close(s.root_scores()[u], raw, 1e-12, "IPP of a uniform row");
        assert_eq!(s.rounded_scores()[u], ipp, "IPP {raw}");
        assert_eq!(s.grades()[u], Some(label), "IPP {raw}");
    }
}

#[test]
fn pekppp_illustrative_table_matches_its_provenance() {
    // data/pekppp/PROVENANCE.txt: IPP computed independently with exact fractions.
    let published: [(&str, f64, f64, &str); 12] = [
        ("C01", 4.846667, 4.85, "A"),
        ("C02", 4.572000, 4.57, "A"),
        ("C03", 4.310667, 4.31, "A-"),
        ("C04", 4.012533, 4.01, "A-"),
        ("C05", 3.896333, 3.90, "B"),
        ("C06", 3.626933, 3.63, "B"),
        ("C07", 3.353600, 3.35, "B-"),
        ("C08", 3.071600, 3.07, "B-"),
        ("C09", 2.808533, 2.81, "C"),
        ("C10", 2.399000, 2.40, "C-"),
        ("C11", 1.765200, 1.77, "D"),
        ("C12", 1.293933, 1.29, "E"),
    ];
    let s = score("pekppp_template.json", "data/pekppp/pekppp_illustrative.csv");
    assert_eq!(s.len(), 12);
    for (rank, &(id, ipp6, ipp2, label)) in published.iter().enumerate() {
        let u = s.unit(id).unwrap();
        close(s.root_scores()[u], ipp6, 5e-7 + 1e-12, id);
        assert_eq!(s.rounded_scores()[u], ipp2, "{id}");
        assert_eq!(s.grades()[u], Some(label), "{id}");
        assert_eq!(s.ranks()[u], (rank + 1) as f64, "rank of {id}");
    }
}

/// One pymcdm test case from data/pymcdm_cases/pymcdm_test_cases.json.
fn pymcdm_case(class: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_str(&read("data/pymcdm_cases/pymcdm_test_cases.json")).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["class"] == class && c["test"] == "test_output")
        .unwrap_or_else(|| panic!("no case {class}"))
        .clone()
}

fn matrix(v: &serde_json::Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect())
        .collect()
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// The decimals of `np.round(..., d)` / `round(val, d)` in a case's output expression.
fn decimals(expr: &str) -> u32 {
    // The last argument of the last round( … ) call, parentheses matched.
    let start = expr.rfind("round(").expect("a round() call") + "round(".len();
    let mut depth = 0;
    let end = expr[start..]
        .char_indices()
        .find_map(|(i, c)| match c {
            '(' => {
                depth += 1;
                None
            }
            ')' if depth == 0 => Some(start + i),
            ')' => {
                depth -= 1;
                None
            }
            _ => None,
        })
        .expect("a closing parenthesis");
    expr[start..end].rsplit(',').next().unwrap().trim().parse().unwrap()
}

/// pymcdm's `sum_normalization`, written here from its definition: profit x/Σx, cost
/// (1/x)/Σ(1/x). Tolok has no such normalisation (see the WSM test).
fn pymcdm_sum_normalisation(m: &[Vec<f64>], types: &[f64]) -> Vec<Vec<f64>> {
    let cols = m[0].len();
    let mut out = m.to_vec();
    for j in 0..cols {
        let x: Vec<f64> = m
            .iter()
            .map(|r| if types[j] > 0.0 { r[j] } else { 1.0 / r[j] })
            .collect();
        let sum: f64 = x.iter().sum();
        for (i, v) in x.iter().enumerate() {
            out[i][j] = v / sum;
        }
    }
    out
}

#[test]
fn pymcdm_sum_normalisation_helper_matches_pymcdm() {
    // The helper that the WSM/WPM tests rely on, checked against pymcdm's own test (8 dp).
    let case = pymcdm_case("TestSumNormalization");
    let lit = &case["literals"];
    let n = pymcdm_sum_normalisation(&matrix(&lit["matrix"]), &floats(&lit["types"]));
    let expected = floats(&lit["output"]); // row-major
    let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
    let flat: Vec<f64> = n.concat();
    assert_eq!(flat.len(), expected.len());
    for (x, e) in flat.iter().zip(&expected) {
        close(*x, *e, 0.5 * 10f64.powi(-(d as i32)) + 1e-12, "sum normalisation");
    }
}

/// A table and a spec for a pymcdm decision matrix: columns c0..cn already normalised
/// (`normalise: none`), weights as given, one node aggregating them.
fn pymcdm_scorer(nm: &[Vec<f64>], weights: &[f64], aggregate: &str, scale: f64) -> Scorer {
    let cols = nm[0].len();
    let mut csv = String::from("alt");
    for j in 0..cols {
        csv.push_str(&format!(",c{j}"));
    }
    csv.push('\n');
    for (i, r) in nm.iter().enumerate() {
        csv.push_str(&format!("A{}", i + 1));
        for v in r {
            csv.push_str(&format!(",{v:?}"));
        }
        csv.push('\n');
    }
    let indicators: Vec<String> = (0..cols)
        .map(|j| format!(r#"{{"id":"c{j}","normalise":{{"method":"none"}}}}"#))
        .collect();
    let children: Vec<String> = (0..cols)
        .map(|j| format!(r#"{{"indicator":"c{j}","weight":{:?}}}"#, weights[j]))
        .collect();
    let spec = format!(
        r#"{{"version":1,"units":{{"id":"alt"}},"indicators":[{}],
            "tree":{{"id":"p","aggregate":"{aggregate}","scale":{scale:?},"children":[{}]}}}}"#,
        indicators.join(","),
        children.join(",")
    );
    Scorer::from_csv(&csv, Spec::from_json(&spec).unwrap()).unwrap()
}

/// pymcdm's WSM: Σ w·n over the sum-normalised matrix, with the weights as given (they add up
/// to 2 in this case and pymcdm does not divide by their sum). Tolok cannot express pymcdm's
/// sum normalisation, so the matrix is normalised by the helper above (itself checked against
/// pymcdm) and scored with `normalise: none`; Tolok's arithmetic node divides by Σw, so the
/// node's `scale` is Σw.
#[test]
fn pymcdm_wsm_case() {
    let case = pymcdm_case("TestWSM");
    // The default constructor: WSM's default normalisation is sum_normalization in pymcdm.
    assert_eq!(case["other_assignments"]["body"], "methods.WSM()");
    let lit = &case["literals"];
    let weights = floats(&case["evaluated"]["weights"]);
    let nm = pymcdm_sum_normalisation(&matrix(&lit["matrix"]), &floats(&lit["types"]));
    let total: f64 = weights.iter().sum();
    let s = pymcdm_scorer(&nm, &weights, "arithmetic", total);
    let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
    let expected = floats(&lit["output"]);
    for (u, e) in expected.iter().enumerate() {
        assert_eq!(round_to(s.root_scores()[u], d), *e, "WSM of A{}", u + 1);
    }
    // Preferences rank as pymcdm's (higher is better).
    assert_eq!(s.ranks(), min_ranks(&expected).as_slice());
}

/// pymcdm's WPM: Π n^w over the sum-normalised matrix. Tolok's geometric node is the weighted
/// geometric MEAN Π n^(w/Σw); with Σw = 2 here, pymcdm's value is Tolok's raised to Σw — a
/// power that a spec cannot express, so the test applies it (ranks are the same either way).
#[test]
fn pymcdm_wpm_case() {
    let case = pymcdm_case("TestWPM");
    assert_eq!(case["other_assignments"]["body"], "methods.WPM()");
    let lit = &case["literals"];
    let weights = floats(&case["evaluated"]["weights"]);
    let nm = pymcdm_sum_normalisation(&matrix(&lit["matrix"]), &floats(&lit["types"]));
    let total: f64 = weights.iter().sum();
    let s = pymcdm_scorer(&nm, &weights, "geometric", 1.0);
    let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
    let expected = floats(&lit["output"]);
    for (u, e) in expected.iter().enumerate() {
        assert_eq!(round_to(s.root_scores()[u].powf(total), d), *e, "WPM of A{}", u + 1);
    }
    assert_eq!(s.ranks(), min_ranks(&expected).as_slice());
}

/// pymcdm's min-max normalisation ((x − min)/(max − min), cost reversed) is Tolok's `minmax`
/// 0–1 with `direction: "lower"` for cost criteria, straight from the raw matrix.
#[test]
fn pymcdm_minmax_normalisation_case() {
    let case = pymcdm_case("TestMinmaxNormalization");
    let lit = &case["literals"];
    let m = matrix(&lit["matrix"]);
    let types = floats(&lit["types"]);
    let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
    let mut csv = String::from("alt,c0,c1,c2\n");
    for (i, r) in m.iter().enumerate() {
        csv.push_str(&format!("A{i},{},{},{}\n", r[0], r[1], r[2]));
    }
    let dir = |j: usize| if types[j] > 0.0 { "higher" } else { "lower" };
    let spec = format!(
        r#"{{"version":1,"units":{{"id":"alt"}},
            "indicators":[{{"id":"c0","direction":"{}"}},{{"id":"c1","direction":"{}"}},{{"id":"c2","direction":"{}"}}],
            "tree":{{"id":"p","children":[{{"indicator":"c0"}},{{"indicator":"c1"}},{{"indicator":"c2"}}]}}}}"#,
        dir(0),
        dir(1),
        dir(2)
    );
    let s = Scorer::from_csv(&csv, Spec::from_json(&spec).unwrap()).unwrap();
    let expected = floats(&lit["output"]); // row-major, 3 columns
    for (k, e) in expected.iter().enumerate() {
        let (i, j) = (k / 3, k % 3);
        let x = s.scores(&format!("c{j}")).unwrap()[i];
        assert_eq!(round_to(x, d), *e, "row {i}, column {j}");
    }
}

/// A scorer of a raw pymcdm decision matrix: columns c0..cn with `normalise` and a direction
/// from the case's types (+1 profit → higher, −1 cost → lower), one node aggregating them.
fn pymcdm_raw_scorer(m: &[Vec<f64>], types: &[f64], normalise: &str, weights: &[f64], aggregate: &str) -> Scorer {
    let cols = m[0].len();
    let mut csv = String::from("alt");
    for j in 0..cols {
        csv.push_str(&format!(",c{j}"));
    }
    csv.push('\n');
    for (i, r) in m.iter().enumerate() {
        csv.push_str(&format!("A{}", i + 1));
        for v in r {
            csv.push_str(&format!(",{v:?}"));
        }
        csv.push('\n');
    }
    let indicators: Vec<String> = (0..cols)
        .map(|j| {
            let dir = if types[j] > 0.0 { "higher" } else { "lower" };
            format!(r#"{{"id":"c{j}","direction":"{dir}","normalise":{{"method":"{normalise}"}}}}"#)
        })
        .collect();
    let children: Vec<String> = (0..cols).map(|j| format!(r#"{{"indicator":"c{j}"}}"#)).collect();
    let spec = format!(
        r#"{{"version":1,"units":{{"id":"alt"}},"indicators":[{}],
            "tree":{{"id":"p","aggregate":"{aggregate}","children":[{}]}}}}"#,
        indicators.join(","),
        children.join(",")
    );
    let mut s = Scorer::from_csv(&csv, Spec::from_json(&spec).unwrap()).unwrap();
    let ws: Vec<(String, f64)> = (0..cols).map(|j| (format!("c{j}"), weights[j])).collect();
    let changes: Vec<(&str, &str, f64)> = ws.iter().map(|(c, w)| ("p", c.as_str(), *w)).collect();
    s.set_weights(&changes).unwrap(); // the exact f64 weights of the case
    s
}

/// The same cases from the raw matrix with Tolok's own `sum` normalisation (pymcdm's
/// definition, cost criteria as `direction: "lower"`), and pymcdm's sum-normalisation case.
#[test]
fn pymcdm_wsm_wpm_and_sum_normalisation_with_tolok_sum() {
    let case = pymcdm_case("TestSumNormalization");
    let lit = &case["literals"];
    let m = matrix(&lit["matrix"]);
    let weights = vec![1.0; m[0].len()];
    let s = pymcdm_raw_scorer(&m, &floats(&lit["types"]), "sum", &weights, "arithmetic");
    let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
    for (k, e) in floats(&lit["output"]).iter().enumerate() {
        let (i, j) = (k / m[0].len(), k % m[0].len());
        assert_eq!(
            round_to(s.scores(&format!("c{j}")).unwrap()[i], d),
            *e,
            "row {i}, column {j}"
        );
    }
    for (class, aggregate) in [("TestWSM", "arithmetic"), ("TestWPM", "geometric")] {
        let case = pymcdm_case(class);
        let lit = &case["literals"];
        let weights = floats(&case["evaluated"]["weights"]);
        let total: f64 = weights.iter().sum();
        let s = pymcdm_raw_scorer(
            &matrix(&lit["matrix"]),
            &floats(&lit["types"]),
            "sum",
            &weights,
            aggregate,
        );
        let d = decimals(case["other_assignments"]["output_method"].as_str().unwrap());
        for (u, e) in floats(&lit["output"]).iter().enumerate() {
            // pymcdm does not divide by Σw (= 2 here): Σw·x = Tolok's mean × Σw, and
            // Πx^w = Tolok's geometric mean ^ Σw.
            let x = s.root_scores()[u];
            let pymcdm = if aggregate == "arithmetic" {
                x * total
            } else {
                x.powf(total)
            };
            assert_eq!(round_to(pymcdm, d), *e, "{class} of A{}", u + 1);
        }
    }
}
