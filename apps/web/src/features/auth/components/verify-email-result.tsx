import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { translateError } from '../../../lib/translate-error';
import { meQueryOptions } from '../api/get-me';
import { useSendVerificationEmail } from '../api/send-verification-email';
import { ResultPanel } from './check-inbox';

/** Where the verification link lands: /verify-email?verified=1 or ?error=… */
export function VerifyEmailResult({ verified, error }: { verified?: boolean; error?: string }) {
  const { t } = useTranslation();
  const me = useQuery({ ...meQueryOptions(), retry: false });
  const resend = useSendVerificationEmail();
  const signedIn = me.isSuccess;
  const alreadyVerified = me.data?.user.emailVerified;

  if (verified && !error) {
    return (
      <ResultPanel
        icon="check-circle"
        tone="green"
        title={t('auth.verify.successTitle')}
        body={t('auth.verify.successBody')}
      >
        <Link to="/" className={buttonClasses('primary', 'lg') + ' w-full'}>
          {t('auth.verify.goToApp')}
        </Link>
      </ResultPanel>
    );
  }
  if (alreadyVerified) {
    return (
      <ResultPanel
        icon="check-circle"
        tone="green"
        title={t('auth.verify.successTitle')}
        body={t('auth.verify.successBody')}
      >
        <Link to="/" className={buttonClasses('primary', 'lg') + ' w-full'}>
          {t('auth.verify.goToApp')}
        </Link>
      </ResultPanel>
    );
  }
  return (
    <ResultPanel
      icon={error ? 'alert' : 'mail'}
      tone={error ? 'red' : 'indigo'}
      title={error ? t('auth.verify.failureTitle') : t('auth.verify.pendingTitle')}
      body={error ? t('auth.verify.failureBody') : t('auth.verify.pendingBody')}
    >
      {resend.isSuccess && <Alert tone="success">{t('auth.verify.resent')}</Alert>}
      {resend.error && <Alert tone="error">{translateError(t, resend.error)}</Alert>}
      {signedIn && me.data ? (
        <Button
          size="lg"
          className="w-full"
          loading={resend.isPending}
          onClick={() => resend.mutate({ email: me.data.user.email })}
        >
          {t('auth.verify.resend')}
        </Button>
      ) : (
        <Link
          to="/login"
          search={{ redirect: '/verify-email' }}
          className={buttonClasses('primary', 'lg') + ' w-full'}
        >
          {t('auth.verify.signInToResend')}
        </Link>
      )}
    </ResultPanel>
  );
}
