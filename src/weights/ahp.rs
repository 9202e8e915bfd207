//! AHP weights from a pairwise comparison matrix (Saaty 1980).
//!
//! The matrix is in the spec, in the children's order: a[i][j] says how much more important
//! child i is than child j (Saaty's 1–9 scale and reciprocals). It must be square with one row
//! per child, positive, 1 on the diagonal and reciprocal (a[j][i]·a[i][j] within 2% of 1, so
//! that 0.33 may stand for 1/3).
//!
//! - `eigenvector` (default): the principal right eigenvector by power iteration, λmax = Σ(Aw)
//!   with Σw = 1;
//! - `geometricMean`: row geometric means, λmax estimated as the mean of (Aw)ᵢ/wᵢ.
//!
//! Consistency index CI = (λmax − n)/(n − 1); consistency ratio CR = CI/RI with Saaty's random
//! index RI ([`RANDOM_INDEX`]; pymcdm uses Tummala & Ling's values instead, which differ in
//! the 2nd–3rd decimal). CR > 0.1 is reported with a warning; for n ≤ 2 every matrix is
//! consistent (CR = 0).

#[cfg(feature = "methods")]
use super::{DerivedWeights, Priority};

/// Saaty's random consistency index for n = 1 … 15.
pub const RANDOM_INDEX: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// AHP consistency, for the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Consistency {
    pub lambda_max: f64,
    /// Consistency index (λmax − n)/(n − 1).
    pub ci: f64,
    /// Saaty's random index for this n.
    pub ri: f64,
    /// Consistency ratio CI/RI.
    pub cr: f64,
    /// CR ≤ 0.1.
    pub consistent: bool,
}

pub(super) fn validate(matrix: &[Vec<f64>], n: usize) -> Result<(), String> {
    if matrix.len() != n || matrix.iter().any(|r| r.len() != n) {
        return Err(format!(
            "the matrix must be {n}×{n}, one row and column per child in the children's order"
        ));
    }
    if n > RANDOM_INDEX.len() {
        return Err(format!(
            "at most {} children (Saaty's random index stops there)",
            RANDOM_INDEX.len()
        ));
    }
    for (i, row) in matrix.iter().enumerate() {
        for (j, &a) in row.iter().enumerate() {
            if !(a.is_finite() && a > 0.0) {
                return Err(format!("matrix[{i}][{j}] is {a}; every entry must be a number > 0"));
            }
            if i == j && (a - 1.0).abs() > 1e-9 {
                return Err(format!("matrix[{i}][{i}] is {a}; the diagonal must be 1"));
            }
            if (a * matrix[j][i] - 1.0).abs() > 0.02 {
                return Err(format!(
                    "the matrix is not reciprocal: matrix[{i}][{j}] = {a} but matrix[{j}][{i}] = {} (it should be 1/{a})",
                    matrix[j][i]
                ));
            }
        }
    }
    Ok(())
}

#[cfg(feature = "methods")]
pub(super) fn weights(matrix: &[Vec<f64>], priority: Priority, report: &mut DerivedWeights) -> Vec<f64> {
    let n = matrix.len();
    let product = |w: &[f64]| -> Vec<f64> {
        matrix
            .iter()
            .map(|r| r.iter().zip(w).map(|(a, x)| a * x).sum())
            .collect()
    };
    let (w, lambda) = match priority {
        Priority::Eigenvector => {
            let mut w = vec![1.0 / n as f64; n];
            let mut lambda = n as f64;
            for _ in 0..10_000 {
                let y = product(&w);
                lambda = y.iter().sum();
                let next: Vec<f64> = y.iter().map(|v| v / lambda).collect();
                let change = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                w = next;
                if change < 1e-16 {
                    break;
                }
            }
            (w, lambda)
        }
        Priority::GeometricMean => {
            let g: Vec<f64> = matrix
                .iter()
                .map(|r| libm::exp(r.iter().map(|&a| libm::log(a)).sum::<f64>() / n as f64))
                .collect();
            let total: f64 = g.iter().sum();
            let w: Vec<f64> = g.iter().map(|v| v / total).collect();
            let aw = product(&w);
            let lambda = aw.iter().zip(&w).map(|(a, x)| a / x).sum::<f64>() / n as f64;
            (w, lambda)
        }
    };
    let ci = if n > 2 {
        (lambda - n as f64) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let ri = RANDOM_INDEX[n.saturating_sub(1).min(RANDOM_INDEX.len() - 1)];
    let cr = if ri > 0.0 { ci / ri } else { 0.0 };
    if cr > 0.1 {
        report.warnings.push(format!(
            "AHP consistency ratio {cr:.3} is above 0.1: the pairwise judgements contradict each other; revise the matrix"
        ));
    }
    report.consistency = Some(Consistency {
        lambda_max: lambda,
        ci,
        ri,
        cr,
        consistent: cr <= 0.1,
    });
    report.description = format!(
        "AHP ({}): {n}×{n} pairwise comparisons, λmax = {lambda:.4}, CI = {ci:.4}, CR = {cr:.4} (Saaty's RI {ri})",
        match priority {
            Priority::Eigenvector => "principal eigenvector",
            Priority::GeometricMean => "row geometric means",
        }
    );
    w
}

impl crate::json::ToJson for Consistency {
    fn write_json(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        w.field("lambdaMax", &self.lambda_max);
        w.field("ci", &self.ci);
        w.field("ri", &self.ri);
        w.field("cr", &self.cr);
        w.field("consistent", &self.consistent);
        w.end_object();
    }
}
