//! Reading a spec from JSON text, with the path of the value at fault in every error.
//!
//! serde_json's reader drives the derived `Deserialize` impls through a thin adapter that keeps
//! a stack of where it is (keys by their ordinal within the object, array indices) and copies it
//! at the first error; the path is then spelt out from the text. The message and its position
//! are serde_json's own, and the path is what `serde_path_to_error` reports (the same points,
//! the same display: `a.b[2].c`, `?` for a key that could not be read; the tests check both on
//! thousands of bad specs). That crate captured every key as an owned string in a chain passed
//! through every wrapper: 18 KB of the gzipped WebAssembly over reading without paths. These
//! wrappers carry no state (the stack is a thread-local) and cost about 5 KB.
//!
//! As before, nothing after the top-level value is read (trailing text is not an error).

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::error::Category;

/// `T` from JSON text; on error, the path (as serde_path_to_error displays it, `.` at the top)
/// and serde_json's error.
pub(super) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, (String, serde_json::Error)> {
    TRACK.with_borrow_mut(|t| {
        t.stack.clear();
        t.hit = None;
    });
    let out = T::deserialize(Tracked(&mut serde_json::Deserializer::from_str(text)));
    let hit = TRACK.with_borrow_mut(|t| {
        t.stack = Vec::new();
        t.hit.take()
    });
    out.map_err(|e| {
        let data = e.classify() == Category::Data;
        (spell(text, hit.as_deref().unwrap_or(&[]), data), e)
    })
}

/// One step of a path: the n-th key of an object, an array index, the variant of an enum, or
/// the n-th key when reading it failed: the key itself if it was read (the error is about it,
/// e.g. an unknown field: a data error), `?` if not (bad JSON where a key should be).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Seg {
    Key(usize),
    Index(usize),
    Variant,
    KeyRead(usize),
}

struct Track {
    /// Where the reader is.
    stack: Vec<Seg>,
    /// Where the first error was seen (the deepest point: the stack is popped on the way out).
    hit: Option<Vec<Seg>>,
}

thread_local! {
    static TRACK: RefCell<Track> = const { RefCell::new(Track { stack: Vec::new(), hit: None }) };
}

#[inline(never)]
fn push(seg: Seg) {
    TRACK.with_borrow_mut(|t| t.stack.push(seg));
}

#[inline(never)]
fn pop() {
    TRACK.with_borrow_mut(|t| t.stack.pop());
}

/// Records where the reader is (plus `last`), unless an error was recorded already (deeper).
#[inline(never)]
fn trigger(last: Option<Seg>) {
    TRACK.with_borrow_mut(|t| {
        if t.hit.is_none() {
            let mut path = t.stack.clone();
            path.extend(last);
            t.hit = Some(path);
        }
    });
}

/// serde_json's reader, recording where an error happens.
struct Tracked<D>(D);

/// A visitor: forwards, wrapping the maps, sequences and enums it is given.
struct Wrap<X>(X);

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline(always)]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Wrap(visitor)).inspect_err(|_| trigger(None))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tracked<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16(); deserialize_u32();
        deserialize_u64(); deserialize_u128(); deserialize_f32(); deserialize_f64(); deserialize_char();
        deserialize_str(); deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq(); deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

// The visitor's own errors reach `Tracked` (at the same place) before anything else.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, X: Visitor<'de>> Visitor<'de> for Wrap<X> {
    type Value = X::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64); visit_i128(i128);
        visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64); visit_u128(u128); visit_f32(f32);
        visit_f64(f64); visit_char(char); visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Tracked(de))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Tracked(de))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Seq { inner: seq, index: 0 })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Map { inner: map, keys: 0 })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

/// A value's seed: the value is read through [`Tracked`]; errors after reading (e.g. from an
/// internally tagged enum, which reads the value first and then picks the variant) are recorded
/// here.
struct Seed<X>(X);

impl<'de, X: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<X> {
    type Value = X::Value;

    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<X::Value, D::Error> {
        self.0.deserialize(Tracked(de)).inspect_err(|_| trigger(None))
    }
}

