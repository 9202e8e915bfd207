// Fingerprints of uncertainty results, to compare runs bit for bit across the native CLI, node
// and browsers (issue 5, item 8). No node imports: the browser tests import this file into the
// page (it is served with the rest of the repository).
//
// The fingerprint is SHA-256 over the little-endian bytes of every per-unit number, field after
// field (FIELDS), with every NaN written as the one canonical NaN: a NaN only means "no rank" or
// "no value", and its payload bits differ between x86 and WebAssembly arithmetic.

/** The per-unit fields of `Scorer.uncertainty()`, in fingerprint order. */
export const FIELDS = ['nominal', 'mean', 'median', 'p05', 'p95', 'min', 'max', 'best', 'worst',
  'scoreLow', 'scoreHigh', 'acceptability', 'centralWeights'];

/** The numbers of a Sobol result, in fingerprint order. */
export const SOBOL_FIELDS = ['first', 'total', 'firstCi', 'totalCi'];

/** `{ field: Float64Array }` from the JSON `tolok uncertainty --format json` prints. */
export function fromCli(json) {
  const u = json.uncertainty;
  const arr = (v) => (v ? Float64Array.from(v.flat(), (x) => (x === null ? NaN : x)) : null);
  const out = {};
  for (const f of FIELDS) out[f] = arr(u[f] ?? u.bounds[f]);
  if (json.sobol) {
    for (const f of SOBOL_FIELDS) out[`sobol.${f}`] = arr(json.sobol[f]);
  }
  return out;
}

/** `{ field: Float64Array }` from a `Scorer.uncertainty()` result (and a `Scorer.sobol()` one). */
export function fromPackage(result, sobol = null) {
  const out = {};
  for (const f of FIELDS) out[f] = result[f] === null ? null : Float64Array.from(result[f]);
  if (sobol) {
    for (const f of SOBOL_FIELDS) out[`sobol.${f}`] = Float64Array.from(sobol[f].flat(), (x) => (x === null ? NaN : x));
  }
  return out;
}

/** SHA-256 (hex) of the fields' bytes, NaN canonical; a missing field (null) counts as empty. */
export async function digest(fields) {
  const keys = Object.keys(fields);
  const total = keys.reduce((n, k) => n + (fields[k]?.length ?? 0), 0);
  const buf = new ArrayBuffer(total * 8);
  const view = new DataView(buf);
  let at = 0;
  for (const k of keys) {
    for (const x of fields[k] ?? []) {
      view.setFloat64(at, Number.isNaN(x) ? NaN : x, true);
      at += 8;
    }
  }
  const hash = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The first difference between two field sets ("p95[17]: 31 vs 32"), or null if bit-identical. */
export function firstDifference(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const view = new DataView(new ArrayBuffer(16));
  for (const k of keys) {
    const x = a[k] ?? [];
    const y = b[k] ?? [];
    if (x.length !== y.length) return `${k}: ${x.length} values vs ${y.length}`;
    for (let i = 0; i < x.length; i += 1) {
      if (Number.isNaN(x[i]) && Number.isNaN(y[i])) continue;
      view.setFloat64(0, x[i]);
      view.setFloat64(8, y[i]);
      if (view.getBigUint64(0) !== view.getBigUint64(8)) return `${k}[${i}]: ${x[i]} vs ${y[i]}`;
    }
  }
  return null;
}

/** The determinism cases: real specs and data, each with an uncertainty section. */
export const CASES = [
  {
    name: 'kesejahteraan, ranges ×0.5–×2',
    spec: 'specs/kesejahteraan_2024.json',
    data: 'data/ipm_kabkota_2024/profil_kabkota_2024.csv',
    uncertainty: { weights: { range: [0.5, 2] }, samples: 500, seed: 7, sobol: { samples: 128, bootstrap: 50 } },
    sobol: true,
  },
  {
    name: 'kesejahteraan, log-uniform ×0.8–×1.25',
    spec: 'specs/kesejahteraan_2024.json',
    data: 'data/ipm_kabkota_2024/profil_kabkota_2024.csv',
    uncertainty: { weights: { range: [0.8, 1.25], distribution: 'loguniform' }, samples: 300, seed: 4294967295 },
  },
  {
    name: 'hdi, Dirichlet weights and aggregation alternatives',
    spec: 'specs/hdi_2022.json',
    data: 'data/undp_hdi_2022/hdi_2022_extract.csv',
    uncertainty: {
      weights: { dirichlet: 20 },
      alternatives: [{ node: 'hdi', aggregate: ['geometric', 'arithmetic', 'harmonic'] }],
      samples: 400,
      seed: 3,
    },
  },
  {
    name: 'hdi, ranges ×0.5–×2',
    spec: 'specs/hdi_2022.json',
    data: 'data/undp_hdi_2022/hdi_2022_extract.csv',
    uncertainty: { samples: 1000, seed: 1, sobol: { samples: 128, bootstrap: 50 } },
    sobol: true,
  },
];
