//! Integration tests of the methods of issue 6 (data preparation, derived weights, MCDA
//! aggregations), in one test binary:
//!
//! - `asem`: COINr's ASEM example built from its raw data, stage by stage, against the stored
//!   COINr6 build (denominated, imputed, treated, normalised, aggregated; treatment summary and
//!   flags; published 2-decimal scores and ranks of all 51 units);
//! - `pymcdm`: pymcdm's published cases (TOPSIS, VIKOR ×2, entropy, CRITIC, std and AHP weights,
//!   minmax/max/sum/vector normalisations) to each case's rounding;
//! - `methods`: MPI and AMPI computed by hand, Copeland, min, BoD, PCA against published
//!   loadings, Box-Cox and friends;
//! - `engine`: derived weights under `set_weight` (incremental == full, bit for bit), reset;
//! - `bad_input`: each bad input is a clear error or a documented outcome, never a panic or NaN;
//! - `cli`: `tolok score` with these specs, `--format json` with the reports.
//!
//! Expected values come from the published files, hand calculations or independent code in the
//! tests, never from Tolok's own output.
#![cfg(not(target_arch = "wasm32"))]

mod asem;
mod bad_input;
mod cli;
mod common;
mod engine;
mod methods;
mod pymcdm;
