import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { translateError } from '../../../lib/translate-error';
import { useAcceptInvitation } from '../api/accept-invitation';
import { activateOrg } from '../api/activate-org';
import { useInvitation } from '../api/get-invitation';

function Panel({
  tone = 'indigo',
  title,
  body,
  children,
}: {
  tone?: 'indigo' | 'red';
  title: string;
  body: string;
  children?: React.ReactNode;
}) {
  return (
    <div>
      <div
        className={`mb-5 flex size-12 items-center justify-center rounded-full ${tone === 'red' ? 'bg-red-50 text-red-600' : 'bg-indigo-50 text-indigo-600'}`}
      >
        <Icon name={tone === 'red' ? 'alert' : 'user-plus'} className="size-6" />
      </div>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="mt-2 text-sm text-zinc-500">{body}</p>
      {children && <div className="mt-7 space-y-3">{children}</div>}
    </div>
  );
}

export function InvitationAccept({
  invitationId,
  onAccepted,
  onSignOut,
}: {
  invitationId: string;
  onAccepted: (orgId: string) => void;
  onSignOut: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invitation = useInvitation(invitationId);
  const accept = useAcceptInvitation();
  const here = `/invitations/${invitationId}`;

  if (invitation.isPending) return <PageSpinner label={t('app.loading')} />;

  if (isApiError(invitation.error, 'UNAUTHENTICATED')) {
    return (
      <Panel title={t('invitation.loggedOutTitle')} body={t('invitation.loggedOutBody')}>
        <Link to="/login" search={{ redirect: here }} className={buttonClasses('primary', 'lg') + ' w-full'}>
          {t('invitation.logIn')}
        </Link>
        <Link
          to="/signup"
          search={{ redirect: here }}
          className={buttonClasses('secondary', 'lg') + ' w-full'}
        >
          {t('invitation.signUp')}
        </Link>
      </Panel>
    );
  }
  if (invitation.error) {
    const notFound = isApiError(invitation.error, 'NOT_FOUND') || isApiError(invitation.error, 'FORBIDDEN');
    return (
      <Panel
        tone="red"
        title={notFound ? t('invitation.notFoundTitle') : t('app.somethingWrong')}
        body={notFound ? t('invitation.notFoundBody') : translateError(t, invitation.error)}
      >
        <Button variant="secondary" size="lg" className="w-full" onClick={onSignOut}>
          {t('invitation.signOut')}
        </Button>
      </Panel>
    );
  }

  const data = invitation.data;
  if (data.expired) {
    return (
      <Panel
        tone="red"
        title={t('invitation.expiredTitle')}
        body={t('invitation.expiredBody', { inviter: data.inviterName })}
      />
    );
  }
  if (data.status !== 'pending') {
    return <Panel tone="red" title={t('invitation.closedTitle')} body={t('invitation.closedBody')} />;
  }

  return (
    <Panel
      title={t('invitation.title')}
      body={t('invitation.body', {
        inviter: data.inviterName,
        org: data.orgName,
        role: t(`roles.${data.role}`),
      })}
    >
      {accept.error && <Alert tone="error">{translateError(t, accept.error)}</Alert>}
      <Button
        size="lg"
        className="w-full"
        loading={accept.isPending}
        onClick={async () => {
          try {
            const { orgId } = await accept.mutateAsync(invitationId);
            await activateOrg(orgId).catch(() => undefined);
            await queryClient.invalidateQueries();
            onAccepted(orgId);
          } catch {
            // shown above
          }
        }}
      >
        {t('invitation.accept')}
      </Button>
    </Panel>
  );
}
