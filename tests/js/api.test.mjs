// The JS API of the built package on the real specs and data, and the same results as the
// native CLI, bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASES, MODULES, bits, cli, full, read, readSpec, thrown, tolok } from './helpers.mjs';

const { Scorer } = tolok;
const ipm = () => Scorer.fromCsv(read(CASES.ipm.data), readSpec(CASES.ipm.spec));

test('IPM 2024: Kota Bekasi scores 83.54 (BPS), graded and ranked by the rounded score', () => {
  const s = ipm();
  const ids = s.unitIds();
  assert.equal(ids.length, 514);
  const i = ids.indexOf('32.75');
  assert.equal(s.labels()[i], 'Kota Bekasi');
  assert.equal(s.groupValues('provinsi')[i], 'Jawa Barat');
  const rounded = s.roundedScores();
  assert.equal(rounded[i], 83.54);
  assert.equal(s.grades()[i], 'Sangat tinggi'); // IPM ≥ 80
  assert.equal(s.gradeIndices()[i], 0);
  // ties "min": 1 + the number of units with a higher rounded score
  const ranks = s.ranks();
  assert.ok(ranks instanceof Uint32Array);
  assert.equal(ranks[i], 1 + rounded.filter((x) => x > rounded[i]).length);
  // within the province, the same rule over the province's units
  const province = s.groupValues('provinsi');
  const higherInProvince = [...rounded].filter((x, u) => province[u] === 'Jawa Barat' && x > rounded[i]).length;
  assert.equal(s.groupRanks('provinsi')[i], 1 + higherInProvince);
  s.free();
});

test('every real spec gives bit-identical scores natively (CLI JSON) and in node, in both modules', () => {
  for (const [name, c] of Object.entries(CASES)) {
    const native = JSON.parse(cli('score', '--data', c.data, '--spec', c.spec, '--format', 'json'));
    for (const [which, m] of MODULES) {
      if (c.full && which === 'core') continue; // the core refuses `prepare` (tested in errors.test.mjs)
      compareWithNative(`${name} (${which})`, m.Scorer.fromCsv(read(c.data), readSpec(c.spec)), native, c);
    }
  }
});

/** The scorer's whole result against the CLI's, bit for bit. */
function compareWithNative(name, s, native, c) {
  const root = s.scores();
  assert.equal(root.length, native.units.length, name);
  native.units.forEach((u, i) => {
    const expected = u.scores[native.root] ?? NaN;
    assert.equal(bits(root[i]), bits(expected), `${name}: unit ${u.id}: ${root[i]} ≠ ${expected}`);
  });
  // every node, indicator, rank, grade and contribution: the whole result is the CLI's JSON
  assert.deepEqual(s.result(), native, name);
  assert.equal(s.toCsv(), cli('score', '--data', c.data, '--spec', c.spec), name);
  s.free();
}

test('score() is Scorer.fromCsv(...).result(), and takes a spec as JSON text too', () => {
  const csv = read(CASES.hdi.data);
  const s = Scorer.fromCsv(csv, readSpec(CASES.hdi.spec));
  assert.deepEqual(tolok.score(csv, readSpec(CASES.hdi.spec)), s.result());
  assert.deepEqual(tolok.score(csv, read(CASES.hdi.spec)), s.result());
  s.free();
});

test('fromTable from Float64Array columns equals fromCsv bit for bit', () => {
  const spec = readSpec(CASES.ipm.spec);
  const a = ipm();
  const columns = Object.fromEntries(spec.indicators.map((ind) => [ind.column ?? ind.id, a.rawValues(ind.id)]));
  const table = { ids: a.unitIds(), labels: a.labels(), groups: { provinsi: a.groupValues('provinsi') }, columns };
  const b = Scorer.fromTable(table, spec);
  for (const n of a.nodes()) {
    assert.deepEqual([...b.scores(n.id)].map(bits), [...a.scores(n.id)].map(bits), n.id);
  }
  assert.deepEqual(b.ranks(), a.ranks());
  assert.deepEqual(b.result(), a.result());
  // number arrays (null = missing) read the same as Float64Arrays
  const plain = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)]));
  const c = Scorer.fromTable({ ...table, columns: plain }, spec);
  assert.deepEqual(c.scores(), a.scores());
  [a, b, c].forEach((s) => s.free());
});

