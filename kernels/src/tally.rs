//! The per-draw update of the Monte Carlo rank statistics (see tolok's `uncertainty::stats`).

/// The running statistics a draw updates, per unit (N units): borrowed from their owner.
#[derive(Debug)]
pub struct RankTally<'a> {
    pub sum: &'a mut [f64],
    pub count: &'a mut [u32],
    pub min: &'a mut [f64],
    pub max: &'a mut [f64],
    /// Exact mode (else empty): N × N rank counts, and per unit the number of first places and
    /// the N × K sums of the effective weights of the draws where it ranks first.
    pub counts: &'a mut [u32],
    pub firsts: &'a mut [u32],
    pub central: &'a mut [f64],
    /// Binned mode (else empty): per unit the histogram window (first rank, bin width) and its
    /// `bins_per_unit` counts.
    pub window: &'a [(u32, u32)],
    pub bins: &'a mut [u16],
    pub bins_per_unit: usize,
    /// Units (the stride of `counts`) and weights per draw (the stride of `central`).
    pub n: usize,
    pub k: usize,
}

impl RankTally<'_> {
    /// Adds one draw's ranks (NaN = unranked; one per unit) and, in exact mode, its effective
    /// weights (K).
    pub fn add(&mut self, ranks: &[f64], weights: &[f64]) {
        let (n, k) = (self.n, self.k);
        let exact = !self.counts.is_empty();
        for (u, &r) in ranks.iter().enumerate() {
            if r.is_nan() {
                continue;
            }
            self.sum[u] += r;
            self.count[u] += 1;
            if r < self.min[u] {
                self.min[u] = r;
            }
            if r > self.max[u] {
                self.max[u] = r;
            }
            if exact {
                let bin = (r as usize).clamp(1, n) - 1;
                self.counts[u * n + bin] += 1;
                if bin == 0 {
                    self.firsts[u] += 1;
                    for (c, &w) in self.central[u * k..(u + 1) * k].iter_mut().zip(weights) {
                        *c += w;
                    }
                }
            } else if !self.window.is_empty() {
                let (lo, w) = self.window[u];
                let b = ((r as u32).saturating_sub(lo) / w).min(self.bins_per_unit as u32 - 1) as usize;
                let cell = &mut self.bins[u * self.bins_per_unit + b];
                *cell = cell.saturating_add(1);
            }
        }
    }
}
