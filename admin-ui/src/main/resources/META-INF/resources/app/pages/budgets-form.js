// The budget form: create or edit, with a scope builder over every dimension and tags.
// Test hooks: data-testid = budget-form, budget-name, budget-limit, budget-save, scope-add.
import { api } from '../api.js';
import { h, field, input, select, button, submitting, toast } from '../ui.js';

const SCOPE_DIMENSIONS = ['project', 'environment', 'user', 'customer', 'feature', 'agent', 'session', 'api_key', 'model', 'provider', 'tag:'];
const PERIODS = ['day', 'week', 'month', 'quarter', 'total', 'rolling_7d', 'rolling_30d'];

export function budgetForm(existing, done) {
  const b = existing || { period: 'month', unit: 'usd', enforcement: 'alert', thresholds: [50, 75, 90, 100], scope: {},
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
  const name = input('name', { value: b.name || '', required: true, maxlength: '200', 'data-testid': 'budget-name' });
  const period = select('period', PERIODS.includes(b.period) ? PERIODS : [...PERIODS, b.period], b.period);
  const zone = input('time_zone', { value: b.time_zone || 'UTC' });
  const unit = select('unit', [['usd', 'USD'], ['tokens', 'tokens'], ['requests', 'requests']], b.unit);
  const limit = input('limit', { value: b.limit || '', required: true, inputmode: 'decimal', placeholder: '200.00', 'data-testid': 'budget-limit' });
  const enforcement = select('enforcement', [['alert', 'alert only'], ['warn', 'warn the gateway'], ['block', 'block (deny calls)']], b.enforcement);
  const thresholds = input('thresholds', { value: (b.thresholds || []).join(', '), placeholder: '50, 75, 90, 100' });
  const ceiling = input('per_request_ceiling', { value: b.per_request_ceiling || '', inputmode: 'decimal', placeholder: 'none' });
  const leases = h('input', { type: 'checkbox', name: 'allowance_leases', checked: b.allowance_leases });
  const scopeRows = h('div', { class: 'scope-rows' });
  const addScope = (dim = 'project', value = '') => scopeRows.append(scopeRow(dim, value));
  Object.entries(b.scope || {}).forEach(([k, v]) => addScope(k, v));

  const form = h('form', { class: 'card', 'data-testid': 'budget-form', onsubmit: async (e) => {
    e.preventDefault();
    const body = {
      name: name.value.trim(), period: period.value, time_zone: zone.value.trim(), unit: unit.value, limit: limit.value.trim(),
      enforcement: enforcement.value, allowance_leases: leases.checked,
      thresholds: thresholds.value.split(',').map((t) => t.trim()).filter(Boolean).map(Number),
      per_request_ceiling: ceiling.value.trim() || null,
      scope: readScope(scopeRows),
    };
    const saved = await submitting(form, () => (existing ? api.put('budget', `/budgets/${existing.id}`, body) : api.post('budget', '/budgets', body)));
    toast(existing ? `Budget “${saved.name}” saved` : `Budget “${saved.name}” created`);
    done(saved);
  } },
  h('h2', {}, existing ? `Edit budget “${existing.name}”` : 'New budget'),
  h('div', { class: 'filters' }, field('Name', name), field('Period', period), field('Time zone', zone, 'IANA name, e.g. Europe/Berlin'),
    field('Unit', unit), field('Limit', limit, 'a decimal string; whole numbers for tokens and requests'), field('Enforcement', enforcement)),
  h('div', { class: 'filters' }, field('Thresholds (%)', thresholds, 'events when spend passes each'),
    field('Kill switch: per-request ceiling (USD)', ceiling, 'a single call above this trips the budget'),
    h('div', { class: 'field' }, h('label', {}, leases, ' Allowance leases (gateways decide locally)'))),
  h('fieldset', {}, h('legend', {}, 'Scope (empty: the whole tenant)'), scopeRows,
    button('+ Add a condition', () => addScope(), { label: 'add a scope condition' })),
  h('div', { class: 'chips' }, h('button', { type: 'submit', class: 'button primary', 'data-testid': 'budget-save' }, existing ? 'Save' : 'Create budget'),
    button('Cancel', () => done(null))));
  form.querySelector('fieldset button').dataset.testid = 'scope-add';
  return form;
}

function scopeRow(dim, value) {
  const isTag = dim.startsWith('tag:');
  const dimension = select('scope-dimension', SCOPE_DIMENSIONS.map((d) => [d, d === 'tag:' ? 'tag…' : d]), isTag ? 'tag:' : dim);
  const tagKey = input('scope-tag', { value: isTag ? dim.substring(4) : '', placeholder: 'tag key', hidden: !isTag });
  const val = input('scope-value', { value, placeholder: 'value' });
  dimension.addEventListener('change', () => { tagKey.hidden = dimension.value !== 'tag:'; });
  const row = h('div', { class: 'filters scope-row' }, field('Dimension', dimension), field('Tag key', tagKey), field('equals', val),
    button('Remove', () => row.remove(), { label: 'remove this condition' }));
  row.readScope = () => [dimension.value === 'tag:' ? `tag:${tagKey.value.trim()}` : dimension.value, val.value.trim()];
  return row;
}

function readScope(rows) {
  const scope = {};
  rows.querySelectorAll('.scope-row').forEach((r) => {
    const [k, v] = r.readScope();
    if (v) scope[k] = v;
  });
  return scope;
}
