import type { Verification } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { translateProviderReason } from '../../../lib/translate-error';

/** What the provider said about the saved credentials, reported apart from the save itself. */
export function VerificationResult({
  provider,
  verification,
}: {
  provider: string;
  verification: Verification;
}) {
  const { t } = useTranslation();
  if (verification.ok)
    return (
      <Alert tone="success" title={t('telephony.verifiedTitle', { provider })}>
        {t('telephony.verifiedBody', { account: verification.accountName })}
      </Alert>
    );
  return (
    <Alert
      tone={verification.retryable ? 'warning' : 'error'}
      title={t('telephony.verifyFailedTitle', { provider })}
    >
      <p data-testid="verification-reason">
        {translateProviderReason(t, verification.reason, verification.message, verification.retryable)}
      </p>
    </Alert>
  );
}
