// <tolok-ranking>: an interactive ranking for a news article, in one tag.
//
//   <script type="module" src="/path/to/www/tolok-ranking.js"></script>
//   <tolok-ranking src="data.csv" spec="spec.json" highlight="32.75" top="10"
//                  sliders="root" lang="id"></tolok-ranking>
//
// Attributes: src and spec (URLs, relative to the document), highlight (a unit id), top (rows,
// default 10), sliders ("root", a comma-separated list of node ids, or "none"), lang ("id" or
// "en"; default: the document's language), heading and source (override the spec's name in the
// title and the source line), interval (e.g. "90": under the highlighted unit, the ranks it
// takes in that share of 500 plausible weightings around the weights in force — each weight
// varied as the spec's `uncertainty` section says, by default ×0.5–×2 — computed when the page
// is idle, and again after the sliders settle) and seed (of those draws, default 1). Custom properties --tolok-accent, --tolok-highlight, --tolok-font
// restyle it. Events: tolok-ready, tolok-change and tolok-error (detail.message).
//
// All scoring is done by Tolok's WebAssembly scoring core (../pkg/tolok.js beside this file),
// or by the full module (../pkg/full/tolok.js, larger) when an element has `interval` or its spec
// needs a method the core leaves out (data preparation, derived weights, TOPSIS, ...); this
// module only fetches, draws and forwards slider moves to Scorer.setWeight. Data only ever
// reaches the DOM as text (textContent, attributes): no HTML is built from data.

const CORE_URL = new URL('../pkg/tolok.js', import.meta.url).href;
const FULL_URL = new URL('../pkg/full/tolok.js', import.meta.url).href;

const modules = new Map();

/** Loads and initialises a WebAssembly module once for every element on the page. */
function loadModule(url) {
  if (!modules.has(url)) {
    modules.set(url, import(url).then(async (m) => {
      await m.default();
      return m;
    }));
  }
  return modules.get(url);
}

/** True for the core's refusal of a spec that only the full module scores. */
const needsFull = (err) => String(err?.message).includes('is not in this build of Tolok');

const TEXT = {
  id: {
    locale: 'id-ID',
    loading: 'Memuat peringkat…',
    hint: 'Geser bobot untuk melihat peringkat berubah. Semua dihitung di peramban Anda.',
    weights: 'Bobot',
    reset: 'Kembalikan bobot awal',
    rank: 'Peringkat',
    change: 'Perubahan peringkat dibanding bobot awal',
    unit: 'Wilayah',
    score: 'Skor',
    grade: 'Kategori',
    caption: (top, n) => `${top} teratas dari ${n}`,
    rankOf: (n) => `dari ${n}`,
    scoreIs: (s) => `skor ${s}`,
    up: (k) => `naik ${k}`,
    down: (k) => `turun ${k}`,
    shareText: (w, share) => `bobot ${w}, ${share} dari total`,
    nowRanked: (rank, n) => [' kini peringkat ', `${rank} dari ${n}`],
    unranked: ' tidak mendapat peringkat (data tidak lengkap)',
    topNow: ' kini di peringkat 1',
    zeroWeights: 'Setidaknya satu bobot dalam kelompok ini harus lebih dari nol.',
    notFound: (id) => `Wilayah dengan kode “${id}” tidak ada dalam data.`,
    source: 'Sumber: ',
    method: 'Tentang metode',
    madeWith: 'Dibuat dengan Tolok',
    failed: 'Peringkat tidak dapat ditampilkan',
    errMissingAttr: (a) => `Atribut “${a}” belum diisi.`,
    errHttp: (what, url, status) => `Gagal memuat ${what} (${url}): HTTP ${status}.`,
    errNetwork: (what, url, msg) => `Gagal memuat ${what} (${url}): ${msg}`,
    errJson: (url, msg) => `Spesifikasi ${url} bukan JSON yang sah: ${msg}`,
    errCore: (msg) => `Tolok tidak dapat menghitung peringkat: ${msg}`,
    errEngine: (msg) => `Mesin Tolok (pkg/) tidak dapat dimuat: ${msg}`,
    errNode: (id) => `Atribut sliders: simpul “${id}” tidak ada dalam spesifikasi atau tidak punya anak.`,
    interval: (lo, hi, level) => `Peringkat ${lo === hi ? lo : `${lo}–${hi}`} pada ${level}% pembobotan yang wajar`,
    intervalHow: (n, seed) => `${n} pembobotan acak di sekitar bobot yang berlaku (seed ${seed}); `
      + 'tiap bobot dikalikan faktor acak, secara bawaan antara 0,5 dan 2.',
    data: 'data',
    spec: 'spesifikasi',
  },
  en: {
    locale: 'en-GB',
    loading: 'Loading the ranking…',
    hint: 'Move the weights to see the ranking change. Everything is computed in your browser.',
    weights: 'Weights',
    reset: 'Reset weights',
    rank: 'Rank',
    change: 'Change in rank against the original weights',
    unit: 'Name',
    score: 'Score',
    grade: 'Grade',
    caption: (top, n) => `Top ${top} of ${n}`,
    rankOf: (n) => `of ${n}`,
    scoreIs: (s) => `score ${s}`,
    up: (k) => `up ${k}`,
    down: (k) => `down ${k}`,
    shareText: (w, share) => `weight ${w}, ${share} of the total`,
    nowRanked: (rank, n) => [' is now ranked ', `${rank} of ${n}`],
    unranked: ' has no rank (incomplete data)',
    topNow: ' is now ranked first',
    zeroWeights: 'At least one weight in this group must be above zero.',
    notFound: (id) => `No unit with the id “${id}” in the data.`,
    source: 'Source: ',
    method: 'About the method',
    madeWith: 'Made with Tolok',
    failed: 'The ranking cannot be shown',
    errMissingAttr: (a) => `The “${a}” attribute is missing.`,
    errHttp: (what, url, status) => `Could not load the ${what} (${url}): HTTP ${status}.`,
    errNetwork: (what, url, msg) => `Could not load the ${what} (${url}): ${msg}`,
    errJson: (url, msg) => `The spec ${url} is not valid JSON: ${msg}`,
    errCore: (msg) => `Tolok could not compute the ranking: ${msg}`,
    errEngine: (msg) => `The Tolok engine (pkg/) could not be loaded: ${msg}`,
    errNode: (id) => `sliders attribute: node “${id}” is not in the spec or has no children.`,
    interval: (lo, hi, level) => `Rank ${lo === hi ? lo : `${lo}–${hi}`} in ${level}% of plausible weightings`,
    intervalHow: (n, seed) => `${n} random weightings around the weights in force (seed ${seed}); `
      + 'each weight multiplied by a random factor, by default between 0.5 and 2.',
    data: 'data',
    spec: 'spec',
  },
};

