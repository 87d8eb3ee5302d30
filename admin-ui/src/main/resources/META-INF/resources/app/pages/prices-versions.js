// Versions section: the catalogue versions (public and this tenant's), one version's entries, and
// the diff between two versions (?from=&to=&scope=), which the API computes.
import { api } from '../api.js';
import { h, card, table, fill, field, input, select, button, empty } from '../ui.js';
import { exact, when, sheetText, testid } from './prices-shared.js';

const DIFF_ROWS = 500;
const ENTRY_PAGE = 50;

export async function versionsTab(panel, ctx) {
  const p = ctx.params;
  const view = { v: p.get('v') || '', from: p.get('from') || '', to: p.get('to') || '', scope: p.get('scope') || 'public',
    provider: p.get('provider') || '', model: p.get('model') || '', offset: Math.max(0, Number(p.get('offset')) || 0) };
  const list = h('div', { 'data-testid': 'versions-table' });
  const diffSlot = h('div', { 'data-testid': 'diff-table' });
  const detail = h('div', { 'data-testid': 'version-detail' });
  const formSlot = h('div');
  panel.append(card('Compare two versions', formSlot, diffSlot));
  if (view.v) panel.append(card(`Version ${view.v}`, detail));
  panel.append(card('Catalogue versions', list));

  let versions = [];
  await fill(list, async () => {
    versions = (await api.get('pricing', '/catalogue/versions', { limit: 200 })).items;
    return table([
      { label: 'Version', num: true, value: (v) => String(v.id) },
      { label: 'Scope', value: (v) => (v.scope === '*' ? 'public' : h('span', { class: 'badge ok' }, `tenant ${v.scope}`)) },
      { label: 'Source', value: (v) => v.source },
      { label: 'Effective from', value: (v) => when(v.effective_from) },
      { label: 'Created', value: (v) => when(v.created_at) },
      { label: 'Author', value: (v) => v.author || '—' },
      { label: 'Added', num: true, value: (v) => String(v.added) },
      { label: 'Removed', num: true, value: (v) => String(v.removed) },
      { label: 'Reason', value: (v) => h('span', { class: 'wrap' }, v.reason || '') },
    ], versions, { onRow: (v) => ctx.go({ v: String(v.id), offset: '' }), caption: 'Newest first; click a version for its entries',
      emptyText: 'No catalogue version yet.' });
  });
  formSlot.append(diffForm(view, versions, ctx));

  if (view.from && view.to) {
    fill(diffSlot, () => diffView(view));
  } else {
    diffSlot.append(empty('Choose two versions (or open a version and compare it with the one before).'));
  }
  if (view.v) fill(detail, () => versionView(view, ctx));
}

function diffForm(view, versions, ctx) {
  const options = versions.map((v) => [String(v.id), `${v.id} · ${v.scope === '*' ? v.source : 'tenant'} · ${when(v.effective_from)}`]);
  const pick = (name, value, testId) => (options.length
    ? select(name, [['', '—'], ...options], value, { 'data-testid': testId, required: true })
    : input(name, { value, inputmode: 'numeric', required: true, 'data-testid': testId }));
  const from = pick('from', view.from, 'diff-from');
  const to = pick('to', view.to, 'diff-to');
  const scope = select('scope', [['public', 'public prices'], ['tenant', 'our tenant’s prices']], view.scope);
  const provider = input('provider', { value: view.provider, placeholder: 'any', size: '12' });
  const model = input('model', { value: view.model, placeholder: 'any', size: '16' });
  return h('form', { class: 'filters', 'data-testid': 'diff-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.go({ from: from.value.trim(), to: to.value.trim(), scope: scope.value, provider: provider.value.trim(), model: model.value.trim() });
  } }, field('From version', from), field('To version', to), field('Prices compared', scope),
  field('Provider', provider), field('Model contains', model), h('button', { type: 'submit', class: 'button primary' }, 'Compare'));
}

async function diffView(view) {
  const d = await api.get('pricing', '/catalogue/diff', { from: view.from, to: view.to, scope: view.scope,
    provider: view.provider, model: view.model });
  const shown = d.changes.slice(0, DIFF_ROWS);
  return [
    h('p', { class: 'muted' }, `${d.total} changed price${d.total === 1 ? '' : 's'} from version ${d.from} to ${d.to} `,
      `(${d.scope === '*' ? 'public' : `tenant ${d.scope}`}). Prices per million tokens or per unit, exact.`,
      d.total > shown.length ? ` Showing the first ${shown.length}: narrow with provider or model.` : ''),
    table([
      { label: 'Change', value: (c) => h('span', { class: `badge ${c.change === 'added' ? 'ok' : c.change === 'removed' ? 'over' : 'warn'}` }, c.change) },
      { label: 'Provider', value: (c) => (c.provider === '*' ? 'any' : c.provider) },
      { label: 'Model', value: (c) => c.model },
      { label: 'Price', value: (c) => c.bucket },
      { label: 'Before', num: true, value: (c) => exact(c.before) },
      { label: 'After', num: true, value: (c) => exact(c.after) },
      { label: 'Since', value: (c) => when(c.effective_from) },
    ], shown, { caption: 'Changes', emptyText: 'No price differs between these versions.' }),
  ];
}

async function versionView(view, ctx) {
  const d = await api.get('pricing', `/catalogue/versions/${encodeURIComponent(view.v)}`, {
    provider: view.provider, model: view.model, limit: ENTRY_PAGE, offset: view.offset });
  const v = d.version;
  const scope = v.scope === '*' ? 'public' : 'tenant';
  // versions are one sequence: the one before this id is the state this version changed
  const compare = v.id > 1 ? testid(button('Changes in this version', () => ctx.go({ from: String(v.id - 1), to: String(v.id), scope })), 'version-changes') : null;
  const prev = view.offset > 0 ? button('← Previous', () => ctx.go({ offset: String(Math.max(0, view.offset - ENTRY_PAGE)) })) : null;
  const next = view.offset + ENTRY_PAGE < d.total ? button('Next →', () => ctx.go({ offset: String(view.offset + ENTRY_PAGE) })) : null;
  return [
    h('p', {}, `${scope === 'public' ? 'Public' : `Tenant ${v.scope}`} · ${v.source} · by ${v.author || '—'} · effective ${when(v.effective_from)}`),
    v.reason ? h('p', { class: 'muted wrap' }, v.reason) : null,
    h('div', { class: 'chips' }, compare, button('Close', () => ctx.go({ v: '', offset: '' }))),
    h('p', { class: 'muted' }, `${d.total} entries in force as of this version${view.provider || view.model ? ' (filtered)' : ''}.`),
    table([
      { label: 'Provider', value: (e) => (e.provider === '*' ? 'any' : e.provider) },
      { label: 'Model', value: (e) => e.model },
      { label: 'Prices (per 1M tokens / per unit)', value: (e) => sheetText(e.prices_per_million_tokens, e.prices_per_unit) },
      { label: 'Tiers', num: true, value: (e) => String((e.tiers || []).length) },
      { label: 'From', value: (e) => when(e.effective_from) },
      { label: 'To', value: (e) => (e.effective_to ? when(e.effective_to) : 'open') },
    ], d.entries, { caption: 'Entries', emptyText: 'No entry.' }),
    prev || next ? h('div', { class: 'chips' }, prev, h('span', { class: 'muted' }, `from ${view.offset + 1} of ${d.total}`), next) : null,
  ];
}
