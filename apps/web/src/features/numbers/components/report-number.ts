import type { PhoneNumber } from '@ava/contracts';
import type { TFunction } from 'i18next';
import type { useToast } from '../../../components/ui/toast';
import { formatPhone } from '../../../lib/phone';
import { translateProviderReason } from '../../../lib/translate-error';

/**
 * Reports the Vapi side of a number on its own (the purchase or the save is reported separately):
 * connected (the watcher says so), a checklist of what is missing, or the provider's refusal.
 */
export function reportImport(t: TFunction, toast: ReturnType<typeof useToast>, number: PhoneNumber) {
  const shown = formatPhone(number.e164);
  const issue = number.importIssue;
  if (number.importStatus === 'imported') {
    if (issue?.kind === 'warning')
      toast.info({
        title: t('numbers.importWarningTitle'),
        description: translateProviderReason(t, issue.reason, issue.message),
      });
    return;
  }
  if (issue?.kind === 'guidance')
    toast.info({
      title: t('numbers.guidanceToast', { number: shown, count: issue.steps.length }),
      description: issue.steps.map((s) => t(`guidance.${s.code}`)).join(' · '),
    });
  else if (issue?.kind === 'error')
    toast.error({
      title: t('numbers.importFailedToast', { number: shown }),
      description: translateProviderReason(t, issue.reason, issue.message, issue.retryable),
    });
}
