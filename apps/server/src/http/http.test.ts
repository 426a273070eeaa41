import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp, type TestApp } from '../../test/helpers.ts';
import { outboxRepository } from '../modules/outbox/outbox.repository.ts';

const webDist = fileURLToPath(new URL('../../test/fixtures/web', import.meta.url));

describe(`HTTP surface on ${driverName}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      { WEB_DIST: webDist, BODY_LIMIT_BYTES: '2048' },
      {
        // A route that fails the way a bug would, to prove 5xx never leaks internals.
        startJobs: false,
        beforeReady: (app) =>
          app.get('/api/v1/test-explode', async () => {
            throw new Error('connection string postgres://admin:s3cr3t@db/prod exploded');
          }),
      },
    );
  });
  afterAll(async () => t?.close());

  it('healthz says the process is up; readyz waits for the job queue', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const notReady = await t.app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({
      status: 'not_ready',
      checks: { database: true, migrations: true, jobs: false },
    });
    await t.app.ava.jobs.start();
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('serves OpenAPI 3 documenting the v1 API, and a docs page', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/signup', '/api/v1/orgs/{orgId}/invitations', '/readyz']),
    );
    expect(
      spec.paths['/api/v1/auth/signup'].post.requestBody.content['application/json'].schema.required,
    ).toContain('acceptTerms');
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.inject('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('serves the SPA with history fallback, but not for API or asset paths', async () => {
    for (const page of ['/settings/members', '/sandbox/mailbox', '/']) {
      const deep = await t.app.inject(page);
      expect(deep.statusCode, page).toBe(200);
      expect(deep.body).toContain('AVA SPA');
    }
    expect((await t.app.inject('/app.js')).body).toContain('console.log');
    expect((await t.app.inject('/missing.js')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/unknown')).headers['content-type']).toContain('application/json');
  });

  it('turns malformed JSON, wrong types and oversized bodies into clear errors', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"identifier":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: 42, password: ['x'] },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(
      wrongType
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.identifier', 'body.password']);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: 'a@b.co', password: 'x'.repeat(5000) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a NUL character anywhere in a body, its keys or the query string (PostgreSQL text cannot hold it)', async () => {
    const nul = '\u0000';
    const bodies = [
      { identifier: `a${nul}@b.co`, password: 'x' },
      { identifier: 'a@b.co', password: 'x', extra: { deep: [{ list: ['ok', `no${nul}`] }] } },
      { identifier: 'a@b.co', password: 'x', [`key${nul}`]: 'v' },
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/NUL/),
      });
    }
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/nope?q=a%00b' });
    expect(query.statusCode).toBe(400);
    // The same shapes without NUL get past that check (here to the login's own answer).
    const clean = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: 'a@b.co', password: 'x', extra: { deep: [{ list: ['ok'] }] } },
    });
    expect(clean.json().error?.message ?? '').not.toMatch(/NUL/);
  });

  it('never leaks internals in a 500, and logs the error with the request id', async () => {
    const res = await t.app.inject('/api/v1/test-explode');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
    expect(res.body).not.toContain('s3cr3t');
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs.some((l) => l.includes(id) && l.includes('"level":50'))).toBe(true);
  });

  it('keeps the caller request id', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
  });
});

describe('sandbox routes', () => {
  it('SANDBOX=off removes the mailbox and emulators; sign-in codes then stay in the outbox table', async () => {
    const t = await createTestApp({ SANDBOX: 'off' });
    try {
      expect((await t.app.inject('/api/v1/sandbox/outbox')).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'POST', url: '/sandbox/twilio/sandbox/accounts', payload: {} }))
          .statusCode,
      ).toBe(404);
      await signUp(t.app, { phoneNumber: '+14155550142' });
      const sent = await t.app.inject({
        method: 'POST',
        url: '/api/auth/phone-number/send-otp',
        payload: { phoneNumber: '+14155550142' },
      });
      expect(sent.statusCode).toBe(200);
      const kept = await outboxRepository(t.database.db).list(10, '+14155550142');
      expect(kept.map((m) => m.channel)).toEqual(['sms']);
      expect(kept[0]!.text).toMatch(/\b\d{6}\b/);
    } finally {
      await t.close();
    }
  });
});
