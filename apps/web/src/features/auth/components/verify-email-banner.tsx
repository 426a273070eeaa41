import type { Me } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';
import { translateError } from '../../../lib/translate-error';
import { useSendVerificationEmail } from '../api/send-verification-email';

export function VerifyEmailBanner({ user }: { user: Me['user'] }) {
  const { t } = useTranslation();
  const resend = useSendVerificationEmail();
  if (user.emailVerified) return null;
  return (
    <div
      role="status"
      data-testid="verify-email-banner"
      className="flex flex-col gap-3 rounded-xl bg-amber-50 px-4 py-3.5 ring-1 ring-amber-200 ring-inset sm:flex-row sm:items-center"
    >
      <div className="flex min-w-0 flex-1 gap-3">
        <Icon name="mail" className="mt-0.5 size-5 shrink-0 text-amber-600" />
        <div className="min-w-0 text-sm">
          <p className="font-medium text-amber-900">{t('auth.banner.verifyTitle')}</p>
          <p className="mt-0.5 break-words text-amber-800">
            {t('auth.banner.verifyBody', { email: user.email })}
          </p>
          {resend.error && <p className="mt-1 font-medium text-red-700">{translateError(t, resend.error)}</p>}
        </div>
      </div>
      {resend.isSuccess ? (
        <span className="inline-flex items-center gap-1.5 text-sm font-medium text-emerald-700">
          <Icon name="check" className="size-4" />
          {t('auth.banner.resent')}
        </span>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          className="self-start sm:self-center"
          loading={resend.isPending}
          onClick={() => resend.mutate({ email: user.email })}
        >
          {t('auth.banner.resend')}
        </Button>
      )}
    </div>
  );
}
