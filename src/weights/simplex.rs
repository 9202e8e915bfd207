//! A small dense simplex method for the linear programmes of Benefit of the Doubt ([`super::bod`]).
//!
//! ```text
//! max c·x  subject to  aᵢ·x ≤ bᵢ (every row i),  x ≥ 0
//! ```
//!
//! Hand-written instead of a general solver to keep the WebAssembly small: these programmes have
//! a few dozen variables and at most a few hundred rows in use, so a dense tableau is fast (514
//! units × 30 children: 15 ms natively, 14× faster than microlp with the same constraint
//! generation), and the method is about 5 KB of WebAssembly, where microlp was a quarter of the
//! module. `microlp` remains the oracle of the tests (random programmes and the real BoD cases
//! are cross-checked against it).
//!
//! **Method.** A condensed (Tucker) tableau: one row per constraint (its basic variable in terms
//! of the n nonbasic ones), one column per nonbasic variable, so a pivot costs rows × n and adding
//! a row costs one row. The slack basis (x = 0) starts the search.
//! - Rows with b ≥ 0 only (BoD's case before constraint generation): x = 0 is feasible, so the
//!   primal simplex starts at once (no phase 1).
//! - Rows added after a solve (constraint generation) may cut the optimum off: the basis stays
//!   dual feasible, and the dual simplex restores feasibility from there (warm start).
//! - Otherwise (a negative b and an improving direction at x = 0) a phase 1 runs the dual simplex
//!   with a zero objective, which finds a feasible basis or proves there is none.
//!
//! **Pivot rules.** Dantzig's rule (largest reduced cost; in the dual, the most infeasible row)
//! with the ratio test's ties broken by the larger pivot (numerically safer). After
//! [`DEGENERATE_RUN`] pivots in a row that do not move the objective, Bland's rule takes over
//! (smallest variable index, entering and leaving) until a pivot moves it again: Bland's rule
//! cannot cycle, so degenerate programmes (BoD's share rows all hold with equality at x = 0)
//! terminate. A bound on the number of pivots is a last resort against round-off loops.
//!
//! **Tolerances** (absolute; the caller scales the data to about 1, as `bod` does column by
//! column): a reduced cost above [`EPS_OPT`] improves, a basic value below −[`EPS_FEAS`] is
//! infeasible, and a tableau entry must exceed [`EPS_PIVOT`] in magnitude to be a pivot; ratio
//! ties are values within [`EPS_TIE`] of the minimum.

use std::fmt;

/// Reduced costs above this improve the objective.
const EPS_OPT: f64 = 1e-9;
/// Basic values below minus this are infeasible.
const EPS_FEAS: f64 = 1e-9;
/// Smallest magnitude of a pivot element.
const EPS_PIVOT: f64 = 1e-9;
/// Ratios within this of the minimum tie.
const EPS_TIE: f64 = 1e-12;
/// Pivots in a row without progress before Bland's rule takes over.
const DEGENERATE_RUN: usize = 20;

/// Why a programme has no optimum (or none was found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LpError {
    Infeasible,
    Unbounded,
    /// The bound on the number of pivots was reached (round-off); never seen in practice.
    IterationLimit,
}

impl fmt::Display for LpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LpError::Infeasible => "infeasible",
            LpError::Unbounded => "unbounded",
            LpError::IterationLimit => "no optimum after the maximum number of simplex pivots",
        })
    }
}

/// No row: the variable is nonbasic.
const NONE: usize = usize::MAX;

/// max c·x subject to rows aᵢ·x ≤ bᵢ and x ≥ 0, solved (and re-solved as rows are added) in place.
///
/// Variables 0..n are x; variable n + i is the slack of row i.
pub(crate) struct Lp {
    n: usize,
    c: Vec<f64>,
    /// rows × n: basic of row r = rhs[r] − Σₖ t[r·n + k] · (nonbasic k).
    t: Vec<f64>,
    rhs: Vec<f64>,
    /// Objective = z + Σₖ d[k] · (nonbasic k).
    d: Vec<f64>,
    z: f64,
    basic: Vec<usize>,
    nonbasic: Vec<usize>,
    /// Row of each x variable when it is basic, else NONE.
    row_of: Vec<usize>,
    /// Scratch: the pivot row.
    scratch: Vec<f64>,
}

