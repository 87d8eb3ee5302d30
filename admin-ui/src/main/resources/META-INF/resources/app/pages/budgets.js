// Budgets: live status of each (spent, reserved, remaining, reset), and for admins create, edit,
// credit, re-enable and delete. Test hooks: data-testid = budgets-table, budget-new, budget-row-<name>,
// budget-edit, budget-credit, budget-reenable, budget-delete.
import { api } from '../api.js';
import { h, testid, money, card, table, fill, pageTitle, button, toast, errorBox, field, input, submitting } from '../ui.js';
import { countText, dateTimeText } from '../format.js';
import { gauge } from '../charts.js';
import { budgetForm } from './budgets-form.js';

export default async function render(main, ctx) {
  const canEdit = ctx.session.canEdit;
  const formSlot = h('div');
  const list = h('div', { 'data-testid': 'budgets-table' });
  const reload = () => fill(list, () => listView(list, ctx, formSlot, reload));
  main.append(pageTitle('Budgets', canEdit ? testid(button('New budget', () => {
    formSlot.replaceChildren(budgetForm(null, (saved) => { formSlot.replaceChildren(); if (saved) reload(); }));
    formSlot.querySelector('input').focus();
  }, { kind: 'primary' }), 'budget-new') : h('span', { class: 'muted' }, 'read-only: ask a tenant admin to change budgets')),
  formSlot, card(null, list));
  reload();
}

async function listView(list, ctx, formSlot, reload) {
  const { items, total } = await api.get('budget', '/budgets');
  const canEdit = ctx.session.canEdit;
  const amount = (s, v) => (s.budget.unit === 'usd' ? money(v) : `${countText(v)} ${s.budget.unit}`);
  return [table([
    { label: 'Budget', value: (s) => h('span', { 'data-testid': `budget-row-${s.budget.name}` }, h('strong', {}, s.budget.name),
      s.budget.tripped ? h('span', { class: 'badge over', title: s.budget.tripped_reason || '' }, ' tripped') : null) },
    { label: 'Scope', value: (s) => scopeText(s.budget.scope) },
    { label: 'Period', value: (s) => `${s.budget.period} (${s.budget.time_zone})` },
    { label: 'Used', value: (s) => gauge('', s.percent_used) },
    { label: 'Spent', num: true, value: (s) => amount(s, s.spent) },
    { label: 'Reserved', num: true, value: (s) => amount(s, s.reserved) },
    { label: 'Remaining', num: true, value: (s) => amount(s, s.remaining) },
    { label: 'Limit', num: true, value: (s) => amount(s, s.effective_limit) },
    { label: 'Resets', value: (s) => (s.reset_at ? dateTimeText(s.reset_at, s.budget.time_zone) : 'never') },
    { label: 'Enforcement', value: (s) => s.budget.enforcement },
    ...(canEdit ? [{ label: 'Actions', value: (s) => actions(s, formSlot, reload) }] : []),
  ], items, { emptyText: canEdit ? 'No budgets yet: create the first one.' : 'No budgets yet.' }),
    total > items.length ? h('p', { class: 'muted' }, `${countText(items.length)} of ${countText(total)} budgets shown`) : null];
}

function actions(s, formSlot, reload) {
  const b = s.budget;
  const edit = testid(button('Edit', () => {
    formSlot.replaceChildren(budgetForm(b, (saved) => { formSlot.replaceChildren(); if (saved) reload(); }));
    formSlot.scrollIntoView();
  }, { label: `edit ${b.name}` }), 'budget-edit');
  const credit = testid(button('Credit', () => formSlot.replaceChildren(creditForm(b, formSlot, reload)), { label: `credit ${b.name}` }), 'budget-credit');
  const reEnable = b.tripped ? testid(button('Re-enable', async () => {
    try {
      await api.post('budget', `/budgets/${b.id}/re-enable`);
      toast(`“${b.name}” re-enabled`);
      reload();
    } catch (e) { formSlot.replaceChildren(errorBox(e)); }
  }, { label: `re-enable ${b.name}` }), 'budget-reenable') : null;
  const del = testid(button('Delete', async () => {
    if (!confirm(`Delete the budget “${b.name}”?`)) return;
    try {
      await api.del('budget', `/budgets/${b.id}`);
      toast(`“${b.name}” deleted`);
      reload();
    } catch (e) { formSlot.replaceChildren(errorBox(e)); }
  }, { kind: 'danger', label: `delete ${b.name}` }), 'budget-delete');
  return h('span', { class: 'chips' }, edit, credit, reEnable, del);
}

function creditForm(b, formSlot, reload) {
  const amountField = input('amount', { required: true, inputmode: 'decimal', placeholder: '50.00' });
  const reason = input('reason', { placeholder: 'why (kept in the audit log)' });
  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    await submitting(form, () => api.post('budget', `/budgets/${b.id}/credits`, { amount: amountField.value.trim(), reason: reason.value.trim() || null }));
    toast(`Credit added to “${b.name}”`);
    formSlot.replaceChildren();
    reload();
  } }, h('h2', {}, `Credit “${b.name}” for this period`),
  h('div', { class: 'filters' }, field(`Amount (${b.unit})`, amountField), field('Reason', reason),
    h('button', { type: 'submit', class: 'button primary' }, 'Add credit'), button('Cancel', () => formSlot.replaceChildren())));
  return form;
}

function scopeText(scope) {
  const entries = Object.entries(scope || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'whole tenant';
}
