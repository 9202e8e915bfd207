//! Ranking with explicit rounding and tie rules, and grade bands.
//!
//! Scores are first rounded to `rank.round` decimals (half away from zero, decided on the exact
//! binary value, so 0.8765 rounds as the decimal it stands for), then ranked from the highest
//! (rank 1). Units with a missing score are unranked (rank NaN here, 0 in JavaScript). Equal
//! rounded scores are ties, resolved by [`Ties`]; `ordinal` breaks them by table order.

use crate::spec::{Grade, Ties};

pub use tolok_kernels::round_to;

/// Reusable buffers for ranking, so re-ranking after a weight change does not allocate. The
/// sorting and rank assignment are in `tolok_kernels` (compiled for speed; see its docs).
#[derive(Debug, Default, Clone)]
pub struct Ranker(tolok_kernels::Ranker);

fn kernel_ties(ties: Ties) -> tolok_kernels::Ties {
    match ties {
        Ties::Min => tolok_kernels::Ties::Min,
        Ties::Dense => tolok_kernels::Ties::Dense,
        Ties::Average => tolok_kernels::Ties::Average,
        Ties::Ordinal => tolok_kernels::Ties::Ordinal,
    }
}

impl Ranker {
    /// Ranks `scores` (already rounded) into `ranks`; `order` receives the unit indices from
    /// best to worst (unranked units last, in table order).
    pub fn rank(&mut self, scores: &[f64], ties: Ties, ranks: &mut Vec<f64>, order: &mut Vec<u32>) {
        self.0.rank(scores, kernel_ties(ties), ranks, order);
    }

    /// Like [`Ranker::rank`], over only the units in `subset` (indices into `scores`); `ranks` is
    /// written at those indices only.
    pub fn rank_subset(
        &mut self,
        scores: &[f64],
        subset: Option<&[u32]>,
        ties: Ties,
        ranks: &mut Vec<f64>,
        order: &mut Vec<u32>,
    ) {
        self.0.rank_subset(scores, subset, kernel_ties(ties), ranks, order);
    }
}

