//! The table of units: ids, labels, group columns and numeric indicator columns.
//!
//! Columns are stored as `Vec<f64>` (NaN = missing), one per indicator, in the spec's order, so
//! that normalising and aggregating are tight loops over contiguous memory.
//!
//! CSV input ([`Table::from_csv`]): a header row; UTF-8 with or without a BOM; LF or CRLF; the
//! delimiter is detected from the header (comma, semicolon or tab). With a semicolon or tab
//! delimiter a decimal comma is accepted ("4,73"; "1.234,5" reads as 1234.5). Empty cells, `NA`,
//! `N/A`, `..` and `-` (any case) are missing; any other text in an indicator column is an error
//! naming its line, column and text.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::spec::Spec;

/// Units (rows) with their ids, labels, groups and the indicator columns a spec reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    ids: Vec<String>,
    labels: Vec<String>,
    /// (group column name, value per unit).
    groups: Vec<(String, Vec<String>)>,
    /// (column name, values per unit; NaN = missing).
    columns: Vec<(String, Vec<f64>)>,
}

/// What [`inspect_csv`] finds in a CSV: its columns and whether each holds numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvSummary {
    pub delimiter: char,
    pub rows: usize,
    pub columns: Vec<ColumnSummary>,
}

/// One column of a CSV as [`inspect_csv`] sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    pub name: String,
    /// Every non-missing cell is a number (and at least one is present).
    pub numeric: bool,
    /// Cells that are empty or a missing marker.
    pub missing: usize,
    /// Distinct values (counted up to the number of rows).
    pub distinct: usize,
}

impl Table {
    /// Reads the columns `spec` names from CSV text.
    pub fn from_csv(text: &str, spec: &Spec) -> Result<Table> {
        let csv = Csv::parse(text)?;
        let col = |what: &str, name: &str| csv.column_index(what, name);
        let id_col = col("unit id", &spec.units.id)?;
        let label_col = match &spec.units.label {
            Some(l) => col("unit label", l)?,
            None => id_col,
        };
        let group_cols = spec
            .units
            .groups
            .iter()
            .map(|g| Ok((g.clone(), col("group", g)?)))
            .collect::<Result<Vec<_>>>()?;
        let mut num_cols = Vec::with_capacity(spec.indicators.len());
        for (what, name) in spec.numeric_columns() {
            if !num_cols.iter().any(|(n, _): &(String, usize)| n == name) {
                num_cols.push((name.to_string(), col(&what, name)?));
            }
        }

        let n = csv.records.len();
        let mut ids = Vec::with_capacity(n);
        let mut first_line = FirstSeen::with_capacity(n);
        for (rec, line) in csv.records.iter().zip(&csv.lines) {
            let id = rec.get(id_col).unwrap_or("").trim();
            if id.is_empty() {
                return Err(Error::EmptyUnitId {
                    line: *line,
                    column: spec.units.id.clone(),
                });
            }
            if let Some(first) = first_line.insert(id, *line) {
                return Err(Error::DuplicateUnit {
                    id: id.to_string(),
                    line: *line,
                    first_line: first,
                });
            }
            ids.push(id.to_string());
        }
        let text_col = |c: usize| {
            csv.records
                .iter()
                .map(|r| r.get(c).unwrap_or("").trim().to_string())
                .collect::<Vec<_>>()
        };
        let labels = text_col(label_col);
        let groups = group_cols.into_iter().map(|(name, c)| (name, text_col(c))).collect();
        let mut columns = Vec::with_capacity(num_cols.len());
        for (name, c) in num_cols {
            let mut values = Vec::with_capacity(n);
            for (rec, line) in csv.records.iter().zip(&csv.lines) {
                let cell = rec.get(c).unwrap_or("");
                let v = parse_number(cell, csv.decimal_comma).ok_or_else(|| Error::NotANumber {
                    line: *line,
                    column: name.clone(),
                    text: cell.trim().chars().take(80).collect(),
                })?;
                values.push(v);
            }
            columns.push((name, values));
        }
        Ok(Table {
            ids,
            labels,
            groups,
            columns,
        })
    }

