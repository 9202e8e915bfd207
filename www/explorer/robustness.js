// "How robust is this ranking?": a Monte Carlo analysis of the ranks under plausible weightings
// (Scorer.uncertainty) and a Sobol sensitivity analysis (Scorer.sobol), run in a worker
// (robustness-worker.js) with progress and cancel, around the weights currently set. Shows the
// selected unit's interval in a sentence, rank intervals, the acceptability heatmap of the top
// units and Sobol bars. Every number shown comes from the core.

import { bdi, h } from './dom.js';
import * as fmt from './format.js';
import { factorName, ordinal, renderHeatmap, renderIntervals, renderSobol } from './robustness-charts.js';

const RANGES = [[0.8, 1.25], [0.67, 1.5], [0.5, 2], [0.25, 4]];
const DEFAULT_RANGE = [0.5, 2];
const SAMPLES = [500, 1000, 5000, 10000];
const SOBOL_SAMPLES = [128, 256, 512, 1024];
const TOP = 30;
const SHOW_ALL_LIMIT = 2000; // rows of "show all" (the acceptability matrix stops here too)

const num = (x) => Math.round(x).toLocaleString('en');
const times = (x) => `×${String(x)}`;
const rangeText = ([lo, hi]) => `${times(lo)}–${times(hi)}`;

class Cancelled extends Error {}

/** Runs analyses in one module worker; cancelling terminates it (a new one starts on demand). */
class Runner {
  constructor() {
    this.worker = null;
    this.csv = null;
    this.csvSent = false;
    this.job = null;
    this.seq = 0;
  }

  setData(csv) {
    this.cancel();
    this.csv = csv;
    this.csvSent = false;
  }

  get busy() {
    return this.job !== null;
  }

  /** Runs `type` ('run' | 'sobol'); resolves with the result, rejects with an Error or Cancelled. */
  run(type, spec, options, onProgress) {
    if (this.job) this.cancel();
    const worker = this.ensure();
    if (!this.csvSent) {
      worker.postMessage({ type: 'data', csv: this.csv });
      this.csvSent = true;
    }
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.job = { id, resolve, reject, onProgress };
      worker.postMessage({ type, id, spec, options });
    });
  }

  cancel() {
    if (!this.job) return;
    const { reject } = this.job;
    this.job = null;
    this.worker?.terminate();
    this.worker = null;
    this.csvSent = false;
    reject(new Cancelled('cancelled'));
  }

  ensure() {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./robustness-worker.js', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (e) => {
      const msg = e.data;
      const job = this.job;
      if (!job || msg.id !== job.id) return;
      if (msg.type === 'progress') {
        job.onProgress?.(msg.done, msg.total);
        return;
      }
      this.job = null;
      if (msg.type === 'result') job.resolve(msg.result);
      else job.reject(new Error(msg.message));
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      const job = this.job;
      this.job = null;
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.csvSent = false;
      job?.reject(new Error(`the analysis could not start (${e.message || 'the worker failed to load'})`));
    });
    this.worker = worker;
    return worker;
  }
}

