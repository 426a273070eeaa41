// Starts the Vapi emulator on an ephemeral loopback port under a prefix, like the sandbox server does.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { VapiClient } from '@vapi-ai/server-sdk';
import { vapiEmulator } from '../src/vapi/index.ts';
import type { VapiEmulatorOptions } from '../src/vapi/index.ts';
import { VapiEmulatorState } from '../src/vapi/index.ts';

export const PREFIX = '/sandbox/vapi';

export interface Harness {
  app: FastifyInstance;
  state: VapiEmulatorState;
  baseUrl: string;
  newAccount(
    body?: Record<string, unknown>,
  ): Promise<{ orgId: string; privateKey: string; publicKey: string }>;
  client(token: string): VapiClient;
  sandbox<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startVapi(options: VapiEmulatorOptions = {}): Promise<Harness> {
  const app = Fastify();
  const state = options.state ?? new VapiEmulatorState();
  await app.register(vapiEmulator, { ...options, state, prefix: PREFIX } as VapiEmulatorOptions);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}${PREFIX}`;
  const sandbox = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    app,
    state,
    baseUrl,
    sandbox,
    newAccount: async (body = {}) => {
      const created = await sandbox<{ orgId: string; privateKey: string; publicKey: string }>(
        'POST',
        '/sandbox/accounts',
        body,
      );
      if (created.status !== 201) throw new Error(`account creation failed: ${created.status}`);
      return created.body;
    },
    client: (token) => new VapiClient({ token, baseUrl, maxRetries: 0, timeoutInSeconds: 10 }),
    close: () => app.close(),
  };
}

/** Body of a VapiError without depending on the SDK's error class layout. */
export async function vapiFailure(
  promise: Promise<unknown>,
): Promise<{ statusCode: number | undefined; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { statusCode?: number; body?: unknown };
    return { statusCode: e.statusCode, body: e.body };
  }
  throw new Error('expected the SDK call to fail');
}
