// Shared pieces of the Alerts page: the notifier's vocabularies (as RouteRequest and Delivery
// define them), status and severity badges, and the channel list several tabs name channels from.
import { api } from '../api.js';
import { h } from '../ui.js';

export const CHANNEL_TYPES = [['webhook', 'Webhook'], ['slack', 'Slack'], ['email', 'E-mail'], ['alertmanager', 'Alertmanager']];
export const EVENT_TYPES = ['threshold_crossed', 'limit_reached', 'projected_to_exceed', 'kill_switch_tripped', 'period_reset',
  'unpriced_usage', 'anomaly_open', 'anomaly_resolved', 'test'];
export const SEVERITIES = ['info', 'warning', 'critical'];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'];


export function typeText(type) {
  const found = CHANNEL_TYPES.find(([t]) => t === type);
  return found ? found[1] : type;
}

export function severityBadge(severity) {
  const kind = severity === 'critical' ? 'over' : severity === 'warning' ? 'warn' : '';
  return h('span', { class: `badge ${kind}`.trim() }, severity || '—');
}

export function statusBadge(d) {
  if (d.status === 'delivered') return h('span', { class: 'badge ok' }, 'delivered');
  if (d.status === 'dead') return h('span', { class: 'badge over', title: 'dead-lettered: no more attempts are made' }, 'dead');
  if (d.held_for_quiet_hours) return h('span', { class: 'badge warn', title: 'waiting for the quiet hours of its route to end' }, 'held (quiet hours)');
  return h('span', { class: 'badge warn' }, d.attempts > 0 ? 'pending (retrying)' : 'pending');
}

/** The tenant's channels, and a function naming one by id (a deleted channel keeps only its number). */
export async function loadChannels() {
  const { items } = await api.get('notifier', '/channels');
  const byId = new Map(items.map((c) => [String(c.id), c]));
  const name = (id) => (byId.has(String(id)) ? byId.get(String(id)).name : `#${id} (deleted)`);
  return { items, byId, name };
}

/** A text to copy: the clipboard when the browser allows it, otherwise the text is selected for Ctrl+C. */
export async function copyText(text, node) {
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(node);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return 'Selected: press Ctrl+C to copy';
  }
}

// the pages of this group import it from here
export { testid } from '../ui.js';
