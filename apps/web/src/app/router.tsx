import type { QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Link,
  Outlet,
  redirect,
  useNavigate,
} from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { buttonClasses } from '../components/ui/button';
import { Logo } from '../components/ui/logo';
import { PageSpinner } from '../components/ui/spinner';
import { meQueryOptions } from '../features/auth/api/get-me';
import { signOut } from '../features/auth/api/sign-out';
import { ForgotPasswordForm } from '../features/auth/components/forgot-password-form';
import { LoginForm } from '../features/auth/components/login-form';
import { MagicLinkForm } from '../features/auth/components/magic-link-form';
import { MagicLinkLanding } from '../features/auth/components/magic-link-landing';
import { ProfileSettings } from '../features/auth/components/profile-settings';
import { ResetPasswordForm } from '../features/auth/components/reset-password-form';
import { SignUpForm } from '../features/auth/components/signup-form';
import { SmsLoginForm } from '../features/auth/components/sms-login-form';
import { TwoFactorForm } from '../features/auth/components/two-factor-form';
import { TwoFactorSettings } from '../features/auth/components/two-factor-settings';
import { VerifyEmailResult } from '../features/auth/components/verify-email-result';
import { AppointmentsPage } from '../features/appointments/components/appointments-page';
import { CallDetailPage } from '../features/calls/components/call-detail';
import { CallsPage } from '../features/calls/components/calls-page';
import { useNumbers } from '../features/numbers/api/list-numbers';
import { formatPhone } from '../lib/phone';
import { OnboardingPage } from './onboarding';
import { ContactsPage } from '../features/contacts/components/contacts-page';
import { DashboardPage } from '../features/dashboard/components/dashboard-page';
import { MessagesPage } from '../features/messages/components/messages-page';
import { ReceptionistSettings } from '../features/assistants/components/receptionist-settings';
import { NumbersPage } from '../features/numbers/components/numbers-page';
import { InvitationAccept } from '../features/orgs/components/invitation-accept';
import { MembersSettings } from '../features/orgs/components/members-settings';
import { OrgSettingsForm } from '../features/orgs/components/org-settings-form';
import { Mailbox } from '../features/sandbox/components/mailbox';
import { PhoneSimulator } from '../features/sandbox/components/phone-simulator';
import { SandboxShell } from '../features/sandbox/components/sandbox-shell';
import { TelephonySettings } from '../features/telephony/components/telephony-settings';
import { isApiError } from '../lib/api-client';
import { AppLayout } from './app-layout';
import { AuthLayout } from './auth-layout';
import { SettingsLayout } from './settings-layout';

type RouterContext = { queryClient: QueryClient };

const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
const redirectSearch = (search: Record<string, unknown>): { redirect?: string } => ({
  redirect: str(search.redirect),
});

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <Logo />
      <h1 className="mt-4 text-2xl font-semibold text-zinc-900">{t('app.notFoundTitle')}</h1>
      <p className="text-sm text-zinc-500">{t('app.notFoundBody')}</p>
      <Link to="/" className={buttonClasses('primary')}>
        {t('app.goHome')}
      </Link>
    </div>
  );
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

/** Public pages that make no sense once signed in send the user to the app instead. */
async function redirectIfSignedIn(queryClient: QueryClient, to: string | undefined) {
  try {
    await queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0, retry: false });
  } catch {
    return;
  }
  throw redirect({ href: to && to.startsWith('/') && !to.startsWith('//') ? to : '/' });
}

// ---------- public pages ----------
const publicRoute = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: AuthLayout });

const loginRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login',
  validateSearch: redirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.queryClient, search.redirect),
  component: function LoginPage() {
    const { redirect } = loginRoute.useSearch();
    return <LoginForm redirect={redirect} />;
  },
});

const magicLinkRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/magic-link',
  validateSearch: redirectSearch,
  component: () => <MagicLinkForm />,
});

const smsRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/sms',
  validateSearch: redirectSearch,
  component: function SmsPage() {
    const { redirect } = smsRoute.useSearch();
    return <SmsLoginForm redirect={redirect} />;
  },
});

const twoFactorRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/two-factor',
  validateSearch: redirectSearch,
  component: function TwoFactorPage() {
    const { redirect } = twoFactorRoute.useSearch();
    return <TwoFactorForm redirect={redirect} />;
  },
});

const signupRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/signup',
  validateSearch: redirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.queryClient, search.redirect),
  component: function SignUpPage() {
    const { redirect } = signupRoute.useSearch();
    return <SignUpForm redirect={redirect} />;
  },
});

const forgotRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/forgot-password',
  component: ForgotPasswordForm,
});

const resetRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string; error?: string } => ({
    token: str(search.token),
    error: str(search.error),
  }),
  component: function ResetPage() {
    const { token, error } = resetRoute.useSearch();
    return <ResetPasswordForm token={token} error={error} />;
  },
});

const verifyEmailRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/verify-email',
  validateSearch: (search: Record<string, unknown>): { verified?: string; error?: string } => ({
    verified: search.verified === undefined ? undefined : String(search.verified),
    error: str(search.error),
  }),
  component: function VerifyEmailPage() {
    const { verified, error } = verifyEmailRoute.useSearch();
    return <VerifyEmailResult verified={verified === '1' || verified === 'true'} error={error} />;
  },
});

const magicLinkLandingRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/auth/magic-link',
  validateSearch: (search: Record<string, unknown>): { error?: string } => ({ error: str(search.error) }),
  component: function MagicLinkLandingPage() {
    const { error } = magicLinkLandingRoute.useSearch();
    return <MagicLinkLanding error={error} />;
  },
});

const invitationRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/invitations/$invitationId',
  component: function InvitationPage() {
    const { invitationId } = invitationRoute.useParams();
    const navigate = useNavigate();
    const queryClient = useQueryClient();
    return (
      <InvitationAccept
        invitationId={invitationId}
        onAccepted={() => void navigate({ to: '/' })}
        onSignOut={async () => {
          await signOut().catch(() => undefined);
          queryClient.clear();
          await navigate({ to: '/login', search: { redirect: `/invitations/${invitationId}` } });
        }}
      />
    );
  },
});

// ---------- sandbox tools (signed in or not) ----------
const mailboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sandbox/mailbox',
  component: () => (
    <SandboxShell>
      <Mailbox />
    </SandboxShell>
  ),
});

const phoneSimulatorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sandbox/phone',
  component: () => (
    <SandboxShell>
      <PhoneSimulator />
    </SandboxShell>
  ),
});

// ---------- the app (signed in) ----------
async function requireSignedIn({
  context,
  location,
}: {
  context: RouterContext;
  location: { href: string };
}) {
  {
    try {
      await context.queryClient.ensureQueryData(meQueryOptions());
    } catch (error) {
      if (isApiError(error, 'UNAUTHENTICATED')) {
        throw redirect({
          to: '/login',
          search: { redirect: location.href === '/' ? undefined : location.href },
        });
      }
      throw error;
    }
  }
}

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: requireSignedIn,
  component: AppLayout,
  pendingComponent: () => <PageSpinner label="…" />,
});

function useMe() {
  return useQuery(meQueryOptions());
}

/** The active organisation and whether the user may change its telephony (owner or admin). */
function useActiveOrg() {
  const me = useMe();
  const org = me.data?.orgs.find((o) => o.id === me.data?.activeOrgId);
  return { me, org, canManage: org?.role === 'owner' || org?.role === 'admin' };
}

/** The country to search numbers in first: from the browser's language tag, else France. */
function defaultNumberCountry() {
  const region = typeof navigator === 'undefined' ? undefined : navigator.language.split('-')[1];
  return region && /^[A-Z]{2}$/.test(region) ? region : 'FR';
}

const onboardingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/onboarding',
  beforeLoad: requireSignedIn,
  pendingComponent: () => <PageSpinner label="…" />,
  component: function Onboarding() {
    const me = useMe();
    if (!me.data) return <PageSpinner label="…" />;
    return <OnboardingPage me={me.data} />;
  },
});

