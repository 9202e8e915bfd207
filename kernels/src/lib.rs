//! The hot loops of [tolok](../tolok/index.html), in a crate of their own so that they are
//! compiled for speed (opt-level 3) while the rest of the WebAssembly module is compiled for size
//! (opt-level "z"): one crate has one opt-level, and these few loops are what a weight change,
//! new data or a Monte Carlo draw waits for. Nothing here knows a spec: slices in, slices out.
//!
//! - [`min_max`], [`minmax`], [`minmax_over`]: the default normalisation;
//! - [`weighted_mean`]: an arithmetic node;
//! - [`Ranker`], [`round_to`]: ranking with explicit tie rules, and rounding before ranking;
//! - [`PairTree`], [`lf_min`]: the exact pairwise score-difference ranges behind rank bounds;
//! - [`RankTally`]: the Monte Carlo rank statistics a draw updates.

mod pairs;
mod tally;
pub use pairs::{lf_min, PairChild, PairNode, PairScratch, PairTree};
pub use tally::RankTally;

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
    /// (sort key, unit index) pairs: see [`Ranker::sort_mapped`].
    items: Vec<u64>,
    tmp: Vec<u64>,
    /// The counters of the radix passes; 2 × 2^[`MAX_DIGIT`], made at the first sort.
    counts: Vec<[u32; RADIX]>,
    /// Runs of positions whose sort keys are equal but whose scores may differ.
    runs: Vec<(u32, u32)>,
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

/// Widest radix digit: 2¹¹ counters (8 KiB) stay in the L1 cache.
const MAX_DIGIT: u32 = 11;
const RADIX: usize = 1 << MAX_DIGIT;

impl Ranker {
    /// Ranks `scores` (already rounded) into `ranks`; `order` receives the unit indices from
    /// best to worst (unranked units last, in table order).
    pub fn rank(&mut self, scores: &[f64], ties: Ties, ranks: &mut Vec<f64>, order: &mut Vec<u32>) {
        self.rank_subset(scores, None, ties, ranks, order);
    }

    /// Like [`Ranker::rank`], over only the units in `subset` (indices into `scores`, ascending);
    /// `ranks` is written at those indices only.
    ///
    /// The order is that of the pairs (descending score, index): ties come out in table order.
    pub fn rank_subset(
        &mut self,
        scores: &[f64],
        subset: Option<&[u32]>,
        ties: Ties,
        ranks: &mut Vec<f64>,
        order: &mut Vec<u32>,
    ) {
        ranks.resize(scores.len(), f64::NAN);
        let key = |i: u32| (descending_key(scores[i as usize]), i);
        let n = subset.map_or(scores.len(), <[u32]>::len);
        // After a weight change many units may keep their place: the previous order is checked
        // first, and finished by insertion when only a few units moved a few places. Counting
        // stops once the descents are too many for that.
        if subset.is_none() && order.len() == n {
            let limit = if n < 64 { n } else { n / 64 };
            let descents = order
                .windows(2)
                .filter(|w| key(w[1]) < key(w[0]))
                .take(limit + 1)
                .count();
            if descents == 0
                || (descents <= limit && insertion_sort_by_key(order, if n < 64 { usize::MAX } else { 4 * n }, key))
            {
                let mut dense = 0.0;
                assign_ranks(scores, order, 0, ties, ranks, &mut dense);
                return;
            }
        }
        match subset {
            Some(s) => {
                order.clear();
                order.extend_from_slice(s);
            }
            // The sort below writes every slot without reading it.
            None => order.resize(n, 0),
        }
        if n < 64 {
            if subset.is_none() {
                order.iter_mut().zip(0..).for_each(|(o, i)| *o = i);
            }
            insertion_sort_by_key(order, usize::MAX, key);
            let mut dense = 0.0;
            assign_ranks(scores, order, 0, ties, ranks, &mut dense);
            return;
        }
        // Except for `dense` ranks, which count the distinct scores before each unit, a unit's
        // rank outside the runs of equal sort keys is its position + 1: the sort writes it as
        // it lays out the order, and each run is then ranked on its exact scores.
        let positional = ties != Ties::Dense;
        let present = self.sort_mapped(scores, subset.is_none(), order, positional.then_some(ranks), 0);
        let mut dense = 0.0;
        if positional {
            for &(a, b) in &self.runs {
                let (a, b) = (a as usize, b as usize);
                assign_ranks(scores, &order[a..b], a, ties, ranks, &mut dense);
            }
        } else {
            let mut pos = 0;
            for &(a, b) in self.runs.iter().chain([&(present as u32, present as u32)]) {
                let (a, b) = (a as usize, b as usize);
                for &i in &order[pos..a] {
                    dense += 1.0;
                    ranks[i as usize] = dense;
                }
                assign_ranks(scores, &order[a..b], a, ties, ranks, &mut dense);
                pos = b;
            }
        }
        for &i in &order[present..] {
            ranks[i as usize] = f64::NAN;
        }
    }

