/**
 * `npm run bench`: every benchmark in turn, each writing its results/*.json, then report.ts rewrites the
 * README's performance tables from them. A benchmark that fails does not stop the others (its previous
 * results, if any, stay, dated, in the README); the exit code says whether all of them ran.
 *
 * BENCH_ONLY=storm,report (names below) runs a subset. The soak is not here: it takes an hour
 * (`npm run bench:soak`).
 */
import { spawn } from 'node:child_process';

const BENCHES: [name: string, file: string][] = [
  ['requests', 'run.ts'],
  ['receptionist', 'receptionist.ts'],
  ['sms-hub', 'sms-hub.ts'],
  ['analytics', 'sms-analytics.ts'],
  ['storm', 'status-storm.ts'],
  ['app-start', 'app-start.ts'],
];

const only = process.env.BENCH_ONLY?.split(',');
const run = (file: string) =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: import.meta.dirname,
      stdio: 'inherit',
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const failed: string[] = [];
for (const [name, file] of BENCHES) {
  if (only && !only.includes(name)) continue;
  const t0 = performance.now();
  console.error(`\n[bench] ${name} (${file})`);
  const code = await run(file);
  console.error(
    `[bench] ${name}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${Math.round((performance.now() - t0) / 1000)} s`,
  );
  if (code !== 0) failed.push(name);
}
if (!only || only.includes('report')) await run('report.ts');
if (failed.length) {
  console.error(`[bench] failed: ${failed.join(', ')}`);
  process.exit(1);
}
