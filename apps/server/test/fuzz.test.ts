import { errorBodySchema } from '@ava/contracts';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp, type SignedUp } from './helpers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Strings that have broken parsers before: unicode edge cases, injections, huge and empty values. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '🙂'.repeat(200),
    'שלום',
    '٠١٢٣',
    "' OR 1=1 --",
    '"; DROP TABLE messages; --',
    '../../etc/passwd',
    '%00',
    '%E0%A4%A',
    '+33 6 12 34 56 78',
    '+999999999999999999',
    'SM' + '0'.repeat(32),
    'AC' + 'f'.repeat(32),
    '{{constructor}}',
    '__proto__',
    'null',
    'NaN',
    '-1',
    '1e309',
    'x'.repeat(70_000),
  ),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(nasty, fc.constantFrom('__proto__', 'constructor', 'body', 'to', 'name')),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

type Route = { method: string; path: string };

/** encodeURIComponent throws on lone surrogates: a URL cannot carry them, so the test replaces them. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/**
 * Issue F §6: 10,000 malformed requests over every route (wrong types, huge strings, invalid phone numbers
 * and SIDs, broken JSON and form bodies, unicode edge cases) → no 5xx, no hang, every error in the error model.
 */
describe(`fuzzing every route on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: SignedUp;
  let routes: Route[] = [];

  beforeAll(async () => {
    t = await createTestApp({}, { startJobs: false });
    owner = await signUp(t.app);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/credentials/twilio/sandbox`,
      headers: { cookie: owner.cookie },
    });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    // The emulators answer in the providers' own error formats: they are not AVA's API. /readyz answers 503
    // by design here (this app runs no job workers).
    routes = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/sandbox/') && path !== '/readyz')
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
  });
  afterAll(async () => t?.close());

  it(`${RUNS} malformed requests: no 5xx, no hang, every refusal in the error model`, async () => {
    expect(routes.length).toBeGreaterThan(80);
    const statuses = new Map<number, number>();
    const request = fc.record({
      route: fc.constantFrom(...routes),
      ownOrg: fc.boolean(),
      signedIn: fc.boolean(),
      params: fc.array(nasty, { minLength: 4, maxLength: 4 }),
      query: fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 3 }),
      body: fc.oneof(
        json.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? 'null' })),
        nasty.map((s) => ({ type: 'application/json', payload: `{"broken": ${s}` })),
        fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 6 }).map((d) => ({
          type: 'application/x-www-form-urlencoded',
          payload: new URLSearchParams(d).toString(),
        })),
        nasty.map((s) => ({ type: 'text/plain', payload: s })),
        fc.constant(undefined),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, ownOrg, signedIn, params, query, body }) => {
        let i = 0;
        const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'orgId' && ownOrg
            ? owner.orgId
            : encodeURIComponent(wellFormed(params[i++ % params.length]!)),
        );
        const qs = new URLSearchParams(query).toString();
        const opts: InjectOptions = {
          method: route.method as InjectOptions['method'],
          url: qs ? `${url}?${qs}` : url,
          headers: {
            ...(signedIn ? { cookie: owner.cookie } : {}),
            ...(body && route.method !== 'GET' ? { 'content-type': body.type } : {}),
          },
          ...(body && route.method !== 'GET' ? { payload: body.payload } : {}),
        };
        const res = await Promise.race([
          t.app.inject(opts),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`hang: ${route.method} ${url}`)), 10_000),
          ),
        ]);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500)
          throw new Error(`${res.statusCode} on ${route.method} ${route.path}: ${res.body.slice(0, 300)}`);
        const isApi = route.path.startsWith('/api/');
        if (isApi && res.statusCode >= 400) {
          const parsed = errorBodySchema.safeParse(res.json());
          if (!parsed.success)
            throw new Error(
              `not in the error model: ${route.method} ${route.path}: ${res.body.slice(0, 300)}`,
            );
        }
      }),
      { numRuns: RUNS, seed: 20261121, endOnFailure: true },
    );
    // The run reached past validation too (some 2xx and 404s), not only 400s.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
  }, 600_000);
});
