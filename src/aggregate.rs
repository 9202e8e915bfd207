//! Aggregation of one node: its children's columns in, the node's column out.
//!
//! With weights w (zero-weight children are left out entirely) and W = Σw:
//! - `arithmetic`: Σ w·x / W;
//! - `geometric`: exp(Σ w·ln x / W) — inputs must be > 0;
//! - `harmonic`: W / Σ(w/x) — inputs must be > 0;
//! - `mean` with `p`: (Σ w·x^p / W)^(1/p) (p = 0 is geometric) — inputs must be > 0 unless p = 1;
//!
//! then × `scale`. A node with `floor` raises inputs below it to the floor instead of failing.
//!
//! Missing inputs: with `missing: "error"` the first unit with a missing child is an error. With
//! `skip` the mean runs over the present children with their weights (W becomes the present
//! weight); if the present share of the weight is below `minCoverage` (or nothing is present) the
//! node's value is missing.
//!
//! The non-compensatory and distance-based methods (`mpi`, `ampi`, `topsis`, `vikor`,
//! `copeland`, `min`) and Benefit of the Doubt's per-unit weights are in [`crate::mcda`].

use crate::error::{Error, Result};
use crate::spec::{Aggregate, Missing};
use crate::tree::CompiledNode;
use tolok_kernels::weighted_mean;

