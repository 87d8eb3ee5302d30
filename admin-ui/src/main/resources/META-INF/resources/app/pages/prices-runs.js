// Re-pricing section: the runs that priced unpriced events again (newest first, at most 100), and
// for admins a form to start one. A run finishes within the request, so the answer is its result.
import { api } from '../api.js';
import { h, card, table, fill, field, input, toast, submitting, stat } from '../ui.js';
import { countText } from '../format.js';
import { when } from './prices-shared.js';

export async function repricingTab(panel, ctx) {
  const s = ctx.session;
  // the API lets tenant admins re-price their tenant, and platform admins any tenant or all of them
  const canRun = s.canEdit || s.isPlatformAdmin;
  const list = h('div', { 'data-testid': 'repricing-table' });
  const result = h('div');
  const reload = () => fill(list, async () => runTable((await api.get('pricing', '/repricing-runs')).items, s.isPlatformAdmin));
  if (canRun) {
    panel.append(card('Start a re-pricing run', h('p', { class: 'muted' },
      'Prices every unpriced event a price now exists for, with the price in force when it happened; ',
      'each one is published again as a new revision. Already priced events are not touched.'), runForm(s, result, reload), result));
  } else {
    panel.append(h('p', { class: 'muted' }, 'Read-only: a tenant admin starts re-pricing runs.'));
  }
  panel.append(card('Runs', list));
  reload();
}

function runTable(runs, showTenant) {
  return table([
    { label: 'Run', num: true, value: (r) => String(r.id) },
    ...(showTenant ? [{ label: 'Tenant', value: (r) => r.tenant || 'every tenant' }] : []),
    { label: 'State', value: (r) => (r.finished_at ? h('span', { class: 'badge ok' }, 'finished') : h('span', { class: 'badge warn', title: 'a run finishes within its request: one without an end is running or was cut short' }, 'not finished')) },
    { label: 'Started', value: (r) => when(r.started_at) },
    { label: 'Finished', value: (r) => when(r.finished_at) },
    { label: 'By', value: (r) => r.author || '—' },
    { label: 'Reason', value: (r) => h('span', { class: 'wrap' }, r.reason || '') },
    { label: 'Catalogue', num: true, value: (r) => String(r.catalogue_version) },
    { label: 'Examined', num: true, value: (r) => countText(r.examined) },
    { label: 'Re-priced', num: true, value: (r) => countText(r.repriced) },
    { label: 'Still unpriced', num: true, value: (r) => (r.still_unpriced
      ? h('span', { class: 'badge warn' }, countText(r.still_unpriced)) : countText(r.still_unpriced)) },
  ], runs, { caption: 'Newest first', emptyText: 'No re-pricing run yet.' });
}

function runForm(s, result, reload) {
  const reason = input('reason', { required: true, placeholder: 'e.g. prices for new-model-x added', 'data-testid': 'repricing-reason' });
  // a platform admin names the tenant; blank would re-price every tenant, so that takes an explicit tick
  const tenant = s.isPlatformAdmin ? input('tenant', { value: s.actingFor || s.tenant || '', placeholder: 'tenant id' }) : null;
  const every = s.isPlatformAdmin ? h('input', { type: 'checkbox', name: 'every-tenant' }) : null;
  if (every) every.addEventListener('change', () => { tenant.disabled = every.checked; });
  const form = h('form', { class: 'filters', 'data-testid': 'repricing-form', onsubmit: async (e) => {
    e.preventDefault();
    const body = { reason: reason.value.trim() };
    if (s.isPlatformAdmin) body.tenant = every.checked ? null : tenant.value.trim();
    const run = await submitting(form, async () => {
      if (s.isPlatformAdmin && !every.checked && !body.tenant) throw new Error('Name a tenant, or tick every tenant.');
      return api.post('pricing', '/repricing-runs', body);
    });
    toast(`Run ${run.id}: ${run.repriced} of ${run.examined} re-priced`);
    result.replaceChildren(h('div', { class: 'stats', 'data-testid': 'repricing-result' },
      stat('Run', String(run.id), run.tenant ? `tenant ${run.tenant}` : 'every tenant'),
      stat('Examined', countText(run.examined)), stat('Re-priced', countText(run.repriced)),
      stat('Still unpriced', countText(run.still_unpriced), 'no price in the catalogue yet')));
    reason.value = '';
    reload();
  } }, field('Reason', reason),
  tenant ? field('Tenant', tenant, 'required unless every tenant is ticked') : null,
  every ? h('div', { class: 'field' }, h('label', {}, every, ' Every tenant')) : null,
  h('button', { type: 'submit', class: 'button primary', 'data-testid': 'repricing-start' }, 'Start run'));
  return form;
}
