import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  driverName,
  outbox,
  signUp,
  uniqueEmail,
  type SignedUp,
  type TestApp,
} from '../../../test/helpers.ts';
import { orgsRepository } from './orgs.repository.ts';

describe(`organisations on ${driverName}`, () => {
  let t: TestApp;
  let owner: SignedUp;
  const req = (cookie: string, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie } });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.app, { name: 'Dr Ana' });
  });
  afterAll(async () => t?.close());

  async function inviteAndJoin(role: 'admin' | 'member') {
    const email = uniqueEmail(role);
    const inv = await req(owner.cookie, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role },
    });
    expect(inv.statusCode).toBe(201);
    const invitee = await signUp(t.app, { email });
    const accept = await req(invitee.cookie, {
      method: 'POST',
      url: `/api/v1/invitations/${inv.json().id}/accept`,
    });
    expect(accept.statusCode).toBe(200);
    return { ...invitee, invitationId: inv.json().id as string };
  }

  it('renames the organisation and sets its country and time zone', async () => {
    const res = await req(owner.cookie, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}`,
      payload: { name: 'Clinique Ana', country: 'FR', timezone: 'Europe/Paris' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Clinique Ana',
      country: 'FR',
      timezone: 'Europe/Paris',
      role: 'owner',
    });
    const bad = await req(owner.cookie, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}`,
      payload: { timezone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'body.timezone',
      message: 'validation.timezone',
    });
    const after = await req(owner.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}` });
    expect(after.json().timezone).toBe('Europe/Paris');
  });

  it('call emails: owners always, members who ask for them, nobody else', async () => {
    const keen = await inviteAndJoin('member');
    const quiet = await inviteAndJoin('member');
    const set = await req(keen.cookie, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/members/me`,
      payload: { callEmails: true },
    });
    expect(set.json()).toEqual({ callEmails: true });
    const recipients = (await orgsRepository(t.database.db).callEmailRecipients(owner.orgId)).map(
      (r) => r.email,
    );
    expect(recipients).toContain(owner.email);
    expect(recipients).toContain(keen.email);
    expect(recipients).not.toContain(quiet.email);
    const list = (
      await req(owner.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/members` })
    ).json();
    expect(list.find((m: { email: string }) => m.email === keen.email).callEmails).toBe(true);
    // An owner cannot opt out: they always hear about calls.
    const ownerSet = await req(owner.cookie, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/members/me`,
      payload: { callEmails: false },
    });
    expect(ownerSet.json()).toEqual({ callEmails: true });
  });

  it('invites by email with a role; the invitee accepts and appears in the members list', async () => {
    const email = uniqueEmail('reception');
    const inv = await req(owner.cookie, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role: 'admin' },
    });
    expect(inv.statusCode).toBe(201);
    expect(inv.json()).toMatchObject({ email, role: 'admin', status: 'pending' });
    const [mail] = await outbox(t.app, email);
    expect(mail!.subject).toBe('Dr Ana invited you to Clinique Ana on AVA');
    expect(mail!.text).toContain(`/invitations/${inv.json().id}`);

    const invitee = await signUp(t.app, { email });
    const preview = await req(invitee.cookie, { method: 'GET', url: `/api/v1/invitations/${inv.json().id}` });
    expect(preview.json()).toMatchObject({
      orgName: 'Clinique Ana',
      inviterName: 'Dr Ana',
      role: 'admin',
      expired: false,
    });
    const accept = await req(invitee.cookie, {
      method: 'POST',
      url: `/api/v1/invitations/${inv.json().id}/accept`,
    });
    expect(accept.json()).toEqual({ orgId: owner.orgId });

    const members = await req(owner.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/members` });
    expect(members.json().map((m: { email: string; role: string }) => [m.email, m.role])).toContainEqual([
      email,
      'admin',
    ]);
    const me = await req(invitee.cookie, { method: 'GET', url: '/api/v1/me' });
    expect(
      me
        .json()
        .orgs.map((o: { role: string }) => o.role)
        .sort(),
    ).toEqual(['admin', 'owner']);
    const again = await req(invitee.cookie, {
      method: 'POST',
      url: `/api/v1/invitations/${inv.json().id}/accept`,
    });
    expect(again.statusCode).toBe(422);
  });

  it('switches the active organisation', async () => {
    const m = await inviteAndJoin('member');
    // Accepting an invitation lands the user in the organisation they just joined.
    const before = await req(m.cookie, { method: 'GET', url: '/api/v1/me' });
    expect(before.json().activeOrgId).toBe(owner.orgId);
    const sw = await req(m.cookie, { method: 'POST', url: `/api/v1/orgs/${m.orgId}/activate` });
    expect(sw.statusCode).toBe(200);
    const after = await req(m.cookie, { method: 'GET', url: '/api/v1/me' });
    expect(after.json().activeOrgId).toBe(m.orgId);
  });

  it('members cannot invite, rename or remove; managers can remove', async () => {
    const m = await inviteAndJoin('member');
    const members = await req(owner.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/members` });
    const mine = members.json().find((x: { userId: string }) => x.userId === m.userId);
    const ownerRow = members.json().find((x: { userId: string }) => x.userId === owner.userId);
    for (const opts of [
      {
        method: 'POST',
        url: `/api/v1/orgs/${owner.orgId}/invitations`,
        payload: { email: uniqueEmail(), role: 'member' },
      },
      { method: 'PATCH', url: `/api/v1/orgs/${owner.orgId}`, payload: { name: 'Hijacked' } },
      { method: 'DELETE', url: `/api/v1/orgs/${owner.orgId}/members/${ownerRow.id}` },
      { method: 'PATCH', url: `/api/v1/orgs/${owner.orgId}/members/${mine.id}`, payload: { role: 'owner' } },
    ] as InjectOptions[]) {
      const res = await req(m.cookie, opts);
      expect(res.statusCode, `${opts.method} ${opts.url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const removed = await req(owner.cookie, {
      method: 'DELETE',
      url: `/api/v1/orgs/${owner.orgId}/members/${mine.id}`,
    });
    expect(removed.statusCode).toBe(200);
    const gone = await req(m.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}` });
    expect(gone.statusCode).toBe(404);
  });

  it('an organisation always keeps an owner', async () => {
    const members = await req(owner.cookie, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/members` });
    const ownerRow = members.json().find((x: { userId: string }) => x.userId === owner.userId);
    const leave = await req(owner.cookie, {
      method: 'DELETE',
      url: `/api/v1/orgs/${owner.orgId}/members/${ownerRow.id}`,
    });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().error.code).toBe('LAST_OWNER');
    const demote = await req(owner.cookie, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/members/${ownerRow.id}`,
      payload: { role: 'member' },
    });
    expect(demote.json().error.code).toBe('LAST_OWNER');
  });

  it('cancels a pending invitation, which then cannot be accepted', async () => {
    const email = uniqueEmail('late');
    const inv = await req(owner.cookie, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email },
    });
    const cancel = await req(owner.cookie, {
      method: 'DELETE',
      url: `/api/v1/orgs/${owner.orgId}/invitations/${inv.json().id}`,
    });
    expect(cancel.statusCode).toBe(200);
    const invitee = await signUp(t.app, { email });
    const accept = await req(invitee.cookie, {
      method: 'POST',
      url: `/api/v1/invitations/${inv.json().id}/accept`,
    });
    expect(accept.statusCode).toBe(422);
    expect(accept.json().error.code).toBe('INVITATION_INVALID');
  });

  it('an invitation is invisible to anyone but the invited address', async () => {
    const inv = await req(owner.cookie, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email: uniqueEmail() },
    });
    const stranger = await signUp(t.app);
    expect(
      (await req(stranger.cookie, { method: 'GET', url: `/api/v1/invitations/${inv.json().id}` })).statusCode,
    ).toBe(404);
    expect(
      (await req(stranger.cookie, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` }))
        .statusCode,
    ).toBe(404);
  });

  it('updates the profile language', async () => {
    const res = await req(owner.cookie, { method: 'PATCH', url: '/api/v1/me', payload: { locale: 'he' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.locale).toBe('he');
    const bad = await req(owner.cookie, { method: 'PATCH', url: '/api/v1/me', payload: { locale: 'de' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`tenant floor on ${driverName}: org B never reaches org A`, () => {
  let t: TestApp;
  let a: SignedUp;
  let b: SignedUp;
  let memberId: string;
  let invitationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    a = await signUp(t.app, { name: 'Org A owner' });
    b = await signUp(t.app, { name: 'Org B owner' });
    const members = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${a.orgId}/members`,
      headers: { cookie: a.cookie },
    });
    memberId = members.json()[0].id;
    const inv = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${a.orgId}/invitations`,
      headers: { cookie: a.cookie },
      payload: { email: uniqueEmail() },
    });
    invitationId = inv.json().id;
  });
  afterAll(async () => t?.close());

  const routes = (): InjectOptions[] => [
    { method: 'GET', url: `/api/v1/orgs/${a.orgId}` },
    { method: 'PATCH', url: `/api/v1/orgs/${a.orgId}`, payload: { name: 'Taken over' } },
    { method: 'POST', url: `/api/v1/orgs/${a.orgId}/activate` },
    { method: 'GET', url: `/api/v1/orgs/${a.orgId}/members` },
    { method: 'PATCH', url: `/api/v1/orgs/${a.orgId}/members/${memberId}`, payload: { role: 'member' } },
    { method: 'DELETE', url: `/api/v1/orgs/${a.orgId}/members/${memberId}` },
    { method: 'GET', url: `/api/v1/orgs/${a.orgId}/invitations` },
    { method: 'POST', url: `/api/v1/orgs/${a.orgId}/invitations`, payload: { email: uniqueEmail() } },
    { method: 'DELETE', url: `/api/v1/orgs/${a.orgId}/invitations/${invitationId}` },
    { method: 'GET', url: `/api/v1/invitations/${invitationId}` },
    { method: 'POST', url: `/api/v1/invitations/${invitationId}/accept` },
    // org B's own ids, with org A's member/invitation ids: still nothing.
    { method: 'DELETE', url: `/api/v1/orgs/${'B'}/members/${memberId}` },
    { method: 'DELETE', url: `/api/v1/orgs/${'B'}/invitations/${invitationId}` },
  ];

  it('answers 404 to a member of org B on every org A route, and changes nothing', async () => {
    for (const r of routes()) {
      const url = (r.url as string).replace('/orgs/B/', `/orgs/${b.orgId}/`);
      const res = await t.app.inject({ ...r, url, headers: { cookie: b.cookie } });
      expect(res.statusCode, `${r.method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect(res.body).not.toContain('Org A owner');
    }
    const org = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${a.orgId}`,
      headers: { cookie: a.cookie },
    });
    expect(org.json().name).toBe('Org A owner');
    const members = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${a.orgId}/members`,
      headers: { cookie: a.cookie },
    });
    expect(members.json()).toHaveLength(1);
    const invs = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${a.orgId}/invitations`,
      headers: { cookie: a.cookie },
    });
    expect(invs.json()[0].status).toBe('pending');
  });

  it('answers 401 to every route without a session', async () => {
    for (const r of [
      ...routes(),
      { method: 'GET', url: '/api/v1/me' },
      { method: 'PATCH', url: '/api/v1/me', payload: { name: 'x' } },
    ] as InjectOptions[]) {
      const res = await t.app.inject(r);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('an expired or forged session cookie is no session', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'better-auth.session_token=forged.value' },
    });
    expect(res.statusCode).toBe(401);
  });
});