export class RobustnessPanel {
  /**
   * @param {HTMLElement} root the panel's <section>
   * @param {{onSelect: (i: number) => void}} handlers
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.runner = new Runner();
    this.model = null;
    this.mc = null; // { result, range, seed, weightsKey, ms }
    this.sb = null; // { result, range, weightsKey, ms }
    this.showAll = false;
    this.width = 0;
    this.build();
    new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w > 0 && w !== this.width) {
        this.width = w;
        this.renderCharts();
      }
    }).observe(this.els.results);
  }

  // ---- static DOM -----------------------------------------------------------------------------

  build() {
    const field = (label, control, hint) => h('div', { class: 'rfield' }, h('label', { for: control.id }, label), control,
      hint ? h('span', { class: 'rhint' }, hint) : null);
    this.els = {};
    const e = this.els;
    e.range = h('select', { id: 'robust-range' });
    e.samples = h('select', { id: 'robust-samples' }, SAMPLES.map((n) => h('option', { value: n }, num(n))));
    e.seed = h('input', { id: 'robust-seed', type: 'number', min: 0, max: 4294967295, step: 1, value: 1, inputmode: 'numeric' });
    e.run = h('button', { type: 'submit', class: 'btn primary', id: 'robust-run' }, 'Run');
    e.cancel = h('button', { type: 'button', class: 'btn', id: 'robust-cancel', hidden: true, on: { click: () => this.runner.cancel() } }, 'Cancel');
    e.progress = h('progress', { class: 'robust-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Progress of the analysis' });
    e.status = h('span', { class: 'robust-status', role: 'status', 'aria-live': 'polite' });
    e.form = h('form', { class: 'robust-controls', on: { submit: (ev) => { ev.preventDefault(); this.runMonteCarlo(); } } },
      field('Each weight varies', e.range),
      field('Draws', e.samples),
      field('Seed', e.seed),
      h('div', { class: 'robust-actions' }, e.run, e.cancel, e.progress, e.status));
    e.specNote = h('p', { class: 'rhint', hidden: true });

    e.stale = h('p', { class: 'robust-stale', hidden: true },
      'The weights have changed since this analysis, which was run around the earlier weights. Run it again for the current ones.');
    e.sentence = h('p', { class: 'robust-sentence', id: 'robust-sentence' });
    e.detail = h('p', { class: 'robust-detail' });
    e.toggle = h('button', { type: 'button', class: 'btn small', on: { click: () => { this.showAll = !this.showAll; this.renderCharts(); } } });
    e.intervals = h('div', { class: 'robust-chart', id: 'robust-intervals' });
    e.heatmap = h('div', { class: 'robust-chart', id: 'robust-heatmap' });
    e.heatNote = h('p', { class: 'rhint' });
    const onRowClick = (ev) => {
      const row = ev.target.closest?.('[data-i]');
      if (row) this.handlers.onSelect?.(Number(row.dataset.i));
    };
    e.intervals.addEventListener('click', onRowClick);
    e.heatmap.addEventListener('click', onRowClick);

    e.sobolSamples = h('select', { id: 'robust-sobol-n' }, SOBOL_SAMPLES.map((n) => h('option', { value: n, selected: n === 256 }, num(n))));
    e.sobolRun = h('button', { type: 'button', class: 'btn', id: 'robust-sobol-run', on: { click: () => this.runSobol() } }, 'Run sensitivity');
    e.sobolCost = h('span', { class: 'rhint' });
    e.sobolSamples.addEventListener('change', () => this.showSobolCost());
    e.sobolStale = h('p', { class: 'robust-stale', hidden: true }, 'The weights have changed since this sensitivity analysis. Run it again for the current ones.');
    e.sobolSummary = h('p', { class: 'robust-detail' });
    e.sobol = h('div', { class: 'robust-chart', id: 'robust-sobol' });
    e.sobolOut = h('div', { hidden: true }, e.sobolStale, e.sobolSummary, e.sobol);

    e.intervalsBlock = h('div', { class: 'robust-block' },
      h('div', { class: 'robust-subhead' }, h('h3', { text: 'Rank intervals' }), e.toggle), e.intervals);
    e.heatBlock = h('div', { class: 'robust-block' },
      h('h3', { text: 'How often each unit takes each rank' }),
      h('p', { class: 'rhint', text: 'Rank acceptability (SMAA): the share of the draws that give a unit each rank; the outlined cell is its rank with the weights of the analysis.' }),
      e.heatmap, e.heatNote);
    e.mcOut = h('div', { class: 'robust-results', hidden: true }, e.stale, e.sentence, e.detail, e.intervalsBlock, e.heatBlock);
    e.sobolBlock = h('div', { class: 'robust-block robust-sobol-block' },
      h('h3', { text: 'Which weights move the ranking most?' }),
      h('p', { class: 'rhint', text: 'Sobol sensitivity: how much of the variation in the average rank shift (against the current ranking) each weight explains, alone (first order) and with its interactions (total). It costs many more scorings than the draws above.' }),
      h('div', { class: 'robust-controls' }, field('Base samples', e.sobolSamples), h('div', { class: 'robust-actions' }, e.sobolRun, e.sobolCost)),
      e.sobolOut);
    e.results = h('div', { class: 'robust-body' }, e.mcOut, e.sobolBlock);
    this.root.replaceChildren(
      h('div', { class: 'card-head' }, h('h2', { id: 'robust-title', text: 'How robust is this ranking?' })),
      h('p', { class: 'rhint robust-intro', text: 'Draw many plausible weightings — every weight multiplied by a random factor in a range around its current value — re-rank every unit for each, and see how far each rank moves. It runs in the background; the sliders stay responsive.' }),
      e.form, e.specNote, e.results);
  }

  // ---- dataset and view updates -----------------------------------------------------------

  /** A new dataset (or spec): stop any run, clear the results, take defaults from the spec. */
  load(m) {
    this.model = m;
    this.runner.setData(m.csv);
    this.mc = null;
    this.sb = null;
    this.showAll = false;
    const u = m.spec.uncertainty ?? {};
    const specRange = u.weights?.range;
    const ranges = RANGES.map((r) => r.slice());
    if (specRange && !ranges.some((r) => r[0] === specRange[0] && r[1] === specRange[1])) ranges.push(specRange.slice());
    const chosen = specRange ?? DEFAULT_RANGE;
    this.els.range.replaceChildren(...ranges.map((r) => h('option', {
      value: r.join(','), selected: r[0] === chosen[0] && r[1] === chosen[1],
    }, `${rangeText(r)}${specRange && r === ranges.find((x) => x[0] === specRange[0] && x[1] === specRange[1]) ? ' (the spec’s)' : ''}`)));
    this.els.samples.value = String(SAMPLES.includes(u.samples) ? u.samples : 1000);
    this.els.seed.value = String(Number.isInteger(u.seed) ? u.seed : 1);
    const extra = [];
    if (u.nodes && Object.keys(u.nodes).length) extra.push('its ranges for some nodes');
    if (u.alternatives?.length) extra.push(`${u.alternatives.length} method alternative${u.alternatives.length > 1 ? 's' : ''}`);
    if (u.weights?.dirichlet) extra.push('its Dirichlet weights');
    this.els.specNote.textContent = extra.length ? `The spec’s own uncertainty settings also apply: ${extra.join(', ')}.` : '';
    this.els.specNote.hidden = extra.length === 0;
    this.setBusy(false);
    this.els.status.textContent = '';
    this.els.mcOut.hidden = true;
    this.els.sobolOut.hidden = true;
    this.showSobolCost();
  }

