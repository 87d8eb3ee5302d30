// Explore: any period, any filter, grouped by one or two dimensions; a click on a bar or a row adds
// its value as a filter (drill-down). The address holds the whole view, so it can be bookmarked.
// Test hooks: data-testid = explore-form, period, group-by, filters, breakdown, breakdown-table,
// events, events-older, export-csv, export-ndjson, summary-total.
import { api } from '../api.js';
import { h, testid, money, card, table, fill, pageTitle, field, select, input, button, stat } from '../ui.js';
import { countText, percentText, dateTimeText } from '../format.js';
import { bars, trend } from '../charts.js';

export const DIMENSIONS = ['provider', 'model', 'operation', 'project', 'environment', 'user', 'customer', 'feature', 'agent', 'session', 'api_key'];
const PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'last_7_days', 'last_30_days', 'last_90_days'];
const VIEW_KEYS = ['period', 'from', 'to', 'time_zone', 'by', 'granularity'];

export default async function render(main, ctx) {
  const p = ctx.params;
  const custom = p.has('from') && p.has('to');
  const view = {
    period: custom ? '' : (p.get('period') || 'this_month'),
    from: p.get('from') || '', to: p.get('to') || '',
    time_zone: p.get('time_zone') || '',
    by: p.get('by') || 'model',
    granularity: p.get('granularity') || 'day',
  };
  const filters = Object.fromEntries(DIMENSIONS.filter((d) => p.get(d)).map((d) => [d, p.get(d)]));
  const query = { ...(custom ? { from: view.from, to: view.to } : { period: view.period }), time_zone: view.time_zone, ...filters };
  const go = (changes) => {
    const next = { ...Object.fromEntries([...p.entries()]), ...changes };
    ctx.setParams(next);
  };

  main.append(pageTitle('Explore'), controls(view, filters, go), filterChips(filters, go));

  const totals = h('div', { class: 'stats' });
  const breakdown = h('div', { 'data-testid': 'breakdown' });
  const series = h('div');
  const events = h('div', { 'data-testid': 'events' });
  const dims = view.by.split(',').filter(Boolean).slice(0, 2);
  main.append(totals, card(`Cost by ${dims.join(' and ')}`, breakdown), card('Cost over time', series),
    card('Events', exportLinks(query), events));

  fill(totals, async () => {
    const s = await api.get('report', '/reports/summary', query);
    const el = stat('Total', money(s.total.amount), `${s.period.label} · ${s.period.time_zone}`);
    el.dataset.testid = 'summary-total';
    return [el, stat('Calls', countText(s.calls), `${countText(s.errors)} errors`), stat('Tokens', countText(s.tokens.total),
      `${countText(s.tokens.input)} in · ${countText(s.tokens.output)} out`),
    stat('Unpriced calls', countText(s.unpriced_calls), s.unpriced_calls ? 'not in the total' : 'every call priced')];
  });

  fill(breakdown, async () => {
    const b = await api.get('report', '/reports/breakdown', { ...query, by: dims.join(','), top: 20 });
    const name = (g) => dims.map((d) => g.key[d] ?? '(none)').join(' · ');
    const drill = (g) => {
      const add = {};
      dims.forEach((d) => { if (g.key[d] && g.key[d] !== '(other)') add[d] = g.key[d]; });
      if (Object.keys(add).length) go(add);
    };
    const byName = new Map(b.groups.map((g) => [name(g), g]));
    return [
      b.groups.length ? bars(b.groups.map((g) => ({ name: name(g), amount: g.cost.amount })),
        { label: `Cost by ${dims.join(' and ')}`, onPick: (n) => byName.has(n) && drill(byName.get(n)) }) : null,
      h('div', { 'data-testid': 'breakdown-table' }, table([
        ...dims.map((d) => ({ label: d, value: (g) => g.key[d] ?? '(none)' })),
        { label: 'Cost', num: true, value: (g) => money(g.cost.amount) },
        { label: 'Share', num: true, value: (g) => percentText(g.share_percent) },
        { label: 'Calls', num: true, value: (g) => countText(g.calls) },
        { label: 'Tokens', num: true, value: (g) => countText(g.tokens) },
      ], b.groups, { onRow: drill, emptyText: 'No usage in this period with these filters.' })),
    ];
  });

  fill(series, async () => {
    const t = await api.get('report', '/reports/timeseries', { ...query, granularity: view.granularity });
    const label = (s) => (view.granularity === 'hour' ? s.substring(5, 16).replace('T', ' ') : s.substring(0, 10));
    return trend(t.points.map((pt) => ({ label: label(pt.start), amount: pt.cost.amount })), { label: 'Cost over time' });
  });

  eventsPage(events, query, null, []);
}

