//! The `tolok` binary: `score` prints CSV or JSON with the same numbers, errors go to stderr
//! with exit code 2.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::common::{num, read, Json, Published};

const IPM_DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/ipm_kabkota_2024/profil_kabkota_2024.csv"
);
const IPM_SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/ipm_2024.json");

fn tolok(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tolok"))
        .args(args)
        .output()
        .expect("run tolok")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "tolok failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A temporary file with `text`, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("tolok-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The national min-rank of Kota Bekasi from the published IPM column.
fn bekasi_rank() -> f64 {
    let p = Published::read("data/ipm_kabkota_2024/profil_kabkota_2024.csv");
    let ipm: Vec<f64> = p.column("ipm").iter().map(|t| num(t)).collect();
    1.0 + ipm.iter().filter(|&&v| v > 83.54).count() as f64
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn score_ipm_prints_kota_bekasi() {
    let out = stdout(&tolok(&["score", "--data", IPM_DATA, "--spec", IPM_SPEC]));
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        [
            "kode_wilayah",
            "nama_wilayah",
            "provinsi",
            "ipm",
            "health",
            "education",
            "expenditure",
            "rank",
            "grade"
        ]
    );
    assert_eq!(rows.len(), 514);
    let bekasi = rows.iter().find(|r| r[0] == "32.75").expect("a row for 32.75");
    assert_eq!(&bekasi[1..3], ["Kota Bekasi", "Jawa Barat"]);
    let ipm = num(&bekasi[3]);
    assert!((ipm - 83.54).abs() < 0.005, "IPM {ipm} rounds to 83.54");
    assert_eq!(format!("{ipm:.2}"), "83.54");
    assert_eq!(num(&bekasi[7]), bekasi_rank(), "national rank");
    assert_eq!(bekasi[8], "Sangat tinggi");
}

#[test]
fn json_has_the_same_numbers_as_csv_bit_for_bit() {
    let csv = stdout(&tolok(&["score", "--data", IPM_DATA, "--spec", IPM_SPEC]));
    let json = stdout(&tolok(&[
        "score", "--data", IPM_DATA, "--spec", IPM_SPEC, "--format", "json",
    ]));
    // It is JSON (serde_json reads it), and has the documented shape.
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["root"], "ipm");
    assert_eq!(v["units"].as_array().unwrap().len(), 514);
    // The numbers, read from their exact text.
    let j = Json::parse(&json);
    let (header, rows) = read_csv(&csv);
    let units = j.get("units").arr();
    assert_eq!(units.len(), rows.len());
    let nodes = &header[3..header.len() - 2];
    for (u, row) in units.iter().zip(&rows) {
        assert_eq!(u.get("id").str(), row[0]);
        assert_eq!(u.get("label").str(), row[1]);
        assert_eq!(u.get("groups").get("provinsi").str(), row[2]);
        for (k, node) in nodes.iter().enumerate() {
            let from_json = u.get("scores").get(node).f64().expect("a score");
            let from_csv = num(&row[3 + k]);
            assert_eq!(from_json.to_bits(), from_csv.to_bits(), "{} {node}", row[0]);
            // Shortest round-trip text: printing the number again gives the same text.
            assert_eq!(format!("{from_csv}"), row[3 + k]);
        }
        assert_eq!(u.get("rank").f64(), Some(num(&row[header.len() - 2])), "{}", row[0]);
        assert_eq!(u.get("grade").str(), row[header.len() - 1]);
    }
    let bekasi = units.iter().find(|u| u.get("id").str() == "32.75").unwrap();
    assert_eq!(bekasi.get("score").f64(), Some(83.54), "the rounded score");
    assert_eq!(bekasi.get("rank").f64(), Some(bekasi_rank()));
    assert!(j.get("unranked").arr().is_empty());
}

#[test]
fn csv_output_of_a_spec_with_missing_scores() {
    // HDI: PRK and MCO have no score; their cells are empty and they are listed unranked.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/undp_hdi_2022/hdi_2022_extract.csv");
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/hdi_2022.json");
    let (header, rows) = read_csv(&stdout(&tolok(&["score", "--data", data, "--spec", spec])));
    let prk = rows.iter().find(|r| r[0] == "PRK").unwrap();
    let hdi = header.iter().position(|h| h == "hdi").unwrap();
    let rank = header.iter().position(|h| h == "rank").unwrap();
    assert_eq!((prk[hdi].as_str(), prk[rank].as_str()), ("", ""));
    let j = Json::parse(&stdout(&tolok(&[
        "score", "--data", data, "--spec", spec, "--format", "json",
    ])));
    let mut unranked: Vec<&str> = j.get("unranked").arr().iter().map(Json::str).collect();
    unranked.sort_unstable();
    assert_eq!(unranked, ["MCO", "PRK"]);
}

#[test]
fn bad_spec_exits_2_with_the_message_on_stderr() {
    let spec = read("specs/ipm_2024.json").replacen("\"aggregate\": \"arithmetic\"", "\"agregate\": \"arithmetic\"", 1);
    let f = TempFile::new("bad-spec.json", &spec);
    let o = tolok(&["score", "--data", IPM_DATA, "--spec", f.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("tolok: spec: tree.children[1].agregate: unknown field `agregate`, expected one of"),
        "{err}"
    );
}

#[test]
fn bad_data_exits_2_with_the_message_on_stderr() {
    let data = read("data/ipm_kabkota_2024/profil_kabkota_2024.csv").replacen("76.12", "76.12x", 1);
    let f = TempFile::new("bad-data.csv", &data);
    let o = tolok(&["score", "--data", f.path(), "--spec", IPM_SPEC]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("column 'uhh'") && err.contains("'76.12x' is not a number"),
        "{err}"
    );
    let line = data.lines().position(|l| l.contains("76.12x")).unwrap() + 1;
    assert!(err.starts_with(&format!("tolok: CSV line {line}, ")), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["score"][..],
        &["score", "--data", IPM_DATA][..],
        &["score", "--data", IPM_DATA, "--spec", IPM_SPEC, "--format", "xml"][..],
        &["score", "--bogus"][..],
        &["frobnicate"][..],
        &["score", "--data", "/no/such/file.csv", "--spec", IPM_SPEC][..],
    ] {
        let o = tolok(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
    let o = tolok(&["score", "--data", "/no/such/file.csv", "--spec", IPM_SPEC]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/file.csv"));
    let o = tolok(&["score", "--data", IPM_DATA, "--spec", IPM_SPEC, "--format", "xml"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format xml"));
}
