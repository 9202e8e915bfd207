// The benchmarks' synthetic data (bench.mjs, bench_uncertainty.mjs): N units × 30 lognormal
// indicators from a fixed seed, 20% of them lower-is-better, ~0.5% duplicated rows (so that ties
// occur), and a spec: min-max, a two-level arithmetic tree (5 pillars × 6 indicators), ties
// "min", no rounding.

export const INDICATORS = 30;
export const PILLARS = 5;
export const PER_PILLAR = INDICATORS / PILLARS;
export const SEED = 20261127;

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** N units × 30 lognormal indicators; every 5th indicator lower-is-better; ~0.5% rows copied.
 * Another `seed` gives other values for the same units (another "year"). */
export function synthetic(n, seed = SEED) {
  const rand = random(seed + n);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const columns = {};
  const names = [];
  for (let j = 0; j < INDICATORS; j++) {
    const name = `x${String(j).padStart(2, '0')}`;
    const mu = 3 * rand();
    const sigma = 0.3 + 0.7 * rand();
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = Math.exp(mu + sigma * normal());
    columns[name] = col;
    names.push(name);
  }
  const duplicates = Math.max(1, Math.round(n * 0.005));
  for (let d = 0; d < duplicates; d++) {
    const from = Math.floor(rand() * n);
    const to = Math.floor(rand() * n);
    for (const name of names) columns[name][to] = columns[name][from];
  }
  const ids = Array.from({ length: n }, (_, i) => `u${String(i).padStart(6, '0')}`);
  const lower = names.map((_, j) => j % 5 === 4); // 6 of 30 = 20%
  const spec = {
    version: 1,
    name: `synthetic ${n} × ${INDICATORS}`,
    units: { id: 'id' },
    indicators: names.map((id, j) => ({
      id,
      direction: lower[j] ? 'lower' : 'higher',
      normalise: { method: 'minmax' },
    })),
    tree: {
      id: 'index',
      aggregate: 'arithmetic',
      children: Array.from({ length: PILLARS }, (_, p) => ({
        id: `p${p}`,
        aggregate: 'arithmetic',
        children: names.slice(p * PER_PILLAR, (p + 1) * PER_PILLAR).map((indicator) => ({ indicator })),
      })),
    },
    rank: { ties: 'min' },
  };
  return { ids, names, columns, lower, spec };
}
