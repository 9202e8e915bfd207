// Share and export: results as CSV and JSON (from the core), the current spec, the chart as SVG
// and PNG, a link to this view, and the snippet that embeds the ranking in an article.

import { byId, h } from './dom.js';
import { slug } from './format.js';

/** Offer `data` as a download named `name`. */
export function download(name, type, data) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function baseName(model) {
  const src = model.source;
  return slug(src.kind === 'builtin' ? src.key : (model.spec.name || src.name || 'tolok'));
}

export function exportCsv(model) {
  download(`${baseName(model)}-results.csv`, 'text/csv;charset=utf-8', model.scorer.toCsv());
}

export function exportJson(model) {
  download(`${baseName(model)}-results.json`, 'application/json', `${JSON.stringify(model.scorer.result(), null, 2)}\n`);
}

export function exportSpec(model) {
  download(`${baseName(model)}-spec.json`, 'application/json', `${JSON.stringify(model.scorer.spec(), null, 2)}\n`);
}

function svgText(svg) {
  const clone = svg.cloneNode(true);
  clone.removeAttribute('class');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

export function exportSvg(model, svg) {
  download(`${baseName(model)}-chart.svg`, 'image/svg+xml', svgText(svg));
}

/** Draw the SVG on a canvas (2× for sharp text) and download it as PNG. */
export async function exportPng(model, svg) {
  const w = Number(svg.getAttribute('width'));
  const hgt = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = 2;
    const canvas = h('canvas', { width: w * scale, height: hgt * scale });
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, hgt);
    const blob = await new Promise((resolve, reject) => {
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
    });
    download(`${baseName(model)}-chart.png`, 'image/png', blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Copy `text`; falls back to selecting it in `input` when the clipboard is not available. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (input) {
      input.value = text;
      input.select();
    }
    return false;
  }
}

/** The news-embed snippet for the current dataset (absolute URLs, so it works anywhere). */
export function embedSnippet(model, { dataset, selectedId }) {
  const abs = (p) => new URL(p, document.baseURI).href;
  const src = model.source;
  let csv;
  let spec;
  if (src.kind === 'builtin') {
    csv = abs(dataset.csv);
    spec = abs(dataset.spec);
  } else if (src.kind === 'url') {
    csv = abs(src.csv);
    spec = abs(src.spec);
  } else {
    csv = 'YOUR-DATA.csv';
    spec = 'YOUR-SPEC.json';
  }
  const lang = dataset?.lang ?? 'id';
  const attr = (k, v) => `${k}="${String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`;
  const lines = [attr('src', csv), attr('spec', spec)];
  const opts = [];
  if (selectedId !== null && selectedId !== undefined) opts.push(attr('highlight', selectedId));
  opts.push(attr('top', 10), attr('sliders', 'root'), attr('lang', lang));
  lines.push(opts.join(' '));
  return `<script type="module" src="${abs('tolok-ranking.js')}"></script>\n`
    + `<tolok-ranking\n  ${lines.join('\n  ')}>\n</tolok-ranking>\n`;
}

/**
 * Connect the Export menu, "Copy link" and "Embed" (index.html). `ctx` gives the current
 * model (null while none is loaded), built-in dataset and chart, and the page's messages.
 */
export function wireShareAndExport(ctx) {
  const menu = byId('export-menu');
  const run = (id, fn) => byId(id).addEventListener('click', async () => {
    menu.open = false;
    const model = ctx.model();
    if (!model) return;
    try {
      await fn(model);
    } catch (err) {
      ctx.showError(`Export failed: ${err.message}`);
    }
  });
  run('export-csv', exportCsv);
  run('export-json', exportJson);
  run('export-spec', exportSpec);
  run('export-svg', (m) => exportSvg(m, ctx.chartSvg()));
  run('export-png', (m) => exportPng(m, ctx.chartSvg()));
  document.addEventListener('click', (e) => {
    if (menu.open && !menu.contains(e.target)) menu.open = false;
  });
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.open) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });

  const copyLink = byId('copy-link');
  copyLink.addEventListener('click', async () => {
    if (!ctx.model()) return;
    ctx.flushHash();
    const ok = await copyText(location.href);
    ctx.announce(ok ? 'Link to this view copied.' : 'Copy the link from the address bar.');
    flash(copyLink, ok ? 'Link copied' : 'Copy from the address bar');
  });

  const dialog = byId('embed-dialog');
  const code = byId('embed-code');
  byId('embed').addEventListener('click', () => {
    const model = ctx.model();
    if (!model) return;
    const selectedId = model.selected >= 0 ? model.ids[model.selected] : null;
    code.value = embedSnippet(model, { dataset: ctx.dataset(), selectedId });
    const notes = [];
    if (model.source.kind === 'file') {
      notes.push('Put your CSV and spec on your site and replace YOUR-DATA.csv and YOUR-SPEC.json with their addresses.');
    }
    if (model.changedWeights().length > 0) {
      notes.push('The widget starts from the spec’s own weights; to publish the weights set here, use '
        + 'Export → Spec with these weights and point spec= at that file.');
    }
    byId('embed-note').textContent = notes.join(' ');
    dialog.showModal();
    code.select();
  });
  const copyCode = byId('embed-copy');
  copyCode.addEventListener('click', async () => {
    const ok = await copyText(code.value, code);
    flash(copyCode, ok ? 'Copied' : 'Press Ctrl+C to copy');
  });
}

/** Show `text` on `button` for a moment. */
function flash(button, text) {
  const old = button.dataset.label ?? button.textContent;
  button.dataset.label = old;
  button.textContent = text;
  clearTimeout(button.flashTimer);
  button.flashTimer = setTimeout(() => { button.textContent = old; }, 1800);
}
