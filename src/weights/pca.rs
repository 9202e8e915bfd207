//! PCA weights as in the OECD/JRC Handbook on Constructing Composite Indicators (2008, §6.1,
//! after Nicoletti et al. 2000).
//!
//! 1. The children's correlation matrix over the complete units (i.e. PCA of the standardised
//!    children), decomposed by the cyclic Jacobi method.
//! 2. Retention rule: the components with eigenvalue > 1 *and* more than 10% of the variance
//!    (at least the first). The Handbook also wants the retained ones to explain more than 60%
//!    together: below that the report carries a warning.
//! 3. Loadings = eigenvector·√eigenvalue, rotated by varimax (Kaiser normalisation, pairwise
//!    rotations to convergence) when two or more are retained, unless `rotation: "none"`.
//! 4. Each factor's squared loadings are scaled to sum 1; each child goes to the factor where its
//!    scaled squared loading is largest, with weight = that value × the factor's share of the
//!    variance explained by the retained factors (Σ of its squared loadings / their total);
//!    the weights are then scaled to sum 1.
//!
//! A constant child (no variance over the complete units) is an error. A singular correlation
//! matrix (collinear children, or fewer units than children) is fine: its zero eigenvalues are
//! never retained; the report warns about it.

#[cfg(feature = "methods")]
use super::{DerivedWeights, Rotation};
#[cfg(feature = "methods")]
use crate::stats::{correlation_matrix, sd};

/// What the PCA found, for the result.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaReport {
    /// All eigenvalues of the correlation matrix, largest first.
    pub eigenvalues: Vec<f64>,
    /// Each eigenvalue's share of the total variance.
    pub explained: Vec<f64>,
    /// Number of components retained.
    pub retained: usize,
    /// Share of the variance the retained components explain.
    pub cumulative: f64,
    /// `varimax` or `none`.
    pub rotation: &'static str,
    /// Loadings of the retained (rotated) factors: one row per child.
    pub loadings: Vec<Vec<f64>>,
    /// The factor each child was assigned to (0-based).
    pub factor: Vec<usize>,
}

#[cfg(feature = "methods")]
pub(super) fn weights(
    cols: &[Vec<f64>],
    names: &[String],
    rotation: Rotation,
    report: &mut DerivedWeights,
) -> Result<Vec<f64>, String> {
    if let Some(name) = cols
        .iter()
        .zip(names)
        .find(|(c, _)| sd(c, true).is_nan() || sd(c, true) <= 0.0)
        .map(|(_, n)| n)
    {
        return Err(format!(
            "child '{name}' is constant over the units with every child present: PCA cannot standardise it (leave it out of this node, or use another weighting)"
        ));
    }
    let m = cols.len();
    let (values, vectors) = symmetric_eigen(&correlation_matrix(cols));
    let total = m as f64;
    let explained: Vec<f64> = values.iter().map(|v| v / total).collect();
    let retained = values
        .iter()
        .take_while(|&&v| v > 1.0 && v / total > 0.1)
        .count()
        .max(1);
    let cumulative: f64 = explained[..retained].iter().sum();
    if cumulative <= 0.6 {
        report.warnings.push(format!(
            "the {retained} retained component(s) explain {:.1}% of the variance, not more than the Handbook's 60%",
            cumulative * 100.0
        ));
    }
    if values.last().is_some_and(|&v| v < 1e-9 * total) {
        report.warnings.push(
            "the correlation matrix is singular (some children are collinear, or there are fewer units than children)"
                .into(),
        );
    }
    let mut loadings: Vec<Vec<f64>> = (0..m)
        .map(|i| {
            (0..retained)
                .map(|k| vectors[k][i] * values[k].max(0.0).sqrt())
                .collect()
        })
        .collect();
    let rotated = rotation == Rotation::Varimax && retained > 1;
    if rotated {
        varimax(&mut loadings);
    }
    let var: Vec<f64> = (0..retained)
        .map(|k| loadings.iter().map(|r| r[k] * r[k]).sum())
        .collect();
    let var_total: f64 = var.iter().sum();
    let mut factor = Vec::with_capacity(m);
    let w = loadings
        .iter()
        .map(|row| {
            let scaled = |k: usize| row[k] * row[k] / var[k];
            let best = (0..retained).fold(0, |b, k| if scaled(k) > scaled(b) { k } else { b });
            factor.push(best);
            scaled(best) * var[best] / var_total
        })
        .collect();
    report.description = format!(
        "PCA of the correlation matrix over {} units: {retained} component(s) with eigenvalue > 1 and > 10% of the variance ({:.1}% together){}; each child weighted by its largest scaled squared loading × that factor's share of the explained variance",
        cols[0].len(),
        cumulative * 100.0,
        if rotated { ", varimax-rotated" } else { "" }
    );
    report.pca = Some(PcaReport {
        eigenvalues: values,
        explained,
        retained,
        cumulative,
        rotation: if rotated { "varimax" } else { "none" },
        loadings,
        factor,
    });
    Ok(w)
}

