// The chart: one horizontal bar per unit (the top N, the selected unit's neighbours, or its
// group), split into the contributions of the index's top-level parts. Plain SVG with <title>
// and <desc>, self-contained (inline fonts and colours) so that it exports as SVG and PNG.

import { s } from './dom.js';
import * as fmt from './format.js';
import { scoreDecimals } from './table.js';

// Tableau 10, then two more: distinct, print-safe, readable on white.
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f3f6e', '#8c6d31'];

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const ROW = 26;
const BAR = 16;

export const MODES = [
  { value: 'top10', label: 'Top 10' },
  { value: 'top20', label: 'Top 20' },
  { value: 'around', label: 'Around the selected' },
  { value: 'group', label: 'Selected unit’s group' },
  { value: 'bottom10', label: 'Bottom 10' },
];

let measureCtx = null;
export function textWidth(text, size, weight = 400) {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  measureCtx.font = `${weight} ${size}px ${FONT}`;
  return measureCtx.measureText(text).width;
}

/** `text` cut with an ellipsis to fit `width` px. */
export function fit(text, width, size, weight) {
  let t = fmt.truncate(text, 120);
  if (textWidth(t, size, weight) <= width) return t;
  let lo = 0;
  let hi = Array.from(t).length;
  const chars = Array.from(t);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, size, weight) <= width) lo = mid;
    else hi = mid - 1;
  }
  t = `${chars.slice(0, lo).join('')}…`;
  return t;
}

/** Bidi isolation inside SVG text (U+2068 … U+2069), so that a U+202E stays in its label. */
const iso = (t) => `\u2068${t}\u2069`;

/** Which units the chart shows, best first; `gapAfter` marks a break before an appended unit. */
export function pickUnits(m, mode) {
  const ranked = [];
  const order = m.order;
  const sel = m.selected;
  const take = (list, extra) => {
    const out = list.slice();
    let gapAfter = -1;
    if (extra >= 0 && !out.includes(extra) && m.isRanked(extra)) {
      gapAfter = out.length - 1;
      out.push(extra);
    }
    return { units: out, gapAfter };
  };
  for (let p = 0; p < order.length && m.isRanked(order[p]); p += 1) ranked.push(order[p]);
  switch (mode) {
    case 'top20': return take(ranked.slice(0, 20), sel);
    case 'bottom10': {
      const bottom = ranked.slice(-10);
      const res = take([], sel >= 0 && !bottom.includes(sel) ? sel : -1);
      return { units: [...res.units, ...bottom], gapAfter: res.units.length ? 0 : -1 };
    }
    case 'around': {
      const p = ranked.indexOf(sel);
      if (p < 0) return take(ranked.slice(0, 10), -1);
      const start = Math.max(0, Math.min(p - 5, ranked.length - 11));
      return take(ranked.slice(start, start + 11), -1);
    }
    case 'group': {
      if (sel < 0 || !m.groupOf) return take(ranked.slice(0, 10), sel);
      const g = m.groupOf[sel];
      return take(ranked.filter((u) => m.groupOf[u] === g).slice(0, 30), sel);
    }
    default: return take(ranked.slice(0, 10), sel);
  }
}

