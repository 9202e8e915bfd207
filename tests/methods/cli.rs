//! The `tolok` binary with the new spec sections.

use std::process::Command;

use serde_json::Value;

fn tolok(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run tolok");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn asem_from_raw_data_with_the_treatment_report() {
    let (code, out, err) = tolok(&[
        "score",
        "--data",
        "data/coinr_asem/ASEM_iData.csv",
        "--spec",
        "specs/asem_2018_full.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let p = &v["prepare"];
    assert_eq!(p["imputed"].as_array().unwrap().len(), 65);
    assert_eq!(p["denominated"].as_array().unwrap().len(), 17);
    let treated = p["treated"].as_array().unwrap();
    let services = treated.iter().find(|t| t["indicator"] == "Services").unwrap();
    assert_eq!(
        (services["action"].as_str(), services["points"].as_u64()),
        (Some("winsorised"), Some(4))
    );
    assert_eq!(services["maxPoints"], 6);
    let unit = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "BEL")
        .unwrap();
    assert_eq!(unit["flags"]["Bord"][0], "winsorisedHigh");
    let (code, csv, _) = tolok(&[
        "score",
        "--data",
        "data/coinr_asem/ASEM_iData.csv",
        "--spec",
        "specs/asem_2018_full.json",
    ]);
    assert_eq!(code, 0);
    assert!(
        csv.starts_with("uCode,uName,EurAsia_group,Index,Conn,"),
        "{}",
        &csv[..80]
    );
}

#[test]
fn derived_weights_in_json_and_errors_on_stderr() {
    let dir = std::env::temp_dir().join(format!("tolok-methods-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("d.csv");
    std::fs::write(&data, "id,a,b\nx,1,4\ny,2,2\nz,3,5\n").unwrap();
    let spec = dir.join("s.json");
    std::fs::write(
        &spec,
        r#"{ "version": 1, "units": { "id": "id" }, "indicators": [{ "id": "a" }, { "id": "b" }],
             "tree": { "id": "i", "weighting": { "method": "ahp", "matrix": [[1, 3], [0.3333333333333333, 1]] },
                       "children": [{ "indicator": "a" }, { "indicator": "b" }] } }"#,
    )
    .unwrap();
    let (code, out, err) = tolok(&[
        "score",
        "--data",
        data.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = &v["derivedWeights"][0];
    assert_eq!(d["method"], "ahp");
    assert!((d["weights"][0].as_f64().unwrap() - 0.75).abs() < 1e-12);
    assert_eq!(d["consistency"]["cr"], 0.0);
    std::fs::write(
        &spec,
        std::fs::read_to_string(&spec)
            .unwrap()
            .replace("0.3333333333333333", "0.5"),
    )
    .unwrap();
    let (code, _, err) = tolok(&[
        "score",
        "--data",
        data.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("node 'i': weighting 'ahp'") && err.contains("not reciprocal"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
