import type { ErrorCode, ErrorIssue } from '@ava/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { ProviderError } from '../providers/provider-error.ts';

/** The one error type services throw. The table below decides the HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? defaultMessages[code]);
  }
}

export const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  PHONE_TAKEN: 409,
  LAST_OWNER: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  OPTED_OUT: 422,
  NO_SENDER: 422,
  INVITATION_INVALID: 422,
  RATE_LIMITED: 429,
  PROVIDER_ERROR: 422,
  PROVIDER_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const defaultMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields are invalid.',
  UNAUTHENTICATED: 'You need to log in.',
  INVALID_CREDENTIALS: 'Wrong identifier or password.',
  INVALID_CODE: 'This code is wrong or has expired.',
  FORBIDDEN: 'You are not allowed to do this.',
  EMAIL_NOT_VERIFIED: 'Verify your email address first.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'This conflicts with existing data.',
  EMAIL_TAKEN: 'An account already uses this email address.',
  PHONE_TAKEN: 'An account already uses this phone number.',
  LAST_OWNER: 'An organisation needs at least one owner.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  UNPROCESSABLE: 'The request cannot be processed.',
  OPTED_OUT: 'This contact replied STOP: AVA will not text them until they text START.',
  NO_SENDER: 'No number can send this text. Connect an SMS-capable number or pick one.',
  INVITATION_INVALID: 'This invitation is no longer valid.',
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
  PROVIDER_ERROR: 'The provider refused the request.',
  PROVIDER_UNAVAILABLE: 'The provider did not answer. Try again in a minute.',
  UNAVAILABLE: 'AVA is briefly unavailable. Try again in a moment.',
  INTERNAL: 'Something went wrong on our side.',
};

export function zodIssues(error: ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

export function errorBody(code: ErrorCode, message?: string, details?: unknown) {
  return {
    error: { code, message: message ?? defaultMessages[code], ...(details === undefined ? {} : { details }) },
  };
}

function fromFastifyError(err: FastifyError): AppError | undefined {
  if (err.validation) {
    const ctx = err.validationContext ?? 'body';
    return new AppError(
      'VALIDATION_FAILED',
      undefined,
      err.validation.map((v) => {
        const issue = v as {
          instancePath?: string;
          message?: string;
          params?: { issue?: { path?: PropertyKey[]; code?: string; message?: string } };
        };
        const zi = issue.params?.issue;
        const path = zi?.path
          ? zi.path.join('.')
          : (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        return {
          path: path ? `${ctx}.${path}` : ctx,
          code: zi?.code ?? 'invalid',
          message: zi?.message ?? issue.message ?? 'invalid',
        };
      }),
    );
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE');
  if (
    err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err.statusCode === 400
  )
    return new AppError(
      'VALIDATION_FAILED',
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type.'
        : 'The request body is malformed.',
    );
  if (err.statusCode === 429) return new AppError('RATE_LIMITED');
  if (err.statusCode === 404) return new AppError('NOT_FOUND');
  if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  return undefined;
}

/** Node's socket errors and PostgreSQL's SQLSTATEs for a server that is down, restarting or full. */
const UNREACHABLE =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|08...|57P0[123]|53300)$/;
/** node-postgres's own errors for a connection it lost or could not get (they carry no code). */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/**
 * The database (or another service AVA needs) cannot be reached — a restart, a failover, an outage —
 * anywhere along the error's causes (Drizzle wraps the driver's error): the request may well succeed in a
 * moment, so it is a 503, not a bug.
 */
function unreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNREACHABLE.test(code)) return true;
    if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
    e = cause;
  }
  return false;
}

/**
 * A provider's refusal keeps its plain-language reason (translated by the web through `reason`); what
 * the provider itself said stays in the logs.
 */
export function fromProviderError(err: ProviderError): AppError {
  return new AppError(err.retryable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_ERROR', err.userMessage, {
    provider: err.provider,
    reason: err.reason,
    retryable: err.retryable,
    ...(err.providerCode === undefined ? {} : { providerCode: err.providerCode }),
    ...(err.details ? { messages: err.details } : {}),
  });
}

/** One handler: expected errors log at warn with their code; anything else at error and answers a bare INTERNAL. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError =
      err instanceof AppError
        ? err
        : err instanceof ZodError
          ? new AppError('VALIDATION_FAILED', undefined, zodIssues(err))
          : err instanceof ProviderError
            ? fromProviderError(err)
            : (fromFastifyError(err) ?? (unreachable(err) ? new AppError('UNAVAILABLE') : undefined));
    if (err instanceof ProviderError) {
      request.log.warn(
        {
          provider: err.provider,
          code: err.code,
          providerCode: err.providerCode,
          providerMessage: err.providerMessage,
        },
        'provider refused',
      );
    }
    if (!appError) {
      request.log.error({ err }, 'unexpected error');
      return reply.status(500).send(errorBody('INTERNAL'));
    }
    const status = statusByCode[appError.code];
    if (status >= 500) request.log.error({ err }, appError.code);
    else request.log.warn({ code: appError.code }, appError.message);
    return reply.status(status).send(errorBody(appError.code, appError.message, appError.details));
  });
}