struct Seq<A> {
    inner: A,
    index: usize,
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Self::Error> {
        push(Seg::Index(self.index));
        self.index += 1;
        let out = self.inner.next_element_seed(Seed(seed));
        pop();
        out
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Map<A> {
    inner: A,
    /// Keys read so far.
    keys: usize,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let key = self
            .inner
            .next_key_seed(seed)
            .inspect_err(|_| trigger(Some(Seg::KeyRead(self.keys))))?;
        self.keys += usize::from(key.is_some());
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        push(Seg::Key(self.keys.wrapping_sub(1)));
        let out = self.inner.next_value_seed(Seed(seed));
        pop();
        out
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant), Self::Error> {
        let (value, variant) = self.0.variant_seed(seed)?;
        Ok((value, Variant(variant)))
    }
}

/// The data of an enum variant: errors name the variant (one level down).
struct Variant<A>(A);

impl<A> Variant<A> {
    /// Runs `f` one level down (the variant), recording an error there.
    fn within<T, E>(self, f: impl FnOnce(A) -> Result<T, E>) -> Result<T, E> {
        push(Seg::Variant);
        let out = f(self.0).inspect_err(|_| trigger(None));
        pop();
        out
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        self.within(|a| a.unit_variant())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Self::Error> {
        self.within(|a| a.newtype_variant_seed(Seed(seed)))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.within(|a| a.tuple_variant(len, Wrap(visitor)))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.within(|a| a.struct_variant(fields, Wrap(visitor)))
    }
}

// ------------------------------------------------------------------ spelling a path out -------

/// The path as serde_path_to_error displays it: keys joined by `.`, indices as `[i]`, `?` for a
/// key that could not be read, `.` for the top level. The steps are looked up in `text`, which
/// is well-formed up to the error (everything the steps pass over was read without error);
/// `data`: the error is a data error (not bad JSON), so a key being read when it happened was read.
fn spell(text: &str, path: &[Seg], data: bool) -> String {
    let mut out = String::new();
    let mut at = Some(skip_ws(text, 0));
    for seg in path {
        let name = match (*seg, at) {
            (Seg::Index(i), _) => {
                at = at.and_then(|p| element(text, p, i));
                out.push_str(&format!("[{i}]"));
                continue;
            }
            (Seg::Key(n), Some(p)) | (Seg::KeyRead(n), Some(p)) if !matches!(seg, Seg::KeyRead(_)) || data => {
                match nth_key(text, p, n) {
                    Some((key, value)) => {
                        at = Some(value);
                        key
                    }
                    None => {
                        at = None;
                        "?".to_string()
                    }
                }
            }
            (Seg::Variant, Some(p)) if text.as_bytes().get(p) == Some(&b'"') => {
                string(text, p).map_or("?".into(), |s| s.0)
            }
            (Seg::Variant, Some(p)) => match nth_key(text, p, 0) {
                Some((key, value)) => {
                    at = Some(value);
                    key
                }
                None => "?".to_string(),
            },
            _ => "?".to_string(),
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&name);
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// The string starting at `i` (a `"`), unescaped, and the index after it.
fn string(text: &str, i: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut j = i + 1;
    loop {
        let run = j;
        while j < b.len() && b[j] != b'"' && b[j] != b'\\' {
            j += 1;
        }
        out.push_str(text.get(run..j)?);
        match b.get(j)? {
            b'"' => return Some((out, j + 1)),
            _ => {
                let c = match *b.get(j + 1)? {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let hex = |k: usize| text.get(k..k + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                        let hi = hex(j + 2)?;
                        j += 6;
                        if (0xD800..0xDC00).contains(&hi) && text.as_bytes().get(j..j + 2) == Some(b"\\u") {
                            let lo = hex(j + 2)?;
                            if (0xDC00..0xE000).contains(&lo) {
                                j += 6;
                                out.push(char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?);
                                continue;
                            }
                        }
                        out.push(char::from_u32(hi)?);
                        continue;
                    }
                    _ => return None,
                };
                out.push(c);
                j += 2;
            }
        }
    }
}

/// The index after the value starting at `i`.
fn skip_value(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'"' => string(text, i).map(|s| s.1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string(text, j)?.1;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r') {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The n-th key of the object starting at `i` and the start of its value.
fn nth_key(text: &str, i: usize, n: usize) -> Option<(String, usize)> {
    if text.as_bytes().get(i) != Some(&b'{') {
        return None;
    }
    let mut j = skip_ws(text, i + 1);
    for k in 0.. {
        let (key, after) = string(text, j)?;
        let colon = skip_ws(text, after);
        let value = skip_ws(text, colon + 1);
        if k == n {
            return Some((key, value));
        }
        j = skip_ws(text, skip_value(text, value)?);
        j = skip_ws(text, j + 1); // the comma
    }
    None
}

/// The start of the i-th element of the array starting at `at`.
fn element(text: &str, at: usize, i: usize) -> Option<usize> {
    if text.as_bytes().get(at) != Some(&b'[') {
        return None;
    }
    let mut j = skip_ws(text, at + 1);
    for _ in 0..i {
        j = skip_ws(text, skip_value(text, j)?);
        j = skip_ws(text, j + 1);
    }
    Some(j)
}

/// Paths and messages against serde_path_to_error (which this reader replaced; native only).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use rand_core::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;
    use serde_json::{json, Value};

    use crate::spec::Spec;

    /// (path, message) of the first error, or None: the reader under test.
    fn ours(text: &str) -> Option<(String, String)> {
        super::from_str::<Spec>(text).err().map(|(p, e)| (p, e.to_string()))
    }

    /// The same from serde_path_to_error over serde_json's reader (what `Spec::from_json` did).
    fn oracle(text: &str) -> Option<(String, String)> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, Spec>(de)
            .err()
            .map(|e| (e.path().to_string(), e.inner().to_string()))
    }

    /// A spec that uses every part of the format (prepare, weighting, uncertainty, grades).
    fn rich() -> Value {
        json!({
            "version": 1, "name": "n", "description": "d",
            "units": { "id": "id", "label": "name", "groups": ["g", "h"] },
            "indicators": [
                { "id": "a", "column": "ca", "label": "A", "direction": "lower", "unit": "%",
                  "normalise": { "method": "goalposts", "min": 0, "max": 10.5, "cap": true, "log": false } },
                { "id": "b", "normalise": { "method": "zscore", "sd": "population", "mean": 0, "scale": 1 } },
                { "id": "c", "normalise": { "method": "minmax", "low": 0, "high": 100 } },
                { "id": "d", "normalise": { "method": "target", "target": 3, "cap": false } },
                { "id": "e", "normalise": { "method": "rank" } }
            ],
            "tree": { "id": "root", "aggregate": "mean", "p": 0.5, "scale": 100, "missing": "skip", "minCoverage": 0.5,
                "children": [
                    { "id": "p1", "weight": 2, "weighting": { "method": "bod", "minShare": 0.1, "maxShare": 0.9,
                        "shares": { "a": { "min": 0.2 }, "b": { "max": 0.5 } } },
                      "children": [ { "indicator": "a" }, { "indicator": "b" } ] },
                    { "id": "p2", "weighting": { "method": "ahp", "matrix": [[1, 3], [0.333, 1]], "priority": "geometric" },
                      "children": [ { "indicator": "c", "label": "C" }, { "indicator": "d", "floor": 0 } ] },
                    { "id": "p3", "aggregate": "mpi", "penalty": "subtract", "weighting": { "method": "pca", "rotation": "none" },
                      "children": [ { "indicator": "e" } ] }
                ] },
            "rank": { "round": 2, "ties": "dense" },
            "grades": [ { "label": "A", "min": 4.5, "description": "top", "color": "#fff" }, { "label": "B", "min": 0 } ],
            "uncertainty": { "weights": { "range": [0.5, 2], "distribution": "loguniform" },
                "nodes": { "p1": { "dirichlet": 10 }, "p2": { "fixed": true } },
                "alternatives": [ { "node": "root", "aggregate": ["geometric", "arithmetic"] },
                                  { "indicator": "a", "normalise": [ { "method": "rank" }, { "method": "minmax" } ] } ],
                "samples": 100, "seed": 7, "sobol": { "samples": 64, "bootstrap": 10 } },
            "prepare": { "screen": { "minShare": 0.5 }, "impute": { "method": "groupMean", "by": "g" },
                "transform": { "method": "boxCox", "lambda": 0.5 },
                "treat": { "method": "winsorise", "maxPoints": 5, "skewness": 2, "kurtosis": 3.5, "winchange": true, "fallback": "log" },
                "indicators": { "a": { "denominate": { "by": "pop", "scale": 1000 }, "impute": { "method": "median" } } } }
        })
    }

    fn corpus() -> Vec<Value> {
        let mut out = vec![rich()];
        for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/specs")).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            out.push(serde_json::from_str(&text).unwrap());
        }
        out
    }

    /// JSON pointers of every value in `v`.
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }

    fn pick<'a, T>(rng: &mut Xoshiro256PlusPlus, from: &'a [T]) -> &'a T {
        &from[(rng.next_u64() % from.len() as u64) as usize]
    }

