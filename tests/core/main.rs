//! Native integration tests of the scoring core and the CLI (issue 2), in one test binary.
//!
//! - `reference`: published numbers reproduced exactly (UNDP HDI 2022, BPS IPM 2024, COINr's
//!   ASEM, PEKPPP bands and the illustrative table, pymcdm's WSM/WPM and min-max cases);
//! - `properties`: proptest properties of ranking, normalisation, aggregation and explain;
//! - `incremental`: `Scorer::set_weight` sequences against scoring the modified spec afresh;
//! - `bad_input`: bad CSV and specs give messages that name the place, and never panic;
//! - `csv_input`: BOM, CRLF, delimiters, decimal comma, missing markers, quoting;
//! - `cli`: the `tolok` binary's output, formats and exit codes.
//!
//! Expected values come from published tables, hand calculations or independent code in the
//! tests, never from Tolok's own output.
#![cfg(not(target_arch = "wasm32"))]

mod bad_input;
mod cli;
mod common;
mod csv_input;
mod incremental;
mod properties;
mod reference;
