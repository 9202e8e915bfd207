// Methods per node: the weighting and aggregation choices the explorer offers, and how the
// reader's choices edit the spec. No DOM and no scoring here: a choice becomes a `weighting` or
// `aggregate` field on a node of a copy of the spec, and the core scores that spec.
//
// The reader's choices are kept as overrides of the spec as given, by node id:
//   { Physical: { w: 'entropy', a: 'vikor', v: 0.3 }, Conn: { a: 'mpi', p: 'subtract' } }
// w = weighting method ('manual' = the children's own weights), a = aggregate, p = MPI/AMPI
// penalty, v = VIKOR's v. Only what differs from the spec is kept (so a link stays short).

export const WEIGHTINGS = [
  { value: 'manual', label: 'Manual weights', short: 'manual weights' },
  { value: 'equal', label: 'Equal', short: 'equal weights' },
  { value: 'entropy', label: 'Entropy', short: 'entropy weights' },
  { value: 'critic', label: 'CRITIC', short: 'CRITIC weights' },
  { value: 'stdev', label: 'Standard deviation', short: 'std. dev. weights' },
  { value: 'pca', label: 'PCA (principal components)', short: 'PCA weights' },
  { value: 'bod', label: 'Benefit of the Doubt (DEA)', short: 'Benefit of the Doubt' },
  // Only where the spec has it: the pairwise matrix comes from the spec.
  { value: 'ahp', label: 'AHP', short: 'AHP weights', specOnly: true },
];

export const AGGREGATES = [
  { value: 'arithmetic', label: 'Arithmetic mean', short: 'arithmetic' },
  { value: 'geometric', label: 'Geometric mean', short: 'geometric' },
  { value: 'harmonic', label: 'Harmonic mean', short: 'harmonic' },
  { value: 'mean', label: 'Power mean', short: 'power mean', specOnly: true },
  { value: 'mpi', label: 'Mazziotta–Pareto (MPI)', short: 'MPI' },
  { value: 'ampi', label: 'Adjusted MPI (AMPI)', short: 'AMPI' },
  { value: 'topsis', label: 'TOPSIS', short: 'TOPSIS' },
  { value: 'vikor', label: 'VIKOR', short: 'VIKOR' },
  { value: 'copeland', label: 'Copeland (pairwise wins)', short: 'Copeland' },
  { value: 'min', label: 'Minimum', short: 'minimum' },
];

export const PENALTIES = [
  { value: 'subtract', label: 'Imbalance lowers the score (MPI−)' },
  { value: 'add', label: 'Imbalance raises the score (MPI+)' },
];

const W_VALUES = new Set(WEIGHTINGS.map((x) => x.value));
const A_VALUES = new Set(AGGREGATES.map((x) => x.value));
const P_VALUES = new Set(PENALTIES.map((x) => x.value));
const usesPenalty = (a) => a === 'mpi' || a === 'ampi';
const DEFAULT_V = 0.5;

export const weightingLabel = (w) => WEIGHTINGS.find((x) => x.value === w)?.label ?? w;
export const aggregateLabel = (a) => AGGREGATES.find((x) => x.value === a)?.label ?? a;
export const weightingShort = (w) => WEIGHTINGS.find((x) => x.value === w)?.short ?? w;
export const aggregateShort = (a) => AGGREGATES.find((x) => x.value === a)?.short ?? a;

/** Every aggregate node of a spec's tree by id (the node objects themselves, not copies). */
export function specNodes(spec) {
  const out = new Map();
  const walk = (node) => {
    if (!node || !Array.isArray(node.children)) return;
    if (node.id !== undefined) out.set(node.id, node);
    for (const c of node.children) walk(c);
  };
  walk(spec?.tree);
  return out;
}

/** A spec node's method: {w, a, p, v} (defaults filled in as the core fills them). */
export function methodOfSpecNode(node) {
  return {
    w: node?.weighting?.method ?? 'manual',
    a: node?.aggregate ?? 'arithmetic',
    p: node?.penalty ?? 'subtract',
    v: node?.v ?? DEFAULT_V,
  };
}

