// How one audit entry reads: when (browser time zone, to the second), who, and what changed between
// the object's snapshot before and after (both as the API showed them; secrets are never in them).
import { h } from '../ui.js';
import { dateFormat } from '../format.js';

export function whenText(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dateFormat('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}

export function whoText(e) {
  if (e.actor_tenant === '*') return h('span', {}, e.actor, h('span', { class: 'muted' }, ' (platform)'));
  if (e.actor_tenant && e.actor_tenant !== e.tenant_id) {
    return h('span', {}, e.actor, h('span', { class: 'muted', title: 'a platform admin acting for this tenant' }, ` (of ${e.actor_tenant})`));
  }
  return e.actor;
}

/** A disclosure: a one-line summary, and the changed fields (or the whole object when created or deleted). */
export function changeSummary(e) {
  const before = e.before;
  const after = e.after;
  let summary;
  let body;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (!keys.length) return h('span', { class: 'muted' }, 'no field changed');
    summary = `${keys.length === 1 ? '1 field' : `${keys.length} fields`}: ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? '…' : ''}`;
    body = h('ul', {}, keys.map((k) => h('li', {}, h('code', {}, k), ': ', valueText(before[k]), ' → ', valueText(after[k]))));
  } else if (after !== null && after !== undefined) {
    summary = before === null || before === undefined ? 'new object' : 'after';
    body = h('pre', {}, JSON.stringify(after, null, 2));
  } else if (before !== null && before !== undefined) {
    summary = 'object before removal';
    body = h('pre', {}, JSON.stringify(before, null, 2));
  } else {
    return h('span', { class: 'muted' }, '—');
  }
  return h('details', { class: 'audit-change' }, h('summary', {}, summary), body);
}

function valueText(v) {
  if (v === undefined) return h('span', { class: 'muted' }, '(absent)');
  return h('code', {}, JSON.stringify(v));
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
