// The explorer's state: one Scorer (the core, in WebAssembly) plus what the views read from it,
// and the URL hash that holds dataset, methods, weights and selected unit.
//
// All numbers come from the Scorer. This module only copies them out (typed arrays) and keeps
// the baseline ranks (the spec's own methods and weights) for the "change" column.

import { DEFAULT_DATASET } from './data.js';
import {
  applyMethods, decodeMethods, encodeMethods, methodOfSpecNode, normaliseMethods, sameMethods, specNodes, withChange,
} from './methods.js';

export class Model {
  /** @param {{Scorer: any}} api the pkg/tolok.js module */
  constructor(api) {
    this.api = api;
    this.scorer = null;
    this.version = 0; // bumps on every new scoring (load or weight change)
    this.selected = -1;
  }

  /**
   * Score `csv` by `spec` with the method overrides `methods` (see methods.js), then apply
   * `weights` ([{parent, child, weight}]). Throws (and keeps the current state) if the core
   * rejects the data, the spec, a method or a weight.
   * `source` says where it came from: {kind: 'builtin', key} | {kind: 'url', csv, spec} |
   * {kind: 'file', name}. `base`: the baseline ranks, when they are known already.
   */
  load({ csv, spec, source, weights = [], custom = false, methods = {}, base = null }) {
    const chosen = normaliseMethods(spec, methods);
    const { spec: edited, unknown } = applyMethods(spec, chosen);
    for (const id of unknown) delete chosen[id];
    const scorer = this.api.Scorer.fromCsv(csv, edited);
    let next;
    try {
      next = derive(scorer);
      next.baseRanks = base ?? (Object.keys(chosen).length > 0 ? this.ranksOf(csv, spec) : Float64Array.from(scorer.ranks()));
      next.baseWeights = weightMap(next.nodes);
      next.ignoredWeights = applyWeights(scorer, weights, next.baseWeights);
      next.ignoredMethods = unknown;
      next.prep = prepInfo(scorer, edited);
    } catch (err) {
      scorer.free();
      throw err;
    }
    const old = this.scorer;
    Object.assign(this, next, { scorer, csv, source, custom, sourceSpec: spec, methods: chosen, lazy: new Map() });
    this.selected = -1;
    old?.free();
    this.refresh();
  }

  /** Ranks with the spec as given (the baseline when the reader changed methods). */
  ranksOf(csv, spec) {
    const s = this.api.Scorer.fromCsv(csv, spec);
    try {
      return Float64Array.from(s.ranks());
    } finally {
      s.free();
    }
  }

  /**
   * Score again with node `id`'s method changed ({w} | {a} | {p} | {v}); the weights moved
   * elsewhere and the selected unit stay. A new weighting method starts from its own weights.
   * Throws (and keeps the current state) if the core refuses.
   */
  setMethod(id, change) {
    const methods = withChange(this.sourceSpec, this.methods, id, change);
    const weights = this.changedWeights().filter((w) => !('w' in change && w.parent === id));
    this.rescore(methods, weights);
  }

  /** Score again with other methods and weights (same data, same spec as given). */
  rescore(methods, weights) {
    const unit = this.selected >= 0 ? this.ids[this.selected] : null;
    this.load({
      csv: this.csv, spec: this.sourceSpec, source: this.source, custom: this.custom, weights, methods, base: this.baseRanks,
    });
    this.selected = unit === null ? -1 : this.indexOf(unit);
  }

  get methodsChanged() {
    return Object.keys(this.methods ?? {}).length > 0;
  }

  /**
   * Node `id`'s method now: {w, a, p, v} as the spec being scored says, `derived` (the core's
   * derived weights, or null), `switched` (its weighting method was replaced by manual weights
   * when a slider moved), `shown` (the weighting in force: 'manual' when switched), and
   * `source`/`sourceNode` (the method and node of the spec as given).
   */
  methodOf(id) {
    const spec = methodOfSpecNode(this.specNodeMap().get(id));
    const derived = this.derived.get(id) ?? null;
    const switched = spec.w !== 'manual' && !derived;
    const sourceNode = this.cached('sourceNodes', () => specNodes(this.sourceSpec)).get(id) ?? null;
    return { ...spec, derived, switched, shown: switched ? 'manual' : spec.w, source: methodOfSpecNode(sourceNode), sourceNode };
  }

  specNodeMap() {
    return this.cached('specNodes', () => specNodes(this.spec));
  }

