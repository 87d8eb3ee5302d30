// Prices: the catalogue in force (search, a model's price history), catalogue versions and their
// diff, the tenant's own discounts and prices, re-pricing runs, and a quote ("what would this call
// cost"). The section is kept in the address (?tab=…), and so is each section's view.
// Test hooks: data-testid =
//   prices-tabs, prices-tab-<catalogue|versions|tenant|repricing|quote>, prices-panel;
//   catalogue-search, catalogue-q, catalogue-table, catalogue-row-<provider>/<model>, model-history, quote-this-model;
//   versions-table, version-detail, version-changes, diff-form, diff-from, diff-to, diff-table;
//   discounts-table, discount-new, discount-form, discount-end, tenant-prices-table, price-new, price-form, price-end, end-form, end-confirm;
//   repricing-table, repricing-form, repricing-reason, repricing-start, repricing-result;
//   quote-form, quote-provider, quote-model, quote-<input|output|cache_read|…>, quote-submit, quote-result, quote-total, quote-lines.
import { h, pageTitle } from '../ui.js';
import { catalogueTab } from './prices-catalogue.js';
import { versionsTab } from './prices-versions.js';
import { tenantTab } from './prices-tenant.js';
import { repricingTab } from './prices-runs.js';
import { quoteTab } from './prices-quote.js';

const TABS = [
  ['catalogue', 'Catalogue', catalogueTab],
  ['versions', 'Versions', versionsTab],
  ['tenant', 'Tenant prices', tenantTab],
  ['repricing', 'Re-pricing', repricingTab],
  ['quote', 'Quote', quoteTab],
];

// set when a tab link is followed, so the redrawn page puts keyboard focus back on the tab strip
let focusTabs = false;

export default async function render(main, ctx) {
  const [tabId, , draw] = TABS.find(([id]) => id === ctx.params.get('tab')) || TABS[0];
  // each section keeps its own keys in the address; switching section starts from a clean one
  const go = (changes, opts) => ctx.setParams({ ...Object.fromEntries([...ctx.params.entries()]), tab: tabId, ...changes }, opts);
  const strip = h('nav', { class: 'tabs', 'aria-label': 'Prices sections', 'data-testid': 'prices-tabs' }, TABS.map(([id, text]) =>
    h('a', {
      href: `/prices?tab=${id}`, class: 'tab', 'aria-current': id === tabId ? 'page' : null, 'data-testid': `prices-tab-${id}`,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new browser tab is fine
        e.preventDefault();
        focusTabs = true;
        ctx.setParams({ tab: id });
      },
    }, text)));
  const panel = h('div', { class: 'tab-panel', 'data-testid': 'prices-panel' });
  main.append(pageTitle('Prices'), strip, panel);
  if (focusTabs) {
    focusTabs = false;
    strip.querySelector('[aria-current="page"]').focus();
  }
  await draw(panel, { ...ctx, go, switchTo: (tab, params = {}) => ctx.setParams({ tab, ...params }) });
}