const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  // The first visit after signing up opens the setup wizard (owners only: invited members join a set-up org).
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    const org = me.orgs.find((o) => o.id === me.activeOrgId);
    if (org?.role === 'owner' && !me.user.onboarding.completed) throw redirect({ to: '/onboarding' });
  },
  component: function Dashboard() {
    const { me, org } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <DashboardPage key={org.id} orgId={org.id} name={me.data.user.name} />;
  },
});

function useNumberOptions(orgId: string) {
  const numbers = useNumbers(orgId);
  return (numbers.data?.numbers ?? []).map((n) => ({
    id: n.id,
    label: n.label ? `${n.label} · ${formatPhone(n.e164)}` : formatPhone(n.e164),
  }));
}

const callsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calls',
  component: function Calls() {
    const { me, org } = useActiveOrg();
    const numbers = useNumberOptions(org?.id ?? '');
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <CallsPage key={org.id} orgId={org.id} numbers={numbers} />;
  },
});
const callDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calls/$callId',
  component: function CallDetail() {
    const { callId } = callDetailRoute.useParams();
    const { me, org } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <CallDetailPage orgId={org.id} callId={callId} />;
  },
});
const appointmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/appointments',
  component: function Appointments() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <AppointmentsPage key={org.id} orgId={org.id} canManage={canManage} />;
  },
});
const messagesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/messages',
  component: MessagesPage,
});
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  component: ContactsPage,
});
const numbersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/numbers',
  component: function Numbers() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return (
      <NumbersPage
        key={org.id}
        orgId={org.id}
        canManage={canManage}
        defaultCountry={defaultNumberCountry()}
      />
    );
  },
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: SettingsLayout,
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/settings/profile' });
  },
});

const profileRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/profile',
  component: function Profile() {
    const me = useMe();
    if (!me.data) return null;
    return (
      <>
        <ProfileSettings me={me.data} />
        <TwoFactorSettings me={me.data} />
      </>
    );
  },
});

function NoOrganisation() {
  const { t } = useTranslation();
  return <Alert tone="warning">{t('errors.NOT_FOUND')}</Alert>;
}

const organizationRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/organization',
  component: function Organization() {
    const me = useMe();
    if (!me.data) return null;
    if (!me.data.activeOrgId) return <NoOrganisation />;
    return <OrgSettingsForm orgId={me.data.activeOrgId} />;
  },
});

const membersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/members',
  component: function Members() {
    const me = useMe();
    const navigate = useNavigate();
    const queryClient = useQueryClient();
    if (!me.data) return null;
    const org = me.data.orgs.find((o) => o.id === me.data.activeOrgId);
    if (!org) return <NoOrganisation />;
    return (
      <MembersSettings
        key={org.id}
        orgId={org.id}
        orgName={org.name}
        currentUserId={me.data.user.id}
        currentRole={org.role}
        onLeft={async () => {
          await queryClient.invalidateQueries();
          await navigate({ to: '/' });
        }}
      />
    );
  },
});

const telephonyRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/telephony',
  component: function Telephony() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <TelephonySettings key={org.id} orgId={org.id} canManage={canManage} />;
  },
});

const receptionistRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/receptionist',
  component: function Receptionist() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <ReceptionistSettings key={org.id} orgId={org.id} orgName={org.name} canManage={canManage} />;
  },
});

const routeTree = rootRoute.addChildren([
  publicRoute.addChildren([
    loginRoute,
    magicLinkRoute,
    smsRoute,
    twoFactorRoute,
    signupRoute,
    forgotRoute,
    resetRoute,
    verifyEmailRoute,
    magicLinkLandingRoute,
    invitationRoute,
  ]),
  mailboxRoute,
  phoneSimulatorRoute,
  onboardingRoute,
  appRoute.addChildren([
    dashboardRoute,
    callsRoute,
    callDetailRoute,
    appointmentsRoute,
    messagesRoute,
    contactsRoute,
    numbersRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      profileRoute,
      organizationRoute,
      membersRoute,
      telephonyRoute,
      receptionistRoute,
    ]),
  ]),
]);

export function createAppRouter(
  queryClient: QueryClient,
  options: { history?: Parameters<typeof createRouter>[0]['history'] } = {},
) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    ...options,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
