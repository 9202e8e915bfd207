// The robustness panel's charts, as self-contained SVG (<title>, <desc>, inline fonts): rank
// intervals, the rank acceptability heatmap and the Sobol bars. They only draw numbers the core
// computed (Scorer.uncertainty, Scorer.sobol); nothing here estimates anything.

import { s } from './dom.js';
import { FONT, fit, textWidth } from './chart.js';
import * as fmt from './format.js';

const INK = '#1b1f24';
const MUTED = '#57606a';
const GRID = '#e5e8ec';
const ACCENT = '#0b5cad';
const BAND = '#8fb5dc';
const RANGE = '#8c959f';
const SELECTED = '#fff4c2';

/** Bidi isolation inside SVG text (U+2068 … U+2069). */
const iso = (t) => `\u2068${t}\u2069`;

/** English ordinal of a rank: 1st, 2nd, 3rd, 11th, 2.5 (tied averages stay plain). */
const plural = new Intl.PluralRules('en', { type: 'ordinal' });
const SUFFIX = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
export function ordinal(r) {
  const text = fmt.rank(r);
  return Number.isInteger(r) ? `${text}${SUFFIX[plural.select(r)]}` : text;
}

/** A "nice" round number ≥ x (1, 2, 2.5, 5 × 10^k). */
function niceCeil(x) {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((k) => k * p).find((v) => v >= x - 1e-9) ?? 10 * p;
}

/** Tick values from lo to hi, about `count` of them. */
function ticks(lo, hi, count) {
  const step = niceCeil((hi - lo) / count);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return { list: out, step };
}

/** Units ranked in the result, best nominal rank first (ties by table order). */
export function byNominal(r) {
  const idx = [];
  for (let u = 0; u < r.nominal.length; u += 1) if (!Number.isNaN(r.nominal[u])) idx.push(u);
  return idx.sort((a, b) => r.nominal[a] - r.nominal[b] || a - b);
}

/** `count` units from the top, plus the selected one after a gap if it is not among them. */
function pick(order, count, selected) {
  const units = order.slice(0, count);
  let gapAfter = -1;
  if (selected >= 0 && order.includes(selected) && !units.includes(selected)) {
    gapAfter = units.length - 1;
    units.push(selected);
  }
  return { units, gapAfter };
}