/// Computes `node` for every unit into `out` from `inputs` (one column per child, in order).
/// `ids` and `child_ids` only serve error messages.
pub fn aggregate_into(node: &CompiledNode, inputs: &[&[f64]], ids: &[String], out: &mut Vec<f64>) -> Result<()> {
    if crate::mcda::handles(node) {
        return crate::mcda::aggregate_into(node, inputs, ids, out);
    }
    let n = ids.len();
    let total: f64 = node.weights.iter().sum();
    let kind = Kind::of(node);
    let scale = node.scale;
    let nan = if let Kind::Arithmetic = kind {
        out.resize(n, 0.0); // every value is overwritten: no need to clear it first
        weighted_mean(&node.weights, inputs, total, scale, out)
    } else {
        out.clear();
        out.resize(n, 0.0);
        // Fast path: every unit, every child, column by column; NaN marks a unit to redo on the
        // careful path below.
        for (c, col) in inputs.iter().enumerate() {
            let w = node.weights[c];
            if w == 0.0 {
                continue;
            }
            match kind {
                Kind::Geometric => out
                    .iter_mut()
                    .zip(col.iter())
                    .for_each(|(o, &x)| *o += w * ln_pos(x, node.floor)),
                _ => out
                    .iter_mut()
                    .zip(col.iter())
                    .for_each(|(o, &x)| *o += w * pow_pos(x, p_of(kind), node.floor)),
            }
        }
        out.iter_mut().for_each(|o| *o = finish(kind, *o, total) * scale);
        out.iter().any(|v| v.is_nan())
    };
    if nan {
        for (i, o) in out.iter_mut().enumerate() {
            if o.is_nan() {
                *o = careful(node, kind, inputs, ids, i)? * scale;
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Kind {
    Arithmetic,
    Geometric,
    /// Power mean with p ≠ 0, 1 (harmonic is p = −1).
    Power(f64),
}

impl Kind {
    fn of(node: &CompiledNode) -> Kind {
        match node.aggregate {
            Aggregate::Arithmetic => Kind::Arithmetic,
            Aggregate::Geometric => Kind::Geometric,
            Aggregate::Harmonic => Kind::Power(-1.0),
            Aggregate::Mean if node.p == 1.0 => Kind::Arithmetic,
            Aggregate::Mean if node.p == 0.0 => Kind::Geometric,
            Aggregate::Mean => Kind::Power(node.p),
            // The other methods are computed by `crate::mcda` and never reach the means.
            _ => Kind::Arithmetic,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Arithmetic => "arithmetic",
            Kind::Geometric => "geometric",
            Kind::Power(-1.0) => "harmonic",
            Kind::Power(_) => "power",
        }
    }
}

fn p_of(kind: Kind) -> f64 {
    match kind {
        Kind::Power(p) => p,
        _ => 1.0,
    }
}

/// ln x for x > 0 (after the floor); NaN otherwise, so the careful path names the culprit.
#[inline]
fn ln_pos(x: f64, floor: Option<f64>) -> f64 {
    let x = floored(x, floor);
    if x > 0.0 {
        libm::log(x)
    } else {
        f64::NAN
    }
}

#[inline]
fn pow_pos(x: f64, p: f64, floor: Option<f64>) -> f64 {
    let x = floored(x, floor);
    if x > 0.0 {
        if p == -1.0 {
            1.0 / x
        } else {
            libm::pow(x, p)
        }
    } else {
        f64::NAN
    }
}

#[inline]
fn floored(x: f64, floor: Option<f64>) -> f64 {
    match floor {
        Some(f) if x < f => f,
        _ => x,
    }
}

#[inline]
fn finish(kind: Kind, acc: f64, total: f64) -> f64 {
    match kind {
        Kind::Arithmetic => acc / total,
        Kind::Geometric => libm::exp(acc / total),
        Kind::Power(-1.0) => total / acc,
        Kind::Power(p) => libm::pow(acc / total, 1.0 / p),
    }
}

/// One unit whose fast-path value was NaN: find the missing or impossible child, and either
/// report it or (with `skip`) average the present children.
fn careful(node: &CompiledNode, kind: Kind, inputs: &[&[f64]], ids: &[String], i: usize) -> Result<f64> {
    let (mut acc, mut present, mut total) = (0.0, 0.0, 0.0);
    for (c, col) in inputs.iter().enumerate() {
        let w = node.weights[c];
        if w == 0.0 {
            continue;
        }
        total += w;
        let x = col[i];
        if x.is_nan() {
            if node.missing == Missing::Error {
                return Err(Error::MissingValue {
                    unit: ids[i].clone(),
                    node: node.id.clone(),
                    child: node.child_ids[c].clone(),
                });
            }
            continue;
        }
        let term = match kind {
            Kind::Arithmetic => x,
            Kind::Geometric => ln_pos(x, node.floor),
            Kind::Power(p) => pow_pos(x, p, node.floor),
        };
        if term.is_nan() {
            return Err(Error::NonPositive {
                unit: ids[i].clone(),
                node: node.id.clone(),
                child: node.child_ids[c].clone(),
                method: kind.name(),
                value: x,
            });
        }
        acc += w * term;
        present += w;
    }
    if present == 0.0 || present / total < node.min_coverage {
        return Ok(f64::NAN);
    }
    Ok(finish(kind, acc, present))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Child;

    fn node(aggregate: Aggregate, p: f64, weights: &[f64], missing: Missing, min_coverage: f64) -> CompiledNode {
        CompiledNode {
            id: "n".into(),
            label: None,
            aggregate,
            p,
            scale: 1.0,
            floor: None,
            missing,
            min_coverage,
            children: (0..weights.len()).map(Child::Indicator).collect(),
            child_ids: (0..weights.len()).map(|i| format!("c{i}")).collect(),
            weights: weights.to_vec(),
            ..CompiledNode::default()
        }
    }

    fn run(n: &CompiledNode, cols: &[&[f64]]) -> Result<Vec<f64>> {
        let ids: Vec<String> = (0..cols[0].len()).map(|i| format!("u{i}")).collect();
        let mut out = Vec::new();
        aggregate_into(n, cols, &ids, &mut out).map(|_| out)
    }

    #[test]
    fn the_four_means_by_hand() {
        let a = [1.0, 4.0];
        let b = [4.0, 4.0];
        let w = [1.0, 3.0];
        assert_eq!(
            run(&node(Aggregate::Arithmetic, 1.0, &w, Missing::Error, 0.0), &[&a, &b]).unwrap(),
            vec![3.25, 4.0]
        );
        let g = run(&node(Aggregate::Geometric, 0.0, &w, Missing::Error, 0.0), &[&a, &b]).unwrap();
        assert!((g[0] - 4f64.powf(0.75)).abs() < 1e-15);
        let h = run(&node(Aggregate::Harmonic, -1.0, &w, Missing::Error, 0.0), &[&a, &b]).unwrap();
        assert!((h[0] - 4.0 / (1.0 + 0.75)).abs() < 1e-15);
        let q = run(&node(Aggregate::Mean, 2.0, &w, Missing::Error, 0.0), &[&a, &b]).unwrap();
        assert!((q[0] - ((1.0 + 48.0) / 4.0f64).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn missing_error_names_unit_node_and_child() {
        let e = run(
            &node(Aggregate::Arithmetic, 1.0, &[1.0, 1.0], Missing::Error, 0.0),
            &[&[1.0, 2.0], &[1.0, f64::NAN]],
        );
        assert_eq!(
            e,
            Err(Error::MissingValue {
                unit: "u1".into(),
                node: "n".into(),
                child: "c1".into()
            })
        );
    }

    #[test]
    fn skip_reweights_and_respects_coverage() {
        let nd = node(Aggregate::Arithmetic, 1.0, &[1.0, 3.0], Missing::Skip, 0.5);
        let out = run(&nd, &[&[2.0, f64::NAN], &[f64::NAN, 8.0]]).unwrap();
        assert!(out[0].is_nan(), "coverage 0.25 < 0.5");
        assert_eq!(out[1], 8.0, "coverage 0.75");
    }

    #[test]
    fn geometric_rejects_zero_unless_floored() {
        let mut nd = node(Aggregate::Geometric, 0.0, &[1.0, 1.0], Missing::Error, 0.0);
        let e = run(&nd, &[&[0.0], &[4.0]]).unwrap_err();
        assert!(
            e.to_string()
                .contains("unit 'u0': node 'n' (geometric mean) cannot take 0 from 'c0'"),
            "{e}"
        );
        nd.floor = Some(1.0);
        assert_eq!(run(&nd, &[&[0.0], &[4.0]]).unwrap(), vec![2.0]);
    }
}
