//! The JSON module against serde_json (a dev-dependency, with `float_roundtrip`), and its
//! messages and positions.

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::{parse, to_string, to_string_pretty, Kind, Number, ToJson, Value, Writer};
use crate::spec::Spec;

/// The error message (with position) and path of parsing `text`.
fn error(text: &str) -> (String, String) {
    let e = parse(text).expect_err(text);
    (e.message_in(Some(text)), e.path())
}

/// Our value as serde_json's, to compare the two parsers.
fn to_serde(v: &Value) -> serde_json::Value {
    match &v.kind {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => (*b).into(),
        Kind::Number(Number::U(u)) => (*u).into(),
        Kind::Number(Number::I(i)) => (*i).into(),
        Kind::Number(Number::F(f)) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
        Kind::String(s) => s.clone().into(),
        Kind::Array(a) => a.iter().map(to_serde).collect(),
        Kind::Object(m) => m.iter().map(|m| (m.key.clone(), to_serde(&m.value))).collect(),
    }
}

#[test]
fn f64_bits_round_trip_through_the_writer_and_the_parser() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut values = vec![
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        2.2250738585072014e-308,
        2.225073858507201e-308,
        1.7976931348623157e308,
        -1.7976931348623157e308,
        0.1 + 0.2,
        1e21,
        1e-7,
        123456789.0,
        1.0,
        2.5,
    ];
    for _ in 0..20_000 {
        values.push(f64::from_bits(rng.next_u64()));
        values.push((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 1000.0);
    }
    for x in values.into_iter().filter(|x| x.is_finite()) {
        let text = to_string(&x);
        let back = parse(&text).unwrap().kind;
        let Kind::Number(n) = back else { panic!("{text}") };
        assert_eq!(n.as_f64().to_bits(), x.to_bits(), "{x:e} written as {text}");
        let theirs: f64 = serde_json::from_str(&text).unwrap();
        assert_eq!(theirs.to_bits(), x.to_bits(), "serde_json reads {text}");
    }
    assert_eq!(to_string(&f64::NAN), "null");
    assert_eq!(to_string(&f64::NEG_INFINITY), "null");
    assert_eq!(to_string(&3u32), "3");
    assert_eq!(to_string(&vec![1.0, 0.5]), "[1,0.5]");
}

#[test]
fn strings_escape_and_unescape_as_json_requires() {
    let s = "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}é😀/\u{7f}";
    let text = to_string(&s);
    assert_eq!(text, serde_json::to_string(s).unwrap());
    assert_eq!(parse(&text).unwrap().kind, Kind::String(s.into()));
    let escaped = r#""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\""#;
    assert_eq!(
        parse(escaped).unwrap().kind,
        Kind::String("é😀/\u{8}\u{c}\n\r\t\"\\".into())
    );
    // Lone surrogates are errors, as in serde_json.
    for bad in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, r#""\ud800x""#] {
        assert!(parse(bad).is_err(), "{bad}");
        assert!(serde_json::from_str::<String>(bad).is_err(), "{bad}");
    }
}

#[test]
fn syntax_errors_say_what_and_where() {
    let cases = [
        ("", "EOF while parsing a value at line 1 column 0", ""),
        ("{", "EOF while parsing an object at line 1 column 1", "?"),
        ("[1,", "EOF while parsing a value at line 1 column 3", "[1]"),
        ("[1", "EOF while parsing a list at line 1 column 2", ""),
        ("[1 2]", "expected `,` or `]` at line 1 column 4", ""),
        ("[1,]", "trailing comma at line 1 column 4", ""),
        ("{\"a\":1,}", "trailing comma at line 1 column 8", "?"),
        (
            "{\n  \"a\": 1\n  \"b\": 2}",
            "expected `,` or `}` at line 3 column 3",
            "?",
        ),
        ("{\"a\" 1}", "expected `:` at line 1 column 6", ""),
        ("{1:2}", "key must be a string at line 1 column 2", "?"),
        ("{\"a\":tru}", "expected ident at line 1 column 9", "a"),
        ("{\"a\":nul", "EOF while parsing a value at line 1 column 8", "a"),
        ("x", "expected value at line 1 column 1", ""),
        ("01", "invalid number at line 1 column 2", ""),
        ("-", "EOF while parsing a value at line 1 column 1", ""),
        ("-x", "invalid number at line 1 column 2", ""),
        ("1.", "EOF while parsing a value at line 1 column 2", ""),
        ("1.e", "invalid number at line 1 column 3", ""),
        ("1e", "invalid number at line 1 column 2", ""),
        ("1e999", "number out of range at line 1 column 5", ""),
        ("\"abc", "EOF while parsing a string at line 1 column 4", ""),
        (
            "\"a\u{1}\"",
            "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3",
            "",
        ),
        ("\"\\q\"", "invalid escape at line 1 column 3", ""),
        ("\"\\u12\"", "EOF while parsing a string at line 1 column 6", ""),
        ("\"\\u12x4\"", "invalid escape at line 1 column 6", ""),
        ("{\"a\":1,\"a\":2}", "duplicate field `a` at line 1 column 10", ""),
        (
            "{\"x\":{\"a\":1,\"a\":2}}",
            "duplicate field `a` at line 1 column 15",
            "x",
        ),
        ("{} x", "trailing characters at line 1 column 4", ""),
        ("{\"version\": 1} {", "trailing characters at line 1 column 16", ""),
        ("[1] ]", "trailing characters at line 1 column 5", ""),
    ];
    for (text, message, path) in cases {
        assert_eq!(error(text), (message.to_string(), path.to_string()), "{text:?}");
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err() || text.contains("\"a\":2"));
    }
    // Whitespace after the value is fine.
    assert!(parse(" {} \n\t\r ").is_ok());
}

