//! COINr's ASEM example end to end from raw data, against the COIN object COINr6 stored
//! (data/coinr_asem/ASEM_COIN_COINr6, built by `COINr6::build_ASEM()`), with
//! specs/asem_2018_full.json.
//!
//! The COINr6 build read its own copy of the raw data (Input_IndData.csv, Input_Denominators.csv:
//! the ASEM data rounded to 10 significant digits). Fed those inputs, Tolok reproduces the
//! denominated, imputed and treated data bit for bit, the treatment summary and flags exactly,
//! the normalised and aggregated data to 1e-12 (COINr computes min-max as
//! (x − min)/(max − min)·100 and means by rowMeans, in another order than Tolok), and the
//! published 2-decimal scores and ranks of all 51 units exactly. From the newer ASEM_iData.csv
//! (the same data at full precision; COINr6 stored 8 to 10 significant digits) every stage agrees
//! to 1e-7 relative, the treatment is the same, and the published scores and ranks come out
//! exactly.

use std::collections::HashMap;

use tolok::prepare::{run_observed, Stage};
use tolok::rank::{round_to, Ranker};
use tolok::spec::Ties;
use tolok::{Scorer, Table};

use crate::common::{read, same, spec_json, Csv};

const DIR: &str = "data/coinr_asem/ASEM_COIN_COINr6";
const AGGREGATES: [&str; 11] = [
    "Index",
    "Conn",
    "Sust",
    "Physical",
    "ConEcFin",
    "Political",
    "Instit",
    "P2P",
    "Environ",
    "Social",
    "SusEcFin",
];

/// COINr6's own raw inputs as one CSV with the column names of ASEM_iData.csv.
fn coinr6_input() -> String {
    let data = Csv::read(&format!("{DIR}/Input_IndData.csv"));
    let den = Csv::read(&format!("{DIR}/Input_Denominators.csv"));
    let by_id = den.index("UnitCode");
    let mut joined = data.renamed(&[
        ("UnitCode", "uCode"),
        ("UnitName", "uName"),
        ("Group_EurAsia", "EurAsia_group"),
    ]);
    for (from, to) in [
        ("Den_Area", "Area"),
        ("Den_Energy", "Energy"),
        ("Den_GDP", "GDP"),
        ("Den_Pop", "Population"),
    ] {
        joined.header.push(to.to_string());
        let c = den.col(from);
        for r in joined.rows.iter_mut() {
            let row = by_id[&r[0]];
            r.push(den.rows[row][c].clone());
        }
    }
    joined.to_text()
}

fn spec() -> tolok::Spec {
    spec_json(&read("specs/asem_2018_full.json"))
}

/// Compares every indicator column of `table` with a stored stage, bit for bit.
fn check_stage(table: &Table, spec: &tolok::Spec, stage: &str) {
    let stored = Csv::read(&format!("{DIR}/Data_{stage}.csv"));
    let rows = stored.index("UnitCode");
    assert_eq!(table.len(), 51);
    let mut cells = 0;
    for ind in &spec.indicators {
        let col = table.column(ind.column()).unwrap();
        for (u, id) in table.ids().iter().enumerate() {
            let want = stored.num(rows[id], &ind.id);
            assert!(
                same(col[u], want),
                "{stage}: {id} {}: {} vs stored {want}",
                ind.id,
                col[u]
            );
            cells += 1;
        }
    }
    assert_eq!(cells, 51 * 49);
}

#[test]
fn every_stored_stage_of_the_coinr6_build_bit_for_bit() {
    let spec = spec();
    let table = Table::from_csv(&coinr6_input(), &spec).unwrap();
    let mut seen = Vec::new();
    let (_, report) = run_observed(table, &spec, |stage, t| {
        match stage {
            Stage::Denominated => check_stage(t, &spec, "Denominated"),
            Stage::Imputed => check_stage(t, &spec, "Imputed"),
            Stage::Treated => check_stage(t, &spec, "Treated"),
            _ => {}
        }
        seen.push(stage);
    })
    .unwrap();
    assert_eq!(seen.len(), 5);
    let report = report.unwrap();
    // 63 raw gaps + Laos's electricity and gas, which lose their denominator: COINr6's NImputed 65.
    assert_eq!(report.imputed.len(), 65);
    let laos = &report
        .denominated
        .iter()
        .find(|d| d.indicator == "Elec")
        .unwrap()
        .no_denominator;
    assert_eq!(laos, &vec!["LAO".to_string()]);
    assert!(report
        .imputed
        .iter()
        .all(|c| c.method == "groupMean" && c.group.is_some()));
}

