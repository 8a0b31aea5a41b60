// A tag's history from the historian (GET /api/history/raw and /aggregates), drawn with uPlot (vendored).
import { getJson, ApiError } from './api.js';

const $ = id => document.getElementById(id);
const rangeSeconds = { '5m': 300, '15m': 900, '1h': 3600, '8h': 28800, '24h': 86400 };
const intervals = [1, 5, 10, 30, 60, 300, 600, 1800, 3600];
const maxPages = 10;

let chart = null;
let refreshTimer = null;

/// The chart's uPlot instance (null before the first draw): the browser tests read what it holds and drew.
export function currentChart() {
  return chart;
}

function numeric(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

async function raw(tag, range) {
  const xs = [];
  const ys = [];
  let cursor = '';
  for (let page = 0; page < maxPages; page++) {
    const query = new URLSearchParams({ tag, from: `-${range}`, to: 'now', limit: '10000' });
    if (cursor) query.set('cursor', cursor);
    const answer = await getJson(`/api/history/raw?${query}`);
    for (const sample of answer.samples) {
      xs.push(new Date(sample.sourceTime).getTime() / 1000);
      ys.push(numeric(sample.value));
    }
    cursor = answer.nextCursor;
    if (!cursor) return { data: [xs, ys], note: `${xs.length} value${xs.length === 1 ? '' : 's'}` };
  }
  return { data: [xs, ys], note: `the first ${xs.length} values (more in the historian: choose a shorter range or aggregates)` };
}

async function aggregates(tag, range) {
  const wanted = rangeSeconds[range] / 150;
  const seconds = intervals.find(i => i >= wanted) || intervals[intervals.length - 1];
  const interval = seconds < 60 ? `${seconds}s` : seconds < 3600 ? `${seconds / 60}m` : `${seconds / 3600}h`;
  const query = new URLSearchParams({ tag, from: `-${range}`, to: 'now', interval });
  const answer = await getJson(`/api/history/aggregates?${query}`);
  const rows = answer.aggregates.filter(a => a.count > 0);
  return {
    data: [rows.map(a => new Date(a.start).getTime() / 1000), rows.map(a => a.min), rows.map(a => a.avg), rows.map(a => a.max)],
    note: `${rows.length} interval${rows.length === 1 ? '' : 's'} of ${interval}`,
  };
}

/// Axis labels as a control room reads them: 24-hour local time, seconds when the range is short.
function clock(seconds) {
  const date = new Date(seconds * 1000);
  const pad = n => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}` + (date.getSeconds() ? `:${pad(date.getSeconds())}` : '');
}

function options(tag, aggregated, width, from, to) {
  const series = aggregated
    ? [{}, { label: 'min', stroke: '#7aa6d6', width: 1 }, { label: 'avg', stroke: '#1f5fa8', width: 2 }, { label: 'max', stroke: '#d6897a', width: 1 }]
    : [{}, { label: tag, stroke: '#1f5fa8', width: 2, points: { show: true, size: 4 } }];
  return {
    width,
    height: 280,
    series,
    // The chosen range, whatever the data covers (one point would otherwise stretch the axis over years).
    scales: { x: { time: true, range: () => [from, to] } },
    axes: [{ space: 70, values: (u, splits) => splits.map(clock) }, { size: 60 }],
    legend: { live: true },
    hooks: {
      // What uPlot drew: the non-empty values of the first series inside the x range.
      draw: [u => {
        const [min, max] = [u.scales.x.min, u.scales.x.max];
        const drawn = u.data[1].filter((y, i) => y !== null && u.data[0][i] >= min && u.data[0][i] <= max).length;
        $('trend-chart').dataset.drawnPoints = String(drawn);
      }],
    },
  };
}

export async function drawTrend() {
  const tag = $('trend-tag').value.trim();
  if (!tag) return;
  const range = $('trend-range').value;
  const aggregated = $('trend-mode').value === 'aggregates';
  const note = $('trend-note');
  const container = $('trend-chart');
  try {
    const to = Date.now() / 1000;
    const from = to - rangeSeconds[range];
    const result = aggregated ? await aggregates(tag, range) : await raw(tag, range);
    if (chart) chart.destroy();
    container.replaceChildren();
    chart = new uPlot(options(tag, aggregated, Math.max(container.clientWidth, 280), from, to), result.data, container);
    note.textContent = `${tag}: ${result.note}, ${aggregated ? 'min / avg / max per interval' : 'as stored'}; redrawn every 5 s.`;
    note.classList.remove('error');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    note.textContent = e.message;
    note.classList.add('error');
  }
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => drawTrend().catch(() => {}), 5000);
}

export function selectTrendTag(path) {
  $('trend-tag').value = path;
  drawTrend();
}

export function wireTrend() {
  $('trend-form').addEventListener('submit', event => {
    event.preventDefault();
    drawTrend();
  });
  $('trend-range').addEventListener('change', () => drawTrend());
  $('trend-mode').addEventListener('change', () => drawTrend());
  new ResizeObserver(() => {
    if (chart) chart.setSize({ width: Math.max($('trend-chart').clientWidth, 280), height: 280 });
  }).observe($('trend-chart'));
}
