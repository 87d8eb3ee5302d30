// Alerts › the channel form (create or edit): its fields follow the type — a URL for webhook,
// Slack and Alertmanager, a list of addresses for e-mail — as ChannelRequest requires.
import { api } from '../api.js';
import { h, field, input, select, button, submitting, toast } from '../ui.js';
import { CHANNEL_TYPES, testid } from './alerts-common.js';

const URL_TEXT = {
  webhook: ['Webhook URL', 'https; each POST is signed (a secret is shown once, on creation)'],
  slack: ['Slack incoming-webhook URL', 'https://hooks.slack.com/services/…'],
  alertmanager: ['Alertmanager base URL', 'alerts are posted to <this URL>/api/v2/alerts'],
};

export function channelForm(existing, done) {
  const c = existing || { type: 'webhook', url: '', recipients: [] };
  const name = input('name', { value: c.name || '', required: true, maxlength: '200', 'data-testid': 'channel-name' });
  const type = select('type', CHANNEL_TYPES, c.type, { 'data-testid': 'channel-type' });
  const url = input('url', { type: 'url', value: c.url || '', maxlength: '2000', placeholder: 'https://…', 'data-testid': 'channel-url' });
  const recipients = h('textarea', { name: 'recipients', rows: '3', 'data-testid': 'channel-recipients',
    placeholder: 'ops@example.com\nfinance@example.com' }, (c.recipients || []).join('\n'));
  const urlField = field(URL_TEXT.webhook[0], url, URL_TEXT.webhook[1]);
  const recipientsField = field('Recipients', recipients, '1 to 20 e-mail addresses, one a line (or separated by commas)');
  const follow = () => {
    const isEmail = type.value === 'email';
    // .field sets display, which would beat the hidden attribute
    urlField.style.display = isEmail ? 'none' : '';
    recipientsField.style.display = isEmail ? '' : 'none';
    url.required = !isEmail;
    recipients.required = isEmail;
    if (!isEmail) {
      const [label, hint] = URL_TEXT[type.value] || URL_TEXT.webhook;
      urlField.querySelector('label').textContent = label;
      // the services show a saved url in part (a Slack URL is a credential): sent back as shown, it is kept
      urlField.querySelector('small').textContent = c.url && c.url.includes('…') ? `${hint} · the hidden part (…) is kept unless you type a new URL` : hint;
    }
  };
  type.addEventListener('change', follow);
  follow();

  const form = h('form', { class: 'card', 'data-testid': 'channel-form', onsubmit: async (e) => {
    e.preventDefault();
    const isEmail = type.value === 'email';
    // the other kind's field must be absent: the service refuses a URL on e-mail and recipients elsewhere
    const body = {
      name: name.value.trim(),
      type: type.value,
      url: isEmail ? null : url.value.trim(),
      recipients: isEmail ? recipients.value.split(/[\n,;]+/).map((r) => r.trim()).filter(Boolean) : [],
    };
    const saved = await submitting(form, () => (existing
      ? api.put('notifier', `/channels/${existing.id}`, body)
      : api.post('notifier', '/channels', body)));
    toast(existing ? `Channel “${saved.name}” saved` : `Channel “${saved.name}” created`);
    done(saved);
  } },
  h('h2', {}, existing ? `Edit channel “${existing.name}”` : 'New channel'),
  existing && existing.type === 'webhook' ? h('p', { class: 'muted' }, 'A webhook keeps its signing secret when edited; use “Rotate secret” for a new one.') : null,
  h('div', { class: 'filters' }, field('Name', name), field('Type', type), urlField, recipientsField),
  h('div', { class: 'chips' },
    testid(h('button', { type: 'submit', class: 'button primary' }, existing ? 'Save' : 'Create channel'), 'channel-save'),
    button('Cancel', () => done(null))));
  return form;
}
