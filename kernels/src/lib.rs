//! The hot loops of [tolok](../tolok/index.html), in a crate of their own so that they are
//! compiled for speed (opt-level 3) while the rest of the WebAssembly module is compiled for size
//! (opt-level "z"): one crate has one opt-level, and these few loops are what a weight change,
//! new data or a Monte Carlo draw waits for. Nothing here knows a spec: slices in, slices out.
//!
//! - [`min_max`], [`minmax`]: the default normalisation;
//! - [`weighted_mean`]: an arithmetic node;
//! - [`Ranker`], [`round_to`]: ranking with explicit tie rules, and rounding before ranking.

/// How tied scores are ranked (scores 9, 8, 8, 7): `Min` 1, 2, 2, 4; `Dense` 1, 2, 2, 3;
/// `Average` 1, 2.5, 2.5, 4; `Ordinal` 1, 2, 3, 4 (ties broken by table order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    Min,
    Dense,
    Average,
    Ordinal,
}

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
pub fn descending_key(x: f64) -> u64 {
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

/// Minimum and maximum of the present values (None if all are missing). Eight independent
/// lanes of compare-and-select let the compiler vectorise; NaN fails both comparisons and so is
/// skipped without a branch of its own.
pub fn min_max(x: &[f64]) -> Option<(f64, f64)> {
    const L: usize = 8;
    let (mut lo, mut hi) = ([f64::INFINITY; L], [f64::NEG_INFINITY; L]);
    let chunks = x.chunks_exact(L);
    let rest = chunks.remainder();
    for c in chunks {
        for j in 0..L {
            lo[j] = if c[j] < lo[j] { c[j] } else { lo[j] };
            hi[j] = if c[j] > hi[j] { c[j] } else { hi[j] };
        }
    }
    for (j, &v) in rest.iter().enumerate() {
        lo[j] = if v < lo[j] { v } else { lo[j] };
        hi[j] = if v > hi[j] { v } else { hi[j] };
    }
    let lo = lo.iter().fold(f64::INFINITY, |a, &b| if b < a { b } else { a });
    let hi = hi.iter().fold(f64::NEG_INFINITY, |a, &b| if b > a { b } else { a });
    (lo <= hi).then_some((lo, hi))
}

/// Min-max normalisation of `raw` into `out` (cleared first): `low + (high − low)·(x − min)/(max − min)`,
/// reversed for lower-is-better; a constant column gives the midpoint; NaN stays NaN.
pub fn minmax(raw: &[f64], out: &mut Vec<f64>, low: f64, high: f64, lower: bool) {
    out.clear();
    let Some((lo, hi)) = min_max(raw) else {
        out.extend_from_slice(raw); // all missing
        return;
    };
    let span = hi - lo;
    if span == 0.0 {
        let mid = low + (high - low) / 2.0;
        out.extend(raw.iter().map(|&v| if v.is_nan() { v } else { mid }));
        return;
    }
    // The best value maps to `high` exactly, and nothing above it: span·k may round to just
    // below or above high − low (49·(1/49) < 1), which would put a unit above `high`, or score a
    // unit that improves to a new column best below one tied at the old best.
    let k = (high - low) / span;
    if lower {
        // `|` rather than `||`: two comparisons and one select, no branch per value.
        out.extend(raw.iter().map(|&v| {
            let y = low + (hi - v) * k;
            if (v == lo) | (y > high) {
                high
            } else {
                y
            }
        }));
    } else {
        out.extend(raw.iter().map(|&v| {
            let y = low + (v - lo) * k;
            if (v == hi) | (y > high) {
                high
            } else {
                y
            }
        }));
    }
}

/// `out[i] = (Σ_c w_c·x_c[i]) / total · scale` for every unit, zero-weight children left out.
///
/// The sum runs over the children in order, starting from 0, exactly as adding one column at a
/// time would (so the bits are the same), but four children per pass over the units: one load
/// and store of the running sum per four inputs instead of per input. This is the loop a weight
/// change mostly waits for.
pub fn weighted_mean(weights: &[f64], inputs: &[&[f64]], total: f64, scale: f64, out: &mut [f64]) {
    let n = out.len();
    let cols: Vec<(f64, &[f64])> = weights
        .iter()
        .zip(inputs)
        .filter(|(&w, _)| w != 0.0)
        .map(|(&w, col)| (w, &col[..n.min(col.len())]))
        .collect();
    let mut chunks = cols.chunks(4).enumerate().peekable();
    while let Some((k, chunk)) = chunks.next() {
        let last = chunks.peek().is_none();
        // The first pass starts each sum from 0 (not from what `out` held), the last divides.
        let start = |o: f64| if k == 0 { 0.0 } else { o };
        let end = |s: f64| if last { s / total * scale } else { s };
        match *chunk {
            [(wa, a), (wb, b), (wc, c), (wd, d)] => {
                for ((((o, &a), &b), &c), &d) in out.iter_mut().zip(a).zip(b).zip(c).zip(d) {
                    *o = end(start(*o) + wa * a + wb * b + wc * c + wd * d);
                }
            }
            [(wa, a), (wb, b), (wc, c)] => {
                for (((o, &a), &b), &c) in out.iter_mut().zip(a).zip(b).zip(c) {
                    *o = end(start(*o) + wa * a + wb * b + wc * c);
                }
            }
            [(wa, a), (wb, b)] => {
                for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
                    *o = end(start(*o) + wa * a + wb * b);
                }
            }
            [(wa, a)] => {
                for (o, &a) in out.iter_mut().zip(a) {
                    *o = end(start(*o) + wa * a);
                }
            }
            _ => {}
        }
    }
    if cols.is_empty() {
        out.iter_mut().for_each(|o| *o = 0.0 / total * scale);
    }
}

/// The first ±∞ in `x`, if any. Every value is tested without an early exit (a few
/// instructions a value); the position is looked for only when there is one.
pub fn first_infinite(x: &[f64]) -> Option<usize> {
    if x.iter().fold(false, |any, v| any | v.is_infinite()) {
        x.iter().position(|v| v.is_infinite())
    } else {
        None
    }
}
