//! Ranking with explicit rounding and tie rules, and grade bands.
//!
//! Scores are first rounded to `rank.round` decimals (half away from zero, decided on the exact
//! binary value, so 0.8765 rounds as the decimal it stands for), then ranked from the highest
//! (rank 1). Units with a missing score are unranked (rank NaN here, 0 in JavaScript). Equal
//! rounded scores are ties, resolved by [`Ties`]; `ordinal` breaks them by table order.

use crate::spec::{Grade, Ties};

/// Powers of ten that are exact in f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Rounds `x` to `decimals` places, half away from zero, deciding halves on the exact value of
/// `x` (not on the inexact product `x·10^d`). The result is the f64 nearest to that decimal, so it
/// compares equal to the same decimal written in a spec ("4.51").
pub fn round_to(x: f64, decimals: u32) -> f64 {
    let p = POW10[decimals.min(15) as usize];
    let y = x * p;
    if !y.is_finite() {
        return x;
    }
    let f = y.floor();
    let near_half = ((y - f) - 0.5).abs() < 1e-6 || y.abs() > 1e9;
    let k = if !near_half {
        y.round()
    } else {
        // fma gives the correctly rounded x·p − (f + ½): its sign is the sign of the exact value.
        let s = libm::fma(x, p, -(f + 0.5));
        if s > 0.0 || (s == 0.0 && x >= 0.0) {
            f + 1.0
        } else {
            f
        }
    };
    k / p
}

/// Reusable buffers for ranking, so re-ranking after a weight change does not allocate.
#[derive(Debug, Default, Clone)]
pub struct Ranker {
    keys: Vec<(u64, u32)>,
    tmp: Vec<(u64, u32)>,
    counts: Vec<u32>,
}

/// Maps an f64 to a u64 whose ascending order is the f64's descending order; NaN sorts last.
#[inline]
fn descending_key(x: f64) -> u64 {
    if x.is_nan() {
        return u64::MAX;
    }
    let x = if x == 0.0 { 0.0 } else { x }; // −0 and +0 are the same score
    let b = x.to_bits();
    let ascending = if b >> 63 == 1 { !b } else { b | (1 << 63) };
    !ascending // u64::MAX only for NaN bit patterns, excluded above
}

impl Ranker {
    /// Ranks `scores` (already rounded) into `ranks`; `order` receives the unit indices from
    /// best to worst (unranked units last, in table order).
    pub fn rank(&mut self, scores: &[f64], ties: Ties, ranks: &mut Vec<f64>, order: &mut Vec<u32>) {
        self.rank_subset(scores, None, ties, ranks, order);
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
        ranks.resize(scores.len(), f64::NAN);
        self.keys.clear();
        match subset {
            Some(s) => self
                .keys
                .extend(s.iter().map(|&i| (descending_key(scores[i as usize]), i))),
            // Start from the previous order when there is one: after a weight change most units
            // keep their place, and an adaptive merge sort finishes such input in about O(N).
            None if order.len() == scores.len() => self
                .keys
                .extend(order.iter().map(|&i| (descending_key(scores[i as usize]), i))),
            None => self
                .keys
                .extend(scores.iter().enumerate().map(|(i, &x)| (descending_key(x), i as u32))),
        }
        // The pairs are distinct (the index is part of each), so every algorithm gives the same
        // order: ties by key come out in table order.
        let descents = self.keys.windows(2).filter(|w| w[1] < w[0]).count();
        let n = self.keys.len();
        if descents == 0 {
            // Still in order (e.g. a weight change that moved no unit past another).
        } else if n < 64 {
            insertion_sort(&mut self.keys, usize::MAX);
        } else if descents <= n / 64 && insertion_sort(&mut self.keys, 4 * n) {
            // Nearly sorted (a small weight change): a few units moved a few places.
        } else if n <= 4096 {
            bucket_sort(&mut self.keys, &mut self.tmp, &mut self.counts);
        } else {
            // Scattering into n/8 buckets misses the cache once the pairs outgrow it; 256
            // buckets a pass do not.
            radix_sort(&mut self.keys, &mut self.tmp);
        }
        order.clear();
        order.extend(self.keys.iter().map(|k| k.1));
        assign_ranks(&self.keys, ties, ranks);
    }
}

/// Writes each unit's rank from the sorted (key, index) pairs: one pass that notes where each
/// run of equal keys starts, except for `average`, which needs the run's end as well.
fn assign_ranks(keys: &[(u64, u32)], ties: Ties, ranks: &mut [f64]) {
    // The rank changes only where a run starts, so it is worked out there (not per unit).
    let (mut prev, mut rank, mut dense) = (None, f64::NAN, 0.0);
    for (pos, &(key, i)) in keys.iter().enumerate() {
        if prev != Some(key) {
            prev = Some(key);
            dense += 1.0;
            rank = match ties {
                _ if key == u64::MAX => f64::NAN,
                Ties::Min => (pos + 1) as f64,
                Ties::Dense => dense,
                Ties::Ordinal | Ties::Average => 0.0, // written below
            };
        }
        ranks[i as usize] = rank;
    }
    if ties == Ties::Ordinal {
        for (pos, &(key, i)) in keys.iter().enumerate() {
            ranks[i as usize] = if key == u64::MAX { f64::NAN } else { (pos + 1) as f64 };
        }
        return;
    }
    if ties != Ties::Average {
        return;
    }
    let mut start = 0;
    while start < keys.len() {
        let key = keys[start].0;
        let end = start + keys[start..].iter().take_while(|k| k.0 == key).count();
        let rank = if key == u64::MAX {
            f64::NAN
        } else {
            (start + end + 1) as f64 / 2.0
        };
        for &(_, i) in &keys[start..end] {
            ranks[i as usize] = rank;
        }
        start = end;
    }
}

