import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './api-client';

/**
 * Puts the server's VALIDATION_FAILED details (paths like "body.email") and the field-shaped
 * conflicts (EMAIL_TAKEN, PHONE_TAKEN) on the form fields. Returns true when every problem found a field.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === 'EMAIL_TAKEN' && fields.includes('email')) {
    setError('email' as Path<T>, { type: 'server', message: 'errors.EMAIL_TAKEN' });
    return true;
  }
  if (error.code === 'PHONE_TAKEN' && fields.includes('phoneNumber')) {
    setError('phoneNumber' as Path<T>, { type: 'server', message: 'validation.phoneTaken' });
    return true;
  }
  if (error.code !== 'VALIDATION_FAILED' || error.details.length === 0) return false;
  let all = true;
  for (const issue of error.details) {
    const field = issue.path.replace(/^body\./, '');
    if (fields.includes(field)) {
      setError(field as Path<T>, { type: issue.code || 'server', message: issue.message });
    } else {
      all = false;
    }
  }
  return all;
}
