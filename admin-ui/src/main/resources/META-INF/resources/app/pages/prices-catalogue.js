// Catalogue section: search the prices in force (GET /models, the tenant's own prices first), and a
// model's price history: its effective-dated entries as of the latest public and tenant versions.
import { api } from '../api.js';
import { h, card, table, fill, field, input, button, empty } from '../ui.js';
import { exact, when, period, statusBadge, entryDetail, sheetText, testid } from './prices-shared.js';

const PAGE = 50;
const COLUMNS = [['input', 'Input'], ['cache_read', 'Cached input'], ['cache_write', 'Cache write'], ['output', 'Output']];

export async function catalogueTab(panel, ctx) {
  const p = ctx.params;
  const view = { q: p.get('q') || '', provider: p.get('provider') || '', offset: Math.max(0, Number(p.get('offset')) || 0), show: p.get('show') || '' };
  const results = h('div', { 'data-testid': 'catalogue-table' });
  const history = h('div', { 'data-testid': 'model-history' });
  // the chosen model comes first, so on a narrow screen its history is not below fifty rows
  if (view.show) panel.append(card(`Price history of ${view.show}`, history));
  panel.append(card('Search the catalogue', searchForm(view, ctx), results));

  fill(results, async () => {
    const list = await api.get('pricing', '/models', { q: view.q, provider: view.provider, limit: PAGE, offset: view.offset });
    const pick = (e) => ctx.go({ show: `${e.provider}/${e.model}` });
    return [
      h('p', { class: 'muted' }, `${list.total} prices in force at ${when(list.at)} (catalogue version ${list.catalogue_version}).`,
        ' Prices are per million tokens, exactly as the catalogue holds them; click a model for its history.'),
      table([
        { label: 'Provider', value: (e) => (e.provider === '*' ? h('span', { title: 'any provider (matched by pattern)' }, 'any') : e.provider) },
        { label: 'Model', value: (e) => h('span', { 'data-testid': `catalogue-row-${e.provider}/${e.model}` }, e.model,
          e.source === 'tenant' ? [' ', h('span', { class: 'badge ok', title: 'your tenant’s own price' }, 'tenant')] : null) },
        ...COLUMNS.map(([b, label]) => ({ label: `${label} / 1M`, num: true, value: (e) => exact((e.prices_per_million_tokens || {})[b]) })),
        { label: 'More', value: (e) => moreText(e) },
        { label: 'Currency', value: (e) => e.currency || 'USD' },
        { label: 'Since', value: (e) => when(e.effective_from) },
        { label: 'Source', value: (e) => e.source || '—' },
      ], list.items, { onRow: pick, caption: 'Prices in force', emptyText: view.q ? `No model matches “${view.q}”.` : 'The catalogue is empty.' }),
      pager(view, list.total, ctx),
    ];
  });

  if (view.show) {
    const slash = view.show.indexOf('/');
    const provider = view.show.substring(0, slash);
    const model = view.show.substring(slash + 1);
    fill(history, () => historyView(provider, model, ctx));
  }
}

function searchForm(view, ctx) {
  const q = input('q', { value: view.q, placeholder: 'e.g. claude, gpt-4o', type: 'search', 'data-testid': 'catalogue-q' });
  const provider = input('provider', { value: view.provider, placeholder: 'any', size: '12' });
  return h('form', { class: 'filters', role: 'search', 'data-testid': 'catalogue-search', onsubmit: (e) => {
    e.preventDefault();
    ctx.go({ q: q.value.trim(), provider: provider.value.trim(), offset: '', show: '' });
  } }, field('Model (provider/model contains)', q), field('Provider', provider, 'exact, e.g. anthropic'),
  h('button', { type: 'submit', class: 'button primary' }, 'Search'));
}

function moreText(e) {
  const extra = Object.entries(e.prices_per_million_tokens || {}).filter(([b]) => !COLUMNS.some(([c]) => c === b));
  const parts = [sheetText(Object.fromEntries(extra), e.prices_per_unit)].filter((t) => t !== '—');
  if (e.tiers && e.tiers.length) parts.push(`${e.tiers.length} tier${e.tiers.length > 1 ? 's' : ''}`);
  if (e.fees && e.fees.length) parts.push(`${e.fees.length} fee${e.fees.length > 1 ? 's' : ''}`);
  return parts.length ? parts.join(' · ') : '';
}

function pager(view, total, ctx) {
  const prev = view.offset > 0 ? button('← Previous', () => ctx.go({ offset: String(Math.max(0, view.offset - PAGE)) })) : null;
  const next = view.offset + PAGE < total ? button('Next →', () => ctx.go({ offset: String(view.offset + PAGE) })) : null;
  if (!prev && !next) return null;
  return h('div', { class: 'chips' }, prev, h('span', { class: 'muted' }, `${view.offset + 1}–${Math.min(total, view.offset + PAGE)} of ${total}`), next);
}

/**
 * There is no per-model history endpoint: a version's entries are every effective-dated price of the
 * scope as of that version, so the latest public and tenant versions hold the whole timeline.
 */
async function historyView(provider, model, ctx) {
  const { items } = await api.get('pricing', '/catalogue/versions', { limit: 1000 });
  const latest = [items.find((v) => v.scope === '*'), items.find((v) => v.scope !== '*')].filter(Boolean);
  const lists = await Promise.all(latest.map((v) => api.get('pricing', `/catalogue/versions/${v.id}`, { provider, model, limit: 1000 })
    .then((d) => d.entries.filter((e) => e.model === model).map((e) => ({ ...e, scope: v.scope === '*' ? 'public' : 'tenant', asOf: v.id })))));
  const entries = lists.flat().sort((a, b) => String(a.effective_from).localeCompare(String(b.effective_from)) || a.scope.localeCompare(b.scope));
  const quote = testid(button('Quote this model', () => ctx.switchTo('quote', { provider: provider === '*' ? '' : provider, model })), 'quote-this-model');
  const close = button('Close', () => ctx.go({ show: '' }));
  if (!entries.length) return [empty(`No catalogue entry for ${provider}/${model}.`), h('div', { class: 'chips' }, quote, close)];
  const current = entries.filter((e) => !e.effective_to).pop() || entries[entries.length - 1];
  return [
    h('p', { class: 'muted' }, `As of catalogue version${latest.length > 1 ? 's' : ''} ${latest.map((v) => v.id).join(' and ')}; `,
      'each row is one effective-dated price, oldest first.'),
    table([
      { label: 'Effective', value: (e) => period(e.effective_from, e.effective_to) },
      { label: 'Status', value: (e) => statusBadge(e.effective_from, e.effective_to) },
      { label: 'Scope', value: (e) => e.scope },
      { label: 'Prices (per 1M tokens / per unit)', value: (e) => sheetText(e.prices_per_million_tokens, e.prices_per_unit) },
      { label: 'Tiers', num: true, value: (e) => String((e.tiers || []).length) },
      { label: 'Source', value: (e) => e.source || '—' },
    ], entries, { caption: 'Price history' }),
    h('h3', {}, `Latest price (since ${when(current.effective_from)})`),
    entryDetail(current),
    h('div', { class: 'chips' }, quote, close),
  ];
}