/// Insertion sort that gives up after `budget` moves: true if `v` is then sorted (it is always
/// a permutation of what it was). For short or nearly sorted input, and the buckets of
/// [`bucket_sort`]; it also keeps core's stable sort out of the .wasm.
fn insertion_sort(v: &mut [(u64, u32)], budget: usize) -> bool {
    let mut moves = 0;
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
        moves += i - j;
        if moves > budget {
            return false;
        }
    }
    true
}

/// Sorts (key, index) pairs by key, then index (what `sort_unstable` on the pairs gives), in
/// expected linear time: a stable counting sort into about n/8 buckets by the key's offset from
/// the smallest key (a shift of it, so that bucket order is key order), then each bucket sorted
/// on its own — by insertion when it holds a few pairs, as most do, or by `sort_unstable` when
/// keys crowd into one (so the worst case stays O(n log n)). Missing scores (key `u64::MAX`) get
/// a bucket of their own, last, so they do not stretch the range. At 514 units this is about
/// 1.7× faster than `sort_unstable` or [`radix_sort`]; at 10,000 units radix is faster.
fn bucket_sort(v: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>, counts: &mut Vec<u32>) {
    let n = v.len();
    let (mut lo, mut hi) = (u64::MAX, 0);
    for &(k, _) in v.iter().filter(|(k, _)| *k != u64::MAX) {
        lo = lo.min(k);
        hi = hi.max(k);
    }
    if lo > hi {
        v.sort_unstable(); // every score missing
        return;
    }
    // About n/8 buckets (a power of two): the shift keeps (hi - lo) >> shift below that.
    let bits = n.next_power_of_two().trailing_zeros().saturating_sub(3).max(1);
    let shift = (64 - (hi - lo).leading_zeros()).saturating_sub(bits);
    let missing = ((hi - lo) >> shift) as usize + 1; // the index of the missing scores' bucket
    let bucket = |k: u64| {
        if k == u64::MAX {
            missing
        } else {
            ((k - lo) >> shift) as usize
        }
    };
    counts.clear();
    counts.resize(missing + 2, 0);
    for &(k, _) in v.iter() {
        counts[bucket(k) + 1] += 1;
    }
    for b in 1..counts.len() {
        counts[b] += counts[b - 1];
    }
    tmp.resize(n, (0, 0)); // every slot is written below: no need to clear it first
    for &(k, i) in v.iter() {
        let b = bucket(k);
        tmp[counts[b] as usize] = (k, i);
        counts[b] += 1;
    }
    std::mem::swap(v, tmp);
    // counts[b] is now where bucket b ends.
    let mut start = 0;
    for &end in &counts[..=missing] {
        let part = &mut v[start..end as usize];
        if part.len() > 16 {
            part.sort_unstable();
        } else {
            insertion_sort(part, usize::MAX);
        }
        start = end as usize;
    }
}

/// Sorts (key, index) pairs by key, then index (what `sort_unstable` on the pairs gives): a
/// stable LSD radix sort on the high 32 bits of the keys, 8 bits a pass, skipping passes in which
/// every key has the same byte (scores in a narrow range share their high bytes); then every run
/// of keys with equal high halves is sorted on the whole pair. Stability plus the initial index
/// order keeps ties in table order. Half the passes of a radix sort on all 64 bits: scores rarely
/// share their high 32 bits (sign, exponent and 20 bits of mantissa), so the runs are short.
fn radix_sort(v: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>) {
    let mut counts = [[0u32; 256]; 4];
    for &(k, _) in v.iter() {
        for (b, c) in counts.iter_mut().enumerate() {
            c[((k >> (32 + 8 * b)) & 0xff) as usize] += 1;
        }
    }
    tmp.clear();
    tmp.resize(v.len(), (0, 0));
    let n = v.len() as u32;
    for (b, c) in counts.iter_mut().enumerate() {
        if c.contains(&n) {
            continue;
        }
        let mut sum = 0;
        for x in c.iter_mut() {
            let t = *x;
            *x = sum;
            sum += t;
        }
        for &(k, i) in v.iter() {
            let d = ((k >> (32 + 8 * b)) & 0xff) as usize;
            tmp[c[d] as usize] = (k, i);
            c[d] += 1;
        }
        std::mem::swap(v, tmp);
    }
    let mut start = 0;
    while start < v.len() {
        let high = v[start].0 >> 32;
        let mut end = start + 1;
        while end < v.len() && v[end].0 >> 32 == high {
            end += 1;
        }
        if end - start > 1 {
            v[start..end].sort_unstable();
        }
        start = end;
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
