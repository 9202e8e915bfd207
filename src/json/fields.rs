//! Reading typed data from a [`Value`]: scalars, arrays, maps, enums by name, internally
//! tagged enums, and struct fields through [`Fields`]. Every error has serde's wording and the
//! path of the value at fault.

use std::collections::BTreeMap;

use super::{Error, Kind, Member, Number, Seg, Value};

/// A reader of one value.
pub type Read<T> = fn(&Value) -> Result<T, Error>;

/// serde's list of alternatives: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    match names {
        [a] => format!("`{a}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", list.join(", "))
        }
    }
}

/// A number as f64 (an integer converts).
pub fn f64_value(v: &Value) -> Result<f64, Error> {
    match v.kind {
        Kind::Number(n) => Ok(n.as_f64()),
        _ => Err(v.invalid_type("f64")),
    }
}

/// A u32: a non-negative integer that fits (a float, even 1.0, is refused, as serde does).
pub fn u32_value(v: &Value) -> Result<u32, Error> {
    let invalid_value = |n: String| Error::at(format!("invalid value: integer `{n}`, expected u32"), v.end);
    match v.kind {
        Kind::Number(Number::U(u)) => u32::try_from(u).map_err(|_| invalid_value(u.to_string())),
        Kind::Number(Number::I(i)) => Err(invalid_value(i.to_string())),
        _ => Err(v.invalid_type("u32")),
    }
}

pub fn boolean(v: &Value) -> Result<bool, Error> {
    match v.kind {
        Kind::Bool(b) => Ok(b),
        _ => Err(v.invalid_type("a boolean")),
    }
}

pub fn string(v: &Value) -> Result<String, Error> {
    match &v.kind {
        Kind::String(s) => Ok(s.clone()),
        _ => Err(v.invalid_type("a string")),
    }
}

pub fn strings(v: &Value) -> Result<Vec<String>, Error> {
    array(v, string)
}

/// An array, each element read by `read` (errors name the index).
pub fn array<T>(v: &Value, read: Read<T>) -> Result<Vec<T>, Error> {
    let Kind::Array(items) = &v.kind else {
        return Err(v.invalid_type("a sequence"));
    };
    // A plain loop: collecting into a `Result` adds an iterator adapter's copy per `T`.
    let mut out = Vec::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        out.push(read(x).map_err(|e| e.within(Seg::Index(i)))?);
    }
    Ok(out)
}

/// Two numbers, `[lo, hi]`.
pub fn array2(v: &Value) -> Result<[f64; 2], Error> {
    const EXPECTED: &str = "an array of length 2";
    let Kind::Array(items) = &v.kind else {
        return Err(v.invalid_type(EXPECTED));
    };
    if items.len() != 2 {
        return Err(Error::at(
            format!("invalid length {}, expected {EXPECTED}", items.len()),
            v.end,
        ));
    }
    let x = |i: usize| f64_value(&items[i]).map_err(|e| e.within(Seg::Index(i)));
    Ok([x(0)?, x(1)?])
}

/// An object as a map from its keys (errors name the key).
pub fn map<T>(v: &Value, read: Read<T>) -> Result<BTreeMap<String, T>, Error> {
    let Kind::Object(members) = &v.kind else {
        return Err(v.invalid_type("a map"));
    };
    // Inserted one by one: collecting sorts the pairs first, a copy of the sort per `T`.
    let mut map = BTreeMap::new();
    for m in members {
        let x = read(&m.value).map_err(|e| e.within(Seg::Key(m.key.clone())))?;
        map.insert(m.key.clone(), x);
    }
    Ok(map)
}

/// The index of the variant named by a string in `names` (a unit-only enum).
pub fn variant(v: &Value, names: &[&str]) -> Result<usize, Error> {
    let Kind::String(s) = &v.kind else {
        return Err(v.invalid_type("variant identifier"));
    };
    names
        .iter()
        .position(|n| n == s)
        .ok_or_else(|| Error::at(format!("unknown variant `{s}`, expected {}", one_of(names)), v.end))
}

