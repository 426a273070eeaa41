import i18next from 'i18next';
import type { ComponentType } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
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
import { SandboxShell } from '../features/sandbox/components/sandbox-shell';
import { isApiError } from '../lib/api-client';
import { AppLayout } from './app-layout';
import { AuthLayout } from './auth-layout';
import { SettingsLayout } from './settings-layout';

// Pages load on first visit: the first paint carries the shell, not every screen. Routes a visit can
// start on fetch their page's code in their loader, so it renders at once instead of behind a spinner.
type Page = ComponentType<never>;
/**
 * A page loaded on first render, or sooner with `preload()` (a route's loader, a link hovered). Once
 * loaded it renders straight away: React.lazy would suspend once more, and React holds a revealed
 * Suspense boundary back for up to 300 ms.
 */
function lazyNamed<K extends string, M extends Record<K, Page>>(load: () => Promise<M>, name: K) {
  return lazyRouteComponent(load, name) as unknown as M[K] & { preload?: () => Promise<void> | undefined };
}
// The sign-in forms too: they bring zod, the contracts' schemas, phone-number metadata and react-hook-form,
// none of which a signed-in visit to the dashboard needs.
const LoginForm = lazyNamed(() => import('../features/auth/components/login-form'), 'LoginForm');
const SignUpForm = lazyNamed(() => import('../features/auth/components/signup-form'), 'SignUpForm');
const MagicLinkForm = lazyNamed(() => import('../features/auth/components/magic-link-form'), 'MagicLinkForm');
const MagicLinkLanding = lazyNamed(
  () => import('../features/auth/components/magic-link-landing'),
  'MagicLinkLanding',
);
const SmsLoginForm = lazyNamed(() => import('../features/auth/components/sms-login-form'), 'SmsLoginForm');
const TwoFactorForm = lazyNamed(() => import('../features/auth/components/two-factor-form'), 'TwoFactorForm');
const ForgotPasswordForm = lazyNamed(
  () => import('../features/auth/components/forgot-password-form'),
  'ForgotPasswordForm',
);
const ResetPasswordForm = lazyNamed(
  () => import('../features/auth/components/reset-password-form'),
  'ResetPasswordForm',
);
const VerifyEmailResult = lazyNamed(
  () => import('../features/auth/components/verify-email-result'),
  'VerifyEmailResult',
);
const InvitationAccept = lazyNamed(
  () => import('../features/orgs/components/invitation-accept'),
  'InvitationAccept',
);
const AppointmentsPage = lazyNamed(
  () => import('../features/appointments/components/appointments-page'),
  'AppointmentsPage',
);
const CallDetailPage = lazyNamed(() => import('../features/calls/components/call-detail'), 'CallDetailPage');
const CallsPage = lazyNamed(() => import('../features/calls/components/calls-page'), 'CallsPageWithNumbers');
const OnboardingPage = lazyNamed(() => import('./onboarding'), 'OnboardingPage');
const ContactsPage = lazyNamed(() => import('../features/contacts/components/contacts-page'), 'ContactsPage');
const TemplatesPage = lazyNamed(
  () => import('../features/templates/components/templates-page'),
  'TemplatesPage',
);
const BulkPage = lazyNamed(() => import('../features/bulk/components/bulk-page'), 'BulkPage');
const AnalyticsPage = lazyNamed(
  () => import('../features/analytics/components/analytics-page'),
  'AnalyticsPage',
);
const MessagingSettings = lazyNamed(
  () => import('../features/messages/components/messaging-settings'),
  'MessagingSettings',
);
const TwilioSyncCard = lazyNamed(
  () => import('../features/twilio-sync/components/sync-card'),
  'TwilioSyncCard',
);
const DashboardPage = lazyNamed(
  () => import('../features/dashboard/components/dashboard-page'),
  'DashboardPage',
);
const MessagesPage = lazyNamed(() => import('../features/messages/components/messages-page'), 'MessagesPage');
const ReceptionistSettings = lazyNamed(
  () => import('../features/assistants/components/receptionist-settings'),
  'ReceptionistSettings',
);
const NumbersPage = lazyNamed(() => import('../features/numbers/components/numbers-page'), 'NumbersPage');
const MembersSettings = lazyNamed(
  () => import('../features/orgs/components/members-settings'),
  'MembersSettings',
);
const OrgSettingsForm = lazyNamed(
  () => import('../features/orgs/components/org-settings-form'),
  'OrgSettingsForm',
);
const Mailbox = lazyNamed(() => import('../features/sandbox/components/mailbox'), 'Mailbox');
const PhoneSimulator = lazyNamed(
  () => import('../features/sandbox/components/phone-simulator'),
  'PhoneSimulator',
);
const TelephonySettings = lazyNamed(
  () => import('../features/telephony/components/telephony-settings'),
  'TelephonySettings',
);
const TwoFactorSettings = lazyNamed(
  () => import('../features/auth/components/two-factor-settings'),
  'TwoFactorSettings',
);
const ProfileSettings = lazyNamed(
  () => import('../features/auth/components/profile-settings'),
  'ProfileSettings',
);

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
  loader: () => LoginForm.preload?.(),
  component: function LoginPage() {
    const { redirect } = loginRoute.useSearch();
    return <LoginForm redirect={redirect} />;
  },
});

const magicLinkRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/magic-link',
  validateSearch: redirectSearch,
  loader: () => MagicLinkForm.preload?.(),
  component: () => <MagicLinkForm />,
});

const smsRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/sms',
  validateSearch: redirectSearch,
  loader: () => SmsLoginForm.preload?.(),
  component: function SmsPage() {
    const { redirect } = smsRoute.useSearch();
    return <SmsLoginForm redirect={redirect} />;
  },
});

const twoFactorRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login/two-factor',
  validateSearch: redirectSearch,
  loader: () => TwoFactorForm.preload?.(),
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
  loader: () => SignUpForm.preload?.(),
  component: function SignUpPage() {
    const { redirect } = signupRoute.useSearch();
    return <SignUpForm redirect={redirect} />;
  },
});

const forgotRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/forgot-password',
  loader: () => ForgotPasswordForm.preload?.(),
  component: () => <ForgotPasswordForm />,
});

const resetRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string; error?: string } => ({
    token: str(search.token),
    error: str(search.error),
  }),
  loader: () => ResetPasswordForm.preload?.(),
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
  loader: () => VerifyEmailResult.preload?.(),
  component: function VerifyEmailPage() {
    const { verified, error } = verifyEmailRoute.useSearch();
    return <VerifyEmailResult verified={verified === '1' || verified === 'true'} error={error} />;
  },
});

const magicLinkLandingRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/auth/magic-link',
  validateSearch: (search: Record<string, unknown>): { error?: string } => ({ error: str(search.error) }),
  loader: () => MagicLinkLanding.preload?.(),
  component: function MagicLinkLandingPage() {
    const { error } = magicLinkLandingRoute.useSearch();
    return <MagicLinkLanding error={error} />;
  },
});

const invitationRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/invitations/$invitationId',
  loader: () => InvitationAccept.preload?.(),
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
  loader: () => OnboardingPage.preload?.(),
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
  loader: () => DashboardPage.preload?.(),
  component: function Dashboard() {
    const { me, org } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <DashboardPage key={org.id} orgId={org.id} name={me.data.user.name} />;
  },
});

const callsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calls',
  component: function Calls() {
    const { me, org } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <CallsPage key={org.id} orgId={org.id} />;
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
  validateSearch: (search: Record<string, unknown>): { c?: string; contact?: string } => ({
    ...(typeof search.c === 'string' ? { c: search.c } : {}),
    ...(typeof search.contact === 'string' ? { contact: search.contact } : {}),
  }),
  component: function Messages() {
    const { me, org, canManage } = useActiveOrg();
    const { c, contact } = messagesRoute.useSearch();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return (
      <MessagesPage
        key={org.id}
        orgId={org.id}
        canManage={canManage}
        conversationId={c}
        contactId={contact}
      />
    );
  },
});
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  component: function Contacts() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return (
      <ContactsPage
        key={org.id}
        orgId={org.id}
        canManage={canManage}
        defaultCountry={defaultNumberCountry()}
      />
    );
  },
});
const templatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/templates',
  component: function Templates() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <TemplatesPage key={org.id} orgId={org.id} canManage={canManage} />;
  },
});
const bulkRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/bulk',
  component: function Bulk() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <BulkPage key={org.id} orgId={org.id} canManage={canManage} />;
  },
});
const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics',
  component: function Analytics() {
    const { me, org } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return <AnalyticsPage key={org.id} orgId={org.id} />;
  },
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

const messagingSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/messaging',
  component: function Messaging() {
    const { me, org, canManage } = useActiveOrg();
    if (!me.data) return null;
    if (!org) return <NoOrganisation />;
    return (
      <div key={org.id} className="space-y-6">
        <MessagingSettings orgId={org.id} canManage={canManage} />
        <TwilioSyncCard orgId={org.id} canManage={canManage} />
      </div>
    );
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
    templatesRoute,
    bulkRoute,
    analyticsRoute,
    numbersRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      profileRoute,
      organizationRoute,
      membersRoute,
      telephonyRoute,
      receptionistRoute,
      messagingSettingsRoute,
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
    // Shown while a page's code loads (pages are split out of the first bundle).
    defaultPendingComponent: () => <PageSpinner label={i18next.t('app.loading')} />,
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
