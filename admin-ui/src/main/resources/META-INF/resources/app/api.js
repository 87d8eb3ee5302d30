// The console reads and changes everything through its own backend: /api/<service>/<path> is the
// service's /v1/<path>, called with the signed-in user's token (the browser never sees it).

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem && typeof problem === 'object'
      ? (problem.detail || problem.title || `HTTP ${status}`)
      : (typeof problem === 'string' && problem && !problem.trimStart().startsWith('<') ? problem : `HTTP ${status}`);
    super(detail);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : null;
  }
}

const ACT_FOR_KEY = 'tokenledger.act-for';

/** The tenant a platform-admin acts for in this browser tab ('' for their own). */
export function actingFor() {
  return sessionStorage.getItem(ACT_FOR_KEY) || '';
}

export function setActingFor(tenant) {
  if (tenant) sessionStorage.setItem(ACT_FOR_KEY, tenant); else sessionStorage.removeItem(ACT_FOR_KEY);
}

function csrfToken() {
  const c = document.cookie.split('; ').find((x) => x.startsWith('tl_csrf='));
  return c ? c.substring('tl_csrf='.length) : '';
}

/** '/api/report/reports/summary?period=this_month' from ('report', '/reports/summary', {period: 'this_month'}). */
export function apiUrl(service, path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else q.append(k, v);
  }
  const qs = q.toString();
  return `/api/${service}${path.startsWith('/') ? path : '/' + path}${qs ? '?' + qs : ''}`;
}

async function call(method, service, path, { params, body, accept } = {}) {
  const headers = { 'X-Requested-With': 'JavaScript', Accept: accept || 'application/json' };
  if (actingFor()) headers['X-Tokenledger-Tenant'] = actingFor();
  if (method !== 'GET') headers['X-Tokenledger-CSRF'] = csrfToken();
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = 'text/csv';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const r = await fetch(apiUrl(service, path, params), { method, headers, body: payload, credentials: 'same-origin' });
  if (r.status === 499) {
    // the session ended: a full page load goes through the login page and comes back here
    location.reload();
    throw new ApiError(401, { detail: 'Your session has ended; signing in again…' });
  }
  const text = await r.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const api = {
  get: (service, path, params) => call('GET', service, path, { params }),
  post: (service, path, body, params) => call('POST', service, path, { body: body === undefined ? {} : body, params }),
  put: (service, path, body) => call('PUT', service, path, { body }),
  patch: (service, path, body) => call('PATCH', service, path, { body }),
  del: (service, path, params) => call('DELETE', service, path, { params }),
  /** A link to download (exports): the browser sends the session cookie itself. */
  url: apiUrl,
};
