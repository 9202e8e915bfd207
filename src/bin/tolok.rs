//! `tolok`: score a CSV by a spec from the command line (same core, same results as the page).
//!
//! ```text
//! tolok score --data FILE.csv --spec SPEC.json [--format csv|json]
//! tolok uncertainty --data FILE.csv --spec SPEC.json [--samples S] [--seed K] [--sobol]
//! tolok starter --data FILE.csv          # a starter spec for a CSV on stdout
//! ```
//! Results go to stdout; errors to stderr with exit code 2.

use std::process::ExitCode;

use tolok::{Scorer, Spec};

const USAGE: &str = "usage:
  tolok score --data FILE.csv --spec SPEC.json [--format csv|json]
  tolok uncertainty --data FILE.csv --spec SPEC.json [--samples S] [--seed K] [--sobol] [--format csv|json]
  tolok starter --data FILE.csv     (print a starter spec for a CSV)";

enum Format {
    Csv,
    Json,
}

fn main() -> ExitCode {
    match run() {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("tolok: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) | None => return Err(USAGE.into()),
        Some(other) => return Err(format!("{}\n{USAGE}", other.unexpected())),
    };
    let (mut data, mut spec, mut format) = (None, None, Format::Csv);
    let (mut samples, mut seed, mut sobol) = (None, None, false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("data") => {
                data = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("spec") => {
                spec = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("format") => {
                format = match parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|e| e.to_string())?
                    .as_str()
                {
                    "csv" => Format::Csv,
                    "json" => Format::Json,
                    f => return Err(format!("--format {f}: use csv or json")),
                }
            }
            Long("samples") => {
                samples = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .parse::<u32>()
                        .map_err(|e| format!("--samples: {e}"))?,
                )
            }
            Long("seed") => {
                seed = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .parse::<u32>()
                        .map_err(|e| format!("--seed: {e}"))?,
                )
            }
            Long("sobol") => sobol = true,
            Long("help") | Short('h') => return Err(USAGE.into()),
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let read = |flag: &str, path: Option<String>| -> Result<String, String> {
        let path = path.ok_or_else(|| format!("{flag} FILE is required\n{USAGE}"))?;
        std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
    };
    match command.as_str() {
        "score" => {
            let csv = read("--data", data)?;
            let spec = Spec::from_json(&read("--spec", spec)?).map_err(|e| e.to_string())?;
            let scorer = Scorer::from_csv(&csv, spec).map_err(|e| e.to_string())?;
            Ok(match format {
                Format::Csv => scorer.to_csv(),
                Format::Json => tolok::json::to_string_pretty(&scorer.result()) + "\n",
            })
        }
        "uncertainty" => {
            let csv = read("--data", data)?;
            let spec = Spec::from_json(&read("--spec", spec)?).map_err(|e| e.to_string())?;
            let mut u = spec.uncertainty.clone().unwrap_or_default();
            if let Some(s) = samples {
                u.samples = s;
            }
            if let Some(k) = seed {
                u.seed = k;
            }
            let scorer = Scorer::from_csv(&csv, spec).map_err(|e| e.to_string())?;
            let result = scorer.uncertainty(&u, |_| true).map_err(|e| e.to_string())?;
            let sobol = if sobol {
                Some(scorer.sobol(&u).map_err(|e| e.to_string())?)
            } else {
                None
            };
            Ok(match format {
                Format::Csv => uncertainty_csv(&scorer, &result, sobol.as_ref()),
                Format::Json => {
                    let mut w = tolok::json::Writer::new(true);
                    w.begin_object();
                    w.field("uncertainty", &result);
                    w.field("sobol", &sobol);
                    w.end_object();
                    w.finish() + "\n"
                }
            })
        }
        "starter" => {
            let csv = read("--data", data)?;
            Ok(tolok::starter::starter_spec(&csv).map_err(|e| e.to_string())?.to_json() + "\n")
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}

/// `id,label,rank,rank_mean,rank_median,rank_p05,rank_p95,rank_best,rank_worst`, then (with
/// `--sobol`) a blank line and a table of Sobol indices.
fn uncertainty_csv(
    s: &Scorer,
    r: &tolok::uncertainty::UncertaintyResult,
    sobol: Option<&tolok::uncertainty::SobolIndices>,
) -> String {
    let num = |x: f64| if x.is_nan() { String::new() } else { x.to_string() };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![[
        "id",
        "label",
        "rank",
        "rank_mean",
        "rank_median",
        "rank_p05",
        "rank_p95",
        "rank_best",
        "rank_worst",
    ]
    .map(String::from)
    .to_vec()];
    for u in 0..s.len() {
        rows.push(vec![
            s.table().ids()[u].clone(),
            s.table().labels()[u].clone(),
            num(r.nominal[u]),
            num(r.mean[u]),
            num(r.median[u]),
            num(r.p05[u]),
            num(r.p95[u]),
            num(r.bounds.best[u]),
            num(r.bounds.worst[u]),
        ]);
    }
    if let Some(sb) = sobol {
        rows.push(Vec::new());
        rows.push(
            [
                "input",
                "first_order",
                "first_ci_low",
                "first_ci_high",
                "total",
                "total_ci_low",
                "total_ci_high",
            ]
            .map(String::from)
            .to_vec(),
        );
        for (i, f) in sb.factors.iter().enumerate() {
            rows.push(vec![
                f.name.clone(),
                num(sb.first[i]),
                num(sb.first_ci[i][0]),
                num(sb.first_ci[i][1]),
                num(sb.total[i]),
                num(sb.total_ci[i][0]),
                num(sb.total_ci[i][1]),
            ]);
        }
    }
    let mut out = String::new();
    for r in rows {
        if r.is_empty() {
            out.push('\n');
            continue;
        }
        let _ = w.write_record(&r);
        let _ = w.flush();
        out.push_str(&String::from_utf8_lossy(w.get_ref()));
        w = csv::Writer::from_writer(Vec::new());
    }
    out
}
