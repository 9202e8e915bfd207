//! Filling missing values: the mean or median of the indicator over the units present, or of
//! the unit's group (a column of `units.groups`). Statistics come from the values before any
//! filling. A cell whose group has no value stays missing, with a warning (the nodes' `missing`
//! rule then decides): so does every cell of a group with a single unit whose value is missing.

use std::collections::BTreeMap;

use super::report::{ImputedCell, PrepareReport};
use super::spec::Impute;
use crate::stats::{mean, median, present};

/// Fills `col` in place by `how`; `groups` is the `by` column's values when `how` needs one.
pub(crate) fn impute(
    col: &mut [f64],
    how: &Impute,
    groups: Option<&[String]>,
    indicator: &str,
    ids: &[String],
    report: &mut PrepareReport,
) {
    let (name, stat): (&'static str, fn(&[f64]) -> f64) = match how {
        Impute::None => return,
        Impute::Mean => ("mean", mean),
        Impute::Median => ("median", median),
        Impute::GroupMean { .. } => ("groupMean", mean),
        Impute::GroupMedian { .. } => ("groupMedian", median),
    };
    if !col.iter().any(|v| v.is_nan()) {
        return;
    }
    let fills: Vec<(Option<&str>, f64)> = match groups {
        None => {
            let v = stat(&present(col));
            vec![(None, v); col.len()]
        }
        Some(g) => {
            // Groups numbered in order of appearance (a small map, no map of statistics).
            let mut index: BTreeMap<&str, usize> = BTreeMap::new();
            let mut members: Vec<Vec<f64>> = Vec::new();
            let mut of_unit: Vec<usize> = Vec::with_capacity(g.len());
            for (v, key) in col.iter().zip(g) {
                let k = *index.entry(key.as_str()).or_insert_with(|| {
                    members.push(Vec::new());
                    members.len() - 1
                });
                if !v.is_nan() {
                    members[k].push(*v);
                }
                of_unit.push(k);
            }
            let stats: Vec<f64> = members.iter().map(|v| stat(v)).collect();
            g.iter()
                .zip(&of_unit)
                .map(|(k, &i)| (Some(k.as_str()), stats[i]))
                .collect()
        }
    };
    for (i, v) in col.iter_mut().enumerate() {
        if !v.is_nan() {
            continue;
        }
        let (group, fill) = fills[i];
        if fill.is_nan() {
            report.warnings.push(match group {
                Some(g) => format!(
                    "unit '{}': no unit of group '{g}' has a value for '{indicator}' to impute from; the cell stays missing",
                    ids[i]
                ),
                None => format!("indicator '{indicator}' has no value at all; unit '{}' stays missing", ids[i]),
            });
            continue;
        }
        *v = fill;
        report.imputed.push(ImputedCell {
            unit: ids[i].clone(),
            indicator: indicator.to_string(),
            value: fill,
            method: name,
            group: group.map(str::to_string),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_means_and_a_lonely_group() {
        let ids: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let groups: Vec<String> = ["x", "x", "x", "y", "z"].map(String::from).to_vec();
        let mut col = [1.0, 2.0, f64::NAN, f64::NAN, 7.0];
        let mut r = PrepareReport::default();
        let how = Impute::GroupMean { by: "g".into() };
        impute(&mut col, &how, Some(&groups), "i", &ids, &mut r);
        assert_eq!(col[2], 1.5);
        assert!(col[3].is_nan(), "group y has a single unit, and it is missing");
        assert_eq!(r.imputed.len(), 1);
        assert_eq!(r.imputed[0].group.as_deref(), Some("x"));
        assert!(
            r.warnings[0].contains("unit 'd': no unit of group 'y'"),
            "{:?}",
            r.warnings
        );
    }
}