  /** After a weight change or a new selection. */
  update(m) {
    this.model = m;
    if (!this.mc && !this.sb) return;
    const key = weightsKey(m);
    this.els.stale.hidden = !this.mc || this.mc.weightsKey === key;
    this.els.sobolStale.hidden = !this.sb || this.sb.weightsKey === key;
    if (this.mc && this.drawnFor !== m.selected) this.renderResults();
  }

  // ---- running ------------------------------------------------------------------------------

  options() {
    const range = this.els.range.value.split(',').map(Number);
    const seed = Number(this.els.seed.value);
    const ok = this.els.seed.value.trim() !== '' && Number.isInteger(seed) && seed >= 0 && seed <= 4294967295;
    this.els.seed.setAttribute('aria-invalid', String(!ok));
    if (!ok) throw new Error('The seed is a whole number from 0 to 4,294,967,295.');
    return { range, seed, samples: Number(this.els.samples.value) };
  }

  setBusy(busy, what = 'run') {
    const e = this.els;
    e.run.disabled = busy;
    e.sobolRun.disabled = busy;
    e.cancel.hidden = !busy;
    e.progress.hidden = !busy;
    if (busy) {
      if (what === 'sobol') e.progress.removeAttribute('value');
      else e.progress.value = 0;
    }
    this.root.setAttribute('aria-busy', String(busy));
  }

