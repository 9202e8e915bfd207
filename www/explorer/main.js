// The explorer's entry point: start the engine, open the dataset the URL names (or the default),
// and connect the panels. Weight moves are applied to the one Scorer incrementally (setWeight),
// at most once per frame; nothing is ever re-parsed or re-built on a slider move.

import init, * as tolok from '../../pkg/full/tolok.js';
import { DATASETS, DEFAULT_DATASET, builtin, fetchDataset, onDroppedFiles, readFiles } from './data.js';
import { byId, h } from './dom.js';
import { wireShareAndExport } from './export.js';
import * as fmt from './format.js';
import { MODES, renderChart } from './chart.js';
import { methodTitle } from './methods-panel.js';
import { Model, decodeHash, encodeHash } from './state.js';
import { RobustnessPanel } from './robustness.js';
import { RankingTable } from './table.js';
import { UnitPanel } from './unit.js';
import { WeightsPanel } from './weights.js';

const els = {
  dataset: byId('dataset'),
  openFiles: byId('open-files'),
  fileInput: byId('file-input'),
  alert: byId('alert'),
  alertText: byId('alert-text'),
  status: byId('status'),
  reset: byId('reset'),
  title: byId('index-name'),
  headline: byId('headline'),
  description: byId('description'),
  sourceNote: byId('source-note'),
  chart: byId('chart'),
  chartMode: byId('chart-mode'),
  main: byId('main'),
  dropOverlay: byId('drop-overlay'),
};

let model = null;
let dataset = null; // the built-in dataset in view, if any
let chartSvg = null;
let firstRender = true;
let lastAnnounced = '';
const pending = {}; // weight changes waiting for the next frame: {parent: {child: w}}
let applyQueued = false;

const weights = new WeightsPanel(byId('weights'), {
  onWeight: queueWeight,
  onDirection: changeDirection,
  onMethod: changeMethod,
});
const table = new RankingTable(
  { controls: byId('table-controls'), body: byId('table'), count: byId('ranking-count') },
  { onSelect: (i) => select(i) },
);
const unitPanel = new UnitPanel(byId('unit'));
const robustness = new RobustnessPanel(byId('robustness'), { onSelect: (i) => select(i, { reveal: true }) });

// ---- start ----------------------------------------------------------------------------------

async function main() {
  fillStaticControls();
  wireControls();
  try {
    await init();
  } catch (err) {
    showError(`The scoring engine (pkg/full/tolok_bg.wasm) could not start: ${err.message}. `
      + 'Build it with scripts/build.sh, then reload.');
    return;
  }
  model = new Model(tolok);
  const v = typeof tolok.version === 'function' ? tolok.version() : null;
  if (v) byId('version').textContent = `Engine v${v}.`;
  await openState(decodeHash(location.hash));
  window.addEventListener('hashchange', () => openState(decodeHash(location.hash)));
}

function fillStaticControls() {
  els.dataset.replaceChildren(...DATASETS.map((d) => h('option', { value: d.key }, d.title)));
  els.chartMode.replaceChildren(...MODES.map((mo) => h('option', { value: mo.value }, mo.label)));
}

// ---- opening data ---------------------------------------------------------------------------

/** Open what a URL hash describes; an unknown dataset falls back to the default, with a note. */
async function openState(state) {
  if (model?.scorer && sameSource(state)) {
    applyViewState(state);
    return;
  }
  if (state.csv && state.spec) {
    const ok = await open(() => fetchDataset(state.csv, state.spec), {
      source: { kind: 'url', csv: state.csv, spec: state.spec }, weights: state.weights, unit: state.unit,
      methods: state.methods, what: 'the data this link names',
    });
    // A broken link on arrival: say so (open did), and show the default dataset meanwhile.
    if (!ok && !model.scorer) await openBuiltin(builtin(DEFAULT_DATASET), {}, { keepError: true });
    return;
  }
  let ds = builtin(state.dataset);
  if (!ds) {
    const why = state.dataset === 'file'
      ? 'This link was made with a file opened on another computer, which a link cannot carry.'
      : `There is no built-in dataset “${state.dataset}”.`;
    showError(`${why} Showing the default dataset instead.`);
    ds = builtin(DEFAULT_DATASET);
    state = { ...state, weights: [], unit: null, methods: {} };
  }
  await openBuiltin(ds, state);
}

function sameSource(state) {
  const src = model.source;
  if (state.csv && state.spec) return src.kind === 'url' && src.csv === state.csv && src.spec === state.spec;
  return src.kind === 'builtin' && src.key === state.dataset;
}

async function openBuiltin(ds, { weights: w = [], unit = null, methods = {} } = {}, { keepError = false } = {}) {
  const ok = await open(() => fetchDataset(ds.csv, ds.spec), {
    source: { kind: 'builtin', key: ds.key }, weights: w, unit: unit ?? ds.highlight, dataset: ds, keepError, methods,
  });
  if (!ok) syncDatasetSelect();
}

