import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NoteVerifier, openCheckpoint } from '@kelisim/audit';
import { SIGNATURE_HEADER } from '@kelisim/notifications';
import { ReminderReconciler } from '@kelisim/deadlines';
import { aUser, pauseWorker, startTestApp, type TestApp } from '@kelisim/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue, Worker } from 'bullmq';
import { WITNESS_QUEUE, WitnessDeliveryProcessor } from '../../libs/audit/src/infrastructure/witness-delivery.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await sleep(100);
  }
}

interface Call {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

const SECRET = 'a-witness-secret-of-the-prosecutor';

/**
 * Witnesses of the journal (issue 11): every checkpoint is POSTed, signed as a notification webhook
 * is and retried through the same queue machinery, to each active webhook witness; a 2xx answer is
 * its acknowledgement, which the admin's list shows.
 */
describe('journal witnesses', () => {
  let t: TestApp;
  let receiver: Server;
  let url: string;
  const calls: Call[] = [];
  /** Answers to give, in order; 200 once they run out. */
  const answers: number[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const status = answers.shift() ?? 200;
        calls.push({ headers: req.headers, body, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/witness`;
    t = await startTestApp({ env: { KELISIM_CHECKPOINT_INTERVAL_MS: '600000', KELISIM_DELIVERY_BACKOFF_MS: '200', KELISIM_DELIVERY_ATTEMPTS: '4' } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const list = async () => (await t.http.get('/api/v1/audit/witnesses').set(admin())).body as { id: string; active: boolean; lastAcknowledged: { treeSize: number; rootHash: string } | null }[];

  it('Witness_GetsEachCheckpointSigned_AndItsAcknowledgementShows_AfterARetry', async () => {
    const created = await t.http.post('/api/v1/audit/witnesses').set(admin()).send({ name: 'Prosecutor', kind: 'webhook', url, secret: SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Prosecutor', kind: 'webhook', url, active: true, lastAcknowledged: null });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const id = created.body.id as string;
    // The registration is itself journaled, with no secret.
    const [event] = (await t.dataSource.query(`SELECT type, payload::text AS payload FROM journal_events WHERE stream_id = $1`, [id])) as { type: string; payload: string }[];
    expect(event.type).toBe('WitnessRegistered');
    expect(event.payload).not.toContain(SECRET);

    answers.push(500); // the first attempt fails; the queue retries it
    const round = await t.sealer.sealNow();
    expect(round.checkpoint).not.toBeNull();
    const seen = await until(list, (witnesses) => witnesses.find((w) => w.id === id)?.lastAcknowledged?.treeSize === round.checkpoint);
    const mine = seen.find((w) => w.id === id)!;
    expect(mine.lastAcknowledged?.treeSize).toBe(round.checkpoint);

    const delivered = calls.filter((c) => JSON.parse(c.body).witnessId === id);
    expect(delivered.map((c) => c.status)).toEqual([500, 200]);
    for (const call of delivered) {
      const header = String(call.headers[SIGNATURE_HEADER.toLowerCase()]);
      const [, timestamp, signature] = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(header)!;
      expect(signature).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${call.body}`).digest('hex'));
    }
    const payload = JSON.parse(delivered[1].body) as { treeSize: number; rootHash: string; checkpoint: string };
    expect(payload.treeSize).toBe(round.checkpoint);
    expect(payload.rootHash).toBe(mine.lastAcknowledged!.rootHash);
    // The note is the checkpoint as signed: it opens under the journal's published key.
    const { verifierKey } = (await t.http.get('/api/v1/audit/public-key').set(admin())).body as { verifierKey: string };
    const { checkpoint } = openCheckpoint(payload.checkpoint, [NoteVerifier.parse(verifierKey)]);
    expect(checkpoint.treeSize).toBe(round.checkpoint);
    expect(checkpoint.rootHash.toString('base64')).toBe(payload.rootHash);
    const [{ count }] = (await t.dataSource.query(`SELECT count(*)::int AS count FROM witness_acks WHERE witness_id = $1`, [id])) as { count: number }[];
    expect(count).toBe(1);
    // The acknowledgement is insert-only.
    await expect(t.dataSource.query(`UPDATE witness_acks SET tree_size = tree_size WHERE witness_id = $1`, [id])).rejects.toThrow(/append-only/);
  }, 120_000);

