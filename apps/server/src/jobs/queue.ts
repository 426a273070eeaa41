import { EventEmitter } from 'node:events';
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

type Outcome = { id: string; ok: boolean; error?: unknown };

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly events = new EventEmitter();
  private readonly defs = new Map<string, JobDefinition<z.ZodType>>();
  private started = false;

  constructor(
    database: Database,
    private readonly log: Logger,
    private readonly pollingIntervalSeconds = 1,
  ) {
    // On PGlite pg-boss talks through our executeSql (one embedded connection); on PostgreSQL through
    // the same adapter over the pool, so both drivers run the exact same queue code.
    this.boss = new PgBoss({ db: { executeSql: database.executeSql }, schema: 'pgboss' });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
    this.events.setMaxListeners(0);
  }

  get isStarted() {
    return this.started;
  }

  register(...defs: JobDefinition<z.ZodType>[]) {
    for (const def of defs) this.defs.set(def.name, def);
  }

  async start() {
    await this.boss.start();
    for (const def of this.defs.values()) {
      await this.boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 5,
        retryBackoff: true,
      });
      await this.boss.work(
        def.name,
        { pollingIntervalSeconds: this.pollingIntervalSeconds },
        async (jobs) => {
          for (const job of jobs) await this.run(def, job);
        },
      );
    }
    this.started = true;
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
      this.events.emit(`name:${def.name}`, { id: job.id, ok: false, error: err } satisfies Outcome);
      throw err;
    }
  }

  async send<S extends z.ZodType>(def: JobDefinition<S>, data: z.input<S>, options: PgBoss.SendOptions = {}) {
    const payload = def.schema.parse(data) as object;
    const id = await this.boss.send(def.name, payload, options);
    if (!id) throw new Error(`job ${def.name} was not queued`);
    return id;
  }

  /** Cron schedules are stored by pg-boss, so one instance of a fleet runs each tick. */
  async schedule(name: string, cron: string, data: object = {}) {
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
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
