import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../../test/helpers.ts';

describe('email over SMTP', () => {
  const received: { to: string; raw: string }[] = [];
  let smtp: SMTPServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'AVA <hello@ava.test>' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  it('delivers the verification mail through a real SMTP server, and nothing goes to the outbox', async () => {
    const user = await signUp(t.app, { locale: 'he' });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toBe(user.email);
    expect(received[0]!.raw).toContain('From: AVA <hello@ava.test>');
    expect(received[0]!.raw).toContain('/api/auth/verify-email?token=');
    const config = (await t.app.inject('/api/v1/auth/config')).json();
    expect(config.outbox).toBe(false);
    expect((await t.app.inject(`/api/v1/sandbox/outbox?to=${user.email}`)).json()).toEqual([]);
  });
});
