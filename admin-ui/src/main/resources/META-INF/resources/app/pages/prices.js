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
import { pageTitle, tabs } from '../ui.js';
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

export default async function render(main, ctx) {
  const { id, draw, strip, panel, focus } = tabs(ctx, 'prices', 'Prices sections', TABS);
  // each section keeps its own keys in the address; switching section starts from a clean one
  const go = (changes, opts) => ctx.setParams({ ...Object.fromEntries([...ctx.params.entries()]), tab: id, ...changes }, opts);
  main.append(pageTitle('Prices'), strip, panel);
  focus();
  await draw(panel, { ...ctx, go, switchTo: (tab, params = {}) => ctx.setParams({ tab, ...params }) });
}