    /// Builds a table from columns already in memory (e.g. from JavaScript). `labels` default to
    /// the ids; every column must have one value per id (NaN = missing; ±∞ is an error).
    pub fn from_columns(
        ids: Vec<String>,
        labels: Option<Vec<String>>,
        groups: Vec<(String, Vec<String>)>,
        columns: Vec<(String, Vec<f64>)>,
    ) -> Result<Table> {
        let n = ids.len();
        let mut seen = FirstSeen::with_capacity(n);
        for (i, id) in ids.iter().enumerate() {
            if id.trim().is_empty() {
                return Err(Error::Table(format!("ids[{i}] is empty")));
            }
            if let Some(first) = seen.insert(id.as_str(), i) {
                return Err(Error::Table(format!(
                    "unit id '{id}' appears twice (ids[{first}] and ids[{i}])"
                )));
            }
        }
        let labels = labels.unwrap_or_else(|| ids.clone());
        if labels.len() != n {
            return Err(Error::Table(format!("{} labels for {n} ids", labels.len())));
        }
        for (name, g) in &groups {
            if g.len() != n {
                return Err(Error::Table(format!(
                    "group '{name}' has {} values for {n} ids",
                    g.len()
                )));
            }
        }
        for (name, c) in &columns {
            if c.len() != n {
                return Err(Error::Table(format!(
                    "column '{name}' has {} values for {n} ids",
                    c.len()
                )));
            }
            if let Some(i) = c.iter().position(|v| v.is_infinite()) {
                return Err(Error::Table(format!(
                    "column '{name}', unit '{}': {} is not a finite number",
                    ids[i], c[i]
                )));
            }
        }
        Ok(Table {
            ids,
            labels,
            groups,
            columns,
        })
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the table has no units.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Group columns with one value per unit.
    pub fn groups(&self) -> &[(String, Vec<String>)] {
        &self.groups
    }

    /// The values of a group column.
    pub fn group(&self, name: &str) -> Option<&[String]> {
        self.groups.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// The values of a numeric column (NaN = missing).
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// Index of a numeric column by name (for [`Table::column_at`]).
    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| n == name)
    }

    /// The values of the numeric column at an index from [`Table::column_index`].
    pub(crate) fn column_at(&self, k: usize) -> &[f64] {
        self.columns.get(k).map_or(&[], |(_, v)| v.as_slice())
    }

    /// Swaps the values of the numeric column at `k` with `values` (same length, checked by the
    /// caller): the old values end up in `values`.
    pub(crate) fn swap_column(&mut self, k: usize, values: &mut Vec<f64>) {
        if let Some((_, v)) = self.columns.get_mut(k) {
            std::mem::swap(v, values);
        }
    }

    /// How many numeric columns there are (the indices [`Table::column_index`] gives are below).
    pub(crate) fn width(&self) -> usize {
        self.columns.len()
    }

    /// The name of the numeric column at an index from [`Table::column_index`].
    pub(crate) fn column_name(&self, k: usize) -> &str {
        self.columns.get(k).map_or("", |(n, _)| n.as_str())
    }

    /// Names of the numeric columns, borrowed.
    pub(crate) fn column_names_ref(&self) -> Vec<&str> {
        self.columns.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Names of the numeric columns.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Position of a unit by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|u| u == id)
    }

    /// Checks that the table has every column `spec` reads.
    pub fn check(&self, spec: &Spec) -> Result<()> {
        for g in &spec.units.groups {
            if self.group(g).is_none() {
                let available = self.groups.iter().map(|(n, _)| n.clone()).collect();
                return Err(Error::MissingColumn {
                    what: "group".into(),
                    column: g.clone(),
                    available,
                });
            }
        }
        for (what, name) in spec.numeric_columns() {
            if self.column(name).is_none() {
                return Err(Error::MissingColumn {
                    what,
                    column: name.to_string(),
                    available: self.column_names(),
                });
            }
        }
        Ok(())
    }

    /// The values of a numeric column, to change in place (data preparation).
    #[cfg(feature = "methods")]
    pub(crate) fn column_mut(&mut self, name: &str) -> Option<&mut [f64]> {
        self.columns
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_mut_slice())
    }

    /// The table with only the units where `keep` is true (data preparation's screening).
    #[cfg(feature = "methods")]
    pub(crate) fn retain_units(self, keep: &[bool]) -> Table {
        let pick = |v: Vec<String>| v.into_iter().zip(keep).filter(|(_, &k)| k).map(|(x, _)| x).collect();
        Table {
            ids: pick(self.ids),
            labels: pick(self.labels),
            groups: self.groups.into_iter().map(|(n, v)| (n, pick(v))).collect(),
            columns: self
                .columns
                .into_iter()
                .map(|(n, v)| (n, v.into_iter().zip(keep).filter(|(_, &k)| k).map(|(x, _)| x).collect()))
                .collect(),
        }
    }
}