/**
 * Fetch (or read) a CSV and spec, score them, and show the result. On any error the previous
 * view stays as it was and a message says what is wrong. Returns whether it worked.
 */
let loadToken = 0;
async function open(getData, opts) {
  const { source, weights: w = [], unit = null, dataset: ds = null, custom = false, what = null, keepError = false } = opts;
  const token = ++loadToken; // a later open() wins over one still fetching
  els.main.setAttribute('aria-busy', 'true');
  let methodError = null;
  try {
    const { csv, spec } = await getData();
    if (token !== loadToken) return false;
    try {
      model.load({ csv, spec, source, weights: w, custom, methods: opts.methods });
    } catch (err) {
      if (Object.keys(opts.methods ?? {}).length === 0) throw err;
      methodError = err; // a link's methods the core refuses: the spec's own, and say why
      model.load({ csv, spec, source, weights: w, custom });
    }
  } catch (err) {
    if (token !== loadToken) return false;
    const place = what ?? (source.kind === 'builtin' ? builtin(source.key)?.title : source.name ?? source.csv);
    showError(`Could not open ${place}: ${err.message}`);
    return false;
  } finally {
    if (token === loadToken) els.main.removeAttribute('aria-busy');
  }
  for (const k of Object.keys(pending)) delete pending[k]; // weights meant for the old tree
  dataset = ds;
  if (!keepError) hideError();
  if (model.ignoredWeights.length > 0) {
    showError(`The link sets weights for parts this index does not have (${model.ignoredWeights
      .map((x) => `${x.parent}/${x.child}`).join(', ')}); they were ignored.`);
  }
  if (model.ignoredMethods.length > 0) {
    showError(`The link sets methods for parts this index does not have (${model.ignoredMethods.join(', ')}); they were ignored.`);
  }
  if (methodError) showError(`The link’s methods cannot be used, so the spec’s own are shown: ${methodError.message}`);
  showLoaded(unit);
  return true;
}

function showLoaded(unitId) {
  const spec = model.spec;
  const rootLabel = model.nodeById.get(model.rootId)?.label || model.rootId;
  els.title.replaceChildren(h('bdi', {}, fmt.truncate(spec.name || rootLabel, 300)));
  els.title.title = spec.name || rootLabel;
  document.title = `${fmt.truncate(spec.name || rootLabel, 80)} · Tolok`;
  els.description.textContent = spec.description || 'This spec has no description.';
  // Built-in Indonesian datasets: let screen readers pronounce titles and labels as Indonesian.
  const lang = model.source.kind === 'builtin' ? builtin(model.source.key)?.lang : null;
  if (lang && lang !== 'en') els.title.setAttribute('lang', lang);
  else els.title.removeAttribute('lang');
  els.sourceNote.textContent = sourceNote();
  syncDatasetSelect();
  els.reset.disabled = false;
  els.dataset.disabled = false;
  for (const opt of els.chartMode.options) opt.hidden = opt.value === 'group' && !model.groupCol;
  if (els.chartMode.value === 'group' && !model.groupCol) els.chartMode.value = 'top10';

  weights.build(model);
  table.build(model);
  robustness.load(model);
  let u = unitId !== null && unitId !== undefined ? model.indexOf(unitId) : -1;
  if (u < 0) u = model.order.length > 0 ? model.order[0] : -1;
  model.selected = u;
  renderAll({ hash: true });
  if (u >= 0) table.reveal(u, { center: !table.isVisible(u) && u !== model.order[0] });
}

function sourceNote() {
  const src = model.source;
  const rows = `${model.n.toLocaleString()} units, ${model.indicators.size} indicators.`;
  if (src.kind === 'builtin') {
    const ds = builtin(src.key);
    return `Data: ${ds.csv.replace('../', '')} · spec: ${ds.spec.replace('../', '')} · ${rows}`;
  }
  if (src.kind === 'url') return `Data: ${src.csv} · spec: ${src.spec} · ${rows}`;
  return `Your file: ${src.name} · ${rows}${model.custom ? ' A starter spec was made for it: every numeric column is an indicator with equal weight; set each one’s direction below the weights.' : ''}`;
}

function syncDatasetSelect() {
  if (!model?.scorer) return;
  const src = model.source;
  els.dataset.querySelector('option[data-custom]')?.remove();
  if (src.kind === 'builtin') {
    els.dataset.value = src.key;
  } else {
    const label = src.kind === 'file' ? `Your file: ${fmt.truncate(src.name, 40)}` : `Link: ${fmt.truncate(src.csv, 40)}`;
    els.dataset.append(h('option', { value: '', dataset: { custom: '1' } }, label));
    els.dataset.value = '';
  }
}