function svgRoot(width, height, title, desc, className) {
  return s('svg', {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'font-family': FONT, 'font-size': 12, class: className,
  }, s('title', { text: title }), s('desc', { text: desc }), s('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
}

/** Legend items ({ mark, text }: a mark 24 px wide, then its text) that wrap across lines. */
function legend(items, width) {
  const g = s('g', { fill: MUTED });
  let lx = 0;
  let ly = 0;
  for (const { mark, text } of items) {
    const w = 30 + textWidth(text, 12) + 18;
    if (lx > 0 && lx + w > width) {
      lx = 0;
      ly += 18;
    }
    g.append(s('g', { transform: `translate(${lx} ${ly})` }, mark, s('text', { x: 30, y: 12 }, text)));
    lx += w;
  }
  return { g, height: ly + 18 };
}

function labelWidth(width) {
  return Math.round(Math.min(Math.max(width * 0.28, 120), 230));
}

/** A row label "17. Kota Bekasi", fitted to `w` px, right-aligned at x. */
function rowLabel(x, y, w, rank, label, bold) {
  const weight = bold ? 700 : 400;
  const head = `${fmt.rank(rank)}. `;
  return s('text', { x, y, 'text-anchor': 'end', fill: INK, 'font-weight': weight },
    s('title', { text: label }), iso(`${head}${fit(label, w - textWidth(head, 12, weight) - 4, 12, weight)}`));
}

// ---- rank intervals ------------------------------------------------------------------------

const IROW = 22;

/**
 * Rank intervals sorted by nominal rank: a dot at the nominal rank, a bar from the 5th to the
 * 95th percentile of the draws, a thin line from the best to the worst possible rank.
 * `d`: { result, labels, selected, count (rows from the top; Infinity = all), width, what }.
 */
export function renderIntervals(d) {
  const r = d.result;
  const order = byNominal(r);
  const { units, gapAfter } = pick(order, d.count, d.selected);
  const width = d.width;
  const labelW = labelWidth(width);
  const plotX = labelW + 14;
  const plotW = Math.max(80, width - plotX - 46);
  const ranked = order.length;
  let core = 10;
  let reach = 10;
  for (const u of units) {
    core = Math.max(core, r.p95[u], r.nominal[u]);
    reach = Math.max(reach, r.worst[u]);
  }
  let axisMax = Math.min(ranked, niceCeil(core * 1.25));
  if (reach <= axisMax * 1.6 || d.count >= ranked) axisMax = Math.min(ranked, Math.max(axisMax, niceCeil(reach)));
  axisMax = Math.max(axisMax, 2);
  const x = (v) => plotX + ((Math.min(v, axisMax) - 1) / (axisMax - 1)) * plotW;

  const key = legend([
    { mark: s('circle', { cx: 12, cy: 8, r: 4.5, fill: ACCENT, stroke: '#fff', 'stroke-width': 1.5 }), text: 'rank with the current weights' },
    { mark: s('rect', { x: 0, y: 4, width: 24, height: 8, rx: 3, fill: BAND }), text: '90% of the draws (5th–95th percentile)' },
    { mark: s('line', { x1: 0, x2: 24, y1: 8, y2: 8, stroke: RANGE, 'stroke-width': 1.5 }), text: `best to worst possible${d.what ? ` (${d.what})` : ''}` },
  ], width);
  const top = key.height + 22;
  const rowsH = (units.length + (gapAfter >= 0 ? 0.6 : 0)) * IROW;
  const height = top + rowsH + 40;
  const title = `Rank intervals of ${d.count >= ranked ? `all ${ranked.toLocaleString()}` : `the top ${Math.min(d.count, ranked)}`} units`;
  const desc = `For each unit, sorted by its rank with the current weights: ${units.map((u) => `${fmt.truncate(d.labels[u], 60)}: rank ${fmt.rank(r.nominal[u])}, `
    + `90% of draws ${fmt.rank(r.p05[u])}–${fmt.rank(r.p95[u])}, possible ${fmt.rank(r.best[u])}–${fmt.rank(r.worst[u])}`).join('; ')}.`;
  const svg = svgRoot(width, height, title, desc, 'robust-svg intervals-svg');

  key.g.setAttribute('transform', 'translate(0 4)');
  svg.append(key.g);

  // Grid and axis.
  const axisY = top + rowsH + 6;
  const grid = s('g', { 'aria-hidden': 'true' });
  const t = ticks(1, axisMax, width < 560 ? 4 : 8);
  const list = [1, ...t.list.filter((v) => v > 1 + t.step * 0.4)];
  for (const v of list) {
    grid.append(
      s('line', { x1: x(v), x2: x(v), y1: top - 4, y2: axisY, stroke: GRID }),
      s('text', { x: x(v), y: axisY + 14, 'text-anchor': 'middle', fill: MUTED, 'font-size': 11 }, fmt.rank(v)));
  }
  grid.append(s('text', { x: plotX + plotW / 2, y: axisY + 31, 'text-anchor': 'middle', fill: MUTED, 'font-size': 11 },
    'rank (1 = best)'));
  svg.append(grid);

  let y = top;
  units.forEach((u, k) => {
    const sel = u === d.selected;
    const g = s('g', { class: sel ? 'irow sel' : 'irow', transform: `translate(0 ${y})`, 'data-i': u });
    const label = d.labels[u];
    g.append(s('title', {
      text: `${label}: rank ${fmt.rank(r.nominal[u])} with the current weights; median ${fmt.rank(r.median[u])}, mean ${fmt.fixed(r.mean[u], 1)}; `
        + `90% of the draws ${fmt.rank(r.p05[u])}–${fmt.rank(r.p95[u])}; the draws ranged ${fmt.rank(r.min[u])}–${fmt.rank(r.max[u])}; `
        + `possible ${fmt.rank(r.best[u])}–${fmt.rank(r.worst[u])}`,
    }));
    g.append(s('rect', { x: 0, y: 0, width, height: IROW, fill: sel ? SELECTED : 'transparent', rx: 3 }));
    g.append(rowLabel(labelW, IROW / 2 + 4, labelW, r.nominal[u], label, sel));
    const cy = IROW / 2;
    g.append(s('line', { x1: x(r.best[u]), x2: x(r.worst[u]), y1: cy, y2: cy, stroke: RANGE, 'stroke-width': 1.5 }));
    if (r.worst[u] > axisMax) {
      const ex = plotX + plotW;
      g.append(
        s('path', { d: `M${ex} ${cy - 3.5} L${ex + 6} ${cy} L${ex} ${cy + 3.5} Z`, fill: RANGE }),
        s('text', { x: ex + 9, y: cy + 4, fill: MUTED, 'font-size': 10.5 }, fmt.rank(r.worst[u])));
    }
    const x0 = x(r.p05[u]);
    g.append(s('rect', { x: x0 - 3, y: cy - 4, width: Math.max(6, x(r.p95[u]) - x0 + 6), height: 8, rx: 4, fill: BAND }));
    g.append(s('circle', { cx: x(r.nominal[u]), cy, r: sel ? 5.5 : 4.5, fill: ACCENT, stroke: '#fff', 'stroke-width': 1.5 }));
    svg.append(g);
    y += IROW;
    if (k === gapAfter) {
      svg.append(s('text', { x: labelW, y: y + IROW * 0.45, 'text-anchor': 'end', fill: RANGE, 'aria-hidden': 'true' }, '⋯'));
      y += IROW * 0.6;
    }
  });
  return svg;
}

// ---- acceptability heatmap -----------------------------------------------------------------

/** ColorBrewer Blues, from no share to every draw. */
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

/** The colour of a share (0–1) on a square-root scale, so that small shares stay visible. */
export function shareColor(share) {
  if (!(share > 0)) return '#ffffff';
  const t = Math.sqrt(Math.min(share, 1)) * (BLUES.length - 1);
  const i = Math.min(Math.floor(t), BLUES.length - 2);
  const f = t - i;
  const a = BLUES[i];
  const b = BLUES[i + 1];
  const ch = (k) => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - f) + parseInt(b.slice(k, k + 2), 16) * f);
  return `#${[1, 3, 5].map((k) => ch(k).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The rank acceptability of the top units: one row per unit, one column per rank 1–30 and one
 * for every rank below; a cell's colour is the share of the draws giving that unit that rank.
 * `d`: { result, labels, selected, count, width }.
 */
export function renderHeatmap(d) {
  const r = d.result;
  const n = r.nominal.length;
  const order = byNominal(r);
  const { units, gapAfter } = pick(order, d.count, d.selected);
  const cols = Math.min(d.count, order.length);
  const rest = order.length > cols;
  const width = d.width;
  const labelW = labelWidth(width);
  const gridX = labelW + 12;
  const cell = Math.max(5, Math.min(24, Math.floor((width - gridX - 8) / (cols + (rest ? 1.6 : 0)))));
  const rowH = Math.max(cell, 18);
  const restW = Math.round(cell * 1.6);
  const top = 22;
  const rowsH = (units.length + (gapAfter >= 0 ? 0.6 : 0)) * rowH;
  const legendY = top + rowsH + 14;
  const legendX = width < 560 ? 0 : gridX;
  const scaleW = Math.min(260, width - legendX - 20);
  const outlineBeside = scaleW + 28 + 200 < width - legendX;
  const height = legendY + (outlineBeside ? 52 : 72);
  const shares = (u, c) => r.acceptability[u * n + c];
  const restShare = (u) => {
    let sum = 0;
    for (let c = 0; c < cols; c += 1) sum += shares(u, c);
    return Math.max(0, 1 - sum);
  };
  const desc = `Share of the draws giving each unit each rank from 1 to ${cols}${rest ? ` and below ${cols}` : ''}: `
    + `${units.map((u) => `${fmt.truncate(d.labels[u], 60)} (rank ${fmt.rank(r.nominal[u])}): most often rank ${modeRank(r, u, n)}`).join('; ')}.`;
  const svg = svgRoot(width, height, `Rank acceptability of the top ${cols} units`, desc, 'robust-svg heatmap-svg');

  const head = s('g', { fill: MUTED, 'font-size': 10.5, 'text-anchor': 'middle', 'aria-hidden': 'true' });
  for (let c = 0; c < cols; c += 1) {
    if (c === 0 || (c + 1) % (cell < 12 ? 10 : 5) === 0) head.append(s('text', { x: gridX + c * cell + cell / 2, y: top - 7 }, String(c + 1)));
  }
  if (rest) head.append(s('text', { x: gridX + cols * cell + 4 + restW / 2, y: top - 7 }, `${cols + 1}+`));
  svg.append(head);

  let y = top;
  units.forEach((u, k) => {
    const sel = u === d.selected;
    const g = s('g', { class: 'hrow', transform: `translate(0 ${y})`, 'data-i': u });
    const label = d.labels[u];
    if (sel) g.append(s('rect', { x: 0, y: 0, width: gridX - 4, height: rowH, fill: SELECTED, rx: 3 }));
    g.append(rowLabel(labelW, rowH / 2 + 4, labelW, r.nominal[u], label, sel));
    for (let c = 0; c < cols; c += 1) {
      const share = shares(u, c);
      g.append(s('rect', {
        x: gridX + c * cell, y: 0, width: cell, height: rowH, fill: shareColor(share), stroke: '#ffffff', 'stroke-width': 1,
      }, s('title', { text: `${label}: rank ${c + 1} in ${fmt.percent(share)} of the draws` })));
    }
    if (rest) {
      const share = restShare(u);
      g.append(s('rect', {
        x: gridX + cols * cell + 4, y: 0, width: restW, height: rowH, fill: shareColor(share), stroke: '#ffffff', 'stroke-width': 1,
      }, s('title', { text: `${label}: below rank ${cols} in ${fmt.percent(share)} of the draws` })));
    }
    const nom = r.nominal[u];
    const nx = nom <= cols ? gridX + (Math.ceil(nom) - 1) * cell : rest ? gridX + cols * cell + 4 : -1;
    if (nx >= 0) {
      g.append(s('rect', {
        x: nx + 1, y: 1, width: (nom <= cols ? cell : restW) - 2, height: rowH - 2, fill: 'none', stroke: INK, 'stroke-width': 1.5, 'pointer-events': 'none',
      }));
    }
    svg.append(g);
    y += rowH;
    if (k === gapAfter) {
      svg.append(s('text', { x: labelW, y: y + rowH * 0.5, 'text-anchor': 'end', fill: RANGE, 'aria-hidden': 'true' }, '⋯'));
      y += rowH * 0.6;
    }
  });

  // Legend: the colour scale (square root), and the nominal-rank outline.
  const legend = s('g', { transform: `translate(${legendX} ${legendY})`, fill: MUTED, 'font-size': 11 });
  legend.append(s('text', { x: 0, y: 10 }, 'share of the draws at that rank'));
  const steps = 52;
  for (let i = 0; i < steps; i += 1) {
    legend.append(s('rect', {
      x: (i / steps) * scaleW, y: 16, width: scaleW / steps + 0.5, height: 10, fill: shareColor(((i + 0.5) / steps) ** 2),
    }));
  }
  legend.append(s('rect', { x: 0, y: 16, width: scaleW, height: 10, fill: 'none', stroke: '#d0d7de' }));
  for (const v of [0, 0.05, 0.25, 0.5, 1]) {
    const lx = Math.sqrt(v) * scaleW;
    legend.append(
      s('line', { x1: lx, x2: lx, y1: 26, y2: 30, stroke: MUTED }),
      s('text', { x: lx, y: 41, 'text-anchor': v === 0 ? 'start' : v === 1 ? 'end' : 'middle' }, fmt.percent(v)));
  }
  const [ox, oy] = outlineBeside ? [scaleW + 28, 15] : [0, 50];
  legend.append(
    s('rect', { x: ox, y: oy, width: 12, height: 12, fill: '#ffffff', stroke: INK, 'stroke-width': 1.5 }),
    s('text', { x: ox + 18, y: oy + 10 }, 'rank with the current weights'));
  svg.append(legend);
  return svg;
}

/** The rank a unit takes most often in the draws. */
function modeRank(r, u, n) {
  let best = 0;
  for (let c = 1; c < n; c += 1) if (r.acceptability[u * n + c] > r.acceptability[u * n + best]) best = c;
  return best + 1;
}

// ---- Sobol bars ----------------------------------------------------------------------------

const SROW = 34;

/** A factor in words: { name, detail }. `label(id)` gives a node's or indicator's label. */
export function factorName(f, label) {
  switch (f.kind) {
    case 'weight': return { name: `Weight of ${label(f.child)}`, detail: `in ${label(f.target)}` };
    case 'dirichlet': return { name: `Weights in ${label(f.target)}`, detail: 'Dirichlet' };
    case 'aggregate': return { name: `Aggregation of ${label(f.target)}`, detail: f.choices.join(' / ') };
    case 'normalise': return { name: `Normalisation of ${label(f.target)}`, detail: `${f.choices.length} alternatives` };
    default: return { name: f.name, detail: '' };
  }
}

/**
 * Sobol indices per factor, largest total first: first-order (dark) and total (light) bars with
 * their 95% bootstrap intervals. `d`: { sobol, label, width }. Returns the svg and the order.
 */
export function renderSobol(d) {
  const sb = d.sobol;
  const k = sb.factors.length;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sb.total[b] - sb.total[a] || a - b);
  const width = d.width;
  const labelW = Math.round(Math.min(Math.max(width * 0.32, 150), 280));
  const valueW = 92;
  const plotX = labelW + 14;
  const plotW = Math.max(80, width - plotX - valueW);
  const finite = (v) => (Number.isFinite(v) ? v : 0);
  let lo = 0;
  let hi = 0.2;
  for (let i = 0; i < k; i += 1) {
    for (const v of [sb.first[i], sb.total[i], sb.firstCi[i][0], sb.firstCi[i][1], sb.totalCi[i][0], sb.totalCi[i][1]]) {
      lo = Math.min(lo, finite(v));
      hi = Math.max(hi, finite(v));
    }
  }
  hi = Math.min(niceCeil(hi), Math.max(1, hi));
  lo = lo < 0 ? -niceCeil(-lo) : 0;
  const x = (v) => plotX + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * plotW;
  const key = legend([
    { mark: s('rect', { x: 4, y: 3, width: 16, height: 9, fill: ACCENT }), text: 'first order (this input alone)' },
    { mark: s('rect', { x: 4, y: 3, width: 16, height: 9, fill: BAND }), text: 'total (with its interactions)' },
    { mark: s('line', { x1: 2, x2: 22, y1: 7.5, y2: 7.5, stroke: INK }), text: '95% interval' },
  ], width);
  const top = key.height + 26;
  const height = top + k * SROW + 36;
  const names = sb.factors.map((f) => factorName(f, d.label));
  const desc = `Sobol indices of the mean absolute rank shift, ${sb.n} base samples (${sb.evaluations.toLocaleString()} scorings): `
    + `${order.map((i) => `${names[i].name} ${names[i].detail}: first order ${sb.first[i].toFixed(2)}, total ${sb.total[i].toFixed(2)}`).join('; ')}.`;
  const svg = svgRoot(width, height, 'Sensitivity of the ranking to each weight (Sobol indices)', desc, 'robust-svg sobol-svg');

  key.g.setAttribute('transform', 'translate(0 4)');
  svg.append(key.g);

  const grid = s('g', { 'aria-hidden': 'true' });
  const axisY = top + k * SROW + 4;
  for (const v of ticks(lo, hi, width < 560 ? 4 : 5).list) {
    grid.append(
      s('line', { x1: x(v), x2: x(v), y1: top - 4, y2: axisY, stroke: v === 0 ? RANGE : GRID }),
      s('text', { x: x(v), y: axisY + 14, 'text-anchor': 'middle', fill: MUTED, 'font-size': 11 }, fmt.fixed(v, 1)));
  }
  grid.append(s('text', { x: plotX + plotW + 8, y: top - 8, fill: MUTED, 'font-size': 11 }, 'first · total'));
  svg.append(grid);

  order.forEach((i, row) => {
    const g = s('g', { class: 'srow', transform: `translate(0 ${top + row * SROW})` });
    const name = names[i];
    g.append(s('title', {
      text: `${name.name} ${name.detail}: first-order index ${sb.first[i].toFixed(3)} (95% ${ci(sb.firstCi[i])}), `
        + `total index ${sb.total[i].toFixed(3)} (95% ${ci(sb.totalCi[i])})`,
    }));
    g.append(
      s('text', { x: labelW, y: 13, 'text-anchor': 'end', fill: INK }, iso(fit(name.name, labelW, 12, 400))),
      s('text', { x: labelW, y: 27, 'text-anchor': 'end', fill: MUTED, 'font-size': 11 }, iso(fit(name.detail, labelW, 11, 400))));
    const bar = (v, range, y, fill) => {
      const x0 = x(Math.min(0, v));
      g.append(s('rect', { x: x0, y, width: Math.max(1, Math.abs(x(v) - x(0))), height: 10, fill }));
      if (Number.isFinite(range[0]) && Number.isFinite(range[1])) {
        const cy = y + 5;
        g.append(
          s('line', { x1: x(range[0]), x2: x(range[1]), y1: cy, y2: cy, stroke: INK, 'stroke-width': 1 }),
          s('line', { x1: x(range[0]), x2: x(range[0]), y1: cy - 3, y2: cy + 3, stroke: INK }),
          s('line', { x1: x(range[1]), x2: x(range[1]), y1: cy - 3, y2: cy + 3, stroke: INK }));
      }
    };
    bar(sb.first[i], ciNumbers(sb.firstCi[i]), 5, ACCENT);
    bar(sb.total[i], ciNumbers(sb.totalCi[i]), 17, BAND);
    g.append(s('text', { x: plotX + plotW + 8, y: 20, fill: INK, 'font-size': 11.5 },
      `${two(sb.first[i])} · ${two(sb.total[i])}`));
    svg.append(g);
  });
  return { svg, order, names };
}

/** Two decimals, without a "-0.00". */
const two = (v) => fmt.fixed(Math.abs(v) < 0.005 ? 0 : v, 2);
const ciNumbers = (c) => [c[0] ?? NaN, c[1] ?? NaN];
const ci = (c) => (c[0] === null || c[1] === null ? 'no interval' : `${c[0].toFixed(3)} to ${c[1].toFixed(3)}`);
