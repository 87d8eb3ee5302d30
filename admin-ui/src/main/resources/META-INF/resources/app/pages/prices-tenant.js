// Tenant prices section: the tenant's negotiated discounts and own prices (GET /overrides); a tenant
// admin adds them and ends them. Ending keeps the history: the row stays, closed at now.
import { api } from '../api.js';
import { h, card, table, fill, field, input, button, toast, submitting } from '../ui.js';
import { exact, period, statusBadge, isLive, sheetText, utcInstant, testid, BUCKETS, BUCKET_LABELS } from './prices-shared.js';

export async function tenantTab(panel, ctx) {
  const canEdit = ctx.session.canEdit;
  const formSlot = h('div');
  const discounts = h('div', { 'data-testid': 'discounts-table' });
  const prices = h('div', { 'data-testid': 'tenant-prices-table' });
  const show = (form) => { formSlot.replaceChildren(form); form.querySelector('input').focus(); };
  const done = (saved) => { formSlot.replaceChildren(); if (saved) reload(); };
  const actions = canEdit
    ? h('div', { class: 'chips' },
      testid(button('New discount', () => show(discountForm(done)), { kind: 'primary' }), 'discount-new'),
      testid(button('New price', () => show(priceForm(done)), { kind: 'primary' }), 'price-new'))
    : h('p', { class: 'muted' }, 'Read-only: a tenant admin adds and ends discounts and prices.');
  panel.append(actions, formSlot, card('Discounts', discounts), card('Our own prices', prices));

  const reload = () => {
    const load = api.get('pricing', '/overrides');
    fill(prices, async () => priceTable((await load).prices, canEdit, show, done));
    fill(discounts, async () => discountTable(await load, canEdit, show, done));
  };
  reload();
}

function discountTable(o, canEdit, show, done) {
  return table([
    { label: '#', num: true, value: (d) => String(d.id) },
    { label: 'Provider', value: (d) => (d.provider === '*' ? 'every provider' : d.provider) },
    { label: 'Model', value: (d) => d.model || 'every model' },
    { label: 'Discount', num: true, value: (d) => exact(d.percent, '%') },
    { label: 'Effective', value: (d) => period(d.effective_from, d.effective_to) },
    { label: 'Status', value: (d) => statusBadge(d.effective_from, d.effective_to) },
    { label: 'Reason', value: (d) => h('span', { class: 'wrap' }, d.reason || '') },
    ...(canEdit ? [{ label: 'Actions', value: (d) => (isLive(d) ? testid(button('End', () => show(endForm('discount', d, done)),
      { kind: 'danger', label: `end discount ${d.id}` }), 'discount-end') : '') }] : []),
  ], o.discounts, { caption: `Tenant ${o.tenant}: taken off the list price of matching calls`, emptyText: 'No discount.' });
}

function priceTable(prices, canEdit, show, done) {
  return table([
    { label: '#', num: true, value: (e) => String(e.id) },
    { label: 'Provider', value: (e) => e.provider },
    { label: 'Model', value: (e) => e.model },
    { label: 'Prices (per 1M tokens / per unit)', value: (e) => sheetText(e.prices_per_million_tokens, e.prices_per_unit) },
    { label: 'Currency', value: (e) => e.currency || 'USD' },
    { label: 'Effective', value: (e) => period(e.effective_from, e.effective_to) },
    { label: 'Status', value: (e) => statusBadge(e.effective_from, e.effective_to) },
    ...(canEdit ? [{ label: 'Actions', value: (e) => (isLive(e) ? testid(button('End', () => show(endForm('price', e, done)),
      { kind: 'danger', label: `end price ${e.id}` }), 'price-end') : '') }] : []),
  ], prices, { caption: 'Replace the public price of a model for this tenant only', emptyText: 'No tenant price: the public catalogue applies.' });
}

