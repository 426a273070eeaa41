import { parseArgs } from 'node:util';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));
const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optional.pipe(z.url().optional()),
  PUBLIC_URL: optional.pipe(z.url().optional()),
  ENCRYPTION_KEY: optional,
  SMTP_URL: optional.pipe(z.url().optional()),
  MAIL_FROM: z.string().default('AVA <no-reply@ava.local>'),
  BETTER_AUTH_SECRET: optional.pipe(z.string().min(32).optional()),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_TENANT_ID: z.string().default('common'),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: optional,
  SANDBOX: z.enum(['on', 'off']).default('on'),
  TWILIO_ACCOUNT_SID: optional.pipe(
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/)
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_SMS_FROM: optional,
  LLM_PROVIDER: z.enum(['anthropic', 'openai-compatible']).default('anthropic'),
  LLM_API_KEY: optional,
  LLM_BASE_URL: optional.pipe(z.url().optional()),
  LLM_MODEL: optional,
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  METRICS_TOKEN: optional.pipe(z.string().min(16).optional()),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  SANDBOX_URL: optional.pipe(z.url().optional()),
  SMS_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
});

/** What one process of a fleet does (ADR 19): everything, HTTP only, or jobs and background loops only. */
export type Role = 'all' | 'web' | 'worker';

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  encryptionKey: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  authSecret: string | undefined;
  oauth: {
    google?: { clientId: string; clientSecret: string };
    microsoft?: { clientId: string; clientSecret: string; tenantId: string };
  };
  authRateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: string;
  webDist: string | undefined;
  /** offline provider emulators and the sandbox mailbox; SANDBOX=off removes every sandbox route */
  sandbox: boolean;
  /**
   * Where the sandbox emulators are reached (`<internalUrl>/sandbox/{twilio,vapi,llm}`): this process,
   * where they are mounted, or a sandbox shared by a fleet (SANDBOX_URL, with SANDBOX=off; ADR 19).
   */
  internalUrl: string;
  /** the operator's Twilio account for system SMS (sign-in codes); unset: sandbox or outbox */
  systemTwilio: { accountSid: string; authToken: string; from: string } | undefined;
  llm: {
    provider: 'anthropic' | 'openai-compatible';
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string | undefined;
  };
  bodyLimit: number;
  /** when set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open (scrape on a private network) */
  metricsToken: string | undefined;
  /**
   * all: HTTP and jobs (one process); web: HTTP, enqueues jobs but runs none; worker: job handlers and
   * background loops, with only /healthz, /readyz and /metrics on its port.
   */
  role: Role;
  /** a text that failed retryably waits 1 s, 2 s, 4 s … up to this before its next try (15 tries in all) */
  smsRetryMaxDelayMs: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Command-line flags that override their variable (`--role worker` is `ROLE=worker`). */
function flagsOf(argv: readonly string[]): { env: Record<string, string>; problems: string[] } {
  try {
    const { values } = parseArgs({ args: [...argv], options: { role: { type: 'string' } }, strict: true });
    return { env: values.role === undefined ? {} : { ROLE: values.role }, problems: [] };
  } catch (err) {
    return { env: {}, problems: [`command line: ${(err as Error).message}`] };
  }
}

/**
 * A process of a fleet shares everything through PostgreSQL; these would silently split it instead.
 * (ADR 19: an embedded database and in-process emulators belong to one process; every instance must
 * decrypt the same secrets, verify the same session signatures and sign webhooks for the same URL.)
 */
function fleetProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (e.SANDBOX_URL && e.SANDBOX === 'on')
    problems.push('SANDBOX_URL: points at a shared sandbox; set SANDBOX=off (SANDBOX=on mounts its own)');
  if (e.ROLE === 'all') return problems;
  const why = `ROLE=${e.ROLE} runs one process of a fleet`;
  if (!e.DATABASE_URL)
    problems.push(
      `DATABASE_URL: ${why}; the instances share a PostgreSQL database (PGlite is one process's)`,
    );
  if (!e.ENCRYPTION_KEY) problems.push(`ENCRYPTION_KEY: ${why}; every instance needs the same key`);
  if (!e.PUBLIC_URL)
    problems.push(`PUBLIC_URL: ${why}; set it to the reverse proxy's URL (webhooks are signed for it)`);
  if (e.SANDBOX === 'on')
    problems.push(
      `SANDBOX: ${why}; set SANDBOX=off (the emulators live in one process's memory; SANDBOX_URL shares one)`,
    );
  return problems;
}

/**
 * The only reader of process.env: parsed once at boot; bad keys are listed together. `argv` holds the
 * command-line flags (`--role`), which win over their variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = [],
): Config {
  const flags = flagsOf(argv);
  const parsed = envSchema.safeParse({ ...env, ...flags.env });
  if (!parsed.success || flags.problems.length) {
    throw new ConfigError([
      ...flags.problems,
      ...(parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`),
    ]);
  }
  const e = parsed.data;
  const problems = fleetProblems(e);
  if (problems.length) throw new ConfigError(problems);
  const pair = (id?: string, secret?: string) =>
    id && secret ? { clientId: id, clientSecret: secret } : undefined;
  const google = pair(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET);
  const ms = pair(e.MICROSOFT_CLIENT_ID, e.MICROSOFT_CLIENT_SECRET);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    encryptionKey: e.ENCRYPTION_KEY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    authSecret: e.BETTER_AUTH_SECRET,
    oauth: {
      ...(google ? { google } : {}),
      ...(ms ? { microsoft: { ...ms, tenantId: e.MICROSOFT_TENANT_ID } } : {}),
    },
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
    sandbox: e.SANDBOX === 'on',
    internalUrl: (
      e.SANDBOX_URL ??
      `http://${['0.0.0.0', '::', ''].includes(e.HOST) ? '127.0.0.1' : e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`
    ).replace(/\/$/, ''),
    systemTwilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_SMS_FROM
        ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_SMS_FROM }
        : undefined,
    llm: { provider: e.LLM_PROVIDER, apiKey: e.LLM_API_KEY, baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL },
    bodyLimit: e.BODY_LIMIT_BYTES,
    metricsToken: e.METRICS_TOKEN,
    role: e.ROLE,
    smsRetryMaxDelayMs: e.SMS_RETRY_MAX_DELAY_MS,
  };
}
