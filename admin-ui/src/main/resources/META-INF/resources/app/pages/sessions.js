// Sessions: the most expensive sessions active in a period (period, model and list size kept in the
// address); /sessions/<id> shows one session's whole-session figures (see sessions-detail.js).
// Test hooks: data-testid = sessions-form, sessions-period, sessions-model, sessions-top, sessions-table,
// sessions-csv, session-row-<id>; detail: see sessions-detail.js.
import { api } from '../api.js';
import { h, money, card, table, fill, pageTitle, field, select, input } from '../ui.js';
import { countText, dateTimeText } from '../format.js';
import { sessionDetail, durationText, testid } from './sessions-detail.js';

export const PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'last_7_days', 'last_30_days'];
const SIZES = ['10', '25', '50', '100'];

export default async function render(main, ctx) {
  if (ctx.rest[0]) {
    await sessionDetail(main, ctx, ctx.rest[0]);
    return;
  }
  const p = ctx.params;
  const view = {
    period: PERIODS.includes(p.get('period')) ? p.get('period') : 'this_month',
    model: p.get('model') || '',
    top: SIZES.includes(p.get('top')) ? p.get('top') : '10',
  };
  const query = { period: view.period, model: view.model, top: view.top };
  const list = h('div', { 'data-testid': 'sessions-table' });
  main.append(pageTitle('Sessions', h('span', { class: 'muted' }, 'the most expensive sessions active in the period')),
    controls(view, ctx), card(null, csvLink(query), list));

  fill(list, async () => {
    const data = await api.get('report', '/reports/sessions', query);
    const tz = data.period.time_zone;
    return [
      h('p', { class: 'muted' }, `${dateTimeText(data.period.from, tz)} – ${dateTimeText(data.period.to, tz)} (${tz}); `,
        'a session counts when it was active in the period, and its figures cover the whole session. Click a session (or press Enter on it) for its detail.'),
      table([
        { label: 'Session', value: (s) => testid(h('strong', {}, s.session), `session-row-${s.session}`) },
        { label: 'Started', value: (s) => dateTimeText(s.start, tz) },
        { label: 'Duration', value: (s) => durationText(s.duration_seconds) },
        { label: 'Models', value: (s) => s.models.join(', ') },
        { label: 'Calls', num: true, value: (s) => countText(s.calls) },
        { label: 'Errors', num: true, value: (s) => countText(s.errors) },
        { label: 'Tokens', num: true, value: (s) => countText(s.total_tokens) },
        { label: 'Cost', num: true, value: (s) => h('span', {}, money(s.cost.amount),
          s.unpriced_calls ? h('span', { class: 'badge warn', title: 'calls the catalogue could not price; not in the cost' }, ` ${countText(s.unpriced_calls)} unpriced`) : null) },
        { label: 'Per call', num: true, value: (s) => money(s.average_cost_per_call.amount) },
        { label: 'Per minute', num: true, value: (s) => money(s.cost_per_minute.amount) },
      ], data.sessions, {
        emptyText: view.model ? `No session used ${view.model} in this period.` : 'No sessions in this period: calls carry a session when the caller tags them with one.',
        onRow: (s) => ctx.navigate('/sessions/' + encodeURIComponent(s.session) + location.search),
      }),
    ];
  });
}

function controls(view, ctx) {
  const period = select('period', PERIODS.map((x) => [x, x.replaceAll('_', ' ')]), view.period, { 'data-testid': 'sessions-period' });
  const model = input('model', { value: view.model, placeholder: 'any model', 'data-testid': 'sessions-model' });
  const top = select('top', SIZES, view.top, { 'data-testid': 'sessions-top' });
  return h('form', { class: 'card filters', 'data-testid': 'sessions-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.setParams({ period: period.value, model: model.value.trim(), top: top.value === '10' ? '' : top.value });
  } }, field('Period', period), field('Model', model, 'only sessions that used it'), field('Show', top, 'most expensive first'),
  h('button', { type: 'submit', class: 'button primary' }, 'Apply'));
}

function csvLink(query) {
  return h('p', {}, h('a', { class: 'button', href: api.url('report', '/reports/sessions', { ...query, format: 'csv' }),
    download: 'sessions.csv', 'data-testid': 'sessions-csv' }, 'Download CSV'));
}
