import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';

export type JobDefinition<S extends z.ZodType> = {
  name: string;
  schema: S;
  handler: (data: z.infer<S>, meta: { id: string; attempt: number }) => Promise<void>;
  retryLimit?: number;
};

/** Jobs are definitions: a name, a payload schema and an idempotent handler. */
export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** Jobs fetched together per queue and poll. */
const BATCH = 25;

type Outcome = { id: string; ok: boolean; error?: unknown };

export class JobQueue {
  private boss: PgBoss;
  private readonly events = new EventEmitter();
  private readonly defs = new Map<string, JobDefinition<z.ZodType>>();
  private started = false;
  private handlers = true;
  private readonly loops: { start(): void; stop(): Promise<void> }[] = [];

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly pollingIntervalSeconds = 1,
  ) {
    this.boss = this.createBoss(true);
    this.events.setMaxListeners(0);
  }

  /**
   * On PGlite pg-boss talks through our executeSql (one embedded connection); on PostgreSQL through the
   * same adapter over the pool, so both drivers run the exact same queue code. Without handlers (a web
   * process of a fleet) pg-boss's own background work — maintenance and the cron clock — is left to the
   * processes that run jobs.
   */
  private createBoss(background: boolean) {
    const boss = new PgBoss({
      db: { executeSql: this.database.executeSql },
      schema: 'pgboss',
      ...(background ? {} : { supervise: false, schedule: false }),
    });
    boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
    return boss;
  }

  get isStarted() {
    return this.started;
  }

  register(...defs: JobDefinition<z.ZodType>[]) {
    for (const def of defs) this.defs.set(def.name, def);
  }

  /** Background loops (the SMS dispatcher) run wherever jobs run, and stop with them. */
  addLoop(loop: { start(): void; stop(): Promise<void> }) {
    this.loops.push(loop);
    if (this.started && this.handlers) loop.start();
  }

  /**
   * Starts the queue. `handlers: false` (a web process of a fleet, ADR 19) only makes sending possible:
   * the queues exist, but no handler, background loop, maintenance or cron clock runs in this process.
   */
  async start(options: { handlers?: boolean } = {}) {
    this.handlers = options.handlers ?? true;
    if (!this.handlers) this.boss = this.createBoss(false);
    await this.boss.start();
    // A restart finds its queues in place: one read rather than a create_queue call per queue, each a
    // no-op on an existing queue anyway (issue F, warm start).
    const existing = new Set((await this.boss.getQueues()).map((q) => q.name));
    for (const def of this.defs.values()) {
      if (!existing.has(def.name))
        await this.boss.createQueue(def.name, {
          name: def.name,
          retryLimit: def.retryLimit ?? 5,
          retryBackoff: true,
        });
      if (!this.handlers) continue;
      await this.boss.work(
        def.name,
        // pg-boss waits a polling interval after every fetch, so one job per fetch would cap each queue at
        // one job a second: take a batch, and run it in order (events of one call or one message arrive as
        // several jobs whose order matters).
        { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: BATCH },
        async (jobs) => {
          for (const job of jobs) await this.run(def, job);
        },
      );
    }
    this.started = true;
    if (this.handlers) for (const loop of this.loops) loop.start();
  }

  private async run(def: JobDefinition<z.ZodType>, job: PgBoss.Job<unknown>) {
    try {
      const data = def.schema.parse(job.data);
      await def.handler(data, { id: job.id, attempt: 0 });
      this.events.emit(job.id, { id: job.id, ok: true } satisfies Outcome);
      this.events.emit(`name:${def.name}`, { id: job.id, ok: true } satisfies Outcome);
    } catch (err) {
      this.log.warn({ err, job: def.name, id: job.id }, 'job failed; pg-boss will retry');
      this.events.emit(job.id, { id: job.id, ok: false, error: err } satisfies Outcome);
      // Failed alone: the rest of its batch completes, this one is retried with backoff.
      await this.boss.fail(def.name, job.id, { message: err instanceof Error ? err.message : String(err) });
      this.events.emit(`name:${def.name}`, { id: job.id, ok: false, error: err } satisfies Outcome);
    }
  }

  async send<S extends z.ZodType>(def: JobDefinition<S>, data: z.input<S>, options: PgBoss.SendOptions = {}) {
    const payload = def.schema.parse(data) as object;
    const id = await this.boss.send(def.name, payload, options);
    if (!id) throw new Error(`job ${def.name} was not queued`);
    return id;
  }

  /**
   * Cron schedules are stored by pg-boss: an upsert on the name (one row however many processes call
   * it), and one process of a fleet sends each tick (a database timestamp guards the clock; the tick's job
   * is a singleton per minute).
   */
  async schedule(name: string, cron: string, data: object = {}) {
    // Every start declares its schedules: an unchanged one is left as it is rather than rewritten.
    const current = (await this.boss.getSchedules()).find((s) => s.name === name) as
      (PgBoss.Schedule & { timezone?: string }) | undefined;
    if (
      current?.cron === cron &&
      (current.timezone ?? 'UTC') === 'UTC' &&
      isDeepStrictEqual(current.data ?? {}, data) &&
      isDeepStrictEqual(current.options ?? {}, {})
    )
      return;
    await this.boss.schedule(name, cron, data);
  }

  /** Resolves when this process next finishes the job (tests wait on this instead of sleeping). */
  waitFor(id: string, timeoutMs = 15_000): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`job ${id} did not finish in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.events.once(id, (o: Outcome) => {
        clearTimeout(timer);
        resolve(o);
      });
    });
  }

  /** Resolves when this process next finishes any job of that name (for jobs other code queued). */
  waitForNext(name: string, timeoutMs = 15_000): Promise<Outcome> {
    return this.waitFor(`name:${name}`, timeoutMs);
  }

  async stop() {
    if (!this.started) return;
    this.started = false;
    if (this.handlers) await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