  async runMonteCarlo() {
    const m = this.model;
    if (!m?.scorer) return;
    let o;
    try {
      o = this.options();
    } catch (err) {
      this.els.status.textContent = err.message;
      return;
    }
    const key = weightsKey(m);
    const spec = m.scorer.spec();
    this.setBusy(true);
    this.els.status.textContent = `0 of ${num(o.samples)} draws`;
    const t0 = performance.now();
    try {
      const result = await this.runner.run('run', spec, { weights: { range: o.range }, samples: o.samples, seed: o.seed }, (done, total) => {
        this.els.progress.value = done / total;
        this.els.status.textContent = `${num(done)} of ${num(total)} draws`;
      });
      const ms = performance.now() - t0;
      this.mc = { result, range: o.range, seed: o.seed, weightsKey: key, ms };
      this.els.status.textContent = `${num(result.samples)} draws in ${(ms / 1000).toFixed(2)} s.`;
      this.renderResults();
      this.update(this.model);
    } catch (err) {
      this.els.status.textContent = err instanceof Cancelled ? 'Cancelled.' : `The analysis failed: ${err.message}`;
    } finally {
      if (!this.runner.busy) this.setBusy(false);
    }
  }

  async runSobol() {
    const m = this.model;
    if (!m?.scorer) return;
    let o;
    try {
      o = this.options();
    } catch (err) {
      this.els.status.textContent = err.message;
      return;
    }
    const n = Number(this.els.sobolSamples.value);
    const key = weightsKey(m);
    this.setBusy(true, 'sobol');
    this.els.status.textContent = `Sensitivity: ${this.els.sobolCost.textContent.replace(/^≈ /, '')}…`;
    const t0 = performance.now();
    try {
      const result = await this.runner.run('sobol', m.scorer.spec(), {
        weights: { range: o.range }, seed: o.seed, sobol: { samples: n, bootstrap: 200 },
      });
      const ms = performance.now() - t0;
      this.sb = { result, range: o.range, seed: o.seed, weightsKey: key, ms };
      this.els.status.textContent = `Sensitivity: ${num(result.evaluations)} scorings in ${(ms / 1000).toFixed(2)} s.`;
      this.renderSobol();
      this.update(this.model);
    } catch (err) {
      this.els.status.textContent = err instanceof Cancelled ? 'Cancelled.' : `The sensitivity analysis failed: ${err.message}`;
    } finally {
      if (!this.runner.busy) this.setBusy(false);
    }
  }

  /** The number of scorings a Sobol run costs: n × (weights that vary + 2). */
  showSobolCost() {
    const m = this.model;
    if (!m) return;
    let k = 0;
    for (const node of m.nodes) {
      if (node.kind !== 'node') continue;
      const live = node.children.filter((c) => m.nodeById.get(c)?.weight > 0).length;
      if (live >= 2) k += live;
    }
    k += m.spec.uncertainty?.alternatives?.length ?? 0;
    const n = Number(this.els.sobolSamples.value);
    this.els.sobolCost.textContent = `≈ ${num(n * (k + 2))} scorings (${num(n)} × (${k} weights + 2))`;
  }

  // ---- rendering ----------------------------------------------------------------------------

  renderResults() {
    const m = this.model;
    const mc = this.mc;
    if (!m || !mc) return;
    this.els.mcOut.hidden = false;
    this.renderSentence();
    this.renderCharts();
  }

  renderSentence() {
    const m = this.model;
    const { result: r, range, seed } = this.mc;
    const u = m.selected;
    this.drawnFor = u;
    const e = this.els;
    const how = `${num(r.samples)} weightings were drawn, each weight multiplied by a random factor between ${times(range[0])} and ${times(range[1])} of its value (seed ${seed})${r.cancelled ? `, cancelled after ${num(r.samples)} of ${num(r.requested)} draws` : ''}.`;
    if (u < 0 || u >= r.nominal.length) {
      e.sentence.replaceChildren('Select a unit to see the range of its rank.');
      e.detail.textContent = how;
      return;
    }
    const label = m.labels[u];
    const name = h('bdi', { class: 'rs-name', title: label }, fmt.truncate(label, 80));
    if (Number.isNaN(r.nominal[u])) {
      e.sentence.replaceChildren(name, ' has no rank (its score is missing), so it has no interval.');
      e.detail.textContent = how;
      return;
    }
    const strong = (x) => h('strong', { class: 'rs-rank' }, ordinal(x));
    const span = r.p05[u] === r.p95[u]
      ? [' ranks ', strong(r.p05[u]), ' in at least 90% of plausible weightings; ']
      : [' ranks between ', strong(r.p05[u]), ' and ', strong(r.p95[u]), ' in 90% of plausible weightings; '];
    e.sentence.replaceChildren(name, ...span, 'at best ', strong(r.best[u]), ', at worst ', strong(r.worst[u]), '.');
    e.sentence.dataset.unit = m.ids[u];
    const bounds = r.exact
      ? '“At best” and “at worst” are exact over every weighting in that range, drawn or not'
      : '“At best” and “at worst” are safe bounds over every weighting in that range, drawn or not (this index is not a plain weighted sum throughout, so they may be wider than any weighting attains)';
    e.detail.replaceChildren(
      `With the weights of this analysis it ranks ${ordinal(r.nominal[u])} (median over the draws ${ordinal(r.median[u])}, mean ${fmt.fixed(r.mean[u], 1)}); `
      + `the draws placed it from ${ordinal(r.min[u])} to ${ordinal(r.max[u])}. ${how} ${bounds}.`);
  }

