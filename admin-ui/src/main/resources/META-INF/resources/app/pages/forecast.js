// Forecast & advice: burn rate, month-end and next-month projections with their intervals and the
// method's backtest error; this month's daily cost with the forecast band; savings advice for a
// period (period, grouping and size in the address); open anomalies. Every figure is an API answer.
// Test hooks: data-testid = forecast-figures, burn-rate, month-to-date, month-end, next-month, backtest,
// forecast-trend, forecast-method, advice-form, advice-period, advice-by, advice, advice-item, anomalies.
import { api } from '../api.js';
import { h, testid, money, card, stat, table, fill, pageTitle, field, select, empty } from '../ui.js';
import { countText, percentText, dateTimeText, roundDecimal, dateFormat } from '../format.js';
import { trend } from '../charts.js';

const PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'last_7_days', 'last_30_days'];
const SIZES = ['5', '10', '20'];

export default async function render(main, ctx) {
  const p = ctx.params;
  const view = {
    period: PERIODS.includes(p.get('period')) ? p.get('period') : 'this_month',
    by: p.get('by') === 'project' ? 'project' : 'feature',
    top: SIZES.includes(p.get('top')) ? p.get('top') : '5',
  };
  const figures = h('div', { class: 'stats', 'data-testid': 'forecast-figures' });
  const trendSlot = h('div', { 'data-testid': 'forecast-trend' });
  const method = h('div', { 'data-testid': 'forecast-method' });
  const advice = h('div', { 'data-testid': 'advice' });
  const anomalies = h('div', { 'data-testid': 'anomalies' });
  main.append(pageTitle('Forecast & advice'), figures, card('Daily cost this month and the forecast band', trendSlot, method),
    card('Advice: where the same usage would cost less', adviceForm(view, ctx), advice), card('Open anomalies', anomalies));

  const forecast = api.get('report', '/reports/forecast');
  forecast.catch(() => {}); // each slot shows the failure itself

  fill(figures, async () => {
    const f = await forecast;
    const i = f.month_end_interval;
    const n = f.next_month;
    const b = f.backtest;
    return [
      testid(stat('Burn rate', h('span', {}, money(f.burn_rate_per_day.amount), h('small', { class: 'muted' }, ' / day')),
        `mean of the last ${f.burn_days} complete days`), 'burn-rate'),
      testid(stat('Month to date', money(f.month_to_date.amount), `${roundDecimal(String(f.remaining_days), 1)} days left · as of ${dateTimeText(f.as_of, f.time_zone)} (${f.time_zone})`), 'month-to-date'),
      testid(stat('Month-end projection', money(f.month_end_projection.amount),
        i ? h('span', {}, `${i.confidence_percent} % interval: `, money(i.low.amount), ' – ', money(i.high.amount)) : null), 'month-end'),
      testid(stat(`Next month (${n.month})`, money(n.expected.amount),
        h('span', {}, `${n.confidence_percent} % interval: `, money(n.low.amount), ' – ', money(n.high.amount), ` · ${n.training_days} days of history`)), 'next-month'),
      testid(stat('Backtest error', b.mean_absolute_percentage_error === null || b.mean_absolute_percentage_error === undefined
        ? '—' : percentText(b.mean_absolute_percentage_error),
      b.windows ? `mean absolute % error; ${percentText(b.interval_coverage_percent)} of windows inside the interval · ${b.note}` : b.note), 'backtest'),
    ];
  });

  fill(trendSlot, async () => {
    const [series, f] = await Promise.all([api.get('report', '/reports/timeseries', { period: 'this_month', granularity: 'day' }), forecast]);
    const asOf = Date.parse(f.as_of);
    const points = series.points.filter((pt) => Date.parse(pt.start) <= asOf)
      .map((pt) => ({ label: localDate(pt.start, series.period.time_zone).substring(5), amount: pt.cost.amount }));
    const days = f.daily_forecast || [];
    return [trend(points, {
      label: 'Daily cost this month with the forecast band',
      band: days.length ? { labels: days.map((d) => d.date.substring(5)), low: days.map((d) => d.low.amount),
        expected: days.map((d) => d.expected.amount), high: days.map((d) => d.high.amount) } : null,
    }), h('p', { class: 'muted' }, `Days in ${series.period.time_zone}; the band is the ${f.month_end_interval ? f.month_end_interval.confidence_percent : 80} % interval of each remaining day.`)];
  });

  fill(method, async () => {
    const f = await forecast;
    return h('p', { class: 'muted' }, h('strong', {}, 'Method: '), f.next_month.method);
  });

  fill(advice, () => adviceList(view));

  fill(anomalies, async () => {
    const { items: open } = await api.get('report', '/anomalies', { state: 'open', limit: 200 });
    return table([
      { label: 'Scope', value: (a) => a.scope },
      { label: 'Kind', value: (a) => a.kind },
      { label: 'Since', value: (a) => dateTimeText(a.opened_at) },
      { label: 'Last seen', value: (a) => dateTimeText(a.last_seen) },
      { label: 'Observed', num: true, value: (a) => money(a.observed.amount) },
      { label: 'Expected', num: true, value: (a) => money(a.expected.amount) },
      { label: 'Detail', value: (a) => h('span', { class: 'wrap' }, a.detail) },
    ], open, { caption: 'Times in your browser’s time zone.', emptyText: 'No open anomalies.' });
  });
}