function discountForm(done) {
  const provider = input('provider', { required: true, placeholder: 'anthropic, or * for every provider' });
  const model = input('model', { placeholder: 'every model' });
  const percent = input('percent', { required: true, inputmode: 'decimal', placeholder: '12.5' });
  const from = input('effective_from', { type: 'datetime-local' });
  const to = input('effective_to', { type: 'datetime-local' });
  const reason = input('reason', { required: true, placeholder: 'e.g. 2027 enterprise agreement' });
  const form = h('form', { class: 'card', 'data-testid': 'discount-form', onsubmit: async (e) => {
    e.preventDefault();
    const body = { provider: provider.value.trim(), model: model.value.trim() || null, percent: percent.value.trim(),
      effective_from: utcInstant(from.value), effective_to: utcInstant(to.value), reason: reason.value.trim() };
    const res = await submitting(form, () => api.post('pricing', '/overrides/discounts', body));
    toast(`Discount added (catalogue version ${res.version.id})`);
    done(true);
  } }, h('h2', {}, 'New discount'),
  h('div', { class: 'filters' }, field('Provider', provider), field('Model', model, 'empty: every model of the provider'),
    field('Percent off', percent, 'more than 0, at most 100'), field('Effective from (UTC)', from, 'empty: now'),
    field('Until (UTC)', to, 'empty: open-ended'), field('Reason', reason)),
  h('div', { class: 'chips' }, h('button', { type: 'submit', class: 'button primary' }, 'Add discount'), button('Cancel', () => done(false))));
  return form;
}

function priceForm(done) {
  const provider = input('provider', { required: true, placeholder: 'openai' });
  const model = input('model', { required: true, placeholder: 'gpt-4o' });
  const aliases = input('aliases', { placeholder: 'comma-separated, optional' });
  const bucketInputs = BUCKETS.map((b) => [b, input(`price-${b}`, { inputmode: 'decimal', placeholder: '—', size: '8' })]);
  const currency = input('currency', { value: 'USD', size: '4', maxlength: '3' });
  const from = input('effective_from', { type: 'datetime-local' });
  const reason = input('reason', { required: true, placeholder: 'e.g. committed-use price' });
  const form = h('form', { class: 'card', 'data-testid': 'price-form', onsubmit: async (e) => {
    e.preventDefault();
    // decimal strings as typed: the service validates and stores them exactly
    const sheet = Object.fromEntries(bucketInputs.filter(([, el]) => el.value.trim()).map(([b, el]) => [b, el.value.trim()]));
    const names = aliases.value.split(',').map((a) => a.trim()).filter(Boolean);
    const entry = { provider: provider.value.trim(), model: model.value.trim(), currency: currency.value.trim().toUpperCase() || 'USD',
      prices_per_million_tokens: sheet, ...(names.length ? { aliases: names } : {}) };
    const res = await submitting(form, async () => {
      if (!Object.keys(sheet).length) throw new Error('Give at least one price per million tokens.');
      return api.post('pricing', '/overrides/prices', { reason: reason.value.trim(), effective_from: utcInstant(from.value), entries: [entry] });
    });
    toast(`Price saved (catalogue version ${res.version.id})`);
    done(true);
  } }, h('h2', {}, 'New tenant price'),
  h('div', { class: 'filters' }, field('Provider', provider), field('Model', model), field('Aliases', aliases), field('Currency', currency)),
  h('fieldset', {}, h('legend', {}, 'Prices per million tokens (leave empty what does not apply)'),
    h('div', { class: 'filters' }, bucketInputs.map(([b, el]) => field(BUCKET_LABELS[b], el)))),
  h('div', { class: 'filters' }, field('Effective from (UTC)', from, 'empty: now; a model’s current price ends there'), field('Reason', reason)),
  h('div', { class: 'chips' }, h('button', { type: 'submit', class: 'button primary' }, 'Save price'), button('Cancel', () => done(false))));
  return form;
}

function endForm(kind, row, done) {
  const what = kind === 'discount' ? `discount #${row.id} (${row.percent} % on ${row.provider}${row.model ? '/' + row.model : ''})`
    : `price #${row.id} (${row.provider}/${row.model})`;
  const reason = input('reason', { placeholder: 'why (kept in the audit log)' });
  const form = h('form', { class: 'card', 'data-testid': 'end-form', onsubmit: async (e) => {
    e.preventDefault();
    await submitting(form, () => api.del('pricing', `/overrides/${kind === 'discount' ? 'discounts' : 'prices'}/${row.id}`,
      { reason: reason.value.trim() }));
    toast(`Ended ${what}`);
    done(true);
  } }, h('h2', {}, `End ${what} now?`),
  h('p', { class: 'muted' }, 'It stays in the history, closed at this moment; ',
    kind === 'discount' ? 'calls from now on get no discount from it.' : 'calls from now on use the public price.'),
  h('div', { class: 'filters' }, field('Reason', reason),
    h('button', { type: 'submit', class: 'button danger', 'data-testid': 'end-confirm' }, 'End it'), button('Cancel', () => done(false))));
  return form;
}
