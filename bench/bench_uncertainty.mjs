// Benchmark of the Monte Carlo uncertainty analysis (Scorer.uncertainty) against a plain
// hand-written JavaScript Monte Carlo loop. Prints a table; asserts nothing.
//
//   scripts/build.sh && node bench/bench_uncertainty.mjs     # N = 514, 10,000, 100,000
//   node bench/bench_uncertainty.mjs 514                     # one size
//   TOLOK_PKG=/path/to/pkg node bench/bench_uncertainty.mjs  # another build of the package
//
// Data: bench/synthetic.mjs (the data of bench.mjs): N units × 30 indicators, min-max, a
// two-level arithmetic tree (5 pillars × 6 indicators), ties "min".
// Workload: 1,000 weight draws, every weight (30 indicators + 5 pillars) times a uniform
// multiplier in [0.5, 2], renormalised within its siblings; each draw re-aggregates the cached
// normalised columns and re-ranks every unit.
//   wasm  scorer.uncertainty({ samples: 1000, seed: 1 }): per-unit mean, median, 5th and 95th
//         percentile, min and max rank; up to 2,000 units also the acceptability matrix and
//         central weights; and the exact best/worst ranks (pairwise up to 2,000 units).
//         "fixed" is the same call with one draw: set-up and the best/worst rank bounds, which
//         do not depend on the number of draws. "draws" is the rest: the median over runs of
//         (1,000-draw call − 1-draw call), timed in pairs: what 999 more draws cost.
//   JS    the same draws semantics, written plainly: multipliers from a seeded generator,
//         weighted means per pillar and root, a comparator sort of an index array per draw,
//         ties "min"; per unit the sum, min and max rank, and up to 2,000 units the N × N rank
//         counts (for quantiles). At 100,000 units JS runs 100 draws, reported × 10.
// Memory: the wasm linear memory (memory.buffer.byteLength) before the call and after it; it
// never shrinks, so "after" is the high-water mark. The target (≤ 64 MB at 100,000 units) is
// what the analysis adds: the scorer itself holds the raw and normalised columns (2 × 24 MB).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDICATORS, PER_PILLAR, PILLARS, random, synthetic } from './synthetic.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The analysis is in the full module (pkg/full/).
const PKG = process.env.TOLOK_PKG ? path.resolve(process.env.TOLOK_PKG) : path.join(ROOT, 'pkg', 'full');
const WASM = path.join(PKG, 'tolok_bg.wasm');
if (!fs.existsSync(WASM)) {
  console.error(`${WASM} is missing: build it first (scripts/build.sh)`);
  process.exit(2);
}
const { initSync, Scorer, version } = await import(path.join(PKG, 'tolok.js'));
const wasm = initSync({ module: fs.readFileSync(WASM) });

const DRAWS = 1000;
const LO = 0.5;
const HI = 2;
const EXACT_LIMIT = 2000;

// ------------------------------------------------- plain hand-written JavaScript ---------------

function minmax(col, lower) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < col.length; i++) {
    if (col[i] < lo) lo = col[i];
    if (col[i] > hi) hi = col[i];
  }
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) out[i] = (lower ? hi - col[i] : col[i] - lo) / (hi - lo);
  return out;
}

/** Monte Carlo in plain JavaScript; returns per-unit mean, min and max rank (and counts). */
function jsMonteCarlo(data, draws, seed) {
  const n = data.ids.length;
  const norm = data.names.map((name, j) => minmax(data.columns[name], data.lower[j]));
  const rand = random(seed);
  const pillar = Array.from({ length: PILLARS }, () => new Float64Array(n));
  const root = new Float64Array(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  const ranks = new Uint32Array(n);
  const sum = new Float64Array(n);
  const min = new Uint32Array(n).fill(n + 1);
  const max = new Uint32Array(n);
  const counts = n <= EXACT_LIMIT ? new Uint32Array(n * n) : null;
  const mult = () => LO + (HI - LO) * rand();
  for (let d = 0; d < draws; d++) {
    root.fill(0);
    let rootTotal = 0;
    for (let p = 0; p < PILLARS; p++) {
      const out = pillar[p];
      out.fill(0);
      let total = 0;
      for (let c = 0; c < PER_PILLAR; c++) {
        const w = mult();
        const col = norm[p * PER_PILLAR + c];
        total += w;
        for (let i = 0; i < n; i++) out[i] += w * col[i];
      }
      const w = mult();
      rootTotal += w;
      for (let i = 0; i < n; i++) root[i] += (w * out[i]) / total;
    }
    for (let i = 0; i < n; i++) root[i] /= rootTotal;
    idx.sort((a, b) => root[b] - root[a] || a - b);
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      const r = k > 0 && root[i] === root[idx[k - 1]] ? ranks[idx[k - 1]] : k + 1;
      ranks[i] = r;
      sum[i] += r;
      if (r < min[i]) min[i] = r;
      if (r > max[i]) max[i] = r;
      if (counts) counts[i * n + r - 1] += 1;
    }
  }
  return { mean: sum.map((s) => s / draws), min, max, counts };
}