impl Lp {
    /// maximise c·x over x ≥ 0 (no rows yet).
    pub(crate) fn new(c: &[f64]) -> Lp {
        let n = c.len();
        Lp {
            n,
            c: c.to_vec(),
            t: Vec::new(),
            rhs: Vec::new(),
            d: c.to_vec(),
            z: 0.0,
            basic: Vec::new(),
            nonbasic: (0..n).collect(),
            row_of: vec![NONE; n],
            scratch: vec![0.0; n],
        }
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.basic.len()
    }

    /// Adds the row a·x ≤ b (`a` has n entries). Call [`Lp::solve`] again afterwards.
    pub(crate) fn add_row(&mut self, a: &[f64], b: f64) {
        debug_assert_eq!(a.len(), self.n);
        let at = self.t.len();
        self.t.resize(at + self.n, 0.0);
        let (rows, new) = self.t.split_at_mut(at);
        let constant = express(rows, &self.rhs, &self.row_of, &self.nonbasic, a, new);
        self.rhs.push(b - constant);
        self.basic.push(self.n + self.basic.len());
    }

    /// The optimum of the current rows (warm-started from the last basis).
    pub(crate) fn solve(&mut self) -> Result<(), LpError> {
        let limit = 50 * (self.n + self.rows()) + 1000;
        let mut pivots = 0;
        let infeasible = self.rhs.iter().any(|&b| b < -EPS_FEAS);
        if infeasible && self.d.iter().any(|&d| d > EPS_OPT) {
            // Phase 1: the dual simplex with a zero objective (dual feasible) finds a feasible basis.
            self.d.iter_mut().for_each(|d| *d = 0.0);
            self.dual(&mut pivots, limit)?;
            self.restore_objective();
        }
        self.dual(&mut pivots, limit)?;
        self.primal(&mut pivots, limit)
    }

    /// Recomputes the objective row for the current basis from c.
    fn restore_objective(&mut self) {
        let mut d = std::mem::take(&mut self.d);
        self.z = express(&self.t, &self.rhs, &self.row_of, &self.nonbasic, &self.c, &mut d);
        self.d = d;
    }

    /// Primal simplex from a feasible basis.
    fn primal(&mut self, pivots: &mut usize, limit: usize) -> Result<(), LpError> {
        let n = self.n;
        let mut stalled = 0;
        loop {
            let bland = stalled >= DEGENERATE_RUN;
            // Entering column: largest reduced cost, or (Bland) the smallest variable index.
            let mut q = NONE;
            for (k, &dk) in self.d.iter().enumerate() {
                if dk > EPS_OPT
                    && (q == NONE
                        || if bland {
                            self.nonbasic[k] < self.nonbasic[q]
                        } else {
                            dk > self.d[q]
                        })
                {
                    q = k;
                }
            }
            if q == NONE {
                return Ok(());
            }
            // Leaving row: the minimum ratio; ties to the larger pivot, or (Bland) the smallest index.
            let mut theta = f64::INFINITY;
            for (r, &b) in self.rhs.iter().enumerate() {
                let p = self.t[r * n + q];
                if p > EPS_PIVOT {
                    theta = theta.min(b.max(0.0) / p);
                }
            }
            if theta == f64::INFINITY {
                return Err(LpError::Unbounded);
            }
            let mut leave = NONE;
            for (r, &b) in self.rhs.iter().enumerate() {
                let p = self.t[r * n + q];
                if p > EPS_PIVOT
                    && b.max(0.0) / p <= theta + EPS_TIE
                    && (leave == NONE
                        || if bland {
                            self.basic[r] < self.basic[leave]
                        } else {
                            p > self.t[leave * n + q]
                        })
                {
                    leave = r;
                }
            }
            stalled = if theta * self.d[q] > EPS_TIE { 0 } else { stalled + 1 };
            self.pivot(leave, q, pivots, limit)?;
        }
    }

