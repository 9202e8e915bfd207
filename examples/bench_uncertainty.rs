//! Uncertainty benchmark: prints figures, asserts nothing.
//!
//! ```text
//! cargo run --release --example bench_uncertainty
//! ```
//! Same synthetic data as `examples/bench.rs` (N × 30 lognormal, 5 pillars × 6 indicators).
//! Monte Carlo with 1,000 weight draws (every weight in [0.5×, 2×]); the rank bounds timed apart
//! (exact pairwise up to 2,000 units, score ranges above). "1,000 draws" is the median over
//! repeated pairs of (the call with 1,000 draws − the same call with one draw): what the draws
//! cost, without the set-up and the bounds, which do not depend on their number.

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
        let reps = if n > 10_000 { 1 } else { 5 };
        let mut bounds = Vec::new();
        let mut draws = Vec::new();
        let mut last = None;
        for _ in 0..reps {
            let t = Instant::now();
            let b = rank_bounds(&scorer, &u)?;
            bounds.push(t.elapsed().as_secs_f64());
            let one = UncertaintySpec {
                samples: 1,
                ..u.clone()
            };
            let t = Instant::now();
            scorer.uncertainty(&one, |_| true)?;
            let fixed = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let r = scorer.uncertainty(&u, |_| true)?;
            draws.push(t.elapsed().as_secs_f64() - fixed);
            last = Some((b.method, r.quantiles));
        }
        let (method, quantiles) = last.unwrap_or_default();
        println!(
            "{n:>9} | {:>13.1} ms | {:>9.1} ms | {:>10} | {:>9}",
            median(&mut draws) * 1e3,
            median(&mut bounds) * 1e3,
            method,
            quantiles
        );
    }
    Ok(())
}

fn median(x: &mut [f64]) -> f64 {
    x.sort_by(f64::total_cmp);
    x[x.len() / 2]
}