test('setColumns: new values for the same units equal a fresh fromTable, bit for bit', () => {
  // (The native tests also cover specs with `prepare`, whose raw inputs are not rawValues.)
  for (const key of ['ipm', 'hdi', 'oecd']) {
    const c = CASES[key];
    const spec = readSpec(c.spec);
    const s = Scorer.fromCsv(read(c.data), spec);
    s.setWeight(s.nodes()[0].id, s.nodes()[1].id, 3); // a weight change first: setColumns keeps it
    const names = spec.indicators.map((ind) => ind.column ?? ind.id);
    const raw = Object.fromEntries(spec.indicators.map((ind) => [ind.column ?? ind.id, s.rawValues(ind.id)]));
    // Another "year": every value ×1.01 in even units, ×0.99 in odd ones (the order changes).
    const next = Object.fromEntries(
      names.map((n) => [n, Float64Array.from(raw[n], (v, u) => v * (u % 2 ? 0.99 : 1.01))]),
    );
    s.setColumns(next);
    const fresh = Scorer.fromTable(
      { ids: s.unitIds(), labels: s.labels(), groups: Object.fromEntries((spec.units.groups ?? []).map((g) => [g, s.groupValues(g)])), columns: next },
      s.spec(),
    );
    for (const n of s.nodes()) {
      assert.deepEqual([...s.scores(n.id)].map(bits), [...fresh.scores(n.id)].map(bits), `${key}: ${n.id}`);
    }
    assert.deepEqual(s.ranks(), fresh.ranks(), key);
    // One column as a plain array with a null (missing) takes the general path.
    const one = Array.from(next[names[0]]);
    one[3] = null;
    if (spec.tree.missing === 'skip') {
      s.setColumns({ [names[0]]: one });
      assert.ok(Number.isNaN(s.rawValues(spec.indicators[0].id)[3]), key);
    }
    [s, fresh].forEach((x) => x.free());
  }
});

test('setColumns names what is wrong and then changes nothing', () => {
  const s = ipm();
  const before = s.scores();
  const n = s.unitIds().length;
  assert.match(thrown(() => s.setColumns({ uhh_typo: new Float64Array(n) })).message, /column 'uhh_typo' does not exist \(the columns the spec reads: uhh, hls, rls, pengeluaran\)/);
  assert.match(thrown(() => s.setColumns({ uhh: new Float64Array(3) })).message, /column 'uhh' has 3 values for 514 units/);
  assert.match(thrown(() => s.setColumns({ uhh: ['70', 71] })).message, /setColumns: columns\.uhh\[0\] is not a number \(got string\)/);
  assert.match(thrown(() => s.setColumns([1, 2])).message, /setColumns: expected an object, got an array/);
  const missing = s.rawValues('uhh');
  missing[0] = NaN; // the IPM spec says missing: error
  assert.match(thrown(() => s.setColumns({ uhh: missing })).message, /unit '11\.01'.*missing/);
  assert.deepEqual([...s.scores()].map(bits), [...before].map(bits));
  s.free();
});

test('arrays: kinds and lengths; order() lists units best to worst', () => {
  const s = ipm();
  const n = s.unitIds().length;
  for (const [what, v, kind] of [
    ['scores()', s.scores(), Float64Array],
    ['scores(node)', s.scores('education'), Float64Array],
    ['scores(indicator)', s.scores('uhh'), Float64Array],
    ['rawValues', s.rawValues('pengeluaran'), Float64Array],
    ['roundedScores', s.roundedScores(), Float64Array],
    ['ranks', s.ranks(), Uint32Array],
    ['groupRanks', s.groupRanks('provinsi'), Uint32Array],
    ['order', s.order(), Uint32Array],
    ['gradeIndices', s.gradeIndices(), Int32Array],
    ['grades', s.grades(), Array],
    ['unitIds', s.unitIds(), Array],
    ['labels', s.labels(), Array],
  ]) {
    assert.ok(v instanceof kind, `${what} is a ${kind.name}`);
    assert.equal(v.length, n, what);
  }
  const ranks = s.ranks();
  const order = s.order();
  assert.deepEqual([...order].sort((x, y) => x - y), [...Array(n).keys()]);
  for (let k = 1; k < n; k++) assert.ok(ranks[order[k - 1]] <= ranks[order[k]]);
  // uhh is normalised with goalposts 20–85, capped
  const raw = s.rawValues('uhh');
  const norm = s.scores('uhh');
  for (let i = 0; i < n; i++) assert.ok(Math.abs(norm[i] - (raw[i] - 20) / 65) < 1e-15);
  s.free();
});

test('ties "average": ranks are a Float64Array, NaN for unranked units', () => {
  const spec = {
    version: 1,
    units: { id: 'id' },
    indicators: [{ id: 'a' }, { id: 'b' }],
    tree: { id: 't', missing: 'skip', minCoverage: 1, children: [{ indicator: 'a' }, { indicator: 'b' }] },
    rank: { ties: 'average' },
  };
  const s = Scorer.fromCsv('id,a,b\nx,1,3\ny,NA,2\nz,3,1\nw,0,0\n', spec);
  const r = s.ranks();
  assert.ok(r instanceof Float64Array);
  assert.deepEqual([r[0], r[2], r[3]], [1.5, 1.5, 3]);
  assert.ok(Number.isNaN(r[1]));
  const min = Scorer.fromCsv('id,a,b\nx,1,3\ny,NA,2\nz,3,1\nw,0,0\n', { ...spec, rank: {} });
  assert.deepEqual(min.ranks(), Uint32Array.of(1, 0, 1, 3));
  assert.deepEqual(min.grades(), [null, null, null, null]);
  assert.ok(Number.isNaN(min.scores()[1]));
  assert.equal(min.result().units[1].rank, null);
  [s, min].forEach((x) => x.free());
});

