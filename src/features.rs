//! What this build can compute. The cargo features `methods` and `robustness` (see Cargo.toml)
//! are on by default and left out of the scoring-core .wasm (pkg/), which keeps it small for
//! pages that only score, re-weight and rank. A spec that needs a method this build leaves out
//! is refused by name: when it is read from JSON, at the field (`prepare`, a node's
//! `weighting`), or by [`check`] (an aggregation other than the means, or a spec built in code).

use crate::error::{Error, Result};
use crate::spec::Spec;

/// What is wrong when `what` is asked of a build without the `methods` feature.
pub(crate) fn not_built_message(what: &str) -> String {
    format!(
        "{what} is not in this build of Tolok, which has only the scoring core; it needs the cargo feature `methods` (in JavaScript, the full module: import from pkg/full/tolok.js instead of pkg/tolok.js)"
    )
}

/// The error for `what` at `place` when the `methods` feature is off.
#[cfg_attr(feature = "methods", allow(dead_code))]
#[inline(never)]
pub(crate) fn not_built(place: String, what: String) -> Error {
    Error::NotBuilt { place, what }
}

/// Refuses a spec that needs a method this build leaves out (part of [`Spec::validate`]).
#[cfg(feature = "methods")]
pub(crate) fn check(_: &Spec) -> Result<()> {
    Ok(())
}

/// Refuses a spec that needs a method this build leaves out (part of [`Spec::validate`]): data
/// preparation, derived weights or an aggregation other than the means, without `methods`.
#[cfg(not(feature = "methods"))]
pub(crate) fn check(spec: &Spec) -> Result<()> {
    use crate::spec::Node;
    fn node(n: &Node) -> Result<()> {
        let place = || format!("node '{}'", n.key());
        if let Some(w) = &n.weighting {
            return Err(not_built(
                place(),
                format!("weighting '{}' (derived weights)", w.name()),
            ));
        }
        if let Some(a) = n.aggregate.filter(|a| !a.is_mean()) {
            return Err(not_built(place(), format!("aggregate \"{}\"", a.name())));
        }
        n.children.iter().flatten().try_for_each(node)
    }
    if spec.prepare.is_some() {
        return Err(not_built("prepare".into(), "data preparation".into()));
    }
    node(&spec.tree)
}
