// The weights sidebar: a slider and a number box for every child of every node of the tree,
// each child's share of its parent and of the whole index, each node's methods (weighting and
// aggregation, with the weights the core derived: methods-panel.js), and (for a starter spec) a
// direction choice per indicator. It reports changes; main.js applies them to the Scorer.

import { bdi, freshId, h } from './dom.js';
import * as fmt from './format.js';
import { MethodBlock, methodSummary, methodTitle } from './methods-panel.js';

export class WeightsPanel {
  /**
   * @param {HTMLElement} root
   * @param {{onWeight: (parent: string, child: string, w: number) => void,
   *          onDirection: (indicator: string, dir: string) => void,
   *          onMethod: (node: string, change: object) => void}} handlers
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.rows = new Map(); // node id -> {slider, number, share, total, bar}
    this.methods = new Map(); // node id -> MethodBlock
    this.summaries = new Map(); // node id -> {el, base}: a node's "8 indicators · entropy weights"
  }

  /**
   * Rebuild the panel for a newly loaded model. After a method change (same data) the open
   * groups, the focused control and the scroll position stay.
   */
  build(model) {
    const keep = this.source === model.source ? this.viewState() : null;
    this.source = model.source;
    this.model = model;
    this.rows.clear();
    this.methods.clear();
    this.summaries.clear();
    const root = model.nodes[0];
    const tree = h('div', { class: 'wtree', role: 'group', dataset: { root: root.id }, 'aria-label': `Weights of ${root.label || root.id}` });
    this.renderChildren(root, tree, 0);
    this.root.replaceChildren(this.rootMethods(root), tree);
    if (keep) this.restoreViewState(keep);
    this.update(model);
  }

  /** The root's methods, above the tree (collapsed: a summary line). */
  rootMethods(root) {
    const block = new MethodBlock(root, this.model, this.handlers);
    this.methods.set(root.id, block);
    const summary = h('summary', {});
    this.summaries.set(root.id, { el: summary, root: true });
    return h('details', { class: 'wsub wroot', dataset: { node: root.id } }, summary, block.el);
  }

  viewState() {
    const open = new Set([...this.root.querySelectorAll('details[open][data-node]')].map((d) => d.dataset.node));
    const a = document.activeElement;
    const focus = a && this.root.contains(a) && a.closest('[data-node]')
      ? { node: a.closest('[data-node]').dataset.node, cls: [...a.classList].find((c) => c.startsWith('wm-') && c !== 'wm-select') }
      : null;
    return { open, focus, scroll: this.root.closest('.sidebar')?.scrollTop ?? 0 };
  }

  restoreViewState({ open, focus, scroll }) {
    for (const d of this.root.querySelectorAll('details[data-node]')) if (open.has(d.dataset.node)) d.open = true;
    const sidebar = this.root.closest('.sidebar');
    if (sidebar) sidebar.scrollTop = scroll;
    if (focus?.cls) {
      this.root.querySelector(`.wmethod[data-node="${CSS.escape(focus.node)}"] .${focus.cls}`)?.focus({ preventScroll: true });
    }
  }

  renderChildren(node, container, depth) {
    const kids = node.children.map((id) => this.model.nodeById.get(id));
    const max = sliderMax(kids.map((k) => this.model.baseWeights.get(`${node.id}\u0000${k.id}`) ?? k.weight));
    const alone = kids.length === 1;
    for (const kid of kids) {
      container.append(this.renderRow(node, kid, depth, alone, max));
    }
  }

  renderRow(parent, node, depth, alone, max) {
    const labelId = freshId('wl');
    const numberId = freshId('wn');
    const name = node.label || node.id;
    const ind = node.kind === 'indicator' ? this.model.indicators.get(node.id) : null;
    const row = h('div', { class: `wrow depth-${Math.min(depth, 3)}${alone ? ' alone' : ''}`, dataset: { node: node.id } });

    const title = h('div', { class: 'wrow-head' },
      h('label', { id: labelId, for: alone ? null : numberId, class: 'wname', title: name }, bdi(name)),
      ind?.unit ? h('span', { class: 'wunit', title: ind.unit, text: ind.unit }) : null);
    row.append(title);

    const share = h('span', { class: 'wshare' });
    const total = h('span', { class: 'wtotal' });
    const bar = h('span', { class: 'wbar-fill' });
    const entry = { share, total, bar, slider: null, number: null, parent: parent.id, max };

    if (alone) {
      row.append(h('div', { class: 'wcontrols' },
        h('span', { class: 'wonly', text: 'Only part of its group: always 100%' })));
    } else {
      const slider = h('input', {
        type: 'range', min: 0, max, step: sliderStep(max), class: 'wslider',
        'aria-labelledby': labelId, 'aria-describedby': null,
        on: { input: () => this.fromSlider(entry, node.id) },
      });
      const number = h('input', {
        type: 'number', id: numberId, min: 0, step: 'any', inputmode: 'decimal', class: 'wnumber',
        'aria-label': `Weight of ${name}`,
        on: {
          input: () => this.fromNumber(entry, node.id),
          change: () => this.fromNumber(entry, node.id, true),
        },
      });
      entry.slider = slider;
      entry.number = number;
      row.append(h('div', { class: 'wcontrols' }, slider, number));
    }
    row.append(h('div', { class: 'wmeta' },
      h('span', { class: 'wbar', 'aria-hidden': 'true' }, bar), share, total));

    const direction = ind ? this.directionControl(ind, name) : null;
    if (direction) row.append(direction);
    this.rows.set(node.id, entry);

    if (node.kind === 'node' && node.children.length > 0) {
      const count = node.children.length;
      const kindWord = node.children.every((c) => this.model.nodeById.get(c)?.kind === 'indicator')
        ? (count === 1 ? 'indicator' : 'indicators') : (count === 1 ? 'part' : 'parts');
      const sub = h('div', { class: 'wchildren' });
      this.renderChildren(node, sub, depth + 1);
      const block = new MethodBlock(node, this.model, this.handlers);
      this.methods.set(node.id, block);
      const summary = h('summary', {});
      this.summaries.set(node.id, { el: summary, base: `${count} ${kindWord}` });
      const details = h('details', { class: 'wsub', dataset: { node: node.id } }, summary, block.el, sub);
      row.append(details);
    }
    return row;
  }

