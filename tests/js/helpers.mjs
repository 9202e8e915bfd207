// Shared helpers for the JS tests of the built package (node:test; run `scripts/build.sh` first):
//
//   import { tolok, ROOT, CASES, read, cli } from './helpers.mjs';
//   const s = tolok.Scorer.fromCsv(read(CASES.ipm.data), readSpec(CASES.ipm.spec));
//
// `tolok` is pkg/tolok.js (the scoring core) and `full` pkg/full/tolok.js, each initialised
// synchronously from its .wasm (as in node).
// TOLOK_PKG=/path/to/pkg tests another build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package directory under test. */
export const PKG = process.env.TOLOK_PKG ? path.resolve(process.env.TOLOK_PKG) : path.join(ROOT, 'pkg');

if (!fs.existsSync(path.join(PKG, 'tolok_bg.wasm'))) {
  throw new Error(`${PKG}/tolok_bg.wasm is missing: build the package first (scripts/build.sh)`);
}

/** The module in `dir` (tolok.js and tolok_bg.wasm), initialised synchronously. */
async function load(dir) {
  const m = await import(pathToFileURL(path.join(dir, 'tolok.js')).href);
  m.initSync({ module: fs.readFileSync(path.join(dir, 'tolok_bg.wasm')) });
  return m;
}

/** pkg/tolok.js, the scoring core (JS API v1), ready to use. */
export const tolok = await load(PKG);

/** pkg/full/tolok.js, the full module (methods, robustness, the explorer's helpers). */
export const full = await load(path.join(PKG, 'full'));

/** Both modules, for tests that hold for each: [name, module]. */
export const MODULES = [
  ['core', tolok],
  ['full', full],
];

/** A file of the repository as text. */
export const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** A spec file of the repository as a plain object. */
export const readSpec = (rel) => JSON.parse(read(rel));

/** Every real spec with its data (the same pairs as tests/wasm.rs). */
export const CASES = {
  ipm: { spec: 'specs/ipm_2024.json', data: 'data/ipm_kabkota_2024/profil_kabkota_2024.csv' },
  kesejahteraan: { spec: 'specs/kesejahteraan_2024.json', data: 'data/ipm_kabkota_2024/profil_kabkota_2024.csv' },
  hdi: { spec: 'specs/hdi_2022.json', data: 'data/undp_hdi_2022/hdi_2022_extract.csv' },
  oecd: { spec: 'specs/oecd_bli_2015.json', data: 'data/oecd_bli_2015/oecd_bli_2015_TOT_wide.csv' },
  pekppp: { spec: 'specs/pekppp_template.json', data: 'data/pekppp/pekppp_illustrative.csv' },
  asem: { spec: 'specs/asem_2018.json', data: 'data/coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv' },
  // `prepare`: the full module only (the core refuses it by name).
  asemFull: { spec: 'specs/asem_2018_full.json', data: 'data/coinr_asem/ASEM_iData.csv', full: true },
};

let cliPath = null;

/** Runs the native CLI (`tolok ARGS...`, built once with `cargo build --release`); its stdout. */
export function cli(...args) {
  if (!cliPath) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'tolok'], { cwd: ROOT, stdio: 'inherit' });
    const meta = JSON.parse(
      execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: ROOT, encoding: 'utf8' }),
    );
    cliPath = path.join(meta.target_directory, 'release', process.platform === 'win32' ? 'tolok.exe' : 'tolok');
  }
  return execFileSync(cliPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The call's thrown value (fails if it returns). */
export function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

const view = new DataView(new ArrayBuffer(8));

/** The 64 bits of a number, as a BigInt (to compare results bit for bit). */
export function bits(x) {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}
