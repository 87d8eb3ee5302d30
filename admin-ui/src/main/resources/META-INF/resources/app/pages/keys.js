// API keys (tlk_… for SDKs, gateways and scripts) and the provider keys the gateway keeps sealed.
// A new key is shown once, with a copy button. Keys are a tenant admin's business: a viewer is told so.
// Test hooks: data-testid = key-form, key-name, key-create, key-secret, key-copy, api-keys-table,
// key-row-<name>, key-revoke, provider-keys-table, provider-key-form.
import { api } from '../api.js';
import { h, card, table, fill, pageTitle, button, toast, errorBox, field, input, select, submitting, empty } from '../ui.js';
import { dateTimeText } from '../format.js';

export default async function render(main, ctx) {
  main.append(pageTitle('API keys'));
  if (!ctx.session.canEdit) {
    main.append(card(null, empty('API keys and provider keys are managed by a tenant admin; a viewer cannot list or mint them.')));
    return;
  }
  const secretSlot = h('div');
  const list = h('div', { 'data-testid': 'api-keys-table' });
  const reload = () => fill(list, () => keyTable(reload, secretSlot));
  main.append(card('Mint a key', mintForm(secretSlot, reload), secretSlot), card('Keys', list));
  reload();
  const providerList = h('div', { 'data-testid': 'provider-keys-table' });
  const reloadProviders = () => fill(providerList, () => providerTable(reloadProviders));
  main.append(card('Provider keys kept by the gateway', h('p', { class: 'muted' },
    'Stored sealed (AES-256-GCM); only the last four characters are ever shown. An SDK then sends only its tlk_ key to /proxy.'),
  providerForm(reloadProviders), providerList));
  reloadProviders();
}

function mintForm(secretSlot, reload) {
  const name = input('name', { required: true, 'data-testid': 'key-name', placeholder: 'e.g. backend SDK' });
  const ingest = h('input', { type: 'checkbox', name: 'scope-ingest', checked: true });
  const gateway = h('input', { type: 'checkbox', name: 'scope-gateway', checked: true });
  const project = input('project', { placeholder: 'any project' });
  const rate = input('rate_limit_per_minute', { inputmode: 'numeric', placeholder: 'default' });
  const form = h('form', { class: 'filters', 'data-testid': 'key-form', onsubmit: async (e) => {
    e.preventDefault();
    const scopes = [ingest.checked && 'ingest', gateway.checked && 'gateway'].filter(Boolean);
    const body = { name: name.value.trim(), scopes, project: project.value.trim() || null,
      rate_limit_per_minute: rate.value.trim() ? Number(rate.value.trim()) : null };
    const created = await submitting(form, () => api.post('ingest', '/api-keys', body));
    secretSlot.replaceChildren(showOnce(created));
    form.reset();
    reload();
  } },
  field('Name', name), field('Project (binds the key to it)', project), field('Rate limit per minute', rate),
  h('fieldset', {}, h('legend', {}, 'Scopes'), h('label', {}, ingest, ' ingest (send usage)'), ' ', h('label', {}, gateway, ' gateway (decisions, /proxy)')),
  h('button', { type: 'submit', class: 'button primary', 'data-testid': 'key-create' }, 'Mint key'));
  return form;
}

function showOnce(created) {
  const code = h('code', { 'data-testid': 'key-secret' }, created.key);
  const copy = button('Copy', async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      toast('Copied');
    } catch {
      // clipboard refused (e.g. not a secure context): select the text so Ctrl+C works
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      toast('Selected: press Ctrl+C to copy');
    }
  }, { label: 'copy the new key' });
  copy.dataset.testid = 'key-copy';
  return h('div', { class: 'secret', role: 'status' }, h('strong', {}, `Key “${created.api_key.name}”: `),
    'copy it now — it is shown only this once. ', h('div', {}, code, ' ', copy));
}

async function keyTable(reload, secretSlot) {
  const { items } = await api.get('ingest', '/api-keys');
  return table([
    { label: 'Name', value: (k) => h('span', { 'data-testid': `key-row-${k.name}` }, k.name) },
    { label: 'Key', value: (k) => h('code', {}, k.prefix) },
    { label: 'Scopes', value: (k) => [...k.scopes].join(', ') },
    { label: 'Project', value: (k) => k.project || 'any' },
    { label: 'Created', value: (k) => `${dateTimeText(k.created_at)} by ${k.created_by || '?'}` },
    { label: 'Last used', value: (k) => (k.last_used_at ? dateTimeText(k.last_used_at) : 'never') },
    { label: 'State', value: (k) => (k.revoked_at ? h('span', { class: 'badge over' }, `revoked ${dateTimeText(k.revoked_at)}`) : h('span', { class: 'badge ok' }, 'active')) },
    { label: 'Actions', value: (k) => (k.revoked_at ? '' : revokeButton(k, reload, secretSlot)) },
  ], items, { emptyText: 'No API keys yet.' });
}

function revokeButton(k, reload, slot) {
  const b = button('Revoke', async () => {
    if (!confirm(`Revoke the key “${k.name}”? Anything using it is refused from now on.`)) return;
    try {
      await api.del('ingest', `/api-keys/${k.id}`);
      toast(`“${k.name}” revoked`);
      reload();
    } catch (e) { slot.replaceChildren(errorBox(e)); }
  }, { kind: 'danger', label: `revoke ${k.name}` });
  b.dataset.testid = 'key-revoke';
  return b;
}

function providerForm(reload) {
  const provider = select('provider', ['openai', 'anthropic', 'gemini', 'openrouter'], 'openai');
  const name = input('provider-key-name', { placeholder: 'default' });
  const key = input('provider-key', { type: 'password', required: true, autocomplete: 'off', placeholder: 'sk-…' });
  const form = h('form', { class: 'filters', 'data-testid': 'provider-key-form', onsubmit: async (e) => {
    e.preventDefault();
    await submitting(form, () => api.post('ingest', '/provider-keys', { provider: provider.value, name: name.value.trim() || null, key: key.value }));
    toast('Provider key stored');
    form.reset();
    reload();
  } }, field('Provider', provider), field('Name', name), field('Provider key', key),
  h('button', { type: 'submit', class: 'button primary' }, 'Store key'));
  return form;
}

async function providerTable(reload) {
  const { items } = await api.get('ingest', '/provider-keys');
  return table([
    { label: 'Provider', value: (k) => k.provider },
    { label: 'Name', value: (k) => k.name },
    { label: 'Key', value: (k) => h('code', {}, k.hint) },
    { label: 'Version', num: true, value: (k) => k.version },
    { label: 'Created', value: (k) => `${dateTimeText(k.created_at)} by ${k.created_by || '?'}` },
    { label: 'Rotated', value: (k) => (k.rotated_at ? dateTimeText(k.rotated_at) : '—') },
    { label: 'State', value: (k) => (k.revoked_at ? h('span', { class: 'badge over' }, 'revoked') : h('span', { class: 'badge ok' }, 'active')) },
    { label: 'Actions', value: (k) => (k.revoked_at ? '' : button('Revoke', async () => {
      if (!confirm(`Revoke the ${k.provider} key “${k.name}”?`)) return;
      await api.del('ingest', `/provider-keys/${k.id}`).then(reload, (e) => toast(e.message, 'error'));
    }, { kind: 'danger', label: `revoke ${k.provider} key ${k.name}` })) },
  ], items, { emptyText: 'No provider keys stored: SDKs pass their own provider key through.' });
}
