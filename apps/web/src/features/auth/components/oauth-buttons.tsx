import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { translateError } from '../../../lib/translate-error';
import { useAuthConfig } from '../api/get-auth-config';
import { useSocialSignIn, type SocialProvider } from '../api/social-sign-in';

function GoogleMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true">
      <path
        fill="#4285F4"
        d="M22.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h5.9a5 5 0 0 1-2.2 3.3v2.7h3.5c2.1-1.9 3.3-4.7 3.3-8.1z"
      />
      <path
        fill="#34A853"
        d="M12 23c3 0 5.5-1 7.3-2.7l-3.5-2.7c-1 .7-2.3 1.1-3.8 1.1-2.9 0-5.4-2-6.3-4.6H2.1v2.8A11 11 0 0 0 12 23z"
      />
      <path fill="#FBBC05" d="M5.7 14.1a6.6 6.6 0 0 1 0-4.2V7.1H2.1a11 11 0 0 0 0 9.8z" />
      <path
        fill="#EA4335"
        d="M12 5.4c1.6 0 3.1.6 4.2 1.7l3.1-3.1A11 11 0 0 0 2.1 7.1l3.6 2.8C6.6 7.4 9.1 5.4 12 5.4z"
      />
    </svg>
  );
}

function MicrosoftMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true">
      <path fill="#F25022" d="M2 2h9.5v9.5H2z" />
      <path fill="#7FBA00" d="M12.5 2H22v9.5h-9.5z" />
      <path fill="#00A4EF" d="M2 12.5h9.5V22H2z" />
      <path fill="#FFB900" d="M12.5 12.5H22V22h-9.5z" />
    </svg>
  );
}

/** Shown only for the providers the server has credentials for. */
export function OAuthButtons() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const social = useSocialSignIn();
  const providers = (['google', 'microsoft'] as SocialProvider[]).filter((p) => config.data?.[p]);
  if (providers.length === 0) return null;
  return (
    <div className="space-y-3">
      <div className="grid gap-2">
        {providers.map((provider) => (
          <Button
            key={provider}
            variant="secondary"
            className="w-full"
            loading={social.isPending && social.variables === provider}
            onClick={() => social.mutate(provider)}
          >
            {provider === 'google' ? <GoogleMark /> : <MicrosoftMark />}
            {t(provider === 'google' ? 'auth.login.withGoogle' : 'auth.login.withMicrosoft')}
          </Button>
        ))}
      </div>
      {social.error && <Alert tone="error">{translateError(t, social.error)}</Alert>}
      <div className="flex items-center gap-3 text-xs text-zinc-400 uppercase">
        <span className="h-px flex-1 bg-zinc-200" />
        {t('app.or')}
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
    </div>
  );
}
