import type { GuidanceStep, ImportIssue, PhoneNumber, Role, SyncResult } from '@ava/contracts';
import type { AssistantsService } from '../assistants/assistants.service.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Config } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import { isProviderError } from '../../providers/provider-error.ts';
import type { CredentialsRepository } from '../credentials/credentials.repository.ts';
import type { CredentialsService } from '../credentials/credentials.service.ts';
import type { NewPhoneNumber, PhoneNumberRow, PhoneNumbersRepository } from './phone-numbers.repository.ts';

const MANAGERS: Role[] = ['owner', 'admin'];
/** Whether Twilio's view of a number differs from ours (empty URL and no URL are the same). */
function changed(
  row: PhoneNumberRow,
  remote: {
    capabilities: PhoneNumberRow['capabilities'];
    smsUrl: string | null;
    voiceUrl: string | null;
    statusCallback: string | null;
  },
) {
  const url = (u: string | null) => u || null;
  return (
    (['voice', 'sms', 'mms'] as const).some((k) => row.capabilities[k] !== remote.capabilities[k]) ||
    url(row.smsUrl) !== url(remote.smsUrl) ||
    url(row.voiceUrl) !== url(remote.voiceUrl) ||
    url(row.statusCallback) !== url(remote.statusCallback)
  );
}

const countryOf = (e164: string) => parsePhoneNumberFromString(e164)?.country ?? null;

export type PhoneNumbersService = ReturnType<typeof phoneNumbersService>;

