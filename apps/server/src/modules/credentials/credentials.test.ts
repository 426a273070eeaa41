import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  driverName,
  signUp,
  uniqueEmail,
  type SignedUp,
  type TestApp,
} from '../../../test/helpers.ts';

describe(`provider credentials on ${driverName}`, () => {
  let t: TestApp;
  let owner: SignedUp;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const url = (who: SignedUp, rest = '') => `/api/v1/orgs/${who.orgId}/credentials${rest}`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.app);
  });
  afterAll(async () => t?.close());

  it('connects a sandbox Twilio account in one click, verified, secret masked', async () => {
    const res = await as(owner, { method: 'POST', url: url(owner, '/twilio/sandbox') });
    expect(res.statusCode).toBe(200);
    const { credentials, verification } = res.json();
    expect(credentials).toMatchObject({
      provider: 'twilio',
      sandbox: true,
      secretMask: expect.stringMatching(/^••••[0-9a-f]{4}$/),
    });
    expect(credentials.accountId).toMatch(/^AC[0-9a-f]{32}$/);
    expect(verification).toMatchObject({ ok: true, accountName: expect.stringContaining('Sandbox') });
    const token = t.app.ava.sandbox!.twilio.getAccount(credentials.accountId)!.authToken;
    const overview = await as(owner, { method: 'GET', url: url(owner) });
    expect(overview.json()).toMatchObject({
      twilio: { verifiedAt: expect.any(String) },
      vapi: null,
      sandboxAvailable: true,
    });
    for (const body of [res.body, overview.body, t.logs.join('\n')]) expect(body).not.toContain(token);
  });

  it('saves credentials even when the provider refuses them, and reports why in plain words', async () => {
    const other = await signUp(t.app);
    const account = t.app.ava.sandbox!.twilio.createAccount();
    const res = await as(other, {
      method: 'PUT',
      url: url(other, '/twilio'),
      payload: { accountSid: account.sid, authToken: 'f'.repeat(32) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().verification).toMatchObject({
      ok: false,
      reason: 'provider.twilio.invalidCredentials',
      retryable: false,
    });
    expect(res.json().credentials).toMatchObject({
      accountId: account.sid,
      secretMask: '••••ffff',
      verifiedAt: null,
    });
    const fixed = await as(other, {
      method: 'PUT',
      url: url(other, '/twilio'),
      payload: { accountSid: account.sid, authToken: account.authToken },
    });
    expect(fixed.json().verification.ok).toBe(true);
    expect(t.logs.join('\n')).not.toContain(account.authToken);
  });

  it('says "try again" when the provider is down, without losing the save', async () => {
    const org = await signUp(t.app);
    const account = t.app.ava.sandbox!.twilio.createAccount();
    t.app.ava.sandbox!.twilio.faults.set({ rate500: 1 }, account.sid);
    try {
      const res = await as(org, {
        method: 'PUT',
        url: url(org, '/twilio'),
        payload: { accountSid: account.sid, authToken: account.authToken },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().verification).toMatchObject({
        ok: false,
        retryable: true,
        reason: 'provider.twilio.unavailable',
      });
    } finally {
      t.app.ava.sandbox!.twilio.faults.set({ rate500: 0 }, account.sid);
    }
    const again = await as(org, { method: 'POST', url: url(org, '/twilio/verify') });
    expect(again.json().ok).toBe(true);
  });

  it('refuses a malformed SID or token with field errors and saves nothing', async () => {
    const org = await signUp(t.app);
    const res = await as(org, {
      method: 'PUT',
      url: url(org, '/twilio'),
      payload: { accountSid: 'AB123', authToken: 'short' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res.json().error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    ).toEqual([
      ['body.accountSid', 'validation.accountSid'],
      ['body.authToken', 'validation.authToken'],
    ]);
    expect((await as(org, { method: 'GET', url: url(org) })).json().twilio).toBeNull();
  });

  it('connects a sandbox Vapi key, and a pasted sandbox key is recognised', async () => {
    const org = await signUp(t.app);
    const res = await as(org, { method: 'POST', url: url(org, '/vapi/sandbox') });
    expect(res.json()).toMatchObject({
      credentials: { provider: 'vapi', sandbox: true, publicKey: expect.any(String) },
      verification: { ok: true },
    });
    const key = t.app.ava.sandbox!.vapi.createAccount({ name: 'pasted' }, new Date());
    const pasted = await as(org, {
      method: 'PUT',
      url: url(org, '/vapi'),
      payload: { privateKey: key.privateKey, publicKey: key.publicKey },
    });
    expect(pasted.json()).toMatchObject({ credentials: { sandbox: true }, verification: { ok: true } });
    expect(pasted.body).not.toContain(key.privateKey);
    const wrong = await as(org, {
      method: 'PUT',
      url: url(org, '/vapi'),
      payload: { privateKey: 'not-a-real-key-123' },
    });
    expect(wrong.json().verification).toMatchObject({ ok: false });
  });

  it('deletes credentials and says what stops working', async () => {
    const org = await signUp(t.app);
    await as(org, { method: 'POST', url: url(org, '/twilio/sandbox') });
    const res = await as(org, { method: 'DELETE', url: url(org, '/twilio') });
    expect(res.json()).toEqual({
      deleted: true,
      consequences: expect.arrayContaining(['credentials.consequence.sms']),
    });
    expect((await as(org, { method: 'POST', url: url(org, '/twilio/verify') })).statusCode).toBe(404);
  });

  it('one Twilio account belongs to one organisation', async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const account = t.app.ava.sandbox!.twilio.createAccount();
    await as(a, {
      method: 'PUT',
      url: url(a, '/twilio'),
      payload: { accountSid: account.sid, authToken: account.authToken },
    });
    const res = await as(b, {
      method: 'PUT',
      url: url(b, '/twilio'),
      payload: { accountSid: account.sid, authToken: account.authToken },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0].path).toBe('body.accountSid');
  });

  it('members may look but not change', async () => {
    const email = uniqueEmail('member');
    const inv = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role: 'member' },
    });
    const member = await signUp(t.app, { email });
    await as(member, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` });
    const m = { ...member, orgId: owner.orgId };
    expect((await as(m, { method: 'GET', url: url(m) })).statusCode).toBe(200);
    for (const opts of [
      {
        method: 'PUT',
        url: url(m, '/twilio'),
        payload: { accountSid: `AC${'1'.repeat(32)}`, authToken: 'a'.repeat(32) },
      },
      { method: 'DELETE', url: url(m, '/twilio') },
      { method: 'POST', url: url(m, '/vapi/sandbox') },
    ] as InjectOptions[]) {
      expect((await as(m, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(403);
    }
  });

  it('tenant floor: org B gets 404 on every credentials route of org A; no session gets 401', async () => {
    const b = await signUp(t.app);
    const routes: InjectOptions[] = [
      { method: 'GET', url: url(owner) },
      {
        method: 'PUT',
        url: url(owner, '/twilio'),
        payload: { accountSid: `AC${'2'.repeat(32)}`, authToken: 'b'.repeat(32) },
      },
      { method: 'PUT', url: url(owner, '/vapi'), payload: { privateKey: 'whatever-key' } },
      { method: 'POST', url: url(owner, '/twilio/verify') },
      { method: 'DELETE', url: url(owner, '/twilio') },
      { method: 'POST', url: url(owner, '/twilio/sandbox') },
    ];
    for (const r of routes) {
      expect((await as(b, r)).statusCode, `${r.method} ${r.url}`).toBe(404);
      expect((await t.app.inject(r)).statusCode, `${r.method} ${r.url}`).toBe(401);
    }
    expect((await as(owner, { method: 'GET', url: url(owner) })).json().twilio.sandbox).toBe(true);
  });
});
