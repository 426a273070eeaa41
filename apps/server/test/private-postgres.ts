import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/*
 * A PostgreSQL server of a test's own (Debian's server binaries, initdb in a temporary folder, a free
 * port): a test may stop and start it without disturbing the machine's shared server, which other test
 * files use at the same time.
 */

/** Debian's newest server binaries (/usr/lib/postgresql/<version>/bin), or null. */
function serverBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
async function runAs(): Promise<string[] | null> {
  if (process.getuid?.() !== 0) return [];
  try {
    await run('id', ['-u', 'postgres']);
    return ['runuser', '-u', 'postgres', '--'];
  } catch {
    return null;
  }
}

/** Why a private server cannot be started here, or null when it can. */
export async function privatePostgresUnavailable(): Promise<string | null> {
  if (!serverBinaries())
    return 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql: apt-get install postgresql';
  if (!(await runAs())) return 'running as root and there is no postgres user to run the server as';
  return null;
}

export type PrivatePostgres = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication) */
  url: string;
  /** `pg_ctl stop`: fast (sessions terminated, clean checkpoint) or immediate (a crash) */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** the server's log, for failure messages */
  log(): string;
  /** stops the server and removes its folder */
  destroy(): Promise<void>;
};

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const prefix = await runAs();
  if (!bin || !prefix) throw new Error((await privatePostgresUnavailable()) ?? 'unavailable');
  const dir = mkdtempSync(join(tmpdir(), 'ava-pg-'));
  if (prefix.length) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  /** [file, args] running a server tool, as the postgres user when this process is root */
  const command = (tool: string, args: string[]): [string, string[]] =>
    prefix.length ? [prefix[0]!, [...prefix.slice(1), join(bin, tool), ...args]] : [join(bin, tool), args];
  const pg = (tool: string, args: string[]) => run(...command(tool, args), { timeout: 60_000 });
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Durability is not under test here (fsync off keeps it fast); the socket lives in the private folder.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    await pg('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', options]);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pg('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
  };
  await start();
  // Should the test runner end this process without the test's clean-up, the server goes with it.
  const orphan = () => {
    try {
      execFileSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'immediate']), { stdio: 'ignore' });
    } catch {
      // not running
    }
  };
  process.once('exit', orphan);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async destroy() {
      process.removeListener('exit', orphan);
      await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
