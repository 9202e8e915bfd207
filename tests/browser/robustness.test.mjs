// Browser tests of the explorer's "How robust is this ranking?" panel (www/explorer/robustness.js
// and its worker) in headless Chromium under the site's CSP: a run on the default dataset shows
// the interval chart, the heatmap and a sentence whose numbers equal the core's (computed again
// in the page); Sobol bars; cancel; the page stays responsive during a long run; determinism —
// the same spec and seed give bit-identical results in Chromium, in node and natively (SHA-256
// compared); a screenshot at 1280 px (test-output/robustness-1280.png: look at it).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CASES, digest, firstDifference, fromCli, fromPackage } from '../js/digest.mjs';
import { cli, full as tolok, read, readSpec } from '../js/helpers.mjs';
import { launchBrowser, openPage, ROOT, startServer } from './helpers.mjs';

const OUT = path.join(ROOT, 'test-output');
const GEN = path.join(ROOT, 'tests', 'browser', 'fixtures', 'generated'); // made here, not committed
const BEKASI = '32.75';
const DEFAULT = {
  csv: '/data/ipm_kabkota_2024/profil_kabkota_2024.csv',
  spec: '/specs/kesejahteraan_2024.json',
};
const SLOW_ROWS = 20_000;

let server;
let browser;
before(async () => {
  await mkdir(OUT, { recursive: true });
  await mkdir(GEN, { recursive: true });
  await writeSlowDataset();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Open the explorer at `hash` and wait for the ranking. */
async function open(hash = '', { width = 1280, height = 900 } = {}) {
  const { page, errors } = await openPage(browser, 'about:blank');
  await page.setViewportSize({ width, height });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  await page.goto(`${server.url}/www/index.html${hash}`);
  await page.waitForSelector('.rtable tbody tr[data-i]', { timeout: 60000 });
  return { page, errors, dialogs };
}

function done({ errors, dialogs }) {
  assert.deepEqual(dialogs, [], 'no dialog may open');
  assert.deepEqual(errors, [], 'no console error, page error or failed request');
}

/** Run the Monte Carlo from the panel and wait for its charts. */
async function runPanel(page, { timeout = 60000 } = {}) {
  await page.click('#robust-run');
  await page.waitForFunction(() => document.querySelector('#robustness')?.getAttribute('aria-busy') === 'false'
    && document.querySelector('#robust-intervals svg'), null, { timeout });
}

/** English ordinal, as the panel writes ranks. */
function ordinal(r) {
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' }[new Intl.PluralRules('en', { type: 'ordinal' }).select(r)];
  return `${r.toLocaleString('en')}${suffix}`;
}

/** The core's result for the default dataset, computed again in the page (main thread). */
function coreInPage(page, options) {
  return page.evaluate(async ({ csvUrl, specUrl, options, id }) => {
    const tolok = await import('/pkg/full/tolok.js');
    await tolok.default();
    const [csv, spec] = await Promise.all([fetch(csvUrl).then((r) => r.text()), fetch(specUrl).then((r) => r.json())]);
    const s = tolok.Scorer.fromCsv(csv, spec);
    const r = s.uncertainty(options);
    const u = s.unitIds().indexOf(id);
    const ranked = Array.from(r.nominal.keys()).filter((i) => !Number.isNaN(r.nominal[i]));
    ranked.sort((a, b) => r.nominal[a] - r.nominal[b] || a - b);
    const pick = (i) => ({ nominal: r.nominal[i], median: r.median[i], p05: r.p05[i], p95: r.p95[i], best: r.best[i], worst: r.worst[i], min: r.min[i], max: r.max[i] });
    s.free();
    return { unit: pick(u), top: ranked.slice(0, 30).map((i) => ({ i, ...pick(i) })), ranked: ranked.length };
  }, { csvUrl: DEFAULT.csv, specUrl: DEFAULT.spec, options, id: BEKASI });
}

// ---- the panel -----------------------------------------------------------------------------

test('the panel runs on the default dataset; its sentence and charts show the core’s numbers', async () => {
  const ctx = await open();
  const { page } = ctx;
  assert.equal(await page.textContent('#robust-title'), 'How robust is this ranking?');
  assert.equal(await page.$('#robust-intervals svg'), null, 'nothing runs before Run is pressed');
  assert.equal(await page.inputValue('#robust-range'), '0.5,2');
  assert.equal(await page.inputValue('#robust-samples'), '1000');
  assert.equal(await page.inputValue('#robust-seed'), '1');
  await runPanel(page);
  const want = await coreInPage(page, { weights: { range: [0.5, 2] }, samples: 1000, seed: 1 });
  const w = want.unit;
  const sentence = await page.textContent('#robust-sentence');
  assert.equal(sentence, `Kota Bekasi ranks between ${ordinal(w.p05)} and ${ordinal(w.p95)} in 90% of plausible weightings; `
    + `at best ${ordinal(w.best)}, at worst ${ordinal(w.worst)}.`);
  console.log(`  ${sentence}`);
  const detail = await page.textContent('.robust-detail');
  assert.ok(detail.includes(`it ranks ${ordinal(w.nominal)} (median over the draws ${ordinal(w.median)}`), detail);
  assert.ok(detail.includes(`from ${ordinal(w.min)} to ${ordinal(w.max)}`), detail);
  assert.ok(detail.includes('1,000 weightings were drawn') && detail.includes('×0.5 and ×2') && detail.includes('(seed 1)'), detail);
  assert.match(await page.textContent('.robust-status'), /^1,000 draws in \d+\.\d\d s\.$/);

  // Interval chart: the top 30 by nominal rank, in order, each row's marks at the core's ranks.
  const rows = await page.$$eval('#robust-intervals .irow', (gs) => gs.map((g) => ({
    i: Number(g.dataset.i), label: g.querySelector('text').lastChild.textContent, title: g.querySelector('title').textContent,
  })));
  assert.deepEqual(rows.map((r) => r.i), want.top.map((t) => t.i));
  for (const [k, r] of rows.entries()) {
    const t = want.top[k];
    assert.ok(r.label.startsWith(`\u2068${t.nominal}. `), r.label);
    assert.ok(r.title.includes(`90% of the draws ${t.p05}–${t.p95}`) && r.title.includes(`possible ${t.best}–${t.worst}`), r.title);
  }
  const svgText = await page.$eval('#robust-intervals svg', (svg) => ({
    title: svg.querySelector(':scope > title')?.textContent, desc: svg.querySelector(':scope > desc')?.textContent,
  }));
  assert.equal(svgText.title, 'Rank intervals of the top 30 units');
  assert.ok(svgText.desc.includes('Kota Bekasi: rank'), 'the description lists the units');

  // Heatmap: 30 rows × (30 ranks + "31+"), with a title and a description.
  const heat = await page.$eval('#robust-heatmap svg', (svg) => ({
    rows: svg.querySelectorAll('.hrow').length,
    cells: svg.querySelector('.hrow').querySelectorAll('rect title').length,
    title: svg.querySelector(':scope > title')?.textContent,
    desc: svg.querySelector(':scope > desc')?.textContent ?? '',
  }));
  assert.deepEqual([heat.rows, heat.cells], [30, 31]);
  assert.equal(heat.title, 'Rank acceptability of the top 30 units');
  assert.ok(heat.desc.length > 100);

  // "Show all" lists every ranked unit; clicking a row selects that unit.
  await page.click('.robust-subhead button');
  assert.equal(await page.$$eval('#robust-intervals .irow', (gs) => gs.length), want.ranked);
  await page.click('.robust-subhead button');
  assert.equal(await page.$$eval('#robust-intervals .irow', (gs) => gs.length), 30);
  const first = want.top[0];
  await page.click(`#robust-intervals .irow[data-i="${first.i}"]`);
  await page.waitForFunction((i) => document.querySelector('#unit')?.dataset.unit
    && document.querySelector('#robust-sentence')?.dataset.unit !== '32.75', first.i);
  assert.match(await page.textContent('#robust-sentence'), new RegExp(`in 90% of plausible weightings; at best ${ordinal(first.best)}, at worst ${ordinal(first.worst)}\\.$`));
  done(ctx);
  await page.close();
});

test('Sobol bars: one per weight, with intervals; the summary names the largest total index', async () => {
  const ctx = await open();
  const { page } = ctx;
  await runPanel(page);
  assert.equal(await page.inputValue('#robust-sobol-n'), '256');
  assert.equal(await page.textContent('#robust-sobol-run + .rhint'), '≈ 3,584 scorings (256 × (12 weights + 2))');
  await page.click('#robust-sobol-run');
  await page.waitForSelector('#robust-sobol svg', { timeout: 60000 });
  const want = await page.evaluate(async ({ csvUrl, specUrl }) => {
    const tolok = await import('/pkg/full/tolok.js');
    const [csv, spec] = await Promise.all([fetch(csvUrl).then((r) => r.text()), fetch(specUrl).then((r) => r.json())]);
    const s = tolok.Scorer.fromCsv(csv, spec);
    const r = s.sobol({ weights: { range: [0.5, 2] }, seed: 1, sobol: { samples: 256, bootstrap: 200 } });
    s.free();
    return r;
  }, { csvUrl: DEFAULT.csv, specUrl: DEFAULT.spec });
  const bars = await page.$$eval('#robust-sobol .srow', (gs) => gs.map((g) => g.querySelector('title').textContent));
  assert.equal(bars.length, want.factors.length);
  const top = want.total.indexOf(Math.max(...want.total));
  assert.ok(bars[0].includes(`total index ${want.total[top].toFixed(3)}`), bars[0]);
  assert.ok(bars[0].includes(`first-order index ${want.first[top].toFixed(3)}`), bars[0]);
  assert.match(await page.textContent('.robust-status'), /^Sensitivity: 3,584 scorings in \d+\.\d\d s\.$/);
  assert.equal(await page.$eval('#robust-sobol svg > title', (t) => t.textContent), 'Sensitivity of the ranking to each weight (Sobol indices)');
  done(ctx);
  await page.close();
});

test('a changed weight marks the results as out of date; the next run uses the current weights', async () => {
  const ctx = await open();
  const { page } = ctx;
  await runPanel(page);
  assert.equal(await page.isVisible('.robust-stale'), false);
  await page.locator('.wrow[data-node="ekonomi"] .wnumber').first().fill('3');
  await page.locator('.wrow[data-node="ekonomi"] .wnumber').first().press('Enter');
  await page.waitForFunction(() => !document.querySelector('.robust-stale').hidden, null, { timeout: 10000 });
  await runPanel(page);
  assert.equal(await page.isVisible('.robust-stale'), false);
  const want = await page.evaluate(async ({ csvUrl, specUrl, id }) => {
    const tolok = await import('/pkg/full/tolok.js');
    const [csv, spec] = await Promise.all([fetch(csvUrl).then((r) => r.text()), fetch(specUrl).then((r) => r.json())]);
    const ek = spec.tree.children.find((c) => c.id === 'ekonomi');
    ek.weight = 3;
    const s = tolok.Scorer.fromCsv(csv, spec);
    const r = s.uncertainty({ weights: { range: [0.5, 2] }, samples: 1000, seed: 1 });
    const u = s.unitIds().indexOf(id);
    s.free();
    return { p05: r.p05[u], p95: r.p95[u], nominal: r.nominal[u] };
  }, { csvUrl: DEFAULT.csv, specUrl: DEFAULT.spec, id: BEKASI });
  assert.match(await page.textContent('#robust-sentence'), new RegExp(`between ${ordinal(want.p05)} and ${ordinal(want.p95)} in 90%`));
  assert.ok((await page.textContent('.robust-detail')).includes(`it ranks ${ordinal(want.nominal)} `));
  done(ctx);
  await page.close();
});

test('cancel stops a long run; the sliders keep working while it runs', async () => {
  const ctx = await open('#csv=/tests/browser/fixtures/generated/robust_20k.csv&spec=/tests/browser/fixtures/generated/robust_20k.json');
  const { page } = ctx;
  await page.selectOption('#robust-samples', '10000');
  await page.click('#robust-run');
  await page.waitForFunction(() => document.querySelector('.robust-progress').value > 0, null, { timeout: 30000 });
  assert.equal(await page.isVisible('#robust-cancel'), true);
  assert.equal(await page.isDisabled('#robust-run'), true);
  // The main thread is free: a weight change re-ranks at once while the worker is busy.
  const v0 = Number(await page.getAttribute('body', 'data-version'));
  const t0 = Date.now();
  await page.locator('.wrow[data-node="a"] .wnumber').first().fill('2');
  await page.locator('.wrow[data-node="a"] .wnumber').first().press('Enter');
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v, v0, { timeout: 5000 });
  const reweightMs = Date.now() - t0;
  assert.equal(await page.getAttribute('#robustness', 'aria-busy'), 'true', 'the analysis is still running');
  await page.click('#robust-cancel');
  await page.waitForFunction(() => document.querySelector('.robust-status').textContent === 'Cancelled.');
  assert.equal(await page.isVisible('#robust-cancel'), false);
  assert.equal(await page.isVisible('.robust-progress'), false);
  assert.equal(await page.isDisabled('#robust-run'), false);
  assert.equal(await page.$('#robust-intervals svg'), null, 'a cancelled run shows no result');
  console.log(`  a weight change during the run took ${reweightMs} ms (${(20000).toLocaleString('en')} units)`);
  // A fresh worker runs the next analysis; above 2,000 units there is no heatmap, and a note says so.
  await page.selectOption('#robust-samples', '500');
  await runPanel(page);
  assert.match(await page.textContent('.robust-status'), /^500 draws in/);
  assert.equal(await page.$('#robust-heatmap svg'), null);
  assert.match(await page.textContent('#robust-heatmap + .rhint'), /up to 2,000 units; this dataset has 20,000/);
  assert.equal(await page.isVisible('.robust-subhead button'), false, 'no "show all" for 20,000 units');
  done(ctx);
  await page.close();
});

// ---- determinism ---------------------------------------------------------------------------

test('determinism: Chromium, node and the native CLI give bit-identical results (SHA-256)', async () => {
  const ctx = await open();
  const { page } = ctx;
  const dir = path.join(GEN, 'determinism');
  await mkdir(dir, { recursive: true });
  for (const [k, c] of CASES.entries()) {
    const spec = { ...readSpec(c.spec), uncertainty: c.uncertainty };
    const specPath = path.join(dir, `case${k}.json`);
    await writeFile(specPath, JSON.stringify(spec));
    const native = fromCli(JSON.parse(cli('uncertainty', '--data', c.data, '--spec', specPath, '--format', 'json',
      ...(c.sobol ? ['--sobol'] : []))));
    const s = tolok.Scorer.fromCsv(read(c.data), spec);
    const node = fromPackage(s.uncertainty(), c.sobol ? s.sobol() : null);
    s.free();
    const chromium = await page.evaluate(async ({ csvUrl, spec, sobol }) => {
      const tolok = await import('/pkg/full/tolok.js');
      await tolok.default();
      const d = await import('/tests/js/digest.mjs');
      const csv = await fetch(csvUrl).then((r) => r.text());
      const s = tolok.Scorer.fromCsv(csv, spec);
      const fields = d.fromPackage(s.uncertainty(), sobol ? s.sobol() : null);
      s.free();
      return { hash: await d.digest(fields), fields: Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, v && Array.from(v, String)])) };
    }, { csvUrl: `/${c.data}`, spec, sobol: Boolean(c.sobol) });
    const back = Object.fromEntries(Object.entries(chromium.fields).map(([f, v]) => [f, v && Float64Array.from(v, Number)]));
    assert.equal(firstDifference(native, back), null, `${c.name}: native and Chromium differ`);
    const hashes = { native: await digest(native), node: await digest(node), chromium: chromium.hash };
    assert.equal(hashes.node, hashes.native, `${c.name}: node`);
    assert.equal(hashes.chromium, hashes.native, `${c.name}: Chromium`);
    console.log(`  ${c.name}: ${hashes.native} (native = node = Chromium)`);
  }
  done(ctx);
  await page.close();
});

