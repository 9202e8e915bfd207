//! Benchmark of the data-driven weights and Benefit of the Doubt: prints medians, asserts nothing.
//!
//! ```text
//! cargo run --release --example bench_methods          # 514 units × 30 indicators
//! cargo run --release --example bench_methods -- 2000  # another number of units
//! ```
//! Data: lognormal columns from a fixed seed, min-max normalised to 0–1 (what a node sees),
//! every 200th unit a copy of the one before. Targets (issue 6): entropy, CRITIC and PCA weights
//! under 1 ms each on 514 × 30; BoD (one LP per unit) under 1 s.

use std::time::{Duration, Instant};

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use tolok::weights::{derive_weights, Rotation, Weighting};

const INDICATORS: usize = 30;

fn main() -> Result<(), tolok::Error> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a
            .parse()
            .map_err(|_| tolok::Error::Invalid(format!("'{a}' is not a number of units")))?,
        None => 514,
    };
    let columns = synthetic(n, 7);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let names: Vec<String> = (0..INDICATORS).map(|k| format!("x{k}")).collect();
    let ids: Vec<String> = (0..n).map(|u| format!("u{u}")).collect();
    println!("tolok methods benchmark — {n} units × {INDICATORS} indicators (min-max normalised lognormal)");
    let methods = [
        ("entropy", Weighting::Entropy, 1001),
        ("CRITIC", Weighting::Critic, 1001),
        ("stdev", Weighting::Stdev, 1001),
        (
            "PCA (varimax)",
            Weighting::Pca {
                rotation: Rotation::Varimax,
            },
            201,
        ),
        (
            "PCA (unrotated)",
            Weighting::Pca {
                rotation: Rotation::None,
            },
            201,
        ),
        (
            "BoD (514 LPs)",
            Weighting::Bod {
                min_share: None,
                max_share: None,
                shares: Default::default(),
            },
            5,
        ),
        (
            "BoD, shares ≤ 20%",
            Weighting::Bod {
                min_share: None,
                max_share: Some(0.2),
                shares: Default::default(),
            },
            5,
        ),
    ];
    for (name, how, reps) in methods {
        let t = median(reps, || derive_weights(&how, &names, &cols, &ids).map(|_| ()))?;
        println!("{name:>20} | {}", fmt(t));
    }
    Ok(())
}

fn median(reps: usize, mut f: impl FnMut() -> Result<(), tolok::Error>) -> Result<Duration, tolok::Error> {
    f()?;
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

/// `INDICATORS` lognormal columns (Box–Muller), min-max normalised to 0–1.
fn synthetic(n: usize, seed: u64) -> Vec<Vec<f64>> {
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
    for c in columns.iter_mut() {
        let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        c.iter_mut().for_each(|v| *v = (*v - lo) / (hi - lo));
    }
    columns
}
