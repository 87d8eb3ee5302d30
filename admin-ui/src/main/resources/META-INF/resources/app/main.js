// The console's shell: who is signed in, the navigation, the act-for banner, and a router that
// keeps the whole view in the address (a view can be bookmarked and shared).
import { api, actingFor, setActingFor } from './api.js';
import { h, errorBox, loading, button } from './ui.js';
import { loadCharts } from './charts.js';

const PAGES = [
  ['overview', 'Overview'], ['explore', 'Explore'], ['sessions', 'Sessions'], ['budgets', 'Budgets'],
  ['alerts', 'Alerts'], ['prices', 'Prices'], ['forecast', 'Forecast & advice'], ['reconciliation', 'Reconciliation'],
  ['keys', 'API keys'], ['audit', 'Audit log'], ['settings', 'Settings'],
];

const session = { name: '', tenant: '', roles: [], canEdit: false, isPlatformAdmin: false, actingFor: '' };

async function loadSession() {
  const [me, who] = await Promise.all([
    fetch('/session', { headers: { 'X-Requested-With': 'JavaScript' } }).then((r) => (r.status === 499 ? location.reload() : r.json())),
    api.get('report', '/whoami').catch((e) => ({ error: e })),
  ]);
  session.name = (me && me.name) || '';
  if (who.error) throw who.error;
  session.tenant = who.tenant_id || who.tenantId || '';
  session.roles = who.roles || [];
  session.isPlatformAdmin = session.roles.includes('platform-admin');
  session.actingFor = actingFor();
  session.canEdit = session.roles.includes('tenant-admin');
}

function header() {
  const top = document.getElementById('top');
  const roleText = session.isPlatformAdmin ? 'platform admin' : session.canEdit ? 'admin' : 'viewer (read-only)';
  top.replaceChildren(...[
    h('a', { class: 'brand', href: '/overview', 'data-link': '' }, 'tokenledger'),
    h('span', { class: 'tenant', 'data-testid': 'tenant' }, session.tenant ? `tenant ${session.tenant}` : 'no tenant'),
    h('span', { class: 'spacer' }),
    session.isPlatformAdmin ? actForControl() : null,
    h('span', { class: 'who', 'data-testid': 'who' }, `${session.name} · ${roleText}`),
    h('a', { class: 'button', href: '/logout', id: 'logout' }, 'Sign out')].filter(Boolean));
  const banner = document.getElementById('acting');
  if (session.actingFor) {
    banner.hidden = false;
    banner.replaceChildren(h('strong', {}, `Acting for tenant ${session.actingFor}`),
      ' — every change is made in that tenant and logged under your name. ',
      button('Stop acting', () => { setActingFor(''); location.reload(); }));
  } else {
    banner.hidden = true;
  }
}

function actForControl() {
  const field = h('input', { id: 'act-for', name: 'act-for', placeholder: 'tenant id', value: session.actingFor, size: '10' });
  return h('form', { class: 'act-for', onsubmit: (e) => {
    e.preventDefault();
    setActingFor(field.value.trim());
    location.reload();
  } }, h('label', { for: 'act-for' }, 'Act for'), field, h('button', { type: 'submit', class: 'button' }, 'Go'));
}

function nav(current) {
  document.getElementById('nav').replaceChildren(h('ul', {}, PAGES.map(([id, text]) =>
    h('li', {}, h('a', { href: `/${id}`, 'data-link': '', 'aria-current': id === current ? 'page' : null }, text)))));
}

function route() {
  const parts = location.pathname.split('/').filter(Boolean);
  const page = PAGES.some(([id]) => id === parts[0]) ? parts[0] : 'overview';
  return { page, rest: parts.slice(1).map(decodeURIComponent) };
}

let renderCount = 0;
let sessionLoaded = null;

async function render() {
  const { page, rest } = route();
  nav(page);
  const main = document.getElementById('main');
  const mine = ++renderCount;
  main.replaceChildren(loading());
  const ctx = {
    session,
    rest,
    params: new URLSearchParams(location.search),
    /** Replaces the query with `params` (an object or URLSearchParams) and draws the page again. */
    setParams(params, { replace = false } = {}) {
      const q = new URLSearchParams(params);
      for (const [k, v] of [...q.entries()]) if (v === '') q.delete(k);
      const url = `${location.pathname}${q.toString() ? '?' + q : ''}`;
      if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
      render();
    },
    navigate,
    isCurrent: () => mine === renderCount,
  };
  try {
    const module = await import(`./pages/${page}.js`);
    // a page that reads the same for every role starts its calls without waiting for the roles
    if (!module.sameForEveryRole) await sessionLoaded;
    if (mine !== renderCount) return;
    main.replaceChildren();
    const drawn = module.default(main, ctx);
    loadCharts(); // the page's calls are on their way now
    await drawn;
  } catch (e) {
    if (mine === renderCount) main.replaceChildren(errorBox(e));
  } finally {
    if (mine === renderCount) {
      main.dataset.page = page;
      main.dataset.ready = String(mine);
    }
  }
}

export function navigate(url) {
  history.pushState(null, '', url);
  render();
  document.getElementById('main').focus({ preventScroll: true });
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);
// a refusal already shown inside its form (ui.submitting) is not an uncaught error
window.addEventListener('unhandledrejection', (e) => { if (e.reason && e.reason.shown) e.preventDefault(); });

(async () => {
  const main = document.getElementById('main');
  sessionLoaded = loadSession();
  render();
  try {
    await sessionLoaded;
  } catch (e) {
    // e.g. acting for a tenant the services do not let this person act for: say so, offer the way back
    renderCount++; // a page still drawing leaves the message alone
    main.replaceChildren(errorBox(e), actingFor() ? button('Stop acting for ' + actingFor(), () => { setActingFor(''); location.reload(); }) : '');
    main.dataset.ready = 'session-refused';
    return;
  }
  header();
})();
