// Scorer.uncertainty() and Scorer.sobol() of the built package (the full module, pkg/full/): the shape of the results, the
// options (merged over the spec's section), progress and cancel, errors, and determinism — the
// same spec and seed give bit-identical numbers in node and in the native CLI (hashes compared;
// tests/browser/robustness.test.mjs compares Chromium too).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CASES as DETERMINISM, digest, firstDifference, fromCli, fromPackage } from './digest.mjs';
import { CASES, cli, full, read, readSpec, thrown } from './helpers.mjs';

const { Scorer } = full;

function kesejahteraan(section) {
  const spec = readSpec(CASES.kesejahteraan.spec);
  if (section) spec.uncertainty = section;
  return Scorer.fromCsv(read(CASES.kesejahteraan.data), spec);
}

test('uncertainty() returns per-unit Float64Arrays consistent with each other', () => {
  const s = kesejahteraan();
  const n = s.unitIds().length;
  const r = s.uncertainty({ samples: 300, seed: 2 });
  assert.deepEqual(r.ids, s.unitIds());
  assert.equal(r.samples, 300);
  assert.equal(r.requested, 300);
  assert.equal(r.cancelled, false);
  assert.equal(r.seed, 2);
  assert.equal(r.quantiles, 'exact');
  assert.equal(r.method, 'pairwise');
  assert.equal(typeof r.exact, 'boolean');
  for (const f of ['nominal', 'mean', 'median', 'p05', 'p95', 'min', 'max', 'best', 'worst', 'scoreLow', 'scoreHigh']) {
    assert.ok(r[f] instanceof Float64Array, `${f} is a Float64Array`);
    assert.equal(r[f].length, n, `${f} has one value per unit`);
  }
  const ranks = s.ranks();
  const k = r.indicators.length;
  assert.deepEqual(r.indicators, readSpec(CASES.kesejahteraan.spec).indicators.map((i) => i.id));
  assert.equal(r.acceptability.length, n * n);
  assert.equal(r.centralWeights.length, n * k);
  let ranked = 0;
  for (let u = 0; u < n; u += 1) {
    if (ranks[u] === 0) {
      assert.ok(Number.isNaN(r.nominal[u]) && Number.isNaN(r.p05[u]));
      continue;
    }
    ranked += 1;
    assert.equal(r.nominal[u], ranks[u]);
    assert.ok(r.best[u] <= r.min[u] && r.min[u] <= r.p05[u] && r.p05[u] <= r.median[u], `unit ${u}: best ≤ min ≤ p05 ≤ median`);
    assert.ok(r.median[u] <= r.p95[u] && r.p95[u] <= r.max[u] && r.max[u] <= r.worst[u], `unit ${u}: median ≤ p95 ≤ max ≤ worst`);
    assert.ok(r.min[u] <= r.mean[u] && r.mean[u] <= r.max[u]);
    assert.ok(r.scoreLow[u] <= r.scoreHigh[u]);
    let sum = 0;
    for (let c = 0; c < n; c += 1) sum += r.acceptability[u * n + c];
    assert.ok(Math.abs(sum - 1) < 1e-9, `unit ${u}: acceptabilities sum to 1 (${sum})`);
  }
  assert.ok(ranked > 500);
  // A unit that ranks first in some draw has central weights that sum to 1 over the indicators.
  const first = Array.from({ length: n }, (_, u) => u).find((u) => r.acceptability[u * n] > 0);
  const w = r.centralWeights.subarray(first * k, (first + 1) * k);
  assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.deepEqual(r.factors.map((f) => f.kind), Array(r.factors.length).fill('weight'));
  s.free();
});

test('options replace fields of the spec’s own section; nothing given means the section', () => {
  const s = kesejahteraan({ weights: { range: [0.8, 1.25] }, samples: 50, seed: 9 });
  const own = s.uncertainty();
  assert.equal(own.samples, 50);
  assert.equal(own.seed, 9);
  assert.deepEqual(own.factors[0].range, [0.8, 1.25]);
  const same = s.uncertainty(null);
  assert.deepEqual(same.p95, own.p95);
  const more = s.uncertainty({ samples: 80 });
  assert.equal(more.samples, 80);
  assert.equal(more.seed, 9, 'the section’s seed stays');
  assert.deepEqual(more.factors[0].range, [0.8, 1.25], 'the section’s range stays');
  const wide = s.uncertainty({ weights: { range: [0.5, 2] } });
  assert.deepEqual(wide.factors[0].range, [0.5, 2]);
  s.free();
  const plain = kesejahteraan();
  const defaults = plain.uncertainty({ samples: 10 });
  assert.equal(defaults.seed, 1);
  assert.deepEqual(defaults.factors[0].range, [0.5, 2]);
  plain.free();
});

