import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { GuardedClient, PatientClient } from '@kelisim/config';
import { outageOf } from '@kelisim/http';

/** The server's own database: the test makes no tables. */
const serverUrl = (): URL => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  url.pathname = '/postgres';
  return url;
};

/**
 * A TCP relay to the real PostgreSQL that cuts each new connection as it becomes ready: it holds the
 * server's bytes from the start, terminates the backend (pg_terminate_backend) once its
 * ReadyForQuery is in, and passes "ready" and the FATAL 57P01 on in one write — one chunk for the
 * client, as a loaded machine reads a connection cut at once.
 */
async function cuttingRelay(admin: pg.Client, target: URL): Promise<{ url: URL; close: () => Promise<void> }> {
  const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5]);
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream);
    const held: Buffer[] = [];
    let stage: 'starting' | 'cutting' | 'passing' = 'starting';
    upstream.on('data', (chunk: Buffer) => {
      if (stage === 'passing') return void client.write(chunk);
      held.push(chunk);
      const bytes = Buffer.concat(held);
      if (stage === 'starting' && bytes.subarray(-6).subarray(0, 5).equals(readyForQuery)) {
        stage = 'cutting';
        // BackendKeyData ('K', length 12): the backend's process id.
        const key = bytes.indexOf(Buffer.from([0x4b, 0, 0, 0, 12]));
        void admin.query('SELECT pg_terminate_backend($1)', [bytes.readInt32BE(key + 5)]);
      } else if (stage === 'cutting' && bytes.includes('57P01')) {
        stage = 'passing';
        client.write(bytes);
      }
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => (socket === client ? upstream : client).destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a pooled connection cut as it is handed over', () => {
  let admin: pg.Client;
  let relay: Awaited<ReturnType<typeof cuttingRelay>>;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl().toString() });
    await admin.connect();
    relay = await cuttingRelay(admin, serverUrl());
  });
  afterAll(async () => {
    await relay?.close();
    await admin?.end();
  });

  // Before: pg-pool handed the client over with no 'error' listener, the FATAL read with "ready" was
  // emitted to nobody, and the process ended (an uncaught 'error' event; the platform's log in
  // connection-shortage.e2e-spec ended so on a loaded machine).
  it.each([
    ['GuardedClient (the commands pool)', GuardedClient],
    ['PatientClient (TypeORM and the queues on PostgreSQL)', PatientClient],
  ])('%s_TheTakerHearsOfItAtItsQuery_As503_AndThePoolDropsIt', async (_name, Client) => {
    const pool = new pg.Pool({ connectionString: relay.url.toString(), max: 1, Client });
    const idleErrors: Error[] = [];
    pool.on('error', (error) => idleErrors.push(error));
    try {
      const client = await pool.connect();
      const failed = await client.query('SELECT 1').then(
        () => null,
        (error: Error) => error,
      );
      expect(failed?.message).toMatch(/not queryable|terminating connection/);
      expect(outageOf(failed)).toBe('PostgreSQL');
      client.release();
      expect(pool.totalCount).toBe(0);
      expect(idleErrors).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
