// Alerts › Channels: the tenant's alert destinations and their health; for admins create, edit,
// delete, send a test (followed until it is delivered or dead) and rotate a webhook's signing secret.
import { api } from '../api.js';
import { h, card, table, fill, button, toast, errorBox, loading } from '../ui.js';
import { dateTimeText } from '../format.js';
import { testid, typeText, statusBadge, copyText } from './alerts-common.js';
import { channelForm } from './alerts-channel-form.js';

export async function channelsTab(panel, ctx) {
  const canEdit = ctx.session.canEdit;
  const formSlot = h('div');
  const secretSlot = h('div');
  const statusSlot = h('div', { 'aria-live': 'polite' });
  const list = testid(h('div'), 'channels-table');
  const slots = { formSlot, secretSlot, statusSlot };
  const reload = () => fill(list, () => channelTable(ctx, slots));
  const openForm = (existing) => {
    formSlot.replaceChildren(channelForm(existing, (saved) => {
      formSlot.replaceChildren();
      if (!saved) return;
      if (saved.secret) secretSlot.replaceChildren(secretBox(saved));
      else if (saved.type === 'webhook' && existing && existing.type !== 'webhook') {
        secretSlot.replaceChildren(h('div', { class: 'warning', role: 'status' },
          `“${saved.name}” is now a webhook with a new signing secret; rotate the secret to see one you can give the receiver.`));
      }
      reload();
    }));
    formSlot.querySelector('input').focus();
  };
  Object.assign(slots, { reload, openForm });
  panel.append(card('Channels',
    h('p', { class: 'muted' }, 'Where alerts are sent. Routes decide which alerts go to which channel. A channel that keeps failing is paused for a while (its circuit opens) and then tried again.'),
    canEdit ? h('div', { class: 'chips' }, testid(button('New channel', () => openForm(null), { kind: 'primary' }), 'channel-new')) : null,
    formSlot, secretSlot, statusSlot, list));
  reload();
}

async function channelTable(ctx, slots) {
  const { items } = await api.get('notifier', '/channels');
  const canEdit = ctx.session.canEdit;
  return table([
    { label: 'Name', value: (c) => h('strong', { 'data-testid': `channel-row-${c.name}` }, c.name) },
    { label: 'Type', value: (c) => typeText(c.type) },
    { label: 'Target', value: (c) => targetText(c) },
    { label: 'Health', value: (c) => health(c) },
    { label: 'Created', value: (c) => dateTimeText(c.created_at) },
    { label: 'Actions', value: (c) => actions(c, ctx, slots, canEdit) },
  ], items, { caption: `${items.length} channel${items.length === 1 ? '' : 's'}`,
    emptyText: canEdit ? 'No channels yet: create one, then a route that sends alerts to it.' : 'No channels yet.' });
}

/** Where the channel sends. A Slack webhook URL is itself a credential, so its path is not shown in full. */
function targetText(c) {
  if (c.type === 'email') return (c.recipients || []).join(', ');
  if (!c.url) return '—';
  if (c.type === 'slack') {
    try {
      const u = new URL(c.url);
      return h('code', { title: 'the rest of a Slack webhook URL is a secret' }, `${u.origin}/…`);
    } catch { return h('code', {}, '…'); }
  }
  return h('code', { title: c.type === 'alertmanager' ? `alerts are posted to ${c.url.replace(/\/+$/, '')}/api/v2/alerts` : null }, c.url);
}

function health(c) {
  if (c.circuit_open_until) {
    return h('span', { class: 'badge over', title: `${c.consecutive_failures} failed attempts in a row` },
      `paused until ${dateTimeText(c.circuit_open_until)}`);
  }
  if (c.consecutive_failures > 0) return h('span', { class: 'badge warn' }, `${c.consecutive_failures} failed in a row`);
  return h('span', { class: 'badge ok' }, 'ok');
}