    /// Sorts the unit indices `v` (ascending on entry; if `all`, the units `0..n`, and `v` is
    /// only written) by (descending score, index) in linear time for any realistic scores, and
    /// returns how many scores are present (the NaN scores come last). Leaves in `self.runs` the
    /// runs of positions that shared a sort key (where equal scores can be), other than the NaN
    /// run. With `ranks`, also writes each unit's position + 1 there (a unit's rank, except in
    /// the runs and the NaN run, which the caller ranks).
    ///
    /// Each score gets a sort key of `bits` ≈ log₂ n + 5 bits: its distance below the best
    /// score scaled to the range of the scores, `(max − x)·(2^bits − 2)/(max − min)` rounded to
    /// an integer, which is monotone in `x` because every step of it rounds monotonically; NaN
    /// gets the key 2^bits − 1 (last). The (key, index) pairs, packed in a u64, are sorted by a
    /// stable LSD radix sort in one or two passes of at most 11 bits (counted as the keys are
    /// made). Units that share a key — ties, and the rare near-ties — are then put in order by
    /// their exact scores: a run whose scores are all equal is already in table order; a short
    /// run is sorted by insertion; a long one (scores crowded by an outlier that stretches the
    /// range) by the same method on its own range and, two levels down, by heap sort.
    fn sort_mapped(
        &mut self,
        scores: &[f64],
        all: bool,
        v: &mut [u32],
        ranks: Option<&mut Vec<f64>>,
        depth: u32,
    ) -> usize {
        let key = |i: u32| (descending_key(scores[i as usize]), i);
        let n = v.len();
        let (lo, hi) = if all {
            min_max(scores).unwrap_or((0.0, 0.0))
        } else {
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for &i in v.iter() {
                let x = scores[i as usize];
                lo = if x < lo { x } else { lo };
                hi = if x > hi { x } else { hi };
            }
            (lo, hi)
        };
        let log2 = usize::BITS - (n - 1).leading_zeros();
        let bits = (log2 + 5).clamp(8, 2 * MAX_DIGIT);
        let nan = (1u64 << bits) - 1;
        // span·scale rounds to at most (2^bits − 2)(1 + 2⁻⁵²)², so no key reaches the NaN key. A
        // span of 0 (one score), ∞ (overflow) or too small to invert gives scale 0: every key 0,
        // one run, sorted below.
        let span = hi - lo;
        let scale = (nan - 1) as f64 / span;
        let scale = if span > 0.0 && scale.is_finite() { scale } else { 0.0 };
        // y + 2⁵² for 0 ≤ y < 2⁵² is the f64 whose low 52 bits are y rounded to an integer:
        // monotone like the steps before it, and cheaper than a saturating float-to-int cast.
        const MAGIC: f64 = (1u64 << 52) as f64;
        let pack = |x: f64, i: u32| {
            let k = ((hi - x) * scale + MAGIC).to_bits() & ((1 << 52) - 1);
            let k = if x.is_nan() { nan } else { k };
            k << 32 | u64::from(i)
        };
        // One or two passes of at most MAX_DIGIT bits. A digit is masked to less than RADIX, so
        // the counters are indexed without bounds checks.
        let (digit, two) = if bits > MAX_DIGIT {
            (bits.div_ceil(2), true)
        } else {
            (bits, false)
        };
        let radix = 1usize << digit;
        let mask = (radix - 1) as u64;
        self.counts.resize(2, [0; RADIX]);
        let [low, high] = &mut self.counts[..] else {
            unreachable!("two rows of counters")
        };
        low[..radix].fill(0);
        high[..radix].fill(0);
        // The keys, counted as they are made (the high digit only if there are two).
        self.items.resize(n, 0);
        let mut put = |slot: &mut u64, x: f64, i: u32| {
            let p = pack(x, i);
            low[((p >> 32) & mask) as usize] += 1;
            if two {
                high[((p >> (32 + digit)) & mask) as usize] += 1;
            }
            *slot = p;
        };
        if all {
            for ((slot, &x), i) in self.items.iter_mut().zip(scores).zip(0..) {
                put(slot, x, i);
            }
        } else {
            for (slot, &i) in self.items.iter_mut().zip(v.iter()) {
                put(slot, scores[i as usize], i);
            }
        }
        self.tmp.resize(n, 0); // every slot is written before it is read
        for (c, shift) in [(low, 32), (high, 32 + digit)].into_iter().take(1 + usize::from(two)) {
            let c = &mut c[..radix];
            if c.contains(&(n as u32)) {
                continue; // one digit value for every unit: this pass would change nothing
            }
            let mut sum = 0;
            for x in c.iter_mut() {
                let t = *x;
                *x = sum;
                sum += t;
            }
            for &x in &self.items {
                let d = ((x >> shift) & mask) as usize;
                self.tmp[c[d] as usize] = x;
                c[d] += 1;
            }
            std::mem::swap(&mut self.items, &mut self.tmp);
        }
        // One pass over the sorted pairs: the order, the positional ranks, the runs of equal
        // keys, and where the NaN run starts.
        self.runs.clear();
        let (mut start, mut prev) = (0, self.items[0] >> 32);
        let mut note = |k: usize, x: u64, runs: &mut Vec<(u32, u32)>| {
            if x >> 32 != prev {
                if k - start > 1 {
                    runs.push((start as u32, k as u32));
                }
                (start, prev) = (k, x >> 32);
            }
        };
        // Two loops, not one testing `ranks` per pair: that measured W4 5–7% slower in node at
        // 514 and 10,000 units (2026-12-02).
        match ranks {
            Some(ranks) => {
                for ((k, &x), slot) in self.items.iter().enumerate().zip(v.iter_mut()) {
                    note(k, x, &mut self.runs);
                    *slot = x as u32;
                    ranks[x as u32 as usize] = (k + 1) as f64;
                }
            }
            None => {
                for ((k, &x), slot) in self.items.iter().enumerate().zip(v.iter_mut()) {
                    note(k, x, &mut self.runs);
                    *slot = x as u32;
                }
            }
        }
        let present = if prev == nan { start } else { n };
        if prev != nan && n - start > 1 {
            self.runs.push((start as u32, n as u32));
        }
        let runs = std::mem::take(&mut self.runs);
        for &(a, b) in &runs {
            let run = &mut v[a as usize..b as usize];
            if run.windows(2).all(|w| key(w[0]) < key(w[1])) {
                continue; // equal scores, in table order
            }
            if run.len() <= 32 {
                insertion_sort_by_key(run, usize::MAX, key);
            } else if depth < 2 {
                self.sort_mapped(scores, false, run, None, depth + 1);
            } else {
                heap_sort_by_key(run, key);
            }
        }
        self.runs = runs;
        present
    }
}

