//! The methods on small examples worked out by hand (in the comments and the expected values),
//! and PCA against the loadings another project published for real data.

use serde_json::json;

use crate::common::{read, score, Csv};

/// Four units, three indicators chosen so that every population sd is 2:
/// a = 3, 7, 3, 7 (mean 5), b = 8, 12, 12, 8 (mean 10), c = 6, 6, 2, 2 (mean 4).
const MPI_DATA: &str = "id,a,b,c\nu1,3,8,6\nu2,7,12,6\nu3,3,12,2\nu4,7,8,2\n";

fn mpi_spec(aggregate: &str, penalty: &str, weights: [f64; 3]) -> String {
    json!({
        "version": 1,
        "units": { "id": "id" },
        "indicators": [
            { "id": "a", "normalise": { "method": "none" } },
            { "id": "b", "normalise": { "method": "none" } },
            { "id": "c", "normalise": { "method": "none" } }
        ],
        "tree": { "id": "mpi", "aggregate": aggregate, "penalty": penalty, "children": [
            { "indicator": "a", "weight": weights[0] },
            { "indicator": "b", "weight": weights[1] },
            { "indicator": "c", "weight": weights[2] }
        ] }
    })
    .to_string()
}

#[test]
fn mpi_by_hand() {
    // z = 100 + 10·(x − mean)/sd: u1 (90, 90, 110), u2 (110, 110, 110), u3 (90, 110, 90),
    // u4 (110, 90, 90). For u1: M = 290/3, S² = (2·(20/3)² + (40/3)²)/3 = 800/9,
    // S·cv = S²/M = 80/87, so MPI− = 290/3 − 80/87 = 8330/87 and MPI+ = 8490/87; u2 has S = 0.
    let minus = score(MPI_DATA, &mpi_spec("mpi", "subtract", [1.0; 3]));
    let want = [8330.0 / 87.0, 110.0, 8330.0 / 87.0, 8330.0 / 87.0];
    for (o, w) in minus.root_scores().iter().zip(want) {
        assert!((o - w).abs() < 1e-12, "MPI−: {o} vs {w}");
    }
    let plus = score(MPI_DATA, &mpi_spec("mpi", "add", [1.0; 3]));
    assert!((plus.root_scores()[0] - 8490.0 / 87.0).abs() < 1e-12);
    assert_eq!(plus.root_scores()[1], 110.0);
    // Weights 2:1:1 for u1: M = (2·90 + 90 + 110)/4 = 95, S² = (2·25 + 25 + 225)/4 = 75,
    // MPI− = 95 − 75/95 = 1790/19.
    let weighted = score(MPI_DATA, &mpi_spec("mpi", "subtract", [2.0, 1.0, 1.0]));
    assert!((weighted.root_scores()[0] - 1790.0 / 19.0).abs() < 1e-12);
    // Ranks: the balanced unit u2 first, the others tie.
    assert_eq!(minus.ranks(), &[2.0, 1.0, 2.0, 2.0]);
}

#[test]
fn ampi_by_hand() {
    // r = 70 + 60·(x − min)/(max − min): u1 (70, 70, 130), M = 90, S² = 800, S²/M = 80/9:
    // AMPI− = 730/9; u2 (130, 130, 130) = 130.
    let s = score(MPI_DATA, &mpi_spec("ampi", "subtract", [1.0; 3]));
    let want = [730.0 / 9.0, 130.0, 730.0 / 9.0, 730.0 / 9.0];
    for (o, w) in s.root_scores().iter().zip(want) {
        assert!((o - w).abs() < 1e-12, "AMPI−: {o} vs {w}");
    }
}

fn one_node(csv_cols: usize, node: serde_json::Value) -> String {
    let indicators: Vec<_> = (0..csv_cols).map(|j| json!({ "id": format!("c{j}") })).collect();
    let leaves: Vec<_> = (0..csv_cols).map(|j| json!({ "indicator": format!("c{j}") })).collect();
    let mut root = json!({ "id": "root", "children": leaves });
    for (k, v) in node.as_object().unwrap() {
        root[k] = v.clone();
    }
    json!({ "version": 1, "units": { "id": "id" }, "indicators": indicators, "tree": root }).to_string()
}

