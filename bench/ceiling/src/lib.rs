//! The ceiling of `bench/bench.mjs`: its W1 and W4 computed by tolok's kernels alone — min-max
//! normalisation, the arithmetic nodes of a 5 × 6 tree, ranking with ties `min` and the whole
//! ranks — on data that stays in WebAssembly memory, with no engine (spec, caches, checks,
//! undo) and no bindings (no strings, objects or errors cross). The same loops as the package,
//! so the package's time over this is what the engine and the bindings cost, and nothing built
//! on these kernels does less work. Built for wasm32 by `bench/ceiling.sh`
//! (scalar, and with `simd128` for the autovectorised variant); exports plain C functions.
//!
//! A table is made by `table(n)` (returns its handle); JavaScript writes column `j` into the
//! memory at `column(t, j)`, then calls `score(t)` (W1: everything from the raw values) or
//! `reweight(t, w)` (W4: weight `w` for the second indicator of the third pillar, then that
//! pillar, the root and the ranks), and reads `n` u32 ranks at `ranks(t)`.

use std::cell::RefCell;
use tolok_kernels::{minmax, weighted_mean, whole_ranks, Ranker, Ties};

const PILLARS: usize = 5;
const PER_PILLAR: usize = 6;
const INDICATORS: usize = PILLARS * PER_PILLAR;

/// One table and what scoring it keeps (as the package's Scorer keeps its caches).
struct Table {
    raw: Vec<Vec<f64>>,
    normalised: Vec<Vec<f64>>,
    pillars: Vec<Vec<f64>>,
    root: Vec<f64>,
    weights: [[f64; PER_PILLAR]; PILLARS],
    ranker: Ranker,
    ranks: Vec<f64>,
    order: Vec<u32>,
    whole: Vec<u32>,
}

thread_local! {
    static TABLES: RefCell<Vec<Table>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on table `t`, or returns `none` if there is no such table.
fn with<R>(t: usize, none: R, f: impl FnOnce(&mut Table) -> R) -> R {
    TABLES.with(|tables| tables.borrow_mut().get_mut(t).map_or(none, f))
}

/// A table of `n` units (all values 0 until written); returns its handle.
#[no_mangle]
pub extern "C" fn table(n: usize) -> usize {
    TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        tables.push(Table {
            raw: vec![vec![0.0; n]; INDICATORS],
            normalised: (0..INDICATORS).map(|_| Vec::with_capacity(n)).collect(),
            pillars: vec![vec![0.0; n]; PILLARS],
            root: vec![0.0; n],
            weights: [[1.0; PER_PILLAR]; PILLARS],
            ranker: Ranker::default(),
            ranks: Vec::with_capacity(n),
            order: Vec::with_capacity(n),
            whole: Vec::with_capacity(n),
        });
        tables.len() - 1
    })
}

/// Where column `j` of table `t` is in memory (null for no such table or column).
#[no_mangle]
pub extern "C" fn column(t: usize, j: usize) -> *mut f64 {
    with(t, std::ptr::null_mut(), |tab| {
        tab.raw.get_mut(j).map_or(std::ptr::null_mut(), |c| c.as_mut_ptr())
    })
}

/// Where the whole ranks of the last `score` or `reweight` of table `t` are (0 = unranked).
#[no_mangle]
pub extern "C" fn ranks(t: usize) -> *const u32 {
    with(t, std::ptr::null(), |tab| tab.whole.as_ptr())
}

/// W1: every column normalised (every fifth lower-is-better), every pillar, the root, the ranks.
#[no_mangle]
pub extern "C" fn score(t: usize) {
    with(t, (), |tab| {
        for (j, (raw, out)) in tab.raw.iter().zip(&mut tab.normalised).enumerate() {
            minmax(raw, out, 0.0, 1.0, j % 5 == 4);
        }
        (0..PILLARS).for_each(|p| tab.pillar(p));
        tab.root_and_ranks();
    });
}

/// W4: the weight of the second indicator of the third pillar set to `w`, then that pillar, the
/// root and the ranks.
#[no_mangle]
pub extern "C" fn reweight(t: usize, w: f64) {
    with(t, (), |tab| {
        tab.weights[2][1] = w;
        tab.pillar(2);
        tab.root_and_ranks();
    });
}

impl Table {
    /// Pillar `p` from its normalised indicators.
    fn pillar(&mut self, p: usize) {
        let inputs: Vec<&[f64]> = self.normalised[p * PER_PILLAR..(p + 1) * PER_PILLAR]
            .iter()
            .map(Vec::as_slice)
            .collect();
        let total = self.weights[p].iter().sum();
        weighted_mean(&self.weights[p], &inputs, total, 1.0, &mut self.pillars[p]);
    }

    /// The root from the pillars, then the ranks and the whole ranks.
    fn root_and_ranks(&mut self) {
        let inputs: Vec<&[f64]> = self.pillars.iter().map(Vec::as_slice).collect();
        weighted_mean(&[1.0; PILLARS], &inputs, PILLARS as f64, 1.0, &mut self.root);
        self.ranker
            .rank(&self.root, Ties::Min, &mut self.ranks, &mut self.order);
        whole_ranks(&self.ranks, &mut self.whole);
    }
}
