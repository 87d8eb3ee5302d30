// Alerts › Delivery log: every message to every channel, newest first, filtered by channel and
// status (in the address, with the page cursor); one delivery's attempts on request; admins
// re-queue a dead-lettered delivery. Failed attempts of a pending delivery are retried by the service itself.
import { api } from '../api.js';
import { h, card, table, fill, button, toast, errorBox, field, select, empty } from '../ui.js';
import { dateTimeText } from '../format.js';
import { testid, loadChannels, statusBadge, severityBadge, DELIVERY_STATUSES } from './alerts-common.js';

const PAGE_SIZES = ['25', '50', '100', '200', '500'];

export async function deliveriesTab(panel, ctx) {
  const p = ctx.params;
  const view = { channel: p.get('channel') || '', status: p.get('status') || '', limit: p.get('limit') || '50', cursor: p.get('cursor') || '' };
  const go = (changes) => {
    const next = { tab: 'deliveries', ...view, ...changes };
    if (next.limit === '50') next.limit = '';
    ctx.setParams(next);
  };
  const channels = loadChannels();
  channels.catch(() => {}); // each slot shows its own failure
  const filters = h('div');
  const detailSlot = h('div', { 'aria-live': 'polite' });
  const list = h('div');
  const reload = () => fill(list, () => logView(view, channels, ctx.session.canEdit, { detailSlot, reload, go }));
  panel.append(card('Delivery log',
    h('p', { class: 'muted' }, 'A failed attempt is retried with back-off; after the last attempt, or when the receiver refuses for good (e.g. HTTP 4xx), the delivery is dead-lettered. Quiet hours hold deliveries until the window ends.'),
    filters, detailSlot, list));
  fill(filters, async () => filterForm(view, await channels, go));
  reload();
}

function filterForm(view, channels, go) {
  const options = [['', 'all channels'], ...channels.items.map((c) => [String(c.id), c.name])];
  if (view.channel && !channels.byId.has(view.channel)) options.push([view.channel, channels.name(view.channel)]);
  const channel = select('channel', options, view.channel);
  const status = select('status', [['', 'any status'], ...DELIVERY_STATUSES.map((s) => [s, s === 'dead' ? 'dead (dead-lettered)' : s])], view.status);
  const limit = select('limit', PAGE_SIZES.includes(view.limit) ? PAGE_SIZES : [...PAGE_SIZES, view.limit], view.limit);
  return h('form', { class: 'filters', 'data-testid': 'deliveries-filters', onsubmit: (e) => {
    e.preventDefault();
    go({ channel: channel.value, status: status.value, limit: limit.value, cursor: '' });
  } }, field('Channel', channel), field('Status', status), field('Per page', limit),
  h('button', { type: 'submit', class: 'button primary' }, 'Apply'),
  view.status === 'dead' ? null : button('Dead letters only', () => go({ status: 'dead', cursor: '' })));
}

