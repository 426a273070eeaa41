import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { mountSandbox } from './index.ts';

/**
 * Standalone sandbox: `npx ava-sandbox --port 4010 [--state-file sandbox.json]` serves /twilio, /vapi
 * and /llm on one port (keeping the Twilio/Vapi state in the file across restarts when given).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    'state-file': { type: 'string' },
  },
});
const port = Number(values.port);
const app = Fastify({ logger: { level: 'info' } });
const base = `http://${values.host === '0.0.0.0' ? '127.0.0.1' : values.host}:${port}`;
await mountSandbox(app, '', {
  publicBaseUrl: base,
  seed: Number(values.seed),
  ...(values['state-file'] === undefined ? {} : { persistFile: values['state-file'] }),
});
// Ctrl-C / kill: close the app so the state file gets its final write.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
await app.listen({ port, host: values.host });
console.log(`AVA sandbox on ${base}
  Twilio  ${base}/twilio/2010-04-01/…   (POST ${base}/twilio/sandbox/accounts for credentials)
  Vapi    ${base}/vapi/assistant …       (POST ${base}/vapi/sandbox/accounts for keys)
  LLM     ${base}/llm/v1/messages`);