/** The reader's own files: CSV (+ spec), or a spec for the data already open. */
async function openFiles(files) {
  let got;
  try {
    got = await readFiles(files);
  } catch (err) {
    showError(err.message);
    return;
  }
  const prevUnit = model.selected >= 0 ? model.ids[model.selected] : null;
  if (got.csv === null) {
    const name = `${model.source.name ?? builtin(model.source.key)?.title ?? 'data'} with ${got.specName}`;
    await open(async () => ({ csv: model.csv, spec: got.spec }), {
      source: { kind: 'file', name }, unit: prevUnit, what: got.specName,
    });
    return;
  }
  let spec = got.spec;
  const custom = !spec;
  await open(async () => {
    if (!spec) {
      spec = tolok.starterSpec(got.csv);
      spec.name = got.csvName.replace(/\.[^.]+$/, '');
    }
    return { csv: got.csv, spec };
  }, {
    source: { kind: 'file', name: got.specName ? `${got.csvName} + ${got.specName}` : got.csvName },
    custom, what: got.csvName,
  });
}

/** A starter spec's indicator flipped between higher- and lower-is-better: score again. */
async function changeDirection(indicatorId, direction) {
  const spec = structuredClone(model.spec);
  const ind = spec.indicators.find((i) => i.id === indicatorId);
  if (!ind) return;
  ind.direction = direction;
  const keep = { weights: model.changedWeights(), unit: model.selected >= 0 ? model.ids[model.selected] : null };
  await open(async () => ({ csv: model.csv, spec }), { source: model.source, custom: true, ...keep });
  document.querySelector(`.wrow[data-node="${CSS.escape(indicatorId)}"] .wdir-select`)?.focus();
}

// ---- state from the URL (same dataset) --------------------------------------------------------

function applyViewState(state) {
  try {
    if (model.replaceState(state)) rescored();
  } catch (err) {
    showError(`The link’s methods or weights cannot be used: ${err.message}`);
  }
  const u = state.unit !== null ? model.indexOf(state.unit) : -1;
  if (u >= 0) model.selected = u;
  renderAll({ hash: false });
  if (u >= 0) table.reveal(u);
}

// ---- weights ----------------------------------------------------------------------------------

function queueWeight(parent, child, w) {
  (pending[parent] ??= {})[child] = w;
  if (applyQueued) return;
  applyQueued = true;
  requestAnimationFrame(applyWeights);
}

function applyWeights() {
  applyQueued = false;
  const t0 = performance.now();
  const changes = { ...pending };
  for (const k of Object.keys(pending)) delete pending[k];
  try {
    model.setWeights(changes);
    if (alertKind === 'weight') hideError();
  } catch (err) {
    showError(`That weight cannot be used: ${err.message}`, 'weight');
    model.refresh();
    weights.update(model, { force: true });
  }
  renderAll({ hash: true, deferUnit: true });
  performance.measure('tolok:weights', { start: t0, end: performance.now() });
}

// During slider moves the unit panel (rank in group, breakdown) follows right after the paint,
// so that the ranking itself is on screen as early as possible.
let unitTimer = 0;
function deferUnitPanel() {
  clearTimeout(unitTimer);
  unitTimer = setTimeout(() => unitPanel.update(model), 0);
}

function resetWeights() {
  const methods = model.methodsChanged;
  if (model.resetAll()) rescored();
  renderAll({ hash: true });
  announce(methods ? 'Methods and weights reset to the spec’s own.' : 'Weights reset to the spec’s own.');
}

// ---- methods (weighting and aggregation per node) ----------------------------------------------

/** After the model scored again with other methods: new controls; earlier analyses are of another spec. */
function rescored() {
  weights.build(model);
  robustness.load(model);
}

/** A node's weighting or aggregation changed: score again from the CSV with the edited spec. */
function changeMethod(nodeId, change) {
  const t0 = performance.now();
  const name = model.nodeById.get(nodeId)?.label || nodeId;
  try {
    model.setMethod(nodeId, change);
  } catch (err) {
    showError(`That method cannot be used for “${name}”: ${err.message}`, 'method');
    weights.update(model, { force: true }); // the controls show the methods still in force
    return;
  }
  if (alertKind === 'method' || alertKind === 'weight') hideError();
  rescored();
  renderAll({ hash: true });
  performance.measure('tolok:method', { start: t0, end: performance.now() });
  announce(`${name}: ${methodTitle(model, nodeId)}. ${model.rankedCount} units ranked.`);
}

// ---- selection and rendering -----------------------------------------------------------------

function select(u, { reveal = false } = {}) {
  if (u < 0 || u >= model.n) return;
  clearTimeout(unitTimer);
  model.selected = u;
  table.renderWindow();
  if (reveal) table.reveal(u);
  renderChartNow();
  unitPanel.update(model);
  robustness.update(model);
  renderHeadline();
  writeHash();
}

