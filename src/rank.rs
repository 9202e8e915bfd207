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
        let mut x = 0x9e3779b97f4a7c15u64;
        let scores: Vec<f64> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
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

    #[test]
    fn bucket_sort_orders_keys_that_crowd_into_one_bucket() {
        // 1 + k·2⁻⁴⁰ are 2⁻⁴⁰ apart, and 0.5, 2 and −1 stretch the range: nearly every key falls
        // in one bucket, which must then be sorted on its own, with exact ties.
        let scores: Vec<f64> = (0..3000u32)
            .map(|i| 1.0 + f64::from((i * 7919) % 1500) * 2f64.powi(-40))
            .chain([0.5, f64::NAN, 2.0, -1.0])
            .collect();
        let (mut r, mut o) = (Vec::new(), Vec::new());
        Ranker::default().rank(&scores, Ties::Ordinal, &mut r, &mut o);
        let mut idx: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].is_nan()).collect();
        idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        for (pos, &i) in idx.iter().enumerate() {
            assert_eq!(r[i], (pos + 1) as f64);
        }
        assert_eq!(o.last(), Some(&3001), "the NaN unit is last");
    }

    #[test]
    fn every_sorting_path_gives_the_comparison_order() {
        // Random scores with ties, NaNs, ±0, huge and tiny values, ranked afresh and then again
        // from the previous order after a perturbation (the nearly-sorted paths).
        let mut x = 0x2545f4914f6cdd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
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
