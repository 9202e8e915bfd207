//! A first spec for a CSV that comes without one: every numeric column an indicator (min-max,
//! higher is better), equal weights, one arithmetic root. The user then edits directions,
//! weights and the tree.

use crate::error::{Error, Result};
use crate::spec::{Direction, Indicator, Node, RankRule, Spec, Units};
use crate::table::inspect_csv;

/// Builds a starter spec for `csv`. The unit id is the first column whose values are all
/// distinct and present; the label the first other text column; numeric columns (other than the
/// id) are the indicators.
pub fn starter_spec(csv: &str) -> Result<Spec> {
    let summary = inspect_csv(csv)?;
    let unique = |c: &&crate::table::ColumnSummary| c.distinct == summary.rows && c.missing == 0;
    let id = summary
        .columns
        .iter()
        .find(|c| unique(c) && !c.numeric)
        .or_else(|| summary.columns.iter().find(unique))
        .ok_or_else(|| {
            Error::CsvShape("no column has a distinct, non-empty value in every row to serve as the unit id".into())
        })?;
    let label = summary
        .columns
        .iter()
        .find(|c| !c.numeric && c.name != id.name)
        .map(|c| c.name.clone());
    let indicators: Vec<Indicator> = summary
        .columns
        .iter()
        .filter(|c| c.numeric && c.name != id.name && !c.name.is_empty())
        .map(|c| Indicator {
            id: c.name.clone(),
            column: None,
            label: None,
            direction: Direction::Higher,
            unit: None,
            normalise: None,
        })
        .collect();
    if indicators.is_empty() {
        return Err(Error::CsvShape("no numeric column to use as an indicator".into()));
    }
    let missing = summary.columns.iter().any(|c| c.numeric && c.missing > 0);
    let children = indicators
        .iter()
        .map(|i| Node {
            indicator: Some(i.id.clone()),
            ..Node::default()
        })
        .collect();
    let tree = Node {
        id: Some(unused_id("index", &indicators)),
        label: Some("Index".into()),
        missing: missing.then_some(crate::spec::Missing::Skip),
        children: Some(children),
        ..Node::default()
    };
    let spec = Spec {
        version: 1,
        name: Some("My index".into()),
        description: None,
        units: Units {
            id: id.name.clone(),
            label,
            groups: Vec::new(),
        },
        indicators,
        tree,
        rank: RankRule {
            round: Some(3),
            ties: Default::default(),
        },
        grades: Vec::new(),
        uncertainty: None,
        prepare: None,
    };
    spec.validate()?;
    Ok(spec)
}

fn unused_id(base: &str, indicators: &[Indicator]) -> String {
    let mut id = base.to_string();
    while indicators.iter().any(|i| i.id == id) {
        id.push('_');
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_picks_id_label_and_numeric_columns() {
        let csv = "code;name;region;pop;gdp\n1;A;x;10;2,5\n2;B;x;20;NA\n";
        let s = starter_spec(csv).unwrap();
        assert_eq!(s.units.id, "name");
        assert_eq!(s.units.label.as_deref(), Some("region"));
        let ids: Vec<_> = s.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["code", "pop", "gdp"]);
        assert_eq!(s.tree.missing, Some(crate::spec::Missing::Skip));
    }
}
