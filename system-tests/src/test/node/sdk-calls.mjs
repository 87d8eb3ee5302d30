// Calls the tokenledger proxy with the official Node SDKs, unchanged but for their base URL and the
// tokenledger key beside the provider key; prints what each call returned as one JSON object.
// Environment: TOKENLEDGER_PROXY (e.g. http://127.0.0.1:8081/proxy), TOKENLEDGER_KEY, PROVIDER_KEY, PROJECT.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const proxy = process.env.TOKENLEDGER_PROXY;
const project = process.env.PROJECT;
const headers = { 'X-Tokenledger-Key': process.env.TOKENLEDGER_KEY };

const openai = new OpenAI({ apiKey: process.env.PROVIDER_KEY, baseURL: `${proxy}/openai/v1`,
  defaultHeaders: { ...headers, 'X-Tokenledger-Project': `${project}-openai` } });
const openaiStreaming = new OpenAI({ apiKey: process.env.PROVIDER_KEY, baseURL: `${proxy}/openai/v1`,
  defaultHeaders: { ...headers, 'X-Tokenledger-Project': `${project}-openai-stream` } });
const anthropic = new Anthropic({ apiKey: process.env.PROVIDER_KEY, baseURL: `${proxy}/anthropic`,
  defaultHeaders: { ...headers, 'X-Tokenledger-Project': `${project}-anthropic` } });
const anthropicStreaming = new Anthropic({ apiKey: process.env.PROVIDER_KEY, baseURL: `${proxy}/anthropic`,
  defaultHeaders: { ...headers, 'X-Tokenledger-Project': `${project}-anthropic-stream` } });

const result = {};

const completion = await openai.chat.completions.create({ model: 'o4-mini', messages: [{ role: 'user', content: 'Say hello' }] });
result.openai = { prompt_tokens: completion.usage.prompt_tokens, content: completion.choices[0].message.content };

const chunks = [];
const stream = await openaiStreaming.chat.completions.create({ model: 'gpt-4.1', stream: true,
  messages: [{ role: 'user', content: 'Say hello' }] });
for await (const chunk of stream) {
  chunks.push(chunk);
}
result.openai_stream = { chunks: chunks.length, text: chunks.map(c => c.choices[0]?.delta?.content ?? '').join(''),
  usage_seen: chunks.some(c => c.usage) };

const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello' }] });
result.anthropic = { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens };

const events = [];
const anthropicStream = await anthropicStreaming.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1024, stream: true,
  messages: [{ role: 'user', content: 'Say hi' }] });
for await (const event of anthropicStream) {
  events.push(event);
}
result.anthropic_stream = { events: events.length, last: events[events.length - 1].type,
  text: events.filter(e => e.type === 'content_block_delta').map(e => e.delta.text).join(''),
  output_tokens: events.find(e => e.type === 'message_delta')?.usage?.output_tokens };

console.log(JSON.stringify(result));
