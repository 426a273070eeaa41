// File persistence for emulator snapshots: atomic writes (temp file + rename, owner-only mode since the
// snapshots hold sandbox credentials) and a debounced saver. The emulator states know nothing about
// files; they only produce and accept plain JSON.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner read/write only. */
export const PERSIST_FILE_MODE = 0o600;

/**
 * Parsed JSON of `file`, or `undefined` when it does not exist. Unreadable or invalid JSON throws an
 * error naming the file (a corrupt state file must never silently become an empty sandbox).
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read sandbox state file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(
      `Sandbox state file ${file} is corrupt (not valid JSON: ${(error as Error).message}). ` +
        'Fix or delete it to start with an empty sandbox.',
      { cause: error },
    );
  }
}

/** Writes `data` to a temp file next to `file` (mode 0600), then renames it over `file`. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { mode: PERSIST_FILE_MODE, flush: true });
    // `mode` only applies when the file is created and goes through the umask: make it exact.
    await chmod(temp, PERSIST_FILE_MODE);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface DebouncedSaver {
  /** Asks for a save `debounceMs` after the latest call (several changes → one write). */
  schedule(): void;
  /** Saves now (cancelling a scheduled save); resolves when the file is written. */
  save(): Promise<void>;
  /** Cancels the timer and writes a final time. Later `schedule()` calls are ignored. */
  close(): Promise<void>;
}

export function createDebouncedSaver(options: {
  file: string;
  /** Produces the JSON to write; called at write time, so it always sees the latest state. */
  serialize: () => string;
  debounceMs?: number;
  /** Longest a change waits for its write while changes keep coming (default 10 × debounceMs). */
  maxWaitMs?: number;
  /** Errors of scheduled saves (explicit `save()` / `close()` reject instead). */
  onError?: (error: unknown) => void;
}): DebouncedSaver {
  const debounceMs = options.debounceMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? debounceMs * 10;
  const onError =
    options.onError ?? ((error: unknown) => console.error(`[sandbox] saving ${options.file} failed`, error));
  let timer: NodeJS.Timeout | undefined;
  let pendingSince = 0;
  let closed = false;
  // Writes run one after another so an older snapshot never lands after a newer one.
  let chain: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    const next = chain.then(() => writeFileAtomic(options.file, options.serialize()));
    chain = next.catch(() => undefined);
    return next;
  };
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return {
    schedule() {
      if (closed) return;
      const now = Date.now();
      if (timer === undefined) pendingSince = now;
      else clearTimeout(timer);
      // Debounce, but never postpone a write more than maxWaitMs under a steady stream of changes.
      const delay = Math.max(0, Math.min(debounceMs, pendingSince + maxWaitMs - now));
      timer = setTimeout(() => {
        timer = undefined;
        write().catch(onError);
      }, delay);
      // A pending save must not keep the process alive; close() writes the final state.
      timer.unref();
    },
    save() {
      cancel();
      return write();
    },
    async close() {
      closed = true;
      cancel();
      await write();
    },
  };
}
