// Errors are JavaScript `Error`s carrying the core's message; no input reaches a panic (which in
// WebAssembly is a `RuntimeError: unreachable` that leaves the instance unusable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASES, full, read, readSpec, thrown, tolok } from './helpers.mjs';

const { Scorer } = tolok;

/** The exception of `f`: an Error (not a WebAssembly trap) whose message has every part. */
function throwsError(f, ...parts) {
  const e = thrown(f);
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `a trap (panic): ${e}`);
  for (const p of parts) assert.ok(e.message.includes(p), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(p)}`);
  return e;
}

const small = () => ({
  version: 1,
  units: { id: 'id', groups: ['g'] },
  indicators: [{ id: 'a' }, { id: 'b', direction: 'lower' }],
  tree: { id: 't', children: [{ indicator: 'a' }, { indicator: 'b', weight: 2 }] },
});
const smallCsv = 'id,g,a,b\nx,p,1,4\ny,q,2,5\nz,p,3,6\n';

test('CSV errors name the line and the column', () => {
  const csv = read(CASES.ipm.data).replace('76.12', 'abc');
  throwsError(
    () => Scorer.fromCsv(csv, readSpec(CASES.ipm.spec)),
    "CSV line 184, column 'uhh': 'abc' is not a number",
  );
  throwsError(() => Scorer.fromCsv('id,g,a\nx,p,1\n', small()), "column 'b' is not in the data");
  throwsError(() => Scorer.fromCsv('id,g,a,b\n', small()), 'CSV: there are no data rows');
  throwsError(() => Scorer.fromCsv('id,g,a,b\nx,p,1,2\nx,p,3,4\n', small()), "unit id 'x' appears twice");
  throwsError(() => tolok.score('', small()), 'CSV');
  throwsError(() => full.inspectCsv(''), 'CSV');
});

test('spec errors name the field path, as the CLI does', () => {
  const spec = small();
  spec.tree.children[1].wieght = 2;
  const e = throwsError(() => tolok.validateSpec(spec), 'spec: tree.children[1].wieght: unknown field `wieght`');
  assert.ok(!e.message.includes(' at line '), e.message);
  throwsError(() => Scorer.fromCsv(smallCsv, { ...small(), extra: true }), 'spec: extra: unknown field `extra`');
  throwsError(() => tolok.validateSpec({ ...small(), version: 2 }), 'spec: version');
  throwsError(() => tolok.validateSpec({ ...small(), version: '1' }), 'spec: version');
  const weight = small();
  weight.tree.children[0].weight = -1;
  throwsError(() => tolok.validateSpec(weight), "leaf 'a'", 'weight -1');
  const nan = small();
  nan.tree.children[0].weight = NaN; // not null (JSON's NaN), which would mean "absent": weight 1
  throwsError(() => tolok.validateSpec(nan), 'spec: tree.children[0].weight: invalid type: string "NaN", expected f64');
  nan.tree.children[0].weight = -Infinity;
  throwsError(() => tolok.validateSpec(nan), 'string "-Infinity"');
  const unknown = small();
  unknown.tree.children[0].indicator = 'nope';
  throwsError(() => tolok.validateSpec(unknown), "indicator 'nope' does not exist");
  throwsError(() => tolok.validateSpec('{"version": 1,'), 'spec');
  for (const bad of [undefined, null, 42, [], true]) throwsError(() => tolok.validateSpec(bad), 'spec: expected a spec object');
  throwsError(() => tolok.validateSpec({ ...small(), name: 10n }), 'spec: ', 'BigInt');
  const cyclic = small();
  cyclic.tree.children[0].self = cyclic;
  throwsError(() => tolok.validateSpec(cyclic), 'spec: ');
  throwsError(() => tolok.validateSpec({ ...small(), toJSON: () => 5 }), 'spec');
});

test('table errors say which field, index or column is wrong', () => {
  const ok = { ids: ['x', 'y', 'z'], groups: { g: ['p', 'q', 'p'] }, columns: { a: [1, 2, 3], b: [4, 5, 6] } };
  const s = Scorer.fromTable(ok, small());
  assert.deepEqual(s.unitIds(), ['x', 'y', 'z']);
  s.free();
  const bad = (patch) => () => Scorer.fromTable({ ...ok, ...patch }, small());
  throwsError(bad({ ids: 'xyz' }), 'table: ids: expected an array of strings, got string');
  throwsError(bad({ ids: ['x', 1, 'z'] }), 'table: ids[1] is not a string (got number');
  throwsError(bad({ ids: ['x', undefined, 'z'] }), 'table: ids[1] is not a string (got undefined');
  throwsError(bad({ ids: ['x', '', 'z'] }), 'table: ids[1] is empty');
  throwsError(bad({ labels: ['x'] }), 'table: 1 labels for 3 ids');
  throwsError(bad({ groups: {} }), "group column 'g' is not in the data");
  throwsError(bad({ groups: { g: ['p', 'q'] } }), "group 'g' has 2 values for 3 ids");
  throwsError(bad({ columns: { a: [1, 2, 3] } }), "column 'b' is not in the data", "'a'");
  throwsError(bad({ columns: { a: [1, 2, 3], b: [4, '5', 6] } }), 'table: columns.b[1] is not a number (got string)');
  throwsError(bad({ columns: { a: [1, 2, 3], b: new Float32Array(3) } }), 'table: columns.b: expected a Float64Array');
  throwsError(bad({ columns: { a: Float64Array.of(1, Infinity, 3), b: [4, 5, 6] } }), 'not a finite number');
  throwsError(bad({ columns: null }), 'table: columns: expected an object, got null');
  throwsError(bad({ colums: {} }), "table: unknown field 'colums'");
  throwsError(() => Scorer.fromTable(undefined, small()), 'table: expected an object');
});

test('query and weight errors; a failed change leaves the scorer as it was', () => {
  const s = Scorer.fromCsv(smallCsv, small());
  const before = s.scores();
  throwsError(() => s.setWeight('t', 'nope', 1), "child 'nope' does not exist", 'children of node');
  throwsError(() => s.setWeight('nope', 'a', 1), "node 'nope' does not exist");
  throwsError(() => s.setWeight('t', 'a', -1), 'must be a finite number ≥ 0');
  throwsError(() => s.setWeight('t', 'a', NaN), 'must be a finite number ≥ 0');
  throwsError(() => s.setWeight('t', 'a', Infinity), 'must be a finite number ≥ 0');
  throwsError(() => s.setWeights({ t: { a: 0, b: 0 } }), "node 't': all children would have weight 0");
  throwsError(() => s.setWeights({ t: { a: 1e308, b: 1e308 } }), "node 't'");
  throwsError(() => s.setWeights({ t: { a: '1' } }), "setWeights: node 't': the weight of 'a' is not a number");
  throwsError(() => s.setWeights({ t: [1] }), 'setWeights');
  throwsError(() => s.setWeights(null), 'setWeights: expected an object, got null');
  throwsError(() => s.scores('nope'), "'nope' does not exist");
  throwsError(() => s.rawValues('t'), "indicator 't' does not exist");
  throwsError(() => s.contributions('nope'), "unit 'nope' does not exist");
  throwsError(() => s.groupRanks('nope'), "group column 'nope' does not exist");
  throwsError(() => s.groupValues('nope'), "group column 'nope' does not exist");
  assert.deepEqual(s.scores(), before);
  assert.deepEqual(s.weights(), { t: { a: 1, b: 2 } });
  s.free();
});

/** mulberry32 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = [
  null, undefined, true, 0, -0, -1, 0.5, 1, 2, 15, 16, 1e308, -1e308, 5e-324, NaN, Infinity, 4294967296, '', 'x',
  'min', 'lower', 'skip', 'geometric', 'mean', 'average', [], [1], {}, { method: 'minmax' }, { method: 'goalposts' },
];

/** Every path (array of keys) to a value inside `v`. */
function paths(v, at = []) {
  if (v === null || typeof v !== 'object') return [at];
  return [at, ...Object.keys(v).flatMap((k) => paths(v[k], [...at, k]))];
}

test('fuzz: 600 mutated real specs and odd weights give results or Errors, never a trap', () => {
  const rand = random(20261127);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const cases = [CASES.ipm, CASES.hdi, CASES.pekppp, CASES.oecd];
  const data = cases.map((c) => read(c.data));
  let scored = 0;
  for (let round = 0; round < 600; round++) {
    const k = round % cases.length;
    const spec = readSpec(cases[k].spec);
    for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
      const p = pick(paths(spec).filter((x) => x.length > 0));
      const parent = p.slice(0, -1).reduce((o, key) => o[key], spec);
      if (rand() < 0.2) delete parent[p[p.length - 1]];
      else parent[p[p.length - 1]] = structuredClone(pick(ODD));
    }
    let s;
    try {
      s = Scorer.fromCsv(data[k], spec);
    } catch (e) {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `round ${round}: ${e}`);
      continue;
    }
    scored++;
    for (const n of s.nodes().filter((x) => x.kind === 'node').slice(0, 3)) {
      for (const c of n.children) {
        try {
          s.setWeight(n.id, c, pick(ODD));
        } catch (e) {
          assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `round ${round}: ${e}`);
        }
      }
    }
    s.result();
    s.contributions(s.unitIds()[0]);
    s.free();
  }
  assert.ok(scored > 30, `only ${scored} mutated specs scored`);
  assert.equal(typeof tolok.version(), 'string', 'the instance still works');
});

test('fuzz: tables with odd values give results or Errors, never a trap', () => {
  const rand = random(7);
  const values = [0, -0, 1, -1, 1e-300, 1e300, -1e300, NaN, null, 5e-324, 2 ** 53];
  for (let round = 0; round < 300; round++) {
    const n = Math.floor(rand() * 7); // 0 units too
    const col = () => Float64Array.from({ length: n }, () => values[Math.floor(rand() * values.length)] ?? NaN);
    const spec = small();
    const methods = ['minmax', 'zscore', 'rank', 'percentile', 'none', 'sum', 'max', 'vector'];
    spec.indicators[0].normalise = { method: methods[round % methods.length] };
    spec.tree.aggregate = ['arithmetic', 'geometric', 'harmonic', 'topsis', 'vikor', 'copeland', 'min'][round % 7];
    const weighting = [null, 'equal', 'entropy', 'critic', 'stdev', 'pca', 'bod'][Math.floor(rand() * 7)];
    if (weighting && ['arithmetic', 'geometric', 'harmonic'].includes(spec.tree.aggregate)) {
      spec.tree.weighting = { method: weighting };
    }
    if (rand() < 0.5) spec.tree.missing = 'skip';
    const table = {
      ids: Array.from({ length: n }, (_, i) => `u${i}`),
      groups: { g: Array.from({ length: n }, (_, i) => (i % 2 ? 'p' : 'q')) },
      columns: { a: col(), b: col() },
    };
    try {
      const s = Scorer.fromTable(table, spec);
      s.ranks();
      s.groupRanks('g');
      s.result();
      s.free();
    } catch (e) {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `round ${round}: ${e}`);
    }
  }
  assert.equal(typeof tolok.version(), 'string', 'the instance still works');
});

test('the scoring core refuses, by name, what only the full module computes', () => {
  const where = 'it needs the cargo feature `methods` (in JavaScript, the full module: import from pkg/full/tolok.js';
  const asem = CASES.asemFull;
  throwsError(
    () => Scorer.fromCsv(read(asem.data), readSpec(asem.spec)),
    'spec: prepare: data preparation is not in this build of Tolok',
    where,
  );
  const weighted = small();
  weighted.tree.weighting = { method: 'entropy' };
  delete weighted.tree.children[1].weight; // derived weights replace the children's weights
  throwsError(
    () => tolok.validateSpec(weighted),
    'spec: tree.weighting: derived weights (weighting) is not in this build',
    where,
  );
  const topsis = small();
  topsis.tree.aggregate = 'topsis';
  throwsError(() => Scorer.fromCsv(smallCsv, topsis), `node 't': aggregate "topsis" is not in this build`, where);
  throwsError(() => tolok.score(smallCsv, topsis), `node 't': aggregate "topsis"`);
  // the full module scores all three
  for (const spec of [weighted, topsis]) full.Scorer.fromCsv(smallCsv, spec).free();
  full.Scorer.fromCsv(read(asem.data), readSpec(asem.spec)).free();
  // an `uncertainty` section is only options for the full module's analysis: the core scores
  // the spec, and checks and keeps the section
  const withOptions = { ...small(), uncertainty: { samples: 100 } };
  const s = Scorer.fromCsv(smallCsv, withOptions);
  assert.equal(s.spec().uncertainty.samples, 100);
  s.free();
  throwsError(() => tolok.validateSpec({ ...small(), uncertainty: { samplez: 1 } }), 'spec: uncertainty.samplez: unknown field');
});