  it('QueueStoreWiped_BeforeACheckpointReachedTheWitness_ItIsSentOnReconcile', async () => {
    const created = await t.http.post('/api/v1/audit/witnesses').set(admin()).send({ name: 'Audit committee', kind: 'webhook', url, secret: SECRET });
    const id = created.body.id as string;
    const ours = (t.app.get(WitnessDeliveryProcessor) as unknown as { worker: Worker }).worker;
    const resume = await pauseWorker(ours, t.app.get<Queue>(getQueueToken(WITNESS_QUEUE)));
    let treeSize: number | null;
    try {
      treeSize = (await t.sealer.sealNow()).checkpoint;
      await until(
        async () => (await t.dataSource.query(`SELECT enqueued FROM witness_deliveries WHERE witness_id = $1`, [id])) as { enqueued: boolean }[],
        (rows) => rows[0]?.enqueued === true,
      );
      await t.queues.wipe(); // the queue store loses the checkpoint's job
    } finally {
      resume();
    }
    await t.app.get(ReminderReconciler).reconcile();
    const seen = await until(list, (witnesses) => witnesses.find((w) => w.id === id)?.lastAcknowledged?.treeSize === treeSize);
    expect(seen.find((w) => w.id === id)?.lastAcknowledged?.treeSize).toBe(treeSize);
    expect(calls.filter((c) => JSON.parse(c.body).witnessId === id)).toHaveLength(1);
  });

  it('DeactivatedWitness_GetsNoLaterCheckpoint', async () => {
    const created = await t.http.post('/api/v1/audit/witnesses').set(admin()).send({ name: 'Former', kind: 'webhook', url, secret: SECRET });
    const id = created.body.id as string;
    const deactivated = await t.http.post(`/api/v1/audit/witnesses/${id}/deactivate`).set(admin());
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ id, active: false });
    expect((await t.http.post(`/api/v1/audit/witnesses/${id}/deactivate`).set(admin())).status).toBe(409);
    const round = await t.sealer.sealNow();
    expect(round.checkpoint).not.toBeNull();
    const [{ count }] = (await t.dataSource.query(`SELECT count(*)::int AS count FROM witness_deliveries WHERE witness_id = $1`, [id])) as { count: number }[];
    expect(count).toBe(0);
    expect((await t.http.post(`/api/v1/audit/witnesses/00000000-0000-4000-8000-000000000000/deactivate`).set(admin())).status).toBe(404);
  }, 180_000);

  it('NonAdmin_IsRefused_403', async () => {
    const user = await aUser(t);
    const auth = { Authorization: `Bearer ${user.token}` };
    expect((await t.http.get('/api/v1/audit/witnesses').set(auth)).status).toBe(403);
    expect((await t.http.post('/api/v1/audit/witnesses').set(auth).send({ name: 'X', kind: 'webhook', url, secret: SECRET })).status).toBe(403);
  }, 180_000);

  it('BadUrl_Or_Secret_Is400_NamingTheField', async () => {
    const before = (await list()).length;
    for (const [body, field] of [
      [{ name: 'X', kind: 'webhook', url: 'not a url', secret: SECRET }, 'url'],
      [{ name: 'X', kind: 'webhook', url: 'ftp://witness.example.kz/', secret: SECRET }, 'url'],
      [{ name: 'X', kind: 'webhook', url: 'http://10.1.2.3/hook', secret: SECRET }, 'url'],
      [{ name: 'X', kind: 'webhook', url: 'http://169.254.169.254/latest/', secret: SECRET }, 'url'],
      [{ name: 'X', kind: 'webhook', url, secret: 'short' }, 'secret'],
      [{ name: 'X', kind: 'carrier-pigeon', url, secret: SECRET }, 'kind'],
      [{ name: 'X', kind: 'email' }, 'userId'],
      [{ name: 'X', kind: 'email', userId: 'not-a-uuid' }, 'userId'],
      [{ name: 'X', kind: 'email', userId: '00000000-0000-4000-8000-000000000000' }, 'userId'],
    ] as const) {
      const refused = await t.http.post('/api/v1/audit/witnesses').set(admin()).send(body);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    expect((await list()).length).toBe(before);
  }, 180_000);
});
