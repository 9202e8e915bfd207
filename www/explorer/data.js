// Where data and specs come from: the built-in datasets, same-origin URLs, and the reader's
// own files (file picker or drag-and-drop). Nothing here parses CSV: the core does that.

/** Built-in datasets, relative to www/index.html. The first one opens by default. */
export const DATASETS = [
  {
    key: 'kesejahteraan',
    title: 'Regional welfare index 2024 · 514 kab/kota',
    csv: '../data/ipm_kabkota_2024/profil_kabkota_2024.csv',
    spec: '../specs/kesejahteraan_2024.json',
    highlight: '32.75',
    lang: 'id',
  },
  {
    key: 'ipm',
    title: 'IPM 2024 (BPS human development) · 514 kab/kota',
    csv: '../data/ipm_kabkota_2024/profil_kabkota_2024.csv',
    spec: '../specs/ipm_2024.json',
    highlight: '32.75',
    lang: 'id',
  },
  {
    key: 'hdi',
    title: 'Human Development Index 2022 (UNDP) · 195 countries',
    csv: '../data/undp_hdi_2022/hdi_2022_extract.csv',
    spec: '../specs/hdi_2022.json',
    highlight: 'IDN',
    lang: 'en',
  },
  {
    key: 'oecd',
    title: 'OECD Better Life Index 2015 · 36 countries + OECD average',
    csv: '../data/oecd_bli_2015/oecd_bli_2015_TOT_wide.csv',
    spec: '../specs/oecd_bli_2015.json',
    highlight: null,
    lang: 'en',
  },
  {
    key: 'asem',
    title: 'ASEM Sustainable Connectivity 2018 (COINr) · 51 countries',
    csv: '../data/coinr_asem/ASEM_COIN_COINr6/Data_Treated.csv',
    spec: '../specs/asem_2018.json',
    highlight: 'IDN',
    lang: 'en',
  },
  {
    key: 'asem-full',
    title: 'COINr ASEM — full pipeline (from raw data) · 51 countries',
    csv: '../data/coinr_asem/ASEM_iData.csv',
    spec: '../specs/asem_2018_full.json',
    highlight: 'SGP',
    lang: 'en',
  },
  {
    key: 'pekppp',
    title: 'PEKPPP public-service index · template, fictional data',
    csv: '../data/pekppp/pekppp_illustrative.csv',
    spec: '../specs/pekppp_template.json',
    highlight: null,
    lang: 'id',
  },
];

export const DEFAULT_DATASET = DATASETS[0].key;

export function builtin(key) {
  return DATASETS.find((d) => d.key === key) ?? null;
}

/** Fetch a same-origin text file; errors name the file. */
export async function fetchText(url) {
  const abs = new URL(url, document.baseURI);
  if (abs.origin !== location.origin) {
    throw new Error(`${url}: only files from this site can be opened by link (${location.origin})`);
  }
  let res;
  try {
    res = await fetch(abs);
  } catch (err) {
    throw new Error(`${url}: could not be fetched (${err.message})`);
  }
  if (!res.ok) throw new Error(`${url}: the server answered ${res.status} ${res.statusText}`.trim());
  return res.text();
}

/** Parse a spec's JSON text; the error names the file and says where the syntax breaks. */
export function parseSpec(text, name) {
  try {
    const spec = JSON.parse(text);
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      throw new Error('a spec is a JSON object ({ "version": 1, ... })');
    }
    return spec;
  } catch (err) {
    throw new Error(`${name} is not a valid spec: ${err.message}`);
  }
}

/** Fetch a CSV and its spec from the site (built-in datasets, or #csv=...&spec=... links). */
export async function fetchDataset(csvUrl, specUrl) {
  const [csv, specText] = await Promise.all([fetchText(csvUrl), fetchText(specUrl)]);
  return { csv, spec: parseSpec(specText, specUrl) };
}

const looksLikeJson = (name, text) => /\.json$/i.test(name) || /^\s*\{/.test(text.slice(0, 200));

/**
 * Read the reader's files: at most one CSV and one spec (.json). Returns
 * { csv, csvName, spec, specName } with whatever was given.
 */
export async function readFiles(files) {
  const out = { csv: null, csvName: null, spec: null, specName: null };
  const list = Array.from(files ?? []);
  if (list.length === 0) throw new Error('No file was given.');
  if (list.length > 2) throw new Error(`Open one CSV and at most one spec (.json); ${list.length} files were given.`);
  for (const file of list) {
    const text = await file.text();
    if (looksLikeJson(file.name, text)) {
      if (out.spec) throw new Error(`Two specs were given (${out.specName}, ${file.name}); open one.`);
      out.spec = parseSpec(text, file.name);
      out.specName = file.name;
    } else {
      if (out.csv !== null) throw new Error(`Two CSV files were given (${out.csvName}, ${file.name}); open one.`);
      out.csv = text;
      out.csvName = file.name;
    }
  }
  return out;
}

/** Files dropped anywhere on the page go to `handler`; `overlay` shows while dragging. */
export function onDroppedFiles(overlay, handler) {
  let depth = 0;
  const hasFiles = (e) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    handler(e.dataTransfer.files);
  });
}