/** Build the chart's SVG for `width` px. */
export function renderChart(m, mode, width) {
  const { units, gapAfter } = pickUnits(m, mode);
  const parts = m.topIds.map((id, k) => ({ id, label: m.nodeById.get(id)?.label || id, color: PALETTE[k % PALETTE.length] }));
  const decimals = scoreDecimals(m);
  const rootLabel = m.nodeById.get(m.rootId)?.label || m.rootId;
  const modeLabel = MODES.find((x) => x.value === mode)?.label ?? '';
  const sel = m.selected;

  const rows = units.map((u) => {
    const c = m.scorer.contributions(m.ids[u]);
    return {
      u,
      score: m.rounded[u],
      segs: parts.map((p) => ({ ...p, value: c[p.id] ?? NaN })),
    };
  });

  // Scale: from the most negative stack to the largest positive stack (or score).
  let lo = 0;
  let hi = 0;
  for (const r of rows) {
    let pos = 0;
    let neg = 0;
    for (const sg of r.segs) if (sg.value > 0) pos += sg.value; else if (sg.value < 0) neg += sg.value;
    hi = Math.max(hi, pos, r.score || 0);
    lo = Math.min(lo, neg, r.score || 0);
  }
  if (hi === lo) hi = lo + 1;
  const narrow = width < 520;
  const fontSize = narrow ? 11 : 12;
  const labelW = Math.round(Math.min(Math.max(width * (narrow ? 0.36 : 0.3), 110), 240));
  const valueW = textWidth(fmt.fixed(hi, decimals), fontSize, 600) + 14;
  const plotX = labelW + 10;
  const plotW = Math.max(60, width - plotX - valueW - 8);
  const x = (v) => plotX + ((v - lo) / (hi - lo)) * plotW;

  // Legend: swatches that wrap across lines.
  const legend = [];
  let lx = 0;
  let ly = 0;
  const legendSize = 12;
  for (const p of parts) {
    const text = fit(p.label, Math.min(220, width - 40), legendSize, 400);
    const w = 14 + 6 + textWidth(text, legendSize) + 16;
    if (lx > 0 && lx + w > width - 8) { lx = 0; ly += 20; }
    legend.push({ ...p, text, x: lx, y: ly });
    lx += w;
  }
  const legendH = ly + 20;
  const top = 34 + legendH + 8;
  const gaps = gapAfter >= 0 ? 1 : 0;
  const height = top + (rows.length + gaps * 0.6) * ROW + 26;

  const titleText = `${m.spec.name || rootLabel}: ${modeLabel.toLowerCase()}`;
  const descText = describe(m, rows, parts, decimals, rootLabel);
  const svg = s('svg', {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-labelledby': 'chart-svg-title chart-svg-desc', 'font-family': FONT, 'font-size': fontSize,
    class: 'chart-svg',
  },
  s('title', { id: 'chart-svg-title', text: titleText }),
  s('desc', { id: 'chart-svg-desc', text: descText }),
  s('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
  s('text', { x: 0, y: 18, 'font-size': 14, 'font-weight': 600, fill: '#1b1f24' }, fit(`${rootLabel} — ${modeLabel}`, width - 4, 14, 600)),
  s('g', { transform: `translate(0 ${34})` }, legend.map((l) => s('g', { transform: `translate(${l.x} ${l.y})` },
    s('title', { text: l.label }),
    s('rect', { x: 0, y: 2, width: 14, height: 12, rx: 2, fill: l.color }),
    s('text', { x: 20, y: 12, 'font-size': legendSize, fill: '#3d444d' }, iso(l.text))))));

  // Zero line and grid.
  const grid = s('g', { 'aria-hidden': 'true' });
  const tickList = ticks(lo, hi, narrow ? 4 : 6);
  const step = tickList.length > 1 ? tickList[1] - tickList[0] : 1;
  let tickDecimals = 0;
  while (tickDecimals < 6 && Math.abs(step * 10 ** tickDecimals - Math.round(step * 10 ** tickDecimals)) > 1e-6) tickDecimals += 1;
  for (const t of tickList) {
    const gx = x(t);
    grid.append(
      s('line', { x1: gx, x2: gx, y1: top - 6, y2: height - 20, stroke: t === 0 ? '#8c959f' : '#e5e8ec', 'stroke-width': 1 }),
      s('text', { x: gx, y: height - 6, 'text-anchor': 'middle', fill: '#57606a', 'font-size': 11 }, fmt.fixed(t, tickDecimals)));
  }
  svg.append(grid);

  let y = top;
  rows.forEach((r, k) => {
    const isSel = r.u === sel;
    const g = s('g', { class: 'bar', transform: `translate(0 ${y})`, 'data-i': r.u });
    if (isSel) g.append(s('rect', { x: 0, y: 0, width, height: ROW, fill: '#fff4c2', rx: 3 }));
    const label = m.labels[r.u];
    const rankText = `${fmt.rank(m.ranks[r.u])}. `;
    const rankW = textWidth(rankText, fontSize, isSel ? 700 : 400);
    g.append(s('text', {
      x: labelW, y: ROW / 2 + fontSize * 0.35, 'text-anchor': 'end', fill: '#1b1f24', 'font-weight': isSel ? 700 : 400,
    }, s('title', { text: label }), iso(`${rankText}${fit(label, labelW - rankW - 4, fontSize, isSel ? 700 : 400)}`)));
    // Stacked segments from zero: positives to the right, negatives to the left.
    let pos = 0;
    let neg = 0;
    const by = (ROW - BAR) / 2;
    for (const sg of r.segs) {
      if (!(sg.value !== 0 && Number.isFinite(sg.value))) continue;
      const from = sg.value > 0 ? pos : neg + sg.value;
      if (sg.value > 0) pos += sg.value; else neg += sg.value;
      const x0 = x(from);
      const w = Math.abs(x(from + Math.abs(sg.value)) - x0);
      g.append(s('rect', { x: x0, y: by, width: Math.max(0, w), height: BAR, fill: sg.color },
        s('title', { text: `${label} — ${sg.label}: ${fmt.fixed(sg.value, decimals)} of ${fmt.fixed(r.score, decimals)}` })));
    }
    if (!Number.isFinite(pos + neg) || (pos === 0 && neg === 0)) {
      g.append(s('text', { x: x(0) + 4, y: ROW / 2 + 4, fill: '#57606a', 'font-style': 'italic' }, 'no breakdown'));
    }
    g.append(s('text', {
      x: x(Math.max(pos, r.score || 0, 0)) + 6, y: ROW / 2 + fontSize * 0.35, fill: '#1b1f24', 'font-weight': 600,
    }, fmt.fixed(r.score, decimals)));
    svg.append(g);
    y += ROW;
    if (k === gapAfter) {
      svg.append(s('text', { x: labelW, y: y + ROW * 0.45, 'text-anchor': 'end', fill: '#8c959f', 'aria-hidden': 'true' }, '⋯'));
      y += ROW * 0.6;
    }
  });
  return svg;
}

function describe(m, rows, parts, decimals, rootLabel) {
  const list = rows.map((r) => `${fmt.rank(m.ranks[r.u])}. ${fmt.truncate(m.labels[r.u], 80)} ${fmt.fixed(r.score, decimals)}`);
  return `Horizontal bars of ${rootLabel} for ${rows.length} units; each bar is split into the contributions of `
    + `${parts.map((p) => p.label).join(', ')}. ${list.join('; ')}.`;
}

function ticks(lo, hi, count) {
  const span = hi - lo;
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * p).find((st) => st >= raw) ?? 10 * p;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}
