//! The one error type of the core.
//!
//! Every variant carries the place where the problem is (CSV line and column, spec field, tree
//! node, unit) so that the message alone tells a person what to fix. The bindings turn these into
//! JavaScript `Error`s with the same message; the CLI prints them on stderr.

use std::fmt;

/// Everything that can go wrong when reading data or a spec, or when scoring.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The CSV text could not be read at all (bad quoting, unequal field counts, not UTF-8, ...).
    #[error("CSV line {line}: {message}")]
    Csv { line: u64, message: String },

    /// The CSV has no header row or no data rows.
    #[error("CSV: {0}")]
    CsvShape(String),

    /// A cell that should hold a number holds something else.
    #[error("CSV line {line}, column '{column}': '{text}' is not a number (empty, NA, N/A, .. and - mean missing)")]
    NotANumber { line: u64, column: String, text: String },

    /// A column the spec names is not in the data.
    #[error("{what} column '{column}' is not in the data; the columns are: {}", ListOf(.available))]
    MissingColumn {
        what: String,
        column: String,
        available: Vec<String>,
    },

    /// Two rows have the same unit id.
    #[error("CSV line {line}: unit id '{id}' appears twice (first on line {first_line})")]
    DuplicateUnit { id: String, line: u64, first_line: u64 },

    /// A unit id cell is empty.
    #[error("CSV line {line}: the unit id (column '{column}') is empty")]
    EmptyUnitId { line: u64, column: String },

    /// Table given column by column (from JavaScript) with inconsistent lengths or names.
    #[error("table: {0}")]
    Table(String),

    /// The spec is not valid JSON or has a wrong field (the path says where).
    #[error("spec: {path}: {message}")]
    SpecSyntax { path: String, message: String },

    /// The spec is well-formed but says something impossible; `place` names the field or node.
    #[error("spec: {place}: {message}")]
    Spec { place: String, message: String },

    /// A unit has a missing value where the node's `missing` rule is `error`.
    #[error("unit '{unit}': node '{node}' has no value for '{child}' (set \"missing\": \"skip\" on node '{node}' to score it from the children that are present)")]
    MissingValue { unit: String, node: String, child: String },

    /// A value that a geometric or harmonic mean cannot take.
    #[error("unit '{unit}': node '{node}' ({method} mean) cannot take {value} from '{child}': it needs values > 0 (normalise to a positive range, or set \"floor\" on node '{node}')")]
    NonPositive {
        unit: String,
        node: String,
        child: String,
        method: &'static str,
        value: f64,
    },

    /// A raw value that an indicator's normalisation cannot take (e.g. 0 under goalposts with
    /// `log` and no `cap`).
    #[error("unit '{unit}', indicator '{indicator}': {value} {reason}")]
    OutOfDomain {
        unit: String,
        indicator: String,
        value: f64,
        reason: &'static str,
    },

    /// An id passed to a query (node, indicator, unit, group) that does not exist.
    #[error("{what} '{id}' does not exist{}", Hint(.hint))]
    Unknown {
        what: &'static str,
        id: String,
        hint: Option<String>,
    },

    /// A value passed to a query is outside what it can be.
    #[error("{0}")]
    Invalid(String),

    /// The spec uses a method that this build leaves out (the cargo feature `methods` is off),
    /// e.g. the scoring-core .wasm (pkg/) given a spec with `prepare`.
    #[error("{place}: {}", crate::features::not_built_message(.what))]
    NotBuilt { place: String, what: String },
}

impl Error {
    // Out of line: inlined, its conversions would be copied into each of its many callers.
    #[inline(never)]
    pub(crate) fn spec(place: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec {
            place: place.into(),
            message: message.into(),
        }
    }
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

struct ListOf<'a>(&'a [String]);

impl fmt::Display for ListOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 40;
        for (i, name) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "'{name}'")?;
        }
        if self.0.len() > SHOWN {
            write!(f, " and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

struct Hint<'a>(&'a Option<String>);

impl fmt::Display for Hint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(h) => write!(f, " ({h})"),
            None => Ok(()),
        }
    }
}