function actions(c, ctx, { formSlot, secretSlot, statusSlot, reload, openForm }, canEdit) {
  const deliveries = testid(button('Deliveries', () => ctx.setParams({ tab: 'deliveries', channel: c.id }),
    { label: `deliveries of ${c.name}` }), 'channel-deliveries');
  if (!canEdit) return h('span', { class: 'chips row-actions' }, deliveries);
  const fail = (e) => statusSlot.replaceChildren(errorBox(e));
  const test = testid(button('Send test', () => sendTest(c, statusSlot), { label: `send a test to ${c.name}` }), 'channel-test');
  const edit = testid(button('Edit', () => {
    openForm(c);
    formSlot.scrollIntoView();
  }, { label: `edit ${c.name}` }), 'channel-edit');
  const rotate = c.type === 'webhook' ? testid(button('Rotate secret', async () => {
    if (!confirm(`Give “${c.name}” a new signing secret? The current one stops signing at once: the receiver must switch to the new one.`)) return;
    try {
      secretSlot.replaceChildren(secretBox(await api.post('notifier', `/channels/${c.id}/rotate-secret`)));
      secretSlot.scrollIntoView();
    } catch (e) { fail(e); }
  }, { label: `rotate the signing secret of ${c.name}` }), 'channel-rotate') : null;
  const del = testid(button('Delete', async () => {
    if (!confirm(`Delete the channel “${c.name}”? Its pending deliveries are dead-lettered and routes stop sending to it.`)) return;
    try {
      await api.del('notifier', `/channels/${c.id}`);
      toast(`“${c.name}” deleted`);
      reload();
    } catch (e) { fail(e); }
  }, { kind: 'danger', label: `delete ${c.name}` }), 'channel-delete');
  return h('span', { class: 'chips row-actions' }, test, edit, rotate, deliveries, del);
}

/** A signing secret, shown once: the service never returns it again. */
function secretBox(c) {
  const code = testid(h('code', {}, c.secret), 'channel-secret');
  const copy = testid(button('Copy', async () => toast(await copyText(c.secret, code)), { label: 'copy the signing secret' }), 'channel-secret-copy');
  return h('div', { class: 'secret', role: 'status' }, h('strong', {}, `Signing secret of “${c.name}”: `),
    'copy it now — it is shown only this once. The receiver checks X-Tokenledger-Signature = v1=HMAC-SHA256(secret, timestamp + "." + body), with the timestamp from X-Tokenledger-Timestamp.',
    h('div', {}, code, ' ', copy));
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Queues a test (202) and follows its delivery until it is delivered or dead, for at most half a minute. */
async function sendTest(c, resultSlot) {
  const box = testid(h('div', { role: 'status' }), 'channel-test-result');
  resultSlot.replaceChildren(box);
  box.replaceChildren(loading(`Queueing a test notification for “${c.name}”…`));
  let d;
  try {
    d = await api.post('notifier', `/channels/${c.id}/test`);
  } catch (e) {
    box.replaceChildren(errorBox(e));
    return;
  }
  const deadline = Date.now() + 30000;
  const close = () => resultSlot.replaceChildren();
  box.replaceChildren(...testResult(c, d, false, close));
  box.className = 'warning';
  while (d.status === 'pending' && Date.now() < deadline) {
    await sleep(1500);
    if (!box.isConnected) return; // closed, or the page moved on
    try {
      d = await api.get('notifier', `/deliveries/${d.id}`);
    } catch (e) {
      box.replaceChildren(errorBox(e));
      return;
    }
    box.className = d.status === 'delivered' ? 'secret' : d.status === 'dead' ? 'error' : 'warning';
    box.replaceChildren(...testResult(c, d, Date.now() >= deadline, close));
  }
}

function testResult(c, d, gaveUp, close) {
  const log = d.attempt_log || [];
  const last = log.length ? log[log.length - 1] : null;
  const lines = [];
  if (d.status === 'delivered') {
    lines.push(`Delivered ${dateTimeText(d.delivered_at)}${last && last.http_status ? ` (HTTP ${last.http_status})` : ''}.`);
  } else if (d.status === 'dead') {
    lines.push(`Failed for good after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}: ${d.last_error || 'no error recorded'}.`);
  } else {
    lines.push(d.attempts === 0 ? 'Queued; waiting for the dispatcher…'
      : `Attempt ${d.attempts} failed: ${d.last_error || '?'}; next attempt ${dateTimeText(d.next_attempt_at)}.`);
    if (c.circuit_open_until) lines.push(` The channel is paused until ${dateTimeText(c.circuit_open_until)}, so the test waits too.`);
    if (gaveUp) lines.push(' Still pending: follow it in the delivery log.');
  }
  return [h('strong', {}, `Test to “${c.name}” (delivery ${d.id}): `), statusBadge(d), ' ', lines.join(''), ' ',
    button('Close', close, { label: 'close the test result' })];
}