  renderCharts() {
    const m = this.model;
    const mc = this.mc;
    if (!m || !mc || this.els.mcOut.hidden) {
      if (this.sb) this.renderSobol();
      return;
    }
    const r = mc.result;
    const width = this.width || Math.floor(this.els.results.clientWidth) || 800;
    const ranked = r.nominal.reduce((k, x) => k + (Number.isNaN(x) ? 0 : 1), 0);
    const canShowAll = ranked > TOP && ranked <= SHOW_ALL_LIMIT;
    if (!canShowAll) this.showAll = false;
    this.els.toggle.hidden = !canShowAll;
    this.els.toggle.textContent = this.showAll ? `Show the top ${TOP}` : `Show all ${num(ranked)}`;
    this.els.toggle.setAttribute('aria-pressed', String(this.showAll));
    this.els.intervals.replaceChildren(renderIntervals({
      result: r, labels: m.labels, selected: m.selected, count: this.showAll ? Infinity : TOP, width,
      what: r.exact ? 'exact' : 'bounds',
    }));
    this.els.intervals.classList.toggle('tall', this.showAll);
    if (r.acceptability) {
      const count = width < 560 ? TOP / 2 : TOP; // phones: 15 × 15 cells that can still be seen
      this.els.heatmap.replaceChildren(renderHeatmap({ result: r, labels: m.labels, selected: m.selected, count, width }));
      this.els.heatNote.textContent = '';
    } else {
      this.els.heatmap.replaceChildren();
      this.els.heatNote.textContent = `Rank acceptabilities are computed for up to ${num(SHOW_ALL_LIMIT)} units; this dataset has ${num(r.nominal.length)}.`;
    }
    if (this.sb) this.renderSobol();
  }

  renderSobol() {
    const m = this.model;
    const sb = this.sb?.result;
    if (!m || !sb) return;
    this.els.sobolOut.hidden = false;
    const width = this.width || Math.floor(this.els.results.clientWidth) || 800;
    const label = (id) => m.nodeById.get(id)?.label || id;
    if (sb.factors.length === 0) {
      this.els.sobol.replaceChildren();
      this.els.sobolSummary.textContent = 'Nothing varies: every node has a single weighted child or fixed weights.';
      return;
    }
    const { svg, order, names } = renderSobol({ sobol: sb, label, width });
    this.els.sobol.replaceChildren(svg);
    const i = order[0];
    const top = names[i];
    this.els.sobolSummary.replaceChildren(
      'The ranking moves most with the ', h('strong', {}, bdi(`${top.name.charAt(0).toLowerCase()}${top.name.slice(1)} ${top.detail}`)),
      ` (total index ${fmt.fixed(sb.total[i], 2)}; alone ${fmt.fixed(sb.first[i], 2)}). `
      + `${num(sb.n)} base samples, ${num(sb.evaluations)} scorings, each weight ${rangeText(this.sb.range)} (seed ${this.sb.seed}); `
      + 'the whiskers are 95% bootstrap intervals: more samples make them narrower.');
    this.els.sobolOut.dataset.factor = factorName(sb.factors[i], label).name;
  }
}

/** The weights a result belongs to (only those that differ from the spec's own). */
function weightsKey(m) {
  return JSON.stringify(m.changedWeights());
}
