// The plain hand-written JavaScript that the benchmarks compare the WebAssembly with (bench.mjs,
// ceiling.mjs): Float64Array columns, an index array sorted with a comparator; the same
// computation as the spec of bench/synthetic.mjs (min-max, a two-level arithmetic tree, ties
// "min"), in the same order of operations, so that its root scores are bit-identical.
import { PER_PILLAR, PILLARS } from './synthetic.mjs';

function minmax(col, lower) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const k = 1 / (hi - lo);
  const out = new Float64Array(col.length);
  if (lower) for (let i = 0; i < col.length; i++) out[i] = 0 + (hi - col[i]) * k;
  else for (let i = 0; i < col.length; i++) out[i] = 0 + (col[i] - lo) * k;
  return out;
}

/** Weighted arithmetic mean of columns (Σ w·x, then / Σ w, in the same order as the core). */
function weightedMean(cols, weights) {
  const n = cols[0].length;
  const out = new Float64Array(n);
  let total = 0;
  for (let c = 0; c < cols.length; c++) {
    const w = weights[c];
    total += w;
    const col = cols[c];
    for (let i = 0; i < n; i++) out[i] += w * col[i];
  }
  for (let i = 0; i < n; i++) out[i] = out[i] / total;
  return out;
}

/** Ranks, highest score first, ties "min" (1, 2, 2, 4): an index array sorted by a comparator. */
function rankMin(scores) {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  const ranks = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    ranks[i] = k > 0 && scores[i] === scores[idx[k - 1]] ? ranks[idx[k - 1]] : k + 1;
  }
  return ranks;
}

/** W1 in JavaScript: keeps what W4 reuses (normalised columns, pillar scores, weights). */
export function jsFull(data) {
  const norm = data.names.map((name, j) => minmax(data.columns[name], data.lower[j]));
  const weights = Array.from({ length: PILLARS }, () => new Array(PER_PILLAR).fill(1));
  const rootWeights = new Array(PILLARS).fill(1);
  const pillars = weights.map((w, p) => weightedMean(norm.slice(p * PER_PILLAR, (p + 1) * PER_PILLAR), w));
  const root = weightedMean(pillars, rootWeights);
  return { norm, weights, rootWeights, pillars, root, ranks: rankMin(root) };
}

/** W4 in JavaScript: one weight in one pillar, then that pillar, the root and the ranks. */
export function jsReweight(state, pillar, child, w) {
  state.weights[pillar][child] = w;
  const members = state.norm.slice(pillar * PER_PILLAR, (pillar + 1) * PER_PILLAR);
  state.pillars[pillar] = weightedMean(members, state.weights[pillar]);
  state.root = weightedMean(state.pillars, state.rootWeights);
  state.ranks = rankMin(state.root);
  return state.ranks;
}

/** The same ranks, unit by unit. */
export function sameRanks(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same numbers, bit for bit (NaN equal to NaN, −0 not equal to +0). */
export function sameBits(a, b) {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}
