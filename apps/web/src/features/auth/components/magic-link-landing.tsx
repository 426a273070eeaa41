import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { AuthHeading } from './auth-heading';
import { MagicLinkForm } from './magic-link-form';

const known = ['INVALID_TOKEN', 'EXPIRED_TOKEN'];

/** better-auth sends people here when a magic link fails: explain, and offer a new link. */
export function MagicLinkLanding({ error }: { error?: string }) {
  const { t } = useTranslation();
  const code = error?.toUpperCase();
  const reason =
    code && known.includes(code) ? t(`auth.magic.errors.${code}`) : t('auth.magic.errors.generic');
  return (
    <div>
      <AuthHeading title={t('auth.magic.landingTitle')} subtitle={t('auth.magic.landingBody')} />
      <Alert tone="error" className="mb-6">
        {reason}
      </Alert>
      <MagicLinkForm heading={false} />
    </div>
  );
}
