// Audit log: every service keeps its own log of changes; they are read in parallel, merged newest
// first, and paged with each service's own cursor. One service failing shows its error and the
// others are still listed. Filters (in the address): service, object type, object id, page size.
// Test hooks: data-testid = audit-form, audit-service, audit-object-type, audit-object-id, audit-limit,
// audit-table, audit-older, audit-count, audit-error-<service>, audit-viewer-note.
import { api } from '../api.js';
import { h, testid, card, table, fill, pageTitle, field, select, input, button, errorBox } from '../ui.js';
import { changeSummary, whenText, whoText } from './audit-entry.js';

const SERVICES = ['ingest', 'pricing', 'budget', 'report', 'notifier'];
const OBJECT_TYPES = ['api_key', 'provider_key', 'budget', 'channel', 'route', 'catalogue_version', 'settings', 'dead-letter'];
const SIZES = ['25', '50', '100', '200'];

export default async function render(main, ctx) {
  const p = ctx.params;
  const view = {
    service: SERVICES.includes(p.get('service')) ? p.get('service') : '',
    object_type: p.get('object_type') || '',
    object_id: p.get('object_id') || '',
    limit: SIZES.includes(p.get('limit')) ? p.get('limit') : '50',
  };
  main.append(pageTitle('Audit log', h('span', { class: 'muted' }, 'who changed what, in every service; times in your browser’s time zone')));
  if (!ctx.session.canEdit && !ctx.session.isPlatformAdmin) {
    // the services answer the audit log to tenant admins (and platform admins) only
    main.append(card(null, h('p', { 'data-testid': 'audit-viewer-note' }, 'The audit log is readable by tenant admins. You are signed in read-only.')));
    return;
  }
  const list = h('div');
  main.append(filterForm(view, ctx), card(null, list));
  const query = { object_type: view.object_type, object_id: view.object_id, limit: view.limit };
  const states = (view.service ? [view.service] : SERVICES).map((name) => ({ name, entries: [], next: null, error: null }));
  await fill(list, async () => {
    await Promise.all(states.map((s) => loadPage(s, query)));
    return merged(states, query, list, view);
  });
}

/** Reads a service's next page into its state; a failure is kept on the state (and stops its paging). */
async function loadPage(state, query) {
  try {
    const page = await api.get(state.name, '/audit-log', { ...query, before_id: state.next });
    state.entries.push(...page.entries.map((e) => ({ ...e, service: state.name })));
    state.next = page.next_before_id ?? null;
    state.error = null;
  } catch (e) {
    state.error = e;
    state.next = null;
  }
}

function merged(states, query, list, view) {
  const failed = states.filter((s) => s.error);
  if (failed.length === states.length && failed.every((s) => s.error.status === 403)) {
    return errorBox(failed[0].error);
  }
  // a service with more pages may still hold entries newer than another's loaded ones: only entries at
  // or after the oldest loaded time of every such service are in their final order
  const pending = states.filter((s) => s.next !== null && s.entries.length);
  const horizon = pending.length ? Math.max(...pending.map((s) => Math.min(...s.entries.map((e) => Date.parse(e.at))))) : -Infinity;
  const all = states.flatMap((s) => s.entries);
  const shown = all.filter((e) => Date.parse(e.at) >= horizon)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.service.localeCompare(b.service) || b.id - a.id);
  const held = all.length - shown.length;
  const more = states.some((s) => s.next !== null);
  const filtered = view.object_type || view.object_id || view.service;
  const older = more ? testid(button('Older →', async () => {
    older.disabled = true;
    older.textContent = 'Loading…';
    await Promise.all(states.filter((s) => s.next !== null).map((s) => loadPage(s, query)));
    list.replaceChildren(...[].concat(merged(states, query, list, view)));
  }, { label: 'load older audit entries' }), 'audit-older') : null;
  return [
    ...failed.map((s) => h('div', { 'data-testid': `audit-error-${s.name}` }, h('strong', {}, `${s.name} service: `),
      'its entries are missing below.', errorBox(s.error))),
    testid(table([
      { label: 'When', value: (e) => h('time', { datetime: e.at, title: e.at }, whenText(e.at)) },
      { label: 'Service', value: (e) => e.service },
      { label: 'Who', value: (e) => whoText(e) },
      { label: 'Action', value: (e) => h('code', {}, e.action) },
      { label: 'Object', value: (e) => `${e.object_type} ${e.object_id}` },
      { label: 'Details', value: (e) => changeSummary(e) },
    ], shown, { emptyText: filtered ? 'No changes match these filters.' : 'No changes recorded yet.' }), 'audit-table'),
    h('p', { class: 'muted', 'data-testid': 'audit-count' }, `${shown.length} entries shown`,
      held ? `; ${held} older ones appear once the other services’ next pages are read` : '', more ? '.' : ' — the end of the log.'),
    older ? h('div', { class: 'chips' }, older) : null,
  ];
}

function filterForm(view, ctx) {
  const service = select('service', [['', 'all services'], ...SERVICES], view.service, { 'data-testid': 'audit-service' });
  const types = h('datalist', { id: 'audit-object-types' }, OBJECT_TYPES.map((t) => h('option', { value: t })));
  const objectType = input('object_type', { value: view.object_type, list: 'audit-object-types', placeholder: 'any', 'data-testid': 'audit-object-type' });
  const objectId = input('object_id', { value: view.object_id, placeholder: 'any', 'data-testid': 'audit-object-id' });
  const limit = select('limit', SIZES, view.limit, { 'data-testid': 'audit-limit' });
  return h('form', { class: 'card filters', 'data-testid': 'audit-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.setParams({ service: service.value, object_type: objectType.value.trim(), object_id: objectId.value.trim(),
      limit: limit.value === '50' ? '' : limit.value });
  } }, field('Service', service), field('Object type', objectType, 'e.g. budget, api_key, channel'), types,
  field('Object id', objectId), field('Per page and service', limit),
  h('button', { type: 'submit', class: 'button primary' }, 'Apply'),
  view.service || view.object_type || view.object_id ? button('Clear', () => ctx.setParams({})) : null);
}
