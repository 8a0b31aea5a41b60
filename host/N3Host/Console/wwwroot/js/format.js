// Turning the API's JSON into what a plant engineer reads: labelled fields, small tables, local times.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/// "clientsConnected" → "Clients connected"
export function label(key) {
  const words = String(key).replace(/[_:]/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function ago(date, now = Date.now()) {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function time(text) {
  if (!text) return '—';
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return String(text);
  return `${date.toLocaleString(undefined, { hourCycle: 'h23' })} (${ago(date)})`;
}

export function shortTime(text) {
  if (!text) return '—';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? String(text) : date.toLocaleTimeString(undefined, { hourCycle: 'h23' });
}

export function number(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

const fingerprintPattern = /^[0-9A-F]{2}(:[0-9A-F]{2}){15,}$/;

/// A certificate fingerprint that breaks only between bytes ("AB:CD:" never "A" / "B:CD").
export function fingerprint(text) {
  const span = el('span', { class: 'mono fingerprint' });
  String(text).split(':').forEach((part, i, all) => span.append(part + (i < all.length - 1 ? ':' : ''), document.createElement('wbr')));
  return span;
}

function scalar(value) {
  if (value === null || value === undefined) return el('span', { class: 'muted', text: '—' });
  if (typeof value === 'boolean') return el('span', { class: value ? 'yes' : 'no', text: value ? 'yes' : 'no' });
  if (typeof value === 'number') return el('span', { class: 'num', text: number(value) });
  if (typeof value === 'string' && isoTime.test(value)) return el('span', { text: time(value) });
  const text = String(value);
  return fingerprintPattern.test(text) ? fingerprint(text) : el('span', { class: 'wrap', text });
}

function isPlain(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/// An array of objects as a small table (one column per key), of scalars as a list, anything else as fields.
function list(values, depth) {
  if (values.length === 0) return el('span', { class: 'muted', text: 'none' });
  if (values.every(isPlain)) {
    const keys = [...new Set(values.flatMap(Object.keys))];
    return el('div', { class: 'scroll-x' }, el('table', { class: 'data small' },
      el('thead', {}, el('tr', {}, keys.map(k => el('th', { text: label(k) })))),
      el('tbody', {}, values.map(v => el('tr', {}, keys.map(k => el('td', {}, render(v[k], depth + 1))))))));
  }
  return el('span', { class: 'wrap', text: values.map(v => (isPlain(v) ? JSON.stringify(v) : String(v))).join(', ') });
}

/// Any JSON value as readable fields: objects become labelled fields (nested ones indented), arrays small tables.
export function render(value, depth = 0) {
  if (Array.isArray(value)) return list(value, depth);
  if (!isPlain(value)) return scalar(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return el('span', { class: 'muted', text: 'none' });
  if (entries.every(([, v]) => v === null) && depth > 0) return el('span', { class: 'muted', text: '—' });
  return el('dl', { class: depth === 0 ? 'fields' : 'fields nested' },
    entries.flatMap(([key, v]) => [el('dt', { text: label(key) }), el('dd', {}, render(v, depth + 1))]));
}

const opened = new WeakMap();

/// Re-renders a panel without closing what the reader opened (or opening what they closed): <details data-key> keep their
/// state; one seen for the first time is open if it has data-open-first.
export function keepOpen(container, rerender) {
  const state = opened.get(container) || new Map();
  opened.set(container, state);
  for (const details of container.querySelectorAll('details[data-key]')) state.set(details.dataset.key, details.open);
  rerender();
  for (const details of container.querySelectorAll('details[data-key]')) {
    details.open = state.has(details.dataset.key) ? state.get(details.dataset.key) : details.hasAttribute('data-open-first');
  }
}
