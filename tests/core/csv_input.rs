//! CSV as spreadsheets and statistics offices export it: BOM, CRLF, semicolons with decimal
//! commas, tabs, missing markers, quoted fields.

use tolok::{Scorer, Spec, Table};

const SPEC: &str = r#"{
  "version": 1,
  "units": { "id": "kode", "label": "nama", "groups": ["prov"] },
  "indicators": [ { "id": "a", "normalise": { "method": "none" } }, { "id": "b", "normalise": { "method": "none" } } ],
  "tree": { "id": "root", "missing": "skip", "children": [ { "indicator": "a" }, { "indicator": "b" } ] }
}"#;

fn table(csv: &str) -> Table {
    Table::from_csv(csv, &Spec::from_json(SPEC).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

fn col(t: &Table, name: &str) -> Vec<f64> {
    t.column(name).unwrap().to_vec()
}

#[test]
fn bom_and_crlf() {
    let t = table("\u{feff}kode,nama,prov,a,b\r\n01,Kota A,P1,1.5,2\r\n02,Kab B,P2,3,4.25\r\n");
    assert_eq!(t.ids(), ["01", "02"]);
    assert_eq!(t.labels(), ["Kota A", "Kab B"]);
    assert_eq!(t.group("prov").unwrap(), ["P1", "P2"]);
    assert_eq!(col(&t, "a"), [1.5, 3.0]);
    assert_eq!(col(&t, "b"), [2.0, 4.25]);
}

#[test]
fn crlf_line_numbers_in_errors() {
    let spec = Spec::from_json(SPEC).unwrap();
    let e = Table::from_csv("kode,nama,prov,a,b\r\n01,A,P,1,2\r\n02,B,P,x,2\r\n", &spec).unwrap_err();
    assert!(e.to_string().starts_with("CSV line 3, column 'a': 'x'"), "{e}");
}

#[test]
fn semicolons_with_decimal_commas() {
    let t = table("kode;nama;prov;a;b\n01;Kota A;P;4,73;1.234,5\n02;Kab B;P;3;-0,5\n");
    assert_eq!(col(&t, "a"), [4.73, 3.0]);
    assert_eq!(col(&t, "b"), [1234.5, -0.5]);
    // Decimal points still work in a semicolon file.
    let t = table("kode;nama;prov;a;b\n01;A;P;4.73;2\n");
    assert_eq!(col(&t, "a"), [4.73]);
}

#[test]
fn semicolons_bom_crlf_and_a_full_scoring() {
    // As a spreadsheet in an Indonesian locale saves it: BOM, CRLF, ';', decimal comma.
    let csv = "\u{feff}kode;nama;prov;a;b\r\n01;Kota A;P;4,73;1,5\r\n02;Kab B;P;2,25;0,5\r\n";
    let s = Scorer::from_csv(csv, Spec::from_json(SPEC).unwrap()).unwrap();
    assert_eq!(s.root_scores(), [(4.73 + 1.5) / 2.0, (2.25 + 0.5) / 2.0]);
    assert_eq!(s.ranks(), [1.0, 2.0]);
}

#[test]
fn tabs() {
    let t = table("kode\tnama\tprov\ta\tb\n01\tKota A, Utara\tP\t1.5\t2,5\n");
    assert_eq!(t.labels(), ["Kota A, Utara"]);
    assert_eq!(col(&t, "a"), [1.5]);
    assert_eq!(col(&t, "b"), [2.5], "decimal comma with tabs too");
}

#[test]
fn missing_markers() {
    let markers = ["", "NA", "N/A", "..", "-", "na", "n/a", " NA ", "  "];
    let mut csv = String::from("kode,nama,prov,a,b\n");
    for (i, m) in markers.iter().enumerate() {
        csv.push_str(&format!("{i},U{i},P,{m},{i}\n"));
    }
    let t = table(&csv);
    assert!(col(&t, "a").iter().all(|v| v.is_nan()), "{:?}", col(&t, "a"));
    assert_eq!(col(&t, "b"), (0..markers.len()).map(|i| i as f64).collect::<Vec<_>>());
    // Scored with missing: skip, each unit's root is its b.
    let s = Scorer::new(t, Spec::from_json(SPEC).unwrap()).unwrap();
    assert_eq!(s.root_scores(), col(&s.table().clone(), "b").as_slice());
}

#[test]
fn quoted_fields_with_commas_quotes_and_newlines() {
    let csv = "kode,nama,prov,a,b\n\
               01,\"Kota Contoh, A\",\"Prov \"\"Utara\"\"\",\"1.5\",2\n\
               02,\"Two\nlines\",P,3,4\n\
               03,C,P,bad,4\n";
    let spec = Spec::from_json(SPEC).unwrap();
    let e = Table::from_csv(csv, &spec).unwrap_err();
    // The record with the bad cell starts on line 5: the quoted newline is counted.
    assert!(e.to_string().starts_with("CSV line 5, column 'a': 'bad'"), "{e}");
    let t = table(&csv.replace("bad", "5"));
    assert_eq!(t.labels(), ["Kota Contoh, A", "Two\nlines", "C"]);
    assert_eq!(t.group("prov").unwrap(), ["Prov \"Utara\"", "P", "P"]);
    assert_eq!(col(&t, "a"), [1.5, 3.0, 5.0]);
}

#[test]
fn quoted_header_and_semicolon_detection_outside_quotes() {
    // The header's commas are inside quotes: the delimiter is the semicolon.
    let csv = "\"kode\";\"nama\";\"prov\";\"a\";\"b\"\n\"01\";\"Kota, A\";P;\"4,5\";1\n";
    let t = table(csv);
    assert_eq!(t.labels(), ["Kota, A"]);
    assert_eq!(col(&t, "a"), [4.5]);
}

#[test]
fn whitespace_around_cells_and_header_names_is_ignored() {
    let t = table("kode , nama,prov, a ,b\n 01 , Kota A ,P, 1.5 ,2\n");
    assert_eq!(t.ids(), ["01"]);
    assert_eq!(t.labels(), ["Kota A"]);
    assert_eq!(col(&t, "a"), [1.5]);
}

#[test]
fn blank_lines_are_skipped_and_numbers_in_many_spellings() {
    let t = table("kode,nama,prov,a,b\n\n01,A,P,+1.5e2,.5\n\n02,B,P,-0,1E-3\n\n");
    assert_eq!(t.ids(), ["01", "02"]);
    assert_eq!(col(&t, "a"), [150.0, 0.0]);
    assert_eq!(col(&t, "b"), [0.5, 0.001]);
}
