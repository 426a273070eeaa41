import {
  countSegments,
  type Role,
  type StartTwilioSyncBody,
  type TwilioSyncKind,
  type TwilioSyncRun,
  type TwilioSyncStatus,
} from '@ava/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import { ProviderError } from '../../providers/provider-error.ts';
import type { PhoneCall, SmsMessage, TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { deliveryErrorReason } from '../../providers/telephony/twilio.errors.ts';
import type { ContactsRepository } from '../contacts/contacts.repository.ts';
import type {
  ImportedCall,
  ImportedMessage,
  SyncRunRow,
  TwilioSyncRepository,
} from './twilio-sync.repository.ts';

export type TwilioSyncService = ReturnType<typeof twilioSyncService>;

/** One job = one page of one run; `attempt` counts re-queues of the same page after transient failures. */
export type SyncPagePayload = { orgId: string; runId: string; pageSize: number; attempt: number };

const MANAGERS: Role[] = ['owner', 'admin'];
export const DEFAULT_PAGE_SIZE = 100;
/** Quick tries of a page inside one job: most 429/5xx clear within a second. */
const QUICK_TRIES = 3;
/** Then the page is re-queued with growing delays (1 s … 32 s) before the run is declared failed. */
const MAX_REQUEUES = 6;
const INTERNAL = 'twilioSync.errors.internal';
// A counterpart that is not a phone number (short code, alphanumeric sender) has no contact to thread.
const E164 = /^\+[1-9]\d{6,14}$/;

const toDto = (r: SyncRunRow): TwilioSyncRun => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  pages: r.pages,
  imported: r.imported,
  skipped: r.skipped,
  error: r.error,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

const positive = (price: number | null) => (price === null ? null : String(Math.abs(price)));

/**
 * Imports the Twilio account's message history and call log. A run is a chain of jobs, one page each:
 * the cursor (Twilio's next page URL) is stored with the page's rows in one transaction, so a crash or
 * a provider outage resumes from the last stored page, and unique SIDs make every replay a no-op.
 */
export function twilioSyncService(deps: {
  repo: TwilioSyncRepository;
  contacts: Pick<ContactsRepository, 'matchOrCreate'>;
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  /** queues the page job, after `delayMs` when given */
  enqueue: (payload: SyncPagePayload, delayMs?: number) => Promise<void>;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}) {
  const { repo, log } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function quickly<T>(run: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await run();
      } catch (err) {
        if (!(err instanceof ProviderError) || !err.retryable || i >= QUICK_TRIES) throw err;
        await sleep(250 * 2 ** (i - 1));
      }
    }
  }

  /** One contact per counterpart number, created on first sight (as inbound texts and calls do). */
  async function contactIds(orgId: string, e164s: Iterable<string>) {
    const ids = new Map<string, string>();
    for (const e164 of new Set(e164s)) ids.set(e164, (await deps.contacts.matchOrCreate(orgId, e164)).id);
    return ids;
  }

  async function messageRows(orgId: string, items: SmsMessage[]): Promise<ImportedMessage[]> {
    const known = await repo.knownMessageSids(
      orgId,
      items.map((m) => m.sid),
    );
    const sides = items.flatMap((m) => {
      const inbound = m.direction === 'inbound';
      const ours = inbound ? m.to : m.from;
      const theirs = inbound ? m.from : m.to;
      return !known.has(m.sid) && ours && theirs && E164.test(theirs) ? [{ m, ours, theirs }] : [];
    });
    const numbers = await repo.numberIds(orgId, [...new Set(sides.map((s) => s.ours))]);
    const contacts = await contactIds(
      orgId,
      sides.map((s) => s.theirs),
    );
    return sides.map(({ m, ours, theirs }) => {
      const outbound = m.direction === 'outbound';
      const createdAt = m.createdAt ?? m.sentAt ?? new Date();
      return {
        twilioSid: m.sid,
        contactId: contacts.get(theirs)!,
        phoneNumberId: numbers.get(ours) ?? null,
        direction: m.direction,
        from: m.direction === 'inbound' ? theirs : ours,
        to: m.to,
        body: m.body,
        status: m.status,
        errorCode: m.errorCode,
        errorReason: deliveryErrorReason(m.errorCode)?.reason ?? null,
        segments: m.segments || null,
        encoding: countSegments(m.body).encoding,
        country: outbound ? (parsePhoneNumberFromString(m.to)?.country ?? null) : null,
        price: positive(m.price),
        createdAt,
        sentAt: outbound ? m.sentAt : null,
      };
    });
  }

  async function callRows(orgId: string, items: PhoneCall[]): Promise<ImportedCall[]> {
    const known = await repo.knownCallSids(
      orgId,
      items.map((c) => c.sid),
    );
    const fresh = items.filter((c) => !known.has(c.sid));
    const theirs = (c: PhoneCall) => (c.direction === 'inbound' ? c.from : c.to);
    const contacts = await contactIds(
      orgId,
      fresh.map(theirs).filter((n) => E164.test(n)),
    );
    return fresh.map((c) => ({
      twilioSid: c.sid,
      contactId: contacts.get(theirs(c)) ?? null,
      from: c.from,
      to: c.to,
      direction: c.direction,
      status: c.status,
      durationSeconds: c.durationSeconds,
      price: positive(c.price),
      startedAt: c.startedAt,
    }));
  }

  /** Reads and stores the run's next page: 'more' when Twilio has another, 'stale' when the run moved on. */
  async function step(p: SyncPagePayload): Promise<'more' | 'done' | 'stale'> {
    const run = await repo.get(p.orgId, p.runId);
    if (run?.status !== 'running') return 'stale';
    const telephony = await deps.telephonyFor(p.orgId);
    const at = run.cursor ? { pageUrl: run.cursor } : { pageSize: p.pageSize };
    const pagesDone = run.pages;
    if (run.kind === 'messages') {
      const page = await quickly(() => telephony.pageMessages(at));
      const rows = await messageRows(p.orgId, page.items);
      const saved = await repo.saveMessagesPage(p.orgId, run.id, {
        pagesDone,
        seen: page.items.length,
        rows,
        nextPageUrl: page.nextPageUrl,
      });
      return !saved ? 'stale' : page.nextPageUrl ? 'more' : 'done';
    }
    const page = await quickly(() => telephony.pageCalls(at));
    const rows = await callRows(p.orgId, page.items);
    const saved = await repo.saveCallsPage(p.orgId, run.id, {
      pagesDone,
      seen: page.items.length,
      rows,
      nextPageUrl: page.nextPageUrl,
    });
    return !saved ? 'stale' : page.nextPageUrl ? 'more' : 'done';
  }

  return {
    async status(ctx: OrgContext): Promise<TwilioSyncStatus> {
      const latest = await repo.latest(ctx.orgId);
      return {
        messages: latest.messages ? toDto(latest.messages) : null,
        calls: latest.calls ? toDto(latest.calls) : null,
      };
    },

    /** Starts a run, or answers the one of that kind already running. */
    async start(ctx: OrgContext, kind: TwilioSyncKind, body: StartTwilioSyncBody): Promise<TwilioSyncRun> {
      if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
      // Not connected: a clear 422 now rather than a run that fails a second later.
      await deps.telephonyFor(ctx.orgId);
      const { run, created } = await repo.startOrRunning(ctx.orgId, kind);
      if (created) {
        try {
          await deps.enqueue({
            orgId: ctx.orgId,
            runId: run.id,
            pageSize: body?.pageSize ?? DEFAULT_PAGE_SIZE,
            attempt: 0,
          });
        } catch (err) {
          await repo.fail(ctx.orgId, run.id, INTERNAL);
          throw err;
        }
      }
      return toDto(run);
    },

    step,

    /**
     * The job: one page, then the next page's job. Transient failures (429, 5xx, the database briefly
     * away) re-queue the same page with backoff; a refusal (credentials revoked…) ends the run with
     * Twilio's reason, which the card shows translated.
     */
    async runPage(p: SyncPagePayload): Promise<void> {
      try {
        if ((await step(p)) === 'more') await deps.enqueue({ ...p, attempt: 0 });
      } catch (err) {
        const provider = err instanceof ProviderError ? err : null;
        const retryable = provider ? provider.retryable : true;
        if (retryable && p.attempt < MAX_REQUEUES) {
          log.warn(
            {
              orgId: p.orgId,
              runId: p.runId,
              attempt: p.attempt + 1,
              code: provider?.code,
              err: provider ? undefined : err,
            },
            'twilio sync page retried',
          );
          await deps.enqueue({ ...p, attempt: p.attempt + 1 }, 1000 * 2 ** p.attempt);
          return;
        }
        if (provider) log.warn({ orgId: p.orgId, runId: p.runId, code: provider.code }, 'twilio sync failed');
        else log.error({ err, orgId: p.orgId, runId: p.runId }, 'twilio sync failed');
        await repo.fail(p.orgId, p.runId, provider?.reason ?? INTERNAL);
      }
    },
  };
}
