// The unit panel: the selected unit's rank (overall and in its group), score and grade, what
// data preparation did to its values (imputed, winsorised, log-transformed cells: prep.js), and
// a breakdown of every node and indicator: value, normalised value or node score, and
// contribution to the index.

import { bdi, h, srOnly } from './dom.js';
import * as fmt from './format.js';
import { cellFlags, prepSummary, screenedNote, valueTitle } from './prep.js';
import { changeBadge, gradeBadge, gradeStyles, scoreDecimals } from './table.js';
import { PALETTE } from './chart.js';

export class UnitPanel {
  constructor(root) {
    this.root = root;
  }

  update(m) {
    const u = m.selected;
    this.root.dataset.unit = u >= 0 ? m.ids[u] : '';
    if (u < 0) {
      this.root.replaceChildren(
        h('h2', { class: 'unit-title', text: 'No unit selected' }),
        h('p', { class: 'muted', text: 'Choose a unit in the ranking or the chart to see how its score is made.' }));
      return;
    }
    const decimals = scoreDecimals(m);
    const label = m.labels[u];
    const group = m.groupOf ? m.groupNames[m.groupOf[u]] : null;
    const granks = m.groupRanks();
    const head = h('div', { class: 'unit-head' },
      h('h2', { class: 'unit-title', id: 'unit-title', title: label }, bdi(label)),
      h('p', { class: 'unit-meta' },
        h('span', { class: 'code', title: m.ids[u] }, bdi(fmt.truncate(m.ids[u], 60))),
        group !== null ? ' · ' : null,
        group !== null ? h('span', { title: group }, bdi(fmt.truncate(group, 80))) : null));

    const ranked = m.isRanked(u);
    const change = m.change(u);
    const kpis = h('dl', { class: 'kpis' },
      kpi('Rank', ranked ? fmt.rank(m.ranks[u]) : '–',
        ranked ? [`of ${m.rankedCount.toLocaleString()}`, change ? ' · ' : null, change ? changeBadge(change) : null] : ['no score']),
      kpi('Score', fmt.fixed(m.rounded[u], decimals), [m.nodeById.get(m.rootId)?.label || m.rootId]),
      group !== null
        ? kpi(`Rank in ${fmt.truncate(group, 40)}`, fmt.rank(granks?.[u]), [`of ${m.groupSizes[m.groupOf[u]].toLocaleString()}`])
        : null,
      m.spec.grades?.length ? kpi('Grade', gradeBadge(m.grades.at(u), gradeStyles(m)), [gradeNote(m, m.grades.at(u))]) : null);

    const parts = [head, kpis, prepSummary(m, u), this.breakdown(m, u, decimals), screenedNote(m)];
    this.root.replaceChildren(...parts.filter(Boolean));
  }

