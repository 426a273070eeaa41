import type { z } from 'zod';

/**
 * An error answered by one of the offline emulators (Twilio's `{code, message, status}` or Vapi's NestJS
 * `{message, error, statusCode}`), or a network failure (status 0).
 */
export class SandboxError extends Error {
  readonly status: number;
  /** Twilio's numeric error code (20404, 21606…), when the Twilio emulator answered. */
  readonly code: number | undefined;

  constructor(status: number, message: string, code?: number) {
    super(message);
    this.name = 'SandboxError';
    this.status = status;
    this.code = code;
  }
}

export const isSandboxError = (error: unknown): error is SandboxError => error instanceof SandboxError;

function readError(status: number, json: unknown): SandboxError {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const raw = body.message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : `HTTP ${status}`;
  return new SandboxError(status, message, typeof body.code === 'number' ? body.code : undefined);
}

/** The emulators' control routes: same origin, no auth, JSON in and out. */
export async function sandboxFetch<T>(
  path: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; schema: z.ZodType<T>; signal?: AbortSignal },
): Promise<T> {
  const { method = 'GET', body, schema, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new SandboxError(0, 'Network error');
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) throw readError(response.status, json);
  return schema.parse(json);
}