function renderAll({ hash, deferUnit = false }) {
  table.update();
  weights.update(model);
  renderChartNow();
  renderHeadline();
  robustness.update(model);
  if (deferUnit) deferUnitPanel();
  else unitPanel.update(model);
  if (hash) writeHash();
  document.body.dataset.version = String(model.version);
  if (firstRender) {
    firstRender = false;
    performance.mark('tolok:first-ranking');
  }
}

// The chart's width comes from a ResizeObserver, so that a render never forces a layout.
let chartWidth = 0;
function renderChartNow() {
  if (!chartWidth) chartWidth = Math.floor(els.chart.clientWidth) || 600;
  chartSvg = renderChart(model, els.chartMode.value, chartWidth);
  els.chart.replaceChildren(chartSvg);
}

new ResizeObserver(([entry]) => {
  const w = Math.floor(entry.contentRect.width);
  if (w > 0 && w !== chartWidth) {
    chartWidth = w;
    if (model?.scorer) renderChartNow();
  }
}).observe(els.chart);

function renderHeadline() {
  const u = model.selected;
  const rootLabel = model.nodeById.get(model.rootId)?.label || model.rootId;
  const ranked = model.rankedCount;
  if (u < 0 || !model.isRanked(u)) {
    els.headline.replaceChildren(`${ranked.toLocaleString()} units ranked by ${rootLabel}.`);
    return;
  }
  const c = model.change(u);
  const yours = [model.methodsChanged && 'methods', model.changedWeights().length > 0 && 'weights'].filter(Boolean).join(' and ');
  const rankText = fmt.rank(model.ranks[u]);
  const tail = !yours ? ' with the spec’s own weights.'
    : c === 0 ? ` with your ${yours}: the same rank as with the spec’s own.`
      : ` with your ${yours}: ${Math.abs(c)} ${Math.abs(c) === 1 ? 'place' : 'places'} ${c > 0 ? 'higher' : 'lower'} than with the spec’s own.`;
  els.headline.replaceChildren(
    h('bdi', { class: 'hl-name', title: model.labels[u] }, fmt.truncate(model.labels[u], 60)),
    ' ranks ', h('strong', { class: 'hl-rank' }, `#${rankText}`), ` of ${ranked.toLocaleString()}`, tail);
  const msg = `${fmt.truncate(model.labels[u], 120)}: rank ${rankText} of ${ranked}.`;
  if (msg !== lastAnnounced) {
    lastAnnounced = msg;
    announce(msg);
  }
}

function announce(text) {
  els.status.textContent = text;
}

// ---- URL hash ---------------------------------------------------------------------------------

let hashTimer = 0;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(flushHash, 200);
}

function currentHash() {
  const src = model.source;
  return encodeHash({
    dataset: src.kind === 'builtin' ? src.key : 'file',
    csv: src.kind === 'url' ? src.csv : null,
    spec: src.kind === 'url' ? src.spec : null,
    unit: model.selected >= 0 ? model.ids[model.selected] : null,
    weights: model.changedWeights(),
    methods: model.methods,
  });
}

function flushHash() {
  clearTimeout(hashTimer);
  if (!model?.scorer) return;
  const hash = currentHash();
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

// ---- messages ---------------------------------------------------------------------------------

let alertKind = null;
function showError(message, kind = 'general') {
  alertKind = kind;
  els.alertText.textContent = message;
  els.alert.hidden = false;
}

function hideError() {
  alertKind = null;
  els.alert.hidden = true;
  els.alertText.textContent = '';
}

// ---- controls ---------------------------------------------------------------------------------

function wireControls() {
  els.dataset.addEventListener('change', () => {
    const ds = builtin(els.dataset.value);
    if (ds) openBuiltin(ds);
  });
  els.openFiles.addEventListener('click', () => els.fileInput.click());
  els.fileInput.addEventListener('change', async () => {
    const files = Array.from(els.fileInput.files);
    els.fileInput.value = '';
    if (files.length > 0 && model) await openFiles(files);
  });
  els.reset.addEventListener('click', resetWeights);
  els.chartMode.addEventListener('change', () => model?.scorer && renderChartNow());
  els.chart.addEventListener('click', (e) => {
    const bar = e.target.closest?.('[data-i]');
    if (bar) select(Number(bar.dataset.i), { reveal: true });
  });
  byId('alert-close').addEventListener('click', hideError);
  onDroppedFiles(els.dropOverlay, (files) => model && openFiles(files));
  wireShareAndExport({
    model: () => (model?.scorer ? model : null),
    dataset: () => dataset,
    chartSvg: () => chartSvg,
    flushHash,
    announce,
    showError,
  });
}

main().catch((err) => showError(`Unexpected error: ${err.message}`));
