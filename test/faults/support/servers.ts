import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every server a scenario started and has not seen end: killed when the test process exits, however it exits. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** A child process that is ours to kill: its output kept, its end awaited. */
class Child {
  output = '';
  readonly exited: Promise<number | null>;
  constructor(readonly process: ChildProcess) {
    alive.add(process);
    process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      process.once('exit', (code) => {
        alive.delete(process);
        resolve(code);
      }),
    );
  }
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
  async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.running) this.process.kill(signal);
    await this.exited;
  }
}

/** PostgreSQL 15 binaries of the machine (the Debian layout, as .ci/run installs them). */
async function postgresBin(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

/** As root, PostgreSQL must run as someone else: the Debian package's user `postgres`. */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory, on a port given by the caller,
 * so that it can be killed and restarted without touching anyone else's.
 */
export class PrivatePostgres {
  private child: Child | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  static async create(port: number): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'kelisim-faults-pg-'));
    const user = await postgresUser();
    if (user) await chown(dir, user.uid, user.gid);
    const bin = await postgresBin();
    const db = new PrivatePostgres(port, dir, bin, user);
    await db.exec('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    await db.start();
    return db;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.child = new Child(
      spawn(
        join(this.bin, 'postgres'),
        ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300', '-c', 'full_page_writes=off'],
        { stdio: ['ignore', 'pipe', 'pipe'], ...this.user },
      ),
    );
    for (let i = 0; i < 300; i++) {
      if (!this.child.running) throw new Error(`PostgreSQL on ${this.port} exited:\n${this.child.output}`);
      const client = new pg.Client({ connectionString: this.url('postgres') });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        await sleep(100);
      }
    }
    throw new Error(`PostgreSQL on ${this.port} did not start:\n${this.child.output}`);
  }

  /** `immediate` is a crash (every backend dropped, recovery at the next start); `fast` a clean stop. */
  async stop(mode: 'immediate' | 'fast' = 'fast'): Promise<void> {
    await this.child?.stop(mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
    this.child = null;
  }

  async query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop('immediate');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const child = new Child(spawn(join(this.bin, tool), args, { stdio: ['ignore', 'pipe', 'pipe'], ...this.user }));
      void child.exited.then((code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited ${code}:\n${child.output}`))));
    });
  }
}

/** A Redis of the test's own (no persistence, noeviction as BullMQ needs), to flush, fill or kill. */
export class PrivateRedis {
  private child: Child | null = null;
  constructor(
    readonly port: number,
    private readonly args: string[] = [],
  ) {}

  static async create(port: number, args: string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(port, args);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.child = new Child(
      spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--daemonize', 'no', ...this.args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    for (let i = 0; i < 100; i++) {
      if (!this.child.running) throw new Error(`Redis on ${this.port} exited:\n${this.child.output}`);
      if (this.child.output.includes('Ready to accept connections')) return;
      await sleep(50);
    }
    throw new Error(`Redis on ${this.port} did not start:\n${this.child.output}`);
  }

  async stop(): Promise<void> {
    await this.child?.stop('SIGKILL');
    this.child = null;
  }

  /** A short-lived client for one look or one blow (FLUSHALL, CONFIG SET). */
  async use<T>(act: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    try {
      return await act(redis);
    } finally {
      redis.disconnect();
    }
  }
}

export { Child };
