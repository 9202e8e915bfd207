//! `tolok`: score a CSV by a spec from the command line (same core, same results as the page).
//!
//! ```text
//! tolok score --data FILE.csv --spec SPEC.json [--format csv|json]
//! tolok inspect --data FILE.csv          # columns, and a starter spec on stdout
//! ```
//! Results go to stdout; errors to stderr with exit code 2.

use std::process::ExitCode;

use tolok::{Scorer, Spec};

const USAGE: &str = "usage:
  tolok score --data FILE.csv --spec SPEC.json [--format csv|json]
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
                Format::Json => serde_json::to_string_pretty(&scorer.result()).map_err(|e| e.to_string())? + "\n",
            })
        }
        "starter" => {
            let csv = read("--data", data)?;
            Ok(tolok::starter::starter_spec(&csv).map_err(|e| e.to_string())?.to_json() + "\n")
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}
