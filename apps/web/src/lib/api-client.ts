import { errorBodySchema, errorCodes, type ErrorCode, type ErrorIssue } from '@ava/contracts';
import type { z } from 'zod';

/** What the server adds to PROVIDER_ERROR / PROVIDER_UNAVAILABLE: `reason` is an i18n key (`provider.*`). */
export type ProviderErrorDetails = {
  provider: string;
  reason: string;
  retryable: boolean;
  providerCode?: string | number;
  messages?: string[];
};

/** Every failed request becomes one of these, whatever the endpoint. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorIssue[];
  /** set for provider errors: which provider refused, and why (a stable key) */
  readonly provider: ProviderErrorDetails | undefined;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    details: ErrorIssue[] = [],
    provider?: ProviderErrorDetails,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.provider = provider;
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

function codeFromStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 422) return 'UNPROCESSABLE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

function toProvider(details: unknown): ProviderErrorDetails | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  const d = details as Partial<ProviderErrorDetails>;
  if (typeof d.reason !== 'string') return undefined;
  return {
    provider: typeof d.provider === 'string' ? d.provider : 'unknown',
    reason: d.reason,
    retryable: d.retryable === true,
    ...(d.providerCode === undefined ? {} : { providerCode: d.providerCode }),
    ...(Array.isArray(d.messages) ? { messages: d.messages.filter((m) => typeof m === 'string') } : {}),
  };
}

function toIssues(details: unknown): ErrorIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is ErrorIssue =>
      typeof d === 'object' && d !== null && typeof (d as ErrorIssue).path === 'string' && 'message' in d,
  );
}

type RequestOptions<T> = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
};

/** The only way the SPA talks to the server: same origin, session cookie, JSON in and out. */
export async function apiFetch<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', body, schema, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'include',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'INTERNAL', 'Network error');
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, toIssues(details), toProvider(details));
    }
    const raw = (json as { error?: { code?: string } } | undefined)?.error?.code;
    const code = errorCodes.includes(raw as ErrorCode) ? (raw as ErrorCode) : codeFromStatus(response.status);
    throw new ApiError(response.status, code, `HTTP ${response.status}`);
  }
  return schema ? schema.parse(json) : (json as T);
}
