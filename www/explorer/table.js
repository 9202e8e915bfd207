// The ranking table: rank, change against the spec's weights, label, group, score, grade.
// Search, group filter and sortable columns; virtualised (only the rows in view exist in the
// DOM), so 100,000 units scroll and re-rank as fast as 50.

import { bdi, h, srOnly } from './dom.js';
import * as fmt from './format.js';

const ROW_HEIGHT = 36; // px; must match .rtable tbody tr in explorer.css
const OVERSCAN = 8;

export class RankingTable {
  /**
   * @param {{controls: HTMLElement, body: HTMLElement, count: HTMLElement}} els
   * @param {{onSelect: (i: number) => void}} handlers
   */
  constructor(els, handlers) {
    this.els = els;
    this.handlers = handlers;
    this.sort = { key: 'rank', dir: 1 };
    this.query = '';
    this.group = -1;
    this.mask = null; // Uint8Array of units passing search + group filter, or null = all
    this.view = new Uint32Array(0);
    this.scroller = h('div', { class: 'rtable-scroll', tabindex: '0', 'aria-label': 'Ranking, scrollable' });
    this.table = h('table', { class: 'rtable' });
    this.thead = h('thead');
    this.tbody = h('tbody', { on: { click: (e) => this.onClick(e), keydown: (e) => this.onKey(e) } });
    this.table.append(this.thead, this.tbody);
    this.scroller.append(this.table);
    this.scroller.addEventListener('scroll', () => this.scheduleWindow(), { passive: true });
    // Phones: no group and grade columns (the group goes under the name, the grade is a dot).
    this.narrow = matchMedia('(max-width: 560px)');
    this.narrow.addEventListener('change', () => {
      if (!this.model) return;
      this.setColumns();
      this.renderHead();
      this.renderWindow();
    });
    new ResizeObserver(() => this.scheduleWindow()).observe(this.scroller);
    this.search = h('input', {
      type: 'search', class: 'rsearch', placeholder: 'Search by name or code', 'aria-label': 'Search units by name or code',
      on: { input: () => { this.query = this.search.value.trim().toLowerCase(); this.refilter(); } },
    });
    this.groupSelect = h('select', {
      class: 'rgroup', 'aria-label': 'Filter by group',
      on: { change: () => { this.group = Number(this.groupSelect.value); this.refilter(); } },
    });
    els.controls.replaceChildren(
      h('div', { class: 'field grow' }, this.search),
      h('div', { class: 'field' }, this.groupSelect));
    els.body.replaceChildren(this.scroller);
  }

  /** A new dataset: columns, group list, filters reset. */
  build(model) {
    this.model = model;
    this.query = '';
    this.search.value = '';
    this.group = -1;
    this.mask = null;
    this.sort = { key: 'rank', dir: 1 };
    const groupWord = model.groupCol ? fmt.heading(model.groupCol) : null;
    this.groupSelect.hidden = !model.groupCol;
    this.groupSelect.replaceChildren(
      h('option', { value: -1 }, groupWord ? `All ${fmt.truncate(groupWord.toLowerCase(), 30)} (${model.groupNames.length})` : 'All'),
      ...model.groupNames.map((g, k) => h('option', { value: k }, fmt.truncate(g, 60))));
    this.setColumns();
    this.table.setAttribute('aria-rowcount', String(model.n + 1));
    this.renderHead();
    this.scroller.scrollTop = 0;
    this.update();
  }

  setColumns() {
    const m = this.model;
    const compact = this.narrow.matches;
    this.table.classList.toggle('compact', compact);
    this.columns = [
      { key: 'rank', label: compact ? '#' : 'Rank', cls: 'c-rank num', sr: compact ? 'Rank' : null },
      { key: 'change', label: '±', title: 'Change in rank against the spec’s own weights', cls: 'c-change num', sr: 'Change' },
      { key: 'label', label: 'Name', cls: 'c-label' },
      m.groupCol && !compact ? { key: 'group', label: fmt.heading(m.groupCol), cls: 'c-group' } : null,
      { key: 'score', label: 'Score', cls: 'c-score num' },
      m.spec.grades?.length && !compact ? { key: 'grade', label: 'Grade', cls: 'c-grade' } : null,
    ].filter(Boolean);
  }

