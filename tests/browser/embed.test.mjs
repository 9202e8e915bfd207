// Browser tests of the news embed <tolok-ranking> (www/tolok-ranking.js): the example article
// at phone and desktop widths, keyboard slider moves checked against the core, locale formats,
// the hostile-label corpus, and the error states. Screenshots go to test-output/ — look at them.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, ROOT, startServer } from './helpers.mjs';

const OUT = path.join(ROOT, 'test-output');
const ARTICLE = '/www/embed-example.html';
const HOSTILE = '/tests/browser/fixtures/embed-hostile.html';
const BEKASI = '32.75';

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

/** Opens `url` at a viewport width; records dialogs; waits until every embed is ready. */
async function open(url, width, { expectReady = true } = {}) {
  const { page, errors } = await openPage(browser, 'about:blank');
  await page.setViewportSize({ width, height: 900 });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(server.url + url);
  if (expectReady) await waitReady(page);
  return { page, errors, dialogs };
}

/** Waits until every <tolok-ranking> on the page has left the loading state; fails on errors. */
async function waitReady(page, selector = 'tolok-ranking') {
  await page.waitForFunction((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return els.length > 0 && els.every((e) => e.state === 'ready' || e.state === 'error');
  }, selector, { timeout: 20000 });
  const failed = await page.$$eval(selector, (els) => els.filter((e) => e.state === 'error').map((e) => e.error));
  assert.deepEqual(failed, [], 'an embed is in its error state');
}

/** Everything the tests read from one embed's shadow DOM, as plain data. */
function snapshot(page, selector = 'tolok-ranking') {
  return page.$eval(selector, (host) => {
    const root = host.shadowRoot;
    const rows = [...root.querySelectorAll('tbody tr:not(.gap)')].map((tr) => ({
      rank: tr.querySelector('.c-rank').textContent,
      change: tr.querySelector('.c-chg').textContent,
      label: tr.querySelector('.c-label').textContent,
      title: tr.querySelector('.c-label').title,
      score: tr.querySelector('.c-score').textContent,
      grade: tr.querySelector('.c-grade').textContent,
      highlighted: tr.classList.contains('hl'),
      height: tr.getBoundingClientRect().height,
    }));
    return {
      title: root.querySelector('h2').textContent,
      rows,
      gaps: root.querySelectorAll('tbody tr.gap').length,
      live: root.querySelector('[aria-live="polite"]').textContent,
      sliders: [...root.querySelectorAll('input[type=range]')].map((i) => ({
        node: i.dataset.node, child: i.dataset.child, value: i.value, step: i.step,
        label: i.labels[0]?.textContent ?? '', valueText: i.getAttribute('aria-valuetext'),
      })),
      hostWidth: host.getBoundingClientRect().width,
      boxScrollWidth: root.querySelector('.box').scrollWidth,
      boxClientWidth: root.querySelector('.box').clientWidth,
    };
  }, selector);
}

async function assertNoHorizontalOverflow(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `page scrolls sideways: ${scrollWidth} > ${innerWidth}`);
}

/**
 * The core's answer, computed in the page with the embed's current slider values: a fresh
 * Scorer from the same CSV and spec, every slider's weight set, then ranks and order read.
 */
function coreRanking(page, { src, spec, unit, selector = 'tolok-ranking' }) {
  return page.evaluate(async ({ src, spec, unit, selector }) => {
    const core = await import('/pkg/tolok.js');
    await core.default();
    const [csv, json] = await Promise.all([fetch(src).then((r) => r.text()), fetch(spec).then((r) => r.json())]);
    const s = core.Scorer.fromCsv(csv, json);
    try {
      const inputs = document.querySelector(selector).shadowRoot.querySelectorAll('input[type=range]');
      for (const i of inputs) s.setWeight(i.dataset.node, i.dataset.child, Number(i.value));
      const ids = s.unitIds();
      const labels = s.labels();
      const ranks = s.ranks();
      const order = [...s.order()];
      const k = ids.indexOf(unit);
      return {
        rank: ranks[k],
        ranked: [...ranks].filter((r) => r > 0).length,
        top: order.slice(0, 10).map((i) => labels[i]),
        topRanks: order.slice(0, 10).map((i) => ranks[i]),
      };
    } finally {
      s.free();
    }
  }, { src, spec, unit, selector });
}

