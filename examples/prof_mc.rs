#[path = "bench.rs"]
#[allow(dead_code)]
mod data;
fn main() {
    let (t, sp) = data::synthetic(514, 1);
    let s2 = tolok::Scorer::new(t, sp).unwrap();
    let u = tolok::uncertainty::UncertaintySpec { samples: 20000, ..Default::default() };
    std::hint::black_box(s2.uncertainty(&u, |_| true).unwrap());
}
