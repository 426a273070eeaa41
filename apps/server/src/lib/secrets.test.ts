import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { decrypt, encrypt, keyringFromString, loadKeyring, mask } from './secrets.ts';

const K1 = '11'.repeat(32);
const K2 = Buffer.alloc(32, 2).toString('base64');

describe('secrets envelope (AES-256-GCM)', () => {
  it('round-trips and never stores the plaintext', () => {
    const ring = keyringFromString(K1);
    const sealed = encrypt(ring, 'twilio-auth-token-123');
    expect(sealed).not.toContain('twilio-auth-token-123');
    expect(sealed.split('.')[0]).toBe('v1');
    expect(decrypt(ring, sealed)).toBe('twilio-auth-token-123');
    expect(encrypt(ring, 'x')).not.toBe(encrypt(ring, 'x'));
  });

  it('detects tampering', () => {
    const ring = keyringFromString(K1);
    const parts = encrypt(ring, 'secret').split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decrypt(ring, parts.join('.'))).toThrow();
  });

  it('rotates: a new first key encrypts, the old key still decrypts', () => {
    const old = keyringFromString(K1);
    const sealedOld = encrypt(old, 'before rotation');
    const rotated = keyringFromString(`${K2},${K1}`);
    expect(decrypt(rotated, sealedOld)).toBe('before rotation');
    const sealedNew = encrypt(rotated, 'after');
    expect(sealedNew.split('.')[1]).not.toBe(sealedOld.split('.')[1]);
    expect(() => decrypt(old, sealedNew)).toThrow(/no key with id/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => keyringFromString('abcd')).toThrow(/32 bytes/);
  });

  it('generates a key into the data folder with mode 0600, warns once, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ava-key-'));
    const lines: string[] = [];
    const log = createLogger('warn');
    const warn = log.warn.bind(log);
    log.warn = ((...args: unknown[]) => {
      lines.push(JSON.stringify(args));
      return warn(...(args as [string]));
    }) as typeof log.warn;
    const first = loadKeyring(undefined, dir, log);
    const second = loadKeyring(undefined, dir, log);
    expect(first.current.id).toBe(second.current.id);
    expect(statSync(join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'encryption.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ENCRYPTION_KEY is not set');
  });

  it('masks to the last four characters', () => {
    expect(mask('abcdef123456')).toBe('••••3456');
  });
});
