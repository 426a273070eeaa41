import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { createTestApp, signUp } from './helpers.ts';

describe('embedded default across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ava-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the account, its sandbox Twilio credentials and the emulator state', async () => {
    const open = async () => {
      const database = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
      await database.migrate();
      return database;
    };
    let database = await open();
    let t = await createTestApp({ DATA_DIR: dataDir }, { database });
    const user = await signUp(t.app, {
      password: 'restart password',
      passwordConfirmation: 'restart password',
    });
    const connect = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${user.orgId}/credentials/twilio/sandbox`,
      headers: { cookie: user.cookie },
    });
    expect(connect.json().verification.ok).toBe(true);
    await t.close();
    await database.close();
    expect(statSync(join(dataDir, 'sandbox-state.json')).mode & 0o777).toBe(0o600);

    database = await open();
    t = await createTestApp({ DATA_DIR: dataDir }, { database });
    try {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { identifier: user.email, password: 'restart password' },
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const verify = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${user.orgId}/credentials/twilio/verify`,
        headers: { cookie },
      });
      expect(verify.json()).toMatchObject({ ok: true });
    } finally {
      await t.close();
      await database.close();
    }
  });
});
