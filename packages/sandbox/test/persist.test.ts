import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VapiClient } from '@vapi-ai/server-sdk';
import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mountSandbox, type Sandbox, type SandboxOptions, type SandboxSnapshot } from '../src/index.ts';
import { LocalRequestClient, startReceiver, T0, type Receiver } from './twilio-helpers.ts';

interface Running {
  app: FastifyInstance;
  sandbox: Sandbox;
  base: string;
  twilioClient(sid: string, token: string): ReturnType<typeof twilio>;
  vapiClient(key: string): VapiClient;
  post<T>(path: string, body: unknown): Promise<{ status: number; json: T }>;
}

const running: FastifyInstance[] = [];

async function start(file: string, options: Partial<SandboxOptions> = {}): Promise<Running> {
  const app = Fastify();
  running.push(app);
  const sandbox = await mountSandbox(app, '/sandbox', {
    publicBaseUrl: 'http://127.0.0.1:9',
    clock: 'manual',
    seed: 7,
    persistFile: file,
    persistDebounceMs: 10,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox`;
  return {
    app,
    sandbox,
    base,
    twilioClient: (sid, token) =>
      twilio(sid, token, { httpClient: new LocalRequestClient(`${base}/twilio`) }),
    vapiClient: (key) =>
      new VapiClient({ token: key, baseUrl: `${base}/vapi`, maxRetries: 0, timeoutInSeconds: 10 }),
    async post<T>(path: string, body: unknown) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as T };
    },
  };
}

async function twilioError(promise: Promise<unknown>): Promise<{ status: number; code: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number };
  }
  throw new Error('expected the call to fail');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const readSnapshot = async (file: string): Promise<SandboxSnapshot> =>
  JSON.parse(await readFile(file, 'utf8')) as SandboxSnapshot;

let dir: string;
let receiver: Receiver;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ava-sandbox-persist-'));
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

describe('sandbox persistence across a restart', () => {
  it('keeps Twilio accounts, numbers, messages and opt-outs, and Vapi assistants and numbers', async () => {
    const file = join(dir, 'nested', 'sandbox.json');
    const smsUrl = `${receiver.url}/hooks/sms`;
    const handset = '+14155550188';

    // ---- first run
    const first = await start(file, { freeNumberCap: 1 });
    const account = await first.post<{ accountSid: string; authToken: string }>('/twilio/sandbox/accounts', {
      friendlyName: 'Clinique Dupont',
      smsGeoPermissions: ['US', 'FR'],
    });
    expect(account.status).toBe(201);
    const { accountSid, authToken } = account.json;
    const client = first.twilioClient(accountSid, authToken);
    const [candidate] = await client
      .availablePhoneNumbers('US')
      .local.list({ areaCode: 415, smsEnabled: true, limit: 1 });
    const bought = await client.incomingPhoneNumbers.create({
      phoneNumber: candidate!.phoneNumber,
      smsUrl,
      friendlyName: 'Front desk',
    });
    const sent = await client.messages.create({ from: bought.phoneNumber, to: '+14155550123', body: 'Hi' });
    const failing = await client.messages.create({
      from: bought.phoneNumber,
      to: '+14155559903',
      body: 'Unreachable',
    });
    expect(sent.status).toBe('queued');
    const stop = await first.post<{ message: { sid: string } }>(
      `/twilio/sandbox/handsets/${handset}/messages`,
      {
        to: bought.phoneNumber,
        body: 'STOP',
      },
    );
    expect(stop.status).toBe(201);
    expect(
      (await twilioError(client.messages.create({ from: bought.phoneNumber, to: handset, body: 'x' }))).code,
    ).toBe(21610);

    const vapiAccount = await first.post<{ orgId: string; privateKey: string }>('/vapi/sandbox/accounts', {
      name: 'Clinique Dupont',
    });
    const vapi = first.vapiClient(vapiAccount.json.privateKey);
    const assistant = await vapi.assistants.create({ name: 'Reception' });
    const freeNumber = await vapi.phoneNumbers.create({
      provider: 'vapi',
      numberDesiredAreaCode: '415',
      assistantId: assistant.id,
    });
    // Importing the Twilio number re-points its voice URL (smsEnabled:false leaves sms_url alone).
    const imported = await vapi.phoneNumbers.create({
      provider: 'twilio',
      number: bought.phoneNumber,
      twilioAccountSid: accountSid,
      twilioAuthToken: authToken,
      smsEnabled: false,
      assistantId: assistant.id,
    });

    // Debounced save after the changes, then the final write on close.
    const autosaved = await waitFor(async () => {
      const snap = await readSnapshot(file);
      return snap.vapi.phoneNumbers.length === 2 ? snap : undefined;
    }, 'the debounced save');
    expect(autosaved.version).toBe(1);
    await first.sandbox.save();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await first.app.close();
    const snap = await readSnapshot(file);
    expect(snap.twilio).toMatchObject({ version: 1, seed: 7 });
    expect(snap.twilio.optOuts).toEqual([{ sender: bought.phoneNumber, handset }]);
    expect(snap.twilio.inventoryTaken).toEqual([{ phoneNumber: bought.phoneNumber, ownerSid: accountSid }]);
    expect(snap.vapi.version).toBe(1);

    // ---- second run, from the file
    const second = await start(file, { freeNumberCap: 1 });
    const again = second.twilioClient(accountSid, authToken);
    const fetched = await again.api.v2010.accounts(accountSid).fetch();
    expect(fetched.friendlyName).toBe('Clinique Dupont');
    expect(second.sandbox.twilio.getAccount(accountSid)?.smsGeoPermissions).toEqual(new Set(['US', 'FR']));

    const numbers = await again.incomingPhoneNumbers.list();
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatchObject({
      sid: bought.sid,
      phoneNumber: bought.phoneNumber,
      smsUrl,
      friendlyName: 'Front desk',
      voiceUrl: 'http://127.0.0.1:9/sandbox/vapi/twilio/inbound_call',
    });
    const available = await again.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 50 });
    expect(available.length).toBeGreaterThan(0);
    expect(available.map((n) => n.phoneNumber)).not.toContain(bought.phoneNumber);
    expect(
      (await twilioError(again.incomingPhoneNumbers.create({ phoneNumber: bought.phoneNumber }))).code,
    ).toBe(21422);

    // Messages kept; the lifecycle that was pending at the snapshot is settled to its final status.
    expect((await again.messages(sent.sid).fetch()).status).toBe('delivered');
    expect(await again.messages(failing.sid).fetch()).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
    });
    expect((await again.messages(stop.json.message.sid).fetch()).body).toBe('STOP');
    expect(
      (await twilioError(again.messages.create({ from: bought.phoneNumber, to: handset, body: 'x' }))).code,
    ).toBe(21610);

    // New resources get fresh SIDs.
    const second415 = await again.incomingPhoneNumbers.create({ areaCode: '415' });
    expect(second415.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(second415.sid).not.toBe(bought.sid);
    expect(second415.phoneNumber).not.toBe(bought.phoneNumber);
    const fresh = await again.messages.create({ from: bought.phoneNumber, to: '+14155550124', body: 'Yo' });
    expect([sent.sid, failing.sid, stop.json.message.sid]).not.toContain(fresh.sid);
    const otherAccount = await second.post<{ accountSid: string }>('/twilio/sandbox/accounts', {});
    expect(otherAccount.json.accountSid).not.toBe(accountSid);

    // Vapi: same key, same assistant and numbers; the free-number count survives too.
    const vapiAgain = second.vapiClient(vapiAccount.json.privateKey);
    expect((await vapiAgain.assistants.list()).map((a) => a.id)).toEqual([assistant.id]);
    const listed = await vapiAgain.phoneNumbers.list();
    expect(listed.map((n) => n.id).sort()).toEqual([freeNumber.id, imported.id].sort());
    expect(await vapiAgain.phoneNumbers.get({ id: freeNumber.id })).toMatchObject({
      number: (freeNumber as { number: string }).number,
      assistantId: assistant.id,
      status: 'active',
    });
    await expect(
      vapiAgain.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '212' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('saves changes made in-process by the host app (debounced)', async () => {
    const file = join(dir, 'in-process.json');
    const run = await start(file);
    const account = run.sandbox.twilio.createAccount({ friendlyName: 'AVA system' });
    const snap = await waitFor(async () => {
      const s = await readSnapshot(file);
      return s.twilio.accounts.length === 1 ? s : undefined;
    }, 'the in-process change to be saved');
    expect(snap.twilio.accounts[0]).toMatchObject({ sid: account.sid, authToken: account.authToken });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // An API write that records nothing in a ledger (Vapi assistant) is saved too.
    const key = run.sandbox.vapi.createAccount({ name: 'B' }).privateKey;
    await sleep(50); // let the save triggered by the account go first
    await run.vapiClient(key).assistants.create({ name: 'Only HTTP' });
    await waitFor(async () => {
      const s = await readSnapshot(file);
      return s.vapi.assistants.length === 1 ? s : undefined;
    }, 'the HTTP change to be saved');
  });

  it('starts empty without a file and resumes a manual clock where the snapshot left it', async () => {
    const file = join(dir, 'clock.json');
    const run = await start(file);
    expect(run.sandbox.twilio.listAccounts()).toEqual([]);
    const t0 = run.sandbox.twilio.now().getTime();
    await run.sandbox.twilio.advance(3_600_000);
    await run.app.close();
    const next = await start(file);
    expect(next.sandbox.twilio.now().getTime()).toBeGreaterThanOrEqual(t0 + 3_600_000);
  });

  it('refuses a corrupt file, naming it', async () => {
    const file = join(dir, 'corrupt.json');
    await writeFile(file, '{"version": 1, "twilio": ');
    await expect(start(file)).rejects.toThrow(`Sandbox state file ${file} is corrupt`);
    const content = await readFile(file, 'utf8');
    expect(content).toBe('{"version": 1, "twilio": '); // left untouched
  });

  it('refuses unknown snapshot versions and malformed parts', async () => {
    const file = join(dir, 'future.json');
    await writeFile(file, JSON.stringify({ version: 2, twilio: {}, vapi: {} }));
    await expect(start(file)).rejects.toThrow(
      /future\.json cannot be restored: unsupported sandbox snapshot version 2/,
    );

    const first = await start(join(dir, 'parts.json'));
    const good = (await import('../src/index.ts')).snapshotSandbox(first.sandbox);
    await writeFile(file, JSON.stringify({ ...good, twilio: { ...good.twilio, version: 9 } }));
    await expect(start(file)).rejects.toThrow(/Twilio snapshot: unsupported version 9/);
    await writeFile(file, JSON.stringify({ ...good, vapi: { ...good.vapi, calls: 'nope' } }));
    await expect(start(file)).rejects.toThrow(/Vapi snapshot: calls must be an array/);
  });
});

describe('state snapshot / restore', () => {
  it('round-trips a Twilio state through JSON and settles unfinished calls', async () => {
    const { TwilioEmulatorState } = await import('../src/twilio/index.ts');
    const state = new TwilioEmulatorState({ clock: 'manual', now: () => T0, seed: 3 });
    const account = state.createAccount({ friendlyName: 'A' });
    const number = state.buyNumber(account, { areaCode: '212', voiceUrl: 'https://ava.example/voice' });
    state.createCall(account, { from: number.phoneNumber, to: '+12125550123', url: 'https://ava.example/x' });
    state.createCall(account, { from: number.phoneNumber, to: '+12125559917', url: 'https://ava.example/x' });
    const snapshot = state.snapshot();
    state.dispose();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);

    const restored = TwilioEmulatorState.restore(JSON.parse(JSON.stringify(snapshot)), {
      clock: 'manual',
      now: () => T0,
      seed: 999, // ignored: the snapshot's seed wins
    });
    expect(restored.seed).toBe(3);
    expect(restored.authenticate(account.sid, account.authToken)?.friendlyName).toBe('A');
    expect(restored.isAvailable(number.phoneNumber)).toBe(false);
    const calls = restored.listCalls(account.sid);
    expect(calls.map((c) => c.status).sort()).toEqual(['busy', 'completed']);
    expect(calls.find((c) => c.status === 'completed')).toMatchObject({ duration: 30, price: '-0.01400' });
    expect(restored.scheduler.pending()).toBe(0);
    // Same content once settled, except the settled calls.
    const again = restored.snapshot();
    expect({ ...again, calls: [] }).toEqual({ ...snapshot, calls: [] });
    restored.dispose();
  });

  it('ends Vapi calls that were still running and keeps the ledger sequence', async () => {
    const { VapiEmulatorState } = await import('../src/vapi/index.ts');
    const state = new VapiEmulatorState();
    const account = state.createAccount({ name: 'A' });
    state.calls.set('c1', {
      id: 'c1',
      orgId: account.orgId,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      status: 'in-progress',
    });
    state.nextSeq();
    const restored = VapiEmulatorState.restore(JSON.parse(JSON.stringify(state.snapshot())), {
      now: () => new Date('2026-01-02T00:00:00.000Z'),
    });
    expect(restored.findAccountByPrivateKey(account.privateKey)?.orgId).toBe(account.orgId);
    expect(restored.calls.get('c1')).toMatchObject({
      status: 'ended',
      endedReason: 'worker-shutdown',
      endedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(state.calls.get('c1')?.status).toBe('in-progress'); // the snapshot was a copy
    expect(restored.nextSeq()).toBe(2);
    expect(() => VapiEmulatorState.restore({ version: 0 })).toThrow(/unsupported version 0/);
  });
});