  breakdown(m, u, decimals) {
    const contrib = m.scorer.contributions(m.ids[u]);
    const indicatorCount = m.nodes.filter((n) => n.kind === 'indicator').length;
    // A new dataset (not a method change on the same one) starts from the default view.
    if (this.showIndicators === undefined || this.forModel !== (m.sourceSpec ?? m.spec)) {
      this.forModel = m.sourceSpec ?? m.spec;
      this.showIndicators = m.nodes.length <= 18 || indicatorCount === m.nodes.length - 1;
    }
    const root = m.rounded[u];
    const topColor = new Map(m.topIds.map((id, k) => [id, PALETTE[k % PALETTE.length]]));
    const tbody = h('tbody');
    for (const node of m.nodes) {
      const isInd = node.kind === 'indicator';
      if (isInd && !this.showIndicators) continue;
      const ind = isInd ? m.indicators.get(node.id) : null;
      const value = m.scores(node.id)[u];
      const raw = isInd ? m.raw(node.id)[u] : NaN;
      const c = contrib[node.id];
      const color = topColor.get(node.id) ?? topColor.get(ancestorAtDepth1(m, node)) ?? '#8c959f';
      const name = node.label || node.id;
      const tr = h('tr', { class: `${isInd ? 'ind' : 'node'} d${Math.min(node.depth, 4)}`, dataset: { node: node.id } });
      tr.append(
        h('th', { scope: 'row', title: name, style: { 'padding-inline-start': `${0.4 + node.depth * 0.7}rem` } },
          h('span', { class: 'pname' }, bdi(fmt.truncate(name, 200)),
            ind?.direction === 'lower' ? h('span', { class: 'dir', title: 'lower is better' }, ' ↓', srOnly('(lower is better)')) : null)),
        isInd ? valueCell(m, u, node, raw) : h('td', { class: 'num' }),
        h('td', { class: 'num', text: isInd ? fmt.auto(value) : fmt.fixed(value, decimals) }), // 0.905 · 46.44
        h('td', { class: 'num' }, h('div', { class: 'contrib' },
          h('span', { class: 'cbar', 'aria-hidden': 'true' },
            h('span', {
              style: {
                width: `${barWidth(c, root)}%`,
                'background-color': color,
              },
            })),
          h('span', { text: fmt.fixed(c, decimals) }))));
      tbody.append(tr);
    }
    const toggle = indicatorCount > 0 && indicatorCount < m.nodes.length - 1
      ? h('button', {
        type: 'button', class: 'btn small', 'aria-pressed': String(this.showIndicators),
        on: {
          click: () => {
            this.showIndicators = !this.showIndicators;
            this.update(m);
            this.root.querySelector('.breakdown-head button')?.focus();
          },
        },
      }, this.showIndicators ? 'Hide indicators' : `Show ${indicatorCount} indicators`)
      : null;
    return h('div', { class: 'breakdown-wrap' },
      h('div', { class: 'breakdown-head' }, h('h3', { text: 'How the score is made' }), toggle),
      h('table', { class: `breakdown${m.prep && this.showIndicators ? ' with-flags' : ''}` },
        h('caption', { class: 'sr-only', text: `How the score of ${fmt.truncate(m.labels[u], 80)} is made` }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Part' }),
          h('th', {
            scope: 'col', class: 'num', text: 'Value',
            title: m.prep ? 'Value after data preparation (denominated, imputed, treated)' : 'Raw value in the data',
          }),
          h('th', { scope: 'col', class: 'num', text: 'Score', title: 'Normalised value (indicators) or node score' }),
          h('th', { scope: 'col', class: 'num', text: 'Contribution', title: 'Contribution to the index score' }))),
        tbody));
  }
}

/** An indicator's value; a marker and an explanation where data preparation changed it. */
function valueCell(m, u, node, raw) {
  const flags = cellFlags(m, u, node.id, raw);
  const title = [valueTitle(m, node.id), ...flags.map((f) => f.text)].filter(Boolean).join('\n') || null;
  return h('td', {
    class: `num${flags.length ? ' flagged' : ''}`, title, dataset: flags.length ? { flags: flags.map((f) => f.flag).join(' ') } : null,
  },
  flags.map((f) => h('span', { class: `cflag ${f.kind}`, 'aria-hidden': 'true', text: f.mark })),
  flags.length ? srOnly(`(${flags.map((f) => f.kindLabel).join(', ')}) `) : null,
  fmt.auto(raw));
}

function gradeNote(m, label) {
  return (m.spec.grades ?? []).find((g) => g.label === label)?.description ?? '';
}

function kpi(term, value, sub) {
  return h('div', { class: 'kpi' },
    h('dt', { title: term, text: term }),
    h('dd', { class: 'kpi-value' }, value),
    sub.length ? h('dd', { class: 'kpi-sub' }, sub) : null);
}

function ancestorAtDepth1(m, node) {
  let n = node;
  while (n && n.depth > 1) n = m.nodeById.get(n.parent);
  return n?.id;
}

function barWidth(c, root) {
  if (!(c > 0) || !(root > 0)) return 0;
  return Math.min(100, (c / root) * 100);
}