function controls(view, filters, go) {
  const period = select('period', [['', 'custom (from – to)'], ...PERIODS.map((x) => [x, x.replaceAll('_', ' ')])], view.period,
    { 'data-testid': 'period' });
  const from = input('from', { type: 'date', value: view.from });
  const to = input('to', { type: 'date', value: view.to });
  const zone = input('time_zone', { value: view.time_zone, placeholder: 'tenant’s', size: '14' });
  const [by1, by2] = view.by.split(',');
  const group1 = select('by', DIMENSIONS, by1, { 'data-testid': 'group-by' });
  const group2 = select('by2', [['', '—'], ...DIMENSIONS], by2 || '');
  const granularity = select('granularity', ['hour', 'day', 'week', 'month'], view.granularity);
  const dim = select('filter-dimension', DIMENSIONS, 'project');
  const value = input('filter-value', { placeholder: 'value' });
  const form = h('form', { class: 'card filters', 'data-testid': 'explore-form', onsubmit: (e) => {
    e.preventDefault();
    const changes = { by: [group1.value, group2.value].filter(Boolean).join(','), granularity: granularity.value, time_zone: zone.value.trim() };
    if (period.value) Object.assign(changes, { period: period.value, from: '', to: '' });
    else Object.assign(changes, { period: '', from: from.value, to: to.value });
    if (value.value.trim()) changes[dim.value] = value.value.trim();
    go(changes);
  } },
  field('Period', period), field('From', from), field('To', to, 'local days, to exclusive'), field('Time zone', zone),
  field('Group by', group1), field('then by', group2), field('Over time by', granularity),
  field('Filter', dim), field('equals', value), h('button', { type: 'submit', class: 'button primary' }, 'Apply'));
  return form;
}

function filterChips(filters, go) {
  const names = Object.keys(filters);
  return h('div', { class: 'chips', 'data-testid': 'filters', 'aria-label': 'Active filters' },
    names.length ? names.map((d) => h('button', { type: 'button', class: 'chip remove', 'data-filter': d,
      'aria-label': `remove filter ${d} = ${filters[d]}`, onclick: () => go({ [d]: '' }) }, `${d} = ${filters[d]}`))
      : h('span', { class: 'muted' }, 'No filters: click a bar or a row to drill down.'));
}

function exportLinks(query) {
  return h('p', {}, 'Export these events: ',
    h('a', { class: 'button', href: api.url('report', '/exports/usage-events.csv', query), download: 'usage-events.csv', 'data-testid': 'export-csv' }, 'CSV'), ' ',
    h('a', { class: 'button', href: api.url('report', '/exports/usage-events.ndjson', query), download: 'usage-events.ndjson', 'data-testid': 'export-ndjson' }, 'NDJSON'));
}

/** One page of raw events; `back` holds the cursors of the newer pages (cursor paging goes one way). */
function eventsPage(slot, query, cursor, back) {
  fill(slot, async () => {
    const page = await api.get('report', '/usage-events', { ...query, limit: 25, cursor });
    const tz = query.time_zone || undefined;
    return [
      table([
        { label: 'When', value: (e) => dateTimeText(e.occurred_at, tz) },
        { label: 'Provider', value: (e) => e.provider },
        { label: 'Model', value: (e) => e.model },
        { label: 'Project', value: (e) => e.project ?? '' },
        { label: 'User', value: (e) => e.user ?? '' },
        { label: 'Session', value: (e) => e.session ?? '' },
        { label: 'Status', value: (e) => e.status },
        { label: 'Tokens', num: true, value: (e) => countText(e.tokens.total) },
        { label: 'Cost', num: true, value: (e) => (e.cost ? money(e.cost.amount) : h('span', { class: 'badge warn' }, e.pricing_status)) },
      ], page.items, { emptyText: 'No events in this period with these filters.' }),
      h('div', { class: 'chips' },
        back.length ? button('← Newer', () => eventsPage(slot, query, back[back.length - 1], back.slice(0, -1))) : null,
        page.next_cursor ? testid(button('Older →', () => eventsPage(slot, query, page.next_cursor, [...back, cursor])), 'events-older') : null),
    ];
  });
}
