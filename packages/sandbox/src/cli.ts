import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { mountSandbox } from './index.ts';

/** Standalone sandbox: `npx ava-sandbox --port 4010` serves /twilio, /vapi and /llm on one port. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
  },
});
const port = Number(values.port);
const app = Fastify({ logger: { level: 'info' } });
const base = `http://${values.host === '0.0.0.0' ? '127.0.0.1' : values.host}:${port}`;
await mountSandbox(app, '', { publicBaseUrl: base, seed: Number(values.seed) });
await app.listen({ port, host: values.host });
console.log(`AVA sandbox on ${base}
  Twilio  ${base}/twilio/2010-04-01/…   (POST ${base}/twilio/sandbox/accounts for credentials)
  Vapi    ${base}/vapi/assistant …       (POST ${base}/vapi/sandbox/accounts for keys)
  LLM     ${base}/llm/v1/messages`);
