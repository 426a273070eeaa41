import type { Logger } from '../lib/logger.ts';

/**
 * A background loop over work rows kept in a table (texts to send, webhook events to process): it claims
 * a batch (SKIP LOCKED, so every process of a fleet can run one), handles it, and goes on while batches
 * come back full. When the table has nothing due it sleeps until the next due row or `idleMs`, whichever
 * comes first; `kick()` wakes it at once when this process just added work.
 */
export function claimLoop<T>(opts: {
  name: string;
  batch: number;
  idleMs: number;
  log: Logger;
  claim(limit: number): Promise<T[]>;
  handle(batch: T[]): Promise<void>;
  /** when the next row becomes due (null: nothing pending) */
  nextDue(): Promise<Date | null>;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = true;
  let again = false;
  // The tick in progress, which stop() waits for (a kick during it only asks for one more round).
  let current: Promise<void> = Promise.resolve();

  function tick(): Promise<void> {
    if (running) {
      again = true;
      return current;
    }
    running = true;
    current = (async () => {
      try {
        for (;;) {
          again = false;
          const due = await opts.claim(opts.batch);
          if (due.length) await opts.handle(due);
          if ((due.length < opts.batch && !again) || stopped) break;
        }
      } catch (err) {
        opts.log.error({ err, loop: opts.name }, 'background loop tick failed');
      } finally {
        running = false;
      }
      await schedule();
    })();
    return current;
  }

  async function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    let wait = opts.idleMs;
    try {
      const next = await opts.nextDue();
      // An invalid date would make the wait NaN, which setTimeout takes as 1 ms: a loop without pause.
      if (next && Number.isFinite(next.getTime()))
        wait = Math.max(0, Math.min(opts.idleMs, next.getTime() - Date.now()));
    } catch {
      // the database is briefly unreachable: poll again after the idle interval
    }
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), wait);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void tick();
    },
    /** Work was just added in this process: look now instead of at the next poll. */
    kick() {
      if (stopped) return;
      clearTimeout(timer);
      void tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
