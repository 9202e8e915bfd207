//! JSON text in and out, hand-written: the spec reader, the result writer, nothing generic.
//!
//! serde's derived impls, monomorphised over serde_json's reader and writer (with
//! serde_path_to_error and the buffering of tagged enums), were about 40% of the WebAssembly
//! module. Here the text is parsed once into a [`Value`] tree (strict RFC 8259, with a depth
//! limit), each type reads itself from the tree in a few lines through [`Fields`], and results
//! are written straight into a `String` by a [`Writer`].
//!
//! Messages keep serde's wording (`unknown field \`x\`, expected one of ...`, `missing field
//! \`id\``, `invalid type: string "NaN", expected f64`) and serde_json's positions (`at line 3
//! column 7`), since users and tests rely on them; errors carry the path of the value at fault
//! (`tree.children[1].weight`).

mod fields;
mod read;
mod write;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use fields::{array, array2, boolean, f64_value, map, string, strings, tagged, u32_value, variant, Fields};
pub use read::parse;

/// A reading's result.
pub type Result<T> = std::result::Result<T, Error>;
pub use write::{to_string, to_string_pretty, ToJson, Writer};

/// A unit-only enum as its camelCase name, both ways.
macro_rules! named_enum {
    ($t:ty { $($variant:ident = $name:literal),* $(,)? }) => {
        // Not every enum is read in every build (without `methods`, prepare's and weighting's
        // are not).
        #[allow(dead_code)]
        impl $t {
            const NAMES: &'static [&'static str] = &[$($name),*];
            const ALL: &'static [$t] = &[$(<$t>::$variant),*];

            /// The name in JSON.
            pub fn name(self) -> &'static str {
                match self { $(<$t>::$variant => $name),* }
            }

            pub(crate) fn read(v: &$crate::json::Value) -> $crate::json::Result<$t> {
                Ok(Self::ALL[$crate::json::variant(v, Self::NAMES)?])
            }
        }

        impl $crate::json::ToJson for $t {
            fn write_json(&self, w: &mut $crate::json::Writer) {
                w.string(self.name());
            }
        }
    };
}
pub(crate) use named_enum;

/// A parsed JSON value with the offset just after it in the text (for "at line L column C").
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    /// Byte offset just after the value (serde_json reports data errors there).
    pub end: usize,
}

/// The kinds of JSON values.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    /// Members in document order; keys are unique (a duplicate is a parse error).
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    /// Byte offset just after the key's closing quote.
    pub key_end: usize,
    pub value: Value,
}

/// A number as serde_json classifies it: integer literals that fit a u64 or an i64 stay
/// integers (so that messages say "integer `3`" and u32 fields need no float check); everything
/// else is the f64 nearest to the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    /// The nearest f64 (an integer above 2^53 rounds as its decimal text would).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::U(u) => u as f64,
            Number::I(i) => i as f64,
            Number::F(f) => f,
        }
    }
}

impl Value {
    /// A value with no place in any text (built by code, e.g. merged options).
    pub fn new(kind: Kind) -> Value {
        Value { kind, end: usize::MAX }
    }

    /// What the value is, in serde's words (`Unexpected`): `string "NaN"`, `integer \`3\``,
    /// `floating point \`2.5\``, `boolean \`true\``, `null`, `sequence`, `map`.
    pub fn unexpected(&self) -> String {
        match &self.kind {
            Kind::Null => "null".into(),
            Kind::Bool(b) => format!("boolean `{b}`"),
            Kind::Number(Number::U(u)) => format!("integer `{u}`"),
            Kind::Number(Number::I(i)) => format!("integer `{i}`"),
            Kind::Number(Number::F(f)) => {
                // serde writes floats with a decimal point ("1.0"), unless not finite.
                let s = f.to_string();
                let point = if f.is_finite() && !s.contains('.') { ".0" } else { "" };
                format!("floating point `{s}{point}`")
            }
            // Rust's Debug quoting, as serde's `Unexpected::Str`.
            Kind::String(s) => format!("string {s:?}"),
            Kind::Array(_) => "sequence".into(),
            Kind::Object(_) => "map".into(),
        }
    }

    /// `invalid type: <what this is>, expected <expected>` at this value.
    #[inline(never)] // called by every reader: one copy
    pub fn invalid_type(&self, expected: &str) -> Error {
        Error::at(
            format!("invalid type: {}, expected {expected}", self.unexpected()),
            self.end,
        )
    }

    /// The members, if an object.
    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }
}

/// One step of the path to a value: an object key or an array index; `?` where a key could not
/// be read (bad JSON where a key should be).
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
    Unknown,
}

/// A syntax or data error: the message, where in the text (if the value came from text), and
/// the path of the value at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    /// Byte offset the position is reported at (serde_json's convention: the column is that of
    /// the last byte read); `usize::MAX` for values built by code, which have no position.
    pub at: usize,
    /// Innermost step first (steps are added as the error travels up).
    rev_path: Vec<Seg>,
}

impl Error {
    // Out of line: inlined, its conversion would be copied into each of its many callers.
    #[inline(never)]
    pub fn at(message: impl Into<String>, at: usize) -> Error {
        Error {
            message: message.into(),
            at,
            rev_path: Vec::new(),
        }
    }

    /// The same error, one step further down a path (`step` is the step into the value).
    pub fn within(mut self, step: Seg) -> Error {
        self.rev_path.push(step);
        self
    }

    /// The path as serde_path_to_error displayed it: `a.b[2].c`, empty at the top level.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.rev_path.iter().rev() {
            match seg {
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Key(_) | Seg::Unknown => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(match seg {
                        Seg::Key(k) => k,
                        _ => "?",
                    });
                }
            }
        }
        out
    }

    /// The message, with serde_json's " at line L column C" when `text` is the text the values
    /// were read from.
    pub fn message_in(&self, text: Option<&str>) -> String {
        match text {
            Some(t) if self.at != usize::MAX => {
                let (line, column) = line_column(t, self.at);
                format!("{} at line {line} column {column}", self.message)
            }
            _ => self.message.clone(),
        }
    }
}

/// serde_json's position of byte offset `at`: 1-based line, and the column as the number of
/// bytes from the start of the line to `at` (so the column of the last byte read, 1-based).
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + before[..start].iter().filter(|&&b| b == b'\n').count();
    (line, at - start)
}
