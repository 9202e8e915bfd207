//! # Tolok — composite indices and rankings
//!
//! Tolok ("tolok ukur": yardstick) turns a table of units × indicators and a [`Spec`] into
//! scores for every node of an indicator tree, ranks and grade bands, and explains each score by
//! its contributions. The same core runs natively (this crate, the `tolok` CLI) and in the
//! browser (the `wasm` feature, built by wasm-pack into `pkg/`), with bit-identical results.
//!
//! ```
//! use tolok::{Scorer, Spec};
//!
//! let csv = "id,name,a,b\nx,Ex,1,30\ny,Why,3,10\nz,Zed,2,20\n";
//! let spec = Spec::from_json(r#"{
//!   "version": 1,
//!   "units": { "id": "id", "label": "name" },
//!   "indicators": [ { "id": "a" }, { "id": "b", "direction": "lower" } ],
//!   "tree": { "id": "index", "children": [ { "indicator": "a", "weight": 3 }, { "indicator": "b" } ] },
//!   "rank": { "round": 2 }
//! }"#)?;
//! let mut scorer = Scorer::from_csv(csv, spec)?;
//! // minmax 0–1: y = (1·3 + 1·1)/4 = 1, z = (0.5·3 + 0.5)/4 = 0.5, x = (0 + 0)/4 = 0
//! assert_eq!(scorer.root_scores(), &[0.0, 1.0, 0.5]);
//! assert_eq!(scorer.ranks(), &[3.0, 1.0, 2.0]);
//!
//! scorer.set_weight("index", "a", 0.0)?; // only b counts now
//! assert_eq!(scorer.root_scores(), &[0.0, 1.0, 0.5]);
//! # Ok::<(), tolok::Error>(())
//! ```
//!
//! Modules: [`table`] (CSV in), [`spec`] (the format and its validation), [`normalise`],
//! [`aggregate`], [`rank`] (rounding, ties, grades), [`engine`] (the [`Scorer`] and its caches),
//! [`explain`] (contributions), [`result`] (plain-data output), [`starter`] (a first spec for a
//! CSV), [`prepare`] (denominate, screen, impute, transform, treat outliers), [`weights`]
//! (entropy, CRITIC, PCA, AHP, Benefit of the Doubt, ...), [`mcda`] (Mazziotta–Pareto, TOPSIS,
//! VIKOR, Copeland, min). `wasm` holds the JavaScript bindings and is the only module that knows about JS.

pub mod aggregate;
pub mod engine;
pub mod error;
pub mod explain;
mod features;
pub mod json;
pub mod mcda;
pub mod normalise;
pub mod prepare;
pub mod rank;
pub mod result;
pub mod spec;
pub mod starter;
// Without `methods`, most of these statistics have no caller (link-time optimisation drops them).
#[cfg_attr(not(feature = "methods"), allow(dead_code))]
mod stats;
pub mod table;
pub mod tree;
pub mod uncertainty;
pub mod weights;

#[cfg(feature = "wasm")]
pub mod wasm;

pub use engine::Scorer;
pub use error::{Error, Result};
pub use result::ScoreResult;
pub use spec::Spec;
pub use table::{inspect_csv, Table};

/// Scores CSV text by a spec in one go.
pub fn score(csv: &str, spec: Spec) -> Result<ScoreResult> {
    Ok(Scorer::from_csv(csv, spec)?.result())
}

/// The README's Rust snippets run as doctests (`cargo test` checks them).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
