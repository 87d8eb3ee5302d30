// Alerts › Inbox: the alerts the notifier received (budget events and anomalies), newest first.
// The service returns the latest 100 without filters, so severity and kind are filtered here
// (kept in the address).
import { api } from '../api.js';
import { h, card, table, fill, button, field, select, stat, empty } from '../ui.js';
import { dateTimeText, countText } from '../format.js';
import { testid, severityBadge, EVENT_TYPES, SEVERITIES } from './alerts-common.js';

export async function inboxTab(panel, ctx) {
  const view = { severity: ctx.params.get('severity') || '', kind: ctx.params.get('kind') || '' };
  const body = h('div');
  panel.append(card('Alert inbox', h('p', { class: 'muted' },
    'Alerts received from budget events and the anomaly detector (the latest 100). Routes decide where each one is sent; see the delivery log for what became of it.'), body));
  fill(body, async () => {
    const { items } = await api.get('notifier', '/alerts');
    return inboxView(items, view, ctx);
  });
}

function inboxView(items, view, ctx) {
  const bySeverity = (s) => items.filter((a) => a.severity === s).length;
  const kinds = [...new Set([...EVENT_TYPES.filter((k) => k !== 'test'), ...items.map((a) => a.kind)])];
  const severity = select('severity', [['', 'any severity'], ...SEVERITIES], view.severity);
  const kind = select('kind', [['', 'any kind'], ...kinds.map((k) => [k, k.replace(/_/g, ' ')])], view.kind);
  const filters = h('form', { class: 'filters', 'data-testid': 'inbox-filters', onsubmit: (e) => {
    e.preventDefault();
    ctx.setParams({ tab: 'inbox', severity: severity.value, kind: kind.value });
  } }, field('Severity', severity), field('Kind', kind), h('button', { type: 'submit', class: 'button primary' }, 'Apply'),
  view.severity || view.kind ? button('Clear', () => ctx.setParams({ tab: 'inbox' })) : null);
  const shown = items.filter((a) => (!view.severity || a.severity === view.severity) && (!view.kind || a.kind === view.kind));
  return [
    h('div', { class: 'stats' }, stat('Received', countText(items.length), items.length >= 100 ? 'the latest 100' : null),
      stat('Critical', countText(bySeverity('critical'))), stat('Warning', countText(bySeverity('warning'))),
      stat('Info', countText(bySeverity('info')))),
    filters,
    items.length === 0 ? empty('No alerts received yet.') : testid(table([
      { label: 'Received', value: (a) => dateTimeText(a.received_at) },
      { label: 'Occurred', value: (a) => dateTimeText(a.occurred_at) },
      { label: 'Kind', value: (a) => (a.kind || '—').replace(/_/g, ' ') },
      { label: 'Severity', value: (a) => severityBadge(a.severity) },
      { label: 'Source', value: (a) => a.source_topic },
      { label: 'Event', value: (a) => h('code', { title: a.dedupe_key }, a.dedupe_key.length > 48 ? `${a.dedupe_key.substring(0, 47)}…` : a.dedupe_key) },
    ], shown, { caption: `${shown.length} of ${items.length} shown`, emptyText: 'No received alert matches these filters.' }), 'inbox-table'),
  ];
}
