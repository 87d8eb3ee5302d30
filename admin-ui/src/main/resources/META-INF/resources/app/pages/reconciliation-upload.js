// The bill import form of the reconciliation page (tenant admins). The report-service takes either
// CSV text (header naming date, model, amount, optionally provider and currency; ?provider= for the
// rest) or JSON {provider, lines: [{date, provider?, model, amount, currency?}]}. The file is read
// here as text and sent as it is; the service validates every line and names the bad ones.
import { api } from '../api.js';
import { h, field, input, button, submitting, toast } from '../ui.js';

const MAX_BYTES = 10 * 1024 * 1024;

export function billForm(go) {
  const file = h('input', { type: 'file', name: 'bill', required: true, accept: '.csv,.json,text/csv,application/json', 'data-testid': 'bill-file' });
  const provider = input('provider', { placeholder: 'e.g. openai', size: '12', 'data-testid': 'bill-provider' });
  const result = h('div', { 'data-testid': 'bill-result' });
  const form = h('form', { 'data-testid': 'bill-form', onsubmit: async (e) => {
    e.preventDefault();
    result.replaceChildren();
    const res = await submitting(form, async () => {
      const f = file.files && file.files[0];
      if (!f) throw new Error('Choose a CSV or JSON file.');
      if (f.size > MAX_BYTES) throw new Error('The file is larger than 10 MB: split it by month.');
      const text = await f.text();
      return send(text, f.name, provider.value.trim());
    });
    toast(`Imported ${res.imported} bill line${res.imported === 1 ? '' : 's'}`);
    result.replaceChildren(h('p', { class: 'secret', role: 'status' },
      `Imported ${res.imported} line${res.imported === 1 ? '' : 's'}, ${res.first_day} to ${res.last_day}. `,
      'Lines for a day and model imported before were replaced. ',
      button('Show these days', () => go({ period: '', from: res.first_day, to: nextDay(res.last_day) }), { kind: 'primary' })));
    result.querySelector('button').dataset.testid = 'bill-show-days';
    form.reset();
  } },
  h('p', { class: 'muted' }, 'A provider’s daily cost report, in USD. CSV: a header naming ', h('code', {}, 'date,model,amount'),
    ' (and optionally ', h('code', {}, 'provider'), ', ', h('code', {}, 'currency'), '), one line per day and model. JSON: ',
    h('code', {}, '{"provider": "openai", "lines": [{"date": "2026-11-01", "model": "gpt-4o", "amount": "12.34"}]}'), '.'),
  h('div', { class: 'filters' }, field('Bill file (CSV or JSON)', file),
    field('Provider', provider, 'for lines that do not name one'),
    h('button', { type: 'submit', class: 'button primary', 'data-testid': 'bill-upload' }, 'Import')),
  result);
  return form;
}

/** JSON goes as JSON (an array of lines is wrapped); anything else goes as CSV text. */
function send(text, name, provider) {
  const trimmed = text.trimStart();
  if (/\.json$/i.test(name) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data;
    try {
      // an amount written as a JSON number keeps its exact digits where the browser gives the source text
      data = JSON.parse(text, (key, value, context) =>
        (key === 'amount' && typeof value === 'number' && context && context.source ? context.source : value));
    } catch (err) {
      throw new Error(`${name} is not valid JSON: ${err.message}`);
    }
    const body = Array.isArray(data) ? { lines: data } : { ...data };
    if (provider && !body.provider) body.provider = provider;
    return api.post('report', '/reconciliation/bills', body);
  }
  if (!trimmed) throw new Error(`${name} is empty.`);
  return api.post('report', '/reconciliation/bills', text, { provider });
}

/** The day after an ISO date, for an exclusive `to` (calendar arithmetic, not money). */
function nextDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().substring(0, 10);
}