const ENGLISH_ORDINAL = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

const STYLE = `
:host { display: block; margin: 1.75rem 0; color: var(--tolok-fg, #1b1b1b);
  font-family: var(--tolok-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    Arial, "Liberation Sans", sans-serif); font-size: 1rem; line-height: 1.4; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.box { container: tolok / inline-size; background: var(--tolok-bg, #fff);
  border-top: 3px solid var(--tolok-accent, #0b4f8a); border-bottom: 1px solid #d8d8d8;
  padding: .9rem 0 .7rem; font-variant-numeric: tabular-nums; }
.vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
h2 { margin: 0; font-size: 1.15rem; line-height: 1.25; font-weight: 700; }
.hint { margin: .25rem 0 0; color: #555; font-size: .875rem; }
.status { margin: 1rem 0; color: #555; font-size: .95rem; }
.skeleton { height: 1.9rem; margin: .35rem 0; border-radius: 3px;
  background: linear-gradient(90deg, #eee, #f6f6f6, #eee); }
.error { margin: .75rem 0 0; padding: .7rem .8rem; border-left: 4px solid #b3261e;
  background: #fdf0ef; color: #5c1410; font-size: .95rem; overflow-wrap: anywhere; }
.error strong { display: block; margin-bottom: .15rem; }
.callout { display: flex; gap: .8rem; align-items: center; margin: .85rem 0 .2rem;
  padding: .6rem .75rem; background: var(--tolok-highlight, #fff3c4); border-radius: 4px; }
.big { flex: none; min-width: 3.2rem; text-align: center; line-height: 1; }
.big .lbl { display: block; font-size: .68rem; letter-spacing: .06em; text-transform: uppercase;
  color: #5b4a12; }
.big .num { display: block; font-size: 2rem; font-weight: 800; margin: .1rem 0; }
.who { min-width: 0; }
.who .name { display: block; font-weight: 700; font-size: 1.05rem; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.who .meta { font-size: .875rem; color: #3d3d3d; }
.who .range { margin-top: .1rem; font-size: .85rem; color: #3d3d3d; }
.note { margin: .5rem 0 0; font-size: .85rem; color: #8a4b00; overflow-wrap: anywhere; }
fieldset { border: 0; margin: .8rem 0 0; padding: 0; min-width: 0; }
legend { padding: 0; font-size: .75rem; font-weight: 700; letter-spacing: .06em;
  text-transform: uppercase; color: #555; }
.ctls { display: grid; grid-template-columns: 1fr; gap: .15rem 1.5rem; margin-top: .3rem; }
@container tolok (min-width: 30rem) { .ctls { grid-template-columns: 1fr 1fr; } }
.ctl { min-width: 0; }
.ctl .top { display: flex; justify-content: space-between; gap: .5rem; font-size: .875rem; }
.ctl label { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ctl output { flex: none; font-weight: 700; }
input[type=range] { display: block; width: 100%; height: 1.6rem; margin: 0; cursor: pointer;
  accent-color: var(--tolok-accent, #0b4f8a); }
input[type=range]:focus-visible { outline: 2px solid var(--tolok-accent, #0b4f8a); outline-offset: 1px;
  border-radius: 4px; }
.actions { display: flex; justify-content: flex-end; margin-top: .2rem; }
button { font: inherit; font-size: .85rem; padding: .35rem .7rem; border-radius: 4px; cursor: pointer;
  border: 1px solid #8a8a8a; background: #fff; color: #1b1b1b; }
button:hover:not(:disabled) { background: #f1f1f1; }
button:focus-visible { outline: 2px solid var(--tolok-accent, #0b4f8a); outline-offset: 2px; }
button:disabled { cursor: default; color: #8a8a8a; border-color: #d0d0d0; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin-top: .75rem; font-size: .95rem; }
caption { text-align: left; font-size: .75rem; font-weight: 700; letter-spacing: .06em;
  text-transform: uppercase; color: #555; padding-bottom: .3rem; }
th { font-size: .75rem; font-weight: 600; color: #555; text-align: left; padding: .25rem .3rem;
  border-bottom: 1px solid #bbb; }
td { padding: .4rem .3rem; border-bottom: 1px solid #e6e6e6; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.c-rank { width: 2.6rem; text-align: right; padding-right: .5rem; }
td.c-rank { font-weight: 700; }
.c-chg { width: 2.7rem; font-size: .8rem; }
.c-score { width: 3.9rem; text-align: right; }
.c-grade { width: var(--grade-w, 8rem); padding-left: .6rem; }
.up { color: #17692f; }
.down { color: #b3261e; }
tr.hl td { background: var(--tolok-highlight, #fff3c4); font-weight: 700; }
tr.hl td:first-child { box-shadow: inset 3px 0 0 var(--tolok-accent, #0b4f8a); }
tr.gap td { padding: .05rem .3rem; color: #888; text-align: center; letter-spacing: .3em; border-bottom: 0; }
.badge { --grade: #9e9e9e; display: inline-block; max-width: 100%; vertical-align: middle;
  padding: .05rem .45rem; border: 1px solid var(--grade); border-radius: 999px;
  background: color-mix(in srgb, var(--grade) 22%, #fff); color: #1b1b1b; font-size: .75rem;
  font-weight: 600; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
@container tolok (max-width: 27rem) {
  .c-grade { width: 1.6rem; padding-left: .3rem; }
  table .badge { width: .8rem; height: .8rem; padding: 0; background: var(--grade); }
  table .badge .txt { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .c-chg { width: 2.1rem; padding-left: .1rem; padding-right: .1rem; font-size: .72rem; }
  .c-rank { width: 2.2rem; padding-right: .35rem; }
}
.legend { display: flex; flex-wrap: wrap; gap: .2rem .9rem; margin: .55rem 0 0; padding: 0;
  list-style: none; font-size: .78rem; color: #444; }
.legend .sw { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%;
  margin-right: .3rem; vertical-align: -.05rem; background: #e4e4e4; }
footer { margin-top: .6rem; font-size: .78rem; color: #555; }
footer p { margin: 0; overflow-wrap: anywhere; }
details { margin-top: .3rem; }
summary { cursor: pointer; width: fit-content; }
details p { margin: .3rem 0 0; }
.made { color: #666; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/** createElement with a class and optional text; never parses HTML. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A label isolated from the surrounding text (bidi controls in data cannot reorder the UI). */
function bdi(text, className) {
  const node = el('bdi', className, text);
  node.dir = 'auto';
  return node;
}

/** Fetches a URL as text; errors name what failed and how. */
async function fetchText(url, what, t) {
  let res;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(t.errNetwork(what, url, err.message));
  }
  if (!res.ok) throw new Error(t.errHttp(what, url, `${res.status} ${res.statusText}`.trim()));
  return res.text();
}

function sameWeight(a, b) {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Slider geometry for sibling weights: the spec's weight sits mid-track (max = 2 × largest). */
function sliderScale(weights) {
  const base = Math.max(...weights) || 1;
  const decimals = Math.max(0, ...weights.map((w) => (String(w).split('.')[1] || '').length));
  const step = Math.min(10 ** Math.floor(Math.log10(base)) / 20, 10 ** -Math.min(decimals, 6));
  return { max: base * 2, step: Number(step.toPrecision(6)) };
}

class TolokRanking extends HTMLElement {
  static observedAttributes = ['src', 'spec', 'highlight', 'top', 'sliders', 'lang', 'heading', 'source', 'interval', 'seed'];

  #root;
  #scorer = null;
  #spec = null;
  #labels = [];
  #ids = [];
  #groupValues = null;
  #originalRanks = null;
  #controls = [];
  #view = null;
  #frame = 0;
  #announceTimer = 0;
  #loadToken = 0;
  #state = 'idle';
  #error = '';
  #interval = null; // { key, lo, hi, level, samples, seed } for the weights it was computed at
  #intervalTimer = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styleSheet()];
  }

  /** 'idle' | 'loading' | 'ready' | 'error'. */
  get state() { return this.#state; }

  /** The message shown in the error state ('' otherwise). */
  get error() { return this.#error; }

  /** The weights in force, { nodeId: { childId: weight } } (a copy). */
  get weights() { return this.#scorer ? this.#scorer.weights() : null; }

  connectedCallback() {
    if (this.#state === 'idle') this.#load();
  }

  disconnectedCallback() {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#announceTimer);
    clearTimeout(this.#intervalTimer);
    this.#intervalTimer = 0;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected || this.#state === 'idle') return;
    // After an error any change may be the fix (e.g. a corrected `sliders`): start again.
    // `interval` on an element scored by the core needs the full module: start again with it.
    const needsAnalysis = name === 'interval' && this.#intervalLevel() > 0
      && typeof this.#scorer?.uncertainty !== 'function';
    if (name === 'src' || name === 'spec' || this.#state === 'error') this.#load();
    else if (needsAnalysis) this.#load({ keepWeights: true }); // the same data: keep the sliders
    else if (this.#state === 'ready') this.#build();
  }

  get #t() {
    const lang = (this.getAttribute('lang') || this.parentElement?.closest('[lang]')?.lang
      || document.documentElement.lang || 'id').toLowerCase().split('-')[0];
    return lang === 'id' || lang === 'in' ? TEXT.id : TEXT.en;
  }

  #setState(state, message = '') {
    this.#state = state;
    this.#error = message;
  }

  /** Fetches and scores `src` by `spec`; with `keepWeights`, the new scorer takes the weights
   *  the reader had set (for a reload of the same data by the full module). */
  async #load({ keepWeights = false } = {}) {
    const token = ++this.#loadToken;
    const t = this.#t;
    const kept = keepWeights && this.#state === 'ready' ? this.#scorer?.weights() : null;
    this.#setState('loading');
    this.#showLoading();
    try {
      for (const attr of ['src', 'spec']) {
        if (!this.getAttribute(attr)) throw new Error(t.errMissingAttr(attr));
      }
      const srcUrl = new URL(this.getAttribute('src'), document.baseURI).href;
      const specUrl = new URL(this.getAttribute('spec'), document.baseURI).href;
      const load = (url) => loadModule(url).catch((err) => { throw new Error(t.errEngine(err.message)); });
      const [core, csv, specText] = await Promise.all([
        load(this.#intervalLevel() > 0 ? FULL_URL : CORE_URL),
        fetchText(srcUrl, t.data, t),
        fetchText(specUrl, t.spec, t),
      ]);
      let spec;
      try {
        spec = JSON.parse(specText);
      } catch (err) {
        throw new Error(t.errJson(specUrl, err.message));
      }
      const score = (m) => {
        try {
          return m.Scorer.fromCsv(csv, spec);
        } catch (err) {
          if (m === core && needsFull(err)) return null; // scored by the full module below
          throw new Error(t.errCore(err?.message ?? String(err)));
        }
      };
      const scorer = score(core) ?? score(await load(FULL_URL));
      if (token !== this.#loadToken) {
        scorer.free();
        return;
      }
      this.#adopt(scorer, spec);
      // The weights of a scorer of the same spec and data, so they apply as they were.
      if (kept) scorer.setWeights(kept);
      this.#build();
      this.#setState('ready');
      this.dispatchEvent(new CustomEvent('tolok-ready', { bubbles: true }));
    } catch (err) {
      if (token !== this.#loadToken) return;
      this.#showError(err.message);
    }
  }

  #adopt(scorer, spec) {
    this.#interval = null;
    this.#scorer?.free();
    this.#scorer = scorer;
    this.#spec = spec;
    this.#ids = scorer.unitIds();
    this.#labels = scorer.labels();
    const group = spec.units?.groups?.[0];
    this.#groupValues = group ? scorer.groupValues(group) : null;
    this.#originalRanks = Float64Array.from(scorer.ranks());
  }

  #countRanked(ranks) {
    let n = 0;
    for (const r of ranks) if (r > 0) n++;
    return n;
  }

  #showLoading() {
    const t = this.#t;
    const box = el('div', 'box');
    box.lang = t === TEXT.id ? 'id' : 'en';
    box.setAttribute('aria-busy', 'true');
    box.append(el('p', 'status', t.loading));
    const n = Math.min(this.#top(), 12);
    for (let i = 0; i < n; i++) box.append(el('div', 'skeleton'));
    this.#root.replaceChildren(box);
  }

  #showError(message) {
    const t = this.#t;
    this.#scorer?.free();
    this.#scorer = null;
    this.#setState('error', message);
    const box = el('div', 'box');
    const alert = el('div', 'error');
    alert.setAttribute('role', 'alert');
    alert.append(el('strong', '', t.failed), el('span', '', message));
    box.append(alert);
    this.#root.replaceChildren(box);
    this.dispatchEvent(new CustomEvent('tolok-error', { bubbles: true, detail: { message } }));
  }

  #top() {
    const n = Number.parseInt(this.getAttribute('top') ?? '10', 10);
    return Number.isFinite(n) && n > 0 ? n : 10;
  }

  #highlightIndex() {
    const id = this.getAttribute('highlight');
    return id ? this.#ids.indexOf(id) : -1;
  }

  /** Builds the whole widget for the loaded scorer (on load and when attributes change). */
  #build() {
    const t = this.#t;
    const spec = this.#spec;
    let controls;
    try {
      controls = this.#buildControls(t);
    } catch (err) {
      this.#showError(err.message);
      return;
    }
    const box = el('div', 'box');
    box.lang = t === TEXT.id ? 'id' : 'en';
    const title = el('h2');
    title.append(bdi(this.getAttribute('heading') || spec.name || t.rank));
    box.append(title);
    if (controls.fieldsets.length) box.append(el('p', 'hint', t.hint));

    const callout = el('div', 'callout');
    callout.hidden = true;
    const note = el('p', 'note');
    note.hidden = true;
    const id = this.getAttribute('highlight');
    if (id && this.#highlightIndex() < 0) {
      note.textContent = t.notFound(id);
      note.hidden = false;
    }
    box.append(callout, note, ...controls.fieldsets);
    if (controls.fieldsets.length) box.append(controls.actions);

    const table = el('table');
    const caption = el('caption');
    const tbody = el('tbody');
    table.append(caption, this.#thead(t), tbody);
    box.append(table, this.#legend(), this.#footer(t));

    const live = el('div', 'vh');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('role', 'status');
    box.append(live);

    this.#view = { t, box, callout, caption, tbody, live, note, zeroNote: controls.zeroNote, reset: controls.reset };
    this.#root.replaceChildren(box);
    this.#render();
  }

  #thead(t) {
    const thead = el('thead');
    const tr = el('tr');
    const cell = (cls, text, hidden) => {
      const th = el('th', cls);
      th.scope = 'col';
      th.append(hidden ? el('span', 'vh', text) : document.createTextNode(text));
      return th;
    };
    tr.append(cell('c-rank', '#'), cell('c-chg', t.change, true), cell('c-label', t.unit),
      cell('c-score', t.score), cell('c-grade', t.grade, true));
    tr.firstChild.setAttribute('aria-label', t.rank);
    // The grade column fits the longest grade label (badge text is .75rem, ~.47rem a character).
    const longest = Math.max(0, ...(this.#spec.grades ?? []).map((g) => [...g.label].length));
    tr.lastChild.style.setProperty('--grade-w', `${(Math.min(longest, 22) * 0.47 + 2).toFixed(2)}rem`);
    thead.append(tr);
    return thead;
  }

  /** The weight sliders for the children of each node named by `sliders`. */
  #buildControls(t) {
    const scorer = this.#scorer;
    const nodes = scorer.nodes();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const want = (this.getAttribute('sliders') ?? 'root').trim();
    const parents = want === '' || want === 'none' ? []
      : want.split(',').map((s) => s.trim()).filter(Boolean)
        .map((id) => (id === 'root' ? nodes[0].id : id));
    const original = this.#originalWeights();
    const weights = scorer.weights();
    this.#controls = [];
    const fieldsets = [];
    let serial = 0;
    for (const pid of parents) {
      const parent = byId.get(pid);
      if (!parent || parent.kind !== 'node' || !parent.children.length) throw new Error(t.errNode(pid));
      const fs = el('fieldset');
      const legend = el('legend', '', parents.length > 1 ? '' : t.weights);
      if (parents.length > 1) legend.append(`${t.weights}: `, bdi(parent.label));
      const grid = el('div', 'ctls');
      fs.append(legend, grid);
      const origs = parent.children.map((c) => original[pid]?.[c] ?? byId.get(c).weight);
      const scale = sliderScale(origs);
      const group = [];
      parent.children.forEach((cid, k) => {
        const ctl = this.#slider(`w${serial++}`, pid, byId.get(cid), origs[k], weights[pid]?.[cid] ?? origs[k], scale);
        ctl.group = group;
        group.push(ctl);
        this.#controls.push(ctl);
        grid.append(ctl.wrap);
      });
      fieldsets.push(fs);
    }
    const zeroNote = el('p', 'note');
    zeroNote.setAttribute('role', 'status');
    zeroNote.hidden = true;
    const reset = el('button', '', t.reset);
    reset.type = 'button';
    reset.addEventListener('click', () => this.#reset());
    const actions = el('div', 'actions');
    actions.append(reset);
    if (fieldsets.length) fieldsets[fieldsets.length - 1].append(zeroNote);
    for (const ctl of this.#controls) this.#showShares(ctl.group);
    return { fieldsets, actions, reset, zeroNote };
  }

  #originalWeights() {
    const out = {};
    const walk = (node) => {
      if (!node.children) return;
      out[node.id] = {};
      for (const c of node.children) {
        out[node.id][c.id ?? c.indicator] = c.weight ?? 1;
        walk(c);
      }
    };
    walk(this.#spec.tree);
    return out;
  }

  #slider(id, node, child, original, current, scale) {
    const wrap = el('div', 'ctl');
    const top = el('div', 'top');
    const label = el('label');
    label.htmlFor = id;
    label.append(bdi(child.label || child.id));
    label.title = child.label || child.id;
    const output = el('output');
    output.htmlFor = id;
    top.append(label, output);
    const input = el('input');
    input.type = 'range';
    input.id = id;
    input.min = '0';
    input.max = String(Math.max(scale.max, current));
    input.step = String(scale.step);
    input.value = String(current);
    input.dataset.node = node;
    input.dataset.child = child.id;
    const ctl = { node, child: child.id, input, output, original, weight: current, group: null, wrap };
    input.addEventListener('input', () => this.#onInput(ctl));
    wrap.append(top, input);
    return ctl;
  }

  #onInput(ctl) {
    const w = Number(ctl.input.value);
    try {
      this.#scorer.setWeight(ctl.node, ctl.child, w);
      ctl.weight = w;
      this.#view.zeroNote.hidden = true;
    } catch (err) {
      // The core refuses e.g. all-zero siblings: keep the last accepted weight.
      ctl.input.value = String(ctl.weight);
      const zero = ctl.group.every((c) => c === ctl || c.weight === 0);
      this.#view.zeroNote.textContent = zero ? this.#view.t.zeroWeights : err.message;
      this.#view.zeroNote.hidden = false;
      return;
    }
    this.#showShares(ctl.group);
    this.#changed();
  }

  #reset() {
    this.#scorer.resetWeights();
    for (const ctl of this.#controls) {
      ctl.weight = ctl.original;
      ctl.input.value = String(ctl.original);
    }
    const groups = new Set(this.#controls.map((c) => c.group));
    for (const g of groups) this.#showShares(g);
    this.#view.zeroNote.hidden = true;
    this.#changed();
  }

  #changed() {
    this.#scheduleRender();
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => this.#announce(), 400);
    this.dispatchEvent(new CustomEvent('tolok-change', { bubbles: true }));
  }

  #showShares(group) {
    const t = this.#t;
    const total = group.reduce((s, c) => s + c.weight, 0);
    const pct = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 });
    const num = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 6 });
    for (const c of group) {
      const share = pct.format(total > 0 ? c.weight / total : 0);
      c.output.textContent = share;
      c.input.setAttribute('aria-valuetext', t.shareText(num.format(c.weight), share));
    }
  }

  #scheduleRender() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.#state === 'ready') this.#render();
    });
  }

  #formats() {
    const t = this.#view.t;
    const round = this.#spec.rank?.round;
    const d = Number.isInteger(round) ? Math.min(Math.max(round, 0), 6) : 3;
    return {
      score: new Intl.NumberFormat(t.locale, { minimumFractionDigits: d, maximumFractionDigits: d }),
      int: new Intl.NumberFormat(t.locale, { maximumFractionDigits: 2 }),
    };
  }

  /** Redraws the callout and the table from the scorer's current state. */
  #render() {
    const { t, caption, tbody, reset } = this.#view;
    const s = this.#scorer;
    const order = s.order();
    const ranks = s.ranks();
    const scores = s.roundedScores();
    const grades = s.grades();
    const fmt = this.#formats();
    const n = this.#countRanked(ranks);
    const top = Math.min(this.#top(), n);
    const hl = this.#highlightIndex();

    caption.textContent = t.caption(fmt.int.format(top), fmt.int.format(n));
    const rows = [];
    let shown = false;
    for (let k = 0; k < top; k++) {
      const i = order[k];
      shown ||= i === hl;
      rows.push(this.#row(i, ranks[i], scores[i], grades[i], fmt, i === hl));
    }
    if (hl >= 0 && !shown) {
      const gap = el('tr', 'gap');
      gap.setAttribute('aria-hidden', 'true');
      const td = el('td', '', '⋯');
      td.colSpan = 5;
      gap.append(td);
      rows.push(gap, this.#row(hl, ranks[hl], scores[hl], grades[hl], fmt, true));
    }
    tbody.replaceChildren(...rows);
    this.#renderCallout(hl, ranks, scores, grades, fmt);
    if (reset) reset.disabled = this.#controls.every((c) => sameWeight(c.weight, c.original));
  }

  #row(i, rank, score, grade, fmt, highlighted) {
    const t = this.#view.t;
    const tr = el('tr', highlighted ? 'hl' : '');
    const label = this.#labels[i];
    tr.append(
      el('td', 'c-rank', rank > 0 ? fmt.int.format(rank) : '–'),
      this.#changeCell(i, rank, fmt),
    );
    const name = el('td', 'c-label');
    name.title = label;
    name.append(bdi(label));
    const sc = el('td', 'c-score', Number.isNaN(score) ? '–' : fmt.score.format(score));
    const gr = el('td', 'c-grade');
    if (grade != null) gr.append(this.#badge(grade));
    tr.append(name, sc, gr);
    if (highlighted) tr.setAttribute('aria-current', 'true');
    return tr;
  }

  #changeCell(i, rank, fmt) {
    const t = this.#view.t;
    const td = el('td', 'c-chg');
    const before = this.#originalRanks[i];
    if (!(rank > 0 && before > 0) || before === rank) return td;
    const up = rank < before;
    const k = fmt.int.format(Math.abs(before - rank));
    const mark = el('span', up ? 'up' : 'down', `${up ? '▲' : '▼'}\u2009${k}`);
    mark.setAttribute('aria-hidden', 'true');
    td.append(mark, el('span', 'vh', up ? t.up(k) : t.down(k)));
    return td;
  }

  #badge(grade) {
    const badge = el('span', 'badge');
    badge.title = grade;
    badge.append(bdi(grade, 'txt'));
    const color = this.#spec.grades?.find((g) => g.label === grade)?.color;
    if (color && CSS.supports('color', color)) badge.style.setProperty('--grade', color);
    return badge;
  }

  #legend() {
    const list = el('ul', 'legend');
    for (const g of this.#spec.grades ?? []) {
      const li = el('li');
      const sw = el('span', 'sw');
      sw.setAttribute('aria-hidden', 'true');
      if (g.color && CSS.supports('color', g.color)) sw.style.backgroundColor = g.color;
      li.append(sw, bdi(g.label));
      if (g.description) li.append(` (${g.description})`);
      list.append(li);
    }
    list.hidden = !list.childElementCount;
    return list;
  }

  #footer(t) {
    const footer = el('footer');
    const source = el('p');
    source.append(t.source, bdi(this.getAttribute('source') || this.#spec.name || '–'), '. ');
    source.append(el('span', 'made', t.madeWith));
    footer.append(source);
    if (this.#spec.description) {
      const details = el('details');
      details.append(el('summary', '', t.method), el('p', '', this.#spec.description));
      footer.append(details);
    }
    return footer;
  }

  #renderCallout(hl, ranks, scores, grades, fmt) {
    const { t, callout } = this.#view;
    if (hl < 0) {
      callout.hidden = true;
      return;
    }
    const big = el('div', 'big');
    big.append(el('span', 'lbl', t.rank), el('span', 'num', ranks[hl] > 0 ? fmt.int.format(ranks[hl]) : '–'),
      el('span', 'lbl', t.rankOf(fmt.int.format(this.#countRanked(ranks)))));
    const who = el('div', 'who');
    who.append(bdi(this.#labels[hl], 'name'));
    who.firstChild.title = this.#labels[hl];
    const meta = el('div', 'meta');
    const parts = [];
    if (this.#groupValues?.[hl]) parts.push(bdi(this.#groupValues[hl]));
    if (!Number.isNaN(scores[hl])) parts.push(t.scoreIs(fmt.score.format(scores[hl])));
    parts.forEach((p, k) => meta.append(...(k ? [' · ', p] : [p])));
    if (grades[hl] != null) meta.append(' ', this.#badge(grades[hl]));
    who.append(meta);
    const range = this.#intervalLine(hl, ranks);
    if (range) who.append(range);
    callout.replaceChildren(big, who);
    callout.hidden = false;
  }

  // ---- the `interval` attribute: the highlighted unit's rank interval ------------------------

  /** The requested level (e.g. 90), or 0 when there is no (valid) `interval` attribute. */
  #intervalLevel() {
    const raw = this.getAttribute('interval');
    if (raw === null) return 0;
    const level = raw.trim() === '' ? 90 : Number(raw);
    return level >= 50 && level < 100 ? level : 0;
  }

  #intervalSeed() {
    const seed = Number(this.getAttribute('seed') ?? 1);
    return Number.isInteger(seed) && seed >= 0 && seed <= 4294967295 ? seed : 1;
  }

  /** What an interval depends on: the weights in force, the unit, the level and the seed. */
  #intervalKey(hl) {
    return JSON.stringify([this.#scorer.weights(), hl, this.#intervalLevel(), this.#intervalSeed()]);
  }

  /** The interval line for the callout if it is computed for the current state; else schedules it. */
  #intervalLine(hl, ranks) {
    if (!this.#intervalLevel() || !(ranks[hl] > 0) || typeof this.#scorer.uncertainty !== 'function') return null;
    const key = this.#intervalKey(hl);
    const iv = this.#interval;
    if (iv?.key !== key) {
      this.#scheduleInterval();
      // Keep the line's place while it is computed, so that nothing below it jumps.
      const pending = el('div', 'range', '\u00a0');
      pending.setAttribute('aria-hidden', 'true');
      return pending;
    }
    if (Number.isNaN(iv.lo)) return null;
    const t = this.#view.t;
    const int = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 2 });
    const line = el('div', 'range', t.interval(int.format(iv.lo), int.format(iv.hi), int.format(iv.level)));
    line.title = t.intervalHow(int.format(iv.samples), iv.seed);
    return line;
  }

  /** Computes the interval when the page is idle, once the weights have settled. */
  #scheduleInterval() {
    clearTimeout(this.#intervalTimer);
    this.#intervalTimer = setTimeout(() => {
      this.#intervalTimer = 0;
      const run = () => this.#computeInterval();
      if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
      else run();
    }, this.#interval ? 500 : 0);
  }

  #computeInterval() {
    const hl = this.#highlightIndex();
    const level = this.#intervalLevel();
    if (this.#state !== 'ready' || !this.isConnected || hl < 0 || !level) return;
    const key = this.#intervalKey(hl);
    if (this.#interval?.key === key) return;
    const seed = this.#intervalSeed();
    let r;
    try {
      r = this.#scorer.uncertainty({ samples: 500, seed, bounds: false }); // the interval only
    } catch (err) {
      console.warn(`tolok-ranking: no rank interval (${err?.message ?? err})`);
      this.#interval = { key, lo: NaN };
      return;
    }
    const [lo, hi] = rankQuantiles(r, hl, level);
    this.#interval = { key, lo, hi, level: Number.isNaN(lo) ? 0 : level, samples: r.samples, seed };
    if (!Number.isNaN(lo)) this.#render();
  }

  /** Puts the highlighted unit's new rank (or the new leader) in the polite live region. */
  #announce() {
    if (this.#state !== 'ready') return;
    const { t, live } = this.#view;
    const s = this.#scorer;
    const ranks = s.ranks();
    const hl = this.#highlightIndex();
    const i = hl >= 0 ? hl : s.order()[0];
    const name = bdi(this.#labels[i]);
    if (hl < 0) live.replaceChildren(name, t.topNow);
    else if (!(ranks[hl] > 0)) live.replaceChildren(name, t.unranked);
    else {
      const [verb, tail] = t.nowRanked(this.#ordinal(ranks[hl]), new Intl.NumberFormat(t.locale).format(this.#countRanked(ranks)));
      live.replaceChildren(name, verb, tail);
    }
  }

  #ordinal(rank) {
    const t = this.#view.t;
    const text = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 2 }).format(rank);
    if (t !== TEXT.en || !Number.isInteger(rank)) return text;
    return text + ENGLISH_ORDINAL[new Intl.PluralRules('en', { type: 'ordinal' }).select(rank)];
  }
}

/**
 * The ranks between which unit `u` lies in `level`% of the draws: the (1 − level)/2 and
 * (1 + level)/2 quantiles of its ranks, as the core defines them (the smallest rank r with at
 * least that share of the draws at rank ≤ r). 90% is the core's own p05–p95; other levels come
 * from the acceptability matrix (up to 2,000 units; above, [NaN, NaN]).
 */
function rankQuantiles(r, u, level) {
  if (level === 90) return [r.p05[u], r.p95[u]];
  if (!r.acceptability) return [NaN, NaN];
  const n = r.nominal.length;
  const q = (1 - level / 100) / 2;
  const at = (share) => {
    let acc = 0;
    for (let c = 0; c < n; c++) {
      const a = r.acceptability[u * n + c];
      acc += a;
      if (a > 0 && acc >= share - 1e-12) return c + 1;
    }
    return r.max[u];
  };
  return [at(q), at(1 - q)];
}

if (!customElements.get('tolok-ranking')) customElements.define('tolok-ranking', TolokRanking);

export { TolokRanking };
