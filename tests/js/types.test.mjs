// pkg/tolok.d.ts and pkg/full/tolok.d.ts: no `any` for specs or results, and the declared types
// describe what the modules really take and return. A small checker reads the declarations (the subset of
// TypeScript they use) and checks the real specs and the package's outputs against them, so a
// field added to the core without a declaration in src/wasm/types.rs fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CASES, full, MODULES, PKG, read, readSpec, ROOT, tolok } from './helpers.mjs';

// The full module's declarations and class: every type and method (the core declares the same
// types and a subset of the methods, checked below).
const { Scorer } = full;
const DTS = fs.readFileSync(path.join(PKG, 'full', 'tolok.d.ts'), 'utf8');
const CORE_DTS = fs.readFileSync(path.join(PKG, 'tolok.d.ts'), 'utf8');

// ------------------------------------------------ a checker for the declarations' TypeScript ---

/** Tokens of a type expression (comments removed). */
function tokenize(src) {
  const re = /\s+|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*|\?:|[{}()[\]<>|;:,?]/y;
  const out = [];
  for (let m; re.lastIndex < src.length; ) {
    const at = re.lastIndex;
    if (!(m = re.exec(src))) throw new Error(`cannot read the declarations at: ${src.slice(at, at + 40)}`);
    if (!/^\s+$/.test(m[0])) out.push(m[0]);
  }
  return out;
}

/** Parses a type expression from tokens `t` at `t.i`. */
function parseType(t) {
  if (t[t.i] === '|') t.i++;
  const members = [parsePostfix(t)];
  while (t[t.i] === '|') {
    t.i++;
    members.push(parsePostfix(t));
  }
  return members.length === 1 ? members[0] : { kind: 'union', members };
}

function parsePostfix(t) {
  let ty = parsePrimary(t);
  while (t[t.i] === '[' && t[t.i + 1] === ']') {
    t.i += 2;
    ty = { kind: 'array', of: ty };
  }
  return ty;
}

function expect(t, tok) {
  if (t[t.i] !== tok) throw new Error(`expected ${tok} at ${t.slice(t.i, t.i + 8).join(' ')}`);
  t.i++;
}

function parsePrimary(t) {
  const tok = t[t.i++];
  if (tok === '(') {
    const ty = parseType(t);
    expect(t, ')');
    return ty;
  }
  if (tok === '{') return parseFields(t, '}');
  if (tok === '[') {
    const items = [parseType(t)];
    while (t[t.i] === ',') {
      t.i++;
      items.push(parseType(t));
    }
    expect(t, ']');
    return { kind: 'tuple', items };
  }
  if (tok.startsWith('"')) return { kind: 'literal', value: JSON.parse(tok) };
  if (/^-?\d/.test(tok)) return { kind: 'literal', value: Number(tok) };
  if (tok === 'Record' || tok === 'ArrayLike') {
    expect(t, '<');
    const args = [parseType(t)];
    while (t[t.i] === ',') {
      t.i++;
      args.push(parseType(t));
    }
    expect(t, '>');
    return tok === 'Record' ? { kind: 'record', of: args[1] } : { kind: 'array', of: args[0] };
  }
  return { kind: 'name', name: tok };
}

/** `{ a?: T; b: U }` after the opening brace. */
function parseFields(t, close) {
  const fields = {};
  while (t[t.i] !== close) {
    const name = t[t.i++];
    const optional = t[t.i] === '?:';
    if (t[t.i] !== ':' && !optional) throw new Error(`expected : after ${name}`);
    t.i++;
    fields[name] = { type: parseType(t), optional };
    if (t[t.i] === ';' || t[t.i] === ',') t.i++;
  }
  t.i++;
  return { kind: 'object', fields };
}

/** Declarations wasm-bindgen writes for its own loader (function types, `readonly`: not read). */
const WASM_BINDGEN_OWN = new Set(['InitInput', 'InitOutput', 'SyncInitInput']);

