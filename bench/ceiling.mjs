// The ceiling of bench.mjs (run by bench/ceiling.sh, which builds the two .wasm first): W1 and W4
// by tolok's kernels alone — bench/ceiling/, the package's own loops with no engine and no
// bindings — in a scalar and a simd128 build, and by the package (pkg/, as bench.mjs times it),
// each against the same hand-written JavaScript in alternating blocks. The package's time over
// the scalar kernels is what its engine and bindings cost; nothing built on these kernels does
// less work than they do. Asserts nothing except that every implementation gives the
// JavaScript's ranks.
//
// W1 new data: the 30 columns copied into WebAssembly memory (the package: setColumns), then
// everything scored and ranked, alternating between two data sets; "W1 in memory": the same
// with both data sets already in WebAssembly memory (two tables, scored in turn), as the
// JavaScript's are in its own; W4: one weight changed, that pillar, the root and the ranks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsFull, jsReweight, sameRanks } from './baseline.mjs';
import { SEED, synthetic } from './synthetic.mjs';
import { fmt, paired, ratio } from './timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WASM = 'wasm32-unknown-unknown/release/tolok_ceiling.wasm';
const builds = { 'kernels, scalar': `target/ceiling/${WASM}`, 'kernels, simd128': `target/ceiling-simd/${WASM}` };
for (const file of Object.values(builds)) {
  if (!fs.existsSync(path.join(ROOT, file))) {
    console.error(`${file} is missing: run bench/ceiling.sh, which builds it`);
    process.exit(2);
  }
}

/** The exports of a bare .wasm of bench/ceiling/. */
async function kernels(file) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(ROOT, file)));
  return instance.exports;
}

/** The bare kernels `e` as an implementation: `(n, data, other)` makes two tables of `n` units
 *  (the second holding `other`) and returns the calls W1 new data (`fresh(d)`), W1 in memory
 *  (`inMemory(second)`) and W4 (`reweight(w)`), each returning the ranks. */
function bare(e) {
  return (n, data, other) => {
    const tables = [e.table(n), e.table(n)];
    const put = (t, d) => d.names.forEach((name, j) => new Float64Array(e.memory.buffer, e.column(t, j), n).set(d.columns[name]));
    const ranks = (t) => new Uint32Array(e.memory.buffer, e.ranks(t), n).slice();
    put(tables[1], other);
    return {
      fresh: (d) => {
        put(tables[0], d);
        e.score(tables[0]);
        return ranks(tables[0]);
      },
      inMemory: (second) => {
        const t = tables[second ? 1 : 0];
        e.score(t);
        return ranks(t);
      },
      reweight: (w) => {
        e.reweight(tables[0], w);
        return ranks(tables[0]);
      },
    };
  };
}

/** The package as the same kind of implementation, timed as bench.mjs times it (no W1 in memory: its Scorer has no call to re-score
 *  unchanged data, which a page never needs). */
function pkg(m) {
  return (n, data) => {
    const scorer = m.Scorer.fromTable({ ids: data.ids, columns: data.columns }, data.spec);
    return {
      fresh: (d) => {
        scorer.setColumns(d.columns);
        return scorer.ranks();
      },
      inMemory: null,
      reweight: (w) => {
        scorer.setWeight('p2', 'x13', w);
        return scorer.ranks();
      },
    };
  };
}

const impls = {};
const pkgJs = path.join(ROOT, 'pkg', 'tolok.js');
if (fs.existsSync(pkgJs)) {
  const m = await import(pkgJs);
  m.initSync({ module: fs.readFileSync(path.join(ROOT, 'pkg', 'tolok_bg.wasm')) });
  impls['package (pkg/)'] = pkg(m);
} else {
  console.log('(pkg/ is not built: scripts/build.sh; the package is left out)');
}
for (const [name, file] of Object.entries(builds)) impls[name] = bare(await kernels(file));

console.log(`tolok's kernels alone against the package — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}`);
console.log();
const header = ['N', 'implementation', 'W1 new data', 'JS/wasm', 'W1 in memory', 'JS/wasm', 'W4', 'JS/wasm', 'same ranks'];
const widths = [7, 16, 11, 18, 12, 18, 9, 18, 10];
const row = (cells) => cells.map((c, i) => (i === 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ');
console.log(row(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));

let allSame = true;
const sizes = process.argv[2] ? [Number(process.argv[2])] : [514, 10_000, 100_000];
for (const n of sizes) {
  const data = synthetic(n);
  const other = synthetic(n, SEED + 1);
  const reps = Math.max(15, Math.min(2001, Math.round(1_000_000 / n)));
  for (const [name, make] of Object.entries(impls)) {
    const impl = make(n, data, other);
    let same = sameRanks(impl.fresh(other), jsFull(other).ranks) && sameRanks(impl.fresh(data), jsFull(data).ranks);
    let flip = false;
    let flipJs = false;
    const js = () => {
      flipJs = !flipJs;
      jsFull(flipJs ? other : data);
    };
    const fresh = paired(reps, () => impl.fresh((flip = !flip) ? other : data), js);
    const inMemory = impl.inMemory && paired(reps, () => impl.inMemory((flip = !flip)), js);
    if (impl.inMemory) same &&= sameRanks(impl.inMemory(true), jsFull(other).ranks);
    impl.fresh(data);
    const state = jsFull(data);
    let w = false;
    let wJs = false;
    const reweight = paired(
      reps,
      () => impl.reweight((w = !w) ? 2 : 1),
      () => jsReweight(state, 2, 1, (wJs = !wJs) ? 2 : 1),
    );
    same &&= sameRanks(impl.reweight(3), jsReweight(state, 2, 1, 3));
    allSame &&= same;
    const cells = (t) => (t ? [fmt(t.wasm), ratio(t)] : ['—', '—']);
    console.log(row([n, name, ...cells(fresh), ...cells(inMemory), ...cells(reweight), same ? 'yes' : 'NO']));
  }
}
console.log();
console.log('Targets of bench.mjs: W1 ≥ 10× at N = 514; W4 ≥ 17× at N = 514 and ≤ 3 ms at N = 100,000.');
console.log('JS/wasm: the median of the ratios of alternating blocks of calls, and their range.');
if (!allSame) {
  console.error('ERROR: an implementation disagrees with the JavaScript');
  process.exit(1);
}