    /// Dual simplex from a dual feasible basis (no reduced cost above EPS_OPT).
    fn dual(&mut self, pivots: &mut usize, limit: usize) -> Result<(), LpError> {
        let n = self.n;
        let mut stalled = 0;
        loop {
            let bland = stalled >= DEGENERATE_RUN;
            // Leaving row: the most infeasible, or (Bland) the smallest variable index.
            let mut r = NONE;
            for (i, &b) in self.rhs.iter().enumerate() {
                if b < -EPS_FEAS
                    && (r == NONE
                        || if bland {
                            self.basic[i] < self.basic[r]
                        } else {
                            b < self.rhs[r]
                        })
                {
                    r = i;
                }
            }
            if r == NONE {
                return Ok(());
            }
            // Entering column: the minimum ratio d/t over t < 0 (keeps every reduced cost ≤ 0).
            let row = &self.t[r * n..(r + 1) * n];
            let mut theta = f64::INFINITY;
            for (k, &p) in row.iter().enumerate() {
                if p < -EPS_PIVOT {
                    theta = theta.min((-self.d[k]).max(0.0) / -p);
                }
            }
            if theta == f64::INFINITY {
                return Err(LpError::Infeasible);
            }
            let mut q = NONE;
            for (k, &p) in row.iter().enumerate() {
                if p < -EPS_PIVOT
                    && (-self.d[k]).max(0.0) / -p <= theta + EPS_TIE
                    && (q == NONE
                        || if bland {
                            self.nonbasic[k] < self.nonbasic[q]
                        } else {
                            p < row[q]
                        })
                {
                    q = k;
                }
            }
            stalled = if theta > EPS_TIE { 0 } else { stalled + 1 };
            self.pivot(r, q, pivots, limit)?;
        }
    }

    /// Exchanges the basic variable of row r with the nonbasic variable of column q.
    fn pivot(&mut self, r: usize, q: usize, pivots: &mut usize, limit: usize) -> Result<(), LpError> {
        *pivots += 1;
        if *pivots > limit {
            return Err(LpError::IterationLimit);
        }
        let n = self.n;
        let inv = 1.0 / self.t[r * n + q];
        // The new row r: the entering variable in terms of the others (the leaving one in column q).
        let prow = &mut self.scratch;
        prow.copy_from_slice(&self.t[r * n..(r + 1) * n]);
        prow.iter_mut().for_each(|v| *v *= inv);
        prow[q] = inv;
        let b = self.rhs[r] * inv;
        for (i, row) in self.t.chunks_exact_mut(n).enumerate() {
            let f = row[q];
            if i == r || f == 0.0 {
                continue;
            }
            row[q] = 0.0;
            for (x, &p) in row.iter_mut().zip(prow.iter()) {
                *x -= f * p;
            }
            self.rhs[i] -= f * b;
        }
        let f = self.d[q];
        if f != 0.0 {
            self.d[q] = 0.0;
            for (x, &p) in self.d.iter_mut().zip(prow.iter()) {
                *x -= f * p;
            }
            self.z += f * b;
        }
        self.t[r * n..(r + 1) * n].copy_from_slice(prow);
        self.rhs[r] = b;
        let (entering, leaving) = (self.nonbasic[q], self.basic[r]);
        self.basic[r] = entering;
        self.nonbasic[q] = leaving;
        if entering < n {
            self.row_of[entering] = r;
        }
        if leaving < n {
            self.row_of[leaving] = NONE;
        }
        Ok(())
    }

    /// The objective at the current basis.
    #[cfg(test)]
    pub(crate) fn value(&self) -> f64 {
        self.z
    }

    /// x at the current basis (basic values below 0 by round-off are returned as 0).
    pub(crate) fn solution(&self) -> Vec<f64> {
        self.row_of
            .iter()
            .map(|&r| if r == NONE { 0.0 } else { self.rhs[r].max(0.0) })
            .collect()
    }
}

/// Writes a·x as constant + Σₖ coefₖ·(nonbasic k) for the basis given by the tableau `t`, its
/// right-hand sides and the variables' places: the coefficients into `out`, the constant
/// returned (x variables that are basic are replaced by their rows).
fn express(t: &[f64], rhs: &[f64], row_of: &[usize], nonbasic: &[usize], a: &[f64], out: &mut [f64]) -> f64 {
    let n = a.len();
    for (o, &v) in out.iter_mut().zip(nonbasic) {
        *o = if v < n { a[v] } else { 0.0 };
    }
    let mut constant = 0.0;
    for (&aj, &r) in a.iter().zip(row_of) {
        if r == NONE || aj == 0.0 {
            continue;
        }
        constant += aj * rhs[r];
        for (o, &x) in out.iter_mut().zip(&t[r * n..(r + 1) * n]) {
            *o -= aj * x;
        }
    }
    constant
}

