// Alerts: where the notifier sends budget and anomaly alerts (channels), which alerts go where
// (routes), what became of each message (delivery log) and the alerts received (inbox). The active
// tab and the delivery-log filters live in the address (?tab=…). A viewer sees everything, changes nothing.
// Test hooks: data-testid = alerts-tabs, alerts-tab-<channels|routes|deliveries|inbox>, alerts-panel;
// channels: channels-table, channel-row-<name>, channel-new, channel-form, channel-name, channel-type,
// channel-url, channel-recipients, channel-save, channel-edit, channel-test, channel-test-result,
// channel-rotate, channel-secret, channel-secret-copy, channel-delete, channel-deliveries;
// routes: routes-table, route-row-<name>, route-new, route-form, route-name, route-save, route-edit,
// route-delete; deliveries: deliveries-filters, deliveries-table, delivery-row-<id>, delivery-details,
// delivery-detail, delivery-retry, deliveries-older, deliveries-newest; inbox: inbox-filters, inbox-table.
import { h, card, empty, pageTitle, tabs } from '../ui.js';
import { channelsTab } from './alerts-channels.js';
import { routesTab } from './alerts-routes.js';
import { deliveriesTab } from './alerts-deliveries.js';
import { inboxTab } from './alerts-inbox.js';

const TABS = [
  ['channels', 'Channels', channelsTab],
  ['routes', 'Routes', routesTab],
  ['deliveries', 'Delivery log', deliveriesTab],
  ['inbox', 'Alert inbox', inboxTab],
];

export default async function render(main, ctx) {
  const { draw, strip, panel, focus } = tabs(ctx, 'alerts', 'Alerts sections', TABS);
  main.append(pageTitle('Alerts', ctx.session.canEdit ? null
    : h('span', { class: 'muted' }, 'read-only: ask a tenant admin to change channels and routes')), strip, panel);
  focus();
  try {
    await draw(panel, ctx);
  } catch (e) {
    panel.replaceChildren(card(null, empty(`This section could not be drawn: ${e.message || e}`)));
  }
}
