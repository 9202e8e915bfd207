//! The parser: strict RFC 8259 text to a [`Value`] tree, with serde_json's messages and
//! positions for bad JSON, and the path of the place where the text went wrong.

use std::collections::BTreeSet;

use super::{Error, Kind, Member, Number, Seg, Value};

/// Deepest nesting of arrays and objects, as serde_json's: hostile input must not overflow the
/// stack (in WebAssembly that is an opaque trap, not an error).
const MAX_DEPTH: usize = 127;

/// Parses one JSON value; only whitespace may follow it.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        i: 0,
        path: Vec::new(),
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.peek_error("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// Where the parser is (for the path of a syntax error).
    path: Vec<Seg>,
    depth: usize,
}

impl Parser<'_> {
    /// An error at offset `at`, at the current path.
    fn error_at(&self, message: &str, at: usize) -> Error {
        let mut e = Error::at(message, at.min(self.b.len()));
        for seg in self.path.iter().rev() {
            e = e.within(seg.clone());
        }
        e
    }

    /// An error about the byte at `i` (serde_json's `peek_error`: the column of that byte).
    fn peek_error(&self, message: &str) -> Error {
        self.error_at(message, self.i + 1)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.ws();
        let kind = match self.peek() {
            None => return Err(self.peek_error("EOF while parsing a value")),
            Some(b'n') => self.ident(b"null", Kind::Null)?,
            Some(b't') => self.ident(b"true", Kind::Bool(true))?,
            Some(b'f') => self.ident(b"false", Kind::Bool(false))?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b'"') => Kind::String(self.string()?),
            Some(b'[') => self.nested(Parser::array)?,
            Some(b'{') => self.nested(Parser::object)?,
            Some(_) => return Err(self.peek_error("expected value")),
        };
        Ok(Value { kind, end: self.i })
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Kind, Error>) -> Result<Kind, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.peek_error("recursion limit exceeded"));
        }
        self.depth += 1;
        self.i += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn ident(&mut self, word: &[u8], kind: Kind) -> Result<Kind, Error> {
        for &want in word {
            match self.peek() {
                None => return Err(self.peek_error("EOF while parsing a value")),
                Some(b) if b != want => return Err(self.peek_error("expected ident")),
                Some(_) => self.i += 1,
            }
        }
        Ok(kind)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// A number: integers that fit stay integers; the rest goes through `str::parse::<f64>`,
    /// which rounds correctly (the same bits as JavaScript's `JSON.parse`).
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        match self.peek() {
            None => return Err(self.peek_error("EOF while parsing a value")),
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.peek_error("invalid number")),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            if self.digits() == 0 {
                return Err(match self.peek() {
                    None => self.peek_error("EOF while parsing a value"),
                    Some(_) => self.peek_error("invalid number"),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.peek_error("invalid number"));
            }
        }
        let text = &self.text[start..self.i];
        if integer {
            if negative {
                // "-0" is a float (-0.0), as in serde_json.
                if let Ok(n) = text.parse::<i64>() {
                    if n != 0 {
                        return Ok(Number::I(n));
                    }
                }
            } else if let Ok(n) = text.parse::<u64>() {
                return Ok(Number::U(n));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Number::F(f)),
            _ => Err(self.error_at("number out of range", self.i)),
        }
    }

    /// A string (the parser is at its opening quote), unescaped.
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The run ends at an ASCII byte, so it is whole UTF-8.
            out.push_str(&self.text[run..self.i]);
            match self.peek() {
                None => return Err(self.peek_error("EOF while parsing a string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => {
                    return Err(self.peek_error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let Some(c) = self.peek() else {
            return Err(self.peek_error("EOF while parsing a string"));
        };
        self.i += 1;
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(out),
            _ => return Err(self.error_at("invalid escape", self.i)),
        });
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        if self.b.len() - self.i < 4 {
            return Err(self.error_at("EOF while parsing a string", self.b.len()));
        }
        let mut n = 0;
        for _ in 0..4 {
            let d = (self.b[self.i] as char).to_digit(16);
            self.i += 1;
            n = n * 16 + d.ok_or_else(|| self.error_at("invalid escape", self.i))?;
        }
        Ok(n)
    }

    /// `\uXXXX` (after the `u`): surrogates must come in pairs, as serde_json requires.
    fn unicode(&mut self, out: &mut String) -> Result<(), Error> {
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error_at("lone leading surrogate in hex escape", self.i));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            // Not a surrogate: always a char.
            out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            return Ok(());
        }
        for want in [b'\\', b'u'] {
            match self.peek() {
                None => return Err(self.peek_error("EOF while parsing a string")),
                Some(b) if b != want => return Err(self.peek_error("unexpected end of hex escape")),
                Some(_) => self.i += 1,
            }
        }
        let low = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(self.error_at("lone leading surrogate in hex escape", self.i));
        }
        out.push(char::from_u32(0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)).unwrap_or('\u{fffd}'));
        Ok(())
    }

    fn array(&mut self) -> Result<Kind, Error> {
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.path.push(Seg::Index(items.len()));
            let v = self.value();
            self.path.pop();
            items.push(v?);
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        return Err(self.peek_error("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(Kind::Array(items));
                }
                None => return Err(self.peek_error("EOF while parsing a list")),
                Some(_) => return Err(self.peek_error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Kind, Error> {
        let mut members: Vec<Member> = Vec::new();
        // Keys seen, once an object is big enough for a linear search to matter.
        let mut seen: BTreeSet<String> = BTreeSet::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            // A key that cannot be read has the path `?`, as serde_path_to_error said.
            self.path.push(Seg::Unknown);
            let key = match self.peek() {
                Some(b'"') => self.string(),
                Some(b'}') if !members.is_empty() => Err(self.peek_error("trailing comma")),
                None => Err(self.peek_error("EOF while parsing an object")),
                Some(_) => Err(self.peek_error("key must be a string")),
            };
            self.path.pop();
            let key = key?;
            let key_end = self.i;
            let duplicate = if members.len() < 16 {
                members.iter().any(|m| m.key == key)
            } else {
                if seen.is_empty() {
                    seen.extend(members.iter().map(|m| m.key.clone()));
                }
                !seen.insert(key.clone())
            };
            if duplicate {
                return Err(self.error_at(&format!("duplicate field `{key}`"), key_end));
            }
            self.ws();
            match self.peek() {
                Some(b':') => self.i += 1,
                None => return Err(self.peek_error("EOF while parsing an object")),
                Some(_) => return Err(self.peek_error("expected `:`")),
            }
            self.path.push(Seg::Key(key));
            let value = self.value();
            let key = match self.path.pop() {
                Some(Seg::Key(k)) => k,
                _ => String::new(),
            };
            members.push(Member {
                key,
                key_end,
                value: value?,
            });
            self.ws();
            let next = self.peek();
            match next {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Kind::Object(members));
                }
                _ => {
                    self.path.push(Seg::Unknown);
                    let e = match next {
                        None => self.peek_error("EOF while parsing an object"),
                        _ => self.peek_error("expected `,` or `}`"),
                    };
                    self.path.pop();
                    return Err(e);
                }
            }
        }
    }
}
