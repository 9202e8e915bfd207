//! Properties that must hold for every input: ranks under each tie rule, the range of minmax,
//! monotonicity of the root score in each indicator, invariance to scaling sibling weights, and
//! contributions that add up to the score in arithmetic trees.

use proptest::prelude::*;
use proptest::test_runner::Config;

use serde_json::json;
use tolok::normalise::normalise_into;
use tolok::rank::Ranker;

use tolok::spec::{Aggregate, Direction, Normalise, Ties};
use tolok::{Scorer, Spec, Table};

use crate::common::{score, REAL};

// ---------------------------------------------------------------------------------------------
// Ranks

/// Scores with many ties, missing values, ±0 and a few arbitrary finite values.
fn scores() -> impl Strategy<Value = Vec<f64>> {
    let score = prop_oneof![
        8 => (0i32..10).prop_map(|k| k as f64 / 4.0 - 1.0),
        1 => Just(f64::NAN),
        1 => Just(-0.0),
        1 => -1e6..1e6f64,
    ];
    prop::collection::vec(score, 0..40)
}

fn ranked(s: &[f64], ties: Ties) -> (Vec<f64>, Vec<u32>) {
    let (mut r, mut o) = (Vec::new(), Vec::new());
    Ranker::default().rank(s, ties, &mut r, &mut o);
    (r, o)
}

