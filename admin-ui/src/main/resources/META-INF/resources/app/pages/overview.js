// Overview: this month at a glance. Every figure is an API answer shown as it came (summary,
// breakdown, timeseries, forecast, budgets, anomalies); the page adds nothing up itself.
// Test hooks: data-testid = month-total, today-total, last-month-total, burn-rate, month-end,
// top-model, by-provider, by-model, budget-gauges, unpriced-warning, anomalies, top-<dimension>.
import { api } from '../api.js';
import { h, testid, money, card, stat, table, fill, pageTitle, empty } from '../ui.js';
import { countText, percentText } from '../format.js';
import { donut, trend, gauge } from '../charts.js';

const PERIOD = 'this_month';

/** Viewers and admins see the same overview: it is drawn without waiting for the roles. */
export const sameForEveryRole = true;
const TOP_DIMENSIONS = [['project', 'Projects'], ['feature', 'Features'], ['customer', 'Customers'], ['user', 'Users'], ['session', 'Sessions']];

export default async function render(main, ctx) {
  const figures = h('div', { class: 'stats' });
  const warning = h('div');
  const charts = h('div', { class: 'grid' });
  const trendSlot = h('div');
  const budgets = h('div', { 'data-testid': 'budget-gauges' });
  const tops = h('div', { class: 'grid' });
  const anomalies = h('div', { 'data-testid': 'anomalies' });
  main.append(pageTitle('Overview', h('span', { class: 'muted' }, 'this month, in the tenant’s time zone')),
    figures, warning, charts, card('Daily cost and forecast', trendSlot), card('Budgets', budgets), tops,
    card('Open anomalies', anomalies));

  // every answer is drawn in the same turn, once all are in: one layout of the page rather than one
  // per card (on a busy machine the repeated layouts cost more than the wait for the slowest answer)
  const asked = [];
  const get = (...args) => {
    const answer = api.get(...args);
    asked.push(answer.catch(() => null));
    return answer;
  };
  const allIn = () => Promise.all(asked);
  const forecast = get('report', '/reports/forecast');
  const explore = (filter) => ctx.navigate(`/explore?${new URLSearchParams({ period: PERIOD, ...filter })}`);

  fill(figures, async () => {
    const [today, month, last, f] = await Promise.all([
      get('report', '/reports/summary', { period: 'today' }),
      get('report', '/reports/summary', { period: PERIOD }),
      get('report', '/reports/summary', { period: 'last_month' }),
      forecast,
    ]);
    await allIn();
    const interval = f.month_end_interval;
    return [
      testid(stat('Today', money(today.total.amount), `${countText(today.calls)} calls`), 'today-total'),
      testid(stat('This month', money(month.total.amount), `${countText(month.calls)} calls · ${countText(month.tokens.total)} tokens`), 'month-total'),
      testid(stat('Last month', money(last.total.amount), `${countText(last.calls)} calls`), 'last-month-total'),
      testid(stat('Burn rate', h('span', {}, money(f.burn_rate_per_day.amount), h('small', { class: 'muted' }, ' / day')),
        `mean of the last ${f.burn_days} complete days`), 'burn-rate'),
      testid(stat('Month-end projection', money(f.month_end_projection.amount),
        interval ? h('span', {}, `${interval.confidence_percent} %: `, money(interval.low.amount), ' – ', money(interval.high.amount)) : null), 'month-end'),
    ];
  });

  fill(charts, async () => {
    const [byProvider, byModel] = await Promise.all([
      get('report', '/reports/breakdown', { by: 'provider', period: PERIOD, top: 8 }),
      get('report', '/reports/breakdown', { by: 'model', period: PERIOD, top: 8 }),
    ]);
    await allIn();
    const items = (b, dim) => b.groups.map((g) => ({ name: g.key[dim], amount: g.cost.amount, share: g.share_percent }));
    const pick = (dim) => (name) => { if (name !== '(other)') explore({ [dim]: name }); };
    showUnpriced(warning, byModel);
    const topModel = byModel.groups.find((g) => g.key.model !== '(other)');
    return [
      card('Spend by provider', testid(byProvider.groups.length ? donut(items(byProvider, 'provider'), { label: 'Spend by provider', onPick: pick('provider') }) : empty('No spend this month yet.'), 'by-provider')),
      card('Spend by model', testid(byModel.groups.length ? donut(items(byModel, 'model'), { label: 'Spend by model', onPick: pick('model') }) : empty('No spend this month yet.'), 'by-model'),
        topModel ? h('p', { class: 'muted' }, 'Top model: ', h('strong', { 'data-testid': 'top-model' }, topModel.key.model), ' · ',
          money(topModel.cost.amount), ` (${percentText(topModel.share_percent)})`) : null),
    ];
  });

  fill(trendSlot, async () => {
    const [series, f] = await Promise.all([
      get('report', '/reports/timeseries', { period: PERIOD, granularity: 'day' }),
      forecast,
    ]);
    await allIn();
    const points = series.points.filter((p) => p.start <= f.as_of)
      .map((p) => ({ label: localDay(p), amount: p.cost.amount }));
    const days = f.daily_forecast || [];
    return trend(points, {
      label: 'Daily cost this month with the forecast band',
      band: days.length ? { labels: days.map((d) => `${d.date.substring(8, 10)}/${d.date.substring(5, 7)}`), low: days.map((d) => d.low.amount),
        expected: days.map((d) => d.expected.amount), high: days.map((d) => d.high.amount) } : null,
    });
  });

  fill(budgets, async () => {
    // the budgets closest to their limit, ordered by the budget-service
    const list = await get('budget', '/budgets', { order: 'percent_used', limit: 8 });
    await allIn();
    if (!list.items.length) return empty('No budgets yet.');
    return [...list.items.map((s) => gauge(s.budget.name, s.percent_used, {
      detail: h('span', {}, money(s.spent), ' of ', money(s.effective_limit), s.budget.tripped ? ' · tripped' : ''),
    })), list.total > list.items.length ? h('p', { class: 'muted' }, h('a', { href: '/budgets', 'data-link': '' },
      `the ${list.items.length} closest to their limit of ${countText(list.total)} budgets`)) : null];
  });

  for (const [dim, title] of TOP_DIMENSIONS) {
    const slot = h('div', { 'data-testid': `top-${dim}` });
    tops.append(card(`Top ${title.toLowerCase()}`, slot));
    fill(slot, async () => {
      const b = await get('report', '/reports/breakdown', { by: dim, period: PERIOD, top: 5 });
      await allIn();
      return table([
        { label: title.replace(/s$/, ''), value: (g) => g.key[dim] ?? '(none)' },
        { label: 'Cost', num: true, value: (g) => money(g.cost.amount) },
        { label: 'Share', num: true, value: (g) => percentText(g.share_percent) },
      ], b.groups, {
        emptyText: `No ${title.toLowerCase()} this month.`,
        onRow: (g) => { if (g.key[dim] && g.key[dim] !== '(other)') explore({ [dim]: g.key[dim] }); },
      });
    });
  }

  fill(anomalies, async () => {
    const list = await get('report', '/anomalies', { state: 'open', limit: 20 });
    await allIn();
    const open = list.items;
    return table([
      { label: 'Scope', value: (a) => a.scope },
      { label: 'Since', value: (a) => a.opened_at.substring(0, 16).replace('T', ' ') },
      { label: 'Observed', num: true, value: (a) => money(a.observed.amount) },
      { label: 'Expected', num: true, value: (a) => money(a.expected.amount) },
      { label: 'Detail', value: (a) => a.detail },
    ], open, { emptyText: 'No open anomalies.' });
  });
}

function showUnpriced(slot, byModel) {
  const unpriced = byModel.groups.filter((g) => g.unpriced_calls > 0);
  if (!unpriced.length) return;
  slot.replaceChildren(h('div', { class: 'warning', role: 'alert', 'data-testid': 'unpriced-warning' },
    h('strong', {}, 'Unpriced usage: '), 'these models have calls the catalogue could not price (their cost is not in the totals): ',
    unpriced.map((g, i) => [i ? ', ' : '', h('a', { href: `/explore?period=${PERIOD}&model=${encodeURIComponent(g.key.model)}`, 'data-link': '' },
      `${g.key.model} (${countText(g.unpriced_calls)} calls)`)]), '. Add a tenant price on the Prices page.'));
}

/** "05/12" for a bucket: its local start as the API wrote it (in the tenant's time zone). */
function localDay(point) {
  return `${point.local_start.substring(8, 10)}/${point.local_start.substring(5, 7)}`;
}