/** Keep the valid overrides that differ from `sourceSpec` (unknown nodes are kept: see applyMethods). */
export function normaliseMethods(sourceSpec, methods = {}) {
  const nodes = specNodes(sourceSpec);
  const out = {};
  for (const [id, o] of Object.entries(methods ?? {})) {
    const src = methodOfSpecNode(nodes.get(id));
    const a = o.a ?? src.a;
    const keep = {};
    if (W_VALUES.has(o.w) && o.w !== src.w) keep.w = o.w;
    if (A_VALUES.has(o.a) && o.a !== src.a) keep.a = o.a;
    if (usesPenalty(a) && P_VALUES.has(o.p) && o.p !== src.p) keep.p = o.p;
    if (a === 'vikor' && Number.isFinite(o.v) && o.v >= 0 && o.v <= 1 && o.v !== src.v) keep.v = o.v;
    if (Object.keys(keep).length > 0) out[id] = keep;
  }
  return out;
}

/**
 * A copy of `sourceSpec` with the overrides applied: {spec, unknown} (unknown = node ids the
 * tree does not have; their overrides are left out). Choosing a weighting method drops the
 * children's `weight`s (the core needs them absent); 'manual' drops the method, so the
 * children's own weights (default 1) apply.
 */
export function applyMethods(sourceSpec, methods) {
  const spec = structuredClone(sourceSpec);
  const nodes = specNodes(spec);
  const srcNodes = specNodes(sourceSpec);
  const unknown = [];
  for (const [id, o] of Object.entries(methods ?? {})) {
    const node = nodes.get(id);
    if (!node) {
      unknown.push(id);
      continue;
    }
    const src = srcNodes.get(id);
    if (o.w === 'manual') {
      delete node.weighting;
    } else if (o.w) {
      // The spec's own parameters (AHP matrix, PCA rotation, BoD bounds) when it is the spec's method.
      node.weighting = src.weighting?.method === o.w ? structuredClone(src.weighting) : { method: o.w };
      for (const c of node.children) delete c.weight;
    }
    const a = o.a ?? node.aggregate ?? 'arithmetic';
    if (o.a) node.aggregate = o.a;
    if (usesPenalty(a)) node.penalty = o.p ?? node.penalty ?? 'subtract';
    else delete node.penalty;
    if (a === 'vikor') {
      if (o.v !== undefined) node.v = o.v;
    } else delete node.v;
    if (a !== 'mean') delete node.p;
  }
  return { spec, unknown };
}

/** Overrides after the reader changed `change` ({w} | {a} | {p} | {v}) on node `id`. */
export function withChange(sourceSpec, methods, id, change) {
  const next = structuredClone(methods ?? {});
  next[id] = { ...(next[id] ?? {}), ...change };
  return normaliseMethods(sourceSpec, next);
}

export function sameMethods(a, b) {
  return JSON.stringify(sortKeys(a ?? {})) === JSON.stringify(sortKeys(b ?? {}));
}

function sortKeys(m) {
  return Object.keys(m).sort().map((id) => [id, Object.keys(m[id]).sort().map((k) => [k, m[id][k]])]);
}

// ---- URL hash: m=Physical/w:entropy,Physical/a:vikor,Physical/v:0.3 -------------------------

const enc = encodeURIComponent;

export function encodeMethods(methods) {
  const items = [];
  for (const [id, o] of Object.entries(methods ?? {})) {
    for (const k of ['w', 'a', 'p', 'v']) if (o[k] !== undefined) items.push(`${enc(id)}/${k}:${enc(String(o[k]))}`);
  }
  return items.join(',');
}

/** Parse the `m=` value; malformed items are skipped. */
export function decodeMethods(raw) {
  const out = {};
  for (const item of String(raw).split(',')) {
    const m = /^([^/:]+)\/([wapv]):([^,]+)$/.exec(item);
    if (!m) continue;
    let id;
    let value;
    try {
      id = decodeURIComponent(m[1]);
      value = decodeURIComponent(m[3]);
    } catch {
      continue;
    }
    const k = m[2];
    const ok = k === 'w' ? W_VALUES.has(value)
      : k === 'a' ? A_VALUES.has(value)
        : k === 'p' ? P_VALUES.has(value)
          : Number.isFinite(Number(value)) && Number(value) >= 0 && Number(value) <= 1;
    if (ok) (out[id] ??= {})[k] = k === 'v' ? Number(value) : value;
  }
  return out;
}
