//! Shared helpers: repository files, a CSV reader independent of Tolok's, scoring shortcuts.

use std::collections::HashMap;

use tolok::{Scorer, Spec};

/// A file of the repository as text (`rel` from the crate root).
pub fn read(rel: &str) -> String {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A CSV read with the `csv` crate: header and rows of text.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn read(rel: &str) -> Csv {
        Csv::parse(&read(rel))
    }

    pub fn parse(text: &str) -> Csv {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().expect("header").iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
            .collect();
        Csv { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column '{name}'"))
    }

    /// Row index by the value of column `key`.
    pub fn index(&self, key: &str) -> HashMap<String, usize> {
        let k = self.col(key);
        self.rows.iter().enumerate().map(|(i, r)| (r[k].clone(), i)).collect()
    }

    /// A cell as a number (NaN for an empty cell or NA).
    pub fn num(&self, row: usize, col: &str) -> f64 {
        let t = self.rows[row][self.col(col)].trim();
        if t.is_empty() || t == "NA" {
            f64::NAN
        } else {
            t.parse().unwrap_or_else(|e| panic!("{col}: '{t}': {e}"))
        }
    }

    /// The CSV with some columns renamed.
    pub fn renamed(mut self, names: &[(&str, &str)]) -> Csv {
        for (from, to) in names {
            let c = self.col(from);
            self.header[c] = to.to_string();
        }
        self
    }

    /// CSV text (numbers as stored, so nothing is re-rounded).
    pub fn to_text(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.header).unwrap();
        for r in &self.rows {
            w.write_record(r).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }
}

pub fn spec_json(text: &str) -> Spec {
    Spec::from_json(text).unwrap_or_else(|e| panic!("spec: {e}"))
}

/// Scores CSV text by a JSON spec.
pub fn score(csv: &str, spec: &str) -> Scorer {
    Scorer::from_csv(csv, spec_json(spec)).unwrap_or_else(|e| panic!("{e}"))
}

/// Rounds half away from zero at `d` decimals, as R's and Python's printed values are compared.
pub fn round(x: f64, d: i32) -> f64 {
    let p = 10f64.powi(d);
    (x * p).round() / p
}

/// Bitwise equality that treats NaN = NaN.
pub fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}
