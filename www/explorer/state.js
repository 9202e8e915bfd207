// The explorer's state: one Scorer (the core, in WebAssembly) plus what the views read from it,
// and the URL hash that holds dataset, weights and selected unit.
//
// All numbers come from the Scorer. This module only copies them out (typed arrays) and keeps
// the baseline ranks (the spec's own weights) for the "change" column.

import { DEFAULT_DATASET } from './data.js';

export class Model {
  /** @param {{Scorer: any}} api the pkg/tolok.js module */
  constructor(api) {
    this.api = api;
    this.scorer = null;
    this.version = 0; // bumps on every new scoring (load or weight change)
    this.selected = -1;
  }

  /**
   * Score `csv` by `spec`, then apply `weights` ([{parent, child, weight}]). Throws (and keeps
   * the current state) if the core rejects the data, the spec or a weight.
   * `source` says where it came from: {kind: 'builtin', key} | {kind: 'url', csv, spec} |
   * {kind: 'file', name}.
   */
  load({ csv, spec, source, weights = [], custom = false }) {
    const scorer = this.api.Scorer.fromCsv(csv, spec);
    let next;
    try {
      next = derive(scorer);
      next.baseRanks = Float64Array.from(scorer.ranks());
      next.baseWeights = weightMap(next.nodes);
      const unknown = applyWeights(scorer, weights, next.baseWeights);
      next.ignoredWeights = unknown;
    } catch (err) {
      scorer.free();
      throw err;
    }
    const old = this.scorer;
    Object.assign(this, next, { scorer, csv, source, custom, lazy: new Map() });
    this.selected = -1;
    old?.free();
    this.refresh();
  }

  /** Pull ranks, scores, order and grades out of the scorer after a change. */
  refresh() {
    const s = this.scorer;
    this.ranks = s.ranks();
    this.rounded = s.roundedScores();
    this.order = s.order();
    this.gradeCache = null; // grade labels are made on first use (100,000 strings cost ~30 ms)
    this.nodes = s.nodes();
    this.nodeById = new Map(this.nodes.map((n) => [n.id, n]));
    this.nodeScores = new Map(); // node id -> Float64Array, filled on demand
    this.version += 1;
  }

  /** Apply weight changes {parent: {child: w}} (one re-rank), then refresh. Throws on a bad weight. */
  setWeights(changes) {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    if (typeof this.scorer.setWeights === 'function') {
      this.scorer.setWeights(changes);
    } else {
      for (const [parent, children] of entries) {
        for (const [child, w] of Object.entries(children)) this.scorer.setWeight(parent, child, w);
      }
    }
    this.refresh();
  }

  /** Back to the spec's weights, then apply [{parent, child, weight}]; returns those not in the tree. */
  replaceWeights(list) {
    this.scorer.resetWeights();
    try {
      return applyWeights(this.scorer, list, this.baseWeights);
    } finally {
      this.refresh();
    }
  }

  resetWeights() {
    this.scorer.resetWeights();
    this.refresh();
  }

  /** Weights that differ from the spec's own: [{parent, child, weight}]. */
  changedWeights() {
    const out = [];
    for (const n of this.nodes) {
      if (!n.parent) continue;
      const base = this.baseWeights.get(key(n.parent, n.id));
      if (base !== n.weight) out.push({ parent: n.parent, child: n.id, weight: n.weight });
    }
    return out;
  }

  /**
   * Each unit's grade label (or null) for the current weights: `grades.at(i)`. Fetched on first
   * use after a change: grades() makes one JS string per unit (about 30 ms at 100,000 units);
   * a typed `gradeIndices()` is used instead when the package has one.
   */
  get grades() {
    if (!this.gradeCache) {
      const s = this.scorer;
      if (typeof s.gradeIndices === 'function') {
        const labels = (this.spec.grades ?? []).map((g) => g.label);
        const idx = s.gradeIndices();
        this.gradeCache = { at: (i) => labels[idx[i]] ?? null };
      } else {
        const all = s.grades();
        this.gradeCache = { at: (i) => all[i] };
      }
    }
    return this.gradeCache;
  }

  /** How many units have a rank (the others have no root score). */
  get rankedCount() {
    if (this.rankedVersion !== this.version) {
      let k = 0;
      for (let i = 0; i < this.n; i += 1) if (this.isRanked(i)) k += 1;
      this.rankedCountCache = k;
      this.rankedVersion = this.version;
    }
    return this.rankedCountCache;
  }

  get n() {
    return this.ids.length;
  }

  isRanked(i) {
    const r = this.ranks[i];
    return r > 0 && !Number.isNaN(r);
  }

  /** Places gained (+) or lost (−) against the spec's own weights; null when unranked. */
  change(i) {
    const r = this.ranks[i];
    const b = this.baseRanks[i];
    if (!(r > 0) || !(b > 0)) return null;
    return b - r;
  }

  /** A node's scores, or an indicator's normalised values (Float64Array), for the current weights. */
  scores(id) {
    let v = this.nodeScores.get(id);
    if (!v) {
      const isIndicator = this.nodeById.get(id)?.kind === 'indicator';
      // Normalised values do not depend on weights: keep them across refreshes.
      v = isIndicator ? this.cached(`norm:${id}`, () => this.scorer.scores(id)) : this.scorer.scores(id);
      this.nodeScores.set(id, v);
    }
    return v;
  }

  /** An indicator's raw data column. */
  raw(indicatorId) {
    return this.cached(`raw:${indicatorId}`, () => this.scorer.rawValues(indicatorId));
  }

