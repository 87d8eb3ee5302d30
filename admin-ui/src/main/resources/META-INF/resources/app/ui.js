// Small DOM helpers shared by every page: no framework, no inline script or style (the page's
// Content-Security-Policy allows neither), every control labelled.
import { moneyText, exactText } from './format.js';

/** h('div', {class: 'x', onclick: fn}, 'text', child, [children]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.substring(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An amount rounded for reading, the exact decimal on hover (and for screen readers). */
export function money(amount, currency = 'USD') {
  return h('span', { class: 'money', title: exactText(amount, currency), 'data-exact': amount ?? '' }, moneyText(amount, currency));
}

/** Marks an element for the browser tests (data-testid) and returns it. */
export function testid(el, id) {
  el.dataset.testid = id;
  return el;
}

export function loading(what = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, what);
}

export function empty(message) {
  return h('p', { class: 'empty' }, message);
}

/** A refusal or failure as the person should read it: the service's problem detail, never a stack. */
export function errorBox(err) {
  const status = err && err.status;
  let text = err && err.message ? err.message : String(err);
  if (status === 403) text = `Not allowed: ${text}`;
  const fields = err && err.problem && Array.isArray(err.problem.errors)
    ? err.problem.errors.map((e) => h('li', {}, `${e.field || e.pointer || ''} ${e.message || e.detail || ''}`.trim()))
    : [];
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, status ? `Error ${status}` : 'Error'), ' ', text,
    fields.length ? h('ul', {}, fields) : null);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

export function stat(label, value, hint) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value),
    hint ? h('div', { class: 'stat-hint' }, hint) : null);
}

/**
 * A table: columns are {label, value: row => node|text, num: true for right-aligned numbers}.
 * onRow makes rows clickable (and keyboard-activatable).
 */
export function table(columns, rows, { caption, onRow, emptyText = 'Nothing here yet.' } = {}) {
  if (!rows || rows.length === 0) return empty(emptyText);
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map((r) => {
      const tr = h('tr', onRow ? { class: 'clickable', tabindex: '0', onclick: () => onRow(r),
        onkeydown: (e) => { if (e.key === 'Enter') onRow(r); } } : {},
        columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.value(r))));
      return tr;
    }))));
}

/** Runs `load` and fills `slot` with its result, showing loading and error states. */
export async function fill(slot, load) {
  slot.replaceChildren(loading());
  try {
    const content = await load();
    slot.replaceChildren(...[].concat(content).filter((c) => c !== null && c !== undefined && c !== false));
  } catch (e) {
    slot.replaceChildren(errorBox(e));
  }
}

/** A labelled form field. */
export function field(label, control, hint) {
  const id = control.id || ('f-' + Math.random().toString(36).slice(2, 9));
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', {}, hint) : null);
}

export function input(name, attrs = {}) {
  return h('input', { name, type: 'text', ...attrs });
}

export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs }, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: String(v) === String(value) ? 'selected' : null }, text);
  }));
}

export function button(text, onclick, { kind = '', type = 'button', label } = {}) {
  return h('button', { type, class: `button ${kind}`.trim(), onclick, 'aria-label': label }, text);
}

/** A short message that disappears by itself (and is announced to screen readers). */
export function toast(message, kind = 'ok') {
  const t = h('div', { class: `toast ${kind}`, role: 'status' }, message);
  document.body.append(t);
  setTimeout(() => t.remove(), 4000);
}

/** Submits a form through `action`, showing its error inside the form; returns the result. */
export async function submitting(form, action) {
  const slot = form.querySelector('.form-error') || form.appendChild(h('div', { class: 'form-error' }));
  slot.replaceChildren();
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    return await action();
  } catch (e) {
    slot.replaceChildren(errorBox(e));
    // shown in the form; rethrown so that the caller stops, and not logged again as uncaught (main.js)
    if (e && typeof e === 'object') e.shown = true;
    throw e;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

export function pageTitle(text, ...extra) {
  document.title = `${text} · tokenledger`;
  return h('div', { class: 'page-head' }, h('h1', {}, text), ...extra);
}

// pages whose tab strip gets keyboard focus back when they are drawn again after a tab link was followed
const refocusTabs = new Set();

/**
 * A page's sections as a strip of links kept in the address (`?tab=…`) and the panel below it.
 * `sections` are [id, text, draw]; the one in the address (or the first) is chosen. Test hooks:
 * data-testid = <page>-tabs, <page>-tab-<id>, <page>-panel. After appending strip and panel, call
 * focus(): a followed tab link leaves the keyboard on the strip, not at the top of the page.
 */
export function tabs(ctx, page, label, sections) {
  const [id, , draw] = sections.find(([s]) => s === ctx.params.get('tab')) || sections[0];
  const strip = h('nav', { class: 'tabs', 'aria-label': label, 'data-testid': `${page}-tabs` }, sections.map(([s, text]) =>
    h('a', {
      href: `/${page}?tab=${s}`, class: 'tab', 'aria-current': s === id ? 'page' : null, 'data-testid': `${page}-tab-${s}`,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new browser tab is fine
        e.preventDefault();
        refocusTabs.add(page);
        ctx.setParams({ tab: s });
      },
    }, text)));
  const panel = h('div', { class: 'tab-panel', 'data-testid': `${page}-panel` });
  const focus = () => { if (refocusTabs.delete(page)) strip.querySelector('[aria-current="page"]').focus(); };
  return { id, draw, strip, panel, focus };
}