/// Cross-checks against microlp (native only: the oracle is a native dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    use rand_core::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Outcome {
        Optimal(f64),
        Infeasible,
        Unbounded,
    }

    fn oracle(c: &[f64], rows: &[(Vec<f64>, f64)]) -> Outcome {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<_> = c.iter().map(|&ci| p.add_var(ci, (0.0, f64::INFINITY))).collect();
        for (a, b) in rows {
            let expr: Vec<_> = vars
                .iter()
                .zip(a)
                .filter(|(_, &v)| v != 0.0)
                .map(|(&x, &v)| (x, v))
                .collect();
            p.add_constraint(expr.as_slice(), ComparisonOp::Le, *b);
        }
        match p.solve() {
            Ok(s) => Outcome::Optimal(s.into_solution().expect("no time limit").objective()),
            Err(microlp::Error::Infeasible) => Outcome::Infeasible,
            Err(microlp::Error::Unbounded) => Outcome::Unbounded,
            Err(e) => panic!("microlp: {e}"),
        }
    }

    fn ours(lp: &mut Lp, c: &[f64], rows: &[(Vec<f64>, f64)]) -> Outcome {
        match lp.solve() {
            Ok(()) => {
                // The solution is feasible and gives the value reported.
                let x = lp.solution();
                assert!(x.iter().all(|&v| v >= 0.0));
                for (a, b) in rows {
                    let ax: f64 = a.iter().zip(&x).map(|(a, x)| a * x).sum();
                    assert!(ax <= b + 1e-7 * (1.0 + b.abs()), "row violated: {ax} > {b}");
                }
                let cx: f64 = c.iter().zip(&x).map(|(c, x)| c * x).sum();
                assert!(
                    (cx - lp.value()).abs() <= 1e-9 * (1.0 + cx.abs()),
                    "{cx} vs {}",
                    lp.value()
                );
                Outcome::Optimal(lp.value())
            }
            Err(LpError::Infeasible) => Outcome::Infeasible,
            Err(LpError::Unbounded) => Outcome::Unbounded,
            Err(e) => panic!("simplex: {e}"),
        }
    }

    fn same(a: Outcome, b: Outcome) -> bool {
        match (a, b) {
            (Outcome::Optimal(x), Outcome::Optimal(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => a == b,
        }
    }

    fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random programme of one of four families; rows are solved in batches (warm starts).
    fn random_lp(rng: &mut Xoshiro256PlusPlus, family: u64) -> (Vec<f64>, Vec<(Vec<f64>, f64)>) {
        let n = 1 + (rng.next_u64() % 12) as usize;
        let rows = (rng.next_u64() % 40) as usize;
        let entry = |rng: &mut Xoshiro256PlusPlus, lo: f64, hi: f64| -> f64 {
            match family {
                // Small integers: many ties and degenerate vertices.
                0 => (lo + (hi - lo + 1.0) * uniform(rng)).floor(),
                _ if uniform(rng) < 0.25 => 0.0,
                _ => lo + (hi - lo) * uniform(rng),
            }
        };
        match family {
            // BoD-like: non-negative rows ≤ 1, the objective one of them, share-like rows ≤ 0.
            2 => {
                let data: Vec<Vec<f64>> = (0..rows.max(1))
                    .map(|_| (0..n).map(|_| entry(rng, 0.0, 1.0)).collect())
                    .collect();
                let c = data[0].clone();
                let mut out: Vec<(Vec<f64>, f64)> = data.into_iter().map(|r| (r, 1.0)).collect();
                for j in 0..n {
                    if uniform(rng) < 0.3 {
                        let s = 0.5 * uniform(rng) / n as f64 + 1.0 / n as f64;
                        let row = (0..n)
                            .map(|l| if l == j { c[l] - s * c[l] } else { -s * c[l] })
                            .collect();
                        out.insert(1, (row, 0.0));
                    }
                }
                (c, out)
            }
            _ => {
                let c = (0..n).map(|_| entry(rng, -2.0, 3.0)).collect();
                // Family 3: some negative right-hand sides (phase 1).
                let neg = if family == 3 { 0.3 } else { 0.0 };
                let out = (0..rows)
                    .map(|_| {
                        let a = (0..n).map(|_| entry(rng, -2.0, 3.0)).collect();
                        let b = if uniform(rng) < neg {
                            -entry(rng, 0.0, 2.0)
                        } else {
                            entry(rng, 0.0, 2.0)
                        };
                        (a, b)
                    })
                    .collect();
                (c, out)
            }
        }
    }

    #[test]
    fn agrees_with_microlp_on_random_programmes() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261128);
        let mut seen = [0usize; 3];
        for case in 0..4000 {
            let family = case % 4;
            let (c, rows) = random_lp(&mut rng, family);
            // Rows arrive in batches, solving after each (constraint generation), and each
            // intermediate optimum is checked too.
            let mut lp = Lp::new(&c);
            let mut at = 0;
            while at < rows.len() || at == 0 {
                let take = if family == 2 {
                    1
                } else {
                    1 + (rng.next_u64() % 8) as usize
                };
                let end = (at + take).min(rows.len());
                for (a, b) in &rows[at..end] {
                    lp.add_row(a, *b);
                }
                at = end.max(1);
                let want = oracle(&c, &rows[..end]);
                let got = ours(&mut lp, &c, &rows[..end]);
                assert!(
                    same(got, want),
                    "case {case} (family {family}, {end} rows): {got:?} vs microlp {want:?}\nc = {c:?}\nrows = {:?}",
                    &rows[..end]
                );
                if matches!(got, Outcome::Infeasible | Outcome::Unbounded) {
                    break;
                }
            }
            let last = oracle(&c, &rows);
            seen[match last {
                Outcome::Optimal(_) => 0,
                Outcome::Infeasible => 1,
                Outcome::Unbounded => 2,
            }] += 1;
        }
        // Every outcome occurs (the families are not all trivially bounded).
        assert!(seen.iter().all(|&s| s > 50), "optimal, infeasible, unbounded: {seen:?}");
    }

    #[test]
    fn degenerate_programmes_terminate() {
        // Beale's classic cycling example (cycles under Dantzig's rule with the usual ties).
        let c = [0.75, -150.0, 0.02, -6.0];
        let rows = vec![
            (vec![0.25, -60.0, -0.04, 9.0], 0.0),
            (vec![0.5, -90.0, -0.02, 3.0], 0.0),
            (vec![0.0, 0.0, 1.0, 0.0], 1.0),
        ];
        let mut lp = Lp::new(&c);
        for (a, b) in &rows {
            lp.add_row(a, *b);
        }
        assert_eq!(ours(&mut lp, &c, &rows), Outcome::Optimal(0.05));
        // Many identical zero rows: every vertex degenerate.
        let c = [1.0, 1.0, 1.0];
        let mut rows = vec![(vec![1.0, -1.0, 0.0], 0.0); 30];
        rows.extend(vec![(vec![0.0, 1.0, -1.0], 0.0); 30]);
        rows.push((vec![1.0, 1.0, 1.0], 3.0));
        let mut lp = Lp::new(&c);
        for (a, b) in &rows {
            lp.add_row(a, *b);
        }
        assert!(same(ours(&mut lp, &c, &rows), Outcome::Optimal(3.0)));
    }

    #[test]
    fn edge_cases() {
        // No rows: bounded only if no objective coefficient is positive.
        assert_eq!(
            ours(&mut Lp::new(&[-1.0, 0.0]), &[-1.0, 0.0], &[]),
            Outcome::Optimal(0.0)
        );
        assert_eq!(ours(&mut Lp::new(&[1.0]), &[1.0], &[]), Outcome::Unbounded);
        // x ≤ −1 with x ≥ 0.
        let rows = vec![(vec![1.0], -1.0)];
        let mut lp = Lp::new(&[0.0]);
        lp.add_row(&rows[0].0, -1.0);
        assert_eq!(ours(&mut lp, &[0.0], &rows), Outcome::Infeasible);
        // No variables.
        assert_eq!(ours(&mut Lp::new(&[]), &[], &[]), Outcome::Optimal(0.0));
    }
}