  /** Rank of every unit within its group (column = the table's group column), or null. */
  groupRanks() {
    if (!this.groupCol) return null;
    if (this.groupRanksVersion !== this.version) {
      this.groupRanksCache = this.scorer.groupRanks(this.groupCol);
      this.groupRanksVersion = this.version;
    }
    return this.groupRanksCache;
  }

  /** Units sorted by label (locale order), computed once per dataset. */
  labelOrder() {
    return this.cached('labelOrder', () => {
      const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
      const idx = Array.from({ length: this.n }, (_, i) => i);
      idx.sort((a, b) => collator.compare(this.labels[a], this.labels[b]) || a - b);
      return Uint32Array.from(idx);
    });
  }

  cached(k, make) {
    if (!this.lazy.has(k)) this.lazy.set(k, make());
    return this.lazy.get(k);
  }

  indexOf(id) {
    const i = this.idIndex.get(id);
    return i === undefined ? -1 : i;
  }
}

/** Everything that is fixed for one loaded dataset. */
function derive(scorer) {
  const spec = scorer.originalSpec();
  const ids = scorer.unitIds();
  const labels = scorer.labels();
  const idIndex = new Map(ids.map((id, i) => [id, i]));
  const groupCol = spec.units?.groups?.[0] ?? null;
  let groupNames = [];
  let groupOf = null;
  let groupSizes = null;
  if (groupCol) {
    const values = scorer.groupValues(groupCol);
    const collator = new Intl.Collator(undefined, { numeric: true });
    groupNames = [...new Set(values)].sort(collator.compare);
    const index = new Map(groupNames.map((g, k) => [g, k]));
    groupOf = Int32Array.from(values, (v) => index.get(v));
    groupSizes = new Uint32Array(groupNames.length);
    for (const g of groupOf) groupSizes[g] += 1;
  }
  const nodes = scorer.nodes();
  const indicators = new Map((spec.indicators ?? []).map((ind) => [ind.id, ind]));
  return {
    spec,
    ids,
    labels,
    searchText: labels.map((l, i) => `${l}\u0000${ids[i]}`.toLowerCase()),
    idIndex,
    groupCol,
    groupNames,
    groupOf,
    groupSizes,
    nodes,
    indicators,
    rootId: nodes[0].id,
    topIds: nodes[0].children,
  };
}

const key = (parent, child) => `${parent}\u0000${child}`;

function weightMap(nodes) {
  const m = new Map();
  for (const n of nodes) if (n.parent) m.set(key(n.parent, n.id), n.weight);
  return m;
}

/** Apply [{parent, child, weight}] that exist in the tree; return the ones that do not. */
function applyWeights(scorer, weights, known) {
  const changes = {};
  const unknown = [];
  for (const w of weights) {
    if (!known.has(key(w.parent, w.child))) {
      unknown.push(w);
      continue;
    }
    (changes[w.parent] ??= {})[w.child] = w.weight;
  }
  if (Object.keys(changes).length > 0) {
    if (typeof scorer.setWeights === 'function') scorer.setWeights(changes);
    else for (const [p, cs] of Object.entries(changes)) for (const [c, v] of Object.entries(cs)) scorer.setWeight(p, c, v);
  }
  return unknown;
}

// ---- URL hash ------------------------------------------------------------------------------
// #d=kesejahteraan&u=32.75&w=kesejahteraan/ekonomi:2,ekonomi/tpt:0.5
// or, for any CSV and spec on this site: #csv=../data/x.csv&spec=../specs/x.json&u=...&w=...
// Every id is percent-encoded, so ids may hold '/', ':', ',' and '&'.

const enc = encodeURIComponent;

/** The hash for a state: {dataset?, csv?, spec?, unit?, weights: [{parent, child, weight}]}. */
export function encodeHash({ dataset, csv, spec, unit, weights = [] }) {
  const parts = [];
  if (csv && spec) parts.push(`csv=${enc(csv)}`, `spec=${enc(spec)}`);
  else if (dataset) parts.push(`d=${enc(dataset)}`);
  if (unit !== null && unit !== undefined) parts.push(`u=${enc(unit)}`);
  if (weights.length > 0) {
    parts.push(`w=${weights.map((w) => `${enc(w.parent)}/${enc(w.child)}:${w.weight}`).join(',')}`);
  }
  return `#${parts.join('&')}`;
}

/** Parse a hash; malformed pieces are skipped (a hand-edited link must not break the page). */
export function decodeHash(hash) {
  const out = { dataset: null, csv: null, spec: null, unit: null, weights: [] };
  const dec = (t) => {
    try {
      return decodeURIComponent(t);
    } catch {
      return null;
    }
  };
  for (const part of String(hash).replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    if (k === 'w') {
      for (const item of raw.split(',')) {
        const m = /^([^/:]+)\/([^/:]+):([^,]+)$/.exec(item);
        const w = m && Number(m[3]);
        const parent = m && dec(m[1]);
        const child = m && dec(m[2]);
        if (m && parent !== null && child !== null && Number.isFinite(w) && w >= 0) {
          out.weights.push({ parent, child, weight: w });
        }
      }
    } else {
      const v = dec(raw);
      if (k === 'd') out.dataset = v;
      else if (k === 'csv') out.csv = v;
      else if (k === 'spec') out.spec = v;
      else if (k === 'u') out.unit = v;
    }
  }
  if (!out.dataset && !(out.csv && out.spec)) out.dataset = DEFAULT_DATASET;
  return out;
}
