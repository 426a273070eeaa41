import { claimLoop } from '../../jobs/claim-loop.ts';
import type { Logger } from '../../lib/logger.ts';
import { ProviderError } from '../../providers/provider-error.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import type { MessageRow, MessagingRepository } from './messaging.repository.ts';

/** A claim this old belonged to a process that died mid-send (or is hung): another may take it. */
const STALE_CLAIM_MS = 60_000;
// With backoff capped at 5 min (the default) this keeps trying for about half an hour before giving up.
const MAX_ATTEMPTS = 15;
const BATCH = 25;
const IDLE_MS = 1_000;

/**
 * Hands due texts to Twilio. Send times are planned in the database (pacing, schedules, quiet hours),
 * so every process can run a dispatcher: SKIP LOCKED claims keep them from taking the same text, and
 * a text that was claimed before (a crash, a timeout) is first looked up at Twilio so it is never sent
 * twice.
 */
export function messageDispatcher(deps: {
  repo: MessagingRepository;
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  statusCallback: string;
  log: Logger;
  onOptOut: (orgId: string, contactId: string) => Promise<void>;
  /** the longest wait between two tries of a text */
  maxRetryDelayMs: number;
}) {
  const { repo, log } = deps;

  async function deliver(m: MessageRow, clients: Map<string, Promise<TelephonyPort>>) {
    if (m.contactId && (await repo.contactOptedOut(m.orgId, m.contactId))) {
      await repo.markFinal(m.id, 'canceled', null, 'messaging.skip.optedOut');
      return;
    }
    let sent: { sid: string; status: string; segments: number | null; price: number | null } | undefined;
    try {
      if (!clients.has(m.orgId)) clients.set(m.orgId, deps.telephonyFor(m.orgId));
      const telephony = await clients.get(m.orgId)!;
      if (m.attempts > 1) {
        // Sent already by an attempt whose answer we lost? Adopt it instead of sending again.
        const since = m.createdAt.getTime() - 5_000;
        const prior = (await telephony.listMessages({ to: m.to, from: m.from, limit: 50 })).find(
          (x) => x.body === m.body && (x.createdAt?.getTime() ?? 0) >= since,
        );
        if (prior)
          sent = { sid: prior.sid, status: prior.status, segments: prior.segments, price: prior.price };
      }
      sent ??= await telephony.sendSms({
        from: m.from,
        to: m.to,
        body: m.body,
        statusCallback: deps.statusCallback,
      });
    } catch (err) {
      const e = err instanceof ProviderError ? err : null;
      // Only a provider's final answer (21610, 21211, not connected…) fails a text; anything else — a 429, a
      // timeout, our own database hiccup — is retried, and the next attempt first looks for it at Twilio.
      const final = (e && !e.retryable) || m.attempts >= MAX_ATTEMPTS;
      if (!final) {
        // 1 s, 2 s, 4 s … capped (5 min by default).
        const delay = Math.min(1000 * 2 ** (m.attempts - 1), deps.maxRetryDelayMs);
        await repo.release(m.id, new Date(Date.now() + delay), e?.reason ?? null);
        log.warn(
          { err: e ? undefined : err, orgId: m.orgId, messageId: m.id, code: e?.code, attempt: m.attempts },
          'send retried',
        );
        return;
      }
      const code = typeof e?.providerCode === 'number' ? e.providerCode : null;
      await repo.markFinal(m.id, 'failed', code, e?.reason ?? 'errors.INTERNAL');
      if (code === 21610 && m.contactId) await deps.onOptOut(m.orgId, m.contactId);
      if (!e) log.error({ err, orgId: m.orgId, messageId: m.id }, 'send failed');
      return;
    }
    // If this write fails the text is taken again, and that attempt finds it at Twilio.
    await repo.markAccepted(m.id, sent);
  }

  // Texts this process claimed and could not release (the database went away): retaken at once.
  const unreleased = new Set<string>();

  // One client per org and batch: credentials are decrypted once, not per text.
  return claimLoop<MessageRow>({
    name: 'sms dispatcher',
    batch: BATCH,
    idleMs: IDLE_MS,
    log,
    async claim(limit) {
      const mine = [...unreleased];
      const claimed = await repo.claimDue(limit, STALE_CLAIM_MS, mine);
      for (const id of mine) unreleased.delete(id);
      return claimed;
    },
    nextDue: () => repo.nextDue(STALE_CLAIM_MS),
    async handle(due) {
      const clients = new Map<string, Promise<TelephonyPort>>();
      await Promise.all(
        due.map((m) =>
          deliver(m, clients).catch((err: unknown) => {
            unreleased.add(m.id);
            log.error({ err, orgId: m.orgId, messageId: m.id }, 'text not released');
          }),
        ),
      );
    },
  });
}