async function logView(view, channelsPromise, canEdit, slots) {
  const [page, channels] = await Promise.all([
    api.get('notifier', '/deliveries', { channel_id: view.channel, status: view.status, limit: view.limit, cursor: view.cursor }),
    channelsPromise.catch(() => null),
  ]);
  const channelName = (id) => (channels ? channels.name(id) : `#${id}`);
  // the service re-queues only deliveries of channels that still exist
  const retryable = (d) => canEdit && d.status === 'dead' && (!channels || channels.byId.has(String(d.channel_id)));
  const pager = h('div', { class: 'chips' },
    view.cursor ? testid(button('← Newest', () => slots.go({ cursor: '' })), 'deliveries-newest') : null,
    page.next_cursor ? testid(button('Older →', () => slots.go({ cursor: page.next_cursor })), 'deliveries-older') : null);
  const rows = page.items;
  if (!rows.length) {
    return [empty(view.cursor ? 'No older deliveries.' : view.channel || view.status ? 'No deliveries match these filters.'
      : 'Nothing delivered yet: deliveries appear when an alert matches a route, or when a channel is tested.'), pager];
  }
  return [testid(table([
    { label: 'ID', num: true, value: (d) => h('span', { 'data-testid': `delivery-row-${d.id}` }, String(d.id)) },
    { label: 'Created', value: (d) => dateTimeText(d.created_at) },
    { label: 'Channel', value: (d) => channelName(d.channel_id) },
    { label: 'Event', value: (d) => h('span', { title: d.event_id }, d.event_type) },
    { label: 'Severity', value: (d) => severityBadge(d.severity) },
    { label: 'Status', value: (d) => statusBadge(d) },
    { label: 'Attempts', num: true, value: (d) => String(d.attempts) },
    { label: 'Last error', value: (d) => (d.last_error ? h('span', { title: d.last_error }, short(d.last_error)) : '—') },
    { label: 'When', value: (d) => whenText(d) },
    { label: 'Actions', value: (d) => actions(d, retryable(d), channelName, slots) },
  ], rows, { caption: `Newest first · ${rows.length} shown` }), 'deliveries-table'), pager];
}

function whenText(d) {
  if (d.status === 'delivered') return `delivered ${dateTimeText(d.delivered_at)}`;
  if (d.status === 'pending') return `${d.held_for_quiet_hours ? 'held until' : 'next attempt'} ${dateTimeText(d.next_attempt_at)}`;
  return `gave up ${dateTimeText(d.updated_at)}`;
}

function short(text) {
  return text.length > 80 ? `${text.substring(0, 79)}…` : text;
}

function actions(d, canRetry, channelName, { detailSlot, reload }) {
  const details = testid(button('Details', () => showDetail(d.id, channelName, detailSlot), { label: `details of delivery ${d.id}` }), 'delivery-details');
  const retry = canRetry ? testid(button('Retry', async (e) => {
    const btn = e.currentTarget; // currentTarget is gone once the handler awaits
    btn.disabled = true;
    try {
      await api.post('notifier', `/deliveries/${d.id}/retry`);
      toast(`Delivery ${d.id} queued again`);
      reload();
    } catch (err) {
      detailSlot.replaceChildren(errorBox(err));
      btn.disabled = false;
    }
  }, { kind: 'primary', label: `retry delivery ${d.id}` }), 'delivery-retry') : null;
  return h('span', { class: 'chips row-actions' }, details, retry);
}

function showDetail(id, channelName, slot) {
  const box = testid(h('section', { class: 'card', 'aria-label': `delivery ${id}` }), 'delivery-detail');
  slot.replaceChildren(box);
  fill(box, async () => {
    const d = await api.get('notifier', `/deliveries/${id}`);
    return [
      h('h2', {}, `Delivery ${d.id} to ${channelName(d.channel_id)} `, statusBadge(d)),
      h('p', {}, d.text || ''),
      h('p', { class: 'muted' }, `${d.event_type} · ${d.severity} · event ${d.event_id} · created ${dateTimeText(d.created_at)}`),
      table([
        { label: 'Attempt', num: true, value: (a) => String(a.attempt) },
        { label: 'Started', value: (a) => dateTimeText(a.started_at) },
        { label: 'Finished', value: (a) => dateTimeText(a.finished_at) },
        { label: 'Outcome', value: (a) => h('span', { class: `badge ${a.outcome === 'delivered' ? 'ok' : a.outcome === 'dead' ? 'over' : 'warn'}` }, a.outcome) },
        { label: 'HTTP', num: true, value: (a) => (a.http_status ? String(a.http_status) : '—') },
        { label: 'Error', value: (a) => a.error || '—' },
        { label: 'Sent by', value: (a) => a.sent_by || '—' },
      ], d.attempt_log || [], { caption: 'Attempts', emptyText: 'No attempt yet.' }),
      button('Close', () => slot.replaceChildren(), { label: `close delivery ${id}` }),
    ];
  });
  box.scrollIntoView();
}
