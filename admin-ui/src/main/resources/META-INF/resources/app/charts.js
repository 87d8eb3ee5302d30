// Charts with Chart.js (served from its webjar). Geometry uses numbers; every label and tooltip
// shows the exact decimal string the API sent, rounded for reading. Charts are drawn without
// animation: a report is read, not watched, and a drawn chart is then final.
import { moneyText, chartNumber, percentText } from './format.js';
import { h } from './ui.js';

// Chart.js (205 KB) is loaded once, when a page has issued its API calls: its evaluation takes the
// main thread, which is better spent while the answers are on their way than before they are asked for.
const CHART_JS = '/webjars/chart.js/4.4.7/dist/chart.umd.js';
const PALETTE = ['#2e75b6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#1f4e79'];
let requested = false;

export function loadCharts() {
  if (requested) return;
  requested = true;
  document.head.append(Object.assign(document.createElement('script'), { src: CHART_JS, async: true }));
}

function mount(height = 280, label) {
  const el = h('div', { class: 'chart', role: 'img', 'aria-label': label || 'chart' });
  // CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles
  el.style.height = `${height}px`;
  return el;
}

// A chart is drawn once Chart.js is there and the chart is in the page (it needs its size), looking
// again every 20 ms for up to 30 s: no load event to miss, nothing left polling for a chart whose
// page was left.
function whenReady(el, draw, tries = 1500) {
  loadCharts();
  if (window.Chart && typeof window.Chart === 'function' && el.isConnected) draw();
  else if (tries > 0) setTimeout(() => whenReady(el, draw, tries - 1), 20);
}

function start(el, type, data, options) {
  whenReady(el, () => {
    const Chart = window.Chart;
    // charts of a page that was left: destroyed, or each would keep watching the document for its canvas
    Object.values(Chart.instances).forEach((c) => { if (!c.canvas.isConnected) c.destroy(); });
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#5b6776';
    const canvas = document.createElement('canvas');
    el.append(canvas);
    el.chart = new Chart(canvas, { type, data, options: { responsive: true, maintainAspectRatio: false, animation: false, ...options } });
    el.dataset.drawn = 'true';
  });
  return el;
}

/** The item under a click, by index, when the click hit one. */
function picked(onPick, names) {
  return onPick ? (event, elements) => { if (elements.length) onPick(names[elements[0].index]); } : undefined;
}

const moneyTicks = { callback: (v) => moneyText(String(v)) };

/**
 * A donut of amounts: items are {name, amount (decimal string), share (percent string, optional)};
 * onPick(name) on a click on a slice. The slices also become buttons under the chart, so a keyboard
 * can drill down too.
 */
export function donut(items, { label, onPick } = {}) {
  const el = mount(280, label);
  const names = items.map((i) => i.name);
  start(el, 'doughnut', {
    labels: names,
    datasets: [{ data: items.map((i) => chartNumber(i.amount)), backgroundColor: items.map((i, n) => PALETTE[n % PALETTE.length]), borderWidth: 1 }],
  }, {
    cutout: '60%',
    onClick: picked(onPick, names),
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: { callbacks: { label: (c) => `${moneyText(items[c.dataIndex].amount)}${items[c.dataIndex].share ? ` (${percentText(items[c.dataIndex].share)})` : ''}` } },
    },
  });
  const wrap = h('div', { class: 'chart-block' }, el);
  if (onPick) {
    wrap.append(h('div', { class: 'slice-links', 'aria-label': `${label || 'chart'}: drill down` },
      items.map((i) => h('button', { type: 'button', class: 'chip', 'data-slice': i.name, onclick: () => onPick(i.name) },
        `${i.name} · ${moneyText(i.amount)}`))));
  }
  return wrap;
}

/** Bars of amounts per category (horizontal), with drill-down like the donut. */
export function bars(items, { label, onPick } = {}) {
  const el = mount(Math.max(160, 32 * items.length + 40), label);
  const names = items.map((i) => i.name);
  start(el, 'bar', {
    labels: names,
    datasets: [{ data: items.map((i) => chartNumber(i.amount)), backgroundColor: PALETTE[0] }],
  }, {
    indexAxis: 'y',
    onClick: picked(onPick, names),
    scales: { x: { ticks: moneyTicks }, y: { ticks: { callback: (v, n) => truncate(names[n], 18) } } },
    plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => moneyText(items[c.dataIndex].amount) } } },
  });
  return el;
}

/**
 * A cost line per bucket with, optionally, a forecast band: points are {label, amount}; band is
 * {labels, low, expected, high} (decimal strings).
 */
export function trend(points, { label, band } = {}) {
  const el = mount(280, label);
  const labels = points.map((p) => p.label).concat(band ? band.labels : []);
  const pad = points.map(() => null);
  const future = band ? band.labels.map(() => null) : [];
  const line = (name, data, extra) => ({ label: name, data, pointRadius: 0, borderWidth: 2, spanGaps: false, ...extra });
  const datasets = [line('actual', points.map((p) => chartNumber(p.amount)).concat(future),
    { borderColor: PALETTE[0], backgroundColor: 'rgba(46, 117, 182, 0.15)', fill: 'origin' })];
  if (band) {
    datasets.push(
      line('low', pad.concat(band.low.map(chartNumber)), { borderWidth: 0, borderColor: 'transparent' }),
      line('interval', pad.concat(band.high.map(chartNumber)), { borderWidth: 0, borderColor: 'transparent', backgroundColor: 'rgba(145, 204, 117, 0.3)', fill: '-1' }),
      line('forecast', pad.concat(band.expected.map(chartNumber)), { borderColor: '#3ba272', borderDash: [6, 4] }));
  }
  start(el, 'line', { labels, datasets }, {
    interaction: { mode: 'index', intersect: false },
    scales: { y: { ticks: moneyTicks, beginAtZero: true } },
    plugins: {
      legend: { display: Boolean(band), labels: { filter: (item) => item.text !== 'low', boxWidth: 12 } },
      tooltip: { filter: (c) => c.raw !== null, callbacks: { label: (c) => `${c.dataset.label}: ${moneyText(String(c.raw))}` } },
    },
  });
  return el;
}

function truncate(text, max) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A gauge row: spent share of a limit with the 50/75/90/100 % marks. */
export function gauge(name, share, { detail } = {}) {
  const pct = Math.max(0, Math.min(Number(share) || 0, 150));
  const level = pct >= 100 ? 'over' : pct >= 90 ? 'high' : pct >= 75 ? 'warn' : 'ok';
  const bar = h('div', { class: 'gauge', role: 'meter', 'aria-label': name, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(Math.round(pct)) },
    widthOf(h('div', { class: `gauge-fill ${level}` }), Math.min(100, pct)),
    [50, 75, 90].map((m) => widthOf(h('span', { class: 'mark', title: `${m} %` }), m, 'left')));
  if (!name) {
    // inside a table row: the bar and its percentage only
    return h('div', { class: 'gauge-row compact' }, bar, h('div', { class: 'gauge-pct' }, `${Math.round(pct)} %`));
  }
  return h('div', { class: 'gauge-row' }, h('div', { class: 'gauge-name' }, name, detail ? h('span', { class: 'muted' }, ' ', detail) : null), bar,
    h('div', { class: 'gauge-pct' }, `${Math.round(pct)} %`));
}

function widthOf(el, pct, property = 'width') {
  el.style[property] = `${pct}%`;
  return el;
}
