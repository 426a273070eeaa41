import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebouncedSaver, readJsonFile, writeFileAtomic } from '../src/shared/persist.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ava-sandbox-saver-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('persistence helpers', () => {
  it('writes atomically with mode 0600, even over a file with a wider mode, leaving no temp file', async () => {
    const file = join(dir, 'atomic.json');
    await writeFile(file, '{}');
    await chmod(file, 0o644);
    await writeFileAtomic(file, '{"a":1}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads JSON, undefined for a missing file, and names a corrupt file', async () => {
    expect(await readJsonFile(join(dir, 'missing.json'))).toBeUndefined();
    const file = join(dir, 'bad.json');
    await writeFile(file, 'nope');
    await expect(readJsonFile(file)).rejects.toThrow(`Sandbox state file ${file} is corrupt`);
  });

  it('coalesces changes, caps the wait under a steady stream, and writes on close', async () => {
    const file = join(dir, 'debounced.json');
    let counter = 0;
    let writes = 0;
    const saver = createDebouncedSaver({
      file,
      serialize: () => {
        writes += 1;
        return JSON.stringify({ counter });
      },
      debounceMs: 40,
      maxWaitMs: 120,
    });
    for (let i = 0; i < 5; i++) {
      counter += 1;
      saver.schedule();
    }
    await sleep(80);
    expect(writes).toBe(1);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ counter: 5 });

    // Changes every 20 ms would postpone a plain debounce forever; maxWaitMs forces a write.
    const before = writes;
    for (let i = 0; i < 12; i++) {
      counter += 1;
      saver.schedule();
      await sleep(20);
    }
    expect(writes).toBeGreaterThan(before);

    counter = 99;
    saver.schedule();
    await saver.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ counter: 99 });
    const closedWrites = writes;
    saver.schedule(); // ignored after close
    await sleep(60);
    expect(writes).toBe(closedWrites);
  });
});