proptest! {
    #![proptest_config(Config { cases: 512, ..Config::default() })]

    #[test]
    fn ranks_follow_each_tie_rule(s in scores()) {
        let n = s.len();
        let present: Vec<usize> = (0..n).filter(|&i| !s[i].is_nan()).collect();
        for ties in [Ties::Min, Ties::Dense, Ties::Average, Ties::Ordinal] {
            let (r, order) = ranked(&s, ties);
            prop_assert_eq!(r.len(), n);
            for i in 0..n {
                if s[i].is_nan() {
                    prop_assert!(r[i].is_nan(), "a missing score is unranked");
                    continue;
                }
                let better = present.iter().filter(|&&j| s[j] > s[i]).count() as f64;
                let equal = present.iter().filter(|&&j| s[j] == s[i]).count() as f64; // itself too
                let mut distinct_better: Vec<f64> = present.iter().map(|&j| s[j]).filter(|&v| v > s[i]).collect();
                distinct_better.sort_by(f64::total_cmp);
                distinct_better.dedup();
                let expected = match ties {
                    Ties::Min => Some(1.0 + better),
                    Ties::Dense => Some(1.0 + distinct_better.len() as f64),
                    Ties::Average => Some(better + (equal + 1.0) / 2.0),
                    Ties::Ordinal => None,
                };
                if let Some(e) = expected {
                    prop_assert_eq!(r[i], e, "{:?} rank of {} in {:?}", ties, s[i], s);
                }
            }
            if ties == Ties::Ordinal {
                // A permutation of 1..=m that orders by score, then by table order.
                let mut got: Vec<f64> = present.iter().map(|&i| r[i]).collect();
                got.sort_by(f64::total_cmp);
                let want: Vec<f64> = (1..=present.len()).map(|k| k as f64).collect();
                prop_assert_eq!(got, want);
                for &i in &present {
                    for &j in &present {
                        if s[i] > s[j] || (s[i] == s[j] && i < j) {
                            prop_assert!(r[i] < r[j]);
                        }
                    }
                }
            }
            // `order` lists every unit once, best first, the unranked last.
            let mut seen = order.clone();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..n as u32).collect::<Vec<_>>());
            for w in order.windows(2) {
                let (a, b) = (w[0] as usize, w[1] as usize);
                prop_assert!(s[b].is_nan() || (!s[a].is_nan() && r[a] <= r[b]));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Minmax range

fn column() -> impl Strategy<Value = Vec<f64>> {
    let v = prop_oneof![
        6 => -1e6..1e6f64,
        2 => (0i32..8).prop_map(|k| k as f64 * 0.1),
        1 => Just(f64::NAN),
        1 => -1e-300..1e-300f64,
    ];
    prop::collection::vec(v, 0..30)
}

proptest! {
    #![proptest_config(Config { cases: 1024, ..Config::default() })]

    #[test]
    fn minmax_lies_in_low_high(raw in column(), low in -100.0..100.0f64, span in 1e-3..1e3f64,
                               lower in any::<bool>(), unit in any::<bool>()) {
        let (low, high) = if unit { (0.0, 1.0) } else { (low, low + span) };
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let mut out = Vec::new();
        normalise_into(&raw, &Normalise::Minmax { low, high }, direction, &mut out);
        prop_assert_eq!(out.len(), raw.len());
        for (x, y) in raw.iter().zip(&out) {
            prop_assert_eq!(x.is_nan(), y.is_nan(), "missing stays missing, present stays present");
            if !y.is_nan() {
                prop_assert!(low <= *y && *y <= high, "{} not in [{}, {}] (raw {:?}, {:?})", y, low, high, raw, direction);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Random two-level trees

/// A small random index: `n` units × `m` indicators (values with many ties), two groups of
/// indicators under one root, each node arithmetic or geometric, random positive weights.
#[derive(Debug, Clone)]
struct Case {
    values: Vec<Vec<f64>>, // [indicator][unit]
    lower: Vec<bool>,
    normalise: Vec<Normalise>,
    split: usize,
    weights: Vec<f64>,       // per indicator (within its group)
    group_weights: [f64; 2], // of the two groups within the root
    geometric: [bool; 3],    // root, group 1, group 2
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![3 => (0i32..6).prop_map(|k| k as f64 * 2.0), 2 => 0.0..10.0f64, 1 => (0i32..60).prop_map(f64::from)]
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![(1u32..6).prop_map(f64::from), 0.01..5.0f64]
}

/// Normalisations that keep values > 0 when `positive` (for geometric means); with arithmetic
/// trees minmax maps to 0–1, so its edges are exercised.
fn normalisation(positive: bool) -> impl Strategy<Value = Normalise> {
    let low = if positive { 1.0 } else { 0.0 };
    let mut methods = vec![
        Normalise::Minmax { low, high: low + 1.0 },
        // Raw values (0–60, improved: higher-is-better up, lower-is-better down) stay above −5
        // or below 80: never 0.
        Normalise::Goalposts {
            min: -5.0,
            max: 80.0,
            cap: true,
            log: false,
        },
        Normalise::Rank,
    ];
    if !positive {
        methods.push(Normalise::Goalposts {
            min: 0.5,
            max: 12.0,
            cap: true,
            log: true,
        });
    }
    prop::sample::select(methods)
}

fn case(geometric_allowed: bool) -> impl Strategy<Value = Case> {
    (1usize..7, 2usize..6, prop::array::uniform3(any::<bool>())).prop_flat_map(move |(n, m, geo)| {
        let geometric = if geometric_allowed { geo } else { [false; 3] };
        let positive = geometric.iter().any(|&g| g);
        (
            prop::collection::vec(prop::collection::vec(value(), n), m),
            prop::collection::vec(any::<bool>(), m),
            prop::collection::vec(normalisation(positive), m),
            1..m,
            prop::collection::vec(weight(), m),
            prop::array::uniform2(weight()),
        )
            .prop_map(move |(values, lower, normalise, split, weights, group_weights)| Case {
                values,
                lower,
                normalise,
                split,
                weights,
                group_weights,
                geometric,
            })
    })
}

impl Case {
    fn spec(&self) -> Spec {
        let m = self.values.len();
        let agg = |g: bool| if g { "geometric" } else { "arithmetic" };
        let leaf = |k: usize| json!({ "indicator": format!("i{k}"), "weight": self.weights[k] });
        let group = |id: &str, range: std::ops::Range<usize>, g: usize| {
            json!({
                "id": id,
                "weight": self.group_weights[g],
                "aggregate": agg(self.geometric[g + 1]),
                "children": range.map(leaf).collect::<Vec<_>>(),
            })
        };
        let indicators: Vec<_> = (0..m)
            .map(|k| {
                json!({
                    "id": format!("i{k}"),
                    "direction": if self.lower[k] { "lower" } else { "higher" },
                    "normalise": serde_json::from_str::<serde_json::Value>(&tolok::json::to_string(&self.normalise[k])).unwrap(),
                })
            })
            .collect();
        let spec = json!({
            "version": 1,
            "units": { "id": "id" },
            "indicators": indicators,
            "tree": {
                "id": "root",
                "aggregate": agg(self.geometric[0]),
                "children": [group("g1", 0..self.split, 0), group("g2", self.split..m, 1)],
            },
        });
        let mut spec = Spec::from_json(&spec.to_string()).unwrap();
        // Set the weights exactly (serde_json may read a 17-digit number 1 ulp off).
        let groups = spec.tree.children.as_mut().unwrap();
        for (g, group) in groups.iter_mut().enumerate() {
            group.weight = Some(self.group_weights[g]);
            let first = if g == 0 { 0 } else { self.split };
            for (j, leaf) in group.children.as_mut().unwrap().iter_mut().enumerate() {
                leaf.weight = Some(self.weights[first + j]);
            }
        }
        spec.validate().unwrap();
        spec
    }

    fn table(&self) -> Table {
        let n = self.values[0].len();
        let ids = (0..n).map(|u| format!("u{u}")).collect();
        let columns = self
            .values
            .iter()
            .enumerate()
            .map(|(k, v)| (format!("i{k}"), v.clone()))
            .collect();
        Table::from_columns(ids, None, Vec::new(), columns).unwrap()
    }

    fn scorer(&self) -> Scorer {
        Scorer::new(self.table(), self.spec()).unwrap()
    }
}

proptest! {
    #![proptest_config(Config { cases: 1024, ..Config::default() })]

    /// Improving one raw value in its good direction never lowers that unit's root score. The
    /// unit's root depends only on its own normalised values; under minmax, rank and capped
    /// goalposts each of these is non-decreasing in its raw value even when the change moves
    /// the column's minimum or maximum (which changes other units' values, not the property).
    #[test]
    fn improving_an_indicator_never_lowers_the_root(c in case(true), u in any::<prop::sample::Index>(),
                                                    k in any::<prop::sample::Index>(), step in value()) {
        let n = c.values[0].len();
        let (u, k) = (u.index(n), k.index(c.values.len()));
        let before = c.scorer().root_scores()[u];
        let mut better = c.clone();
        let delta = step + 0.5; // > 0
        better.values[k][u] += if c.lower[k] { -delta } else { delta };
        let after = better.scorer().root_scores()[u];
        prop_assert!(after >= before, "unit {} indicator {}: {} -> {} ({:?})", u, k, before, after, c);
    }

    /// Multiplying all the weights of one node's children by c > 0 changes nothing: exactly
    /// (bit for bit) when c is a power of two, since then every product w·x and the sum Σw
    /// scale exactly and the quotient is unchanged; to 1e-12 relative for any other c, since
    /// c·w is rounded and the rounding differences do not cancel exactly.
    #[test]
    fn scaling_sibling_weights_changes_nothing(c in case(true), node in 0usize..3,
                                               exp in -20i32..20, factor in 1e-3..1e3f64) {
        let base = c.scorer();
        let scaled = |f: f64| {
            let mut d = c.clone();
            match node {
                0 => d.group_weights.iter_mut().for_each(|w| *w *= f),
                1 => d.weights[..c.split].iter_mut().for_each(|w| *w *= f),
                _ => d.weights[c.split..].iter_mut().for_each(|w| *w *= f),
            }
            d.scorer()
        };
        let exact = scaled(2f64.powi(exp));
        let near = scaled(factor);
        for id in ["root", "g1", "g2"] {
            let (a, b, x) = (base.scores(id).unwrap(), exact.scores(id).unwrap(), near.scores(id).unwrap());
            for u in 0..a.len() {
                prop_assert_eq!(a[u].to_bits(), b[u].to_bits(), "{} of u{} scaled by 2^{}", id, u, exp);
                prop_assert!((a[u] - x[u]).abs() <= 1e-12 * a[u].abs().max(1e-300),
                             "{} of u{} scaled by {}: {} vs {}", id, u, factor, a[u], x[u]);
            }
        }
        prop_assert_eq!(base.ranks(), exact.ranks());
    }

    /// In an arithmetic tree each unit's indicator contributions add up to its root score, and
    /// every node's children's contributions add up to the node's.
    #[test]
    fn contributions_add_up_in_arithmetic_trees(c in case(false)) {
        let s = c.scorer();
        check_contributions(&s)?;
    }
}

fn check_contributions(s: &Scorer) -> Result<(), TestCaseError> {
    let tree = s.tree();
    for u in 0..s.len() {
        let root = s.root_scores()[u];
        let con = s.contributions_of(u);
        if root.is_nan() {
            continue;
        }
        let sum: f64 = con.indicators.iter().filter(|x| !x.is_nan()).sum();
        let tol = 1e-9 * root.abs().max(1e-300);
        prop_assert!(
            (sum - root).abs() <= tol,
            "unit {}: Σ contributions {} vs root {}",
            u,
            sum,
            root
        );
        for (i, node) in tree.nodes.iter().enumerate() {
            let total = con.nodes[i];
            if total.is_nan() {
                continue;
            }
            let parts: f64 = node
                .children
                .iter()
                .map(|c| match *c {
                    tolok::tree::Child::Indicator(k) => con.indicators[k],
                    tolok::tree::Child::Node(k) => con.nodes[k],
                })
                .filter(|x| !x.is_nan())
                .sum();
            prop_assert!(
                (parts - total).abs() <= 1e-9 * total.abs().max(1e-300),
                "node {}",
                node.id
            );
        }
    }
    Ok(())
}

#[test]
fn contributions_add_up_in_the_real_arithmetic_specs() {
    for (spec, data) in REAL {
        let s = score(spec, data);
        if s.tree().nodes.iter().any(|n| n.aggregate != Aggregate::Arithmetic) {
            continue; // hdi and ipm: geometric roots (log-shares; not additive)
        }
        check_contributions(&s).unwrap_or_else(|e| panic!("{spec}: {e}"));
    }
}

/// 49·(1/49) rounds to just below 1: without care, a unit tied at a column's best value (1 of
/// 0–1) would score 1 and the same unit improved to a new best (49 of 0–49) 0.9999999999999999.
#[test]
fn minmax_maps_the_best_value_to_high_exactly() {
    for (raw, lower) in [
        ([0.0, 1.0, 1.0], false),
        ([0.0, 1.0, 49.0], false),
        ([49.0, 48.0, 0.0], true),
    ] {
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let mut out = Vec::new();
        normalise_into(&raw, &Normalise::Minmax { low: 0.0, high: 1.0 }, direction, &mut out);
        assert_eq!(out[2], 1.0, "{raw:?} {direction:?}: the best value is the last");
        assert!(out.iter().all(|v| (0.0..=1.0).contains(v)), "{out:?}");
    }
    // The monotonicity this protects, through a whole scoring.
    let c = Case {
        values: vec![vec![0.0, 1.0, 1.0], vec![1.0, 1.0, 1.0]],
        lower: vec![false, false],
        normalise: vec![Normalise::Minmax { low: 0.0, high: 1.0 }; 2],
        split: 1,
        weights: vec![1.0, 1.0],
        group_weights: [1.0, 1.0],
        geometric: [false; 3],
    };
    let before = c.scorer().root_scores()[2];
    let mut better = c.clone();
    better.values[0][2] = 49.0;
    assert!(better.scorer().root_scores()[2] >= before);
}
