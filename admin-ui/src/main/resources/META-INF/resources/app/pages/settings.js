// Settings: who is signed in, and the tenant's report settings (the time zone its days, weeks and
// months follow; how many days raw events are kept). Admins edit them; viewers read them.
// Test hooks: data-testid = signed-in, settings-view, settings-time-zone-value, settings-retention-value,
// settings-updated, settings-form, settings-time-zone, settings-retention, settings-save.
import { api } from '../api.js';
import { h, testid, card, stat, fill, pageTitle, field, select, input, toast, submitting } from '../ui.js';
import { dateTimeText } from '../format.js';

export default async function render(main, ctx) {
  const slot = h('div');
  const reload = () => fill(slot, () => settingsView(ctx, reload));
  main.append(pageTitle('Settings'), signedIn(ctx.session), slot);
  await reload();
}

function signedIn(s) {
  const role = s.isPlatformAdmin ? 'platform admin' : s.canEdit ? 'tenant admin' : 'viewer (read-only)';
  return card('Signed in', h('div', { class: 'stats', 'data-testid': 'signed-in' },
    stat('Name', s.name || '—'),
    stat('Tenant', s.tenant || '—', s.actingFor ? `acting for ${s.actingFor}` : null),
    stat('Access', role, s.roles.length ? `roles: ${s.roles.join(', ')}` : 'no roles')));
}

async function settingsView(ctx, reload) {
  const s = await api.get('report', '/report-settings');
  const view = card(`Report settings of tenant ${s.tenant}`,
    h('div', { class: 'stats', 'data-testid': 'settings-view' },
      testid(stat('Time zone', s.time_zone, 'the days, weeks and months of reports follow it'), 'settings-time-zone-value'),
      testid(stat('Raw event retention', `${s.retention_days} days`, 'older raw events are deleted; rollups and session summaries are kept'), 'settings-retention-value'),
      testid(stat('Last changed', s.updated_at ? dateTimeText(s.updated_at) : 'never', s.updated_by ? `by ${s.updated_by}` : null), 'settings-updated')));
  if (!ctx.session.canEdit) {
    return [view, h('p', { class: 'muted' }, 'Read-only: ask a tenant admin to change these settings.')];
  }
  return [view, editForm(s, reload)];
}

function editForm(s, reload) {
  const zone = select('time_zone', zoneOptions(s.time_zone), s.time_zone, { required: true, 'data-testid': 'settings-time-zone' });
  const retention = input('retention_days', { type: 'number', min: '1', max: '36500', step: '1', required: true,
    value: String(s.retention_days), inputmode: 'numeric', 'data-testid': 'settings-retention' });
  const form = h('form', { class: 'card', 'data-testid': 'settings-form', onsubmit: async (e) => {
    e.preventDefault();
    const days = Number(retention.value);
    if (days < s.retention_days && !confirm(`Raw events older than ${days} days will be deleted at the next maintenance run. Continue?`)) return;
    try {
      await submitting(form, () => api.put('report', '/report-settings', { time_zone: zone.value, retention_days: days }));
    } catch {
      return; // the error is shown in the form
    }
    toast('Settings saved');
    reload();
  } },
  h('h2', {}, 'Change'),
  h('div', { class: 'filters' },
    field('Time zone', zone, 'an IANA time zone'),
    field('Keep raw events for (days)', retention, '1 to 36500; reports of older periods still answer from rollups'),
    h('button', { type: 'submit', class: 'button primary', 'data-testid': 'settings-save' }, 'Save')));
  return form;
}

/** The browser's IANA zones, with the current one (and UTC, which some browsers leave out) always offered. */
function zoneOptions(current) {
  let zones = [];
  try {
    zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  } catch {
    zones = [];
  }
  const all = new Set(zones);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}