/// Writes the ranks of the units in `order` (a slice of the whole order, which starts at
/// position `offset`; no run of equal scores crosses its ends) by comparing their scores: one
/// pass that notes where each run of equal scores starts, except for `average`, which needs the
/// run's end as well. `dense` counts the distinct scores before the slice and is updated.
fn assign_ranks(scores: &[f64], order: &[u32], offset: usize, ties: Ties, ranks: &mut [f64], dense: &mut f64) {
    let key = |i: u32| descending_key(scores[i as usize]);
    if ties == Ties::Ordinal {
        for (pos, &i) in order.iter().enumerate() {
            ranks[i as usize] = if key(i) == u64::MAX {
                f64::NAN
            } else {
                (offset + pos + 1) as f64
            };
        }
        return;
    }
    if ties == Ties::Average {
        let mut start = 0;
        while start < order.len() {
            let k = key(order[start]);
            let end = start + order[start..].iter().take_while(|&&i| key(i) == k).count();
            let rank = if k == u64::MAX {
                f64::NAN
            } else {
                (2 * offset + start + end + 1) as f64 / 2.0
            };
            for &i in &order[start..end] {
                ranks[i as usize] = rank;
            }
            start = end;
        }
        return;
    }
    // The rank changes only where a run starts, so it is worked out there (not per unit).
    let (mut prev, mut rank) = (None, f64::NAN);
    for (pos, &i) in order.iter().enumerate() {
        let k = key(i);
        if prev != Some(k) {
            prev = Some(k);
            *dense += 1.0;
            rank = match ties {
                _ if k == u64::MAX => f64::NAN,
                Ties::Dense => *dense,
                _ => (offset + pos + 1) as f64,
            };
        }
        ranks[i as usize] = rank;
    }
}

