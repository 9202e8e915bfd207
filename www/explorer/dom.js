// DOM building without HTML parsing: every string goes in as text or as an attribute value.
// (Nothing in the explorer parses strings as markup; data labels may be hostile.)

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Create an element. `attrs`: `class`, `text` (textContent), `on` ({event: handler}),
 * `dataset` ({key: value}), `style` ({prop: value}), `hidden`/`disabled`/... (booleans),
 * anything else goes through setAttribute. Children: nodes or strings (as text).
 */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Same as h() for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A label as isolated bidirectional text (a U+202E inside cannot flip what surrounds it). */
export function bdi(text, attrs = {}) {
  return h('bdi', attrs, text);
}

/** Text only screen readers announce. */
export function srOnly(text) {
  return h('span', { class: 'sr-only', text });
}

/** Element by id, failing loudly when the page and the script disagree. */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no element #${id}`);
  return el;
}

let uid = 0;
/** A fresh element id (node ids from a spec may hold any characters, so never use them). */
export function freshId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}