// ---- screenshot ----------------------------------------------------------------------------

test('screenshots of the panel at 1280 px and 375 px (test-output/robustness-*.png)', async () => {
  for (const [width, height] of [[1280, 900], [375, 812]]) {
    const ctx = await open('', { width, height });
    const { page } = ctx;
    await runPanel(page);
    await page.click('#robust-sobol-run');
    await page.waitForSelector('#robust-sobol svg', { timeout: 60000 });
    // The sticky top bar would cover the panel in an element screenshot.
    await page.addStyleTag({ content: '.topbar { position: static !important; }' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (${overflow} px too wide)`);
    await page.locator('#robustness').screenshot({ path: path.join(OUT, `robustness-${width}.png`) });
    done(ctx);
    await page.close();
  }
});

// ---- fixtures ------------------------------------------------------------------------------

/** 20,000 units × 6 indicators: slow enough (10,000 draws take many seconds) to cancel. */
async function writeSlowDataset() {
  let seed = 20261128;
  const rnd = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
  const lines = ['id,name,x1,x2,x3,x4,x5,x6'];
  for (let i = 0; i < SLOW_ROWS; i += 1) {
    const vals = Array.from({ length: 6 }, () => (100 * rnd()).toFixed(3));
    lines.push(`R${i + 1},Unit ${i + 1},${vals.join(',')}`);
  }
  await writeFile(path.join(GEN, 'robust_20k.csv'), `${lines.join('\n')}\n`);
  const spec = {
    version: 1,
    name: 'Generated robustness test (20,000 units)',
    units: { id: 'id', label: 'name' },
    indicators: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'].map((id) => ({ id })),
    tree: {
      id: 'idx', label: 'Index', children: [
        { id: 'a', label: 'Dimension A', children: [{ indicator: 'x1' }, { indicator: 'x2' }, { indicator: 'x3' }] },
        { id: 'b', label: 'Dimension B', children: [{ indicator: 'x4' }, { indicator: 'x5' }, { indicator: 'x6' }] },
      ],
    },
  };
  await writeFile(path.join(GEN, 'robust_20k.json'), JSON.stringify(spec, null, 2));
}