/// Ranks as whole numbers (what JavaScript gets as a `Uint32Array`): NaN (unranked) becomes 0.
/// Only for tie rules whose ranks are whole (1 ≤ rank < 2³²).
///
/// A whole r < 2⁵² is the low bits of r + 2⁵²: an add and a select per rank, where a saturating
/// `r as u32` is a dozen instructions in V8's WebAssembly (2.5–3.5× slower at 100,000 units).
pub fn whole_ranks(ranks: &[f64], out: &mut Vec<u32>) {
    const MAGIC: f64 = (1u64 << 52) as f64;
    out.clear();
    out.extend(ranks.iter().map(|&r| {
        let whole = (r + MAGIC).to_bits() as u32;
        if r.is_nan() {
            0
        } else {
            whole
        }
    }));
}

/// Heap sort by `key`: O(n log n) at worst, in little code (core's `sort_unstable` adds 23 KB
/// to the .wasm), for the rare runs that two levels of [`Ranker::sort_mapped`] leave crowded.
fn heap_sort_by_key<K: Ord>(v: &mut [u32], key: impl Fn(u32) -> K) {
    let sift = |v: &mut [u32], mut root: usize| loop {
        let mut child = 2 * root + 1;
        if child >= v.len() {
            return;
        }
        if child + 1 < v.len() && key(v[child]) < key(v[child + 1]) {
            child += 1;
        }
        if key(v[root]) >= key(v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    for root in (0..v.len() / 2).rev() {
        sift(v, root);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift(&mut v[..end], 0);
    }
}

/// Insertion sort by `key` that gives up after `budget` moves: true if `v` is then sorted (it is
/// always a permutation of what it was). For short or nearly sorted input; it also keeps core's
/// stable sort out of the .wasm.
fn insertion_sort_by_key<K: Ord>(v: &mut [u32], budget: usize, key: impl Fn(u32) -> K) -> bool {
    let mut moves = 0;
    for i in 1..v.len() {
        let x = v[i];
        let kx = key(x);
        let mut j = i;
        while j > 0 && key(v[j - 1]) > kx {
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

/// Minimum and maximum of the present values (None if all are missing). Eight independent
/// lanes of compare-and-select let the compiler vectorise; NaN fails both comparisons and so is
/// skipped without a branch of its own.
pub fn min_max(x: &[f64]) -> Option<(f64, f64)> {
    let mut r = Range::default();
    let chunks = x.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        (0..LANES).for_each(|j| r.add(j, c[j]));
    }
    rest.iter().enumerate().for_each(|(j, &v)| r.add(j, v));
    r.finish()
}

/// [`min_max`] of `x`, copying `x` into `out` in the same pass (`out` takes `x`'s length; a
/// buffer of that length already is not written twice).
pub fn copy_min_max(x: &[f64], out: &mut Vec<f64>) -> Option<(f64, f64)> {
    out.resize(x.len(), 0.0);
    let mut r = Range::default();
    for (c, o) in x.chunks_exact(LANES).zip(out.chunks_exact_mut(LANES)) {
        for j in 0..LANES {
            o[j] = c[j];
            r.add(j, c[j]);
        }
    }
    let done = x.len() - x.len() % LANES;
    for (j, (&v, o)) in x[done..].iter().zip(&mut out[done..]).enumerate() {
        *o = v;
        r.add(j, v);
    }
    r.finish()
}

const LANES: usize = 8;

/// The running minimum and maximum of [`min_max`], one per lane.
struct Range {
    lo: [f64; LANES],
    hi: [f64; LANES],
}

impl Default for Range {
    fn default() -> Range {
        Range {
            lo: [f64::INFINITY; LANES],
            hi: [f64::NEG_INFINITY; LANES],
        }
    }
}

impl Range {
    /// Takes `v` into lane `j` (`j < LANES`); a NaN changes nothing.
    #[inline(always)]
    fn add(&mut self, j: usize, v: f64) {
        self.lo[j] = if v < self.lo[j] { v } else { self.lo[j] };
        self.hi[j] = if v > self.hi[j] { v } else { self.hi[j] };
    }

    fn finish(&self) -> Option<(f64, f64)> {
        let lo = self.lo.iter().fold(f64::INFINITY, |a, &b| if b < a { b } else { a });
        let hi = self
            .hi
            .iter()
            .fold(f64::NEG_INFINITY, |a, &b| if b > a { b } else { a });
        (lo <= hi).then_some((lo, hi))
    }
}

/// Min-max normalisation of `raw` into `out` (cleared first): `low + (high − low)·(x − min)/(max − min)`,
/// reversed for lower-is-better; a constant column gives the midpoint; NaN stays NaN.
pub fn minmax(raw: &[f64], out: &mut Vec<f64>, low: f64, high: f64, lower: bool) {
    minmax_over(raw, min_max(raw), out, low, high, lower);
}

/// [`minmax`] of a column whose [`min_max`] is known (`range`), e.g. from checking new data.
pub fn minmax_over(raw: &[f64], range: Option<(f64, f64)>, out: &mut Vec<f64>, low: f64, high: f64, lower: bool) {
    out.clear();
    let Some((lo, hi)) = range else {
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

/// `out[i] = (Σ_c w_c·x_c[i]) / total · scale` for every unit, zero-weight children left out;
/// true if any `out[i]` is NaN (a missing value, which the caller works out on its careful path).
///
/// The sum runs over the children in order, starting from 0, exactly as adding one column at a
/// time would (so the bits are the same), but up to eight children per pass over the units: one
/// load and store of the running sum per eight inputs instead of per input (a pillar of six
/// indicators is one pass). This is the loop a weight change mostly waits for.
pub fn weighted_mean(weights: &[f64], inputs: &[&[f64]], total: f64, scale: f64, out: &mut [f64]) -> bool {
    let cols: Vec<(f64, &[f64])> = weights
        .iter()
        .zip(inputs)
        .filter(|(&w, _)| w != 0.0)
        .map(|(&w, &col)| (w, col))
        .collect();
    // The caller gives one value per unit in every column; were one shorter, only the units it
    // covers would be computed (as a zip over the columns would).
    let n = cols.iter().map(|(_, c)| c.len()).fold(out.len(), usize::min);
    let out = &mut out[..n];
    let chunks = cols.chunks(8);
    let passes = chunks.len();
    let mut nan = false;
    for (k, chunk) in chunks.enumerate() {
        let (first, last) = (k == 0, k + 1 == passes);
        nan = match chunk.len() {
            8 => pass::<8>(chunk, first, last, total, scale, out),
            7 => pass::<7>(chunk, first, last, total, scale, out),
            6 => pass::<6>(chunk, first, last, total, scale, out),
            5 => pass::<5>(chunk, first, last, total, scale, out),
            4 => pass::<4>(chunk, first, last, total, scale, out),
            3 => pass::<3>(chunk, first, last, total, scale, out),
            2 => pass::<2>(chunk, first, last, total, scale, out),
            _ => pass::<1>(chunk, first, last, total, scale, out),
        };
    }
    if cols.is_empty() {
        out.iter_mut().for_each(|o| *o = 0.0 / total * scale);
        nan = out.iter().any(|o| o.is_nan());
    }
    nan
}

/// One pass of [`weighted_mean`] over `N` children (`chunk.len() == N`, every column as long as
/// `out`): the first pass starts each sum from 0 rather than from what `out` held, the last
/// divides. Each case is its own loop, so that none tests `first` or `last` per unit. Returns
/// whether the pass wrote a NaN (noted only by the last pass, where it is one compare a unit).
#[inline(always)]
fn pass<const N: usize>(
    chunk: &[(f64, &[f64])],
    first: bool,
    last: bool,
    total: f64,
    scale: f64,
    out: &mut [f64],
) -> bool {
    let n = out.len();
    let w: [f64; N] = std::array::from_fn(|j| chunk[j].0);
    let x: [&[f64]; N] = std::array::from_fn(|j| &chunk[j].1[..n]);
    match (first, last) {
        (true, true) => each::<N, true>(out, &w, &x, |_| 0.0, |s| s / total * scale),
        (true, false) => each::<N, false>(out, &w, &x, |_| 0.0, |s| s),
        (false, true) => each::<N, true>(out, &w, &x, |o| o, |s| s / total * scale),
        (false, false) => each::<N, false>(out, &w, &x, |o| o, |s| s),
    }
}

/// The loop of [`pass`]: `N` fixed, so the sum over the children unrolls, and every column
/// sliced to `out`'s length, so indexing them needs no bounds check.
/// With `NOTE_NAN`, also tells whether any result is NaN (an `|` per unit, no branch).
#[inline(always)]
fn each<const N: usize, const NOTE_NAN: bool>(
    out: &mut [f64],
    w: &[f64; N],
    x: &[&[f64]; N],
    start: impl Fn(f64) -> f64,
    end: impl Fn(f64) -> f64,
) -> bool {
    let mut nan = false;
    for (i, o) in out.iter_mut().enumerate() {
        let mut s = start(*o);
        for j in 0..N {
            s += w[j] * x[j][i];
        }
        let y = end(s);
        if NOTE_NAN {
            nan |= y.is_nan();
        }
        *o = y;
    }
    nan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_ranks_are_the_ranks_with_zero_for_unranked() {
        let ranks = [1.0, f64::NAN, 3.0, 514.0, 4_294_967_295.0, -f64::NAN];
        let mut out = vec![7; 2];
        whole_ranks(&ranks, &mut out);
        assert_eq!(out, [1, 0, 3, 514, 4_294_967_295, 0]);
    }

    #[test]
    fn copy_min_max_copies_and_finds_the_range() {
        // 19 values: two chunks of eight and a remainder; NaN anywhere is skipped.
        let x: Vec<f64> = (0..19)
            .map(|i| {
                if i % 5 == 3 {
                    f64::NAN
                } else {
                    (i * 7 % 19) as f64 - 4.0
                }
            })
            .collect();
        let mut out = vec![9.0; 3];
        assert_eq!(copy_min_max(&x, &mut out), Some((-4.0, 13.0)));
        assert_eq!(copy_min_max(&x, &mut out), min_max(&x));
        assert_eq!(out.len(), x.len());
        assert!(out.iter().zip(&x).all(|(a, b)| a.to_bits() == b.to_bits()));
        let mut out = Vec::new();
        assert_eq!(copy_min_max(&[f64::NAN; 11], &mut out), None);
        assert_eq!(out.len(), 11);
    }

    #[test]
    fn weighted_mean_tells_whether_a_result_is_nan() {
        // 9 children: two passes, the NaN (unit 1, child 0) from the first one.
        let cols: Vec<Vec<f64>> = (0..9)
            .map(|c| vec![c as f64, if c == 0 { f64::NAN } else { 1.0 }, 2.0])
            .collect();
        let inputs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let w = [1.0; 9];
        let mut out = vec![0.0; 3];
        assert!(weighted_mean(&w, &inputs, 9.0, 1.0, &mut out));
        assert_eq!(out[0], 36.0 / 9.0);
        assert!(out[1].is_nan());
        assert_eq!(out[2], 2.0);
        // Without the NaN (and with its child's weight 0, so it is left out), no NaN.
        let w0 = [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert!(!weighted_mean(&w0, &inputs, 8.0, 100.0, &mut out));
        assert_eq!(out, [3600.0 / 8.0, 100.0, 200.0]);
        // No child with weight: 0/0 for every unit.
        assert!(weighted_mean(&[0.0; 9], &inputs, 0.0, 1.0, &mut out));
    }
}