#[test]
fn nesting_is_limited_without_overflowing_the_stack() {
    let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert!(parse(&deep(127)).is_ok());
    assert_eq!(error(&deep(128)).0, "recursion limit exceeded at line 1 column 128");
    assert!(parse(&"{\"a\":".repeat(100_000)).is_err());
    assert!(parse(&"[".repeat(1_000_000)).is_err());
}

#[test]
fn pretty_output_is_serde_jsons() {
    struct Doc;
    impl ToJson for Doc {
        fn write_json(&self, w: &mut Writer) {
            w.begin_object();
            w.field("a", &1u32);
            w.field("b", &vec![1.5, 0.25]);
            w.field("c", &Vec::<f64>::new());
            w.key("d");
            w.begin_object();
            w.end_object();
            w.field("e", &vec![vec!["x".to_string()]]);
            w.field("f", &Option::<f64>::None);
            w.end_object();
        }
    }
    let theirs: serde_json::Value = serde_json::from_str(&to_string(&Doc)).unwrap();
    assert_eq!(to_string_pretty(&Doc), serde_json::to_string_pretty(&theirs).unwrap());
}

/// A random JSON document (with awkward strings and numbers).
fn random_doc(rng: &mut Xoshiro256PlusPlus, depth: usize, out: &mut String) {
    let pick = rng.next_u64() % if depth > 4 { 5 } else { 7 };
    match pick {
        0 => out.push_str(["null", "true", "false"][(rng.next_u64() % 3) as usize]),
        1 => {
            let n = [
                "0",
                "-0",
                "1",
                "-1",
                "18446744073709551615",
                "18446744073709551616",
                "-9223372036854775808",
                "-9223372036854775809",
                "0.1",
                "1e-7",
                "2.5E+3",
                "1.7976931348623157e308",
                "5e-324",
                "4e-324",
                "123456789012345678901234567890",
                "0.30000000000000004",
                "-0.0",
            ];
            out.push_str(n[(rng.next_u64() % n.len() as u64) as usize]);
        }
        2 => out.push_str(&format!("{:e}", f64::from_bits(rng.next_u64() >> 2))),
        3 | 4 => {
            let s = [
                "",
                "a",
                "é",
                "\\u00e9",
                "\\ud83d\\ude00",
                "\\n\\t\\\"\\\\\\/",
                "😀",
                " ",
                "\\u0000",
            ];
            out.push('"');
            for _ in 0..rng.next_u64() % 3 {
                out.push_str(s[(rng.next_u64() % s.len() as u64) as usize]);
            }
            out.push('"');
        }
        5 => {
            out.push('[');
            for i in 0..rng.next_u64() % 4 {
                if i > 0 {
                    out.push_str(", ");
                }
                random_doc(rng, depth + 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push_str("{ ");
            for i in 0..rng.next_u64() % 4 {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("\"k{i}\":"));
                random_doc(rng, depth + 1, out);
            }
            out.push('}');
        }
    }
}

#[test]
fn parser_agrees_with_serde_json_on_random_documents() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..5_000 {
        let mut text = String::new();
        random_doc(&mut rng, 0, &mut text);
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ours = parse(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(to_serde(&ours), theirs, "{text}");
        // Garbled: both refuse it, or both read the same.
        let mut bytes = text.into_bytes();
        let at = (rng.next_u64() % bytes.len() as u64) as usize;
        let junk = b"{}[]\",:0-.e x\\";
        bytes[at] = junk[(rng.next_u64() % junk.len() as u64) as usize];
        let Ok(text) = String::from_utf8(bytes) else { continue };
        match (parse(&text), serde_json::from_str::<serde_json::Value>(&text)) {
            (Ok(a), Ok(b)) => assert_eq!(to_serde(&a), b, "{text}"),
            (Err(_), Err(_)) => {}
            // serde_json lets a duplicate key through; we refuse it.
            (Err(e), Ok(_)) => assert!(e.message.starts_with("duplicate field"), "{text}: {e:?}"),
            (Ok(_), Err(e)) => panic!("{text}: serde_json says {e}"),
        }
    }
}

#[test]
fn every_real_spec_reads_back_what_it_writes() {
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/specs")).unwrap() {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let spec = Spec::from_json(&text).unwrap();
        let written = spec.to_json();
        assert_eq!(Spec::from_json(&written).unwrap(), spec, "{path:?}");
        // Valid JSON for serde_json, with the same values (numbers to the bit).
        let theirs: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(to_serde(&parse(&written).unwrap()), theirs, "{path:?}");
        assert_eq!(to_string_pretty(&spec), written);
    }
}

