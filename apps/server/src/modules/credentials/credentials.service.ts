import type { CredentialStatus, CredentialsOverview, Role, Verification } from '@ava/contracts';
import type { Sandbox } from '@ava/sandbox';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import { decrypt, encrypt, type Keyring } from '../../lib/secrets.ts';
import { isProviderError, ProviderError } from '../../providers/provider-error.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';
import { createVapiVoiceAgent } from '../../providers/voice-agent/vapi.adapter.ts';
import type { VoiceAgentPort } from '../../providers/voice-agent/voice-agent.port.ts';
import type { CredentialRow, CredentialsRepository } from './credentials.repository.ts';

type Provider = 'twilio' | 'vapi';
const MANAGERS: Role[] = ['owner', 'admin'];

export type CredentialsService = ReturnType<typeof credentialsService>;

/**
 * Per-organisation provider credentials: sealed at rest, shown masked, checked with the provider on
 * demand. Saving never depends on the provider answering: the check is reported next to the save.
 */
export function credentialsService(deps: {
  repo: CredentialsRepository;
  keyring: Keyring;
  config: Config;
  sandbox: Sandbox | null;
  log: Logger;
  /** called after credentials were saved and the provider accepted them (pending imports can resume) */
  onConnected?: (orgId: string, provider: Provider) => Promise<void>;
}) {
  const { repo, keyring, config, sandbox, log, onConnected } = deps;
  // Sandbox credentials reach the emulators mounted in this server; real ones the providers. Only the
  // base URL differs: the adapters are the same.
  const baseUrl = (row: CredentialRow, provider: Provider) =>
    row.sandbox ? `${config.internalUrl}/sandbox/${provider}` : undefined;

  const toStatus = (row: CredentialRow): CredentialStatus => ({
    provider: row.provider,
    accountId: row.accountId,
    secretMask: `••••${row.secretLast4}`,
    publicKey: row.publicKey,
    sandbox: row.sandbox,
    accountName: row.accountName,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  });
  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };
  const notConnected = (provider: Provider) =>
    new ProviderError({
      provider,
      code: `${provider}.notConfigured`,
      retryable: false,
      userMessage:
        provider === 'twilio'
          ? 'Connect your Twilio account in Settings → Telephony first.'
          : 'Add your Vapi key in Settings → Telephony first.',
    });

  function telephonyFrom(row: CredentialRow): TelephonyPort {
    return createTwilioTelephony({
      accountSid: row.accountId!,
      authToken: decrypt(keyring, row.secretEncrypted),
      baseUrl: baseUrl(row, 'twilio'),
    });
  }
  function voiceAgentFrom(row: CredentialRow): VoiceAgentPort {
    return createVapiVoiceAgent({
      apiKey: decrypt(keyring, row.secretEncrypted),
      baseUrl: baseUrl(row, 'vapi'),
    });
  }

  async function check(orgId: string, row: CredentialRow): Promise<Verification> {
    const checkedAt = new Date().toISOString();
    try {
      const accountName =
        row.provider === 'twilio'
          ? (await telephonyFrom(row).verifyCredentials()).accountName
          : `Vapi (${(await voiceAgentFrom(row).verify()).assistants} assistants)`;
      await repo.markChecked(orgId, row.provider, { verifiedAt: new Date(), accountName });
      return { ok: true, accountName, checkedAt };
    } catch (err) {
      if (!isProviderError(err)) throw err;
      log.warn(
        { provider: err.provider, code: err.code, providerCode: err.providerCode },
        'credential check failed',
      );
      if (!err.retryable) await repo.markChecked(orgId, row.provider, { verifiedAt: null });
      return { ok: false, reason: err.reason, message: err.userMessage, retryable: err.retryable, checkedAt };
    }
  }

  async function save(
    ctx: OrgContext,
    provider: Provider,
    values: { accountId: string | null; secret: string; publicKey?: string | null; sandbox: boolean },
  ) {
    requireManager(ctx);
    const row = await repo
      .upsert(ctx.orgId, {
        provider,
        accountId: values.accountId,
        secretEncrypted: encrypt(keyring, values.secret),
        secretLast4: values.secret.slice(-4),
        publicKey: values.publicKey ?? null,
        sandbox: values.sandbox,
        accountName: null,
        verifiedAt: null,
      })
      .catch((err: unknown) => {
        // The Twilio account already belongs to another organisation (webhooks are routed by its SID).
        if (
          String(
            (err as { cause?: { code?: string }; code?: string }).cause?.code ??
              (err as { code?: string }).code,
          ) === '23505'
        ) {
          throw new AppError(
            'CONFLICT',
            'This Twilio account is already connected to another organisation.',
            [{ path: 'body.accountSid', code: 'taken', message: 'validation.accountSidTaken' }],
          );
        }
        throw err;
      });
    const verification = await check(ctx.orgId, row);
    if (verification.ok) await onConnected?.(ctx.orgId, provider);
    const fresh = (await repo.get(ctx.orgId, provider))!;
    return { credentials: toStatus(fresh), verification };
  }

  return {
    async overview(ctx: OrgContext): Promise<CredentialsOverview> {
      const [twilio, vapi] = await Promise.all([repo.get(ctx.orgId, 'twilio'), repo.get(ctx.orgId, 'vapi')]);
      return {
        twilio: twilio ? toStatus(twilio) : null,
        vapi: vapi ? toStatus(vapi) : null,
        sandboxAvailable: Boolean(sandbox),
      };
    },

    // Credentials the sandbox issued (pasted by hand) are recognised and kept pointed at the sandbox.
    saveTwilio: (ctx: OrgContext, body: { accountSid: string; authToken: string }) =>
      save(ctx, 'twilio', {
        accountId: body.accountSid,
        secret: body.authToken,
        sandbox: Boolean(sandbox?.twilio.getAccount(body.accountSid)),
      }),

    saveVapi: (ctx: OrgContext, body: { privateKey: string; publicKey?: string }) =>
      save(ctx, 'vapi', {
        accountId: null,
        secret: body.privateKey,
        publicKey: body.publicKey ?? null,
        sandbox: Boolean(
          sandbox && [...sandbox.vapi.accounts.values()].some((a) => a.privateKey === body.privateKey),
        ),
      }),

    /** One click in sandbox mode: a fresh emulator account, saved like any other (and labelled sandbox). */
    async connectSandbox(ctx: OrgContext, provider: Provider) {
      if (!sandbox) throw new AppError('NOT_FOUND');
      requireManager(ctx);
      if (provider === 'twilio') {
        const account = sandbox.twilio.createAccount({ friendlyName: `Sandbox · ${ctx.orgId.slice(0, 8)}` });
        return save(ctx, 'twilio', { accountId: account.sid, secret: account.authToken, sandbox: true });
      }
      const account = sandbox.vapi.createAccount({ name: `Sandbox · ${ctx.orgId.slice(0, 8)}` }, new Date());
      return save(ctx, 'vapi', {
        accountId: null,
        secret: account.privateKey,
        publicKey: account.publicKey,
        sandbox: true,
      });
    },

    async verify(ctx: OrgContext, provider: Provider): Promise<Verification> {
      const row = await repo.get(ctx.orgId, provider);
      if (!row) throw new AppError('NOT_FOUND');
      return check(ctx.orgId, row);
    },

    async remove(ctx: OrgContext, provider: Provider) {
      requireManager(ctx);
      const deleted = await repo.remove(ctx.orgId, provider);
      if (!deleted) throw new AppError('NOT_FOUND');
      const consequences =
        provider === 'twilio'
          ? [
              'credentials.consequence.sms',
              'credentials.consequence.numbers',
              'credentials.consequence.import',
            ]
          : ['credentials.consequence.calls', 'credentials.consequence.assistant'];
      return { deleted, consequences };
    },

    async telephonyFor(orgId: string): Promise<TelephonyPort> {
      const row = await repo.get(orgId, 'twilio');
      if (!row) throw notConnected('twilio');
      return telephonyFrom(row);
    },

    async voiceAgentFor(orgId: string): Promise<VoiceAgentPort> {
      const row = await repo.get(orgId, 'vapi');
      if (!row) throw notConnected('vapi');
      return voiceAgentFrom(row);
    },

    /** The org's webhook secret for Vapi ("<orgId>.<random>"), created on first use. */
    async vapiWebhookSecret(orgId: string) {
      const sealed = await repo.ensureWebhookSecret(
        orgId,
        encrypt(keyring, `${orgId}.${randomBytes(24).toString('base64url')}`),
      );
      return decrypt(keyring, sealed);
    },

    /** The raw Twilio credentials, for the Vapi import (Vapi needs them to take over the number). */
    async twilioSecretFor(orgId: string) {
      const row = await repo.get(orgId, 'twilio');
      if (!row) throw notConnected('twilio');
      return {
        accountSid: row.accountId!,
        authToken: decrypt(keyring, row.secretEncrypted),
        sandbox: row.sandbox,
      };
    },
  };
}
