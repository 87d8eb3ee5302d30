// Reconciliation: a provider's bill beside the cost tracked here, per day, provider and model, with
// the difference (billed − tracked) as the report-service computes it. Admins import bills (CSV or
// JSON). The period and filters are kept in the address. Days are UTC unless a time zone is given.
// Test hooks: data-testid = recon-form, recon-period, recon-totals, recon-table, recon-show,
//   recon-bills, recon-export, bill-form, bill-file, bill-provider, bill-upload, bill-result, bill-show-days.
import { api } from '../api.js';
import { h, money, card, table, fill, pageTitle, field, input, select, stat, empty } from '../ui.js';
import { countText, dateTimeText } from '../format.js';
import { billForm } from './reconciliation-upload.js';

const PERIODS = ['this_month', 'last_month', 'this_week', 'last_week', 'last_7_days', 'last_30_days', 'last_90_days', 'yesterday', 'today'];
const SHOW = [['all', 'every row'], ['billed', 'rows with a bill'], ['differ', 'rows that differ'], ['unbilled', 'tracked, not billed']];

export default async function render(main, ctx) {
  const p = ctx.params;
  const custom = p.has('from') && p.has('to');
  const view = { period: custom ? '' : (p.get('period') || 'this_month'), from: p.get('from') || '', to: p.get('to') || '',
    time_zone: p.get('time_zone') || '', provider: p.get('provider') || '', model: p.get('model') || '', show: p.get('show') || 'all' };
  const query = { ...(custom ? { from: view.from, to: view.to } : { period: view.period }), time_zone: view.time_zone,
    provider: view.provider, model: view.model };
  const go = (changes) => ctx.setParams({ ...Object.fromEntries([...p.entries()]), ...changes });

  const totals = h('div', { class: 'stats', 'data-testid': 'recon-totals' });
  const rows = h('div', { 'data-testid': 'recon-table' });
  const bills = h('div', { 'data-testid': 'recon-bills' });
  main.append(pageTitle('Reconciliation'), controls(view, go));
  if (ctx.session.canEdit) main.append(card('Import a provider bill', billForm(go)));
  main.append(totals, card('Billed vs tracked, per day and model', exportLink(query), rows), card('Imported bill lines in this period', bills));

  const load = api.get('report', '/reconciliation', query);
  fill(totals, async () => {
    const r = await load;
    const diff = stat('Difference (billed − tracked)', money(r.difference.amount, r.difference.currency),
      isZero(r.billed_total.amount) ? 'no bill imported for these days' : isZero(r.difference.amount) ? 'the bill matches' : 'see the rows below');
    diff.dataset.testid = 'recon-difference';
    return [stat('Billed', money(r.billed_total.amount, r.billed_total.currency), `${dateTimeText(r.from, r.time_zone)} → ${dateTimeText(r.to, r.time_zone)}`),
      stat('Tracked', money(r.tracked_total.amount, r.tracked_total.currency), `days in ${r.time_zone}`), diff];
  });
  fill(rows, async () => rowTable((await load).rows, view.show));
  fill(bills, async () => billSummary((await load).rows));
}

function controls(view, go) {
  const period = select('period', [['', 'custom (from – to)'], ...PERIODS.map((x) => [x, x.replaceAll('_', ' ')])], view.period,
    { 'data-testid': 'recon-period' });
  const from = input('from', { type: 'date', value: view.from });
  const to = input('to', { type: 'date', value: view.to });
  const zone = input('time_zone', { value: view.time_zone, placeholder: 'UTC', size: '14' });
  const provider = input('provider', { value: view.provider, placeholder: 'any', size: '12' });
  const model = input('model', { value: view.model, placeholder: 'any', size: '16' });
  const show = select('show', SHOW, view.show, { 'data-testid': 'recon-show' });
  // picking a date means a custom period
  [from, to].forEach((el) => el.addEventListener('change', () => { period.value = ''; }));
  return h('form', { class: 'card filters', 'data-testid': 'recon-form', onsubmit: (e) => {
    e.preventDefault();
    const changes = { time_zone: zone.value.trim(), provider: provider.value.trim(), model: model.value.trim(), show: show.value === 'all' ? '' : show.value };
    if (period.value || !from.value || !to.value) Object.assign(changes, { period: period.value || 'this_month', from: '', to: '' });
    else Object.assign(changes, { period: '', from: from.value, to: to.value });
    go(changes);
  } }, field('Period', period), field('From', from), field('To', to, 'to is exclusive'), field('Time zone', zone, 'providers bill in UTC'),
  field('Provider', provider), field('Model', model), field('Show', show), h('button', { type: 'submit', class: 'button primary' }, 'Apply'));
}