/// Eigenvalues (largest first) and unit eigenvectors (`vectors[k]` belongs to `values[k]`, its
/// largest component positive) of a symmetric matrix, by cyclic Jacobi rotations.
#[cfg(feature = "methods")]
pub fn symmetric_eigen(matrix: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = matrix.len();
    let mut a: Vec<f64> = matrix.iter().flatten().copied().collect();
    let mut v = vec![0.0; n * n];
    (0..n).for_each(|i| v[i * n + i] = 1.0);
    let scale: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (p + 1..n).map(move |q| p * n + q))
            .map(|i| a[i] * a[i])
            .sum();
        if off <= 1e-32 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p * n + q] != 0.0 {
                    rotate(&mut a, &mut v, n, p, q);
                }
            }
        }
    }
    // Eigenvalues in decreasing order, ties in index order: a stable insertion sort (n is the
    // number of children), which spares the .wasm a copy of the library's sort.
    let mut order: Vec<usize> = (0..n).collect();
    for k in 1..n {
        let mut j = k;
        while j > 0
            && a[order[j - 1] * n + order[j - 1]]
                .total_cmp(&a[order[j] * n + order[j]])
                .is_lt()
        {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let values = order.iter().map(|&k| a[k * n + k]).collect();
    let vectors = order
        .iter()
        .map(|&k| {
            let mut e: Vec<f64> = (0..n).map(|i| v[i * n + k]).collect();
            let big = e.iter().fold(0.0f64, |b, &x| if x.abs() > b.abs() { x } else { b });
            if big < 0.0 {
                e.iter_mut().for_each(|x| *x = -*x);
            }
            e
        })
        .collect();
    (values, vectors)
}

/// One Jacobi rotation that zeroes a[p][q] (`a` and `v` are n × n, row-major).
#[cfg(feature = "methods")]
fn rotate(a: &mut [f64], v: &mut [f64], n: usize, p: usize, q: usize) {
    let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * a[p * n + q]);
    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
    let t = if theta.is_infinite() { 0.0 } else { t };
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    let turn = |m: &mut [f64], i: usize, j: usize| {
        let (x, y) = (m[i], m[j]);
        m[i] = c * x - s * y;
        m[j] = s * x + c * y;
    };
    for k in 0..n {
        turn(a, k * n + p, k * n + q);
    }
    for k in 0..n {
        turn(a, p * n + k, q * n + k);
    }
    for k in 0..n {
        turn(v, k * n + p, k * n + q);
    }
}

/// Varimax rotation of `l` (rows: variables, columns: factors) in place, with Kaiser's row
/// normalisation, by pairwise planar rotations until no angle exceeds 1e-12.
#[cfg(feature = "methods")]
fn varimax(l: &mut [Vec<f64>]) {
    let k = l.first().map_or(0, Vec::len);
    let p = l.len() as f64;
    let h: Vec<f64> = l.iter().map(|r| r.iter().map(|x| x * x).sum::<f64>().sqrt()).collect();
    for (r, &hi) in l.iter_mut().zip(&h) {
        if hi > 0.0 {
            r.iter_mut().for_each(|x| *x /= hi);
        }
    }
    for _sweep in 0..1000 {
        let mut biggest = 0.0f64;
        for a in 0..k {
            for b in a + 1..k {
                let (mut sa, mut sb, mut sc, mut sd) = (0.0, 0.0, 0.0, 0.0);
                for r in l.iter() {
                    let u = r[a] * r[a] - r[b] * r[b];
                    let v = 2.0 * r[a] * r[b];
                    sa += u;
                    sb += v;
                    sc += u * u - v * v;
                    sd += 2.0 * u * v;
                }
                let phi = libm::atan2(sd - 2.0 * sa * sb / p, sc - (sa * sa - sb * sb) / p) / 4.0;
                biggest = biggest.max(phi.abs());
                let (s, c) = (libm::sin(phi), libm::cos(phi));
                for r in l.iter_mut() {
                    let (x, y) = (r[a], r[b]);
                    r[a] = c * x + s * y;
                    r[b] = -s * x + c * y;
                }
            }
        }
        if biggest < 1e-12 {
            break;
        }
    }
    for (r, &hi) in l.iter_mut().zip(&h) {
        r.iter_mut().for_each(|x| *x *= hi);
    }
}

impl crate::json::ToJson for PcaReport {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("eigenvalues", &self.eigenvalues);
        w.field("explained", &self.explained);
        w.field("retained", &self.retained);
        w.field("cumulative", &self.cumulative);
        w.field("rotation", &self.rotation);
        w.field("loadings", &self.loadings);
        w.field("factor", &self.factor);
        w.end_object();
    }
}

#[cfg(all(test, feature = "methods"))]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_known_matrix() {
        // [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/√2 and (1,−1)/√2.
        let (values, vectors) = symmetric_eigen(&[vec![2.0, 1.0], vec![1.0, 2.0]]);
        assert!((values[0] - 3.0).abs() < 1e-15 && (values[1] - 1.0).abs() < 1e-15);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vectors[0][0] - r).abs() < 1e-15 && (vectors[0][1] - r).abs() < 1e-15);
        assert!((vectors[1][0].abs() - r).abs() < 1e-15);
    }

    #[test]
    fn eigenvectors_satisfy_av_equals_lambda_v() {
        let a = vec![
            vec![4.0, 1.0, 0.5, 0.2],
            vec![1.0, 3.0, 0.3, 0.1],
            vec![0.5, 0.3, 2.0, 0.7],
            vec![0.2, 0.1, 0.7, 1.0],
        ];
        let (values, vectors) = symmetric_eigen(&a);
        for (l, e) in values.iter().zip(&vectors) {
            for i in 0..4 {
                let av: f64 = (0..4).map(|j| a[i][j] * e[j]).sum();
                assert!((av - l * e[i]).abs() < 1e-13);
            }
        }
    }
}