export function phoneNumbersService(deps: {
  repo: PhoneNumbersRepository;
  credentials: CredentialsService;
  credentialsRepo: CredentialsRepository;
  assistants: AssistantsService;
  config: Config;
  log: Logger;
  /** asks a job to re-assert the assistant's server URL later (retried) */
  retryAssertServer: (orgId: string, numberId: string) => Promise<void>;
}) {
  const { repo, credentials, credentialsRepo, assistants, config, log, retryAssertServer } = deps;
  /** Where every number's SMS and delivery reports must point, so the inbox and statuses work. */
  const avaWebhooks = {
    smsUrl: `${config.publicUrl}/webhooks/twilio/messages`,
    statusCallback: `${config.publicUrl}/webhooks/twilio/status`,
  };
  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  function toDto(row: PhoneNumberRow): PhoneNumber {
    const where = (url: string | null, ours: string) => (!url ? 'none' : url === ours ? 'ava' : 'other');
    return {
      id: row.id,
      e164: row.e164,
      source: row.source,
      label: row.label,
      country: row.country,
      locality: row.locality,
      region: row.region,
      capabilities: row.capabilities,
      monthlyPrice: row.monthlyPrice,
      rotation: row.rotation,
      aiReplies: row.aiReplies,
      smsRate: row.smsRate === null ? null : Number(row.smsRate),
      businessHours: row.businessHours ?? null,
      fallbackNumber: row.fallbackNumber,
      voicemail: row.voicemail,
      assistantId: row.assistantId,
      wiring: {
        sms: row.source === 'vapi' ? 'none' : where(row.smsUrl, avaWebhooks.smsUrl),
        status: row.source === 'vapi' ? 'none' : where(row.statusCallback, avaWebhooks.statusCallback),
        // Vapi answers calls on a number it owns or once it has taken over the Twilio voice URL.
        voice:
          row.source === 'vapi' ||
          row.importStatus === 'imported' ||
          /\/twilio\/inbound_call$/.test(row.voiceUrl ?? '')
            ? 'vapi'
            : row.voiceUrl
              ? 'other'
              : 'none',
      },
      importStatus: row.importStatus,
      importIssue: row.importIssue ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  const LINKS: Record<GuidanceStep['code'], string> = {
    'twilio.credentialsMissing': '/settings/telephony',
    'vapi.keyMissing': '/settings/telephony',
    'vapi.keyInvalid': '/settings/telephony',
    'assistant.missing': '/settings/receptionist',
    'number.notInTwilioAccount': '/numbers',
    'number.notVoiceCapable': '/numbers',
  };
  const step = (code: GuidanceStep['code']): GuidanceStep => ({ code, link: LINKS[code] });
  const issueOf = (err: { reason: string; userMessage: string; retryable: boolean }): ImportIssue => ({
    kind: 'error',
    reason: err.reason,
    message: err.userMessage,
    retryable: err.retryable,
  });

  /**
   * "Enter your credentials once": checks every prerequisite of answering this number with the org's
   * receptionist, and either imports and wires it, or stores the list of what is missing (guidance). A
   * pending import is tried again when a missing piece appears. Never throws for provider refusals: the
   * outcome is on the number.
   */
  async function orchestrateImport(
    orgId: string,
    numberId: string,
    assistantId?: string,
  ): Promise<PhoneNumberRow> {
    const row = await repo.get(orgId, numberId);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.source === 'vapi' || row.importStatus === 'imported') return row;
    const save = async (values: Partial<NewPhoneNumber>) => (await repo.update(orgId, numberId, values))!;
    const steps: GuidanceStep[] = [];
    try {
      const twilio = await credentials.twilioSecretFor(orgId).catch(() => null);
      if (!twilio) steps.push(step('twilio.credentialsMissing'));
      const voice = await credentials.voiceAgentFor(orgId).catch(() => null);
      if (!voice) steps.push(step('vapi.keyMissing'));
      else {
        try {
          await voice.verify();
        } catch (err) {
          if (!isProviderError(err) || err.retryable) throw err;
          steps.push(step('vapi.keyInvalid'));
        }
      }
      const assistant = await assistants.usable(orgId, assistantId);
      if (!assistant) steps.push(step('assistant.missing'));
      if (twilio) {
        const remote = (await (await credentials.telephonyFor(orgId)).listNumbers()).find(
          (n) => n.phoneNumber === row.e164,
        );
        if (!remote) steps.push(step('number.notInTwilioAccount'));
        else if (!remote.capabilities.voice) steps.push(step('number.notVoiceCapable'));
      }
      if (steps.length > 0 || !twilio || !voice || !assistant) {
        return save({ importStatus: 'pending', importIssue: { kind: 'guidance', steps } });
      }
      const imported = await voice
        .importTwilioNumber({
          number: row.e164,
          twilioAccountSid: twilio.accountSid,
          twilioAuthToken: twilio.authToken,
          // SMS stays on AVA's webhook: the inbox and the receptionist share the number.
          smsEnabled: false,
          assistantId: assistant.vapiAssistantId!,
          serverUrl: `${config.publicUrl}/webhooks/vapi`,
          serverSecret: await credentials.vapiWebhookSecret(orgId),
          ...(row.label ? { name: row.label } : {}),
        })
        .catch(async (err: unknown) => {
          // Another attempt (the retry job, a second click, another instance) may have imported it a
          // moment ago: Vapi then refuses the number as in use. In this org's Vapi account, it is ours.
          if (!isProviderError(err) || err.retryable) throw err;
          const existing = (await voice.listPhoneNumbers()).find((n) => n.number === row.e164);
          if (!existing) throw err;
          return existing;
        });
      let issue: ImportIssue | null = null;
      try {
        await assistants.assertServer(orgId, assistant);
      } catch (err) {
        if (!isProviderError(err)) throw err;
        log.warn(
          { orgId, numberId, code: err.code },
          'number imported; assistant server URL not re-asserted yet',
        );
        issue = { kind: 'warning', reason: err.reason, message: err.userMessage };
        await retryAssertServer(orgId, numberId);
      }
      log.info({ orgId, numberId }, 'number imported into Vapi and wired to the assistant');
      return save({
        importStatus: 'imported',
        importIssue: issue,
        vapiPhoneNumberId: imported.id,
        assistantId: assistant.id,
      });
    } catch (err) {
      if (!isProviderError(err)) throw err;
      log.warn({ orgId, numberId, code: err.code }, 'number import failed');
      // A provider that is down leaves the import pending (a job retries); a refusal is final until fixed.
      return save({ importStatus: err.retryable ? 'pending' : 'failed', importIssue: issueOf(err) });
    }
  }

  /**
   * Buying a real number costs money: the buyer's email must be verified (PRODUCT §1). Sandbox numbers
   * are free and keep onboarding to a few clicks, so they are exempt (ADR 16).
   */
  async function requireVerifiedForRealPurchase(ctx: OrgContext, provider: 'twilio' | 'vapi') {
    if (ctx.user.emailVerified) return;
    const row = await credentialsRepo.get(ctx.orgId, provider);
    if (row && !row.sandbox)
      throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address before buying a number.');
  }

  async function mustGet(ctx: OrgContext, id: string) {
    const row = await repo.get(ctx.orgId, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  return {
    toDto,

    byVapiId: (orgId: string, vapiPhoneNumberId: string) => repo.findByVapiId(orgId, vapiPhoneNumberId),
    byE164: async (orgId: string, e164: string) => (await repo.list(orgId)).find((n) => n.e164 === e164),

    async list(ctx: OrgContext) {
      const [rows, cred] = await Promise.all([
        repo.list(ctx.orgId),
        credentialsRepo.get(ctx.orgId, 'twilio'),
      ]);
      return { numbers: rows.map(toDto), lastSync: (cred?.lastSyncResult as SyncResult | null) ?? null };
    },

    async get(ctx: OrgContext, id: string) {
      return toDto(await mustGet(ctx, id));
    },

    async search(
      ctx: OrgContext,
      query: {
        country: string;
        areaCode?: string;
        contains?: string;
        type?: 'local' | 'mobile' | 'tollFree';
        sms?: boolean;
        voice?: boolean;
      },
    ) {
      const telephony = await credentials.telephonyFor(ctx.orgId);
      const found = await telephony.searchAvailableNumbers({ ...query, limit: 20 });
      return found.map((n) => ({ ...n, monthlyPrice: n.monthlyPrice ?? null }));
    },

    /** Buys the number and points its SMS and status webhooks at AVA in the same request. */
    async buy(ctx: OrgContext, input: { phoneNumber: string; label?: string }) {
      requireManager(ctx);
      await requireVerifiedForRealPurchase(ctx, 'twilio');
      if ((await repo.takenElsewhere(ctx.orgId, [input.phoneNumber])).size > 0)
        throw new AppError('CONFLICT', 'This number belongs to another organisation.');
      const telephony = await credentials.telephonyFor(ctx.orgId);
      const bought = await telephony.buyNumber({
        phoneNumber: input.phoneNumber,
        ...avaWebhooks,
        ...(input.label ? { friendlyName: input.label } : {}),
      });
      const row = await repo.insert(ctx.orgId, {
        e164: bought.phoneNumber,
        source: 'twilio',
        twilioSid: bought.sid,
        label: input.label ?? null,
        country: countryOf(bought.phoneNumber),
        capabilities: bought.capabilities,
        smsUrl: bought.smsUrl,
        voiceUrl: bought.voiceUrl,
        statusCallback: bought.statusCallback,
      });
      log.info({ orgId: ctx.orgId, numberId: row.id }, 'number bought and wired');
      // Buying is done whatever happens next; a voice number then goes straight to the receptionist.
      if (!row.capabilities.voice) return toDto(row);
      return toDto(await orchestrateImport(ctx.orgId, row.id));
    },

    async update(
      ctx: OrgContext,
      id: string,
      patch: Omit<Partial<NewPhoneNumber>, 'smsRate'> & { smsRate?: number | null },
    ) {
      requireManager(ctx);
      await mustGet(ctx, id);
      const { smsRate, ...rest } = patch;
      const values: Partial<NewPhoneNumber> =
        smsRate === undefined ? rest : { ...rest, smsRate: smsRate === null ? null : String(smsRate) };
      return toDto((await repo.update(ctx.orgId, id, values))!);
    },

    async import(ctx: OrgContext, id: string, assistantId?: string) {
      requireManager(ctx);
      await mustGet(ctx, id);
      if (assistantId && !(await assistants.usable(ctx.orgId, assistantId)))
        throw new AppError('NOT_FOUND', 'No such receptionist.');
      return toDto(await orchestrateImport(ctx.orgId, id, assistantId));
    },

    /** Tries every pending import of the org again; returns how many are now imported. */
    async resumePending(orgId: string) {
      const pending = (await repo.list(orgId)).filter((r) => r.importStatus === 'pending');
      let imported = 0;
      for (const row of pending) {
        const after = await orchestrateImport(orgId, row.id, row.assistantId ?? undefined);
        if (after.importStatus === 'imported') imported += 1;
        else if (after.importIssue?.kind === 'error' && after.importIssue.retryable) {
          throw new Error(`import of ${row.id} still waiting on the provider`);
        }
      }
      return imported;
    },

    /** Job: re-assert the assistant's server URL after an import; throws to be retried. */
    async assertServer(orgId: string, numberId: string) {
      const row = await repo.get(orgId, numberId);
      if (!row?.assistantId) return;
      const assistant = await assistants.usable(orgId, row.assistantId);
      if (!assistant) return;
      await assistants.assertServer(orgId, assistant);
      if (row.importIssue?.kind === 'warning') await repo.update(orgId, numberId, { importIssue: null });
    },

    /** Points a synced number's SMS and status webhooks (back) at AVA. */
    async rewire(ctx: OrgContext, id: string) {
      requireManager(ctx);
      const row = await mustGet(ctx, id);
      if (!row.twilioSid) throw new AppError('UNPROCESSABLE', 'Only Twilio numbers have SMS webhooks.');
      const telephony = await credentials.telephonyFor(ctx.orgId);
      const updated = await telephony.updateNumberWebhooks(row.twilioSid, avaWebhooks);
      return toDto(
        (await repo.update(ctx.orgId, id, {
          smsUrl: updated.smsUrl,
          statusCallback: updated.statusCallback,
          voiceUrl: updated.voiceUrl,
        }))!,
      );
    },

    async release(ctx: OrgContext, id: string) {
      requireManager(ctx);
      const row = await mustGet(ctx, id);
      if (row.source === 'twilio' && row.twilioSid)
        await (await credentials.telephonyFor(ctx.orgId)).releaseNumber(row.twilioSid);
      if (row.vapiPhoneNumberId)
        await (await credentials.voiceAgentFor(ctx.orgId)).deletePhoneNumber(row.vapiPhoneNumberId);
      await repo.remove(ctx.orgId, [id]);
    },

    /** Mirrors the Twilio account's numbers: new ones are added, changed ones updated, released ones removed. */
    async sync(ctx: OrgContext): Promise<SyncResult> {
      const at = new Date();
      let result: SyncResult;
      try {
        const telephony = await credentials.telephonyFor(ctx.orgId);
        const remote = await telephony.listNumbers();
        const local = (await repo.list(ctx.orgId)).filter((r) => r.source === 'twilio');
        const bySid = new Map(local.map((r) => [r.twilioSid, r]));
        const taken = await repo.takenElsewhere(
          ctx.orgId,
          remote.map((n) => n.phoneNumber),
        );
        let added = 0;
        let updated = 0;
        for (const n of remote) {
          if (taken.has(n.phoneNumber)) continue;
          const fields = {
            capabilities: n.capabilities,
            smsUrl: n.smsUrl,
            voiceUrl: n.voiceUrl,
            statusCallback: n.statusCallback,
          };
          const existing = bySid.get(n.sid);
          if (!existing) {
            await repo.insert(ctx.orgId, {
              e164: n.phoneNumber,
              source: 'twilio',
              twilioSid: n.sid,
              label: n.friendlyName === n.phoneNumber ? null : n.friendlyName,
              country: countryOf(n.phoneNumber),
              ...fields,
            });
            added += 1;
          } else if (changed(existing, fields)) {
            await repo.update(ctx.orgId, existing.id, fields);
            updated += 1;
          }
        }
        const remoteSids = new Set(remote.map((n) => n.sid));
        const gone = local.filter((r) => !remoteSids.has(r.twilioSid ?? ''));
        await repo.remove(
          ctx.orgId,
          gone.map((r) => r.id),
        );
        result = {
          ok: true,
          at: at.toISOString(),
          added,
          updated,
          removed: gone.length,
          skipped: [...taken],
        };
      } catch (err) {
        if (!isProviderError(err)) throw err;
        result = {
          ok: false,
          at: at.toISOString(),
          added: 0,
          updated: 0,
          removed: 0,
          skipped: [],
          reason: err.reason,
          message: err.userMessage,
        };
      }
      await credentialsRepo.setSyncResult(ctx.orgId, result, at);
      return result;
    },

    /** A free Vapi US number, answered by the org's assistant through AVA's Vapi webhook. */
    async freeVapiNumber(ctx: OrgContext, input: { areaCode: string; label?: string }) {
      requireManager(ctx);
      await requireVerifiedForRealPurchase(ctx, 'vapi');
      const voice = await credentials.voiceAgentFor(ctx.orgId);
      const created = await voice.buyFreeNumber({
        areaCode: input.areaCode,
        serverUrl: `${config.publicUrl}/webhooks/vapi`,
        serverSecret: await credentials.vapiWebhookSecret(ctx.orgId),
        ...(input.label ? { name: input.label } : {}),
      });
      if (!created.number)
        throw new AppError('UNPROCESSABLE', 'Vapi did not assign a number yet. Try again in a minute.');
      const row = await repo.insert(ctx.orgId, {
        e164: created.number,
        source: 'vapi',
        vapiPhoneNumberId: created.id,
        label: input.label ?? null,
        country: 'US',
        capabilities: { voice: true, sms: false, mms: false },
        assistantId: created.assistantId,
        importStatus: 'imported',
      });
      return toDto(row);
    },
  };
}
