import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp } from '../../../test/helpers.ts';

describe(`/metrics for Prometheus on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const token = 'metrics-token-0123456789';

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
  });
  afterAll(async () => t?.close());

  const scrape = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.body;
  };

  it('needs the token when one is configured', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('reports latency per route pattern, never raw ids', async () => {
    const owner = await signUp(t.app);
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${owner.orgId}/members`,
      headers: { cookie: owner.cookie },
    });
    const body = await scrape();
    expect(body).toMatch(
      /ava_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/orgs\/:orgId\/members",status="200"\} [1-9]/,
    );
    expect(body).not.toContain(owner.orgId);
  });

  it('counts rejected webhooks and logs them as security events', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/webhooks/twilio/messages',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'MessageSid=SM1&AccountSid=AC00000000000000000000000000000000&From=%2B15550001&To=%2B15550002&Body=hi',
    });
    await t.app.inject({
      method: 'POST',
      url: '/webhooks/twilio/messages',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      payload:
        'MessageSid=SM2&AccountSid=AC00000000000000000000000000000000&From=%2B15550001&To=%2B15550002&Body=hi',
    });
    const body = await scrape();
    expect(body).toMatch(/ava_webhook_requests_total\{provider="twilio",result="unsigned"\} [1-9]/);
    expect(body).toMatch(/ava_webhook_requests_total\{provider="twilio",result="forged"\} [1-9]/);
    const security = t.logs.filter((l) => l.includes('"security":true'));
    expect(security.length).toBeGreaterThanOrEqual(2);
  });

  it('exposes job queue depth and age from the database, and provider errors by code', async () => {
    const body = await scrape();
    expect(body).toContain('# TYPE ava_job_queue_depth gauge');
    expect(body).toContain('# TYPE ava_job_queue_oldest_seconds gauge');
    // Stored webhooks and due texts wait in their own tables: both are watched.
    expect(body).toMatch(/ava_job_queue_depth\{queue="webhook-events"\} \d+/);
    expect(body).toMatch(/ava_job_queue_depth\{queue="sms-outbox"\} \d+/);
    expect(body).toContain('# TYPE ava_provider_errors_total counter');
    expect(body).toContain('ava_process_resident_memory_bytes');
  });

  it('tags every log line of an org request with the org id', async () => {
    const owner = await signUp(t.app);
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${owner.orgId}/members`,
      headers: { cookie: owner.cookie },
    });
    expect(
      t.logs.some((l) => l.includes(`"orgId":"${owner.orgId}"`) && l.includes('request completed')),
    ).toBe(true);
  });
});