  renderHead() {
    const colgroup = h('colgroup', {}, this.columns.map((c) => h('col', { class: c.cls })));
    const tr = h('tr', { 'aria-rowindex': 1 });
    for (const c of this.columns) {
      const active = this.sort.key === c.key;
      // Rank order is ascending ranks but descending scores and grades.
      const up = (c.key === 'score' || c.key === 'grade') ? this.sort.dir < 0 : this.sort.dir > 0;
      const th = h('th', {
        scope: 'col', class: c.cls, dataset: { key: c.key },
        'aria-sort': active ? (up ? 'ascending' : 'descending') : null,
      });
      const arrow = active ? (up ? ' ▲' : ' ▼') : '';
      th.append(h('button', {
        type: 'button', class: 'sort', title: c.title ? `${c.title}. Sort` : `Sort by ${c.label}`,
        on: { click: () => this.sortBy(c.key) },
      }, c.sr ? [h('span', { 'aria-hidden': 'true', text: c.label }), srOnly(c.sr)] : c.label,
      h('span', { class: 'arrow', 'aria-hidden': 'true', text: arrow })));
      tr.append(th);
    }
    this.table.querySelector('colgroup')?.remove();
    this.table.prepend(colgroup);
    this.thead.replaceChildren(tr);
  }

  sortBy(key) {
    if (this.sort.key === key) this.sort.dir = -this.sort.dir;
    else this.sort = { key, dir: key === 'change' ? -1 : 1 };
    this.renderHead();
    this.thead.querySelector(`th[data-key="${key}"] .sort`)?.focus();
    this.update();
  }

  refilter() {
    const m = this.model;
    const q = this.query;
    if (!q && this.group < 0) {
      this.mask = null;
    } else {
      const mask = new Uint8Array(m.n);
      for (let i = 0; i < m.n; i += 1) {
        mask[i] = (this.group < 0 || m.groupOf[i] === this.group) && (!q || m.searchText[i].includes(q)) ? 1 : 0;
      }
      this.mask = mask;
    }
    this.scroller.scrollTop = 0;
    this.update();
  }

  /** The weights changed (or anything else): recompute the row order, redraw the rows in view. */
  update() {
    this.view = this.computeView();
    const total = this.model.n;
    const shown = this.view.length;
    this.els.count.textContent = shown === total
      ? `${total.toLocaleString()} units`
      : `${shown.toLocaleString()} of ${total.toLocaleString()} units`;
    this.renderWindow();
  }

  computeView() {
    const m = this.model;
    const { key, dir } = this.sort;
    let idx;
    if (key === 'label') {
      idx = m.labelOrder();
    } else if (key === 'group' || key === 'change') {
      const pos = new Uint32Array(m.n);
      m.order.forEach((u, p) => { pos[u] = p; });
      const arr = Uint32Array.from(m.order);
      if (key === 'group') {
        const g = m.groupOf;
        arr.sort((a, b) => (g[a] - g[b]) * dir || pos[a] - pos[b]);
        return this.filtered(arr, 1);
      }
      const ch = (u) => m.change(u) ?? -Infinity;
      arr.sort((a, b) => (ch(b) - ch(a)) * -dir || pos[a] - pos[b]);
      return this.filtered(arr, 1);
    } else {
      idx = m.order; // rank, score and grade all follow the ranking
    }
    return this.filtered(idx, dir, key !== 'label');
  }

  /** `idx` through the filter mask; dir −1 reverses (unranked units stay last for rank sorts). */
  filtered(idx, dir, rankSort = false) {
    const m = this.model;
    const mask = this.mask;
    let out = mask ? idx.filter((u) => mask[u] === 1) : idx;
    if (dir < 0) {
      if (rankSort) {
        const ranked = out.filter((u) => m.isRanked(u)).reverse();
        const unranked = out.filter((u) => !m.isRanked(u));
        const joined = new Uint32Array(out.length);
        joined.set(ranked, 0);
        joined.set(unranked, ranked.length);
        out = joined;
      } else {
        out = Uint32Array.from(out).reverse();
      }
    }
    return out;
  }

