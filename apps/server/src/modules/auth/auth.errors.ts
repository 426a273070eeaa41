import type { ErrorCode } from '@ava/contracts';
import { APIError } from 'better-auth/api';
import { AppError } from '../../http/errors.ts';

// better-auth's own codes, folded into AVA's vocabulary so the web translates one set of codes.
const byAuthCode: Record<string, ErrorCode> = {
  INVALID_EMAIL_OR_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_PHONE_NUMBER_OR_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_PASSWORD: 'INVALID_CREDENTIALS',
  CREDENTIAL_ACCOUNT_NOT_FOUND: 'INVALID_CREDENTIALS',
  USER_NOT_FOUND: 'INVALID_CREDENTIALS',
  USER_ALREADY_EXISTS: 'EMAIL_TAKEN',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'EMAIL_TAKEN',
  PHONE_NUMBER_EXIST: 'PHONE_TAKEN',
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
  INVALID_OTP: 'INVALID_CODE',
  OTP_EXPIRED: 'INVALID_CODE',
  OTP_NOT_FOUND: 'INVALID_CODE',
  INVALID_CODE: 'INVALID_CODE',
  INVALID_TWO_FACTOR_COOKIE: 'INVALID_CODE',
  INVALID_BACKUP_CODE: 'INVALID_CODE',
  INVALID_TOKEN: 'INVALID_CODE',
  TOO_MANY_ATTEMPTS: 'RATE_LIMITED',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'RATE_LIMITED',
  INVITATION_NOT_FOUND: 'INVITATION_INVALID',
  YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION: 'INVITATION_INVALID',
  USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION: 'CONFLICT',
  USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION: 'CONFLICT',
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER: 'LAST_OWNER',
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER: 'LAST_OWNER',
  ORGANIZATION_NOT_FOUND: 'NOT_FOUND',
  MEMBER_NOT_FOUND: 'NOT_FOUND',
};

const byStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

export function mapAuthError(
  status: number,
  body: { code?: string; message?: string } | undefined,
): AppError {
  const authCode = body?.code;
  const code =
    (authCode && byAuthCode[authCode]) || byStatus[status] || (status >= 500 ? 'INTERNAL' : 'UNPROCESSABLE');
  // Invitation and permission failures from the org plugin are 400/403 with specific codes we keep.
  return new AppError(
    code,
    code === 'INTERNAL' ? undefined : body?.message,
    authCode ? { authCode } : undefined,
  );
}

/** Turns a better-auth APIError thrown by a server-side call into an AppError; rethrows anything else. */
export function rethrowAuthError(err: unknown): never {
  if (err instanceof APIError) {
    throw mapAuthError(err.statusCode, err.body as { code?: string; message?: string } | undefined);
  }
  throw err;
}
