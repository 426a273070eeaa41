/**
 * A clock plus a queue of timed tasks that emulators use for everything asynchronous (message status
 * lifecycles, delayed webhooks, call progress).
 *
 * - `manual` mode: time only moves when `advance(ms)` or `runAll()` is called, so tests never sleep and
 *   are fully deterministic. The clock starts at `now()` read once at creation.
 * - `real` mode: the clock follows `now()` (wall time by default) and tasks fire on real timers.
 */
export type ClockMode = 'manual' | 'real';

export interface SchedulerOptions {
  mode?: ClockMode;
  now?: () => Date;
  /** Called when a task throws; tasks must not kill the process or the emulator. */
  onError?: (error: unknown, label: string) => void;
}

export interface Scheduler {
  readonly mode: ClockMode;
  now(): Date;
  nowMs(): number;
  /** Runs `task` at absolute time `atMs` (epoch ms on this scheduler's clock). */
  at(atMs: number, label: string, task: () => unknown): void;
  /** Runs `task` `delayMs` after the current clock time. */
  after(delayMs: number, label: string, task: () => unknown): void;
  /** Manual mode: move the clock forward, running every task that falls due, in time order. */
  advance(ms: number): Promise<void>;
  /** Run every pending task (including ones scheduled by tasks), jumping the clock as needed. */
  runAll(maxTasks?: number): Promise<void>;
  /** Number of tasks not yet run. */
  pending(): number;
  /** Waits until tasks already started (real mode) have settled. */
  idle(): Promise<void>;
  /** Cancels all timers (plugin shutdown). */
  dispose(): void;
}

interface Task {
  atMs: number;
  seq: number;
  label: string;
  run: () => unknown;
}

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const mode = options.mode ?? 'real';
  const wallNow = options.now ?? (() => new Date());
  let manualMs = wallNow().getTime();
  let seq = 0;
  const queue: Task[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const onError = options.onError ?? (() => undefined);

  const nowMs = (): number => (mode === 'manual' ? manualMs : wallNow().getTime());

  const execute = async (task: Task): Promise<void> => {
    try {
      await task.run();
    } catch (error) {
      onError(error, task.label);
    }
  };

  const track = (task: Task): void => {
    const p = execute(task).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const takeNextDue = (limitMs: number): Task | undefined => {
    let best = -1;
    for (let i = 0; i < queue.length; i++) {
      const t = queue[i] as Task;
      if (t.atMs > limitMs) continue;
      const b = best >= 0 ? (queue[best] as Task) : undefined;
      if (!b || t.atMs < b.atMs || (t.atMs === b.atMs && t.seq < b.seq)) best = i;
    }
    return best >= 0 ? queue.splice(best, 1)[0] : undefined;
  };

  const api: Scheduler = {
    mode,
    now: () => new Date(nowMs()),
    nowMs,
    at(atMs, label, run) {
      const task: Task = { atMs, seq: ++seq, label, run };
      if (mode === 'manual') {
        queue.push(task);
        return;
      }
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          track(task);
        },
        Math.max(0, atMs - nowMs()),
      );
      timers.add(timer);
    },
    after(delayMs, label, run) {
      api.at(nowMs() + Math.max(0, delayMs), label, run);
    },
    async advance(ms) {
      if (mode !== 'manual') throw new Error('advance() is only available with a manual clock');
      const target = manualMs + Math.max(0, ms);
      for (let task = takeNextDue(target); task; task = takeNextDue(target)) {
        // Tasks see the clock at their own due time, so timestamps they write are exact.
        manualMs = Math.max(manualMs, task.atMs);
        await execute(task);
      }
      manualMs = target;
    },
    async runAll(maxTasks = 100_000) {
      if (mode !== 'manual') {
        await api.idle();
        return;
      }
      for (let i = 0; i < maxTasks; i++) {
        const task = takeNextDue(Number.POSITIVE_INFINITY);
        if (!task) return;
        manualMs = Math.max(manualMs, task.atMs);
        await execute(task);
      }
      throw new Error(`runAll(): more than ${maxTasks} tasks, probably a task loop`);
    },
    pending: () => (mode === 'manual' ? queue.length : timers.size + inFlight.size),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      queue.length = 0;
    },
  };
  return api;
}
