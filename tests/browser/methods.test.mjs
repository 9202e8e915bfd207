// Browser tests of the explorer's methods (issue 6): COINr's ASEM built from raw data in the page
// (ranks = COINr's published ones), a node switched to entropy weights (derived weights = a fresh
// Scorer's, and the URL round-trips them), a slider on a derived node switching it to manual
// weights, imputed and winsorised cells marked in the unit panel, an aggregation the core refuses
// (geometric mean of a 0) leaving the state as it was, AHP's consistency ratio and matrix, units
// screened out. Screenshot: test-output/methods-1280.png (look at it).
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, ROOT, startServer } from './helpers.mjs';

const OUT = path.join(ROOT, 'test-output');
const EXPLORER = '/www/index.html';
const CSV_URL = '/data/coinr_asem/ASEM_iData.csv';
const SPEC_FILE = path.join(ROOT, 'specs', 'asem_2018_full.json');
const PUBLISHED = path.join(ROOT, 'data', 'coinr_asem', 'ASEM_COIN_COINr6', 'Results_AggregatesRank.csv');

let server;
let browser;
before(async () => {
  await mkdir(OUT, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// ---- helpers --------------------------------------------------------------------------------

async function open(hash, { width = 1280, height = 900 } = {}) {
  const { page, errors } = await openPage(browser, 'about:blank');
  await page.setViewportSize({ width, height });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  await page.goto(`${server.url}${EXPLORER}${hash}`);
  await ready(page);
  return { page, errors, dialogs };
}

async function ready(page) {
  await page.waitForSelector('.rtable tbody tr[data-i]', { timeout: 30000 });
  await settle(page);
}

/** Let pending frames (weight changes, hash writes) run. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 260)))));
}

function done({ errors, dialogs }) {
  assert.deepEqual(dialogs, [], 'no dialog may open');
  assert.deepEqual(errors, [], 'no console error, page error or failed request');
}

/** Rank of every unit as the page exports it (Export → Results as CSV). */
async function shownRanks(page) {
  await page.click('#export-menu > summary');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const text = await readFile(await dl.path(), 'utf8');
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  const id = header.indexOf('uCode');
  const rank = header.indexOf('rank');
  return Object.fromEntries(rows.map((r) => [r[id], Number(r[rank])]));
}

/** Ranks and derived weights of a fresh Scorer built in the page from `spec` (the core, not the explorer). */
function fresh(page, spec) {
  return page.evaluate(async ({ csvUrl, spec }) => {
    const mod = await import('/pkg/full/tolok.js');
    await mod.default();
    const csv = await (await fetch(csvUrl)).text();
    const s = mod.Scorer.fromCsv(csv, spec);
    const ids = s.unitIds();
    const ranks = s.ranks();
    const r = s.result();
    s.free();
    return { ranks: Object.fromEntries(ids.map((id, i) => [id, ranks[i]])), derived: r.derivedWeights ?? [], prepare: r.prepare };
  }, { csvUrl: CSV_URL, spec });
}

/** The spec with node `id` changed by `edit`. */
function editNode(spec, id, edit) {
  const copy = structuredClone(spec);
  const walk = (n) => {
    if (n.id === id) edit(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(copy.tree);
  return copy;
}

/** The derived-weights table of a node: {child: weight} (full precision, from data-weight). */
function derivedShown(page, node) {
  return page.$$eval(`.wm-shares[data-node="${node}"] tbody tr`, (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.child, Number(tr.dataset.weight)])));
}

async function openGroups(page, ...ids) {
  for (const id of ids) {
    const d = page.locator(`details[data-node="${id}"]`).first();
    if (!(await d.evaluate((el) => el.open))) await d.locator(':scope > summary').click();
  }
}

const published = async () => {
  const [header, ...rows] = (await readFile(PUBLISHED, 'utf8')).trim().split('\n').map((l) => l.split(','));
  const id = header.indexOf('UnitCode');
  const index = header.indexOf('Index');
  return Object.fromEntries(rows.map((r) => [r[id], Number(r[index])]));
};

// ---- tests ----------------------------------------------------------------------------------

test('COINr ASEM from raw data: the page ranks every unit as COINr published', async () => {
  const ctx = await open('');
  const { page } = ctx;
  const version = await page.getAttribute('body', 'data-version');
  await page.selectOption('#dataset', 'asem-full');
  await page.waitForFunction((v) => document.body.dataset.version !== v, version);
  await settle(page);
  assert.match(await page.textContent('#index-name'), /built from the raw data/);
  assert.equal(await page.textContent('#ranking-count'), '51 units');
  assert.match(page.url(), /#d=asem-full&u=SGP$/);
  const rows = await page.$$eval('.rtable tbody tr[data-i]', (trs) => trs.slice(0, 3).map((r) => [r.dataset.id, r.querySelector('.c-rank').textContent]));
  assert.deepEqual(rows, [['CHE', '1'], ['NLD', '2'], ['DNK', '3']], 'Switzerland 1, Netherlands 2, Denmark 3');
  const want = await published();
  assert.equal(Object.keys(want).length, 51);
  assert.deepEqual(await shownRanks(page), want, 'all 51 Index ranks = Results_AggregatesRank.csv');
  // The unit panel of the default unit (Singapore) lists what data preparation did to it.
  const prep = await page.$$eval('#unit .unit-prep li', (lis) => lis.map((li) => li.dataset.kind));
  assert.deepEqual(prep, ['imputed', 'winsorised']);
  assert.equal(await page.isVisible('#alert'), false);
  for (const sel of ['#unit', '#weights']) assert.doesNotMatch(await page.textContent(sel), /null|undefined|NaN/, sel);
  done(ctx);
  await page.close();
});

test('entropy weights on a node: the derived weights a fresh Scorer gives; the URL round-trips; a slider makes them manual', async () => {
  const ctx = await open('#d=asem-full&u=SGP');
  const { page } = ctx;
  const spec = JSON.parse(await readFile(SPEC_FILE, 'utf8'));
  await openGroups(page, 'Conn', 'Physical');
  await page.selectOption('.wmethod[data-node="Physical"] .wm-weighting', 'entropy');
  await page.waitForSelector('.wm-shares[data-node="Physical"]');
  await settle(page);

  const entropySpec = editNode(spec, 'Physical', (n) => {
    n.weighting = { method: 'entropy' };
    for (const c of n.children) delete c.weight;
  });
  const core = await fresh(page, entropySpec);
  const d = core.derived.find((x) => x.node === 'Physical');
  assert.equal(d.method, 'entropy');
  const want = Object.fromEntries(d.children.map((c, k) => [c, d.weights[k]]));
  assert.deepEqual(await derivedShown(page, 'Physical'), want, 'derived weights = the core\'s, bit for bit');
  assert.match(await page.textContent('.wmethod[data-node="Physical"] .wm-desc'), /^Entropy/);
  // The shares shown, rounded: 14.8% for Flights.
  const flights = await page.textContent('.wm-shares[data-node="Physical"] tr[data-child="Flights"] td');
  assert.equal(flights.trim(), `${(want.Flights * 100).toFixed(1)}%`);
  assert.deepEqual(await shownRanks(page), core.ranks, 'ranks = a fresh Scorer with the entropy spec');
  assert.match(await page.textContent('details[data-node="Physical"] > summary'), /entropy weights/);
  assert.match(await page.textContent('#headline'), /with your methods/);
  await settle(page);
  assert.match(page.url(), /[#&]m=Physical\/w:entropy(&|$)/);
  assert.doesNotMatch(page.url(), /[#&]w=/, 'derived weights are not written as weights');

  // The link opens the same state in a new page.
  const again = { ...(await openPage(browser, page.url())), dialogs: [] };
  await ready(again.page);
  assert.equal(await again.page.inputValue('.wmethod[data-node="Physical"] .wm-weighting'), 'entropy');
  assert.deepEqual(await derivedShown(again.page, 'Physical'), want);
  assert.deepEqual(await shownRanks(again.page), core.ranks);
  done(again);
  await again.page.close();

  // A slider on the derived node: the core switches it to manual weights, the panel says so.
  await page.locator('.wrow[data-node="LPI"] .wnumber').fill('0.5');
  await settle(page);
  assert.equal(await page.inputValue('.wmethod[data-node="Physical"] .wm-weighting'), 'manual');
  assert.match(await page.textContent('.wmethod[data-node="Physical"] .wm-note'), /entropy weights became manual weights/);
  assert.equal(await page.locator('.wm-shares[data-node="Physical"]').count(), 0);
  assert.equal(await page.getAttribute('.wmethod[data-node="Physical"] .wm-info', 'aria-live'), 'polite', 'the note is announced');
  const switched = editNode(spec, 'Physical', (n) => {
    n.children.forEach((c, k) => { c.weight = c.indicator === 'LPI' ? 0.5 : d.weights[k]; });
  });
  const coreManual = await fresh(page, switched);
  assert.deepEqual(await shownRanks(page), coreManual.ranks, 'ranks = the derived weights as manual weights, LPI moved');
  await settle(page);
  const url = page.url();
  assert.match(url, /m=Physical\/w:entropy/);
  assert.match(url, /w=.*Physical\/LPI:0\.5/);
  const third = { ...(await openPage(browser, url)), dialogs: [] };
  await ready(third.page);
  assert.equal(await third.page.inputValue('.wmethod[data-node="Physical"] .wm-weighting'), 'manual');
  assert.deepEqual(await shownRanks(third.page), coreManual.ranks, 'the switched state round-trips');
  done(third);
  await third.page.close();

  // Choosing entropy again goes back to the derived weights; Reset goes back to the spec.
  await page.selectOption('.wmethod[data-node="Physical"] .wm-weighting', 'entropy');
  await page.waitForSelector('.wm-shares[data-node="Physical"]');
  await settle(page);
  assert.deepEqual(await derivedShown(page, 'Physical'), want);
  await page.click('#reset');
  await settle(page);
  assert.equal(await page.inputValue('.wmethod[data-node="Physical"] .wm-weighting'), 'manual');
  assert.deepEqual(await shownRanks(page), await published());
  assert.match(page.url(), /#d=asem-full&u=SGP$/);
  done(ctx);
  await page.close();
});

test('imputed and winsorised cells are marked in the unit panel', async () => {
  const ctx = await open('#d=asem-full');
  const { page } = ctx;
  const spec = JSON.parse(await readFile(SPEC_FILE, 'utf8'));
  const { prepare } = await fresh(page, spec);
  // A unit with an imputed value (the first the core reports), and a winsorised one.
  const imp = prepare.imputed.find((x) => x.group === 'Asia');
  const win = prepare.treated.find((x) => x.action === 'winsorised' && x.high?.length);
  for (const [unit, indicator, flag, text] of [
    [imp.unit, imp.indicator, 'imputed', /Imputed: missing in the data, filled with the mean of its group, Asia/],
    [win.high[0], win.indicator, 'winsorisedHigh', /Winsorised to .*pulled down to the next value below/],
  ]) {
    await page.evaluate((u) => { location.hash = `#d=asem-full&u=${u}`; }, unit);
    await page.waitForFunction((u) => document.getElementById('unit').dataset.unit === u, unit);
    const toggle = page.locator('#unit .breakdown-head button');
    if ((await toggle.getAttribute('aria-pressed')) === 'false') await toggle.click();
    const cell = page.locator(`#unit tr[data-node="${indicator}"] td.flagged`);
    assert.equal(await cell.count(), 1, `${unit}/${indicator} is marked`);
    assert.ok((await cell.getAttribute('data-flags')).split(' ').includes(flag));
    assert.match(await cell.getAttribute('title'), text);
    assert.match(await cell.textContent(), flag === 'imputed' ? /imp/ : /win/);
    // ... and listed above the breakdown.
    const listed = await page.$$eval('#unit .unit-prep .prep-item', (els) => els.map((e) => e.dataset.indicator));
    assert.ok(listed.includes(indicator), `${indicator} listed for ${unit}`);
  }
  // A unit nothing was done to has neither.
  await page.evaluate(() => { location.hash = '#d=asem-full&u=AUT'; });
  await page.waitForFunction(() => document.getElementById('unit').dataset.unit === 'AUT');
  assert.equal(await page.locator('#unit td.flagged').count(), 0);
  assert.equal(await page.locator('#unit .unit-prep').count(), 0);
  done(ctx);
  await page.close();
});

test('an aggregation the core refuses (geometric mean of a 0) shows its message and keeps the state', async () => {
  const ctx = await open('#d=asem-full&u=SGP&m=Conn/a:topsis');
  const { page } = ctx;
  await openGroups(page, 'Conn');
  assert.equal(await page.inputValue('.wmethod[data-node="Conn"] .wm-aggregate'), 'topsis', 'the link\'s method');
  await openGroups(page, 'Physical');
  const before = { ranks: await shownRanks(page), url: page.url(), unit: await page.textContent('#unit') };
  await page.selectOption('.wmethod[data-node="Physical"] .wm-aggregate', 'geometric');
  await page.waitForSelector('#alert:not([hidden])');
  const message = await page.textContent('#alert-text');
  assert.match(message, /That method cannot be used for “Physical”/);
  assert.match(message, /node 'Physical' \(geometric mean\) cannot take 0 from '\w+'/);
  await settle(page);
  assert.equal(await page.inputValue('.wmethod[data-node="Physical"] .wm-aggregate'), 'arithmetic', 'the select shows the method in force');
  assert.equal(await page.inputValue('.wmethod[data-node="Conn"] .wm-aggregate'), 'topsis');
  assert.deepEqual(await shownRanks(page), before.ranks);
  assert.equal(page.url(), before.url);
  assert.equal(await page.textContent('#unit'), before.unit);
  // A method that works clears the message.
  await page.selectOption('.wmethod[data-node="Physical"] .wm-aggregate', 'min');
  await page.waitForSelector('#alert', { state: 'hidden' });
  await settle(page);
  assert.match(page.url(), /m=.*Physical\/a:min/);
  // VIKOR's v and MPI's penalty go into the spec and the link.
  await page.selectOption('.wmethod[data-node="Physical"] .wm-aggregate', 'vikor');
  await settle(page);
  await page.fill('.wmethod[data-node="Physical"] .wm-v', '0.3');
  await page.locator('.wmethod[data-node="Physical"] .wm-v').press('Enter');
  await settle(page);
  assert.match(page.url(), /Physical\/a:vikor,Physical\/v:0\.3/);
  const spec = JSON.parse(await readFile(SPEC_FILE, 'utf8'));
  const vikor = editNode(editNode(spec, 'Conn', (n) => { n.aggregate = 'topsis'; }), 'Physical', (n) => { n.aggregate = 'vikor'; n.v = 0.3; });
  assert.deepEqual(await shownRanks(page), (await fresh(page, vikor)).ranks);
  await page.selectOption('.wmethod[data-node="Physical"] .wm-aggregate', 'mpi');
  await settle(page);
  assert.equal(await page.isVisible('.wmethod[data-node="Physical"] .wm-penalty'), true);
  await page.selectOption('.wmethod[data-node="Physical"] .wm-penalty', 'add');
  await settle(page);
  assert.match(page.url(), /Physical\/a:mpi,Physical\/p:add/);
  // A hand-edited hash with other methods applies in place.
  await page.evaluate(() => { location.hash = '#d=asem-full&u=NOR&m=Physical/w:critic'; });
  await page.waitForSelector('.wm-shares[data-node="Physical"][data-method="critic"]');
  await settle(page);
  assert.equal(await page.getAttribute('#unit', 'data-unit'), 'NOR');
  assert.equal(await page.inputValue('.wmethod[data-node="Conn"] .wm-aggregate'), 'arithmetic');
  assert.equal(await page.isVisible('#alert'), false);
  done(ctx);
  await page.close();

  // A link whose methods the core refuses: the spec's own methods, and the reason.
  const bad = await open('#d=asem-full&u=SGP&m=Physical/a:geometric');
  await bad.page.waitForSelector('#alert:not([hidden])');
  assert.match(await bad.page.textContent('#alert-text'), /The link’s methods cannot be used, so the spec’s own are shown: .*cannot take 0/);
  assert.deepEqual(await shownRanks(bad.page), await published());
  await settle(bad.page);
  assert.match(bad.page.url(), /#d=asem-full&u=SGP$/);
  done(bad);
  await bad.page.close();
});

test('AHP from the spec: weights, consistency ratio with a warning above 0.1, the matrix; units screened out', async () => {
  const ctx = await open('#d=asem-full');
  const { page } = ctx;
  const spec = JSON.parse(await readFile(SPEC_FILE, 'utf8'));
  const ahp = editNode(spec, 'Political', (n) => {
    n.weighting = { method: 'ahp', matrix: [[1, 5, 1 / 3], [1 / 5, 1, 7], [3, 1 / 7, 1]] };
    for (const c of n.children) delete c.weight;
  });
  ahp.prepare.screen = { minShare: 0.85 };
  await page.setInputFiles('#file-input', [
    { name: 'ASEM_iData.csv', mimeType: 'text/csv', buffer: await readFile(path.join(ROOT, CSV_URL)) },
    { name: 'asem_ahp.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ahp)) },
  ]);
  await page.waitForFunction(() => /asem_ahp/.test(document.getElementById('dataset').selectedOptions[0]?.textContent ?? ''));
  await settle(page);
  await openGroups(page, 'Conn', 'Political');
  const core = (await fresh(page, ahp)).derived.find((x) => x.node === 'Political');
  assert.equal(core.method, 'ahp');
  assert.ok(core.consistency.cr > 0.1);
  assert.deepEqual(await derivedShown(page, 'Political'), Object.fromEntries(core.children.map((c, k) => [c, core.weights[k]])));
  const cr = page.locator('.wmethod[data-node="Political"] .wm-cr');
  assert.equal(await cr.getAttribute('class'), 'wm-cr bad');
  assert.equal(Number(await cr.getAttribute('data-cr')), core.consistency.cr);
  assert.match(await cr.textContent(), /Consistency ratio \d[.,]\d{3} — above 0\.1/);
  const matrix = await page.$$eval('.wmethod[data-node="Political"] .wm-matrix tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(matrix, [['1', '5', '1/3'], ['1/5', '1', '7'], ['3', '1/7', '1']]);
  assert.equal(await page.inputValue('.wmethod[data-node="Political"] .wm-weighting'), 'ahp');
  // Screened-out units: not in the ranking, listed in the unit panel.
  assert.equal(await page.textContent('#ranking-count'), '48 units');
  const screened = await page.textContent('#unit .unit-screened');
  assert.match(screened, /Screened out \(3\)/);
  for (const id of ['BRN', 'LAO', 'MMR']) assert.match(screened, new RegExp(id));
  // The AHP block in view: look at it.
  await page.$eval('.wmethod[data-node="Political"]', (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(OUT, 'methods-ahp-1280.png') });
  done(ctx);
  await page.close();
});

test('screenshot: the full-pipeline ASEM with PCA and entropy weights (methods-1280.png)', async () => {
  const ctx = await open('#d=asem-full&u=MLT&m=Conn/w:pca,Physical/w:entropy', { height: 1000 });
  const { page } = ctx;
  await openGroups(page, 'Conn');
  const pca = await page.textContent('.wmethod[data-node="Conn"] .wm-pca');
  assert.match(pca, /Explained variance: .*% \(\d of 5 components kept/);
  const toggle = page.locator('#unit .breakdown-head button');
  await toggle.click();
  await page.$eval('#unit', (el) => { el.scrollTop = 0; });
  await page.$eval('.sidebar', (el) => { el.scrollTop = 0; });
  await settle(page);
  await page.screenshot({ path: path.join(OUT, 'methods-1280.png') });
  for (const sel of ['#unit', '#weights']) assert.doesNotMatch(await page.textContent(sel), /null|undefined|NaN/, sel);
  await page.setViewportSize({ width: 375, height: 812 });
  await settle(page);
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(m.scroll <= m.client + 1, `no horizontal overflow at 375 px (${m.scroll} > ${m.client})`);
  await page.screenshot({ path: path.join(OUT, 'methods-375.png'), fullPage: true });
  done(ctx);
  await page.close();
});
