import { claimLoop } from '../../jobs/claim-loop.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PendingEvent, WebhooksRepository } from './webhooks.repository.ts';

const BATCH = 50;
const IDLE_MS = 500;
/** A claim this old belonged to a process that died while handling it: another may take it. */
const STALE_CLAIM_MS = 60_000;
// 1 s, 2 s, 4 s … 5 min: about 20 minutes of tries before an event is left aside with its error.
const MAX_ATTEMPTS = 12;

/**
 * Turns stored webhook events into their effects (a text in the inbox, a delivery status, a call
 * record) after the provider got its 2xx. The events table is the queue (ADR 20): every job-running
 * process claims due events in batches; events about one subject (`orderKey`: a message, a contact's
 * thread, a call) run in the order they arrived, different subjects side by side. Handlers are idempotent (unique SIDs, forward-only statuses, calls upserted
 * by id), so an event handled by a process that died before marking it is simply handled again.
 */
export function webhookEventProcessor(deps: {
  events: WebhooksRepository;
  handle: (event: PendingEvent) => Promise<void>;
  /** events with the same key are handled one after the other, in arrival order (default: per org) */
  orderKey?: (event: PendingEvent) => string;
  /**
   * Subjects handled at once. On PostgreSQL several (its pool has 10 connections by default); on PGlite
   * one: its single connection gains nothing from more, and every statement queued there is one an
   * incoming webhook's INSERT waits behind.
   */
  concurrency: number;
  log: Logger;
}) {
  const keyOf = deps.orderKey ?? ((e: PendingEvent) => e.orgId);
  // Claims this process holds but could not release (the database went away mid-batch): retaken first.
  const unreleased = new Set<string>();
  const { events, log } = deps;

  async function runInOrder(list: PendingEvent[], done: string[]) {
    for (const event of list) {
      try {
        await deps.handle(event);
        done.push(event.id);
      } catch (err) {
        const last = event.attempts >= MAX_ATTEMPTS;
        const delay = Math.min(1000 * 2 ** (event.attempts - 1), 300_000);
        const message = err instanceof Error ? err.message : String(err);
        await events
          .markFailed(event.id, message, last ? null : new Date(Date.now() + delay))
          .catch((e: unknown) => {
            unreleased.add(event.id);
            log.error({ err: e, eventId: event.id }, 'webhook event not released');
          });
        log[last ? 'error' : 'warn'](
          { err, orgId: event.orgId, eventId: event.id, kind: event.kind, attempt: event.attempts },
          last ? 'webhook event given up' : 'webhook event retried',
        );
      }
    }
  }

  return claimLoop<PendingEvent>({
    name: 'webhook events',
    batch: BATCH,
    idleMs: IDLE_MS,
    log,
    async claim(limit) {
      const mine = [...unreleased];
      const claimed = await events.claim(limit, STALE_CLAIM_MS, mine);
      for (const id of mine) unreleased.delete(id);
      return claimed;
    },
    nextDue: () => events.nextDue(STALE_CLAIM_MS),
    async handle(batch) {
      const bySubject = new Map<string, PendingEvent[]>();
      for (const e of batch) {
        const key = `${e.orgId}\u0000${keyOf(e)}`;
        bySubject.set(key, [...(bySubject.get(key) ?? []), e]);
      }
      const groups = [...bySubject.values()];
      const done: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(deps.concurrency, groups.length) }, async () => {
          while (next < groups.length) await runInOrder(groups[next++]!, done);
        }),
      );
      // One write for the batch; if it fails the events are handled again (they are idempotent).
      await events.markProcessed(done).catch((err: unknown) => {
        for (const id of done) unreleased.add(id);
        throw err;
      });
    },
  });
}
