// Charts with Apache ECharts (served from its webjar). Geometry uses numbers; every label and
// tooltip shows the exact decimal string the API sent, rounded for reading.
import { moneyText, chartNumber } from './format.js';
import { h } from './ui.js';

const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

function mount(height = 280, label) {
  const el = h('div', { class: 'chart', role: 'img', 'aria-label': label || 'chart' });
  // CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles
  el.style.height = `${height}px`;
  return el;
}

// ECharts loads asynchronously beside the page's own modules (the API calls need not wait for it).
// A chart is drawn once ECharts is there and the chart is in the page (ECharts needs its size),
// looking again every 20 ms for up to 30 s: no load event to miss, nothing left polling for a chart
// whose page was left.
function whenReady(el, draw, tries = 1500) {
  // (typeof init: an element with id "echarts" would be window.echarts too)
  if (window.echarts && typeof window.echarts.init === 'function' && el.isConnected) draw();
  else if (tries > 0) setTimeout(() => whenReady(el, draw, tries - 1), 20);
}

function start(el, option, onClick) {
  const draw = () => {
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    if (onClick) chart.on('click', (p) => onClick(p.name));
    charts.add(chart);
    el.chart = chart;
    el.dataset.drawn = 'true';
  };
  whenReady(el, draw);
  return el;
}

/**
 * A donut of amounts: items are {name, amount (decimal string)}; onPick(name) on a click on a slice.
 * The slices also become buttons under the chart, so a keyboard can drill down too.
 */
export function donut(items, { label, onPick } = {}) {
  const el = mount(280, label);
  const data = items.map((i) => ({ name: i.name, value: chartNumber(i.amount), exact: i.amount }));
  start(el, {
    tooltip: { trigger: 'item', formatter: (p) => `${escapeHtml(p.name)}<br>${moneyText(p.data.exact)} (${p.percent} %)` },
    legend: { type: 'scroll', bottom: 0 },
    series: [{ type: 'pie', radius: ['45%', '72%'], center: ['50%', '45%'], data, label: { show: false } }],
  }, onPick);
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
  const rev = [...items].reverse();
  start(el, {
    grid: { left: 140, right: 24, top: 8, bottom: 24 },
    tooltip: { trigger: 'item', formatter: (p) => `${escapeHtml(p.name)}<br>${moneyText(rev[p.dataIndex].amount)}` },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => moneyText(String(v)) } },
    yAxis: { type: 'category', data: rev.map((i) => i.name), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rev.map((i) => chartNumber(i.amount)) }],
  }, onPick);
  return el;
}

/**
 * A cost line per bucket with, optionally, a forecast band: points are {label, amount}; band is
 * {labels, low, expected, high} (decimal strings).
 */
export function trend(points, { label, band } = {}) {
  const el = mount(280, label);
  const labels = points.map((p) => p.label).concat(band ? band.labels : []);
  const actual = points.map((p) => chartNumber(p.amount)).concat(band ? band.labels.map(() => null) : []);
  const series = [{ name: 'actual', type: 'line', data: actual, showSymbol: false, areaStyle: { opacity: 0.15 } }];
  if (band) {
    const pad = points.map(() => null);
    series.push(
      { name: 'low', type: 'line', stack: 'band', data: pad.concat(band.low.map(chartNumber)), lineStyle: { opacity: 0 }, showSymbol: false },
      { name: 'interval', type: 'line', stack: 'band', data: pad.concat(band.high.map((v, i) => chartNumber(v) - chartNumber(band.low[i]))),
        lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2 }, showSymbol: false },
      { name: 'forecast', type: 'line', data: pad.concat(band.expected.map(chartNumber)), lineStyle: { type: 'dashed' }, showSymbol: false });
  }
  start(el, {
    grid: { left: 64, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : moneyText(String(v))) },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => moneyText(String(v)) } },
    series,
  });
  return el;
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

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
