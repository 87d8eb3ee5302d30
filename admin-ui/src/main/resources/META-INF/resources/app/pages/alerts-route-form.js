// Alerts › the route form (create or edit): event types and severities to match (none ticked:
// all), the channels to send to, and optional quiet hours — the shape RouteRequest takes.
import { api } from '../api.js';
import { h, field, input, button, submitting, toast } from '../ui.js';
import { EVENT_TYPES, SEVERITIES, testid, typeText } from './alerts-common.js';

export function routeForm(existing, channels, done) {
  const r = existing || { event_types: [], severities: [], channel_ids: [], quiet_hours: null };
  const name = input('name', { value: r.name || '', required: true, maxlength: '200', 'data-testid': 'route-name' });
  const events = checkboxes('event_types', EVENT_TYPES.map((t) => [t, t.replace(/_/g, ' ')]), r.event_types);
  const severities = checkboxes('severities', SEVERITIES.map((s) => [s, s]), r.severities);
  const live = channels.items.map((c) => [String(c.id), `${c.name} (${typeText(c.type)})`]);
  const chosen = checkboxes('channel_ids', live, r.channel_ids.map(String));
  const gone = r.channel_ids.filter((id) => !channels.byId.has(String(id)));

  const q = r.quiet_hours || { start: '22:00', end: '07:00', time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
  const quiet = h('input', { type: 'checkbox', name: 'quiet', checked: !!r.quiet_hours, 'data-testid': 'route-quiet' });
  const start = input('quiet_start', { type: 'time', value: q.start, 'data-testid': 'route-quiet-start' });
  const end = input('quiet_end', { type: 'time', value: q.end, 'data-testid': 'route-quiet-end' });
  const zone = input('quiet_time_zone', { value: q.time_zone, 'data-testid': 'route-quiet-zone' });
  const followQuiet = () => [start, end, zone].forEach((c) => { c.disabled = !quiet.checked; });
  quiet.addEventListener('change', followQuiet);
  followQuiet();

  const form = h('form', { class: 'card', 'data-testid': 'route-form', onsubmit: async (e) => {
    e.preventDefault();
    const body = {
      name: name.value.trim(),
      event_types: events.values(),
      severities: severities.values(),
      channel_ids: chosen.values().map(Number),
      quiet_hours: quiet.checked ? { start: start.value, end: end.value, time_zone: zone.value.trim() || 'UTC' } : null,
    };
    const saved = await submitting(form, () => (existing
      ? api.put('notifier', `/routes/${existing.id}`, body)
      : api.post('notifier', '/routes', body)));
    toast(existing ? `Route “${saved.name}” saved` : `Route “${saved.name}” created`);
    done(saved);
  } },
  h('h2', {}, existing ? `Edit route “${existing.name}”` : 'New route'),
  h('div', { class: 'filters' }, field('Name', name)),
  h('fieldset', {}, h('legend', {}, 'Events (none ticked: every event)'), events.node),
  h('fieldset', {}, h('legend', {}, 'Severities (none ticked: every severity)'), severities.node),
  h('fieldset', { 'data-testid': 'route-channels' }, h('legend', {}, 'Send to channels (at least one)'),
    live.length ? chosen.node : h('p', { class: 'empty' }, 'There are no channels yet: create one on the Channels tab first.'),
    gone.length ? h('p', { class: 'muted' }, `Deleted channel${gone.length === 1 ? '' : 's'} ${gone.map((id) => `#${id}`).join(', ')} will be dropped from this route when it is saved.`) : null),
  h('fieldset', {}, h('legend', {}, 'Quiet hours'),
    h('label', {}, quiet, ' Hold deliveries during a daily window (it may pass midnight)'),
    h('div', { class: 'filters' }, field('From', start), field('Until', end), field('Time zone', zone, 'IANA name, e.g. Europe/Berlin'))),
  h('div', { class: 'chips' },
    testid(h('button', { type: 'submit', class: 'button primary' }, existing ? 'Save' : 'Create route'), 'route-save'),
    button('Cancel', () => done(null))));
  return form;
}

/** A group of labelled checkboxes; values() lists the ticked ones in their given order. */
function checkboxes(name, options, ticked) {
  const set = new Set(ticked || []);
  const boxes = options.map(([value, text]) => {
    const box = h('input', { type: 'checkbox', name, value, checked: set.has(value) });
    return [box, h('label', { class: 'check' }, box, ' ', text)];
  });
  return {
    node: h('div', { class: 'chips' }, boxes.map(([, label]) => label)),
    values: () => boxes.filter(([box]) => box.checked).map(([box]) => box.value),
  };
}
