/**
 * Tool-call handling and end-of-call reports through the real POST /webhooks/vapi (secret check, event
 * stored, tool answered), open loop at a fixed rate (autocannon overallRate), on PGlite and PostgreSQL.
 * Targets (issue D): p50 ≤ 2 ms and p99 ≤ 10 ms at 500 req/s; a 40-turn end-of-call report ≤ 20 ms p99.
 * Writes results/receptionist.json and prints the README rows.
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { decrypt, keyringFromString } from '../apps/server/src/lib/secrets.ts';
import { credentialsRepository } from '../apps/server/src/modules/credentials/credentials.repository.ts';
import { KEY, signUp, startApp, type Driver } from './harness.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const drivers: Driver[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
type Row = { driver: Driver; scenario: string; rate: number; p50: number; p99: number; errors: number };

async function measure(url: string, secret: string, rate: number, body: () => string, duration = seconds) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections: 20,
    overallRate: rate,
    duration,
    headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors,
    achieved: r.requests.average,
  };
}

async function runDriver(driver: Driver): Promise<Row[]> {
  const s = await startApp(driver);
  const { cookie, orgId } = await signUp(s.address);
  const post = (path: string, body?: unknown) =>
    fetch(`${s.address}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  await post(`/api/v1/orgs/${orgId}/credentials/vapi/sandbox`);
  const assistant = (await (
    await post(`/api/v1/orgs/${orgId}/assistants`, {
      name: 'Bench',
      firstMessage: 'Hello',
      systemPrompt: 'Receptionist.',
    })
  ).json()) as { vapiAssistantId: string };
  const secret = decrypt(
    keyringFromString(KEY),
    (await credentialsRepository(s.database.db).getWebhookSecret(orgId))!,
  );
  const url = `${s.address}/webhooks/vapi`;
  let n = 0;
  const toolCall = (name: string, args: unknown) => () =>
    JSON.stringify({
      message: {
        type: 'tool-calls',
        timestamp: Date.now() * 1000 + (n += 1),
        call: {
          id: `bench-call-${n}`,
          assistantId: assistant.vapiAssistantId,
          customer: { number: '+14155550100' },
        },
        toolCallList: [
          { id: `tc-${n}`, type: 'function', function: { name, arguments: JSON.stringify(args) } },
        ],
      },
    });
  const turns = Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? 'user' : 'bot',
    message: `Turn ${i}: a sentence of ordinary length said on the phone.`,
    time: i * 3000,
  }));
  const report = () =>
    JSON.stringify({
      message: {
        type: 'end-of-call-report',
        timestamp: Date.now() * 1000 + (n += 1),
        endedReason: 'customer-ended-call',
        call: {
          id: `bench-eocr-${n}`,
          assistantId: assistant.vapiAssistantId,
          customer: { number: '+14155550100' },
        },
        artifact: {
          transcript: turns.map((t) => `${t.role}: ${t.message}`).join('\n'),
          messages: turns,
          recordingUrl: 'https://example.test/r.wav',
        },
        analysis: { summary: 'Booked an appointment.', successEvaluation: 'true' },
        startedAt: new Date(Date.now() - 120_000).toISOString(),
        endedAt: new Date().toISOString(),
        cost: 0.1,
      },
    });
  const monday = new Date();
  monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
  const slot = `${monday.toISOString().slice(0, 10)}T10:00:00Z`;

  const rows: Row[] = [];
  const add = (scenario: string, rate: number, m: Awaited<ReturnType<typeof measure>>) =>
    rows.push({ driver, scenario, rate, p50: m.p50, p99: m.p99, errors: m.errors });
  add('check_availability', 500, await measure(url, secret, 500, toolCall('check_availability', {})));
  // After the first booking the slot is taken: each call is a refusal with alternatives, computed under the lock.
  add(
    'book_appointment (same slot)',
    500,
    await measure(url, secret, 500, toolCall('book_appointment', { start: slot, name: 'Bench' })),
  );
  add('end-of-call-report, 40 turns', 100, await measure(url, secret, 100, report));
  let best = 0;
  for (const rate of [50, 100, 150, 200, 300, 500, 1000, 2000]) {
    const m = await measure(url, secret, rate, toolCall('check_availability', {}), Math.min(seconds, 3));
    if (m.p99 > 10 || m.errors > 0 || m.achieved < rate * 0.9) break;
    best = rate;
  }
  rows.push({
    driver,
    scenario: 'check_availability: highest rate with p99 ≤ 10 ms',
    rate: best,
    p50: 0,
    p99: 0,
    errors: 0,
  });
  await s.close();
  return rows;
}

const rows: Row[] = [];
for (const d of drivers) rows.push(...(await runDriver(d)));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/receptionist.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds, rows }, null, 2),
);
console.log('| driver | Vapi webhook | rate (req/s) | p50 ms | p99 ms | errors |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.driver} | ${r.scenario} | ${r.rate} | ${r.p50 || '—'} | ${r.p99 || '—'} | ${r.errors} |`,
  );