function adviceForm(view, ctx) {
  const period = select('period', PERIODS.map((x) => [x, x.replaceAll('_', ' ')]), view.period, { 'data-testid': 'advice-period' });
  const by = select('by', [['feature', 'feature'], ['project', 'project']], view.by, { 'data-testid': 'advice-by' });
  const top = select('top', SIZES, view.top);
  return h('form', { class: 'filters', 'data-testid': 'advice-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.setParams({ period: period.value === 'this_month' ? '' : period.value, by: by.value === 'feature' ? '' : by.value,
      top: top.value === '5' ? '' : top.value });
  } }, field('Usage of', period), field('Per', by, 'with provider and model'), field('Most expensive', top),
  h('button', { type: 'submit', class: 'button primary' }, 'Apply'));
}

async function adviceList(view) {
  const a = await api.get('report', '/reports/advice', { period: view.period, by: view.by, top: view.top });
  return [
    h('p', { class: 'muted' }, `${dateTimeText(a.from, a.time_zone)} – ${dateTimeText(a.to, a.time_zone)} (${a.time_zone}). `, a.note),
    ...(a.items.length ? a.items.map((item) => adviceItem(item, a.by)) : [empty('No priced usage in this period: nothing to advise.')]),
  ];
}

function adviceItem(item, by) {
  const t = item.tokens;
  // tokens are counts, not money: adding them here is safe
  const tokens = t.input + t.cache_read + t.cache_write + t.cache_write_1h + t.output;
  const best = item.cheaper_models && item.cheaper_models[0];
  const cache = item.cache;
  return h('article', { class: 'card', 'data-testid': 'advice-item' },
    h('h3', {}, `${by} ${item.key[by] ?? '(none)'} · ${item.provider}/${item.model}`),
    h('p', {}, `${countText(item.calls)} calls · ${countText(tokens)} tokens · tracked cost `, money(item.tracked_cost.amount),
      item.list_cost_today ? [' · at today’s prices ', money(item.list_cost_today.amount)] : null),
    best ? h('p', {}, h('strong', {}, 'Estimated saving: up to '), money(best.saving.amount),
      best.saving_percent ? ` (${percentText(best.saving_percent)})` : '', ` on ${best.model}`) : null,
    item.cheaper_models && item.cheaper_models.length ? table([
      { label: 'Cheaper model', value: (m) => m.model },
      { label: 'Estimated cost', num: true, value: (m) => money(m.estimated_cost.amount) },
      { label: 'Saving', num: true, value: (m) => money(m.saving.amount) },
      { label: 'Saving %', num: true, value: (m) => percentText(m.saving_percent) },
    ], item.cheaper_models) : null,
    cache ? cacheText(cache) : null,
    item.note ? h('p', { class: 'muted' }, item.note) : null);
}

function cacheText(cache) {
  const now = ratioText(cache.hit_ratio);
  const target = ratioText(cache.target_hit_ratio);
  if (!cache.estimated_cost) {
    return h('p', { class: 'muted' }, `Prompt cache: ${now} of input already read from the cache (the scenario looks at ${target}).`);
  }
  return h('p', {}, `Prompt cache: ${now} of input read from the cache; at ${target} the same calls would cost `,
    money(cache.estimated_cost.amount), ', saving ', money(cache.saving.amount), '.');
}

/** "0.8930" → "89.3 %": a ratio, not money. */
function ratioText(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  return `${(Number(ratio) * 100).toFixed(1)} %`;
}

/** YYYY-MM-DD of an instant in a time zone. */
function localDate(iso, tz) {
  try {
    return dateFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  } catch {
    return iso.substring(0, 10);
  }
}
