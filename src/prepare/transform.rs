//! Explicit transforms of an indicator's values: `log` (ln x, x > 0), `log1p` (ln(1 + x),
//! x > −1) and Box-Cox with a given λ ((x^λ − 1)/λ; ln x for λ = 0; x > 0, no shift — shift the
//! data yourself, or use the treatment's `ctlog` fallback, if it has zeros). A value outside the
//! domain is an error naming the unit: a transform never invents missing values.

use super::report::Transformed;
use super::spec::Transform;
use crate::error::{Error, Result};

/// Transforms `col` in place; `None` for `Transform::None`.
pub(crate) fn apply(col: &mut [f64], how: &Transform, indicator: &str, ids: &[String]) -> Result<Option<Transformed>> {
    let (name, lambda, low) = match *how {
        Transform::None => return Ok(None),
        Transform::Log => ("log", None, 0.0),
        Transform::Log1p => ("log1p", None, -1.0),
        Transform::BoxCox { lambda } => ("boxCox", Some(lambda), 0.0),
    };
    let f = |x: f64| match lambda {
        _ if low < 0.0 => libm::log1p(x),
        Some(l) if l != 0.0 => (libm::pow(x, l) - 1.0) / l,
        _ => libm::log(x),
    };
    if let Some(i) = col.iter().position(|&v| v <= low) {
        return Err(Error::spec(
            format!("prepare: indicator '{indicator}'"),
            format!(
                "unit '{}' has {}, but the {name} transform needs values > {low}",
                ids[i], col[i]
            ),
        ));
    }
    col.iter_mut().for_each(|v| *v = f(*v));
    Ok(Some(Transformed {
        indicator: indicator.to_string(),
        method: name,
        lambda,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_and_their_domains() {
        let ids: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
        let mut x = [1.0, f64::NAN, 4.0];
        apply(&mut x, &Transform::BoxCox { lambda: 0.5 }, "x", &ids).unwrap();
        assert_eq!((x[0], x[2]), (0.0, 2.0));
        assert!(x[1].is_nan());
        let mut y = [0.0, 1.0, 2.0];
        apply(&mut y, &Transform::Log1p, "y", &ids).unwrap();
        assert_eq!(y[1], libm::log(2.0));
        let e = apply(&mut [1.0, 0.0, 2.0], &Transform::Log, "z", &ids).unwrap_err();
        assert_eq!(
            e.to_string(),
            "spec: prepare: indicator 'z': unit 'b' has 0, but the log transform needs values > 0"
        );
    }
}
