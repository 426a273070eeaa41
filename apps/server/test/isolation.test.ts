import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrg } from '../src/db/tenant.ts';
import { calls } from '../src/db/schema/index.ts';
import { createListeningApp, driverName, signUp, type SignedUp } from './helpers.ts';

/**
 * The tenant isolation matrix (issue F §3): every org-scoped route of the OpenAPI document × every actor
 * who must not get in — a member of another org, no session, an expired session, a member without the
 * role — against real fixtures in org A. Status and body are both checked: nothing of org A may leak.
 */
describe(`tenant isolation matrix on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let a: SignedUp;
  let b: SignedUp;
  let member: SignedUp;
  let expiredCookie: string;
  const ids: Record<string, string> = {};
  /** Everything of org A that must never appear in an answer to someone outside it. */
  const secrets: string[] = [];

  const as = (cookie: string | undefined, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, ...(cookie ? { cookie } : {}) } });
  const ok = async (opts: InjectOptions) => {
    const res = await as(a.cookie, { ...opts, url: `/api/v1/orgs/${a.orgId}${opts.url}` });
    expect(res.statusCode, `${opts.method} ${opts.url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    return res.json();
  };

  /** A valid body per route, so a refusal is about who asks, never about what was sent. */
  const bodies: Record<string, unknown> = {
    'PATCH /api/v1/orgs/{orgId}': { name: 'Renamed' },
    'PATCH /api/v1/orgs/{orgId}/members/{memberId}': { role: 'admin' },
    'POST /api/v1/orgs/{orgId}/invitations': { email: 'someone@example.test' },
    'PUT /api/v1/orgs/{orgId}/credentials/twilio': {
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: '0'.repeat(32),
    },
    'PUT /api/v1/orgs/{orgId}/credentials/vapi': { apiKey: randomUUID(), publicKey: randomUUID() },
    'POST /api/v1/orgs/{orgId}/assistants': { name: 'X', firstMessage: 'Hi', systemPrompt: 'Be nice.' },
    'PATCH /api/v1/orgs/{orgId}/assistants/{assistantId}': { name: 'Y' },
    'POST /api/v1/orgs/{orgId}/numbers': { phoneNumber: '+33612345678' },
    'POST /api/v1/orgs/{orgId}/numbers/vapi': { areaCode: '415' },
    'PATCH /api/v1/orgs/{orgId}/numbers/{numberId}': { label: 'Front desk' },
    'POST /api/v1/orgs/{orgId}/numbers/{numberId}/import': {},
    'PUT /api/v1/orgs/{orgId}/booking-settings': { slotMinutes: 30 },
    'POST /api/v1/orgs/{orgId}/services': { name: 'Cut', durationMinutes: 30 },
    'PATCH /api/v1/orgs/{orgId}/services/{serviceId}': { name: 'Trim' },
    'POST /api/v1/orgs/{orgId}/appointments': { start: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    'PATCH /api/v1/orgs/{orgId}/appointments/{appointmentId}': { notes: 'x' },
    'POST /api/v1/orgs/{orgId}/conversations': { contactId: 'CONTACT' },
    'PATCH /api/v1/orgs/{orgId}/conversations/{id}': { read: true },
    'POST /api/v1/orgs/{orgId}/messages': { to: '+33612345679', body: 'Hi', idempotencyKey: randomUUID() },
    'PATCH /api/v1/orgs/{orgId}/messages/{id}': { body: 'Later' },
    'POST /api/v1/orgs/{orgId}/bulk/preview': { name: 'x', body: 'Hi', recipients: { q: 'a' } },
    'POST /api/v1/orgs/{orgId}/bulk': { name: 'x', body: 'Hi', recipients: { q: 'a' } },
    'PATCH /api/v1/orgs/{orgId}/bulk/{id}': { name: 'Renamed' },
    'PATCH /api/v1/orgs/{orgId}/messaging/settings': { aiMaxPerHour: 4 },
    'POST /api/v1/orgs/{orgId}/templates': { name: 'T', body: 'Hi {first_name}' },
    'PATCH /api/v1/orgs/{orgId}/templates/{templateId}': { name: 'T2' },
    'POST /api/v1/orgs/{orgId}/templates/enhance': { body: 'Hi there' },
    'POST /api/v1/orgs/{orgId}/templates/{templateId}/duplicate': {},
    'POST /api/v1/orgs/{orgId}/contacts': { e164: '+33698765432', name: 'New' },
    'PATCH /api/v1/orgs/{orgId}/contacts/{contactId}': { name: 'Changed' },
    'POST /api/v1/orgs/{orgId}/contacts/import/preview': { csv: 'name,phone\nZed,+33611111111' },
    'POST /api/v1/orgs/{orgId}/contacts/import': { csv: 'name,phone\nZed,+33611111111' },
  };

  type Route = { method: string; path: string };
  let routes: Route[] = [];
  const fill = (path: string, orgId: string) =>
    path.replace('{orgId}', orgId).replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name !== 'id') return ids[name] ?? `missing-${name}`;
      if (path.includes('/conversations/')) return ids.conversationId!;
      if (path.includes('/messages/')) return ids.messageId!;
      return ids.bulkId!;
    });
  const request = (r: Route, orgId: string, cookie: string | undefined) => {
    const body = bodies[`${r.method} ${r.path}`];
    const payload =
      body && typeof body === 'object' && 'contactId' in body ? { contactId: ids.contactId } : body;
    return as(cookie, {
      method: r.method as InjectOptions['method'],
      url: fill(r.path, orgId),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  };
  const leaks = (body: string) => secrets.filter((s) => body.includes(s));

  beforeAll(async () => {
    t = await createListeningApp();
    a = await signUp(t.app);
    b = await signUp(t.app);
    // A member of A without manager rights, with a second session that then expires.
    member = await signUp(t.app);
    const invitation = await ok({ method: 'POST', url: '/invitations', payload: { email: member.email } });
    const accepted = await as(member.cookie, {
      method: 'POST',
      url: `/api/v1/invitations/${invitation.id}/accept`,
    });
    expect(accepted.statusCode).toBe(200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: member.email, password: 'correct horse battery' },
    });
    expiredCookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const token = decodeURIComponent(
      login.cookies.find((c) => c.name.endsWith('session_token'))!.value,
    ).split('.')[0]!;
    // The session works until it expires: the 401s below are the expiry's doing.
    expect(
      (await as(expiredCookie, { method: 'GET', url: `/api/v1/orgs/${a.orgId}/members` })).statusCode,
    ).toBe(200);
    await t.database.db.execute(
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE token = ${token}`,
    );

    // Real fixtures in A: credentials, a number, a receptionist, contacts, texts, a bulk send, templates,
    // services, an appointment, a call.
    await ok({ method: 'POST', url: '/credentials/twilio/sandbox' });
    await ok({ method: 'POST', url: '/credentials/vapi/sandbox' });
    const [pick] = await ok({ method: 'GET', url: '/numbers/available?country=FR&type=mobile' });
    const number = await ok({ method: 'POST', url: '/numbers', payload: { phoneNumber: pick.phoneNumber } });
    ids.numberId = number.id;
    secrets.push(number.e164);
    const assistant = await ok({
      method: 'POST',
      url: '/assistants',
      payload: { name: 'Zoé-Secret', firstMessage: 'Bonjour', systemPrompt: 'Confidential prompt of A.' },
    });
    ids.assistantId = assistant.id;
    secrets.push('Zoé-Secret', 'Confidential prompt of A.');
    const contact = await ok({
      method: 'POST',
      url: '/contacts',
      payload: { e164: '+33677889900', name: 'Octave Secret' },
    });
    ids.contactId = contact.id;
    secrets.push('Octave Secret', '+33677889900');
    const message = await ok({
      method: 'POST',
      url: '/messages',
      payload: {
        contactId: contact.id,
        body: 'Private text of org A',
        idempotencyKey: randomUUID(),
        sendAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    ids.messageId = message.id;
    ids.conversationId = message.conversationId;
    secrets.push('Private text of org A');
    const bulk = await ok({
      method: 'POST',
      url: '/bulk',
      payload: {
        name: 'Secret campaign',
        body: 'Secret campaign text',
        recipients: { contactIds: [contact.id] },
        sendAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    ids.bulkId = bulk.id;
    secrets.push('Secret campaign');
    const template = await ok({
      method: 'POST',
      url: '/templates',
      payload: { name: 'Hidden template', body: 'Hidden body' },
    });
    ids.templateId = template.id;
    secrets.push('Hidden template', 'Hidden body');
    const service = await ok({
      method: 'POST',
      url: '/services',
      payload: { name: 'Secret service', durationMinutes: 30 },
    });
    ids.serviceId = service.id;
    secrets.push('Secret service');
    const appointment = await ok({
      method: 'POST',
      url: '/appointments',
      payload: {
        start: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        customerName: 'Hidden Customer',
        customerPhone: '+33655667788',
      },
    });
    ids.appointmentId = appointment.id;
    secrets.push('Hidden Customer', '+33655667788');
    const callId = randomUUID();
    await withOrg(t.database.db, a.orgId, (tx) =>
      tx.insert(calls).values({
        id: callId,
        orgId: a.orgId,
        vapiCallId: `vapi-${callId}`,
        status: 'ended',
        callerNumber: '+33644332211',
        summary: 'Confidential call summary',
      }),
    );
    ids.callId = callId;
    secrets.push('+33644332211', 'Confidential call summary');
    const members = await ok({ method: 'GET', url: '/members' });
    ids.memberId = members.find((m: { userId: string }) => m.userId === member.userId).id;
    ids.invitationId = (
      await ok({ method: 'POST', url: '/invitations', payload: { email: 'later@example.test' } })
    ).id;
    ids.provider = 'twilio';
    ids.kind = 'messages';
    // Ids are secrets too: an answer to an outsider must not confirm any of them.
    secrets.push(...Object.values(ids).filter((v) => v.length > 20));

    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/orgs/{orgId}'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
  });
  afterAll(async () => t?.close());

  it('covers every org-scoped route of the API', () => {
    expect(routes.length).toBeGreaterThan(60);
    const unfilled = routes.filter((r) => fill(r.path, 'x').includes('missing-'));
    expect(unfilled).toEqual([]);
  });

  it('a member of another org gets 404 on every route of A and sees nothing of A', async () => {
    for (const r of routes) {
      const res = await request(r, a.orgId, b.cookie);
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(404);
      expect(leaks(res.body), `${r.method} ${r.path}`).toEqual([]);
    }
  });

  it('no session and an expired session get 401 everywhere, before any validation', async () => {
    for (const r of routes) {
      const anon = await request(r, a.orgId, undefined);
      expect(anon.statusCode, `${r.method} ${r.path} without session`).toBe(401);
      expect(leaks(anon.body)).toEqual([]);
      const expired = await request(r, a.orgId, expiredCookie);
      expect(expired.statusCode, `${r.method} ${r.path} expired session`).toBe(401);
    }
  });

  it("A's ids under B's own org: 404 or an empty answer, never A's data", async () => {
    for (const r of routes.filter((x) => /\{(?!orgId)\w+\}/.test(x.path))) {
      const res = await request(r, b.orgId, b.cookie);
      expect(res.statusCode, `${r.method} ${r.path}`).toBeLessThan(500);
      expect(leaks(res.body), `${r.method} ${r.path}`).toEqual([]);
      if (r.method === 'GET') expect(res.statusCode, `${r.method} ${r.path}`).toBe(404);
    }
  });

  it('a member without the role is refused what only owners and admins may do, and nothing breaks', async () => {
    const refused: string[] = [];
    // Deletions last (they remove fixtures other routes need), and leaving the org the very last.
    const rank = (r: Route) => (r.method !== 'DELETE' ? 0 : r.path.endsWith('{memberId}') ? 2 : 1);
    const ordered = [...routes].sort((x, y) => rank(x) - rank(y));
    for (const r of ordered) {
      const res = await request(r, a.orgId, member.cookie);
      expect(res.statusCode, `${r.method} ${r.path}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      if (res.statusCode === 403) refused.push(`${r.method} ${r.path}`);
    }
    // The manager-only actions the product names (PRODUCT §1, §3): a member gets 403.
    for (const route of [
      'PATCH /api/v1/orgs/{orgId}',
      'POST /api/v1/orgs/{orgId}/invitations',
      'PATCH /api/v1/orgs/{orgId}/members/{memberId}',
      'PUT /api/v1/orgs/{orgId}/credentials/twilio',
      'DELETE /api/v1/orgs/{orgId}/credentials/{provider}',
      'DELETE /api/v1/orgs/{orgId}/numbers/{numberId}',
      'PATCH /api/v1/orgs/{orgId}/messaging/settings',
    ])
      expect(refused, route).toContain(route);
  });

  it('row-level security, checked in SQL: as org B, no tenant table shows or accepts a row of A', async () => {
    const { rows } = await t.database.executeSql(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id'`,
    );
    const tables = rows.map((r) => String(r.table_name));
    expect(tables.length).toBeGreaterThan(15);
    const seen: Record<string, number> = {};
    for (const table of tables) {
      const counts = await withOrg(t.database.db, b.orgId, async (tx) => {
        const all = await tx.execute(
          sql.raw(`SELECT count(*)::int AS n FROM "${table}" WHERE org_id = '${a.orgId}'`),
        );
        return (all as unknown as { rows: { n: number }[] }).rows[0]!.n;
      });
      seen[table] = counts;
    }
    expect(Object.entries(seen).filter(([, n]) => n > 0)).toEqual([]);
    // And as the owner role (no RLS), A's fixtures really are there: the zero above is the policy's doing.
    const { rows: own } = await t.database.executeSql(
      `SELECT count(*)::int AS n FROM contacts WHERE org_id = $1`,
      [a.orgId],
    );
    expect(Number(own[0]!.n)).toBeGreaterThan(0);
    await expect(
      withOrg(t.database.db, b.orgId, (tx) =>
        tx.execute(
          sql`INSERT INTO templates (id, org_id, name, body) VALUES (${randomUUID()}, ${a.orgId}, 'x', 'y')`,
        ),
      ),
    ).rejects.toSatisfy((err: Error & { cause?: Error }) =>
      /row-level security/.test(`${err.message} ${err.cause?.message ?? ''}`),
    );
  });
});
