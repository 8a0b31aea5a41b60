// Live tag values, pushed by the node every second (GET /api/events), with a filter.
import { el, number, shortTime } from './format.js';

const $ = id => document.getElementById(id);

/// What the operator types: a pattern when it has * or ?, otherwise any path that contains the text.
export function pattern(text) {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[*?]/.test(trimmed) ? trimmed : `*${trimmed}*`;
}

function valueText(tag) {
  if (typeof tag.value === 'number') return number(tag.value);
  if (typeof tag.value === 'boolean') return tag.value ? 'true' : 'false';
  return typeof tag.value === 'string' ? tag.value : JSON.stringify(tag.value);
}

export function renderTags(update, selected, filtered) {
  update = { ...update, filtered };
  const rows = update.values.map(tag => {
    const quality = String(tag.quality).toLowerCase();
    return el('tr', { 'data-path': tag.path, class: tag.path === selected ? 'selected' : '' },
      el('td', { class: 'path', text: tag.path }),
      el('td', { class: 'num', text: valueText(tag) }),
      el('td', { class: quality === 'good' ? '' : 'warn', text: quality }),
      el('td', { text: shortTime(tag.sourceTime) }));
  });
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, update.filtered
      ? 'No tag matches the filter.'
      : 'No tag values on this node. On a standby node, the modules that run on the active node only publish none.')));
  }
  $('tag-table').tBodies[0].replaceChildren(...rows);
  $('tag-count').textContent = update.total > update.values.length
    ? `${update.values.length} of ${update.total} tags shown: narrow the filter`
    : `${update.total} tag${update.total === 1 ? '' : 's'}`;
  const options = update.values.filter(t => typeof t.value === 'number' || typeof t.value === 'boolean').map(t => el('option', { value: t.path }));
  $('trend-tags').replaceChildren(...options);
}

/// Calls onFilter (debounced) when the filter changes, onSelect when a row is picked.
export function wireTags(onFilter, onSelect) {
  let timer;
  $('tag-filter').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onFilter(pattern($('tag-filter').value)), 300);
  });
  $('tag-table').tBodies[0].addEventListener('click', event => {
    const row = event.target.closest('tr[data-path]');
    if (row) onSelect(row.dataset.path);
  });
}