  scheduleWindow() {
    if (this.windowPending) return;
    this.windowPending = true;
    requestAnimationFrame(() => {
      this.windowPending = false;
      this.renderWindow();
    });
  }

  renderWindow() {
    if (!this.model) return;
    const m = this.model;
    // Rows are rebuilt: keep keyboard focus on the same unit's button if it stays in view.
    const focused = this.tbody.contains(document.activeElement)
      ? document.activeElement.closest('tr[data-i]')?.dataset.i : undefined;
    const view = this.view;
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(view.length, Math.ceil((this.scroller.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const rows = [];
    if (first > 0) rows.push(spacer(first * ROW_HEIGHT, this.columns.length));
    const decimals = scoreDecimals(m);
    const grades = gradeStyles(m);
    for (let p = first; p < last; p += 1) rows.push(this.row(view[p], p, decimals, grades));
    if (last < view.length) rows.push(spacer((view.length - last) * ROW_HEIGHT, this.columns.length));
    if (view.length === 0) {
      rows.push(h('tr', { class: 'empty' }, h('td', { colspan: this.columns.length, text: 'No unit matches the search.' })));
    }
    this.tbody.replaceChildren(...rows);
    if (focused !== undefined) this.tbody.querySelector(`tr[data-i="${focused}"] .unit-link`)?.focus({ preventScroll: true });
  }

  row(u, pos, decimals, grades) {
    const m = this.model;
    const selected = u === m.selected;
    const tr = h('tr', {
      class: selected ? 'selected' : null, dataset: { i: u, id: m.ids[u] }, 'aria-rowindex': pos + 2,
    });
    for (const c of this.columns) {
      const td = h('td', { class: c.cls });
      switch (c.key) {
        case 'rank':
          td.textContent = fmt.rank(m.ranks[u]);
          break;
        case 'change':
          td.append(changeBadge(m.change(u)));
          break;
        case 'label': {
          const label = m.labels[u];
          td.title = label;
          td.append(h('button', {
            type: 'button', class: 'unit-link', 'aria-current': selected ? 'true' : null,
          }, bdi(fmt.truncate(label, 300))));
          if (m.groupOf && this.narrow.matches) td.append(h('span', { class: 'sub', 'aria-hidden': 'true' }, bdi(fmt.truncate(m.groupNames[m.groupOf[u]] ?? '', 120))));
          break;
        }
        case 'group': {
          const g = m.groupNames[m.groupOf[u]] ?? '';
          td.title = g;
          td.append(bdi(fmt.truncate(g, 200)));
          break;
        }
        case 'score':
          if (m.spec.grades?.length && this.narrow.matches) td.append(gradeDot(m.grades.at(u), grades));
          td.append(fmt.fixed(m.rounded[u], decimals));
          break;
        case 'grade':
          td.append(gradeBadge(m.grades.at(u), grades));
          break;
        default:
      }
      tr.append(td);
    }
    return tr;
  }

  /** Arrow keys, Page Up/Down, Home and End move between the rows' buttons. */
  onKey(e) {
    const tr = e.target.closest('tr[data-i]');
    if (!tr || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 2);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page }[e.key];
    const p = this.view.indexOf(Number(tr.dataset.i));
    let q;
    if (step !== undefined) q = p + step;
    else if (e.key === 'Home') q = 0;
    else if (e.key === 'End') q = this.view.length - 1;
    else return;
    e.preventDefault();
    q = Math.max(0, Math.min(this.view.length - 1, q));
    const u = this.view[q];
    this.reveal(u);
    this.tbody.querySelector(`tr[data-i="${u}"] .unit-link`)?.focus({ preventScroll: true });
  }

  onClick(e) {
    const tr = e.target.closest('tr[data-i]');
    if (tr) this.handlers.onSelect(Number(tr.dataset.i));
  }

  /** Scroll so that unit `u` is in view (if the filters show it); `center` puts it mid-view. */
  reveal(u, { center = false } = {}) {
    const p = this.view.indexOf(u);
    if (p < 0) return;
    const head = this.thead.offsetHeight || ROW_HEIGHT;
    const height = this.scroller.clientHeight;
    const top = p * ROW_HEIGHT; // row top below the header, in the scrolled content
    const firstPage = top + ROW_HEIGHT <= height - head;
    if (firstPage) {
      this.scroller.scrollTop = 0;
    } else if (center) {
      const rowsAbove = Math.floor((height - head) / ROW_HEIGHT / 2);
      this.scroller.scrollTop = Math.max(0, top - rowsAbove * ROW_HEIGHT);
    } else if (top < this.scroller.scrollTop) {
      this.scroller.scrollTop = top;
    } else if (top + ROW_HEIGHT > this.scroller.scrollTop + height - head) {
      this.scroller.scrollTop = top + ROW_HEIGHT - (height - head);
    }
    this.renderWindow();
  }

  /** Is unit `u` among the rows in view? */
  isVisible(u) {
    const p = this.view.indexOf(u);
    if (p < 0) return false;
    const head = this.thead.offsetHeight || ROW_HEIGHT;
    const top = p * ROW_HEIGHT;
    return top >= this.scroller.scrollTop && top + ROW_HEIGHT <= this.scroller.scrollTop + this.scroller.clientHeight - head;
  }
}

function spacer(height, cols) {
  return h('tr', { class: 'spacer', 'aria-hidden': 'true', style: { height: `${height}px` } }, h('td', { colspan: cols }));
}

/** Decimals of the ranked score: the spec's rounding, else by magnitude. */
export function scoreDecimals(m) {
  const round = m.spec.rank?.round;
  if (Number.isInteger(round)) return Math.min(round, 6);
  let max = 0;
  for (const x of m.rounded) if (Math.abs(x) > max) max = Math.abs(x);
  return fmt.decimalsFor(max);
}

/** label -> {background, color, title} for the spec's grades. */
export function gradeStyles(m) {
  return m.cached('gradeStyles', () => {
    const map = new Map();
    for (const g of m.spec.grades ?? []) {
      const fg = fmt.textOn(g.color);
      map.set(g.label, {
        background: fg ? g.color : null,
        color: fg,
        title: g.description ? `${g.label}: ${g.description}` : g.label,
      });
    }
    return map;
  });
}

export function gradeBadge(label, styles) {
  if (label === null || label === undefined) return h('span', { class: 'muted', text: '–' });
  const st = styles.get(label) ?? { title: label };
  return h('span', {
    class: `badge${st.background ? '' : ' plain'}`, title: st.title,
    style: st.background ? { 'background-color': st.background, color: st.color } : null,
  }, bdi(fmt.truncate(label, 40)));
}

/** The grade as a coloured dot (shown instead of the grade column on narrow screens). */
function gradeDot(label, styles) {
  if (label === null || label === undefined) return null;
  const st = styles.get(label) ?? {};
  return h('span', {
    class: 'gdot', title: st.title ?? label,
    style: st.background ? { 'background-color': st.background } : null,
  });
}

export function changeBadge(c) {
  if (c === null) return h('span', { class: 'muted', text: '' });
  if (c === 0) return h('span', { class: 'same', title: 'Same rank as with the spec’s weights' }, h('span', { 'aria-hidden': 'true', text: '–' }), srOnly('no change'));
  const up = c > 0;
  const n = Math.abs(c);
  const t = Number.isInteger(n) ? String(n) : n.toFixed(1);
  const words = `${up ? 'up' : 'down'} ${t} against the spec’s weights`;
  return h('span', { class: up ? 'up' : 'down', title: words },
    h('span', { 'aria-hidden': 'true', text: `${up ? '▲' : '▼'}${t}` }), srOnly(words));
}