#[test]
fn treatment_summary_and_flags_as_stored() {
    let spec = spec();
    let scorer = Scorer::from_csv(&coinr6_input(), spec).unwrap();
    let report = scorer.prepare_report().unwrap();
    let summary = Csv::read(&format!("{DIR}/Analysis_TreatSummary.csv"));
    let flags = Csv::read(&format!("{DIR}/Analysis_TreatFlags.csv"));
    assert_eq!(report.treated.len(), 49);
    let mut winsorised = 0;
    for (r, row) in summary.rows.iter().enumerate() {
        let ind = &row[summary.col("IndCode")];
        let t = report.treated.iter().find(|t| &t.indicator == ind).unwrap();
        let points: u32 = match row[summary.col("Treatment")].as_str() {
            "None" => 0,
            s => s
                .trim_start_matches("Winsorised ")
                .trim_end_matches(" points")
                .parse()
                .unwrap(),
        };
        assert_eq!(t.points, points, "{ind}");
        assert_eq!(t.action, if points > 0 { "winsorised" } else { "none" }, "{ind}");
        assert_eq!(t.max_points, 6);
        assert_eq!(t.low.len() as f64, summary.num(r, "Low"), "{ind} low");
        assert_eq!(t.high.len() as f64, summary.num(r, "High"), "{ind} high");
        for (f, frow) in flags.rows.iter().enumerate() {
            let unit = &frow[0];
            let want = &flags.rows[f][flags.col(ind)];
            let got = if t.high.contains(unit) {
                "WHigh"
            } else if t.low.contains(unit) {
                "WLow"
            } else {
                "No"
            };
            assert_eq!(got, want, "{ind} {unit}");
        }
        winsorised += usize::from(points > 0);
    }
    assert_eq!(winsorised, 15);
    // The unit panel's flags: Belgium's border crossings and NGOs were lowered.
    let result = scorer.result();
    let bel = result.units.iter().find(|u| u.id == "BEL").unwrap();
    let f: HashMap<&str, &Vec<&str>> = bel.flags.0.iter().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(f["Bord"], &vec!["winsorisedHigh"]);
    assert_eq!(f["NGOs"], &vec!["winsorisedHigh"]);
}

/// Normalised and aggregated data to `tol`, published 2-decimal scores and ranks exactly.
fn check_results(scorer: &Scorer, tol: f64) -> usize {
    let normalised = Csv::read(&format!("{DIR}/Data_Normalised.csv"));
    let aggregated = Csv::read(&format!("{DIR}/Data_Aggregated.csv"));
    let scores = Csv::read(&format!("{DIR}/Results_AggregatesScore.csv"));
    let ranks = Csv::read(&format!("{DIR}/Results_AggregatesRank.csv"));
    let ids = scorer.table().ids();
    let (nrow, arow) = (normalised.index("UnitCode"), aggregated.index("UnitCode"));
    let (srow, rrow) = (scores.index("UnitCode"), ranks.index("UnitCode"));
    let mut checked = 0;
    for ind in &scorer.spec().indicators {
        let ours = scorer.scores(&ind.id).unwrap();
        for (u, id) in ids.iter().enumerate() {
            let want = normalised.num(nrow[id], &ind.id);
            assert!(
                (ours[u] - want).abs() < tol,
                "normalised {id} {}: {} vs {want}",
                ind.id,
                ours[u]
            );
        }
    }
    for node in AGGREGATES {
        let ours = scorer.scores(node).unwrap();
        let rounded: Vec<f64> = ours.iter().map(|&x| round_to(x, 2)).collect();
        let (mut r, mut o) = (Vec::new(), Vec::new());
        Ranker::default().rank(&rounded, Ties::Min, &mut r, &mut o);
        for (u, id) in ids.iter().enumerate() {
            let want = aggregated.num(arow[id], node);
            assert!(
                (ours[u] - want).abs() < tol,
                "aggregated {id} {node}: {} vs {want}",
                ours[u]
            );
            assert_eq!(rounded[u], scores.num(srow[id], node), "score {id} {node}");
            assert_eq!(r[u], ranks.num(rrow[id], node), "rank {id} {node}");
            checked += 1;
        }
    }
    let index_ranks = scorer.ranks();
    for (u, id) in ids.iter().enumerate() {
        assert_eq!(
            index_ranks[u],
            ranks.num(rrow[id], "Index"),
            "Tolok's own index rank of {id}"
        );
    }
    checked
}

#[test]
fn normalised_aggregated_and_published_results_for_all_51_units() {
    let scorer = Scorer::from_csv(&coinr6_input(), spec()).unwrap();
    assert_eq!(check_results(&scorer, 1e-12), 51 * 11);
    let top: Vec<(String, f64)> = scorer.order()[..3]
        .iter()
        .map(|&u| {
            (
                scorer.table().ids()[u as usize].clone(),
                scorer.rounded_scores()[u as usize],
            )
        })
        .collect();
    assert_eq!(
        top,
        vec![("CHE".into(), 68.38), ("NLD".into(), 64.82), ("DNK".into(), 64.80)]
    );
}

#[test]
fn from_asem_idata_every_stage_agrees_and_the_published_results_come_out() {
    // The same data at full precision: stages agree to 1e-7 relative, results exactly.
    let spec = spec();
    let table = Table::from_csv(&read("data/coinr_asem/ASEM_iData.csv"), &spec).unwrap();
    let (_, report) = run_observed(table, &spec, |stage, t| {
        let name = match stage {
            Stage::Denominated => "Denominated",
            Stage::Imputed => "Imputed",
            Stage::Treated => "Treated",
            _ => return,
        };
        let stored = Csv::read(&format!("{DIR}/Data_{name}.csv"));
        let rows = stored.index("UnitCode");
        for ind in &spec.indicators {
            for (u, id) in t.ids().iter().enumerate() {
                let (ours, want) = (t.column(&ind.id).unwrap()[u], stored.num(rows[id], &ind.id));
                let close = (ours - want).abs() <= 1e-7 * want.abs() || same(ours, want);
                assert!(close, "{name} {id} {}: {ours} vs {want}", ind.id);
            }
        }
    })
    .unwrap();
    let report = report.unwrap();
    assert_eq!(report.imputed.len(), 65);
    let scorer = Scorer::from_csv(&read("data/coinr_asem/ASEM_iData.csv"), spec).unwrap();
    assert_eq!(scorer.prepare_report().unwrap().treated, report.treated);
    assert_eq!(check_results(&scorer, 1e-6), 51 * 11);
}
