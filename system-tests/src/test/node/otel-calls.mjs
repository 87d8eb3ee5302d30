// An application instrumented with OpenLLMetry (@traceloop/node-server-sdk) calls OpenAI with the
// official SDK, unchanged; its spans go to tokenledger's OTLP intake through the standard OTLP/HTTP
// JSON exporter. Prints what the call returned as one JSON object.
// Environment: OTLP_URL (e.g. http://127.0.0.1:8081/v1/traces), TOKENLEDGER_KEY, PROVIDER_URL, PROVIDER_KEY, PROJECT.
import OpenAI from 'openai';
import * as traceloop from '@traceloop/node-server-sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

const exporter = new OTLPTraceExporter({
  url: process.env.OTLP_URL,
  headers: { Authorization: `Bearer ${process.env.TOKENLEDGER_KEY}` },
});
traceloop.initialize({
  appName: process.env.PROJECT, // the resource's service.name: the project in tokenledger
  exporter,
  disableBatch: true,
  instrumentModules: { openAI: OpenAI },
  silenceInitializationMessage: true,
  traceloopSyncEnabled: false,
});

const openai = new OpenAI({ apiKey: process.env.PROVIDER_KEY, baseURL: `${process.env.PROVIDER_URL}/v1` });
const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello' }] });
await traceloop.forceFlush();
console.log(JSON.stringify({ model: completion.model, usage: completion.usage }));