#[test]
fn copeland_min_and_their_contributions() {
    // Min-max normalised: u0 (1, 0, 1), u1 (0.5, 1, 0), u2 (0, 0.5, 0.5).
    let data = "id,c0,c1,c2\nu0,4,0,9\nu1,3,2,1\nu2,2,1,5\n";
    // u0 vs u1: wins c0, c2 (2/3) → +1; u0 vs u2: wins c0, c2, loses c1 → +1; u1 vs u2: wins c0,
    // c1, loses c2 → +1 for u1.
    let c = score(data, &one_node(3, json!({ "aggregate": "copeland" })));
    assert_eq!(c.root_scores(), &[2.0, 0.0, -2.0]);
    let m = score(data, &one_node(3, json!({ "aggregate": "min" })));
    assert_eq!(m.root_scores(), &[0.0, 0.0, 0.0]);
    let m = score(data, &one_node(3, json!({ "aggregate": "min", "scale": 10 })));
    let contributions = m.unit_contributions(2);
    let get = |id: &str| contributions.0.iter().find(|(k, _)| k == id).unwrap().1;
    // u2's minimum is c0 (0): all of the (zero) score is c0's; check a positive case instead.
    assert_eq!(get("c1"), Some(0.0));
    let data = "id,c0,c1\nu0,1,3\nu1,2,1\nu2,3,2\n";
    let m = score(data, &one_node(2, json!({ "aggregate": "min" })));
    assert_eq!(m.root_scores(), &[0.0, 0.0, 0.5]);
    let contributions = m.unit_contributions(2);
    let get = |id: &str| contributions.0.iter().find(|(k, _)| k == id).unwrap().1;
    assert_eq!(
        (get("c0"), get("c1")),
        (Some(0.0), Some(0.5)),
        "the minimum child carries the score"
    );
}

#[test]
fn benefit_of_the_doubt_with_share_bounds() {
    // Min-max: a (1, 0), b (0, 1), c (0.5, 0.5), d (0.4, 0.2) — the 0–1 values directly.
    let data = "id,c0,c1\na,1,0\nb,0,1\nc,0.5,0.5\nd,0.4,0.2\n";
    let s = score(
        data,
        &one_node(2, json!({ "weighting": { "method": "bod" }, "scale": 100 })),
    );
    let want = [100.0, 100.0, 100.0, 60.0];
    for (o, w) in s.root_scores().iter().zip(want) {
        assert!((o - w).abs() < 1e-7, "{o} vs {w}");
    }
    let r = s.result();
    let d = &r.derived_weights[0];
    assert_eq!(d.method, "bod");
    let uw = d.unit_weights.as_ref().unwrap();
    assert!(
        (uw[3][0] * 0.4 + uw[3][1] * 0.2 - 0.6).abs() < 1e-7,
        "d's own weights give its score"
    );
    // Contributions add up to the score with the unit's own weights.
    let c = s.unit_contributions(3);
    let sum: f64 =
        c.0.iter()
            .filter(|(k, _)| k.starts_with('c'))
            .map(|(_, v)| v.unwrap())
            .sum();
    assert!((sum - 60.0).abs() < 1e-9);
    // No child may make more than half of a score: d's best is then (0.5, 1) → 0.4.
    let bounded = score(
        data,
        &one_node(2, json!({ "weighting": { "method": "bod", "maxShare": 0.5 } })),
    );
    assert!((bounded.root_scores()[3] - 0.4).abs() < 1e-7);
    assert!(
        (bounded.root_scores()[0] - 0.0).abs() < 1e-7,
        "a has only c0: at most half of nothing"
    );
}

/// The 9 indicators of the published PCA: log1p of kedalaman_p1, all as read (no direction).
fn ipm_pca_spec(rotation: &str) -> String {
    let names = [
        "uhh",
        "hls",
        "rls",
        "pengeluaran",
        "miskin_p0",
        "kedalaman_p1",
        "tpt",
        "sanitasi",
        "air_minum",
    ];
    let indicators: Vec<_> = names
        .iter()
        .map(|n| json!({ "id": n, "normalise": { "method": "none" } }))
        .collect();
    let leaves: Vec<_> = names.iter().map(|n| json!({ "indicator": n })).collect();
    json!({
        "version": 1,
        "units": { "id": "kode_wilayah", "label": "nama_wilayah" },
        "prepare": { "indicators": { "kedalaman_p1": { "transform": { "method": "log1p" } } } },
        "indicators": indicators,
        "tree": { "id": "pca", "missing": "skip", "weighting": { "method": "pca", "rotation": rotation }, "children": leaves }
    })
    .to_string()
}

