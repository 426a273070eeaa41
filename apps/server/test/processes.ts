import type { Sandbox } from '@ava/sandbox';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Role } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import { encrypt, keyringFromString } from '../src/lib/secrets.ts';
import { credentialsRepository } from '../src/modules/credentials/credentials.repository.ts';

/*
 * For tests that run the real server as child processes and kill them: fleet mode and fault injection.
 * They run what `npm start` and `npm run worker` run — start.mjs, the bundled server — so what ships is
 * what survives kill -9 here.
 */
export const startEntry = fileURLToPath(new URL('../start.mjs', import.meta.url));
const bundleScript = fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every `intervalMs` until it returns something truthy; throws naming `what` after the timeout. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** The connection was refused: nothing listens there (the process is dead), so nothing was received. */
export const refused = (err: unknown) =>
  (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ||
  (err as { code?: string }).code === 'ECONNREFUSED';

export type AvaProcess = {
  name: string;
  role: Role;
  url: string;
  child: ChildProcess;
  /** stdout and stderr, in order */
  output: string[];
  /** the exit code (null when a signal ended it) */
  exited: Promise<number | null>;
  /** false once a caller saw it refuse a connection */
  up: boolean;
};

let bundled = false;
/**
 * The bundle, built once here when the sources changed since it was: five processes started at once
 * would otherwise each build it (start.mjs builds a stale bundle before it runs).
 */
function ensureBundle() {
  if (bundled) return;
  execFileSync(process.execPath, [bundleScript, '--if-needed'], { stdio: 'ignore' });
  bundled = true;
}

/**
 * Starts `node start.mjs --role <role>` with `env` on top of this process's environment, listening on
 * loopback `port` with its PGlite data (or keyring) in `dataDir`. Logs at warn unless `env` says otherwise.
 */
export function spawnAva(
  name: string,
  env: Record<string, string>,
  opts: { port: number; dataDir: string; role?: Role },
): AvaProcess {
  const role = opts.role ?? 'all';
  ensureBundle();
  const child = spawn(process.execPath, [startEntry, '--role', role], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      DATA_DIR: opts.dataDir,
      WEB_DIST: '/nonexistent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, role, url: `http://127.0.0.1:${opts.port}`, child, output, exited, up: true };
}

/** Waits for /readyz to answer 200; fails at once, with the process's output, if it exits first. */
export async function waitReady(instance: AvaProcess, timeoutMs = 90_000) {
  await until(
    `${instance.name} ready`,
    async () => {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null)
        throw new Error(`${instance.name} exited: ${instance.output.join('')}`);
      return fetch(`${instance.url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${instance.output.join('').slice(-3000)}`);
  });
}

/** Signs up a new owner over HTTP: the session cookie and the organisation created with the account. */
export async function signUpOverHttp(baseUrl: string): Promise<{ cookie: string; orgId: string }> {
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Process Owner',
      email: `owner.${randomBytes(3).toString('hex')}@example.test`,
      password: 'correct horse battery',
      passwordConfirmation: 'correct horse battery',
      acceptTerms: true,
    }),
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } });
  return { cookie, orgId: ((await me.json()) as { activeOrgId: string }).activeOrgId };
}

/**
 * Gives the organisation sandbox-labelled Twilio credentials of a new account in a sandbox that runs
 * outside the AVA process (SANDBOX_URL routes them there). AVA's API only labels credentials "sandbox"
 * when the emulator is mounted in the process that saves them, so they are stored directly, sealed with
 * the processes' ENCRYPTION_KEY. Returns the account SID.
 */
export async function storeSandboxTwilioCredentials(
  db: Db,
  orgId: string,
  sandbox: Pick<Sandbox, 'twilio'>,
  encryptionKey: string,
  friendlyName = 'Shared sandbox',
) {
  const account = sandbox.twilio.createAccount({ friendlyName });
  await credentialsRepository(db).upsert(orgId, {
    provider: 'twilio',
    accountId: account.sid,
    secretEncrypted: encrypt(keyringFromString(encryptionKey), account.authToken),
    secretLast4: account.authToken.slice(-4),
    publicKey: null,
    sandbox: true,
    accountName: null,
    verifiedAt: null,
  });
  return account.sid;
}
