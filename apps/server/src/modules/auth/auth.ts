import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink, organization, phoneNumber, twoFactor } from 'better-auth/plugins';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import type { Logger } from '../../lib/logger.ts';
import type { EmailPort } from '../../providers/email/email.port.ts';
import type { SmsSender } from '../../providers/telephony/telephony.port.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { authEmail, smsCode } from './auth.emails.ts';
import type { IdentityRepository } from './identity.repository.ts';

export type AuthDeps = {
  config: Config;
  db: Db;
  secret: string;
  email: EmailPort;
  /** AVA's own SMS: sign-in and second-factor codes */
  sms: SmsSender;
  orgs: OrgsRepository;
  identity: IdentityRepository;
  log: Logger;
};

const slug = () => `org-${randomBytes(6).toString('hex')}`;

export function createAuth({ config, db, secret, email, sms, orgs, identity, log }: AuthDeps) {
  const send = async (message: Parameters<EmailPort['send']>[0]) => {
    try {
      await email.send(message);
    } catch (err) {
      // A mail server hiccup must not turn a sign-up into a 500; the user can ask for the mail again.
      log.error({ err, subject: message.subject }, 'could not send email');
    }
  };
  const web = (path: string) => `${config.publicUrl}${path}`;

  return betterAuth({
    appName: 'AVA',
    // better-auth's own messages go through our pino logger, with its redaction, at their level.
    logger: {
      log: (level, message) => log[level]({ component: 'better-auth' }, message),
    },
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [config.publicUrl],
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.accounts,
        verification: schema.verifications,
        organization: schema.organizations,
        member: schema.members,
        invitation: schema.invitations,
        twoFactor: schema.twoFactors,
      },
    }),
    // Our own limiter (database-backed, per identifier and per IP) guards the auth routes.
    rateLimit: { enabled: false },
    // Sign-up goes through /api/v1/auth/signup, which enforces password confirmation and terms.
    disabledPaths: ['/sign-up/email'],
    advanced: { ipAddress: { ipAddressHeaders: config.trustProxy ? ['x-forwarded-for'] : [] } },
    user: {
      additionalFields: {
        locale: { type: 'string', required: false, defaultValue: 'en', input: true },
        newsletter: { type: 'boolean', required: false, defaultValue: false, input: true },
        termsAcceptedAt: { type: 'date', required: false, input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      requireEmailVerification: false,
      resetPasswordTokenExpiresIn: 3600,
      sendResetPassword: async ({ user, url }) =>
        send(authEmail('reset', (user as { locale?: string }).locale, user.email, { name: user.name, url })),
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url }) =>
        send(authEmail('verify', (user as { locale?: string }).locale, user.email, { name: user.name, url })),
    },
    socialProviders: {
      ...(config.oauth.google ? { google: config.oauth.google } : {}),
      ...(config.oauth.microsoft ? { microsoft: config.oauth.microsoft } : {}),
    },
    account: { accountLinking: { enabled: true, trustedProviders: ['google', 'microsoft'] } },
    databaseHooks: {
      user: {
        create: {
          // Every way in (form, OAuth) shows the terms; reaching account creation means they were accepted.
          before: async (user) => ({ data: { ...user, termsAcceptedAt: new Date() } }),
          // Every new user owns an organisation from the first second, whatever the sign-up path.
          after: async (user) => {
            await orgs.createOrgWithOwner(
              { id: crypto.randomUUID(), name: user.name, slug: slug() },
              user.id,
            );
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const [home] = await orgs.membershipsOfUser(session.userId);
            return { data: { ...session, activeOrganizationId: home?.id ?? null } };
          },
        },
      },
    },
    plugins: [
      organization({
        creatorRole: 'owner',
        invitationExpiresIn: 7 * 24 * 3600,
        schema: {
          organization: {
            additionalFields: {
              country: { type: 'string', required: false, input: true },
              timezone: { type: 'string', required: false, input: true },
            },
          },
        },
        sendInvitationEmail: async (data) =>
          send(
            authEmail('invite', (data.inviter.user as { locale?: string }).locale, data.email, {
              inviter: data.inviter.user.name,
              org: data.organization.name,
              role: data.role,
              url: web(`/invitations/${data.id}`),
            }),
          ),
      }),
      magicLink({
        expiresIn: 300,
        disableSignUp: true,
        sendMagicLink: async ({ email: to, url }) => {
          await send(authEmail('magic', await identity.localeOfEmail(to), to, { url }));
        },
      }),
      phoneNumber({
        otpLength: 6,
        expiresIn: 300,
        allowedAttempts: 3,
        sendOTP: async ({ phoneNumber: to, code }) => {
          await sms.sendSms({ to, body: smsCode(await identity.localeOfPhone(to), code) });
        },
      }),
      twoFactor({
        issuer: 'AVA',
        otpOptions: {
          sendOTP: async ({ user, otp }) => {
            const phone = (user as { phoneNumber?: string | null }).phoneNumber;
            if (!phone) throw new Error('no phone number on this account');
            await sms.sendSms({ to: phone, body: smsCode((user as { locale?: string }).locale, otp) });
          },
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