function exportLink(query) {
  return h('p', {}, h('a', { class: 'button', href: api.url('report', '/reconciliation', { ...query, format: 'csv' }),
    download: 'reconciliation.csv', 'data-testid': 'recon-export' }, 'Download CSV'));
}

/** "0", "-0.000": decided on the string, never by arithmetic. */
function isZero(s) {
  return s !== null && s !== undefined && /^[-+]?0*(\.0*)?$/.test(String(s)) && /\d/.test(String(s));
}

function rowTable(rows, show) {
  const keep = {
    all: () => true,
    billed: (r) => !!r.billed,
    differ: (r) => !!r.difference && !isZero(r.difference.amount),
    unbilled: (r) => !r.billed,
  }[show] || (() => true);
  const shown = rows.filter(keep);
  return table([
    { label: 'Day', value: (r) => r.day },
    { label: 'Provider', value: (r) => r.provider },
    { label: 'Model', value: (r) => r.model },
    { label: 'Billed', num: true, value: (r) => (r.billed ? money(r.billed.amount, r.billed.currency) : h('span', { class: 'muted' }, 'no bill')) },
    { label: 'Tracked', num: true, value: (r) => money(r.tracked.amount, r.tracked.currency) },
    { label: 'Delta', num: true, value: (r) => (r.difference ? money(r.difference.amount, r.difference.currency) : '—') },
    { label: 'Delta %', num: true, value: (r) => (r.difference_percent != null ? `${r.difference_percent} %` : '—') },
    { label: '', value: (r) => badge(r) },
    { label: 'Calls', num: true, value: (r) => countText(r.tracked_calls) },
    { label: 'Unpriced', num: true, value: (r) => (r.unpriced_calls ? h('span', { class: 'badge warn', title: 'calls without a price are not in tracked' },
      countText(r.unpriced_calls)) : '0') },
  ], shown, { caption: 'Delta = billed − tracked; the percentage is of the billed amount',
    emptyText: rows.length ? 'No row of this kind in the period.' : 'Nothing billed or tracked in this period.' });
}

function badge(r) {
  if (!r.billed) return h('span', { class: 'badge' }, 'not billed');
  if (!r.tracked_calls) return h('span', { class: 'badge over' }, 'not tracked');
  return isZero(r.difference.amount) ? h('span', { class: 'badge ok' }, 'match') : h('span', { class: 'badge warn' }, 'differs');
}

/**
 * There is no list of imports in the API: the billed rows of the report are the imported lines of the
 * period, summarised here per provider (count and days only; sums are the service's business).
 */
function billSummary(rows) {
  const billed = rows.filter((r) => r.billed);
  if (!billed.length) return empty('No bill imported for these days.');
  const byProvider = new Map();
  billed.forEach((r) => {
    const s = byProvider.get(r.provider) || { provider: r.provider, lines: 0, models: new Set(), first: r.day, last: r.day };
    s.lines += 1;
    s.models.add(r.model);
    if (r.day < s.first) s.first = r.day;
    if (r.day > s.last) s.last = r.day;
    byProvider.set(r.provider, s);
  });
  return table([
    { label: 'Provider', value: (s) => s.provider },
    { label: 'Bill lines', num: true, value: (s) => countText(s.lines) },
    { label: 'Models', num: true, value: (s) => countText(s.models.size) },
    { label: 'First day', value: (s) => s.first },
    { label: 'Last day', value: (s) => s.last },
  ], [...byProvider.values()], { caption: 'From the billed rows above (the API keeps no separate list of imports)' });
}
