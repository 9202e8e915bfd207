//! Shared helpers: reading the repository's data and specs, an independent CSV reader for the
//! published tables, and a small JSON reader that keeps numbers as their exact text.

use tolok::{Scorer, Spec};

/// A file of the repository as text (`rel` from the crate root, e.g. "data/x/y.csv").
pub fn read(rel: &str) -> String {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A spec of `specs/` by file name.
pub fn spec(name: &str) -> Spec {
    Spec::from_json(&read(&format!("specs/{name}"))).unwrap_or_else(|e| panic!("specs/{name}: {e}"))
}

/// The real specs with the data they are made for: (spec file, data file).
pub const REAL: [(&str, &str); 6] = [
    ("hdi_2022.json", "data/undp_hdi_2022/hdi_2022_extract.csv"),
    ("ipm_2024.json", "data/ipm_kabkota_2024/profil_kabkota_2024.csv"),
    (
        "kesejahteraan_2024.json",
        "data/ipm_kabkota_2024/profil_kabkota_2024.csv",
    ),
    ("asem_2018.json", "data/coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv"),
    ("oecd_bli_2015.json", "data/oecd_bli_2015/oecd_bli_2015_TOT_wide.csv"),
    ("pekppp_template.json", "data/pekppp/pekppp_illustrative.csv"),
];

/// Scores a data file of the repository by a spec of `specs/`.
pub fn score(spec_name: &str, data: &str) -> Scorer {
    Scorer::from_csv(&read(data), spec(spec_name)).unwrap_or_else(|e| panic!("{spec_name} on {data}: {e}"))
}

/// Parses a float the way the published files write it ("182.0", "0.462", "1e-05").
pub fn num(text: &str) -> f64 {
    text.trim()
        .parse()
        .unwrap_or_else(|e| panic!("'{text}' is not a number: {e}"))
}

/// A CSV read with the `csv` crate directly (not through Tolok's reader): header and rows.
pub struct Published {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Published {
    pub fn read(rel: &str) -> Published {
        let text = read(rel);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().expect("header").iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
            .collect();
        Published { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column '{name}' in {:?}", self.header))
    }

    /// The cells of a column.
    pub fn column(&self, name: &str) -> Vec<&str> {
        let c = self.col(name);
        self.rows.iter().map(|r| r[c].as_str()).collect()
    }
}

/// Asserts that `a` and `b` are within `tol` of each other (absolute).
#[track_caller]
pub fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol,
        "{what}: {a} vs {b} (|diff| {:e} > {tol:e})",
        (a - b).abs()
    );
}

/// A JSON value whose numbers keep their exact text (serde_json without its `float_roundtrip`
/// feature may read a 17-digit number 1 ulp off, which would spoil bit-for-bit comparisons).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn parse(text: &str) -> Json {
        let mut p = JsonParser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "trailing text after JSON");
        v
    }

    #[track_caller]
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(m) => m
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no key '{key}'")),
            _ => panic!("not an object (looking for '{key}')"),
        }
    }

    #[track_caller]
    pub fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => panic!("not an array: {self:?}"),
        }
    }

    #[track_caller]
    pub fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => panic!("not a string: {self:?}"),
        }
    }

    /// The number (parsed exactly by Rust's `str::parse`), or None for null.
    #[track_caller]
    pub fn f64(&self) -> Option<f64> {
        match self {
            Json::Null => None,
            Json::Num(t) => Some(num(t)),
            _ => panic!("not a number: {self:?}"),
        }
    }
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) {
        assert!(
            self.s[self.i..].starts_with(lit.as_bytes()),
            "expected {lit} at byte {}",
            self.i
        );
        self.i += lit.len();
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'n' => {
                self.eat("null");
                Json::Null
            }
            b't' => {
                self.eat("true");
                Json::Bool(true)
            }
            b'f' => {
                self.eat("false");
                Json::Bool(false)
            }
            b'"' => Json::Str(self.string()),
            b'[' => {
                self.i += 1;
                let mut out = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return Json::Arr(out);
                }
                loop {
                    out.push(self.value());
                    self.ws();
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b',' => continue,
                        b']' => return Json::Arr(out),
                        _ => panic!("bad array at byte {}", self.i),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut out = Vec::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return Json::Obj(out);
                }
                loop {
                    self.ws();
                    let k = self.string();
                    self.ws();
                    self.eat(":");
                    out.push((k, self.value()));
                    self.ws();
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b',' => continue,
                        b'}' => return Json::Obj(out),
                        _ => panic!("bad object at byte {}", self.i),
                    }
                }
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len() && matches!(self.s[self.i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    self.i += 1;
                }
                assert!(self.i > start, "unexpected byte at {start}");
                Json::Num(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
            }
        }
    }

    fn string(&mut self) -> String {
        self.eat("\"");
        let mut out: Vec<u16> = Vec::new();
        loop {
            let rest = std::str::from_utf8(&self.s[self.i..]).expect("UTF-8");
            let ch = rest.chars().next().expect("unterminated string");
            self.i += ch.len_utf8();
            match ch {
                '"' => return String::from_utf16(&out).expect("UTF-16"),
                '\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let c = match e {
                        b'"' => '"' as u16,
                        b'\\' => '\\' as u16,
                        b'/' => '/' as u16,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => '\n' as u16,
                        b'r' => '\r' as u16,
                        b't' => '\t' as u16,
                        b'u' => {
                            let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("hex");
                            self.i += 4;
                            u16::from_str_radix(hex, 16).expect("hex")
                        }
                        _ => panic!("bad escape"),
                    };
                    out.push(c);
                }
                c => {
                    let mut buf = [0u16; 2];
                    out.extend_from_slice(c.encode_utf16(&mut buf));
                }
            }
        }
    }
}
