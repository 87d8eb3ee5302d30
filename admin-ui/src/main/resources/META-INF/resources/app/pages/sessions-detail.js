// One session (/sessions/<id>): whole-session totals, cost and calls over its lifetime, cost per token
// bucket, models used, and its raw events (while the retention period keeps them).
// Test hooks: data-testid = session-back, session-detail, session-totals, session-cost, session-calls,
// session-per-minute, session-trend, session-timeline, session-buckets, session-models, session-events,
// session-events-older, session-events-newer.
import { api } from '../api.js';
import { h, money, card, stat, table, fill, pageTitle, button, testid } from '../ui.js';
import { countText, dateTimeText, dateFormat } from '../format.js';
import { donut, trend } from '../charts.js';

export async function sessionDetail(main, ctx, id) {
  const back = h('a', { href: '/sessions' + location.search, 'data-link': '', 'data-testid': 'session-back' }, '← Back to sessions');
  const slot = h('div', { 'data-testid': 'session-detail' });
  main.append(h('p', {}, back), pageTitle(`Session ${id}`), slot);
  await fill(slot, async () => {
    const [s, settings] = await Promise.all([
      api.get('report', '/reports/sessions/' + encodeURIComponent(id)),
      // only for the time zone and retention; the figures do not depend on it
      api.get('report', '/report-settings').catch(() => null),
    ]);
    const tz = settings ? settings.time_zone : undefined;
    // the session's own range: its first call to one second after its last (report ranges end exclusive)
    const range = { session: s.session, from: s.start, to: new Date(Date.parse(s.end) + 1000).toISOString() };
    const overTime = h('div', { 'data-testid': 'session-trend' });
    const timeline = h('div', { 'data-testid': 'session-timeline' });
    const events = h('div', { 'data-testid': 'session-events' });
    timeSeries(overTime, timeline, range, s.duration_seconds, tz);
    eventsPage(events, range, tz, settings, null, []);
    return [
      totals(s, tz),
      h('div', { class: 'grid' },
        card('Cost over the session', overTime),
        card('Models used', models(s))),
      card('Cost per token bucket', buckets(s)),
      card('Calls over time', timeline),
      card('Calls', events),
    ];
  });
}

function totals(s, tz) {
  return h('div', { class: 'stats', 'data-testid': 'session-totals' },
    testid(stat('Cost', money(s.cost.amount), s.unpriced_calls ? `${countText(s.unpriced_calls)} unpriced calls not included` : 'every call priced'), 'session-cost'),
    testid(stat('Calls', countText(s.calls), `${countText(s.errors)} errors`), 'session-calls'),
    stat('Duration', durationText(s.duration_seconds), `${dateTimeText(s.start, tz)} – ${dateTimeText(s.end, tz)}${tz ? ` (${tz})` : ''}`),
    stat('Tokens', countText(s.total_tokens), `${countText(s.tokens.input)} in · ${countText(s.tokens.output)} out`),
    stat('Per call', money(s.average_cost_per_call.amount), 'average'),
    testid(stat('Per minute', money(s.cost_per_minute.amount), `${countText(s.tokens_per_minute)} tokens / minute; a session under a minute counts as one`), 'session-per-minute'));
}

function buckets(s) {
  const t = s.tokens;
  const c = s.cost_by_bucket;
  const rows = [
    ['Input (uncached)', countText(t.input), c.input],
    ['Cache read', countText(t.cache_read), c.cache_read],
    ['Cache write', t.cache_write_1h ? `${countText(t.cache_write)} + ${countText(t.cache_write_1h)} (1 h)` : countText(t.cache_write), c.cache_write],
    ['Output', t.reasoning ? `${countText(t.output)} (${countText(t.reasoning)} reasoning)` : countText(t.output), c.output],
    ['Other (per call, per image…)', '—', c.other],
  ];
  return h('div', { 'data-testid': 'session-buckets' }, table([
    { label: 'Bucket', value: (r) => r[0] },
    { label: 'Tokens', num: true, value: (r) => r[1] },
    { label: 'Cost at list price', num: true, value: (r) => money(r[2].amount) },
  ], rows, { caption: 'List prices before discounts: the session’s cost above is the figure reports use.' }));
}

