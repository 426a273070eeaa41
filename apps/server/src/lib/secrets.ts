import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.ts';

/**
 * AES-256-GCM envelope: "v1.<keyId>.<iv>.<ciphertext>.<tag>" (base64url parts). The key id lets a
 * deployment add a new key and keep decrypting values sealed under the old one while it re-encrypts.
 */
export type Keyring = { current: { id: string; key: Buffer }; all: Map<string, Buffer> };

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

function parseKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** ENCRYPTION_KEY may list several keys separated by commas; the first one encrypts. */
export function keyringFromString(raw: string): Keyring {
  const keys = raw.split(',').filter(Boolean).map(parseKey);
  const first = keys[0];
  if (!first) throw new Error('ENCRYPTION_KEY is empty');
  return { current: { id: keyIdOf(first), key: first }, all: new Map(keys.map((k) => [keyIdOf(k), k])) };
}

/** Uses ENCRYPTION_KEY, or a key generated once into DATA_DIR (mode 0600) for the embedded default. */
export function loadKeyring(envKey: string | undefined, dataDir: string, log: Logger): Keyring {
  if (envKey) return keyringFromString(envKey);
  const file = join(dataDir, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
    log.warn(
      { file },
      'ENCRYPTION_KEY is not set: generated a key in the data folder. Back it up, or set ENCRYPTION_KEY.',
    );
  }
  return keyringFromString(readFileSync(file, 'utf8'));
}

export function encrypt(ring: Keyring, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    ring.current.id,
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

export function decrypt(ring: Keyring, envelope: string): string {
  const [version, keyId, iv, body, tag] = envelope.split('.');
  if (version !== 'v1' || !keyId || !iv || body === undefined || !tag)
    throw new Error('not an encrypted value');
  const key = ring.all.get(keyId);
  if (!key)
    throw new Error(`no key with id ${keyId}: was ENCRYPTION_KEY rotated without keeping the old key?`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Shows only the last four characters, for API responses. */
export const mask = (secret: string) => `••••${secret.slice(-4)}`;
