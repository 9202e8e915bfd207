// The method controls of one node of the weights panel: how its children are weighted (manual
// weights or a data-driven method) and how they are combined (aggregation), and what the core
// derived: weights as shares, how they were obtained, PCA's explained variance, AHP's matrix and
// consistency ratio. Choices go to `onMethod`; main.js scores again with the edited spec.

import { bdi, freshId, h } from './dom.js';
import * as fmt from './format.js';
import {
  AGGREGATES, PENALTIES, WEIGHTINGS, aggregateShort, weightingLabel, weightingShort,
} from './methods.js';

const AHP_LIMIT = 0.1; // Saaty: a consistency ratio above 0.1 calls for revising the judgements

export class MethodBlock {
  /**
   * @param {{id: string, label: string, children: string[]}} node
   * @param {{onMethod: (node: string, change: object) => void}} handlers
   */
  constructor(node, model, handlers) {
    this.node = node;
    this.handlers = handlers;
    this.name = node.label || node.id;
    const m = model.methodOf(node.id);
    const wId = freshId('mw');
    const aId = freshId('ma');
    const pId = freshId('mp');
    const vId = freshId('mv');
    const suffix = (isSource) => (isSource ? ' (spec)' : '');

    this.weighting = h('select', {
      id: wId, class: 'wm-select wm-weighting',
      on: { change: () => this.handlers.onMethod(node.id, { w: this.weighting.value }) },
    }, WEIGHTINGS.filter((x) => !x.specOnly || m.source.w === x.value)
      .map((x) => h('option', { value: x.value }, `${x.label}${suffix(m.source.w === x.value)}`)));

    this.aggregate = h('select', {
      id: aId, class: 'wm-select wm-aggregate',
      on: { change: () => this.handlers.onMethod(node.id, { a: this.aggregate.value }) },
    }, AGGREGATES.filter((x) => !x.specOnly || m.source.a === x.value).map((x) => {
      const label = x.value === 'mean' ? `Power mean (p = ${m.sourceNode?.p})` : x.label;
      return h('option', { value: x.value }, `${label}${suffix(m.source.a === x.value)}`);
    }));

    this.penalty = h('select', {
      id: pId, class: 'wm-select wm-penalty',
      on: { change: () => this.handlers.onMethod(node.id, { p: this.penalty.value }) },
    }, PENALTIES.map((x) => h('option', { value: x.value }, x.label)));

    this.v = h('input', {
      id: vId, type: 'number', min: 0, max: 1, step: 0.05, inputmode: 'decimal', class: 'wm-v',
      title: 'VIKOR’s v: the weight of the group utility (S) against the individual regret (R), 0–1',
      on: { change: () => this.fromV() },
    });

    this.penaltyRow = h('div', { class: 'wm-row' }, h('label', { for: pId, text: 'Penalty' }), this.penalty);
    this.vRow = h('div', { class: 'wm-row' }, h('label', { for: vId, text: 'VIKOR v' }), this.v);
    this.info = h('div', { class: 'wm-info', 'aria-live': 'polite' }); // says when a slider made weights manual
    this.el = h('div', { class: 'wmethod', role: 'group', 'aria-label': `Methods of ${this.name}`, dataset: { node: node.id } },
      h('div', { class: 'wm-row' }, h('label', { for: wId, text: 'Weights' }), this.weighting),
      h('div', { class: 'wm-row' }, h('label', { for: aId, text: 'Aggregation' }), this.aggregate),
      this.penaltyRow, this.vRow, this.info);
    this.shownVersion = -1;
    this.update(model);
  }

  fromV() {
    const v = Number(this.v.value);
    if (this.v.value === '' || !Number.isFinite(v) || v < 0 || v > 1) {
      this.v.setAttribute('aria-invalid', 'true');
      return;
    }
    this.v.removeAttribute('aria-invalid');
    this.handlers.onMethod(this.node.id, { v });
  }

  /** Show the methods in force (after a change, a refused change, or a slider move). */
  update(model, { force = false } = {}) {
    const m = model.methodOf(this.node.id);
    if (force || document.activeElement !== this.weighting) this.weighting.value = m.shown;
    if (force || document.activeElement !== this.aggregate) this.aggregate.value = m.a;
    this.penalty.value = m.p;
    if (force || document.activeElement !== this.v) {
      this.v.value = String(m.v);
      this.v.removeAttribute('aria-invalid');
    }
    this.penaltyRow.hidden = !(m.a === 'mpi' || m.a === 'ampi');
    this.vRow.hidden = m.a !== 'vikor';
    this.el.classList.toggle('derived', Boolean(m.derived));
    if (this.shownVersion === model.version && !force) return;
    this.shownVersion = model.version;
    this.info.replaceChildren(...this.infoFor(model, m));
  }

