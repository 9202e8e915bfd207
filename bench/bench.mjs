// Benchmark of the WebAssembly package against plain hand-written JavaScript (prints a table;
// asserts nothing except that both sides give the same ranks).
//
//   scripts/build.sh && node bench/bench.mjs            # N = 514, 10,000, 100,000
//   node bench/bench.mjs 514                             # one size
//   TOLOK_PKG=/path/to/pkg node bench/bench.mjs          # another build of the package
//
// Data (bench/synthetic.mjs): N units × 30 indicators, lognormal values from a fixed seed, 20% of
// the indicators lower-is-better, ~0.5% duplicated rows (so that ties occur). Spec: min-max, a
// two-level arithmetic tree (5 pillars × 6 indicators), ties "min", no rounding.
// Workloads (medians of repeated runs, single thread; the WebAssembly and the JavaScript are timed
// in alternating blocks, so that a drift in the machine's speed touches both alike; a ratio
// column gives the median of the ratios of the pairs of blocks, and their range):
//   W1  full score + rank of new data: scorer.setColumns({ x00: Float64Array, ... }) with all 30
//       columns, then ranks(), alternating between two data sets of the same units (so every
//       value, and the order, changes each time); the spec was read once, when the scorer was
//       made. JS: normalise every column, aggregate pillars and root, sort an index array, rank.
//       "W1 cold" is Scorer.fromTable(table, spec) + ranks(): reading and checking the spec,
//       copying the ids, then the same work.
//   W4  one weight change + re-rank: setWeight("p2", "x13", w), then ranks();
//       JS: recompute pillar p2 and the root from the cached normalised columns, sort, rank.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { jsFull, jsReweight, sameBits, sameRanks } from './baseline.mjs';
import { INDICATORS, PILLARS, SEED, synthetic } from './synthetic.mjs';
import { fmt, median, paired, ratio } from './timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = process.env.TOLOK_PKG ? path.resolve(process.env.TOLOK_PKG) : path.join(ROOT, 'pkg'); // another build
const WASM = path.join(PKG, 'tolok_bg.wasm');
if (!fs.existsSync(WASM)) {
  console.error('pkg/ is missing: build it first (scripts/build.sh)');
  process.exit(2);
}
const { initSync, Scorer, version } = await import(path.join(PKG, 'tolok.js'));
const wasmBytes = fs.readFileSync(WASM);
initSync({ module: wasmBytes });

// ------------------------------------------------------------- main ----------------------------

const sizes = process.argv[2] ? [Number(process.argv[2])] : [514, 10_000, 100_000];
/** "N bytes raw, M gzip -9 (K KiB)" of a .wasm. */
function size(bytes) {
  const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
  const n = (x) => x.toLocaleString('en-US');
  return `${n(bytes.length)} B raw, ${n(gzip)} B gzip -9 (${(gzip / 1024).toFixed(1)} KiB)`;
}
const FULL_WASM = path.join(PKG, 'full', 'tolok_bg.wasm');
console.log(`tolok ${version()} — ${INDICATORS} indicators in ${PILLARS} pillars, minmax, arithmetic, ties min`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`pkg/tolok_bg.wasm (the scoring core, benchmarked here; target ≤ 150 KB gzip): ${size(wasmBytes)}`);
if (fs.existsSync(FULL_WASM)) console.log(`pkg/full/tolok_bg.wasm (the full module): ${size(fs.readFileSync(FULL_WASM))}`);
console.log();
const header = ['N', 'W1 cold', 'W1 wasm', 'W1 JS', 'W1 JS/wasm', 'W4 wasm', 'W4 JS', 'W4 JS/wasm', 'same ranks'];
const widths = [8, 10, 10, 10, 18, 10, 10, 18, 10];
const row = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join(' | ');
console.log(row(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));

let allSame = true;
for (const n of sizes) {
  const data = synthetic(n);
  const table = { ids: data.ids, columns: data.columns };
  const reps = Math.max(15, Math.min(2001, Math.round(1_000_000 / n)));

  // W1 cold: the spec read and checked, the ids copied, then everything scored.
  let scorer = null;
  const w1Cold = median(
    reps,
    () => {
      scorer = Scorer.fromTable(table, data.spec);
      scorer.ranks();
    },
    () => scorer?.free(),
  );
  // W1: new values for all 30 columns of the same units, alternating between two data sets.
  const other = synthetic(n, SEED + 1);
  let flipData = false;
  let state = null;
  let flipJs = false;
  const w1 = paired(
    reps,
    () => {
      flipData = !flipData;
      scorer.setColumns(flipData ? other.columns : data.columns);
      scorer.ranks();
    },
    () => {
      flipJs = !flipJs;
      state = jsFull(flipJs ? other : data);
    },
  );
  scorer.setColumns(other.columns);
  let same = sameRanks(scorer.ranks(), jsFull(other).ranks) && sameBits(scorer.scores(), jsFull(other).root);
  scorer.setColumns(data.columns);
  state = jsFull(data);
  same &&= sameRanks(scorer.ranks(), state.ranks) && sameBits(scorer.scores(), state.root);

  // W4: alternate the weight so that every call changes something.
  let flip = false;
  let flipW = false;
  const w4 = paired(
    reps,
    () => {
      flip = !flip;
      scorer.setWeight('p2', 'x13', flip ? 2 : 1);
      scorer.ranks();
    },
    () => {
      flipW = !flipW;
      jsReweight(state, 2, 1, flipW ? 2 : 1);
    },
  );
  for (const w of [3, 0.5]) {
    scorer.setWeight('p2', 'x13', w);
    jsReweight(state, 2, 1, w);
    same &&= sameRanks(scorer.ranks(), state.ranks) && sameBits(scorer.scores(), state.root);
  }
  scorer.free();
  scorer = null;
  allSame &&= same;
  console.log(
    row([n, fmt(w1Cold), fmt(w1.wasm), fmt(w1.js), ratio(w1), fmt(w4.wasm), fmt(w4.js), ratio(w4), same ? 'yes' : 'NO']),
  );
}
console.log();
console.log('Targets: W1 ≥ 10× at N = 514; W4 ≥ 17× at N = 514 and ≤ 3 ms at N = 100,000.');
console.log('JS/wasm: the median of the ratios of alternating blocks of calls (each block timed call by call),');
console.log('  and in brackets their range; the times are the medians over all calls.');
console.log('"same ranks": identical ranks, and bit-identical root scores, from both implementations.');
if (!allSame) {
  console.error('ERROR: the WebAssembly and JavaScript implementations disagree');
  process.exit(1);
}
