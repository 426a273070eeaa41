import type { TFunction } from 'i18next';
import { formatPhone } from '../../../lib/phone';
import { isSandboxError } from '../api/sandbox-fetch';

/** What went wrong texting a number, in the user's words. */
export function messageErrorText(t: TFunction, error: unknown, to: string): string {
  const number = formatPhone(to) || to;
  if (!isSandboxError(error)) return t('errors.INTERNAL');
  if (error.status === 0) return t('errors.network');
  if (error.code === 20404 || error.status === 404) return t('simulator.errors.unknownNumber', { number });
  if (error.code === 21606) return t('simulator.errors.noSms', { number });
  if (error.code === 21211) return t('simulator.errors.badHandset');
  return t('simulator.errors.generic', { message: error.message });
}

/** What went wrong placing or carrying on a call, in the user's words. */
export function callErrorText(t: TFunction, error: unknown, number: string | null): string {
  const shown = formatPhone(number) || number || '';
  if (!isSandboxError(error)) return t('errors.INTERNAL');
  if (error.status === 0) return t('errors.network');
  if (error.status === 404 && /live simulated call/i.test(error.message))
    return t('simulator.errors.callGone');
  if (error.status === 404) return t('simulator.errors.notAssistant', { number: shown });
  if (error.status === 400 && /activating/i.test(error.message)) return t('simulator.errors.activating');
  return t('simulator.errors.generic', { message: error.message });
}
