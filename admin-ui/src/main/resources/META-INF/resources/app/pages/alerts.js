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
import { h, card, empty, pageTitle } from '../ui.js';
import { testid } from './alerts-common.js';
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

// set when a tab link is followed, so the redrawn page puts keyboard focus back on the tab strip
let focusTabs = false;

export default async function render(main, ctx) {
  const wanted = ctx.params.get('tab');
  const [active, , draw] = TABS.find(([id]) => id === wanted) || TABS[0];
  main.append(pageTitle('Alerts', ctx.session.canEdit ? null
    : h('span', { class: 'muted' }, 'read-only: ask a tenant admin to change channels and routes')));
  const strip = testid(h('nav', { class: 'tabs', 'aria-label': 'Alerts sections' }, TABS.map(([id, text]) =>
    testid(h('a', {
      href: `/alerts?tab=${id}`, class: 'tab', 'aria-current': id === active ? 'page' : null,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new browser tab is fine
        e.preventDefault();
        focusTabs = true;
        ctx.setParams({ tab: id });
      },
    }, text), `alerts-tab-${id}`))), 'alerts-tabs');
  const panel = testid(h('div', { class: 'tab-panel' }), 'alerts-panel');
  main.append(strip, panel);
  if (focusTabs) {
    focusTabs = false;
    strip.querySelector('[aria-current="page"]').focus();
  }
  try {
    await draw(panel, ctx);
  } catch (e) {
    panel.replaceChildren(card(null, empty(`This section could not be drawn: ${e.message || e}`)));
  }
}