// ------------------------------------------------------------ timing ---------------------------

const mid = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** Median time of `f` in ms over `reps` runs (after one warm-up run); and f's last result. */
function median(reps, f) {
  let out = f();
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    out = f();
    times.push(performance.now() - t0);
  }
  return { ms: mid(times), out };
}

/** Medians of `f` and `g` and of their difference, timed in alternating pairs (after warm-up). */
function paired(reps, f, g) {
  let out = f();
  g();
  const [tf, tg, diff] = [[], [], []];
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    out = f();
    const a = performance.now() - t0;
    t0 = performance.now();
    g();
    const b = performance.now() - t0;
    tf.push(a);
    tg.push(b);
    diff.push(a - b);
  }
  return { f: mid(tf), g: mid(tg), diff: mid(diff), out };
}

const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** Pearson correlation of two arrays (the two implementations' mean ranks agree closely). */
function correlation(a, b) {
  const n = a.length;
  let ma = 0;
  let mb2 = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb2 += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb2);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb2) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

// ------------------------------------------------------------- main ----------------------------

const sizes = process.argv[2] ? [Number(process.argv[2])] : [514, 10_000, 100_000];
const targets = { 514: 'draws ≤ 15 ms', 10000: 'total ≤ 400 ms', 100000: 'adds ≤ 64 MB' };
console.log(`tolok ${version()} — Monte Carlo, ${DRAWS.toLocaleString('en')} draws, multipliers U[${LO}, ${HI}] on ${INDICATORS} + ${PILLARS} weights`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}`);
console.log();
const header = ['N', 'draws', 'fixed', 'total', 'target', 'JS', 'JS/draws', 'memory before', 'after', 'added', 'mean ranks r'];
const widths = [8, 9, 9, 9, 14, 10, 8, 13, 9, 9, 12];
const row = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join(' | ');
console.log(row(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));

for (const n of sizes) {
  const data = synthetic(n);
  const scorer = Scorer.fromTable({ ids: data.ids, columns: data.columns }, data.spec);
  const before = wasm.memory.buffer.byteLength;
  const reps = n <= 1000 ? 15 : n <= 20_000 ? 3 : 1;
  const options = { weights: { range: [LO, HI] }, samples: DRAWS, seed: 1 };
  const t = paired(reps, () => scorer.uncertainty(options), () => scorer.uncertainty({ ...options, samples: 1 }));
  const after = wasm.memory.buffer.byteLength;
  const jsDraws = n > 20_000 ? 100 : DRAWS;
  const js = median(n > 20_000 ? 1 : Math.min(reps, 5), () => jsMonteCarlo(data, jsDraws, 1));
  const jsMs = (js.ms * DRAWS) / jsDraws;
  const r = correlation(t.out.mean, js.out.mean);
  scorer.free();
  console.log(row([
    n.toLocaleString('en'), ms(t.diff), ms(t.g), ms(t.f), targets[n] ?? '', `${ms(jsMs)}${jsDraws < DRAWS ? '*' : ''}`,
    `${(jsMs / t.diff).toFixed(1)}×`, mb(before), mb(after), mb(after - before), r.toFixed(4),
  ]));
}
console.log();
console.log('total: the whole call (1,000 draws, statistics, exact bounds); fixed: the same call with one draw');
console.log('(set-up and the best/worst bounds); draws: the difference, timed in pairs. * JS ran 100 draws,');
console.log('shown × 10; JS/draws compares it with the draws alone. memory: wasm linear memory before and');
console.log('after the runs (it never shrinks), and what the analysis added.');
console.log('mean ranks r: correlation of the per-unit mean ranks of wasm and JS (different random');
console.log('streams, same distribution: close to 1).');
