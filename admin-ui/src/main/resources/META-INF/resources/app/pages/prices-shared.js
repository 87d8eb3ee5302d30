// Shared pieces of the prices page: exact price sheets (the catalogue's decimal strings, shown as
// they arrive: a per-million price is never rounded nor recomputed), dates, status of effective-dated rows.
import { h } from '../ui.js';
import { dateTimeText } from '../format.js';

export const BUCKETS = ['input', 'cache_read', 'cache_write', 'cache_write_1h', 'output', 'reasoning'];
export const BUCKET_LABELS = {
  input: 'Input', cache_read: 'Cached input (read)', cache_write: 'Cache write', cache_write_1h: 'Cache write 1h',
  output: 'Output', reasoning: 'Reasoning',
};

/** An exact decimal string as text, marked up for tabular digits. */
export function exact(amount, suffix) {
  if (amount === null || amount === undefined || amount === '') return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'exact', 'data-exact': amount }, suffix ? `${amount} ${suffix}` : String(amount));
}

/** True for "0", "0.000", "-0.0": a string test, no arithmetic. */
export function isZeroDecimal(s) {
  return s !== null && s !== undefined && /^[-+]?0*(\.0*)?$/.test(String(s).trim()) && /\d/.test(String(s));
}

export function when(iso) {
  return iso ? dateTimeText(iso, 'UTC') : '—';
}

export function period(from, to) {
  return `${when(from)} → ${to ? when(to) : 'open'}`;
}

/** Past, in force or scheduled, from the row's own dates (the clock only decides which badge). */
export function statusBadge(from, to) {
  const now = Date.now();
  if (to && Date.parse(to) <= now) return h('span', { class: 'badge' }, 'ended');
  if (from && Date.parse(from) > now) return h('span', { class: 'badge warn' }, 'scheduled');
  return h('span', { class: 'badge ok' }, 'in force');
}

export function isLive(row) {
  return !row.effective_to || Date.parse(row.effective_to) > Date.now();
}

/** "input 3 · output 15 · unit:web_search_calls 0.01" — every price exactly as the API gives it. */
export function sheetText(tokens, units) {
  const parts = Object.entries(tokens || {}).map(([b, p]) => `${b} ${p}`);
  Object.entries(units || {}).forEach(([u, p]) => parts.push(`${u} ${p}/unit`));
  return parts.length ? parts.join(' · ') : '—';
}

/** The full detail of one entry: per-million prices, units, tiers, fees, match rules. */
export function entryDetail(e) {
  const cur = e.currency || 'USD';
  const rows = Object.entries(e.prices_per_million_tokens || {}).map(([b, p]) => h('tr', {},
    h('th', { scope: 'row' }, BUCKET_LABELS[b] || b), h('td', { class: 'num' }, exact(p, `${cur} / 1M tokens`))));
  Object.entries(e.prices_per_unit || {}).forEach(([u, p]) => rows.push(h('tr', {},
    h('th', { scope: 'row' }, u), h('td', { class: 'num' }, exact(p, `${cur} / unit`)))));
  const tiers = (e.tiers || []).map((t) => h('li', {}, h('strong', {}, t.name), ` (when ${conditionsText(t.conditions)}): `,
    sheetText(t.prices_per_million_tokens, t.prices_per_unit), t.factor ? ` · factor ${t.factor}` : ''));
  const fees = (e.fees || []).map((f) => h('li', {}, `${f.name}: `, exact(f.amount, `${cur} per ${f.period}`)));
  return h('div', { class: 'entry-detail' },
    rows.length ? h('div', { class: 'table-wrap' }, h('table', {}, h('caption', {}, `Prices (${cur}), exact`), h('tbody', {}, rows)))
      : h('p', { class: 'muted' }, 'No token or unit prices.'),
    tiers.length ? [h('h3', {}, 'Tiers'), h('ul', {}, tiers)] : null,
    fees.length ? [h('h3', {}, 'Fixed fees'), h('ul', {}, fees)] : null,
    h('p', { class: 'muted' }, `Source ${e.source || '—'}`,
      e.aliases && e.aliases.length ? ` · aliases ${e.aliases.join(', ')}` : '',
      e.match_pattern ? ` · matches ${e.match_pattern}` : ''));
}

function conditionsText(conditions) {
  return (conditions || []).map((c) => `${c.field} ${c.operator} ${c.value ?? (c.values || []).join('|')}`).join(' and ') || 'always';
}

/** A datetime-local value read as UTC ("2026-01-24T00:00" → "2026-01-24T00:00:00Z"); '' → null. */
export function utcInstant(value) {
  if (!value) return null;
  return value.length === 16 ? `${value}:00Z` : `${value}Z`;
}

// the pages of this group import it from here
export { testid } from '../ui.js';
