// What data preparation (the spec's `prepare`) did to the selected unit's values, in words: the
// core's report (imputed cells, winsorised or log-transformed indicators, denominators, units
// screened out) turned into markers and explanations for the unit panel. Nothing is computed
// here; every number comes from the core's result.

import { bdi, h } from './dom.js';
import * as fmt from './format.js';

const KINDS = {
  imputed: { kind: 'imputed', mark: 'imp', label: 'imputed' },
  winsorisedHigh: { kind: 'treated', mark: 'win', label: 'winsorised' },
  winsorisedLow: { kind: 'treated', mark: 'win', label: 'winsorised' },
  ctlog: { kind: 'treated', mark: 'log', label: 'log-transformed' },
  log: { kind: 'treated', mark: 'log', label: 'log-transformed' },
};

const IMPUTE = {
  mean: 'mean of all units',
  median: 'median of all units',
  groupMean: 'mean of its group',
  groupMedian: 'median of its group',
};

/**
 * The flags of unit `u`'s value of `indicator` (the prepared value `value`), each with a marker
 * and an explanation: [{flag, kind, mark, kindLabel, text}].
 */
export function cellFlags(m, u, indicator, value) {
  const flags = m.prep?.flags.get(m.ids[u])?.[indicator] ?? [];
  return flags.map((flag) => {
    const k = KINDS[flag] ?? { kind: 'treated', mark: '•', label: flag };
    return { flag, kind: k.kind, mark: k.mark, kindLabel: k.label, text: explain(m, m.ids[u], indicator, flag, value) };
  });
}

function explain(m, unit, indicator, flag, value) {
  const name = m.nodeById.get(indicator)?.label || indicator;
  if (flag === 'imputed') {
    const x = m.prep.imputedAt(unit, indicator);
    if (!x) return 'Imputed: the value was missing and filled in.';
    const how = x.group !== undefined && x.group !== null
      ? `${x.method === 'groupMedian' ? 'median' : 'mean'} of its group, ${x.group}`
      : IMPUTE[x.method] ?? x.method;
    return `Imputed: missing in the data, filled with the ${how} (${fmt.auto(x.value)}).`;
  }
  const t = m.prep.treated.get(indicator);
  const stats = t && t.skewness !== null
    ? ` Skewness ${fmt.fixed(t.skewness, 2)} and kurtosis ${fmt.fixed(t.kurtosis, 2)} before; `
      + `${fmt.fixed(t.skewnessAfter, 2)} and ${fmt.fixed(t.kurtosisAfter, 2)} after.`
    : '';
  if (flag === 'winsorisedHigh' || flag === 'winsorisedLow') {
    const high = flag === 'winsorisedHigh';
    const n = t?.points ?? 1;
    const which = n === 1 ? `the ${high ? 'highest' : 'lowest'} value` : `one of the ${n} ${high ? 'highest' : 'lowest'} values`;
    return `Winsorised to ${fmt.auto(value)}: ${which} of ${name}, pulled ${high ? 'down to the next value below' : 'up to the next value above'} `
      + `(an outlier by the skewness and kurtosis rule).${stats}`;
  }
  if (flag === 'ctlog') {
    const points = t ? `${t.maxPoints} points` : 'points';
    return `Log-transformed (ln(x − min + 0.01·(max − min)), COINr's CTlog): winsorising ${points} did not `
      + `bring ${name} within the skewness and kurtosis limits.${stats}`;
  }
  if (flag === 'log') {
    return `Log-transformed (ln x): winsorising did not bring ${name} within the skewness and kurtosis limits.${stats}`;
  }
  return `Changed by data preparation (${flag}).`;
}

/** The value column's title: the indicator's unit and its denominator. */
export function valueTitle(m, indicator) {
  const unit = m.indicators.get(indicator)?.unit;
  const d = m.prep?.denominated.get(indicator);
  const tr = m.prep?.transformed.get(indicator);
  return [
    unit,
    d ? `Divided by ${d.by}${d.scale !== 1 ? ` × ${d.scale}` : ''}` : null,
    tr && tr.method !== 'none' ? `Transformed: ${tr.method}${tr.lambda !== undefined ? ` (λ = ${tr.lambda})` : ''}` : null,
  ].filter(Boolean).join(' · ') || null;
}

/** The unit's imputed and treated values, grouped by what was done; null when none. */
export function prepSummary(m, u) {
  const flags = m.prep?.flags.get(m.ids[u]);
  if (!flags) return null;
  const groups = new Map(); // kind label -> [{indicator, text}]
  for (const indicator of Object.keys(flags)) {
    for (const f of cellFlags(m, u, indicator, m.raw(indicator)[u])) {
      if (!groups.has(f.kindLabel)) groups.set(f.kindLabel, { ...f, items: [] });
      groups.get(f.kindLabel).items.push({ indicator, text: f.text });
    }
  }
  const intro = {
    imputed: 'missing in the data, filled in',
    winsorised: 'outliers pulled in to the next value',
    'log-transformed': 'skewed indicators log-transformed',
  };
  return h('div', { class: 'unit-prep' },
    h('h3', { text: 'Data preparation' }),
    h('ul', {}, [...groups.values()].map((g) => h('li', { dataset: { kind: g.kindLabel } },
      h('span', { class: `cflag ${g.kind}`, 'aria-hidden': 'true', text: g.mark }),
      h('span', { class: 'prep-what' }, `${fmt.heading(g.kindLabel)} (${intro[g.kindLabel] ?? g.kindLabel}): `),
      g.items.map((it, k) => [k > 0 ? ', ' : null,
        h('span', { class: 'prep-item', title: it.text, dataset: { indicator: it.indicator } },
          bdi(m.nodeById.get(it.indicator)?.label || it.indicator))])))));
}

/** Units the spec's `screen` step left out (not in the ranking); null when none. */
export function screenedNote(m) {
  const s = m.prep?.report.screened;
  if (!s?.removed?.length) return null;
  return h('p', { class: 'unit-screened', dataset: { count: String(s.removed.length) } },
    h('strong', { text: `Screened out (${s.removed.length}): ` }),
    `too little data — fewer than ${fmt.percent(s.minShare)} of the indicators present — so not scored or ranked: `,
    s.removed.map((x, k) => [k > 0 ? ', ' : null, h('span', { class: 'code', title: `${fmt.percent(x.share)} of the indicators present` },
      bdi(x.unit), ` (${fmt.percent(x.share)})`)]));
}