test('the same seed gives the same result; another seed another one', () => {
  const s = kesejahteraan();
  const a = s.uncertainty({ samples: 200, seed: 5 });
  const b = s.uncertainty({ samples: 200, seed: 5 });
  const c = s.uncertainty({ samples: 200, seed: 6 });
  assert.equal(firstDifference(fromPackage(a), fromPackage(b)), null);
  assert.notEqual(firstDifference(fromPackage(a), fromPackage(c)), null);
  s.free();
});

test('onProgress is called every 1% of the draws; false cancels, a throw is rethrown', () => {
  const s = kesejahteraan();
  const seen = [];
  s.uncertainty({ samples: 1000, onProgress: (done) => { seen.push(done); } });
  assert.equal(seen.length, 100);
  assert.deepEqual(seen.slice(0, 3), [10, 20, 30]);
  assert.equal(seen.at(-1), 1000);
  const stopped = s.uncertainty({ samples: 1000, onProgress: (done) => done < 250 });
  assert.equal(stopped.samples, 250);
  assert.equal(stopped.requested, 1000);
  assert.equal(stopped.cancelled, true);
  // The draws that were made are the first 250 of the full run: the same as asking for 250.
  const first = s.uncertainty({ samples: 250 });
  assert.equal(firstDifference(fromPackage(stopped), fromPackage(first)), null);
  const boom = new Error('stop here');
  assert.equal(thrown(() => s.uncertainty({ samples: 500, onProgress: () => { throw boom; } })), boom);
  // The scorer is still usable afterwards.
  assert.equal(s.uncertainty({ samples: 20 }).samples, 20);
  s.free();
});

test('wrong options throw Errors that name the field', () => {
  const s = kesejahteraan();
  const cases = [
    [{ samplez: 3 }, /uncertainty options: samplez: unknown field `samplez`, expected one of `weights`/],
    [{ samples: -1 }, /uncertainty options: samples: invalid value/],
    [{ samples: Number.NaN }, /uncertainty options: samples: invalid type: string "NaN"/],
    [{ weights: { range: [2, 3] } }, /uncertainty\.weights: range \[2, 3\] must have 0 < lo ≤ 1 ≤ hi/],
    [{ weights: { rnage: [0.5, 2] } }, /uncertainty options: weights\.rnage: unknown field/],
    [{ nodes: { nope: { fixed: true } } }, /uncertainty\.nodes\.nope: 'nope' is not a node of the tree/],
    [{ samples: 0 }, /uncertainty\.samples: must be at least 1/],
    [{ onProgress: 3 }, /onProgress must be a function/],
    [[1, 2], /expected an object/],
    ['text', /expected an object/],
  ];
  for (const [options, message] of cases) {
    const e = thrown(() => s.uncertainty(options));
    assert.ok(e instanceof Error, `${JSON.stringify(options)} throws an Error`);
    assert.match(e.message, message);
  }
  const e = thrown(() => s.sobol({ weights: { dirichlet: 5 } }));
  assert.match(e.message, /Sobol indices need independent inputs/);
  s.free();
});

test('sobol() returns first-order and total indices with intervals for every factor', () => {
  const s = kesejahteraan();
  const r = s.sobol({ sobol: { samples: 64, bootstrap: 30 } });
  const k = r.factors.length;
  assert.equal(k, 12);
  assert.equal(r.n, 64);
  assert.equal(r.evaluations, 64 * (k + 2));
  for (const f of ['first', 'total', 'firstCi', 'totalCi']) assert.equal(r[f].length, k);
  for (let i = 0; i < k; i += 1) {
    assert.ok(r.firstCi[i][0] <= r.firstCi[i][1] && r.totalCi[i][0] <= r.totalCi[i][1]);
    assert.ok(Number.isFinite(r.first[i]) && Number.isFinite(r.total[i]));
  }
  assert.ok(r.variance > 0 && r.mean > 0);
  s.free();
});

test('determinism: node and the native CLI give bit-identical results (SHA-256 compared)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tolok-det-'));
  try {
    for (const c of DETERMINISM) {
      const spec = { ...readSpec(c.spec), uncertainty: c.uncertainty };
      const specPath = path.join(dir, 'spec.json');
      fs.writeFileSync(specPath, JSON.stringify(spec));
      const native = fromCli(JSON.parse(cli('uncertainty', '--data', c.data, '--spec', specPath, '--format', 'json',
        ...(c.sobol ? ['--sobol'] : []))));
      const s = Scorer.fromCsv(read(c.data), spec);
      const node = fromPackage(s.uncertainty(), c.sobol ? s.sobol() : null);
      s.free();
      assert.equal(firstDifference(native, node), null, `${c.name}: native and node differ`);
      const [h1, h2] = [await digest(native), await digest(node)];
      assert.equal(h2, h1, c.name);
      console.log(`  ${c.name}: ${h1}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