/// Reads the header and cells of a CSV and says, per column, whether it is numeric.
pub fn inspect_csv(text: &str) -> Result<CsvSummary> {
    let csv = Csv::parse(text)?;
    let columns = csv
        .header
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let mut missing = 0;
            let mut numeric = true;
            let mut distinct = BTreeSet::new();
            for rec in &csv.records {
                let cell = rec.get(c).unwrap_or("");
                match parse_number(cell, csv.decimal_comma) {
                    Some(v) if v.is_nan() => missing += 1,
                    Some(_) => {}
                    None => numeric = false,
                }
                distinct.insert(cell.trim());
            }
            let numeric = numeric && missing < csv.records.len();
            ColumnSummary {
                name: name.clone(),
                numeric,
                missing,
                distinct: distinct.len(),
            }
        })
        .collect();
    Ok(CsvSummary {
        delimiter: csv.delimiter as char,
        rows: csv.records.len(),
        columns,
    })
}

/// Parsed CSV text: header, records and each record's line number.
struct Csv {
    header: Vec<String>,
    records: Vec<csv::StringRecord>,
    lines: Vec<u64>,
    delimiter: u8,
    decimal_comma: bool,
}

impl Csv {
    fn parse(text: &str) -> Result<Csv> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let delimiter = detect_delimiter(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&e, text, 1))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if header.iter().all(|h| h.is_empty()) {
            return Err(Error::CsvShape(
                "the first line must be a header row with column names".into(),
            ));
        }
        let mut seen = FirstSeen::with_capacity(header.len());
        for (i, h) in header.iter().enumerate() {
            if !h.is_empty() {
                if let Some(first) = seen.insert(h.as_str(), i) {
                    return Err(Error::CsvShape(format!(
                        "the header names column '{h}' twice (columns {} and {})",
                        first + 1,
                        i + 1
                    )));
                }
            }
        }
        let mut records = Vec::new();
        let mut lines = Vec::new();
        let mut counter = LineCounter::new(text);
        for rec in reader.records() {
            let rec = rec.map_err(|e| csv_error(&e, text, 0))?;
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue; // blank line (e.g. trailing separators from a spreadsheet)
            }
            lines.push(rec.position().map_or(0, |p| counter.line_at(p.byte())));
            records.push(rec);
        }
        if records.is_empty() {
            return Err(Error::CsvShape("there are no data rows below the header".into()));
        }
        Ok(Csv {
            header,
            records,
            lines,
            delimiter,
            decimal_comma: delimiter != b',',
        })
    }

    fn column_index(&self, what: &str, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::MissingColumn {
                what: what.to_string(),
                column: name.to_string(),
                available: self.header.clone(),
            })
    }
}