  directionControl(ind, name) {
    const lower = ind.direction === 'lower';
    if (!this.model.custom) {
      return lower ? h('span', { class: 'wdir', title: 'Lower values are better (reversed before weighting)', text: '↓ lower is better' }) : null;
    }
    const select = h('select', {
      class: 'wdir-select', 'aria-label': `Direction of ${name}`,
      on: { change: () => this.handlers.onDirection(ind.id, select.value) },
    },
    h('option', { value: 'higher', selected: !lower }, '↑ higher is better'),
    h('option', { value: 'lower', selected: lower }, '↓ lower is better'));
    return h('div', { class: 'wdir-choice' }, select);
  }

  fromSlider(entry, id) {
    const w = Number(entry.slider.value);
    entry.number.value = fmt.weight(w);
    entry.number.removeAttribute('aria-invalid');
    this.handlers.onWeight(entry.parent, id, w);
  }

  fromNumber(entry, id, committed = false) {
    const text = entry.number.value;
    const w = Number(text);
    if (text === '' || !Number.isFinite(w) || w < 0) {
      entry.number.setAttribute('aria-invalid', 'true');
      if (committed) this.update(this.model, { force: true }); // put back the weight in force
      return;
    }
    entry.number.removeAttribute('aria-invalid');
    entry.slider.value = String(Math.min(w, entry.max));
    this.handlers.onWeight(entry.parent, id, w);
  }

  /**
   * Show the weights and shares in force (after a change, a reset or a refused weight). The
   * control being used keeps what the reader typed, unless `force` (a weight was refused).
   */
  update(model, { force = false } = {}) {
    for (const block of this.methods.values()) block.update(model, { force });
    for (const [id, s] of this.summaries) {
      const tag = s.root ? '' : methodSummary(model, id);
      const text = s.root ? `Method: ${methodTitle(model, id)}` : s.base;
      if (s.shown === `${text}\u0000${tag}`) continue;
      s.shown = `${text}\u0000${tag}`;
      s.el.replaceChildren(text, ...(tag ? [h('span', { class: 'wsum-method', text: ` · ${tag}` })] : []));
    }
    const totals = new Map([[model.rootId, 1]]);
    for (const node of model.nodes) {
      const entry = this.rows.get(node.id);
      if (!node.parent) continue;
      const ofIndex = (totals.get(node.parent) ?? 0) * node.share;
      totals.set(node.id, ofIndex);
      if (!entry) continue;
      entry.share.textContent = `${fmt.percent(node.share)} of ${node.parent === model.rootId ? 'index' : 'group'}`;
      entry.total.textContent = node.parent === model.rootId ? '' : `${fmt.percent(ofIndex)} of index`;
      entry.bar.style.width = `${Math.max(0, Math.min(1, ofIndex)) * 100}%`;
      if (entry.slider && (force || document.activeElement !== entry.number)) {
        entry.number.value = fmt.weight(node.weight);
        entry.number.removeAttribute('aria-invalid');
      }
      if (entry.slider && (force || document.activeElement !== entry.slider)) {
        entry.slider.value = String(Math.min(node.weight, entry.max));
      }
      if (entry.slider) {
        entry.slider.setAttribute('aria-valuetext', `weight ${fmt.weight(node.weight)}, ${fmt.percent(node.share)}`);
      }
    }
  }
}

/** A slider range that leaves room to weigh a part up to about four times the heaviest. */
function sliderMax(weights) {
  const top = Math.max(...weights.filter((w) => w > 0), 0) || 1;
  const target = top * 4;
  const p = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 2.5, 4, 5, 8, 10]) if (m * p >= target - 1e-9) return m * p;
  return 10 * p;
}

function sliderStep(max) {
  return max / 400;
}