#[test]
fn pca_matches_published_loadings_and_explained_variance() {
    let csv = read("data/ipm_kabkota_2024/profil_kabkota_2024.csv");
    let s = score(&csv, &ipm_pca_spec("none"));
    let r = s.result();
    let d = &r.derived_weights[0];
    assert_eq!(d.units, 510, "the complete rows");
    let pca = d.pca.as_ref().unwrap();
    let published = Csv::read("data/ipm_kabkota_2024/pca_loadings.csv");
    let explained = published.rows.iter().position(|r| r[0] == "varian_dijelaskan").unwrap();
    for (k, pc) in ["PC1", "PC2", "PC3"].iter().enumerate() {
        let want = published.num(explained, pc);
        assert!(
            (pca.explained[k] - want).abs() < 1e-12,
            "{pc}: {} vs {want}",
            pca.explained[k]
        );
    }
    // Eigenvalues 4.70, 1.17, 0.87, ...: two components pass (> 1 and > 10%), 65.3% together.
    assert_eq!(pca.retained, 2);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    for (i, row) in pca.loadings.iter().enumerate() {
        for (k, pc) in ["PC1", "PC2"].iter().enumerate() {
            let component = row[k] / pca.eigenvalues[k].sqrt();
            let want = published.num(i, pc);
            assert!(
                (component.abs() - want.abs()).abs() < 1e-10,
                "{} {pc}: {component} vs {want}",
                published.rows[i][0]
            );
        }
    }
    let total: f64 = d.weights.iter().sum();
    assert!((total - 1.0).abs() < 1e-12);
    let rotated = score(&csv, &ipm_pca_spec("varimax")).result();
    let pr = rotated.derived_weights[0].pca.as_ref().unwrap();
    assert_eq!(pr.rotation, "varimax");
    // Rotation keeps each child's communality (row sum of squared loadings).
    for (a, b) in pr.loadings.iter().zip(&pca.loadings) {
        let (ha, hb): (f64, f64) = (a.iter().map(|x| x * x).sum(), b.iter().map(|x| x * x).sum());
        assert!((ha - hb).abs() < 1e-12);
    }
}

#[test]
fn transforms_screening_and_simple_imputation() {
    let data = "id,g,x,y,z\na,p,1,4,\nb,p,,9,\nc,q,8,,1\nd,q,27,16,3\ne,q,64,1,\n";
    let spec = json!({
        "version": 1,
        "units": { "id": "id", "groups": ["g"] },
        "prepare": {
            "screen": { "minShare": 0.5 },
            "impute": { "method": "groupMedian", "by": "g" },
            "indicators": {
                "x": { "transform": { "method": "boxCox", "lambda": 0.5 }, "impute": { "method": "mean" } },
                "y": { "transform": { "method": "log" } },
                "z": { "impute": { "method": "none" } }
            }
        },
        "indicators": [
            { "id": "x", "normalise": { "method": "none" } },
            { "id": "y", "normalise": { "method": "none" } },
            { "id": "z", "normalise": { "method": "none" } }
        ],
        "tree": { "id": "i", "missing": "skip", "children": [{ "indicator": "x" }, { "indicator": "y" }, { "indicator": "z" }] }
    });
    let s = score(data, &spec.to_string());
    let r = s.result();
    let p = r.prepare.as_ref().unwrap();
    // b has 1 of 3 present (< 0.5): left out. Then x of nobody is missing; y of c gets the
    // median of group q's y (16, 1) = 8.5; z stays missing (no imputation).
    assert_eq!(p.screened.as_ref().unwrap().removed[0].unit, "b");
    assert_eq!(s.table().ids(), &["a", "c", "d", "e"]);
    let y = s.scores("y").unwrap();
    assert_eq!(y[1], libm::log(8.5));
    assert_eq!(y[0], libm::log(4.0));
    let x = s.scores("x").unwrap();
    let want = [0.0, (8f64.sqrt() - 1.0) / 0.5, (27f64.sqrt() - 1.0) / 0.5, 14.0];
    for (o, w) in x.iter().zip(want) {
        assert!((o - w).abs() < 1e-14, "Box-Cox: {o} vs {w}");
    }
    assert_eq!(p.imputed.len(), 1);
    assert_eq!(r.units[1].flags.0, vec![("y".to_string(), vec!["imputed"])]);
}
