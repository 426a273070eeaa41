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
import { contacts } from '../../db/schema/index.ts';
import { withOrg } from '../../db/tenant.ts';
import { checkSuggestion, enhancePrompt } from './templates.enhance.ts';
import { templatesRepository } from './templates.repository.ts';

type TemplateJson = {
  id: string;
  name: string;
  body: string;
  category: string | null;
  variables: string[];
  kind: 'static' | 'dynamic';
  unknownVariables: string[];
  usageCount: number;
  createdAt: string;
  updatedAt: string;
};

describe(`templates REST on ${driverName}`, () => {
  let t: TestApp;
  let owner: SignedUp;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const url = (who: SignedUp, rest = '') => `/api/v1/orgs/${who.orgId}/templates${rest}`;
  const create = async (who: SignedUp, payload: Record<string, unknown>) => {
    const res = await as(who, { method: 'POST', url: url(who), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TemplateJson;
  };
  const list = async (who: SignedUp, query = '') =>
    (await as(who, { method: 'GET', url: url(who, query) })).json().templates as TemplateJson[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.app);
  });
  afterAll(async () => t?.close());

  it('creates, reads, lists by category and search, edits and deletes', async () => {
    const reminder = await create(owner, {
      name: '  Reminder ',
      body: 'Hi {first_name}, see you tomorrow at {business}. Reply STOP to opt out.',
      category: 'Appointments',
    });
    expect(reminder).toMatchObject({
      name: 'Reminder',
      category: 'Appointments',
      variables: ['first_name', 'business'],
      kind: 'dynamic',
      unknownVariables: [],
      usageCount: 0,
    });
    const hours = await create(owner, { name: 'Opening hours', body: 'We are open 9-18, Mon-Fri.' });
    expect(hours).toMatchObject({ category: null, variables: [], kind: 'static' });
    const promo = await create(owner, { name: 'Promo', body: 'Spring sale!', category: 'Marketing' });

    expect((await as(owner, { method: 'GET', url: url(owner, `/${reminder.id}`) })).json()).toEqual(reminder);
    // Categories first (alphabetical), uncategorised last.
    expect((await list(owner)).map((x) => x.name)).toEqual(['Reminder', 'Promo', 'Opening hours']);
    expect((await list(owner, '?category=Marketing')).map((x) => x.id)).toEqual([promo.id]);
    expect((await list(owner, '?q=tomorrow')).map((x) => x.id)).toEqual([reminder.id]);
    expect((await list(owner, '?q=OPENING')).map((x) => x.id)).toEqual([hours.id]);
    expect((await list(owner, '?q=100%25')).map((x) => x.id)).toEqual([]);
    const cats = await as(owner, { method: 'GET', url: url(owner, '/categories') });
    expect(cats.json()).toEqual({
      categories: [
        { name: 'Appointments', count: 1 },
        { name: 'Marketing', count: 1 },
      ],
      uncategorized: 1,
    });

    const edited = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${hours.id}`),
      payload: { body: 'Hello {first_name}, we are open 9-18.', category: 'Info' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Opening hours', kind: 'dynamic', category: 'Info' });
    expect(Date.parse(edited.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(hours.updatedAt));
    // An empty category clears it.
    const cleared = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${hours.id}`),
      payload: { category: '' },
    });
    expect(cleared.json().category).toBeNull();

    expect((await as(owner, { method: 'DELETE', url: url(owner, `/${promo.id}`) })).statusCode).toBe(200);
    expect((await as(owner, { method: 'GET', url: url(owner, `/${promo.id}`) })).statusCode).toBe(404);
    expect((await as(owner, { method: 'DELETE', url: url(owner, `/${promo.id}`) })).statusCode).toBe(404);
    expect((await list(owner)).map((x) => x.id)).not.toContain(promo.id);
  });

  it('is documented in the OpenAPI', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json();
    const base = '/api/v1/orgs/{orgId}/templates';
    for (const path of [
      base,
      `${base}/categories`,
      `${base}/variables`,
      `${base}/enhance`,
      `${base}/{templateId}`,
    ])
      expect(spec.paths[path], path).toBeDefined();
    expect(spec.paths[`${base}/{templateId}/duplicate`].post).toBeDefined();
    expect(spec.paths[base].post.requestBody.content['application/json'].schema.required).toEqual([
      'name',
      'body',
    ]);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const o = await signUp(t.app);
    const kept = await create(o, { name: 'Kept', body: 'Original text', category: 'A' });
    const bad: Record<string, unknown>[] = [
      { name: '', body: 'x' },
      { name: 'x'.repeat(81), body: 'x' },
      { name: 'ok', body: '   ' },
      { name: 'ok', body: 'x'.repeat(1601) },
      { name: 'ok', body: 'x', category: 'c'.repeat(41) },
      { body: 'no name' },
    ];
    for (const payload of bad) {
      const res = await as(o, { method: 'POST', url: url(o), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const badPatch = await as(o, {
      method: 'PATCH',
      url: url(o, `/${kept.id}`),
      payload: { name: 'Renamed', body: 'y'.repeat(1601) },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.details).toEqual([
      expect.objectContaining({ path: 'body.body', message: 'validation.smsTooLong' }),
    ]);
    const empty = await as(o, { method: 'PATCH', url: url(o, `/${kept.id}`), payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(await list(o)).toEqual([kept]);
  });

  it('duplicates as "<name> (2)", "(3)"… or under a given name; usage is counted per template', async () => {
    const o = await signUp(t.app);
    const source = await create(o, {
      name: 'Welcome',
      body: 'Welcome {first_name}!',
      category: 'Onboarding',
    });
    const repo = templatesRepository(t.database.db);
    expect(await repo.incrementUsage(o.orgId, source.id)).toBe(true);
    expect(await repo.incrementUsage(o.orgId, source.id)).toBe(true);

    const dup = async (id: string, payload?: Record<string, unknown>) => {
      const res = await as(o, {
        method: 'POST',
        url: url(o, `/${id}/duplicate`),
        ...(payload === undefined ? {} : { payload }),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as TemplateJson;
    };
    const copy = await dup(source.id);
    expect(copy).toMatchObject({
      name: 'Welcome (2)',
      body: source.body,
      category: 'Onboarding',
      usageCount: 0,
    });
    expect(copy.id).not.toBe(source.id);
    expect((await dup(copy.id)).name).toBe('Welcome (3)');
    expect((await dup(source.id, { name: 'Copie de Welcome' })).name).toBe('Copie de Welcome');
    const long = await create(o, { name: 'L'.repeat(80), body: 'x' });
    expect((await dup(long.id)).name).toBe(`${'L'.repeat(76)} (2)`);

    const after = (await as(o, { method: 'GET', url: url(o, `/${source.id}`) })).json();
    expect(after.usageCount).toBe(2);
    // Using a template is not editing it.
    expect(after.updatedAt).toBe(source.updatedAt);
    expect((await repo.get(o.orgId, source.id))?.usageCount).toBe(2);
    expect(await repo.incrementUsage(o.orgId, 'no-such-template')).toBe(false);
    // Another org's id counts nothing.
    expect(await repo.incrementUsage(owner.orgId, source.id)).toBe(false);
    expect(await repo.get(owner.orgId, source.id)).toBeUndefined();
  });

  it('flags variables no contact can fill; a field on any contact makes it known', async () => {
    const o = await signUp(t.app, { name: 'Léa Martin' });
    const tpl = await create(o, {
      name: 'Order',
      body: 'Hi {First_Name}, your {product} from {company} is ready. {typo}',
    });
    expect(tpl.variables).toEqual(['first_name', 'product', 'company', 'typo']);
    expect(tpl.unknownVariables).toEqual(['product', 'company', 'typo']);

    await withOrg(t.database.db, o.orgId, (tx) =>
      tx.insert(contacts).values([
        { orgId: o.orgId, e164: '+33611111111', name: 'Ana', fields: { Company: 'Acme' } },
        { orgId: o.orgId, e164: '+33622222222', name: 'Ben', fields: { product: 'bike', city: 'Lyon' } },
      ]),
    );
    // Another org's contact fields never count.
    await withOrg(t.database.db, owner.orgId, (tx) =>
      tx.insert(contacts).values({ orgId: owner.orgId, e164: '+33633333333', fields: { typo: 'x' } }),
    );
    const got = (await as(o, { method: 'GET', url: url(o, `/${tpl.id}`) })).json();
    expect(got.unknownVariables).toEqual(['typo']);
    expect((await list(o))[0]!.unknownVariables).toEqual(['typo']);

    const vars = await as(o, { method: 'GET', url: url(o, '/variables') });
    expect(vars.statusCode).toBe(200);
    expect(vars.json()).toMatchObject({
      standard: ['first_name', 'last_name', 'name', 'phone', 'email', 'business'],
      fields: ['city', 'company', 'product'],
    });
    expect(typeof vars.json().business).toBe('string');
  });

  it('AI enhance rewrites through the sandbox LLM, keeps every variable, and saves nothing', async () => {
    const o = await signUp(t.app);
    const before = await list(o);
    const ledger = t.app.ava.sandbox!.llm.ledger;
    const seen = ledger.length;
    const body = 'Hi {first_name}, your table at {business} is booked for 8pm.';
    const res = await as(o, {
      method: 'POST',
      url: url(o, '/enhance'),
      payload: { body, tone: 'professional', locale: 'en' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { suggestion, segments, encoding, originalSegments } = res.json();
    expect(suggestion).toContain('{first_name}');
    expect(suggestion).toContain('{business}');
    expect(suggestion).not.toBe(body);
    expect(originalSegments).toBe(1);
    expect(segments).toBeGreaterThanOrEqual(1);
    expect(['GSM-7', 'UCS-2']).toContain(encoding);
    // It went over HTTP to the emulator, with the original as the only user text.
    expect(ledger.length).toBe(seen + 1);
    expect(ledger.at(-1)).toMatchObject({ api: 'anthropic', status: 200, lastUserText: body });
    expect(await list(o)).toEqual(before);
  });

  it('AI enhance refuses a suggestion that drops a variable or is too long (422), or no model', async () => {
    const o = await signUp(t.app);
    // The emulator's [[reply:…]] directive makes the "model" answer exactly that text.
    const lost = await as(o, {
      method: 'POST',
      url: url(o, '/enhance'),
      payload: { body: 'Hi {first_name}, see you at {time}. [[reply:Hi {first_name}, see you soon!]]' },
    });
    expect(lost.statusCode).toBe(422);
    expect(lost.json().error).toMatchObject({
      code: 'UNPROCESSABLE',
      details: [{ path: 'suggestion', code: 'variablesLost', message: '{time}' }],
    });
    expect(lost.json().error.message).toMatch(/dropped \{time\}/);

    // The emulator quotes the text back with a greeting: a 1,590-character text comes back too long.
    const long = await as(o, {
      method: 'POST',
      url: url(o, '/enhance'),
      payload: { body: 'a'.repeat(1590) },
    });
    expect(long.statusCode).toBe(422);
    expect(long.json().error.details[0].code).toBe('tooLong');

    const bad = await as(o, {
      method: 'POST',
      url: url(o, '/enhance'),
      payload: { body: 'x', tone: 'angry' },
    });
    expect(bad.statusCode).toBe(400);

    const llm = t.app.ava.llm;
    t.app.ava.llm = null;
    try {
      const off = await as(o, { method: 'POST', url: url(o, '/enhance'), payload: { body: 'Hello' } });
      expect(off.statusCode).toBe(422);
      expect(off.json().error).toMatchObject({
        code: 'PROVIDER_ERROR',
        details: { provider: 'llm', reason: 'provider.llm.notConfigured', retryable: false },
      });
    } finally {
      t.app.ava.llm = llm;
    }
  });

  it('members may list, read and ask AI enhance, but not change', async () => {
    const email = uniqueEmail('member');
    const inv = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role: 'member' },
    });
    const joined = await signUp(t.app, { email });
    await as(joined, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` });
    const m = { ...joined, orgId: owner.orgId };
    const some = (await list(owner))[0]!;
    for (const path of ['', '/categories', '/variables', `/${some.id}`])
      expect((await as(m, { method: 'GET', url: url(m, path) })).statusCode, path).toBe(200);
    const enhanced = await as(m, { method: 'POST', url: url(m, '/enhance'), payload: { body: 'Hi {name}' } });
    expect(enhanced.statusCode).toBe(200);
    for (const opts of [
      { method: 'POST', url: url(m), payload: { name: 'X', body: 'x' } },
      { method: 'PATCH', url: url(m, `/${some.id}`), payload: { name: 'X' } },
      { method: 'POST', url: url(m, `/${some.id}/duplicate`) },
      { method: 'DELETE', url: url(m, `/${some.id}`) },
    ] as InjectOptions[]) {
      expect((await as(m, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(403);
    }
    expect((await as(owner, { method: 'GET', url: url(owner, `/${some.id}`) })).json()).toEqual(some);
  });

  it("tenant floor: org B gets 404 on every route of org A and sees none of A's templates; no session gets 401", async () => {
    const b = await signUp(t.app);
    const tpl = await create(owner, { name: 'Private', body: 'Secret {first_name}', category: 'Hidden' });
    const routes: InjectOptions[] = [
      { method: 'GET', url: url(owner) },
      { method: 'GET', url: url(owner, '/categories') },
      { method: 'GET', url: url(owner, '/variables') },
      { method: 'POST', url: url(owner, '/enhance'), payload: { body: 'Hi {first_name}' } },
      { method: 'POST', url: url(owner), payload: { name: 'Y', body: 'y' } },
      { method: 'GET', url: url(owner, `/${tpl.id}`) },
      { method: 'PATCH', url: url(owner, `/${tpl.id}`), payload: { name: 'Stolen' } },
      { method: 'POST', url: url(owner, `/${tpl.id}/duplicate`) },
      { method: 'DELETE', url: url(owner, `/${tpl.id}`) },
    ];
    for (const opts of routes) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
      expect((await t.app.inject(opts)).statusCode, `anonymous ${opts.method} ${opts.url}`).toBe(401);
    }
    // B's own org with A's template id reaches nothing either.
    for (const opts of [
      { method: 'GET', url: url(b, `/${tpl.id}`) },
      { method: 'PATCH', url: url(b, `/${tpl.id}`), payload: { name: 'Stolen' } },
      { method: 'POST', url: url(b, `/${tpl.id}/duplicate`) },
      { method: 'DELETE', url: url(b, `/${tpl.id}`) },
    ] as InjectOptions[]) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
    }
    expect(await list(b)).toEqual([]);
    expect((await as(b, { method: 'GET', url: url(b, '/categories') })).json()).toEqual({
      categories: [],
      uncategorized: 0,
    });
    expect((await as(owner, { method: 'GET', url: url(owner, `/${tpl.id}`) })).json()).toEqual(tpl);
  });
});

describe('AI enhance prompt and checks', () => {
  const done = (text: string) =>
    ({ text, stopReason: 'end', usage: { inputTokens: 1, outputTokens: 1 } }) as const;

  it('tells the model to keep each variable, the language, and one segment when the original fits', () => {
    const short = enhancePrompt({
      body: 'Hi {first_name}, see you at {business}',
      tone: 'friendly',
      locale: 'fr',
    });
    expect(short).toContain('{first_name}, {business}');
    expect(short).toMatch(/same language as the original/);
    expect(short).toMatch(/write in French/);
    expect(short).toMatch(/one SMS segment: at most 160 characters/);
    expect(short).toMatch(/friendly and warm tone/);
    expect(enhancePrompt({ body: 'שלום {name}' })).toMatch(/one SMS segment: at most 70 characters/);
    const long = enhancePrompt({ body: 'word '.repeat(60) });
    expect(long).not.toMatch(/one SMS segment/);
    expect(long).toMatch(/Do not add placeholders/);
  });

  it('unwraps quotes, counts segments, and rejects lost variables, cut or empty answers', () => {
    expect(checkSuggestion('Hi {name}', done('“Hello {name}!”'))).toEqual({
      suggestion: 'Hello {name}!',
      segments: 1,
      encoding: 'GSM-7',
      originalSegments: 1,
    });
    expect(checkSuggestion('Hi {name}', done('Hello {NAME} 😊')).encoding).toBe('UCS-2');
    expect(() => checkSuggestion('Hi {name} {time}', done('Hello {name}'))).toThrow(/dropped \{time\}/);
    expect(() => checkSuggestion('Hi', done('   '))).toThrow(/no suggestion/);
    expect(() =>
      checkSuggestion('Hi', {
        text: 'Hello',
        stopReason: 'maxTokens',
        usage: { inputTokens: 1, outputTokens: 1 },
      }),
    ).toThrow(/longer than 1600/);
  });
});
