// Alerts › Routes: which alerts (event types, severities) go to which channels, and the quiet
// hours during which their deliveries wait; admins create, edit and delete them.
import { api } from '../api.js';
import { h, card, table, fill, button, toast, errorBox } from '../ui.js';
import { dateTimeText } from '../format.js';
import { testid, loadChannels } from './alerts-common.js';
import { routeForm } from './alerts-route-form.js';

export async function routesTab(panel, ctx) {
  const canEdit = ctx.session.canEdit;
  const formSlot = h('div');
  const list = testid(h('div'), 'routes-table');
  let channels = null;
  const reload = () => fill(list, async () => {
    const [ch, { items }] = await Promise.all([loadChannels(), api.get('notifier', '/routes')]);
    channels = ch;
    return routeTable(items, ch, canEdit, { formSlot, reload, openForm });
  });
  async function openForm(existing) {
    try {
      if (!channels) channels = await loadChannels();
      formSlot.replaceChildren(routeForm(existing, channels, (saved) => {
        formSlot.replaceChildren();
        if (saved) reload();
      }));
      formSlot.querySelector('input').focus();
      formSlot.scrollIntoView();
    } catch (e) { formSlot.replaceChildren(errorBox(e)); }
  }
  panel.append(card('Routes',
    h('p', { class: 'muted' }, 'Each alert goes to the channels of every route it matches. An empty list of events or severities matches all of them. During quiet hours deliveries wait and go out when the window ends.'),
    canEdit ? h('div', { class: 'chips' }, testid(button('New route', () => openForm(null), { kind: 'primary' }), 'route-new')) : null,
    formSlot, list));
  reload();
}

function routeTable(items, channels, canEdit, slots) {
  const chipList = (values, all) => (values && values.length
    ? h('span', {}, values.map((v, i) => [i ? ' ' : null, h('span', { class: 'badge' }, v)]))
    : h('span', { class: 'muted' }, all));
  return table([
    { label: 'Name', value: (r) => h('strong', { 'data-testid': `route-row-${r.name}` }, r.name) },
    { label: 'Events', value: (r) => chipList(r.event_types, 'all events') },
    { label: 'Severities', value: (r) => chipList(r.severities, 'all severities') },
    { label: 'Channels', value: (r) => chipList(r.channel_ids.map(channels.name), 'none') },
    { label: 'Quiet hours', value: (r) => (r.quiet_hours
      ? `${r.quiet_hours.start}–${r.quiet_hours.end} (${r.quiet_hours.time_zone})` : h('span', { class: 'muted' }, 'none')) },
    { label: 'Created', value: (r) => dateTimeText(r.created_at) },
    ...(canEdit ? [{ label: 'Actions', value: (r) => actions(r, slots) }] : []),
  ], items, { caption: `${items.length} route${items.length === 1 ? '' : 's'}`,
    emptyText: canEdit ? 'No routes yet: alerts are received but sent nowhere. Create one.' : 'No routes yet: alerts are received but sent nowhere.' });
}

function actions(r, { formSlot, reload, openForm }) {
  const edit = testid(button('Edit', () => openForm(r), { label: `edit ${r.name}` }), 'route-edit');
  const del = testid(button('Delete', async () => {
    if (!confirm(`Delete the route “${r.name}”? Alerts it matched are no longer sent to its channels.`)) return;
    try {
      await api.del('notifier', `/routes/${r.id}`);
      toast(`“${r.name}” deleted`);
      reload();
    } catch (e) { formSlot.replaceChildren(errorBox(e)); }
  }, { kind: 'danger', label: `delete ${r.name}` }), 'route-delete');
  return h('span', { class: 'chips row-actions' }, edit, del);
}
