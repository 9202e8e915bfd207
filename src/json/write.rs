//! The writer: values straight into a `String`, compact or pretty (serde_json's layout: two
//! spaces, `"key": value`, `[]` and `{}` when empty).

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A value that writes itself as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);
}

/// Compact JSON text of `v`.
pub fn to_string(v: &dyn ToJson) -> String {
    let mut w = Writer::new(false);
    v.write_json(&mut w);
    w.finish()
}

/// Pretty JSON text of `v` (as serde_json's `to_string_pretty`).
pub fn to_string_pretty(v: &dyn ToJson) -> String {
    let mut w = Writer::new(true);
    v.write_json(&mut w);
    w.finish()
}

/// JSON text being written. Objects: `begin_object`, then `key` (or `field`) before each value,
/// then `end_object`; arrays: `begin_array`, `item` before each value, `end_array`.
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// Nothing written yet in the current array or object.
    first: bool,
}

impl Writer {
    pub fn new(pretty: bool) -> Writer {
        Writer {
            out: String::new(),
            pretty,
            depth: 0,
            first: true,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Before an array element or an object key: the comma and, pretty, the new line.
    pub fn item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.newline();
    }

    #[inline(never)] // one copy, not one per `write_json`
    fn open(&mut self, c: char) {
        self.out.push(c);
        self.depth += 1;
        self.first = true;
    }

    #[inline(never)] // one copy, not one per `write_json`
    fn close(&mut self, c: char) {
        self.depth = self.depth.saturating_sub(1);
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    pub fn begin_object(&mut self) {
        self.open('{');
    }

    pub fn end_object(&mut self) {
        self.close('}');
    }

    pub fn begin_array(&mut self) {
        self.open('[');
    }

    pub fn end_array(&mut self) {
        self.close(']');
    }

    #[inline(never)] // one copy, not one per field of every `write_json`
    pub fn key(&mut self, k: &str) {
        self.item();
        self.string(k);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// `"k": v`.
    #[inline(never)] // one copy, not one per field of every `write_json`
    pub fn field(&mut self, k: &str, v: &dyn ToJson) {
        self.key(k);
        v.write_json(self);
    }

    /// `"k": v` unless `v` is `None` (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn some<T: ToJson>(&mut self, k: &str, v: &Option<T>) {
        if let Some(x) = v {
            self.field(k, x);
        }
    }

    /// `"k": [...]` unless the list is empty.
    pub fn nonempty<T: ToJson>(&mut self, k: &str, v: &[T]) {
        if !v.is_empty() {
            self.field(k, &v);
        }
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// The shortest text that reads back as the same f64 (`null` for NaN and ±∞, as
    /// serde_json); exponent notation outside [1e-6, 1e21), where JavaScript uses it too.
    pub fn number(&mut self, x: f64) {
        if !x.is_finite() {
            self.null();
        } else if x == 0.0 || (1e-6..1e21).contains(&x.abs()) {
            let _ = write!(self.out, "{x}");
        } else {
            let _ = write!(self.out, "{x:e}");
        }
    }

    pub fn integer(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
    }

    /// A string with the escapes JSON requires (as serde_json: `\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\b`, `\f`, other control characters as `\u00XX`).
    pub fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[run..i]);
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
            run = i + 1;
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        w.number(*self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, w: &mut Writer) {
        w.integer(u64::from(*self));
    }
}

impl ToJson for u64 {
    fn write_json(&self, w: &mut Writer) {
        w.integer(*self);
    }
}

impl ToJson for usize {
    fn write_json(&self, w: &mut Writer) {
        w.integer(*self as u64);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(x) => x.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for x in self {
            w.item();
            x.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        for (k, v) in self {
            w.field(k, v);
        }
        w.end_object();
    }
}
