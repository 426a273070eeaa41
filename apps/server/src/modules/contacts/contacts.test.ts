import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createListeningApp,
  driverName,
  eventsProcessed,
  signUp,
  uniqueEmail,
  type SignedUp,
} from '../../../test/helpers.ts';

type ContactJson = {
  id: string;
  e164: string;
  name: string | null;
  email: string | null;
  tags: string[];
  fields: Record<string, string>;
  optedOut: boolean;
  optedOutAt: string | null;
};

describe(`contacts REST on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const url = (who: SignedUp, rest = '') => `/api/v1/orgs/${who.orgId}/contacts${rest}`;
  const create = (who: SignedUp, payload: Record<string, unknown>) =>
    as(who, { method: 'POST', url: url(who), payload });
  const list = async (who: SignedUp, query = '') =>
    (await as(who, { method: 'GET', url: url(who, query) })).json() as {
      contacts: ContactJson[];
      total: number;
      hasMore: boolean;
      country: string | null;
    };
  const setCountry = (who: SignedUp, country: string) =>
    as(who, { method: 'PATCH', url: `/api/v1/orgs/${who.orgId}`, payload: { country } });

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app);
    expect((await setCountry(owner, 'FR')).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  it("stores a number typed the national way as E.164, read in the org's country", async () => {
    const res = await create(owner, {
      e164: '06 12 34 56 78',
      name: ' Marie Dupont ',
      email: 'Marie@Example.FR',
      tags: ['VIP', 'VIP', 'Coupe'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      e164: '+33612345678',
      name: 'Marie Dupont',
      email: 'marie@example.fr',
      tags: ['VIP', 'Coupe'],
      fields: {},
      optedOut: false,
      optedOutAt: null,
    });
    const got = await as(owner, { method: 'GET', url: url(owner, `/${res.json().id}`) });
    expect(got.json()).toEqual(res.json());
    // A number with its own country code keeps it whatever the org's country.
    const uk = await create(owner, { e164: '+44 7911 123456' });
    expect(uk.json().e164).toBe('+447911123456');
    // So does an international number a spreadsheet stripped of its "+".
    expect((await create(owner, { e164: '972 52 123 4567' })).json().e164).toBe('+972521234567');
  });

  it('refuses an invalid number with a translated message and stores nothing', async () => {
    const before = (await list(owner)).total;
    for (const e164 of ['12', 'not a number', '+33 1']) {
      const res = await create(owner, { e164, name: 'Nobody' });
      expect(res.statusCode, e164).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'body.e164', message: 'validation.phone' }],
      });
    }
    const bad = await create(owner, { e164: '0611111111', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: 'body.email' })]);
    expect((await list(owner)).total).toBe(before);
  });

  it('answers 409 for a number already in the org, however it is written', async () => {
    const first = (await create(owner, { e164: '+33 6 98 76 54 32', name: 'Paul' })).json();
    const dup = await create(owner, { e164: '06.98.76.54.32', name: 'Paul again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'body.e164', code: 'duplicate', contactId: first.id }],
    });
    // Moving another contact onto that number is the same conflict.
    const other = (await create(owner, { e164: '0698765433' })).json();
    const moved = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${other.id}`),
      payload: { e164: '0698765432' },
    });
    expect(moved.statusCode).toBe(409);
    expect((await as(owner, { method: 'GET', url: url(owner, `/${other.id}`) })).json().e164).toBe(
      '+33698765433',
    );
  });

  it('edits name, number, email, notes and tags', async () => {
    const c = (await create(owner, { e164: '0655555555', name: 'Old' })).json();
    const res = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: {
        name: 'New Name',
        e164: '06 55 55 55 56',
        email: '',
        notes: 'Prefers mornings',
        tags: ['late'],
        fields: { company: 'ACME' },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'New Name',
      e164: '+33655555556',
      email: null,
      notes: 'Prefers mornings',
      tags: ['late'],
      fields: { company: 'ACME' },
    });
    const empty = await as(owner, { method: 'PATCH', url: url(owner, `/${c.id}`), payload: {} });
    expect(empty.statusCode).toBe(400);
    const badField = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { fields: { 'Not a variable': 'x' } },
    });
    expect(badField.statusCode).toBe(400);
  });

  it('searches over name, number (any format) and email; filters by tag and opt-out; pages', async () => {
    const o = await signUp(t.app);
    await setCountry(o, 'FR');
    await create(o, { e164: '0611000001', name: 'Alice Martin', tags: ['vip'] });
    await create(o, { e164: '0611000002', name: 'Bob Durand', email: 'bob@shop.fr', tags: ['vip', 'new'] });
    const carol = (await create(o, { e164: '+447911123001', name: 'carol', tags: ['new'] })).json();
    await create(o, { e164: '0611000004' });

    const names = (r: { contacts: ContactJson[] }) => r.contacts.map((c) => c.name);
    expect(names(await list(o, '?q=martin'))).toEqual(['Alice Martin']);
    expect(names(await list(o, '?q=SHOP.fr'))).toEqual(['Bob Durand']);
    // Typed the national way, with the trunk 0 and spaces.
    expect(names(await list(o, `?q=${encodeURIComponent('06 11 00 00 02')}`))).toEqual(['Bob Durand']);
    expect(names(await list(o, `?q=${encodeURIComponent('+44 7911')}`))).toEqual(['carol']);
    // LIKE wildcards are searched for literally.
    expect((await list(o, '?q=%25')).total).toBe(0);
    expect(names(await list(o, '?tag=vip&sort=name'))).toEqual(['Alice Martin', 'Bob Durand']);
    expect(names(await list(o, '?tag=new&q=carol'))).toEqual(['carol']);
    // Newest first by default; by name puts the nameless last.
    expect(names(await list(o))).toEqual([null, 'carol', 'Bob Durand', 'Alice Martin']);
    expect(names(await list(o, '?sort=name'))).toEqual(['Alice Martin', 'Bob Durand', 'carol', null]);

    const page1 = await list(o, '?limit=3');
    expect(page1).toMatchObject({ total: 4, hasMore: true, country: 'FR' });
    const page2 = await list(o, '?limit=3&offset=3');
    expect(page2).toMatchObject({ total: 4, hasMore: false });
    expect(page2.contacts).toHaveLength(1);

    await as(o, { method: 'PATCH', url: url(o, `/${carol.id}`), payload: { optedOut: true } });
    expect(names(await list(o, '?optedOut=true'))).toEqual(['carol']);
    expect((await list(o, '?optedOut=false')).total).toBe(3);

    const tags = await as(o, { method: 'GET', url: url(o, '/tags') });
    expect(tags.json()).toEqual({
      tags: [
        { tag: 'new', count: 2 },
        { tag: 'vip', count: 2 },
      ],
    });
    expect((await as(o, { method: 'GET', url: url(o, '?limit=1000') })).statusCode).toBe(400);
  });

  it('marks a contact opted out by hand, refuses opting back in by hand, and keeps it on delete', async () => {
    const c = (await create(owner, { e164: '0677777777', name: 'Stop Me' })).json();
    const out = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { optedOut: true },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json().optedOut).toBe(true);
    const at = out.json().optedOutAt;
    expect(Date.parse(at)).toBeGreaterThan(Date.now() - 60_000);
    // Marking again keeps the first date.
    const again = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { optedOut: true },
    });
    expect(again.json().optedOutAt).toBe(at);

    const optIn = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { optedOut: false },
    });
    expect(optIn.statusCode).toBe(422);
    expect(optIn.json().error).toMatchObject({
      code: 'UNPROCESSABLE',
      details: [{ path: 'body.optedOut', code: 'optInByText' }],
    });
    expect(optIn.json().error.message).toMatch(/START/);
    // Nor may its number be swapped, which would lose the opt-out; nor may it be deleted.
    const renumber = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { e164: '0677777778' },
    });
    expect(renumber.statusCode).toBe(422);
    const del = await as(owner, { method: 'DELETE', url: url(owner, `/${c.id}`) });
    expect(del.statusCode).toBe(422);
    const still = (await as(owner, { method: 'GET', url: url(owner, `/${c.id}`) })).json();
    expect(still).toMatchObject({ e164: '+33677777777', optedOut: true, optedOutAt: at });
    // Other edits still work.
    const renamed = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${c.id}`),
      payload: { name: 'Renamed' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', optedOut: true });
  });

  it('deletes a contact', async () => {
    const c = (await create(owner, { e164: '0688888888' })).json();
    const del = await as(owner, { method: 'DELETE', url: url(owner, `/${c.id}`) });
    expect(del.statusCode).toBe(200);
    expect((await as(owner, { method: 'GET', url: url(owner, `/${c.id}`) })).statusCode).toBe(404);
    expect((await as(owner, { method: 'DELETE', url: url(owner, `/${c.id}`) })).statusCode).toBe(404);
  });

  describe('CSV import', () => {
    let o: SignedUp;
    const csv = [
      '\uFEFFPrénom;Nom;Téléphone;E-mail;Tags;Entreprise',
      'Léa;Moreau;06 01 02 03 04;lea@example.fr;vip|coiffure;"Salon ""Belle"""',
      'Jean;Petit;;jean@example.fr;;',
      'Zoé;Roux;12345;;;',
      'Léa bis;Moreau;+33601020304;;;',
      '"Multi\nLine";Name;0601020305;not-an-email;new; ',
      'Existing;Person;0600000001;;vip;ACME',
      '',
    ].join('\r\n');
    const preview = async (text: string) =>
      as(o, { method: 'POST', url: url(o, '/import/preview'), payload: { csv: text } });
    const commit = async (text: string) =>
      as(o, { method: 'POST', url: url(o, '/import'), payload: { csv: text } });

    beforeAll(async () => {
      o = await signUp(t.app);
      await setCountry(o, 'FR');
      await create(o, { e164: '0600000001', name: 'Already Here', tags: ['old'], notes: 'keep me' });
    });

    it('previews each row with its number, values and errors, and saves nothing', async () => {
      const res = await preview(csv);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.headerless).toBe(false);
      expect(body.columns).toEqual([
        { header: 'Prénom', role: 'firstName', field: null },
        { header: 'Nom', role: 'lastName', field: null },
        { header: 'Téléphone', role: 'phone', field: null },
        { header: 'E-mail', role: 'email', field: null },
        { header: 'Tags', role: 'tags', field: null },
        { header: 'Entreprise', role: 'field', field: 'entreprise' },
      ]);
      expect(body.summary).toEqual({ rows: 6, create: 2, update: 1, skip: 3 });
      const byLine = Object.fromEntries(body.rows.map((r: { line: number }) => [r.line, r]));
      expect(byLine[2]).toMatchObject({
        e164: '+33601020304',
        name: 'Léa Moreau',
        email: 'lea@example.fr',
        tags: ['vip', 'coiffure'],
        fields: { entreprise: 'Salon "Belle"' },
        action: 'create',
        errors: [],
      });
      expect(byLine[3]).toMatchObject({ action: 'skip', errors: ['missingNumber'], e164: null });
      expect(byLine[4]).toMatchObject({ action: 'skip', errors: ['invalidNumber'], phone: '12345' });
      expect(byLine[5]).toMatchObject({ action: 'skip', errors: ['duplicateInFile'], duplicateOf: 2 });
      // A quoted cell spanning two lines: the next row starts on line 8.
      expect(byLine[6]).toMatchObject({
        name: 'Multi Line Name',
        action: 'create',
        email: null,
        warnings: ['invalidEmail'],
        tags: ['new'],
      });
      expect(byLine[8]).toMatchObject({
        action: 'update',
        e164: '+33600000001',
        fields: { entreprise: 'ACME' },
      });
      expect(byLine[8].contactId).toEqual(expect.any(String));
      expect((await list(o)).total).toBe(1);
    });

    it('imports the good rows in one go and is idempotent on re-import', async () => {
      const first = await commit(csv);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ created: 2, updated: 1, skipped: 3 });
      const all = await list(o, '?limit=100&sort=name');
      expect(all.total).toBe(3);
      const existing = all.contacts.find((c) => c.e164 === '+33600000001')!;
      // Updated: the file's name and fields, tags merged, the notes it had no column for kept.
      expect(existing).toMatchObject({
        name: 'Existing Person',
        tags: ['old', 'vip'],
        fields: { entreprise: 'ACME' },
        notes: 'keep me',
      });

      const again = await commit(csv);
      expect(again.json()).toEqual({ created: 0, updated: 3, skipped: 3 });
      const after = await list(o, '?limit=100&sort=name');
      expect(after.total).toBe(3);
      expect(after.contacts.find((c) => c.e164 === '+33600000001')!.tags).toEqual(['old', 'vip']);
      expect(after.contacts.find((c) => c.e164 === '+33601020304')!.tags).toEqual(['vip', 'coiffure']);
    });

    it('never changes an opt-out', async () => {
      const lea = (await list(o, '?q=0601020304')).contacts[0]!;
      await as(o, { method: 'PATCH', url: url(o, `/${lea.id}`), payload: { optedOut: true } });
      expect((await commit(csv)).statusCode).toBe(200);
      expect((await as(o, { method: 'GET', url: url(o, `/${lea.id}`) })).json().optedOut).toBe(true);
    });

    it('reads comma files with English headers, and files without a header row', async () => {
      const english = await preview(
        'First Name,Last Name,Mobile Phone,Email,Labels\nAda,Lovelace,+44 7400 123456,,a;b\n',
      );
      expect(english.json().rows[0]).toMatchObject({
        name: 'Ada Lovelace',
        e164: '+447400123456',
        tags: ['a', 'b'],
      });
      const hebrew = await preview('שם,טלפון,עיר\r\nדנה,+972-52-765-4321,חיפה\r\n');
      expect(hebrew.json().columns).toEqual([
        { header: 'שם', role: 'name', field: null },
        { header: 'טלפון', role: 'phone', field: null },
        { header: 'עיר', role: 'field', field: 'column_3' },
      ]);
      expect(hebrew.json().rows[0]).toMatchObject({
        name: 'דנה',
        e164: '+972527654321',
        fields: { column_3: 'חיפה' },
      });
      const bare = await preview('Camille,06 11 22 33 44,camille@example.fr\nDom,0611223345,\n');
      expect(bare.json()).toMatchObject({ headerless: true, summary: { rows: 2, create: 2 } });
      expect(bare.json().rows[0]).toMatchObject({ line: 1, name: 'Camille', email: 'camille@example.fr' });
    });

    it('explains a file it cannot read, and refuses more than 10,000 rows', async () => {
      const noPhone = await preview('name,city\nAda,London\n');
      expect(noPhone.statusCode).toBe(400);
      expect(noPhone.json().error.details).toEqual([expect.objectContaining({ code: 'noPhoneColumn' })]);
      expect((await preview('   \n\n')).statusCode).toBe(400);
      const big = [
        'phone',
        ...Array.from({ length: 10_001 }, (_, i) => `+3361${String(i).padStart(7, '0')}`),
      ].join('\n');
      const tooMany = await preview(big);
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const tooBig = await commit(`phone,notes\n0611111111,${'x'.repeat(2 * 1024 * 1024)}\n`);
      expect(tooBig.statusCode).toBe(413);
      expect((await list(o)).total).toBe(3);
    });

    it('imports 10,000 rows in one transaction', async () => {
      const big = [
        'phone,name',
        ...Array.from({ length: 10_000 }, (_, i) => `+3361${String(i).padStart(7, '0')},N${i}`),
      ].join('\n');
      const started = Date.now();
      const res = await commit(big);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ created: 10_000, updated: 0, skipped: 0 });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect((await list(o)).total).toBe(10_003);
    }, 30_000);
  });

  it('members may add, edit and opt out contacts; deleting and importing is for owners and admins', async () => {
    const email = uniqueEmail('member');
    const inv = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role: 'member' },
    });
    const joined = await signUp(t.app, { email });
    await as(joined, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` });
    const m = { ...joined, orgId: owner.orgId };
    const c = await create(m, { e164: '0622222222', name: 'By a member' });
    expect(c.statusCode).toBe(201);
    const id = c.json().id;
    expect(
      (await as(m, { method: 'PATCH', url: url(m, `/${id}`), payload: { optedOut: true } })).statusCode,
    ).toBe(200);
    expect((await as(m, { method: 'GET', url: url(m, '/tags') })).statusCode).toBe(200);
    const other = (await create(m, { e164: '0622222223' })).json();
    for (const opts of [
      { method: 'DELETE', url: url(m, `/${other.id}`) },
      { method: 'POST', url: url(m, '/import/preview'), payload: { csv: 'phone\n0611111111' } },
      { method: 'POST', url: url(m, '/import'), payload: { csv: 'phone\n0611111111' } },
    ] as InjectOptions[]) {
      expect((await as(m, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(403);
    }
  });

  it('opting back in is the contact’s own doing: START from their phone', async () => {
    const o = await signUp(t.app);
    const asO = (opts: InjectOptions) => as(o, opts);
    await asO({ method: 'POST', url: `/api/v1/orgs/${o.orgId}/credentials/twilio/sandbox` });
    const [pick] = (
      await asO({ method: 'GET', url: `/api/v1/orgs/${o.orgId}/numbers/available?country=FR&type=mobile` })
    ).json();
    const number = (
      await asO({
        method: 'POST',
        url: `/api/v1/orgs/${o.orgId}/numbers`,
        payload: { phoneNumber: pick.phoneNumber },
      })
    ).json();
    const c = (await create(o, { e164: '+33633333333', name: 'Texter' })).json();
    await asO({ method: 'PATCH', url: url(o, `/${c.id}`), payload: { optedOut: true } });
    await t.app.ava.sandbox!.twilio.receiveFromHandset({
      from: '+33633333333',
      to: number.e164,
      body: ' start ',
    });
    await eventsProcessed(t.database);
    const { rows } = await t.database.executeSql(
      `SELECT processed_at, last_error FROM webhook_events WHERE kind = 'message.inbound'
        ORDER BY received_at DESC LIMIT 1`,
    );
    expect(rows[0]?.last_error ?? null).toBeNull();
    expect(rows[0]?.processed_at).toBeTruthy();
    expect((await asO({ method: 'GET', url: url(o, `/${c.id}`) })).json()).toMatchObject({
      optedOut: false,
      optedOutAt: null,
    });
  });

  it("tenant floor: another org's member gets 404 on every route and sees none of our contacts; no session gets 401", async () => {
    const b = await signUp(t.app);
    const mine = (
      await create(owner, { e164: '0644444444', name: 'Secret Sam', tags: ['secret-tag'] })
    ).json();
    const routes: InjectOptions[] = [
      { method: 'GET', url: url(owner) },
      { method: 'GET', url: url(owner, '/tags') },
      { method: 'POST', url: url(owner), payload: { e164: '0644444445' } },
      { method: 'GET', url: url(owner, `/${mine.id}`) },
      { method: 'PATCH', url: url(owner, `/${mine.id}`), payload: { name: 'Hacked' } },
      { method: 'PATCH', url: url(owner, `/${mine.id}`), payload: { optedOut: true } },
      { method: 'DELETE', url: url(owner, `/${mine.id}`) },
      { method: 'POST', url: url(owner, '/import/preview'), payload: { csv: 'phone\n0644444444' } },
      { method: 'POST', url: url(owner, '/import'), payload: { csv: 'phone,name\n0644444444,Hacked' } },
    ];
    for (const opts of routes) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
      expect((await t.app.inject(opts)).statusCode, `anonymous ${opts.method} ${opts.url}`).toBe(401);
    }
    // B's own org, with A's contact id: not found either.
    for (const opts of [
      { method: 'GET', url: url(b, `/${mine.id}`) },
      { method: 'PATCH', url: url(b, `/${mine.id}`), payload: { name: 'Hacked' } },
      { method: 'DELETE', url: url(b, `/${mine.id}`) },
    ] as InjectOptions[]) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
    }
    // B's lists and tags show nothing of A's, whatever the search.
    expect(await list(b, '?q=Secret')).toMatchObject({ total: 0, contacts: [] });
    expect(await list(b, '?q=0644444444')).toMatchObject({ total: 0 });
    expect((await list(b, '?tag=secret-tag')).total).toBe(0);
    expect((await as(b, { method: 'GET', url: url(b, '/tags') })).json()).toEqual({ tags: [] });
    // Importing A's number into B creates B's own contact and leaves A's untouched.
    const imported = await as(b, {
      method: 'POST',
      url: url(b, '/import'),
      payload: { csv: 'phone,name\n+33644444444,Bee' },
    });
    expect(imported.json()).toEqual({ created: 1, updated: 0, skipped: 0 });
    expect((await as(owner, { method: 'GET', url: url(owner, `/${mine.id}`) })).json()).toMatchObject({
      name: 'Secret Sam',
      optedOut: false,
    });
  });
});