/// Line numbers (from 1) of byte offsets into the text, counted here because the csv crate's
/// own count falls one behind per CRLF line ending (BurntSushi/rust-csv#395): it ends a record
/// at the `\r` and reports the next one as starting at the `\n`. A line ends at `\n`, or at a
/// `\r` not followed by `\n`. Offsets must come in increasing order.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let text = self.text;
        let mut end = usize::try_from(byte).map_or(text.len(), |b| b.min(text.len()));
        if end > 0 && text[end - 1] == b'\r' && text.get(end) == Some(&b'\n') {
            end += 1; // the record starts after the \n of a CRLF
        }
        let end = end.max(self.pos);
        for (i, &b) in text[self.pos..end].iter().enumerate() {
            if b == b'\n' || (b == b'\r' && text.get(self.pos + i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.pos = end;
        self.line
    }
}

fn csv_error(e: &csv::Error, text: &str, fallback_line: u64) -> Error {
    let line = e
        .position()
        .map_or(fallback_line, |p| LineCounter::new(text).line_at(p.byte()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text (save the file as UTF-8)".to_string(),
        _ => e.to_string(),
    };
    Error::Csv { line, message }
}

/// Picks the delimiter that occurs most in the header line, outside quotes: `,` `;` or tab.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for ch in header.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Parses one cell: `Some(NaN)` for missing markers, `Some(x)` for a finite number, `None` for
/// anything else.
pub(crate) fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let s = cell.trim();
    if s.is_empty() || s == ".." || s == "-" || s.eq_ignore_ascii_case("na") || s.eq_ignore_ascii_case("n/a") {
        return Some(f64::NAN);
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.' | b',')) {
        return None; // rejects "inf", "NaN" and other words that Rust's parser would accept
    }
    let parsed = if decimal_comma && s.contains(',') {
        let normalised: String = if s.contains('.') {
            s.replace('.', "").replace(',', ".")
        } else {
            s.replace(',', ".")
        };
        normalised.parse::<f64>().ok()
    } else {
        s.parse::<f64>().ok()
    };
    parsed.filter(|v| v.is_finite())
}

/// Where each string was first seen: an open-addressing hash table (FNV-1a, linear probing),
/// for the checks that unit ids and column names are unique. In the .wasm (compiled for size) a
/// `BTreeMap<&str, _>` took a fifth of `Scorer.fromTable` for 514 ids; std's `HashMap` would add
/// its hasher and table code.
struct FirstSeen<'a, V> {
    /// Per slot: an index into `keys`, or `u32::MAX` if empty; at most half full.
    slots: Vec<u32>,
    keys: Vec<(&'a str, V)>,
}

impl<'a, V: Copy> FirstSeen<'a, V> {
    fn with_capacity(n: usize) -> Self {
        FirstSeen {
            slots: vec![u32::MAX; (2 * n).next_power_of_two().max(16)],
            keys: Vec::with_capacity(n),
        }
    }

    /// Notes `key` with `value` if it is new; otherwise returns the value it was first seen with.
    fn insert(&mut self, key: &'a str, value: V) -> Option<V> {
        if 2 * (self.keys.len() + 1) > self.slots.len() {
            self.slots = vec![u32::MAX; 2 * self.slots.len()];
            for k in 0..self.keys.len() {
                let slot = self.slot_of(self.keys[k].0);
                self.slots[slot] = k as u32;
            }
        }
        let slot = self.slot_of(key);
        match self.slots[slot] {
            u32::MAX => {
                self.slots[slot] = self.keys.len() as u32;
                self.keys.push((key, value));
                None
            }
            k => Some(self.keys[k as usize].1),
        }
    }

    /// The slot that holds `key`, or the empty slot where it belongs.
    fn slot_of(&self, key: &str) -> usize {
        let mask = self.slots.len() - 1;
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let mut slot = (hash ^ (hash >> 32)) as usize & mask;
        loop {
            match self.slots[slot] {
                u32::MAX => return slot,
                k if self.keys[k as usize].0 == key => return slot,
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_seen_finds_every_repeat_and_only_repeats() {
        // 3,000 keys (the table grows from 16 slots), every third one a repeat of an earlier key.
        let keys: Vec<String> = (0..3000)
            .map(|i| {
                if i % 3 == 2 {
                    format!("u{}", i / 7)
                } else {
                    format!("u{i}")
                }
            })
            .collect();
        let mut seen = FirstSeen::with_capacity(1);
        let mut first = std::collections::BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                seen.insert(k.as_str(), i),
                first.get(k.as_str()).copied(),
                "key {i} ({k})"
            );
            first.entry(k.as_str()).or_insert(i);
        }
        assert_eq!(seen.keys.len(), first.len());
        assert!(seen.insert("", 0).is_none() && seen.insert("", 1) == Some(0));
    }

    #[test]
    fn numbers_and_missing_markers() {
        assert_eq!(parse_number(" 4.73 ", false), Some(4.73));
        assert_eq!(parse_number("4,73", true), Some(4.73));
        assert_eq!(parse_number("1.234,5", true), Some(1234.5));
        assert_eq!(parse_number("4,73", false), None);
        assert_eq!(parse_number("-2e3", false), Some(-2000.0));
        for m in ["", "NA", "n/a", "..", "-", "  "] {
            assert!(parse_number(m, false).is_some_and(f64::is_nan), "{m:?}");
        }
        for bad in ["inf", "NaN", "abc", "1e999", "4.7.3"] {
            assert_eq!(parse_number(bad, false), None, "{bad:?}");
        }
    }

    #[test]
    fn delimiter_is_detected_outside_quotes() {
        assert_eq!(detect_delimiter("a,b;c,d\n"), b',');
        assert_eq!(detect_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
    }
}
