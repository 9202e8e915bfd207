//! How robust is a rank? Monte Carlo rank intervals, SMAA-2 acceptabilities, Sobol sensitivity
//! and exact necessary/possible rank bounds.
//!
//! Everything is seeded: draw `d` of seed `s` uses its own xoshiro256++ stream (the generator
//! seeded with `s`, jumped `d + 1` times), so any draw's settings can be regenerated from the seed
//! and its index alone ([`Scorer::draw_setting`]). Sampling uses `libm` for every transcendental
//! function, so the same seed gives bit-identical results natively, in node and in browsers.
//!
//! A draw re-aggregates the cached normalised columns with the sampled weights and methods (no
//! re-reading, no allocation per draw) and re-ranks with the spec's rounding and tie rules.

// The spec section is in every build (specs read the same everywhere); the analysis needs the
// cargo feature `robustness`.
#[cfg(feature = "robustness")]
mod analysis;
#[cfg(feature = "robustness")]
mod bounds;
#[cfg(feature = "robustness")]
mod eval;
#[cfg(feature = "robustness")]
mod sample;
#[cfg(feature = "robustness")]
mod sobol;
mod spec;
#[cfg(feature = "robustness")]
mod stats;

#[cfg(feature = "robustness")]
pub use analysis::UncertaintyResult;
#[cfg(feature = "robustness")]
pub use bounds::{pair_range, rank_bounds, RankBounds, PAIRWISE_LIMIT};
#[cfg(feature = "robustness")]
pub use sample::{Factor, FactorInfo, Setting};
#[cfg(feature = "robustness")]
pub use sobol::{sobol_indices, SobolIndices};
pub use spec::{Alternative, Distribution, SobolSpec, UncertaintySpec, WeightNoise};