describe('the example article', () => {
  for (const width of [320, 375, 1280]) {
    test(`renders the embed in the article at ${width} px`, async (t) => {
      const { page, errors, dialogs } = await open(ARTICLE, width);
      try {
        const ms = await page.evaluate(() => performance.now());
        t.diagnostic(`navigation to a rendered ranking: about ${Math.round(ms)} ms (printed, not asserted)`);
        const snap = await snapshot(page);
        assert.equal(snap.title, 'Indeks Kesejahteraan Daerah 2024 (ilustratif)');
        assert.equal(snap.rows.length, 11, 'top 10 plus the highlighted unit');
        assert.equal(snap.gaps, 1, 'a separator before the highlighted unit outside the top 10');
        const hl = snap.rows.filter((r) => r.highlighted);
        assert.equal(hl.length, 1);
        assert.equal(hl[0].label, 'Kota Bekasi');
        assert.equal(hl[0].rank, '17');
        assert.deepEqual(snap.rows.slice(0, 10).map((r) => Number(r.rank)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert.equal(snap.rows[0].label, 'Kota Salatiga');
        assert.ok(snap.rows.every((r) => r.change === ''), 'no rank changes before any slider moved');
        assert.equal(snap.sliders.length, 4, 'one slider per dimension');
        assert.ok(snap.sliders.every((s) => s.label && s.valueText.includes('25%')), JSON.stringify(snap.sliders));
        assert.ok(snap.boxScrollWidth <= snap.boxClientWidth, 'the embed overflows its box');
        assert.ok(snap.hostWidth <= Math.min(width, 680), `embed wider than the column: ${snap.hostWidth}`);
        assert.ok(snap.rows.every((r) => r.height < 48), 'a ranking row wraps');
        await assertNoHorizontalOverflow(page);
        await page.screenshot({ path: path.join(OUT, `embed-${width}.png`), fullPage: true });
        await page.locator('tolok-ranking').screenshot({ path: path.join(OUT, `embed-${width}-widget.png`) });
        assert.deepEqual(dialogs, []);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }

  test('Indonesian number formats use a decimal comma', async () => {
    const { page, errors } = await open(ARTICLE, 800);
    try {
      const snap = await snapshot(page);
      for (const row of snap.rows) assert.match(row.score, /^\d{1,3},\d{2}$/, row.score);
      const callout = await page.$eval('tolok-ranking', (h) => h.shadowRoot.querySelector('.callout').textContent);
      assert.match(callout, /skor 84,89/);
      assert.match(callout, /dari 514/);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('a slider moved by keyboard re-ranks exactly as the core does, and is announced', async () => {
    const { page, errors } = await open(ARTICLE, 1280);
    try {
      const before = await snapshot(page);
      assert.equal(before.live, '', 'nothing announced before a change');
      const slider = page.locator('tolok-ranking').getByLabel('Layanan dasar (sanitasi dan air minum)');
      await slider.focus();
      for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('tolok-ranking').shadowRoot
        .querySelector('[aria-live="polite"]').textContent !== '');
      const snap = await snapshot(page);
      const moved = snap.sliders.find((s) => s.child === 'layanan_dasar');
      assert.equal(Number(moved.value), 1 + 10 * Number(moved.step), 'ten steps to the right');
      assert.ok(snap.sliders.filter((s) => s !== moved).every((s) => s.value === '1'));
      assert.match(moved.valueText, /%/);

      const core = await coreRanking(page, {
        src: '/data/ipm_kabkota_2024/profil_kabkota_2024.csv', spec: '/specs/kesejahteraan_2024.json', unit: BEKASI,
      });
      assert.notEqual(core.rank, 17, 'the move should change Kota Bekasi\'s rank (pick a bigger move)');
      assert.equal(snap.live, `Kota Bekasi kini peringkat ${core.rank} dari ${core.ranked}`);
      const hl = snap.rows.find((r) => r.highlighted);
      assert.equal(Number(hl.rank), core.rank);
      assert.equal(hl.change, `${core.rank < 17 ? '▲' : '▼'}\u2009${Math.abs(17 - core.rank)}${core.rank < 17 ? 'naik' : 'turun'} ${Math.abs(17 - core.rank)}`);
      assert.deepEqual(snap.rows.slice(0, 10).map((r) => r.label), core.top);
      assert.deepEqual(snap.rows.slice(0, 10).map((r) => Number(r.rank)), core.topRanks);

      // Reset restores the spec's weights and ranks.
      await page.locator('tolok-ranking').getByRole('button', { name: 'Kembalikan bobot awal' }).click();
      await page.waitForFunction(() => /peringkat 17 dari/.test(document.querySelector('tolok-ranking')
        .shadowRoot.querySelector('[aria-live="polite"]').textContent));
      const reset = await snapshot(page);
      assert.equal(reset.rows.find((r) => r.highlighted).rank, '17');
      assert.ok(reset.sliders.every((s) => s.value === '1'));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
  test('interval="90" shows the highlighted unit’s rank interval as the core computes it', async () => {
    const { page, errors } = await open(ARTICLE, 800);
    try {
      const line = () => page.$eval('tolok-ranking', (h) => h.shadowRoot.querySelector('.callout .range')?.textContent ?? null);
      await page.waitForFunction(() => /Peringkat/.test(document.querySelector('tolok-ranking').shadowRoot
        .querySelector('.callout .range')?.textContent ?? ''), null, { timeout: 20000 });
      const core = await coreInterval(page, { src: '/data/ipm_kabkota_2024/profil_kabkota_2024.csv', spec: '/specs/kesejahteraan_2024.json', unit: BEKASI });
      assert.equal(await line(), `Peringkat ${core.p05}–${core.p95} pada 90% pembobotan yang wajar`);
      const title = await page.$eval('tolok-ranking', (h) => h.shadowRoot.querySelector('.callout .range').title);
      assert.match(title, /^500 pembobotan acak .*\(seed 1\)/);
      // A slider move: the interval is computed again for the new weights once they settle.
      const slider = page.locator('tolok-ranking').getByLabel('Layanan dasar (sanitasi dan air minum)');
      await slider.focus();
      for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
      const moved = await coreInterval(page, { src: '/data/ipm_kabkota_2024/profil_kabkota_2024.csv', spec: '/specs/kesejahteraan_2024.json', unit: BEKASI });
      const want = `Peringkat ${moved.p05}–${moved.p95} pada 90% pembobotan yang wajar`;
      await page.waitForFunction((w) => document.querySelector('tolok-ranking').shadowRoot
        .querySelector('.callout .range')?.textContent === w, want, { timeout: 20000 });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('a burst of input events is drawn once per animation frame', async () => {
    const { page, errors } = await open(ARTICLE, 1280);
    try {
      const result = await page.evaluate(async () => {
        const root = document.querySelector('tolok-ranking').shadowRoot;
        const tbody = root.querySelector('tbody');
        let redraws = 0;
        new MutationObserver((records) => { redraws += records.length; }).observe(tbody, { childList: true });
        const input = root.querySelector('input[type=range]');
        for (let k = 1; k <= 20; k++) {
          input.value = String(1 + k * 0.05);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { redraws, weight: document.querySelector('tolok-ranking').weights.kesejahteraan.kesehatan };
      });
      assert.equal(result.redraws, 1, 'twenty input events in one frame must give one redraw');
      assert.equal(result.weight, 2, 'every input event reaches setWeight; the last one wins');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});

describe('hostile labels', () => {
  test('render as text, run no script, raise no dialog and break no layout', async () => {
    const { page, errors, dialogs } = await open(HOSTILE, 320);
    try {
      const snap = await snapshot(page);
      const labels = snap.rows.map((r) => r.label);
      assert.deepEqual(labels.slice(0, 3), [
        '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '\u202eKota Terbalik gnp.exe',
      ]);
      const long = snap.rows.find((r) => r.highlighted);
      assert.equal(long.label.length, 10000, 'the 10,000-character name is shown in full as text');
      assert.equal(long.title, long.label, 'and in full in its title');
      assert.equal(snap.gaps, 1);
      assert.ok(snap.rows.every((r) => r.height < 48), `a row wraps: ${snap.rows.map((r) => r.height)}`);
      assert.match(snap.title, /^<img src=x onerror=alert\('name'\)> Hostile & "spec"$/);

      const dom = await page.$eval('tolok-ranking', (h) => ({
        elements: [...h.shadowRoot.querySelectorAll('*')].map((e) => e.localName),
        handlers: [...h.shadowRoot.querySelectorAll('*')].flatMap((e) => [...e.attributes])
          .filter((a) => /^on/i.test(a.name)).map((a) => a.name),
        truncated: (() => {
          const cell = h.shadowRoot.querySelector('tr.hl .c-label');
          return cell.scrollWidth > cell.clientWidth;
        })(),
        bodyScripts: document.querySelectorAll('script').length,
      }));
      for (const bad of ['img', 'script', 'i', 'b', 'iframe', 'object']) {
        assert.ok(!dom.elements.includes(bad), `a <${bad}> element was created from data`);
      }
      assert.deepEqual(dom.handlers, []);
      assert.ok(dom.truncated, 'the long name is cut with an ellipsis');
      assert.equal(dom.bodyScripts, 1);

      // A slider move re-ranks and announces (in English: <html lang="en">) without side effects.
      const slider = page.locator('tolok-ranking input[type=range]').first();
      await slider.focus();
      for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowLeft');
      await page.waitForFunction(() => document.querySelector('tolok-ranking').shadowRoot
        .querySelector('[aria-live="polite"]').textContent !== '');
      const moved = await snapshot(page);
      const core = await coreRanking(page, {
        src: '/tests/browser/fixtures/embed-hostile.csv', spec: '/tests/browser/fixtures/embed-hostile.json', unit: 'h4',
      });
      assert.equal(moved.live, `${long.label} is now ranked ${ordinal(core.rank)} of 8`);
      assert.equal(moved.sliders[0].value, '0');

      // The core refuses all-zero sibling weights: the slider stays put and says why.
      await page.locator('tolok-ranking input[type=range]').nth(1).focus();
      await page.keyboard.press('Home');
      const refused = await page.$eval('tolok-ranking', (h) => ({
        value: h.shadowRoot.querySelectorAll('input[type=range]')[1].value,
        note: [...h.shadowRoot.querySelectorAll('.note')].find((n) => !n.hidden)?.textContent,
        weights: h.weights,
      }));
      assert.equal(refused.value, '1');
      assert.equal(refused.note, 'At least one weight in this group must be above zero.');
      assert.deepEqual(refused.weights, { root: { a: 0, b: 1 } });
      await assertNoHorizontalOverflow(page);
      await page.screenshot({ path: path.join(OUT, 'embed-hostile-320.png'), fullPage: true });
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});

function ordinal(n) {
  const s = { one: 'st', two: 'nd', few: 'rd', other: 'th' }[new Intl.PluralRules('en', { type: 'ordinal' }).select(n)];
  return `${n}${s}`;
}

/** Adds an embed to the (already loaded) hostile fixture page, waits until it settles. */
async function addEmbed(page, attrs, id = 'added') {
  await page.evaluate(({ attrs, id }) => {
    const el = document.createElement('tolok-ranking');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
  }, { attrs, id });
  await page.waitForFunction((id) => ['ready', 'error'].includes(document.getElementById(id).state), id);
  return page.$eval(`#${id}`, (el) => ({
    state: el.state, error: el.error,
    alert: el.shadowRoot.querySelector('[role=alert]')?.textContent ?? null,
  }));
}

/** The full module's Monte Carlo for `unit` at the embed's current slider values (500 draws, `seed`). */
function coreInterval(page, { src, spec, unit, seed = 1, selector = 'tolok-ranking' }) {
  return page.evaluate(async ({ src, spec, unit, seed, selector }) => {
    const core = await import('/pkg/full/tolok.js');
    await core.default();
    const [csv, json] = await Promise.all([fetch(src).then((r) => r.text()), fetch(spec).then((r) => r.json())]);
    const s = core.Scorer.fromCsv(csv, json);
    try {
      for (const i of document.querySelector(selector).shadowRoot.querySelectorAll('input[type=range]')) {
        s.setWeight(i.dataset.node, i.dataset.child, Number(i.value));
      }
      const r = s.uncertainty({ samples: 500, seed });
      const u = s.unitIds().indexOf(unit);
      const n = r.ids.length;
      return { p05: r.p05[u], p95: r.p95[u], row: Array.from(r.acceptability.subarray(u * n, (u + 1) * n)) };
    } finally {
      s.free();
    }
  }, { src, spec, unit, seed, selector });
}

describe('English, and the error states', () => {
  test('only the scoring core is fetched until an embed needs the full module (interval, prepare)', async () => {
    const wasm = [];
    const { page, errors } = await openPage(browser, 'about:blank');
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    try {
      await page.goto(server.url + HOSTILE); // one embed, no interval: the core (~145 KB gzip) only
      await waitReady(page);
      assert.deepEqual(wasm, ['/pkg/tolok_bg.wasm']);
      // A spec with `prepare`: the core refuses it by name, the embed scores it with the full module.
      const asem = { src: '/data/coinr_asem/ASEM_iData.csv', spec: '/specs/asem_2018_full.json', top: '3' };
      assert.equal((await addEmbed(page, asem, 'asem')).state, 'ready');
      assert.deepEqual(wasm, ['/pkg/tolok_bg.wasm', '/pkg/full/tolok_bg.wasm']);
      const top = await page.$eval('#asem', (h) => h.shadowRoot.querySelector('tbody tr .c-rank')?.textContent);
      assert.equal(top, '1');
      // `interval` added to the core's embed after a slider moved: it starts again with the
      // full module (loaded once), and the slider keeps its place.
      const moved = await page.$eval('tolok-ranking', (h) => {
        const input = h.shadowRoot.querySelector('input[type=range]');
        input.value = String(Number(input.min) + (Number(input.max) - Number(input.min)) / 4);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return { value: input.value, weights: JSON.stringify(h.weights) };
      });
      await page.$eval('tolok-ranking', (h) => { h.setAttribute('highlight', 'h1'); h.setAttribute('interval', '90'); });
      await page.waitForFunction(() => document.querySelector('tolok-ranking').shadowRoot
        .querySelector('.callout .range') !== null, null, { timeout: 20000 });
      assert.deepEqual(wasm, ['/pkg/tolok_bg.wasm', '/pkg/full/tolok_bg.wasm']);
      const after = await page.$eval('tolok-ranking', (h) => ({
        value: h.shadowRoot.querySelector('input[type=range]').value, weights: JSON.stringify(h.weights),
      }));
      assert.deepEqual(after, moved, 'the moved slider and its weight survive the switch to the full module');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('interval="80" seed="7" in English: the 10th–90th percentile ranks from the core’s draws', async () => {
    const { page, errors } = await open(HOSTILE, 600);
    try {
      const attrs = { src: '/data/undp_hdi_2022/hdi_2022_extract.csv', spec: '/specs/hdi_2022.json', highlight: 'IDN', lang: 'en', interval: '80', seed: '7' };
      assert.equal((await addEmbed(page, attrs)).state, 'ready');
      await page.waitForFunction(() => /^Rank/.test(document.getElementById('added').shadowRoot
        .querySelector('.callout .range')?.textContent ?? ''), null, { timeout: 20000 });
      const core = await coreInterval(page, { src: attrs.src, spec: attrs.spec, unit: 'IDN', seed: 7, selector: '#added' });
      // The q-quantile as the core defines it: the smallest rank with at least a share q at or above it.
      const quantile = (q) => {
        let acc = 0;
        return 1 + core.row.findIndex((a) => a > 0 && (acc += a) >= q - 1e-12);
      };
      const [lo, hi] = [quantile(0.1), quantile(0.9)];
      assert.ok(lo <= hi && lo >= core.p05 && hi <= core.p95, `${lo}–${hi} lies within the 90% interval ${core.p05}–${core.p95}`);
      const text = await page.$eval('#added', (h) => h.shadowRoot.querySelector('.callout .range').textContent);
      assert.equal(text, lo === hi ? `Rank ${lo} in 80% of plausible weightings` : `Rank ${lo}–${hi} in 80% of plausible weightings`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });


  test('lang="en" uses English texts, a decimal point and ordinals', async () => {
    const { page, errors } = await open(HOSTILE, 600);
    try {
      const r = await addEmbed(page, {
        src: '/data/pekppp/pekppp_illustrative.csv', spec: '/specs/pekppp_template.json',
        highlight: 'C02', top: '5', lang: 'en',
      });
      assert.equal(r.state, 'ready', r.error);
      const snap = await snapshot(page, '#added');
      for (const row of snap.rows) assert.match(row.score, /^\d\.\d{2}$/, row.score);
      assert.equal(snap.sliders.length, 6, 'six PEKPPP aspects');
      const slider = page.locator('#added input[type=range]').first();
      await slider.focus();
      await page.keyboard.press('End');
      await page.waitForFunction(() => document.getElementById('added').shadowRoot
        .querySelector('[aria-live="polite"]').textContent !== '');
      const core = await coreRanking(page, {
        src: '/data/pekppp/pekppp_illustrative.csv', spec: '/specs/pekppp_template.json', unit: 'C02', selector: '#added',
      });
      const live = (await snapshot(page, '#added')).live;
      assert.match(live, / is now ranked \d+(st|nd|rd|th) of \d+$/);
      assert.ok(live.endsWith(`${ordinal(core.rank)} of ${core.ranked}`), live);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('a missing CSV shows its HTTP status', async () => {
    const { page, dialogs } = await open(HOSTILE, 600);
    try {
      const r = await addEmbed(page, { src: 'no-such-file.csv', spec: 'embed-hostile.json', lang: 'id' });
      assert.equal(r.state, 'error');
      assert.match(r.alert, /Gagal memuat data .*no-such-file\.csv.*HTTP 404/);
      assert.deepEqual(dialogs, []);
    } finally {
      await page.close();
    }
  });

  test('a spec the core rejects shows the core\'s message', async () => {
    const { page, errors } = await open(HOSTILE, 600);
    try {
      const r = await addEmbed(page, { src: 'embed-hostile.csv', spec: 'embed-bad-spec.json', lang: 'en' });
      assert.equal(r.state, 'error');
      assert.match(r.alert, /Tolok could not compute the ranking: .*no_such_column/);
      const bad = await addEmbed(page, { src: 'embed-hostile.csv', spec: 'embed-hostile.csv', lang: 'en' }, 'added2');
      assert.match(bad.alert ?? '', /not valid JSON/);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