/// An internally tagged enum (`{"method": "goalposts", ...}`): the variant's index in `names`,
/// and the object, whose other fields the variant reads with [`Fields::tagged`].
pub fn tagged<'a>(
    v: &'a Value,
    expecting: &str,
    tag: &'static str,
    names: &[&str],
) -> Result<(usize, Tagged<'a>), Error> {
    let Kind::Object(members) = &v.kind else {
        return Err(v.invalid_type(expecting));
    };
    let Some(m) = members.iter().find(|m| m.key == tag) else {
        return Err(Error::at(format!("missing field `{tag}`"), v.end));
    };
    let i = variant(&m.value, names).map_err(|e| e.within(Seg::Key(tag.into())))?;
    Ok((i, Tagged { value: v, tag }))
}

/// The object of an internally tagged enum (see [`tagged`]).
pub struct Tagged<'a> {
    value: &'a Value,
    tag: &'static str,
}

impl<'a> Tagged<'a> {
    /// The variant's fields (`names`, besides the tag).
    pub fn fields(&self, names: &'static [&'static str]) -> Result<Fields<'a>, Error> {
        Fields::read(self.value, "", names, Some(self.tag))
    }
}

/// The fields of an object read as a struct: unknown fields are refused up front, then each
/// field is taken by name (required, optional or with a default).
pub struct Fields<'a> {
    members: &'a [Member],
    end: usize,
}

impl<'a> Fields<'a> {
    /// The object `v` with the fields `names` (in declaration order, for messages);
    /// `expecting` names the struct for a wrong type ("struct Units").
    pub fn new(v: &'a Value, expecting: &str, names: &'static [&'static str]) -> Result<Fields<'a>, Error> {
        Fields::read(v, expecting, names, None)
    }

    fn read(v: &'a Value, expecting: &str, names: &[&str], tag: Option<&str>) -> Result<Fields<'a>, Error> {
        let Kind::Object(members) = &v.kind else {
            return Err(v.invalid_type(expecting));
        };
        for m in members {
            if Some(m.key.as_str()) != tag && !names.contains(&m.key.as_str()) {
                let expected = if names.is_empty() {
                    "there are no fields".to_string()
                } else {
                    format!("expected {}", one_of(names))
                };
                return Err(Error::at(format!("unknown field `{}`, {expected}", m.key), m.key_end)
                    .within(Seg::Key(m.key.clone())));
            }
        }
        Ok(Fields { members, end: v.end })
    }

    // The helpers below are out of line and non-generic: `req`, `opt` and `or` are instantiated
    // and inlined at every field of every struct read, so what they share is written once.
    #[inline(never)]
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.members.iter().find(|m| m.key == name).map(|m| &m.value)
    }

    fn field<T>(&self, name: &str, v: &Value, read: Read<T>) -> Result<T, Error> {
        read(v).map_err(|e| within_key(e, name))
    }

    #[inline(never)]
    fn missing(&self, name: &str) -> Error {
        Error::at(format!("missing field `{name}`"), self.end)
    }

    /// A required field.
    pub fn req<T>(&self, name: &str, read: Read<T>) -> Result<T, Error> {
        match self.get(name) {
            Some(v) => self.field(name, v, read),
            None => Err(self.missing(name)),
        }
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T>(&self, name: &str, read: Read<T>) -> Result<Option<T>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value { kind: Kind::Null, .. }) => Ok(None),
            Some(v) => self.field(name, v, read).map(Some),
        }
    }

    /// A field with a default when absent (`null` is not absent: it is a wrong type).
    pub fn or<T>(&self, name: &str, default: T, read: Read<T>) -> Result<T, Error> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => self.field(name, v, read),
        }
    }
}

/// `e` inside the field `name` (out of line: see [`Fields`]).
#[inline(never)]
fn within_key(e: Error, name: &str) -> Error {
    e.within(Seg::Key(name.into()))
}