    /// A random change to one value: another type, a typo in a key, a key too many or too few,
    /// an object written as an array, a string that is not a variant.
    fn mutate(rng: &mut Xoshiro256PlusPlus, mut v: Value) -> Value {
        let mut ptrs = Vec::new();
        pointers(&v, String::new(), &mut ptrs);
        let at = pick(rng, &ptrs).clone();
        let replacements = [
            json!(null),
            json!(true),
            json!(0),
            json!(-3),
            json!(2.5),
            json!(1e300),
            json!(18446744073709551615u64),
            json!("x"),
            json!("lower"),
            json!([]),
            json!([1, "a"]),
            json!({}),
            json!({ "method": "nope" }),
            json!({ "method": "goalposts" }),
            json!({ "lower": null }),
            json!({ "lower": 5 }),
            json!(["a", { "b": 1 }]),
            json!(4294967296u64),
            json!(-1),
        ];
        let target = v.pointer_mut(&at).unwrap();
        match rng.next_u64() % 6 {
            0 | 1 => *target = pick(rng, &replacements).clone(),
            2 => {
                if let Value::Object(m) = target {
                    if let Some(k) = m
                        .keys()
                        .nth((rng.next_u64() % (m.len().max(1) as u64)) as usize)
                        .cloned()
                    {
                        let x = m.remove(&k).unwrap();
                        if rng.next_u64() % 2 == 0 {
                            m.insert(format!("{k}x"), x);
                        }
                    } else {
                        m.insert("extra".into(), json!(1));
                    }
                }
            }
            3 => {
                if let Value::Object(m) = target {
                    *target = Value::Array(m.values().cloned().collect());
                }
            }
            4 => {
                if let Value::Object(m) = target {
                    m.insert("un\\u0069known".into(), json!(1));
                }
            }
            _ => {
                if let Value::String(s) = target {
                    s.push('z');
                } else {
                    *target = pick(rng, &replacements).clone();
                }
            }
        }
        v
    }