test('weights: setWeight, setWeights, resetWeights; spec() follows, originalSpec() does not', () => {
  const s = ipm();
  assert.deepEqual(s.weights(), {
    ipm: { health: 1, education: 1, expenditure: 1 },
    health: { uhh: 1 },
    education: { hls: 1, rls: 1 },
    expenditure: { pengeluaran: 1 },
  });
  const before = s.scores();
  s.setWeight('ipm', 'health', 2);
  assert.equal(s.weights().ipm.health, 2);
  assert.equal(s.spec().tree.children[0].weight, 2);
  assert.equal(s.originalSpec().tree.children[0].weight, undefined);
  assert.notDeepEqual(s.scores(), before);
  // the new scores are exactly those of the modified spec scored afresh
  const fresh = Scorer.fromCsv(read(CASES.ipm.data), s.spec());
  assert.deepEqual([...s.scores()].map(bits), [...fresh.scores()].map(bits));
  s.setWeights({ ipm: { health: 1, education: 3 }, education: { rls: 0.5 } });
  assert.deepEqual(s.weights().ipm, { health: 1, education: 3, expenditure: 1 });
  assert.equal(s.weights().education.rls, 0.5);
  s.resetWeights();
  assert.deepEqual([...s.scores()].map(bits), [...before].map(bits));
  assert.deepEqual(s.spec(), s.originalSpec());
  [s, fresh].forEach((x) => x.free());
});

test('nodes() lists the tree root first; contributions cover every node and indicator', () => {
  const s = Scorer.fromCsv(read(CASES.kesejahteraan.data), readSpec(CASES.kesejahteraan.spec));
  const nodes = s.nodes();
  assert.equal(nodes[0].parent, null);
  assert.equal(nodes[0].depth, 0);
  for (const n of nodes.slice(1)) assert.ok(nodes.some((p) => p.id === n.parent && p.children.includes(n.id)));
  const id = s.unitIds()[0];
  const c = s.contributions(id);
  assert.deepEqual(Object.keys(c), nodes.map((n) => n.id));
  // an arithmetic tree: the indicators' contributions add up to the root score
  const root = s.scores()[0];
  const sum = nodes.filter((n) => n.kind === 'indicator').reduce((t, n) => t + c[n.id], 0);
  assert.ok(Math.abs(sum - root) <= 1e-12 * Math.abs(root), `${sum} vs ${root}`);
  assert.deepEqual(c, s.result().units[0].contributions);
  s.free();
});

test('validateSpec fills defaults; inspectCsv and starterSpec (full module) read a CSV; version()', () => {
  const spec = tolok.validateSpec({
    version: 1,
    units: { id: 'id' },
    indicators: [{ id: 'a' }],
    tree: { id: 't', children: [{ indicator: 'a' }] },
  });
  assert.equal(spec.indicators[0].direction, 'higher');
  assert.deepEqual(spec.rank, { ties: 'min' });
  const csv = 'code;name;pop;gdp\nA1;Aceh;10;2,5\nB2;Bali;20;NA\n';
  assert.equal(tolok.inspectCsv, undefined, 'the explorer\'s helpers are in the full module only');
  assert.deepEqual(full.inspectCsv(csv), {
    delimiter: ';',
    rows: 2,
    columns: [
      { name: 'code', numeric: false, missing: 0, distinct: 2 },
      { name: 'name', numeric: false, missing: 0, distinct: 2 },
      { name: 'pop', numeric: true, missing: 0, distinct: 2 },
      { name: 'gdp', numeric: true, missing: 1, distinct: 2 },
    ],
  });
  const starter = full.starterSpec(csv);
  assert.deepEqual(
    starter.indicators.map((i) => i.id),
    ['pop', 'gdp'],
  );
  const s = Scorer.fromCsv(csv, starter);
  assert.deepEqual(s.unitIds(), ['A1', 'B2']);
  s.free();
  const cargo = read('Cargo.toml').match(/^version = "([^"]+)"/m)[1];
  assert.equal(tolok.version(), cargo);
  assert.equal(full.version(), cargo);
});

test('free() releases the scorer; using it afterwards throws an Error', () => {
  const s = ipm();
  s.free();
  const e = thrown(() => s.ranks());
  assert.ok(e instanceof Error);
});
