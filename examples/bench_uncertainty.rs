//! Uncertainty benchmark: prints figures, asserts nothing.
//!
//! ```text
//! cargo run --release --example bench_uncertainty
//! ```
//! Same synthetic data as `examples/bench.rs` (N × 30 lognormal, 5 pillars × 6 indicators).
//! Monte Carlo with 1,000 weight draws (every weight in [0.5×, 2×]); the rank bounds timed apart
//! (exact pairwise up to 2,000 units, score ranges above).

#[path = "bench.rs"]
#[allow(dead_code)]
mod data;

use std::time::Instant;

use tolok::uncertainty::{rank_bounds, UncertaintySpec};
use tolok::Scorer;

fn main() -> Result<(), tolok::Error> {
    println!("tolok uncertainty benchmark — 30 indicators, 1,000 weight draws, native, one thread");
    println!(
        "{:>9} | {:>16} | {:>12} | {:>10} | {:>9}",
        "N", "1,000 draws (MC)", "rank bounds", "bounds by", "quantiles"
    );
    for n in [514, 10_000, 100_000] {
        let (table, spec) = data::synthetic(n, 1);
        let scorer = Scorer::new(table, spec)?;
        let u = UncertaintySpec {
            samples: 1000,
            seed: 1,
            ..Default::default()
        };
        let t = Instant::now();
        let b = rank_bounds(&scorer, &u)?;
        let bounds = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let r = scorer.uncertainty(&u, |_| true)?;
        let total = t.elapsed().as_secs_f64();
        println!(
            "{n:>9} | {:>13.1} ms | {:>9.1} ms | {:>10} | {:>9}",
            (total - bounds) * 1e3,
            bounds * 1e3,
            b.method,
            r.quantiles
        );
    }
    Ok(())
}