#[test]
fn data_errors_keep_serdes_wording_and_paths() {
    let base = r#"{"version":1,"units":{"id":"id"},"indicators":[{"id":"a"XX}],"tree":{"id":"t","children":[{"indicator":"a"}]}}"#;
    let cases = [
        (r#","normalise":{"method":"goalposts","min":0,"maxx":1}"#, "indicators[0].normalise.maxx", "unknown field `maxx`, expected one of `min`, `max`, `cap`, `log` at line 1 column 105"),
        (r#","normalise":{"method":"rnk"}"#, "indicators[0].normalise.method", "unknown variant `rnk`, expected one of `minmax`, `zscore`, `goalposts`, `rank`, `percentile`, `target`, `none`, `sum`, `max`, `vector` at line 1 column 84"),
        (r#","normalise":{"min":1}"#, "indicators[0].normalise", "missing field `method` at line 1 column 78"),
        (r#","normalise":{"method":"rank","x":1}"#, "indicators[0].normalise.x", "unknown field `x`, there are no fields at line 1 column 89"),
        (r#","normalise":"rank""#, "indicators[0].normalise", "invalid type: string \"rank\", expected internally tagged enum Normalise at line 1 column 75"),
        (r#","normalise":{"method":"goalposts","min":"0","max":1}"#, "indicators[0].normalise.min", "invalid type: string \"0\", expected f64 at line 1 column 100"),
        (r#","normalise":{"method":3}"#, "indicators[0].normalise.method", "invalid type: integer `3`, expected variant identifier at line 1 column 80"),
        (r#","direction":"down""#, "indicators[0].direction", "unknown variant `down`, expected `higher` or `lower` at line 1 column 75"),
        (r#","label":2.0"#, "indicators[0].label", "invalid type: floating point `2.0`, expected a string at line 1 column 68"),
        (r#","label":["x"]"#, "indicators[0].label", "invalid type: sequence, expected a string at line 1 column 70"),
        (r#","column":{}"#, "indicators[0].column", "invalid type: map, expected a string at line 1 column 68"),
        (r#","id":"b""#, "indicators[0]", "duplicate field `id` at line 1 column 61"),
    ];
    for (insert, path, message) in cases {
        let text = base.replace("XX", insert);
        match Spec::from_json(&text) {
            Err(crate::Error::SpecSyntax { path: p, message: m }) => {
                assert_eq!((p.as_str(), m.as_str()), (path, message), "{text}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    let at_top = |text: &str| match Spec::from_json(text) {
        Err(crate::Error::SpecSyntax { path, message }) => format!("{path}: {message}"),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(
        at_top(r#"{"version":1}"#),
        "(top level): missing field `units` at line 1 column 13"
    );
    assert_eq!(
        at_top(r#"{"version":-1}"#),
        "version: invalid value: integer `-1`, expected u32 at line 1 column 13"
    );
    assert_eq!(
        at_top(r#"{"version":1.5}"#),
        "version: invalid type: floating point `1.5`, expected u32 at line 1 column 14"
    );
    assert_eq!(
        at_top(r#"{"version":4294967296}"#),
        "version: invalid value: integer `4294967296`, expected u32 at line 1 column 21"
    );
    assert_eq!(
        at_top(r#"{"version":1,"units":{"id":"x","groups":[1]}}"#),
        "units.groups[0]: invalid type: integer `1`, expected a string at line 1 column 42"
    );
    assert_eq!(
        at_top("[]"),
        "(top level): invalid type: sequence, expected struct Spec at line 1 column 2"
    );
    assert_eq!(at_top(r#"{"x":1}"#).split(" at ").next().unwrap(),
        "x: unknown field `x`, expected one of `version`, `name`, `description`, `units`, `indicators`, `tree`, `rank`, `grades`, `uncertainty`, `prepare`");
}