    /// A random change to the text: a character deleted, inserted or replaced, the text cut
    /// short, a slice repeated (duplicate keys), an escape in a key.
    fn garble(rng: &mut Xoshiro256PlusPlus, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let at = (rng.next_u64() % (chars.len() as u64 + 1)) as usize;
        let tokens = [
            ",",
            ":",
            "{",
            "}",
            "[",
            "]",
            "\"",
            "\\",
            " ",
            "\n",
            "1",
            "-",
            ".",
            "e",
            "x",
            "null",
            "tru",
            "\"x\"",
            "\\u00e9",
            "\\ud800",
            "\u{1}",
            "é",
            "1e999",
            "0.5e",
            "-0",
            "01",
            "\"a\":",
            ",\"weight\":1",
            ",\"id\":\"z\"",
        ];
        let mut c = chars.clone();
        match rng.next_u64() % 5 {
            0 if at < c.len() => {
                c.remove(at);
            }
            1 => c.splice(at..at, pick(rng, &tokens).chars()).for_each(drop),
            2 if at < c.len() => {
                c.splice(at..at + 1, pick(rng, &tokens).chars()).for_each(drop);
            }
            3 => c.truncate(at),
            _ => {
                let len = (rng.next_u64() % 40) as usize;
                let piece: Vec<char> = c[at..(at + len).min(c.len())].to_vec();
                c.splice(at..at, piece).for_each(drop);
            }
        }
        c.into_iter().collect()
    }

    fn check(text: &str, counts: &mut [usize; 2]) {
        let (got, want) = (ours(text), oracle(text));
        assert_eq!(got, want, "spec text:\n{text}");
        counts[usize::from(want.is_some())] += 1;
    }

    #[test]
    fn paths_and_messages_are_serde_path_to_errors() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut counts = [0usize; 2];
        let corpus = corpus();
        for round in 0..6000 {
            let base = pick(&mut rng, &corpus).clone();
            let mut v = base;
            for _ in 0..=(rng.next_u64() % 3) {
                v = mutate(&mut rng, v);
            }
            let text = if round % 2 == 0 {
                v.to_string()
            } else {
                serde_json::to_string_pretty(&v).unwrap()
            };
            check(&text, &mut counts);
            // The same, garbled as text (bad JSON, duplicate keys, escapes).
            let mut t = text;
            for _ in 0..=(rng.next_u64() % 2) {
                t = garble(&mut rng, &t);
            }
            check(&t, &mut counts);
        }
        for v in &corpus {
            check(&v.to_string(), &mut counts);
        }
        for text in [
            "",
            " ",
            "{",
            "[]",
            "null",
            "1",
            "\"x\"",
            "{} trailing",
            "{\"version\": 1} {",
            "{\"ver\\u0073ion\": \"1\"}",
            "{\"v\\u00e9rsion\": 1}",
            "{\"version\":1,\"version\":2}",
            "{\"units\":{\"id\":\"a\",\"id\":\"b\"}}",
            "{\"tree\":{\"children\":[{\"id\":\"x\",\"weight\":\"2\"}]}}",
            "{\"a.b\": 1}",
            "{\"\\ud83d\\ude00\": 1}",
            "{\"tree\":{\"weighting\":{\"method\":\"bod\",\"method\":\"bod\"}}}",
        ] {
            check(text, &mut counts);
        }
        // Most cases are errors (of every kind: unknown fields and variants, wrong types, missing
        // and duplicate fields, bad JSON in keys and values), and some pass.
        assert!(counts[1] > 9_000 && counts[0] > 1_000, "ok, errors: {counts:?}");
    }
}