/// The band a rounded score falls in: the first (highest) band whose `min` it reaches.
pub fn grade_of(score: f64, grades: &[Grade]) -> Option<usize> {
    if score.is_nan() {
        return None;
    }
    grades.iter().position(|g| score >= g.min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tolok_kernels::descending_key;

    fn ranked(scores: &[f64], ties: Ties) -> Vec<f64> {
        let (mut r, mut o) = (Vec::new(), Vec::new());
        Ranker::default().rank(scores, ties, &mut r, &mut o);
        r
    }

    #[test]
    fn tie_rules() {
        let s = [8.0, 9.0, 8.0, 7.0];
        assert_eq!(ranked(&s, Ties::Min), vec![2.0, 1.0, 2.0, 4.0]);
        assert_eq!(ranked(&s, Ties::Dense), vec![2.0, 1.0, 2.0, 3.0]);
        assert_eq!(ranked(&s, Ties::Average), vec![2.5, 1.0, 2.5, 4.0]);
        assert_eq!(ranked(&s, Ties::Ordinal), vec![2.0, 1.0, 3.0, 4.0]);
    }

    #[test]
    fn missing_is_unranked_and_negative_scores_order_right() {
        let r = ranked(&[-1.0, f64::NAN, 0.0, -0.0, 2.5, -3.0], Ties::Min);
        assert!(r[1].is_nan());
        assert_eq!([r[4], r[2], r[3], r[0], r[5]], [1.0, 2.0, 2.0, 4.0, 5.0]);
    }

    #[test]
    fn ranking_5000_units_matches_comparison_sort() {
        let mut next = xorshift(0x9e3779b97f4a7c15);
        let scores: Vec<f64> = (0..5000)
            .map(|_| {
                let x = next();
                if x % 50 == 0 {
                    f64::NAN
                } else {
                    round_to((x % 100_000) as f64 / 997.0 - 30.0, 2)
                }
            })
            .collect();
        let (mut r, mut o) = (Vec::new(), Vec::new());
        Ranker::default().rank(&scores, Ties::Ordinal, &mut r, &mut o);
        let mut idx: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].is_nan()).collect();
        idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        for (pos, &i) in idx.iter().enumerate() {
            assert_eq!(r[i], (pos + 1) as f64);
        }
    }

    /// A xorshift64 stream: test data from a fixed seed.
    fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// Ranks by definition: the units sorted by (descending score, index), and for each unit
    /// the positions of the units with the same score.
    fn reference(scores: &[f64], subset: &[u32], ties: Ties) -> (Vec<u32>, Vec<f64>) {
        let mut order = subset.to_vec();
        order.sort_by_key(|&i| (descending_key(scores[i as usize]), i));
        let mut ranks = vec![f64::NAN; scores.len()];
        let mut distinct = 0.0;
        for (pos, &i) in order.iter().enumerate() {
            let k = descending_key(scores[i as usize]);
            let first = order
                .iter()
                .position(|&j| descending_key(scores[j as usize]) == k)
                .unwrap_or(pos);
            let last = order
                .iter()
                .rposition(|&j| descending_key(scores[j as usize]) == k)
                .unwrap_or(pos);
            if first == pos {
                distinct += 1.0;
            }
            ranks[i as usize] = match ties {
                _ if k == u64::MAX => f64::NAN,
                Ties::Min => (first + 1) as f64,
                Ties::Dense => distinct,
                Ties::Average => (first + last + 2) as f64 / 2.0,
                Ties::Ordinal => (pos + 1) as f64,
            };
        }
        (order, ranks)
    }

    #[test]
    fn radix_ranking_matches_the_definition_on_hard_scores() {
        let mut next = xorshift(0x9e3779b97f4a7c15u64);
        // Kinds of score sets: 0–1 and 0–100 scales; many exact ties; neighbours 1 ulp apart;
        // an outlier that crowds every other score into one sort key (the recursive path), and
        // outliers two levels deep; huge, tiny, ±0 and NaN scores; a constant column.
        for kind in 0..8 {
            for n in [64usize, 65, 100, 514, 2049, 5000] {
                let mut scores: Vec<f64> = (0..n)
                    .map(|_| {
                        let u = (next() >> 11) as f64 / (1u64 << 53) as f64;
                        match kind {
                            0 => u,
                            1 => round_to(100.0 * u, 1),
                            2 => f64::from((next() % 7) as u32),
                            3 => 0.5 + f64::from((next() % 40) as u32) * f64::EPSILON,
                            4 => 1.0 + u * 1e-9,
                            5 => 1.0 + u * 1e-12 + if next() % 9 == 0 { 1e-6 } else { 0.0 },
                            6 => [f64::NAN, -0.0, 0.0, 1e300, -1e300, 5e-324, u][(next() % 7) as usize],
                            _ => 3.25,
                        }
                    })
                    .collect();
                if kind == 4 || kind == 5 {
                    scores[n / 2] = 1e6; // the outlier
                }
                let all: Vec<u32> = (0..n as u32).collect();
                let odd: Vec<u32> = (0..n as u32).filter(|i| i % 3 != 0).collect();
                for ties in [Ties::Min, Ties::Dense, Ties::Average, Ties::Ordinal] {
                    let (mut r, mut o) = (Vec::new(), Vec::new());
                    Ranker::default().rank(&scores, ties, &mut r, &mut o);
                    let (want_o, want_r) = reference(&scores, &all, ties);
                    assert_eq!(o, want_o, "kind {kind}, n {n}, {ties:?}: order");
                    for (u, (a, b)) in r.iter().zip(&want_r).enumerate() {
                        assert!(
                            a == b || (a.is_nan() && b.is_nan()),
                            "kind {kind}, n {n}, {ties:?}, unit {u}: {a} ≠ {b}"
                        );
                    }
                    let (mut r, mut o) = (vec![-1.0; n], Vec::new());
                    Ranker::default().rank_subset(&scores, Some(&odd), ties, &mut r, &mut o);
                    let (want_o, want_r) = reference(&scores, &odd, ties);
                    assert_eq!(o, want_o, "kind {kind}, n {n}, {ties:?}: subset order");
                    for &u in &odd {
                        let (a, b) = (r[u as usize], want_r[u as usize]);
                        assert!(
                            a == b || (a.is_nan() && b.is_nan()),
                            "kind {kind}, n {n}, {ties:?}, subset unit {u}: {a} ≠ {b}"
                        );
                    }
                    assert!(
                        all.iter().filter(|u| *u % 3 == 0).all(|&u| r[u as usize] == -1.0),
                        "outside the subset"
                    );
                }
            }
        }
    }

    #[test]
    fn every_sorting_path_gives_the_comparison_order() {
        // Random scores with ties, NaNs, ±0, huge and tiny values, ranked afresh and then again
        // from the previous order after a perturbation (the nearly-sorted paths).
        let mut next = xorshift(0x2545f4914f6cdd1du64);
        for n in [1usize, 2, 63, 64, 65, 514, 3000, 6000] {
            let mut scores: Vec<f64> = (0..n)
                .map(|_| match next() % 20 {
                    0 => f64::NAN,
                    1 => -0.0,
                    2 => 1e300,
                    3 => -5e-324,
                    _ => (next() % 1000) as f64 / 7.0,
                })
                .collect();
            let (mut ranker, mut r, mut o) = (Ranker::default(), Vec::new(), Vec::new());
            for round in 0..4 {
                ranker.rank(&scores, Ties::Ordinal, &mut r, &mut o);
                let mut idx: Vec<u32> = (0..n as u32).collect();
                idx.sort_by_key(|&i| (descending_key(scores[i as usize]), i));
                assert_eq!(o, idx, "n = {n}, round {round}");
                // Many changes, then few (the nearly-sorted path).
                let every = if round == 0 { 4 } else { 400 };
                for v in scores.iter_mut() {
                    if next() % every == 0 {
                        *v += (next() % 3) as f64 / 7.0;
                    }
                }
            }
        }
    }

    #[test]
    fn rounding_decides_halves_on_the_exact_value() {
        // 0.045 is stored as 0.04499999999999999833: a naive (x·100).round() gives 5 (0.05)
        // because x·100 rounds to exactly 4.5; the exact value rounds down.
        assert_eq!(round_to(0.045, 2), 0.04);
        assert_eq!(round_to(0.0055, 3), 0.005);
        assert_eq!(round_to(0.8765, 3), 0.876); // stored as 0.87649999999999994582
        assert_eq!(round_to(1.005, 2), 1.0); // stored as 1.00499999999999989342
        assert_eq!(round_to(4.7250000000000005, 2), 4.73); // just above the half
        assert_eq!(round_to(2.5, 0), 3.0);
        assert_eq!(round_to(-2.5, 0), -3.0);
        assert_eq!(round_to(83.5449999, 2), 83.54);
        assert_eq!(round_to(451.0 / 100.0, 2), 4.51);
    }

    #[test]
    fn grades_take_the_first_band_reached() {
        let g = |label: &str, min: f64| Grade {
            label: label.into(),
            min,
            description: None,
            color: None,
        };
        let bands = [g("A", 4.51), g("A-", 4.01), g("F", 0.0)];
        assert_eq!(grade_of(4.73, &bands), Some(0));
        assert_eq!(grade_of(4.51, &bands), Some(0));
        assert_eq!(grade_of(4.50, &bands), Some(1));
        assert_eq!(grade_of(-0.5, &bands), None);
        assert_eq!(grade_of(f64::NAN, &bands), None);
    }
}
