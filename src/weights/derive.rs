//! Deriving weights (cargo feature `methods`): the methods' arithmetic, for a scorer's node
//! or for columns given directly.

use super::{ahp, bod, objective, pca, Derived, DerivedWeights, Weighting};
use crate::error::{Error, Result};
use crate::tree::CompiledNode;

/// Derives weights for columns outside a scorer: `columns` are the children's values as a
/// node would see them (one per child, one value per unit, NaN = missing), `children` their ids
/// and `units` the unit ids (for messages and BoD's per-unit weights).
///
/// ```
/// use tolok::weights::{derive_weights, Weighting};
/// let (a, b) = ([0.0, 0.5, 1.0], [0.2, 0.2, 0.9]);
/// let ids = ["x".to_string(), "y".to_string(), "z".to_string()];
/// let d = derive_weights(&Weighting::Stdev, &["a".into(), "b".into()], &[&a, &b], &ids)?;
/// assert!(d.weights[0] > d.weights[1]);
/// assert!((d.weights.iter().sum::<f64>() - 1.0).abs() < 1e-15);
/// # Ok::<(), tolok::Error>(())
/// ```
pub fn derive_weights(
    how: &Weighting,
    children: &[String],
    columns: &[&[f64]],
    units: &[String],
) -> Result<DerivedWeights> {
    if children.len() != columns.len() || columns.iter().any(|c| c.len() != units.len()) {
        return Err(Error::Invalid(format!(
            "derive_weights: {} children, {} columns, {} units: need one column per child and one value per unit",
            children.len(),
            columns.len(),
            units.len()
        )));
    }
    if children.is_empty() {
        return Err(Error::Invalid("derive_weights: there are no children to weight".into()));
    }
    let ids: Vec<&str> = children.iter().map(String::as_str).collect();
    let invalid = |m: String| Error::Invalid(format!("weighting '{}': {m}", how.name()));
    match how {
        Weighting::Ahp { matrix, .. } => ahp::validate(matrix, ids.len()).map_err(invalid)?,
        Weighting::Bod {
            min_share,
            max_share,
            shares,
        } => bod::check_bounds(&ids, &bod::bounds(&ids, *min_share, *max_share, shares)).map_err(invalid)?,
        _ => {}
    }
    let node = CompiledNode {
        id: "weights".into(),
        child_ids: children.to_vec(),
        weights: vec![1.0; children.len()],
        ..CompiledNode::default()
    };
    Ok(derive(&node, how, columns, units)?.report)
}

/// Derives the weights of `node` from its children's columns `inputs`.
pub(crate) fn derive(node: &CompiledNode, how: &Weighting, inputs: &[&[f64]], ids: &[String]) -> Result<Derived> {
    let m = inputs.len();
    let place = format!("node '{}': weighting '{}'", node.id, how.name());
    let fail = |msg: String| Error::Invalid(format!("{place}: {msg}"));
    let rows: Vec<usize> = (0..ids.len())
        .filter(|&u| inputs.iter().all(|c| !c[u].is_nan()))
        .collect();
    let cols: Vec<Vec<f64>> = inputs.iter().map(|c| rows.iter().map(|&u| c[u]).collect()).collect();
    let names = &node.child_ids;
    let mut report = DerivedWeights {
        node: node.id.clone(),
        method: how.name(),
        description: String::new(),
        children: names.clone(),
        weights: Vec::new(),
        units: rows.len(),
        consistency: None,
        pca: None,
        unit_weights: None,
        warnings: Vec::new(),
    };
    let needs_units = |k: usize| {
        if rows.len() < k {
            Err(fail(format!(
                "needs at least {k} units with every child present, and has {}",
                rows.len()
            )))
        } else {
            Ok(())
        }
    };
    let mut unit_weights = None;
    let raw: Vec<f64> = match how {
        Weighting::Equal => {
            report.units = 0;
            report.description = "equal weights".into();
            vec![1.0; m]
        }
        Weighting::Entropy => {
            needs_units(2)?;
            objective::entropy(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Critic => {
            needs_units(3)?;
            objective::critic(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Stdev => {
            needs_units(2)?;
            objective::stdev(&cols, names, &mut report).map_err(fail)?
        }
        Weighting::Pca { rotation } => {
            needs_units(3)?;
            pca::weights(&cols, names, *rotation, &mut report).map_err(fail)?
        }
        Weighting::Ahp { matrix, priority } => {
            report.units = 0;
            ahp::weights(matrix, *priority, &mut report)
        }
        Weighting::Bod {
            min_share,
            max_share,
            shares,
        } => {
            let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
            let bounds = bod::bounds(&names_ref, *min_share, *max_share, shares);
            let uw = bod::solve(inputs, &bounds, names, ids).map_err(fail)?;
            report.units = ids.len();
            report.description = bod::describe(&bounds);
            report.unit_weights = Some(uw.chunks(m.max(1)).map(<[f64]>::to_vec).collect());
            unit_weights = Some(uw);
            vec![1.0; m]
        }
    };
    let total: f64 = raw.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(fail("every child gets weight 0 (are all children constant?)".into()));
    }
    report.weights = raw.iter().map(|w| w / total).collect();
    // Equal and BoD keep weights of 1, so that `equal` scores exactly as the default weights.
    let common = matches!(how, Weighting::Equal | Weighting::Bod { .. });
    Ok(Derived {
        weights: if common { raw } else { report.weights.clone() },
        unit_weights,
        report,
    })
}