  /**
   * Derived weights in force, by node id (the core recomputes them when weights below change,
   * and drops them when a slider moves on the node itself). Read from result() once per change,
   * and only when the spec has a weighting method somewhere.
   */
  get derived() {
    if (this.derivedVersion !== this.version) {
      this.derivedVersion = this.version;
      const any = [...this.specNodeMap().values()].some((n) => n.weighting);
      const list = any ? (this.scorer.result().derivedWeights ?? []) : [];
      this.derivedCache = new Map(list.map((d) => [d.node, d]));
    }
    return this.derivedCache;
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

  /**
   * A link's methods and weights for the data already open: scores again when the methods
   * differ, else only moves weights. Returns whether it scored again (the tree's controls must
   * then be rebuilt). Throws (and keeps the current state) if the core refuses.
   */
  replaceState({ weights = [], methods = {} }) {
    if (sameMethods(normaliseMethods(this.sourceSpec, methods), this.methods)) {
      this.replaceWeights(weights);
      return false;
    }
    this.rescore(methods, weights);
    return true;
  }

  resetWeights() {
    this.scorer.resetWeights();
    this.refresh();
  }

  /** Back to the spec's own methods and weights; returns whether it scored again (methods). */
  resetAll() {
    if (!this.methodsChanged) {
      this.resetWeights();
      return false;
    }
    this.rescore({}, []);
    return true;
  }

  /**
   * Weights that differ from the spec's own: [{parent, child, weight}]. Derived weights in force
   * are left out (they follow from the methods); a node switched from derived to manual weights
   * lists all its children, so that a link gives the same weights whatever the order.
   */
  changedWeights() {
    const out = [];
    const derived = this.derived;
    for (const n of this.nodes) {
      if (!n.parent || derived.has(n.parent)) continue;
      const base = this.baseWeights.get(key(n.parent, n.id));
      const switched = this.specNodeMap().get(n.parent)?.weighting;
      if (switched || base !== n.weight) out.push({ parent: n.parent, child: n.id, weight: n.weight });
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

/**
 * What data preparation did, for the unit panel: the core's report, each unit's flags by
 * indicator, and lookups by cell / indicator. Null when the spec has no `prepare` section.
 */
function prepInfo(scorer, spec) {
  if (!spec.prepare) return null;
  const r = scorer.result();
  const report = r.prepare ?? {};
  const imputed = new Map((report.imputed ?? []).map((x) => [key(x.unit, x.indicator), x]));
  return {
    report,
    flags: new Map(r.units.filter((u) => u.flags).map((u) => [u.id, u.flags])),
    imputedAt: (unit, indicator) => imputed.get(key(unit, indicator)) ?? null,
    treated: new Map((report.treated ?? []).map((x) => [x.indicator, x])),
    denominated: new Map((report.denominated ?? []).map((x) => [x.indicator, x])),
    transformed: new Map((report.transformed ?? []).map((x) => [x.indicator, x])),
  };
}

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
// with method choices (methods.js): #d=asem-full&m=Physical/w:entropy,Conn/a:geometric&...
// or, for any CSV and spec on this site: #csv=../data/x.csv&spec=../specs/x.json&u=...&w=...
// Every id is percent-encoded, so ids may hold '/', ':', ',' and '&'.

const enc = encodeURIComponent;

/** The hash for a state: {dataset?, csv?, spec?, unit?, weights: [{parent, child, weight}], methods}. */
export function encodeHash({ dataset, csv, spec, unit, weights = [], methods = {} }) {
  const parts = [];
  if (csv && spec) parts.push(`csv=${enc(csv)}`, `spec=${enc(spec)}`);
  else if (dataset) parts.push(`d=${enc(dataset)}`);
  if (unit !== null && unit !== undefined) parts.push(`u=${enc(unit)}`);
  const m = encodeMethods(methods);
  if (m) parts.push(`m=${m}`);
  if (weights.length > 0) {
    parts.push(`w=${weights.map((w) => `${enc(w.parent)}/${enc(w.child)}:${w.weight}`).join(',')}`);
  }
  return `#${parts.join('&')}`;
}

/** Parse a hash; malformed pieces are skipped (a hand-edited link must not break the page). */
export function decodeHash(hash) {
  const out = { dataset: null, csv: null, spec: null, unit: null, weights: [], methods: {} };
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
    } else if (k === 'm') {
      out.methods = decodeMethods(raw);
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