  infoFor(model, m) {
    if (m.switched) {
      return [h('p', { class: 'wm-note' },
        `Manual weights: a slider moved, so the ${weightingShort(m.w)} became manual weights, starting from their values. `
        + `Choose “${weightingLabel(m.w)}” again to go back to them.`)];
    }
    if (!m.derived) return [];
    return derivedView(m.derived, model, this.name);
  }
}

/** One line saying which methods a node uses, when they are not the plain default. */
export function methodSummary(model, id) {
  const m = model.methodOf(id);
  const parts = [];
  if (m.shown !== 'manual') parts.push(weightingShort(m.shown));
  if (m.a !== 'arithmetic') parts.push(aggregateShort(m.a));
  return parts.join(' · ');
}

/** A node's methods in a few words: "arithmetic · manual weights". */
export function methodTitle(model, id) {
  const m = model.methodOf(id);
  return `${aggregateShort(m.a)} · ${weightingShort(m.shown)}`;
}

function derivedView(d, model, name) {
  const label = (id) => model.nodeById.get(id)?.label || id;
  const out = [];
  if (d.method === 'bod') {
    out.push(h('p', { class: 'wm-note' }, 'Each unit is scored with its own most favourable weights, so no single set '
      + 'of weights applies; the sliders show the spec’s. Moving one switches to manual weights.'));
  } else {
    out.push(h('table', { class: 'wm-shares', dataset: { node: d.node, method: d.method } },
      h('caption', { class: 'sr-only', text: `${weightingLabel(d.method)} weights of ${name}` }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Derived weight' }),
        h('th', { scope: 'col', class: 'num', text: 'Share' }))),
      h('tbody', {}, d.children.map((c, k) => h('tr', { dataset: { child: c, weight: String(d.weights[k]) } },
        h('th', { scope: 'row', title: label(c) }, bdi(label(c))),
        h('td', { class: 'num' },
          h('span', { class: 'wm-bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.min(1, d.weights[k]) * 100}%` } })),
          `${fmt.fixed(d.weights[k] * 100, 1)}%`))))));
  }
  if (d.pca) out.push(pcaView(d.pca));
  if (d.consistency) out.push(...ahpView(d, model, label));
  out.push(h('p', { class: 'wm-desc' }, capitalise(d.description)));
  // The consistency ratio has its own box above; the core's warning about it would repeat it.
  const warnings = (d.warnings ?? []).filter((w) => !(d.consistency && /consistency ratio/i.test(w)));
  for (const w of warnings) out.push(h('p', { class: 'wm-warning', role: 'note' }, `⚠ ${w}`));
  return out;
}

function pcaView(p) {
  const kept = p.explained.slice(0, p.retained).map((x) => fmt.percent(x));
  return h('p', { class: 'wm-pca' },
    h('strong', { text: 'Explained variance: ' }),
    `${kept.join(' + ')} = ${fmt.percent(p.cumulative)} (${p.retained} of ${p.eigenvalues.length} components kept).`);
}

function ahpView(d, model, label) {
  const c = d.consistency;
  const bad = c.cr > AHP_LIMIT;
  const out = [h('p', { class: `wm-cr ${bad ? 'bad' : 'ok'}`, role: bad ? 'alert' : null, dataset: { cr: String(c.cr) } },
    h('strong', { text: `Consistency ratio ${fmt.fixed(c.cr, 3)}` }),
    bad
      ? ` — above ${AHP_LIMIT}: the pairwise judgements contradict each other; revise the matrix in the spec before trusting these weights.`
      : ` — consistent (at most ${AHP_LIMIT}).`,
    h('span', { class: 'wm-sub' }, ` λmax ${fmt.fixed(c.lambdaMax, 3)}, CI ${fmt.fixed(c.ci, 4)}, RI ${fmt.fixed(c.ri, 2)}.`))];
  const matrix = model.specNodeMap().get(d.node)?.weighting?.matrix;
  if (Array.isArray(matrix)) {
    out.push(h('div', { class: 'wm-matrix-wrap' }, h('table', { class: 'wm-matrix' },
      h('caption', { text: 'Pairwise comparisons (row over column), from the spec' }),
      h('thead', {}, h('tr', {}, h('td', {}), d.children.map((id) => h('th', { scope: 'col', title: label(id) }, bdi(fmt.truncate(id, 8)))))),
      h('tbody', {}, matrix.map((row, i) => h('tr', {},
        h('th', { scope: 'row', title: label(d.children[i]) }, bdi(fmt.truncate(d.children[i] ?? '', 8))),
        row.map((x) => h('td', { class: 'num', text: ratio(x) }))))))));
  }
  return out;
}

/** A pairwise judgement as Saaty writes it: 3, 1/3, 1.5. */
function ratio(x) {
  if (!(x > 0)) return '–';
  if (x < 1 && Math.abs(1 / x - Math.round(1 / x)) < 0.02) return `1/${Math.round(1 / x)}`;
  return fmt.weight(Math.round(x * 100) / 100);
}

function capitalise(text) {
  const t = String(text ?? '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

