import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Ports 57001–57009 are this project's for test clusters (one cluster at a time): 57001–57003 serve
 * clients, 57004–57006 are their cluster buses (Redis's default, port + 10000, is past 65535 here).
 */
export const CLUSTER_PORTS = [57001, 57002, 57003];

export interface RedisClusterHandle {
  /** `redis+cluster://127.0.0.1:57001,…` as Kelisim reads it. */
  url: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real Redis Cluster of three masters (no replicas), each a `redis-server` child in a temporary
 * directory, joined by `redis-cli --cluster create`; `stop()` ends the servers and removes the directory.
 */
export async function startRedisCluster(ports = CLUSTER_PORTS): Promise<RedisClusterHandle> {
  // A cluster left by a killed run on these ports would refuse to be created again.
  await Promise.all(ports.map((port) => run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => undefined)));
  const dir = await mkdtemp(join(tmpdir(), 'kelisim-cluster-'));
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(port + ports.length), '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', '5000', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null) return resolve();
            server.once('exit', () => resolve());
            server.kill('SIGTERM');
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await waitFor(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG');
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const port of ports) {
      await waitFor(async () => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok'));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, stop };
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() - started > timeoutMs) throw new Error('the Redis Cluster did not come up');
    await sleep(100);
  }
}