/** The interfaces and type aliases of a .d.ts, by name. */
function declarations(dts) {
  const src = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const decls = {};
  for (const m of src.matchAll(/export (interface|type) (\w+)\s*(=|\{)/g)) {
    if (WASM_BINDGEN_OWN.has(m[2])) continue;
    const t = tokenize(src.slice(m.index + m[0].length, src.indexOf('\nexport ', m.index + 1) >>> 0));
    t.i = 0;
    decls[m[2]] = m[3] === '{' ? parseFields(t, '}') : parseType(t);
  }
  return decls;
}

const TYPED = { Float64Array, Float32Array, Uint32Array, Int32Array };

/** Problems of `value` against `type` (empty = conforms). */
function check(value, type, decls, at = '$') {
  switch (type.kind) {
    case 'name': {
      const n = type.name;
      if (n === 'string' || n === 'number' || n === 'boolean') {
        return typeof value === n ? [] : [`${at}: ${JSON.stringify(value)} is not a ${n}`];
      }
      if (n === 'null') return value === null ? [] : [`${at}: not null`];
      if (TYPED[n]) return value instanceof TYPED[n] ? [] : [`${at}: not a ${n}`];
      if (!decls[n]) return [`${at}: type ${n} is not declared`];
      return check(value, decls[n], decls, at);
    }
    case 'literal':
      return value === type.value ? [] : [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(type.value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((v, i) => check(v, type.of, decls, `${at}[${i}]`));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.items.length) return [`${at}: not a ${type.items.length}-tuple`];
      return value.flatMap((v, i) => check(v, type.items[i], decls, `${at}[${i}]`));
    case 'record':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      return Object.entries(value).flatMap(([k, v]) => check(v, type.of, decls, `${at}.${k}`));
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const problems = [];
      for (const [k, f] of Object.entries(type.fields)) {
        if (value[k] === undefined && !f.optional) problems.push(`${at}.${k}: missing`);
      }
      for (const [k, v] of Object.entries(value)) {
        if (!type.fields[k]) problems.push(`${at}.${k}: not declared`);
        else if (v !== undefined) problems.push(...check(v, type.fields[k].type, decls, `${at}.${k}`));
      }
      return problems;
    }
    case 'union': {
      const tries = type.members.map((m) => check(value, m, decls, at));
      if (tries.some((p) => p.length === 0)) return [];
      return tries.reduce((a, b) => (b.length < a.length ? b : a));
    }
    default:
      throw new Error(`unknown type kind ${type.kind}`);
  }
}

const DECLS = declarations(DTS);

function conforms(value, typeExpr, what) {
  const t = tokenize(typeExpr);
  t.i = 0;
  const problems = check(value, parseType(t), DECLS);
  assert.deepEqual(problems.slice(0, 10), [], `${what} does not match ${typeExpr}`);
}

// ------------------------------------------------------------------------------- tests -------

/** The declarations without wasm-bindgen's raw exports and without comments. */
function declared(dts) {
  const initOutput = dts.match(/export interface InitOutput \{[\s\S]*?\n\}/)?.[0] ?? '';
  return dts.replace(initOutput, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** What only the full module has. */
const FULL_ONLY = [
  'export function inspectCsv(csv: string): CsvSummary;',
  'export function starterSpec(csv: string): Spec;',
  'uncertainty(options?: UncertaintyOptions | null): UncertaintyResult;',
  'sobol(options?: UncertaintyOptions | null): SobolResult;',
];

test('the core .d.ts has no `any`, declares JS API v1 and not what only the full module has', () => {
  const core = declared(CORE_DTS);
  assert.deepEqual(core.match(/.*\bany\b.*/g) ?? [], []);
  for (const sig of [
    'static fromCsv(csv: string, spec: Spec | string): Scorer;',
    'static fromTable(table: TableInput, spec: Spec | string): Scorer;',
    'unitIds(): string[];',
    'scores(nodeId?: string | null): Float64Array;',
    'ranks(): Uint32Array | Float64Array;',
    'grades(): (string | null)[];',
    'setWeight(nodeId: string, childId: string, weight: number): void;',
    'setWeights(weights: Weights): void;',
    'weights(): Weights;',
    'contributions(unitId: string): Contributions;',
    'result(): ScoreResult;',
    'free(): void;',
    'export function score(csv: string, spec: Spec | string): ScoreResult;',
  ]) {
    assert.ok(core.includes(sig), `the core .d.ts declares ${sig}`);
  }
  for (const sig of FULL_ONLY) assert.ok(!core.includes(sig), `the core .d.ts does not declare ${sig}`);
  for (const sig of FULL_ONLY) {
    const name = sig.match(/(\w+)\(/)[1];
    assert.equal(typeof (full[name] ?? full.Scorer.prototype[name]), 'function', `the full module has ${name}`);
    assert.equal(tolok[name] ?? tolok.Scorer.prototype[name], undefined, `the core has no ${name}`);
  }
});

test('the full .d.ts has no `any` outside the raw exports wasm-bindgen declares for itself', () => {
  const rest = declared(DTS);
  assert.deepEqual(rest.match(/.*\bany\b.*/g) ?? [], []);
  for (const sig of [
    'static fromCsv(csv: string, spec: Spec | string): Scorer;',
    'static fromTable(table: TableInput, spec: Spec | string): Scorer;',
    'scores(nodeId?: string | null): Float64Array;',
    'ranks(): Uint32Array | Float64Array;',
    'groupRanks(column: string): Uint32Array | Float64Array;',
    'grades(): (string | null)[];',
    'setWeights(weights: Weights): void;',
    'weights(): Weights;',
    'nodes(): NodeInfo[];',
    'spec(): Spec;',
    'contributions(unitId: string): Contributions;',
    'result(): ScoreResult;',
    'export function score(csv: string, spec: Spec | string): ScoreResult;',
    'export function validateSpec(spec: Spec | string): Spec;',
    'export function inspectCsv(csv: string): CsvSummary;',
    'export function starterSpec(csv: string): Spec;',
    'uncertainty(options?: UncertaintyOptions | null): UncertaintyResult;',
    'sobol(options?: UncertaintyOptions | null): SobolResult;',
    'onProgress?: (done: number) => boolean | void;',
  ]) {
    assert.ok(DTS.includes(sig), `the .d.ts declares ${sig}`);
  }
  for (const name of ['Spec', 'Normalise', 'Node', 'ScoreResult', 'UnitResult', 'NodeInfo', 'CsvSummary', 'TableInput']) {
    assert.ok(DECLS[name], `${name} is declared`);
  }
});

test('every spec in specs/ is a Spec, as written and as validateSpec returns it', () => {
  const dir = path.join(ROOT, 'specs');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    conforms(spec, 'Spec', f);
    conforms(full.validateSpec(spec), 'Spec', `validateSpec(${f})`);
  }
});

test('outputs match their declared types on every real spec, in both modules', () => {
  const cases = MODULES.flatMap(([which, m]) =>
    Object.entries(CASES)
      .filter(([, c]) => which === 'full' || !c.full)
      .map(([spec, c]) => [`${spec} (${which})`, c, m]),
  );
  for (const [name, c, m] of cases) {
    const s = m.Scorer.fromCsv(read(c.data), readSpec(c.spec));
    conforms(s.result(), 'ScoreResult', `${name}: result()`);
    conforms(s.nodes(), 'NodeInfo[]', `${name}: nodes()`);
    conforms(s.weights(), 'Weights', `${name}: weights()`);
    conforms(s.spec(), 'Spec', `${name}: spec()`);
    conforms(s.originalSpec(), 'Spec', `${name}: originalSpec()`);
    conforms(s.contributions(s.unitIds()[0]), 'Contributions', `${name}: contributions()`);
    conforms(s.grades(), '(string | null)[]', `${name}: grades()`);
    conforms(s.ranks(), 'Uint32Array | Float64Array', `${name}: ranks()`);
    s.free();
  }
  for (const [name, c] of Object.entries(CASES)) {
    conforms(full.inspectCsv(read(c.data)), 'CsvSummary', `${name}: inspectCsv()`);
  }
  conforms(full.starterSpec(read(CASES.hdi.data)), 'Spec', 'starterSpec()');
});

test('uncertainty() and sobol() match UncertaintyResult and SobolResult', () => {
  for (const name of ['kesejahteraan', 'hdi', 'oecd']) {
    const c = CASES[name];
    const s = Scorer.fromCsv(read(c.data), readSpec(c.spec));
    conforms(s.uncertainty({ samples: 50 }), 'UncertaintyResult', `${name}: uncertainty()`);
    conforms(s.sobol({ sobol: { samples: 16, bootstrap: 5 } }), 'SobolResult', `${name}: sobol()`);
    conforms(s.sobol({ sobol: { samples: 16, bootstrap: 0 } }), 'SobolResult', `${name}: sobol() without bootstrap`);
    s.free();
  }
  const s = Scorer.fromCsv(read(CASES.hdi.data), readSpec(CASES.hdi.spec));
  const alternatives = [{ node: 'hdi', aggregate: ['geometric', 'arithmetic'] }];
  conforms(s.uncertainty({ samples: 20, weights: { dirichlet: 10 }, alternatives }), 'UncertaintyResult', 'hdi: Dirichlet');
  s.free();
});

test('derived weights and their reports match DerivedWeights', () => {
  const csv = read(CASES.ipm.data);
  const children = ['uhh', 'hls', 'rls', 'pengeluaran'].map((indicator) => ({ indicator }));
  const matrix = [
    [1, 2, 3, 1],
    [1 / 2, 1, 2, 1 / 2],
    [1 / 3, 1 / 2, 1, 1 / 3],
    [1, 2, 3, 1],
  ];
  for (const weighting of [
    { method: 'equal' },
    { method: 'entropy' },
    { method: 'critic' },
    { method: 'stdev' },
    { method: 'pca' },
    { method: 'ahp', matrix },
    { method: 'bod', minShare: 0.05 },
  ]) {
    const spec = {
      version: 1,
      units: { id: 'kode_wilayah', label: 'nama_wilayah' },
      indicators: children.map((c) => ({ id: c.indicator })),
      tree: { id: 'index', weighting, children },
    };
    conforms(spec, 'Spec', weighting.method);
    const s = Scorer.fromCsv(csv, spec);
    const r = s.result();
    assert.equal(r.derivedWeights?.[0]?.method, weighting.method);
    conforms(r, 'ScoreResult', `result() with ${weighting.method} weights`);
    s.free();
  }
});

test('the table objects of the tests are TableInputs', () => {
  const s = Scorer.fromCsv(read(CASES.ipm.data), readSpec(CASES.ipm.spec));
  const table = {
    ids: s.unitIds(),
    labels: s.labels(),
    groups: { provinsi: s.groupValues('provinsi') },
    columns: { uhh: s.rawValues('uhh'), hls: Array.from(s.rawValues('hls')), rls: [1, null, 3] },
  };
  conforms(table, 'TableInput', 'table');
  s.free();
});

test('the checker itself rejects what TypeScript would reject', () => {
  const problems = (value, typeExpr) => {
    const t = tokenize(typeExpr);
    t.i = 0;
    return check(value, parseType(t), DECLS);
  };
  const spec = readSpec(CASES.hdi.spec);
  assert.deepEqual(problems(spec, 'Spec'), []);
  assert.deepEqual(problems({ ...spec, extra: 1 }, 'Spec'), ['$.extra: not declared']);
  assert.deepEqual(problems({ ...spec, version: 2 }, 'Spec'), ['$.version: 2 is not 1']);
  assert.deepEqual(problems({ ...spec, units: undefined }, 'Spec'), ['$.units: missing']);
  assert.ok(problems({ method: 'minmax', min: 0 }, 'Normalise').length > 0);
  assert.ok(problems({ method: 'goalposts', min: 0 }, 'Normalise').length > 0);
  assert.deepEqual(problems({ method: 'goalposts', min: 0, max: 1, cap: true }, 'Normalise'), []);
  assert.ok(problems([1, 'x'], 'number[]').length > 0);
  assert.ok(problems({ a: 'x' }, 'Record<string, number | null>').length > 0);
  assert.ok(problems(new Float64Array(1), 'Uint32Array').length > 0);
});
