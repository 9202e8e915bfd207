// Number and text formatting in the reader's locale.

const formats = new Map();

function numberFormat(decimals) {
  let f = formats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, f);
  }
  return f;
}

export const isMissing = (x) => x === null || x === undefined || Number.isNaN(x);

/** `x` with `decimals` decimals in the reader's locale; an en dash when missing. */
export function fixed(x, decimals) {
  return isMissing(x) ? '–' : numberFormat(decimals).format(x);
}

/** Decimals that suit numbers of this magnitude (1234 · 123.4 · 12.34 · 1.234). */
export function decimalsFor(maxAbs) {
  if (!(maxAbs >= 0) || maxAbs === Infinity) return 2;
  if (maxAbs >= 1000) return 0;
  if (maxAbs >= 100) return 1;
  if (maxAbs >= 10) return 2;
  return 3;
}

/** A value formatted by its own magnitude. */
export function auto(x) {
  return isMissing(x) ? '–' : fixed(x, decimalsFor(Math.abs(x)));
}

/** A weight as typed (no trailing zeros, at most 4 decimals). */
export function weight(x) {
  return String(Math.round(x * 10000) / 10000);
}

const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
/** A share (0.253) as a percentage (25.3%). */
export function percent(x) {
  return isMissing(x) ? '–' : pct.format(x);
}

/** A rank: an integer, or a tied average (2.5); unranked (0 or NaN) is an en dash. */
export function rank(r) {
  if (!r || Number.isNaN(r)) return '–';
  return Number.isInteger(r) ? numberFormat(0).format(r) : numberFormat(1).format(r);
}

/** The first `max` characters of `text` with an ellipsis when cut (code points, not halves). */
export function truncate(text, max) {
  if (text.length <= max) return text;
  const cut = Array.from(text.slice(0, max * 2)).slice(0, max - 1).join('');
  return cut.length < text.length ? `${cut}…` : text;
}

/** A column name as a heading ("provinsi" → "Provinsi", "Group_EurAsia" → "Group EurAsia"). */
export function heading(name) {
  const t = String(name).replace(/_/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Black or white, whichever reads better on `color` (#rgb or #rrggbb); null if unparsable. */
export function textOn(color) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color || '').trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against black (lum+0.05)/0.05 vs against white 1.05/(lum+0.05).
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? '#111' : '#fff';
}

/** A safe file name part from any text. */
export function slug(text) {
  return String(text).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'tolok';
}
