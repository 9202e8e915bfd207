//! Native benchmark: prints medians, asserts nothing.
//!
//! ```text
//! cargo run --release --example bench            # N = 514, 10,000, 100,000
//! cargo run --release --example bench -- 514     # one size
//! ```
//! Data: N units × 30 indicators, lognormal values from a fixed seed, 20% of the indicators
//! lower-is-better, ~0.5% duplicated rows (so that ties occur); min-max, a two-level arithmetic
//! tree (5 pillars × 6 indicators), ties `min`. The same generator as `bench/bench.mjs` in
//! spirit (not bit for bit: each side seeds its own).
//!
//! Workloads, single thread:
//! - full: normalise + aggregate + rank from the raw table (`Scorer::rescore`);
//! - reweight: one `set_weight` on a pillar + re-rank (what a slider move costs);
//! - rank: re-ranking alone.

use std::time::{Duration, Instant};

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use tolok::{Scorer, Spec, Table};

const INDICATORS: usize = 30;
const PILLARS: usize = 5;

fn main() -> Result<(), tolok::Error> {
    let sizes: Vec<usize> = match std::env::args().nth(1) {
        Some(n) => vec![n
            .parse()
            .map_err(|_| tolok::Error::Invalid(format!("'{n}' is not a size")))?],
        None => vec![514, 10_000, 100_000],
    };
    println!(
        "tolok native benchmark — {} indicators, {PILLARS} pillars, minmax, arithmetic, ties min",
        INDICATORS
    );
    println!("{:>9} | {:>12} | {:>12} | {:>12}", "N", "full", "reweight", "rank only");
    println!("{:->9}-+-{:->12}-+-{:->12}-+-{:->12}", "", "", "", "");
    for n in sizes {
        let (table, spec) = synthetic(n, 1);
        let mut scorer = Scorer::new(table, spec)?;
        let full = median_time(n, || scorer.rescore().map(|_| ()))?;
        let mut w = 1.0;
        let reweight = median_time(n, || {
            w = if w == 1.0 { 2.0 } else { 1.0 };
            scorer.set_weight("p2", "x13", w)
        })?;
        let rank = median_time(n, || scorer.set_weights(&[]))?;
        println!("{n:>9} | {:>12} | {:>12} | {:>12}", fmt(full), fmt(reweight), fmt(rank));
    }
    Ok(())
}

/// Median of repeated runs; more repetitions for small N.
fn median_time(n: usize, mut f: impl FnMut() -> Result<(), tolok::Error>) -> Result<Duration, tolok::Error> {
    let reps = (2_000_000 / n).clamp(15, 2001);
    for _ in 0..reps.min(50) {
        f()?; // warm-up
    }
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times[reps / 2])
}

fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

/// N × 30 lognormal columns (μ = 0, σ = 1, Box–Muller), every fifth indicator lower-is-better,
/// and every 200th row a copy of the row before it.
pub fn synthetic(n: usize, seed: u64) -> (Table, Spec) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut uniform = move || ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let mut columns: Vec<Vec<f64>> = (0..INDICATORS).map(|_| Vec::with_capacity(n)).collect();
    for i in 0..n {
        for c in columns.iter_mut() {
            let v = if i % 200 == 199 {
                c[i - 1]
            } else {
                let z = (-2.0 * uniform().ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos();
                z.exp()
            };
            c.push(v);
        }
    }
    let ids: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    let names: Vec<String> = (0..INDICATORS).map(|k| format!("x{k}")).collect();
    let table = Table::from_columns(ids, None, Vec::new(), names.iter().cloned().zip(columns).collect())
        .unwrap_or_else(|e| panic!("synthetic table: {e}"));
    let indicators: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let dir = if k % 5 == 4 { "lower" } else { "higher" };
            format!(r#"{{ "id": "{id}", "direction": "{dir}" }}"#)
        })
        .collect();
    let per = INDICATORS / PILLARS;
    let pillars: Vec<String> = (0..PILLARS)
        .map(|p| {
            let leaves: Vec<String> = (0..per)
                .map(|k| format!(r#"{{ "indicator": "x{}" }}"#, p * per + k))
                .collect();
            format!(r#"{{ "id": "p{p}", "children": [{}] }}"#, leaves.join(","))
        })
        .collect();
    let json = format!(
        r#"{{ "version": 1, "units": {{ "id": "id" }}, "indicators": [{}], "tree": {{ "id": "index", "children": [{}] }}, "rank": {{ "ties": "min" }} }}"#,
        indicators.join(","),
        pillars.join(",")
    );
    let spec = Spec::from_json(&json).unwrap_or_else(|e| panic!("synthetic spec: {e}"));
    (table, spec)
}
