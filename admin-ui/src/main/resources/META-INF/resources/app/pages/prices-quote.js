// Quote section: "what would this call cost" with this tenant's prices and discounts (POST /quotes).
// The question is kept in the address, so a quote can be shared; the answer is the API's, exact.
import { api } from '../api.js';
import { h, card, table, fill, field, input, select, money, empty } from '../ui.js';
import { countText } from '../format.js';
import { exact, when, utcInstant } from './prices-shared.js';

const TOKENS = [
  ['input', 'input_tokens', 'Input tokens'], ['output', 'output_tokens', 'Output tokens'],
  ['cache_read', 'cache_read_tokens', 'Cached input tokens (read)'], ['cache_write', 'cache_write_tokens', 'Cache write tokens'],
  ['cache_write_1h', 'cache_write_1h_tokens', 'Cache write 1h tokens'], ['reasoning', 'reasoning_tokens', 'of output: reasoning tokens'],
];
const TIERS = ['standard', 'batch', 'flex', 'priority'];

export async function quoteTab(panel, ctx) {
  const p = ctx.params;
  const answer = h('div', { 'data-testid': 'quote-result' });
  panel.append(card('What would this call cost?', quoteForm(p, ctx)), card('Quote', answer));
  const asked = p.get('provider') && p.get('model') && TOKENS.some(([k]) => p.get(k));
  if (!asked) {
    answer.append(empty('Give a provider, a model and token counts, then ask for a quote.'));
    return;
  }
  fill(answer, async () => quoteView(await api.post('pricing', '/quotes', request(p))));
}

function request(p) {
  const usage = {};
  // counts go as the strings typed: the service reads them as whole numbers, exactly, or says why not
  TOKENS.forEach(([k, name]) => { if (p.get(k)) usage[name] = p.get(k); });
  const units = {};
  (p.get('units') || '').split(',').map((u) => u.trim()).filter(Boolean).forEach((u) => {
    const [name, value = ''] = u.split('=');
    units[name.trim()] = value.trim();
  });
  if (Object.keys(units).length) usage.units = units;
  return { provider: p.get('provider'), model: p.get('model'), usage, service_tier: p.get('tier') || null, at: p.get('at') || null };
}

function quoteForm(p, ctx) {
  const provider = input('provider', { required: true, value: p.get('provider') || '', placeholder: 'anthropic', 'data-testid': 'quote-provider' });
  const model = input('model', { required: true, value: p.get('model') || '', placeholder: 'claude-sonnet-4-5', 'data-testid': 'quote-model' });
  const counts = TOKENS.map(([k, , label]) => [k, label,
    input(k, { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: p.get(k) || '', placeholder: '0', 'data-testid': `quote-${k}` })]);
  const units = input('units', { value: p.get('units') || '', placeholder: 'web_search_calls=2, images=1' });
  const tier = select('tier', TIERS, p.get('tier') || 'standard');
  const at = input('at', { type: 'datetime-local', value: (p.get('at') || '').replace(/:00Z$|Z$/, '') });
  return h('form', { class: 'filters', 'data-testid': 'quote-form', onsubmit: (e) => {
    e.preventDefault();
    const changes = { provider: provider.value.trim(), model: model.value.trim(), units: units.value.trim(),
      tier: tier.value === 'standard' ? '' : tier.value, at: utcInstant(at.value) || '' };
    counts.forEach(([k, , el]) => { changes[k] = el.value.trim(); });
    // a quote with no counts at all still asks: zero input tokens
    if (!counts.some(([, , el]) => el.value.trim())) changes.input = '0';
    ctx.go(changes);
  } }, field('Provider', provider), field('Model', model),
  counts.map(([, label, el]) => field(label, el)),
  field('Other units', units, 'name=quantity, comma-separated'), field('Service tier', tier),
  field('At (UTC)', at, 'empty: now; the prices in force then'),
  h('button', { type: 'submit', class: 'button primary', 'data-testid': 'quote-submit' }, 'Quote'));
}

function quoteView(q) {
  const pr = q.pricing;
  const cur = pr.cost.currency;
  const total = h('div', { class: 'stat', 'data-testid': 'quote-total' }, h('div', { class: 'stat-label' }, 'Total'),
    h('div', { class: 'stat-value' }, money(pr.cost.amount, cur)), h('div', { class: 'stat-hint' }, 'exactly ', exact(pr.cost.amount, cur)));
  const d = pr.discount;
  return [
    h('div', { class: 'stats' }, total,
      d ? h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, `Discount ${d.percent} %`), h('div', { class: 'stat-value' }, money(d.amount.amount, cur)),
        h('div', { class: 'stat-hint' }, 'list price ', exact(d.list_cost.amount, cur))) : null),
    h('p', {}, `${q.provider}/${q.model} at ${when(q.at)}`, pr.tier ? ` · tier ${pr.tier}` : '',
      ` · catalogue version ${pr.catalogue_version || '—'}`, pr.price_source ? ` · price from ${pr.price_source}` : '',
      pr.price_entry_id ? ` (entry ${pr.price_entry_id})` : ''),
    h('div', { 'data-testid': 'quote-lines' }, table([
      { label: 'Item', value: (l) => l.item },
      { label: 'Quantity', num: true, value: (l) => h('span', { title: String(l.quantity) }, l.note ? l.note : countText(l.quantity)) },
      { label: 'Unit price', num: true, value: (l) => exact(l.unit_price, l.per === 1 ? `${cur} / unit` : `${cur} / ${l.per === 1000000 ? '1M' : l.per} tokens`) },
      { label: 'Amount', num: true, value: (l) => exact(l.amount.amount, l.amount.currency) },
    ], pr.line_items, { caption: 'quantity × unit price ÷ per = amount, as the service computed it', emptyText: 'No line item.' })),
    pr.notes && pr.notes.length ? h('ul', { class: 'muted' }, pr.notes.map((n) => h('li', {}, n))) : null,
  ];
}
