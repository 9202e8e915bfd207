//! Uncertainty analysis: every estimator against an analytic or brute-force answer.
#![cfg(not(target_arch = "wasm32"))]

use tolok::uncertainty::{pair_range, UncertaintySpec, WeightNoise};
use tolok::{Scorer, Spec};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn load(spec: &str, data: &str) -> Scorer {
    let spec = Spec::from_json(&std::fs::read_to_string(format!("{ROOT}/specs/{spec}")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(format!("{ROOT}/data/{data}")).unwrap();
    Scorer::from_csv(&csv, spec).unwrap()
}

fn real_specs() -> Vec<(&'static str, Scorer)> {
    vec![
        ("ipm", load("ipm_2024.json", "ipm_kabkota_2024/profil_kabkota_2024.csv")),
        (
            "kesejahteraan",
            load("kesejahteraan_2024.json", "ipm_kabkota_2024/profil_kabkota_2024.csv"),
        ),
        ("hdi", load("hdi_2022.json", "undp_hdi_2022/hdi_2022_extract.csv")),
        (
            "asem",
            load("asem_2018.json", "coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv"),
        ),
        (
            "bli",
            load("oecd_bli_2015.json", "oecd_bli_2015/oecd_bli_2015_TOT_wide.csv"),
        ),
        ("pekppp", load("pekppp_template.json", "pekppp/pekppp_illustrative.csv")),
    ]
}

/// Every Monte Carlo rank (its min and max over the draws) lies within [best, worst].
#[test]
fn monte_carlo_ranks_lie_within_the_exact_bounds_on_real_specs() {
    for (name, s) in real_specs() {
        for noise in [
            WeightNoise {
                range: Some([0.5, 2.0]),
                ..Default::default()
            },
            WeightNoise {
                dirichlet: Some(5.0),
                ..Default::default()
            },
        ] {
            let u = UncertaintySpec {
                weights: noise.clone(),
                samples: 300,
                seed: 7,
                ..Default::default()
            };
            let r = s.uncertainty(&u, |_| true).unwrap();
            let mut checked = 0;
            for i in 0..s.len() {
                if r.nominal[i].is_nan() {
                    assert!(r.bounds.best[i].is_nan(), "{name}: unranked unit has bounds");
                    continue;
                }
                let (b, w) = (r.bounds.best[i], r.bounds.worst[i]);
                assert!(
                    b <= r.min[i] && r.max[i] <= w,
                    "{name} {noise:?} unit {}: MC [{}, {}] outside bounds [{b}, {w}]",
                    r.ids[i],
                    r.min[i],
                    r.max[i]
                );
                assert!(b <= r.nominal[i] && r.nominal[i] <= w, "{name}: nominal outside bounds");
                assert!(r.p05[i] <= r.median[i] && r.median[i] <= r.p95[i]);
                checked += 1;
            }
            assert!(checked > 10, "{name}");
        }
    }
}

/// Acceptabilities are shares: each unit's row sums to 1, and the nominal ranking is what a
/// draw without variation gives.
#[test]
fn acceptability_rows_sum_to_one_and_no_variation_gives_the_nominal_ranks() {
    let s = load("pekppp_template.json", "pekppp/pekppp_illustrative.csv");
    let n = s.len();
    let u = UncertaintySpec {
        samples: 500,
        seed: 3,
        ..Default::default()
    };
    let r = s.uncertainty(&u, |_| true).unwrap();
    let acc = r.acceptability.as_ref().unwrap();
    for i in 0..n {
        let row: f64 = acc[i * n..(i + 1) * n].iter().sum();
        assert!((row - 1.0).abs() < 1e-12, "row {i} sums to {row}");
    }
    let fixed = UncertaintySpec {
        weights: WeightNoise {
            range: Some([1.0, 1.0]),
            ..Default::default()
        },
        samples: 20,
        ..Default::default()
    };
    let r = s.uncertainty(&fixed, |_| true).unwrap();
    for i in 0..n {
        assert_eq!(
            (r.min[i], r.max[i], r.median[i]),
            (r.nominal[i], r.nominal[i], r.nominal[i])
        );
    }
}

/// A draw regenerated from seed + index alone, applied to a scorer with set_weights, ranks the
/// units as that draw did in the Monte Carlo run (a one-draw run: its min rank is draw 0's rank).
#[test]
fn draws_are_regenerable_from_seed_and_index() {
    let s = load("kesejahteraan_2024.json", "ipm_kabkota_2024/profil_kabkota_2024.csv");
    let u = UncertaintySpec {
        samples: 1,
        seed: 11,
        ..Default::default()
    };
    let setting = s.draw_setting(&u, 0).unwrap();
    let tree = s.tree().clone();
    let changes: Vec<(&str, &str, f64)> = tree
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| {
            n.child_ids
                .iter()
                .zip(&setting.weights[i])
                .map(move |(c, &w)| (n.id.as_str(), c.as_str(), w))
        })
        .collect();
    let mut t = s.clone();
    t.set_weights(&changes).unwrap();
    let r = s.uncertainty(&u, |_| true).unwrap();
    assert_ne!(t.ranks(), s.ranks(), "the draw should change some ranks");
    for i in 0..s.len() {
        assert!(
            r.min[i] == t.ranks()[i] || (r.min[i].is_nan() && t.ranks()[i].is_nan()),
            "unit {i}"
        );
    }
    for d in [0u32, 5, 17] {
        let again = s
            .draw_setting(
                &UncertaintySpec {
                    seed: 11,
                    ..Default::default()
                },
                d,
            )
            .unwrap();
        assert_eq!(again, s.draw_setting(&u, d).unwrap());
        assert_ne!(
            again,
            s.draw_setting(
                &UncertaintySpec {
                    seed: 12,
                    ..Default::default()
                },
                d
            )
            .unwrap()
        );
    }
}

/// Same seed, same numbers (bit for bit); another seed, other numbers.
#[test]
fn runs_are_deterministic() {
    let s = load("asem_2018.json", "coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv");
    let u = UncertaintySpec {
        samples: 200,
        seed: 99,
        ..Default::default()
    };
    let a = tolok::json::to_string(&s.uncertainty(&u, |_| true).unwrap());
    let b = tolok::json::to_string(&s.uncertainty(&u, |_| true).unwrap());
    assert_eq!(a, b);
    let c = tolok::json::to_string(&s.uncertainty(&UncertaintySpec { seed: 100, ..u }, |_| true).unwrap());
    assert_ne!(a, c);
}

/// A tiny deterministic generator for the random cases below.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random two-level arithmetic tree over `k` indicators with random data and weights.
fn random_case(rng: &mut Lcg, units: usize) -> (Scorer, Vec<(String, String)>) {
    let k = 4 + (rng.next() * 3.0) as usize; // 4–6 indicators
    let split = 2 + (rng.next() * (k as f64 - 3.0)) as usize; // first group size
    let mut csv = String::from("id");
    for j in 0..k {
        csv.push_str(&format!(",x{j}"));
    }
    csv.push('\n');
    for i in 0..units {
        csv.push_str(&format!("u{i}"));
        for _ in 0..k {
            // Coarse values so that near-ties and exact ties occur.
            csv.push_str(&format!(",{}", (rng.next() * 8.0).floor()));
        }
        csv.push('\n');
    }
    let w = |rng: &mut Lcg| 0.5 + (rng.next() * 3.0).floor();
    let leaves = |r: std::ops::Range<usize>, rng: &mut Lcg| {
        r.map(|j| format!(r#"{{ "indicator": "x{j}", "weight": {} }}"#, w(rng)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let (a, b) = (leaves(0..split, rng), leaves(split..k, rng));
    let inds = (0..k)
        .map(|j| {
            format!(
                r#"{{ "id": "x{j}", "direction": "{}" }}"#,
                if j % 3 == 2 { "lower" } else { "higher" }
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let json = format!(
        r#"{{ "version": 1, "units": {{ "id": "id" }}, "indicators": [{inds}],
            "tree": {{ "id": "root", "children": [ {{ "id": "g1", "weight": {}, "children": [{a}] }}, {{ "id": "g2", "weight": {}, "scale": 2, "children": [{b}] }} ] }} }}"#,
        w(rng),
        w(rng)
    );
    let spec = Spec::from_json(&json).unwrap();
    let s = Scorer::from_csv(&csv, spec).unwrap();
    let edges = s
        .tree()
        .nodes
        .iter()
        .flat_map(|n| n.child_ids.iter().map(|c| (n.id.clone(), c.clone())))
        .collect();
    (s, edges)
}

/// Every vertex of the nested weight boxes (each weight at lo·w or hi·w), through the real
/// scorer; calls `f` with the scorer set to each.
fn each_vertex(s: &Scorer, edges: &[(String, String)], lo: f64, hi: f64, mut f: impl FnMut(&Scorer)) {
    let nominal: Vec<f64> = edges
        .iter()
        .map(|(n, c)| {
            s.weights()
                .iter()
                .find(|(id, _)| id == n)
                .and_then(|(_, ws)| ws.iter().find(|(cc, _)| cc == c))
                .map(|x| x.1)
                .unwrap()
        })
        .collect();
    let mut t = s.clone();
    for mask in 0u32..(1 << edges.len()) {
        let changes: Vec<(&str, &str, f64)> = edges
            .iter()
            .zip(&nominal)
            .enumerate()
            .map(|(e, ((n, c), &w))| (n.as_str(), c.as_str(), w * if mask >> e & 1 == 1 { hi } else { lo }))
            .collect();
        t.set_weights(&changes).unwrap();
        f(&t);
    }
}

/// The pairwise minimum and maximum of S(a) − S(b) equal the brute-force extremes over every
/// vertex of the weight boxes (where a linear-fractional optimum lies), on random trees.
#[test]
fn pairwise_extremes_equal_brute_force_on_random_trees() {
    let mut rng = Lcg(2024);
    let (lo, hi) = (0.5, 2.0);
    for case in 0..40 {
        let (s, edges) = random_case(&mut rng, 6);
        let u = UncertaintySpec {
            weights: WeightNoise {
                range: Some([lo, hi]),
                ..Default::default()
            },
            ..Default::default()
        };
        let n = s.len();
        let mut bf_min = vec![f64::INFINITY; n * n];
        let mut bf_max = vec![f64::NEG_INFINITY; n * n];
        each_vertex(&s, &edges, lo, hi, |t| {
            let r = t.root_scores();
            for a in 0..n {
                for b in 0..n {
                    let d = r[a] - r[b];
                    bf_min[a * n + b] = bf_min[a * n + b].min(d);
                    bf_max[a * n + b] = bf_max[a * n + b].max(d);
                }
            }
        });
        for a in 0..n {
            for b in 0..n {
                let (dmin, dmax, exact) = pair_range(&s, &u, a, b).unwrap();
                assert!(exact, "case {case}: arithmetic tree must be exact");
                assert!(
                    (dmin - bf_min[a * n + b]).abs() < 1e-12,
                    "case {case} ({a},{b}): min {dmin} vs brute force {}",
                    bf_min[a * n + b]
                );
                assert!(
                    (dmax - bf_max[a * n + b]).abs() < 1e-12,
                    "case {case} ({a},{b}): max {dmax} vs brute force {}",
                    bf_max[a * n + b]
                );
            }
        }
    }
}

/// Interior points never go below the minimum (or above the maximum): a dense random sample.
#[test]
fn no_interior_weighting_escapes_the_pairwise_range() {
    let mut rng = Lcg(77);
    for _ in 0..10 {
        let (s, edges) = random_case(&mut rng, 5);
        let u = UncertaintySpec::default();
        let n = s.len();
        let ranges: Vec<(f64, f64, bool)> = (0..n * n).map(|i| pair_range(&s, &u, i / n, i % n).unwrap()).collect();
        let mut t = s.clone();
        let nominal: Vec<f64> = edges
            .iter()
            .map(|(p, c)| {
                s.weights()
                    .into_iter()
                    .find(|(id, _)| id == p)
                    .unwrap()
                    .1
                    .into_iter()
                    .find(|(cc, _)| cc == c)
                    .unwrap()
                    .1
            })
            .collect();
        for _ in 0..300 {
            let changes: Vec<(&str, &str, f64)> = edges
                .iter()
                .zip(&nominal)
                .map(|((p, c), &w)| (p.as_str(), c.as_str(), w * (0.5 + 1.5 * rng.next())))
                .collect();
            t.set_weights(&changes).unwrap();
            let r = t.root_scores();
            for i in 0..n * n {
                let d = r[i / n] - r[i % n];
                assert!(d >= ranges[i].0 - 1e-12 && d <= ranges[i].1 + 1e-12);
            }
        }
    }
}

/// Rank bounds against brute force: every vertex's min-rank lies within [best, worst], and the
/// bounds are the pairwise counts of necessary and possible winners found by enumeration.
#[test]
fn rank_bounds_match_brute_force_counts() {
    let mut rng = Lcg(5);
    for case in 0..25 {
        let (s, edges) = random_case(&mut rng, 7);
        let u = UncertaintySpec {
            samples: 50,
            ..Default::default()
        };
        let b = tolok::uncertainty::rank_bounds(&s, &u).unwrap();
        let n = s.len();
        let mut always = vec![true; n * n]; // a beats b at every vertex
        let mut ever = vec![false; n * n];
        each_vertex(&s, &edges, 0.5, 2.0, |t| {
            let r = t.root_scores();
            for a in 0..n {
                for c in 0..n {
                    let beats = r[a] - r[c] > 1e-9;
                    always[a * n + c] &= beats;
                    ever[a * n + c] |= r[a] - r[c] > -1e-9;
                }
                let rank = t.ranks()[a];
                assert!(
                    b.best[a] <= rank && rank <= b.worst[a],
                    "case {case}: rank {rank} outside [{}, {}]",
                    b.best[a],
                    b.worst[a]
                );
            }
        });
        for c in 0..n {
            let nec = (0..n).filter(|&a| a != c && always[a * n + c]).count();
            let pos = (0..n).filter(|&a| a != c && ever[a * n + c]).count();
            assert_eq!(b.best[c], (1 + nec) as f64, "case {case}: best of unit {c}");
            assert_eq!(b.worst[c], (1 + pos) as f64, "case {case}: worst of unit {c}");
        }
    }
}

/// Sobol indices of the rank shift are shares of variance: in [0, 1] up to estimation error.
#[test]
fn sobol_on_a_real_spec_gives_sensible_shares() {
    let s = load("ipm_2024.json", "ipm_kabkota_2024/profil_kabkota_2024.csv");
    let text = r#"{ "sobol": { "samples": 200, "bootstrap": 50 }, "seed": 4 }"#;
    let u = UncertaintySpec::read(&tolok::json::parse(text).unwrap()).unwrap();
    let r = s.sobol(&u).unwrap();
    assert_eq!(r.factors.len(), 5); // health, education, expenditure in ipm; hls, rls in education
    assert_eq!(r.evaluations, 200 * 7);
    for i in 0..r.factors.len() {
        assert!(
            r.total[i] > -0.05 && r.total[i] < 1.2,
            "{}: T = {}",
            r.factors[i].name,
            r.total[i]
        );
        assert!(r.first[i] <= r.total[i] + 0.1);
    }
}

/// Above 2,000 units quantiles come from per-unit histograms: each within one bin width
/// (`quantileResolution`) of the exact quantile of the same draws, regenerated one by one.
#[test]
fn binned_quantiles_match_exact_quantiles_of_the_same_draws() {
    let mut rng = Lcg(31);
    let n = 2500;
    let mut csv = String::from("id,a,b,c,d\n");
    for i in 0..n {
        csv.push_str(&format!(
            "u{i},{},{},{},{}\n",
            rng.next(),
            rng.next(),
            rng.next() * 3.0,
            rng.next()
        ));
    }
    let spec = Spec::from_json(
        r#"{ "version": 1, "units": { "id": "id" },
             "indicators": [ { "id": "a" }, { "id": "b" }, { "id": "c" }, { "id": "d", "direction": "lower" } ],
             "tree": { "id": "root", "children": [ { "id": "g", "children": [ { "indicator": "a" }, { "indicator": "b" } ] },
                                                   { "indicator": "c" }, { "indicator": "d" } ] } }"#,
    )
    .unwrap();
    let s = Scorer::from_csv(&csv, spec).unwrap();
    let u = UncertaintySpec {
        samples: 120,
        seed: 5,
        ..Default::default()
    };
    let r = s.uncertainty(&u, |_| true).unwrap();
    assert_eq!(r.quantiles, "binned");
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut t = s.clone();
    let tree = s.tree().clone();
    for d in 0..u.samples {
        let setting = s.draw_setting(&u, d).unwrap();
        let changes: Vec<(&str, &str, f64)> = tree
            .nodes
            .iter()
            .enumerate()
            .flat_map(|(i, nd)| {
                nd.child_ids
                    .iter()
                    .zip(&setting.weights[i])
                    .map(move |(c, &w)| (nd.id.as_str(), c.as_str(), w))
            })
            .collect();
        t.set_weights(&changes).unwrap();
        for (i, &rank) in t.ranks().iter().enumerate() {
            all[i].push(rank);
        }
    }
    let quantile = |v: &mut Vec<f64>, q: f64| {
        v.sort_by(f64::total_cmp);
        v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1]
    };
    for (i, ranks) in all.iter_mut().enumerate() {
        let mean = ranks.iter().sum::<f64>() / ranks.len() as f64;
        assert!(
            (r.mean[i] - mean).abs() < 1e-9,
            "unit {i}: mean {} vs {mean}",
            r.mean[i]
        );
        for (q, got) in [(0.05, r.p05[i]), (0.5, r.median[i]), (0.95, r.p95[i])] {
            let want = quantile(ranks, q);
            assert!(
                (got - want).abs() <= r.quantile_resolution,
                "unit {i} q{q}: {got} vs exact {want} (resolution {})",
                r.quantile_resolution
            );
        }
    }
}