function models(s) {
  const parts = s.by_model || [];
  return h('div', { 'data-testid': 'session-models' },
    parts.length > 1 ? donut(parts.map((m) => ({ name: m.model, amount: m.cost.amount })), { label: 'Session cost by model' }) : null,
    table([
      { label: 'Model', value: (m) => m.model },
      { label: 'Calls', num: true, value: (m) => countText(m.calls) },
      { label: 'Cost', num: true, value: (m) => money(m.cost.amount) },
    ], parts, { emptyText: 'No model recorded.' }));
}

/** Hourly buckets for a session of up to two days, daily up to 90 days, weekly beyond. */
function granularityFor(seconds) {
  if (seconds <= 2 * 86400) return 'hour';
  return seconds <= 90 * 86400 ? 'day' : 'week';
}

function timeSeries(chartSlot, tableSlot, range, seconds, tz) {
  const granularity = granularityFor(seconds);
  const series = api.get('report', '/reports/timeseries', { ...range, granularity });
  series.catch(() => {}); // each slot shows the failure itself
  const label = (iso) => bucketLabel(iso, granularity, tz);
  fill(chartSlot, async () => {
    const t = await series;
    return [trend(t.points.map((p) => ({ label: label(p.start), amount: p.cost.amount })), { label: `Session cost per ${granularity}` }),
      h('p', { class: 'muted' }, `per ${granularity}, ${t.period.time_zone}`)];
  });
  fill(tableSlot, async () => {
    const t = await series;
    return table([
      { label: granularity === 'week' ? 'Week of' : granularity === 'day' ? 'Day' : 'Hour', value: (p) => label(p.start) },
      { label: 'Calls', num: true, value: (p) => countText(p.calls) },
      { label: 'Unpriced', num: true, value: (p) => (p.unpriced_calls ? countText(p.unpriced_calls) : '') },
      { label: 'Tokens', num: true, value: (p) => countText(p.tokens) },
      { label: 'Cost', num: true, value: (p) => money(p.cost.amount) },
    ], t.points.filter((p) => p.calls > 0), { caption: `Every ${granularity} with calls`, emptyText: 'No calls found in the session’s range.' });
  });
}

function bucketLabel(iso, granularity, tz) {
  const opts = granularity === 'hour' ? { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' } : { day: '2-digit', month: 'short', year: 'numeric' };
  try {
    return dateFormat('en-GB', { timeZone: tz, ...opts }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** One page of the session's raw events; `back` holds the cursors of the newer pages. */
function eventsPage(slot, range, tz, settings, cursor, back) {
  fill(slot, async () => {
    const page = await api.get('report', '/usage-events', { ...range, limit: 25, cursor });
    const retention = settings ? ` (${settings.retention_days} days)` : '';
    return [
      table([
        { label: 'When', value: (e) => dateTimeText(e.occurred_at, tz) },
        { label: 'Model', value: (e) => e.model },
        { label: 'Operation', value: (e) => e.operation ?? '' },
        { label: 'Status', value: (e) => e.status },
        { label: 'Project', value: (e) => e.project ?? '' },
        { label: 'Feature', value: (e) => e.feature ?? '' },
        { label: 'User', value: (e) => e.user ?? '' },
        { label: 'Input', num: true, value: (e) => countText(e.tokens.input) },
        { label: 'Output', num: true, value: (e) => countText(e.tokens.output) },
        { label: 'Cost', num: true, value: (e) => (e.cost ? money(e.cost.amount) : h('span', { class: 'badge warn' }, e.pricing_status)) },
      ], page.items, {
        caption: 'Newest first.',
        emptyText: cursor ? 'No older calls.' : `No raw events left for this session: they are kept for the retention period${retention}; the totals above come from rollups, which are kept.`,
      }),
      h('div', { class: 'chips' },
        back.length ? testid(button('← Newer', () => eventsPage(slot, range, tz, settings, back[back.length - 1], back.slice(0, -1))), 'session-events-newer') : null,
        page.next_cursor ? testid(button('Older →', () => eventsPage(slot, range, tz, settings, page.next_cursor, [...back, cursor])), 'session-events-older') : null),
    ];
  });
}

export function durationText(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

// the sessions list imports it from here
export { testid };
