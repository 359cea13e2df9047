import { createHmac } from 'node:crypto';
import { createServer, globalAgent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { NoteVerifier, openCheckpoint } from '@kelisim/audit';
import { Clock, DAY_MS, newId, SYSTEM_ACTOR, toWall } from '@kelisim/kernel';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DELIVERIES_QUEUE, DigestComposer, deliveryJobId, Notifier, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookChannel } from '@kelisim/notifications';
import { UnitOfWork } from '@kelisim/persistence';
import { ReminderReconciler } from '@kelisim/deadlines';
import { DeliveryProcessor } from '../../libs/notifications/src/infrastructure/delivery.processor.js';
import { aUser, pauseWorker, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * Real time, moved so that Almaty's clocks read 13:00 when the file starts: the daily digest's hour
 * (08:00 local) has passed and the local day does not end during the run, whatever hour CI runs at.
 */
class MiddayInAlmaty extends Clock {
  private readonly offset: number;
  constructor() {
    super();
    const wall = toWall(Date.now(), 'Asia/Almaty');
    this.offset = Math.floor(wall / DAY_MS) * DAY_MS + 13 * 3_600_000 - wall;
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await sleep(100);
  }
}

/** A port nothing listens on yet. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The decoded text/html part of a raw MIME message (nodemailer writes base64, or quoted-printable for mostly ASCII). */
function htmlPart(raw: string): string {
  const match = /Content-Type: text\/html[^\r\n]*\r?\nContent-Transfer-Encoding: (base64|quoted-printable)\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(raw);
  if (!match) return '';
  if (match[1] === 'base64') return Buffer.from(match[2].replace(/\s+/g, ''), 'base64').toString('utf8');
  const bytes = match[2].replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

interface Mail {
  to: string;
  raw: string;
}

describe('delivery channels', () => {
  let t: TestApp;
  let smtpPort: number;
  let smtp: SMTPServer | null = null;
  const mails: Mail[] = [];
  let hooks: Server;
  let hookUrl: string;
  const received: { url: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let failNext = 0;
  /** The next webhook call is answered only when this settles: a send still in flight. */
  let holdNext: Promise<void> | null = null;

  const startSmtp = async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(smtpPort, '127.0.0.1', resolve));
  };

  const notify = (recipient: TestUser, subjectId = newId()) =>
    t.app.get(UnitOfWork).run(SYSTEM_ACTOR, () =>
      t.app.get(Notifier).notify({
        recipientId: recipient.id,
        type: 'task.reminder',
        subject: { type: 'task', id: subjectId },
        params: { title: 'Достық бөлмесін ашу', dueAt: new Date('2026-12-01T13:00:00Z') },
        dedupeKey: `test:${subjectId}:${recipient.id}`,
      }),
    );
  const deliveries = async (notificationId: string) =>
    (await t.dataSource.query(`SELECT channel, state, attempts, last_error FROM deliveries WHERE notification_id = $1 ORDER BY channel`, [
      notificationId,
    ])) as { channel: string; state: string; attempts: number; last_error: string | null }[];

  beforeAll(async () => {
    smtpPort = await freePort();
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        if (holdNext) {
          const release = holdNext;
          holdNext = null;
          void release.then(() => res.writeHead(204).end());
        } else if (req.url?.endsWith('/moved')) res.writeHead(302, { Location: hookUrl.replace('/kelisim', '/redirected') }).end();
        else if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/kelisim`;
    t = await startTestApp({
      clock: new MiddayInAlmaty(),
      env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, KELISIM_DELIVERY_BACKOFF_MS: '300', KELISIM_DELIVERY_ATTEMPTS: '4' },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => hooks.close(resolve));
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  });

  it('Email_WhileSmtpIsDown_IsRetriedAndDeliveredOnceWhenItComesBack', async () => {
    const user = await aUser(t, { locale: 'kk' });
    const id = (await notify(user))!;
    const failed = await until(() => deliveries(id), (d) => d[0]?.attempts >= 1);
    expect(failed[0]).toMatchObject({ channel: 'email', state: 'pending' });
    expect(failed[0].last_error).toMatch(/ECONNREFUSED|connect/i);

    await startSmtp();
    const done = await until(() => deliveries(id), (d) => d[0]?.state === 'delivered');
    expect(done[0].state).toBe('delivered');
    await sleep(500);
    const mine = mails.filter((m) => m.to === user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].raw).toContain('text/calendar'); // the deadline as an .ics attachment
    expect(mine[0].raw).toContain('text/html');
    expect(mine[0].raw).toMatch(/Message-ID: <[0-9a-f-]+@kelisim>/i);
  });

  it('Webhook_IsSignedWithTheOrganizationsSecret_AndRetriedAfterA500', async () => {
    const user = await aUser(t);
    const secret = 'a-webhook-secret-of-the-district';
    const set = await t.http
      .put(`/api/v1/admin/webhooks/${user.organizationId}`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ url: hookUrl, secret });
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain(secret);
    const [journal] = await t.dataSource.query(`SELECT payload FROM journal_events WHERE type = 'WebhookEndpointSet' ORDER BY position DESC LIMIT 1`);
    expect(JSON.stringify(journal.payload)).not.toContain(secret);

    failNext = 1;
    const before = received.length;
    const id = (await notify(user))!;
    const done = await until(() => deliveries(id), (d) => d.find((x) => x.channel === 'webhook')?.state === 'delivered');
    expect(done.find((x) => x.channel === 'webhook')).toMatchObject({ state: 'delivered', attempts: 2 });
    const calls = received.slice(before);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      // The timestamp is signed with the body: `t=<unix seconds>,sha256=<HMAC of "<t>.<body>">`.
      const timestamp = call.headers[TIMESTAMP_HEADER.toLowerCase()] as string;
      expect(timestamp).toMatch(/^\d{10}$/);
      const expected = `t=${timestamp},sha256=${createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('hex')}`;
      expect(call.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
      expect(JSON.parse(call.body)).toMatchObject({ id, type: 'task.reminder', subject: { type: 'task' } });
    }
  });

  it('Webhooks_OverOneKeptAliveConnection_LeaveNoListenerOnIt', async () => {
    // CI's worker logs once showed 'MaxListenersExceededWarning: 11 connect listeners added to [Socket]'.
    const before = received.length;
    for (let i = 0; i < 15; i += 1) await t.app.get(WebhookChannel).post(hookUrl, JSON.stringify({ i }), newId(), 'a-webhook-secret-of-the-district');
    expect(received.length - before).toBe(15);
    // Node's global agent keeps the connection for the next request.
    const kept = Object.values(globalAgent.freeSockets).flat();
    expect(kept.length).toBeGreaterThan(0);
    expect(Math.max(...kept.map((socket) => socket!.listenerCount('connect')))).toBeLessThanOrEqual(1);
  });

  const mine = (from: number, notificationId: string) => received.slice(from).filter((call) => JSON.parse(call.body).id === notificationId);
  const setHook = (organizationId: string, url: string) =>
    t.http.put(`/api/v1/admin/webhooks/${organizationId}`).set('Authorization', `Bearer ${t.adminToken}`).send({ url, secret: 'a-webhook-secret-of-the-district' });

  /** A new notification whose webhook call has reached the receiver and is held open there until `release()`: its row is leased. */
  const aWebhookSendHeldOpen = async () => {
    const user = await aUser(t);
    await setHook(user.organizationId, hookUrl);
    let release!: () => void;
    holdNext = new Promise((resolve) => (release = resolve));
    const before = received.length;
    const id = (await notify(user))!;
    await until(async () => received.length, (n) => n > before);
    const [webhook] = (await t.dataSource.query(`SELECT id FROM deliveries WHERE notification_id = $1 AND channel = 'webhook'`, [id])) as { id: string }[];
    return { id, before, webhook, queue: t.app.get<Queue>(getQueueToken(DELIVERIES_QUEUE)), release };
  };
  /** The notification's webhook row ends delivered after one attempt, and the receiver got one call. */
  const expectDeliveredOnce = async (id: string, before: number) => {
    const done = await until(() => deliveries(id), (d) => d.find((x) => x.channel === 'webhook')?.state === 'delivered');
    expect(done.find((x) => x.channel === 'webhook')).toMatchObject({ state: 'delivered', attempts: 1 });
    await sleep(500);
    expect(mine(before, id)).toHaveLength(1);
  };

  it('SecondJobForARowStillBeingSent_WaitsForTheFirst_AndSendsNothingMore', async () => {
    // What rebuilding the queues from PostgreSQL does when Redis lost its keys while a send was in flight.
    const { id, before, webhook, queue, release } = await aWebhookSendHeldOpen();
    const second = await queue.add('deliver', { deliveryId: webhook.id }, { jobId: `${deliveryJobId(webhook.id)}-rebuilt`, attempts: 4 });
    expect(await until(() => second.getState(), (state) => state === 'delayed')).toBe('delayed');

    release();
    await expectDeliveredOnce(id, before);
  });

  it('SameJobTakenOverByTheStalledCheckWhileItsFirstRunIsStillSending_WaitsForIt_AndSendsNothingMore', async () => {
    // What a worker frozen, or cut off from Redis (down, flushed, at maxmemory), past its job lock leads to: BullMQ's
    // stalled check moves the job back to wait and a second run of the very same job starts while the first is sending.
    const { id, before, webhook, queue, release } = await aWebhookSendHeldOpen();
    const job = (await queue.getJob(deliveryJobId(webhook.id)))!;
    expect(await job.getState()).toBe('active');

    // The first run's lock lapses; another worker's stalled check (run twice: it marks, then moves) takes the job over.
    const redis = new Redis((t.config.redis as { url: string }).url);
    const other = new Worker(DELIVERIES_QUEUE, null, { connection: queue.opts.connection, prefix: queue.opts.prefix, autorun: false });
    try {
      const stalledCheck = async () => {
        await redis.del(queue.toKey('stalled-check'));
        return (other as unknown as { moveStalledJobsToWait(): Promise<void> }).moveStalledJobsToWait();
      };
      await redis.del(`${queue.toKey(job.id!)}:lock`);
      await stalledCheck();
      await stalledCheck();
      const second = await until(
        () => job.getState(),
        (state) => state === 'delayed' || state === 'completed' || state === 'failed' || mine(before, id).length > 1,
      );
      expect(mine(before, id)).toHaveLength(1);
      expect(second).toBe('delayed');
    } finally {
      await other.close();
      redis.disconnect();
      release();
    }
    await expectDeliveredOnce(id, before);
  });

  /**
   * The job of a pending row ended without sending it: failed by BullMQ's stalled check after the
   * worker running it died twice (what CI once saw with the worker SIGKILLed twice: the row stayed
   * pending, 0 attempts, for ever), completed by a run that found nothing to do, or gone. The
   * reconciler finds the row by PostgreSQL and queues it again; it is sent once.
   */
  it.each(['failed by the stalled check', 'completed', 'gone'])('DeliveryWhoseJobEndedWithoutSendingIt_%s_IsQueuedAgainByTheReconciler_AndSentOnce', async (ending) => {
    const user = await aUser(t);
    await setHook(user.organizationId, hookUrl);
    const queue = t.app.get<Queue>(getQueueToken(DELIVERIES_QUEUE));
    const ours = (t.app.get(DeliveryProcessor) as unknown as { worker: Worker }).worker;
    const redis = new Redis((t.config.redis as { url: string }).url);
    // Another worker, which never runs a job of its own: it takes the job, then dies (its lock lapses).
    const dying = new Worker(DELIVERIES_QUEUE, null, { connection: queue.opts.connection, prefix: queue.opts.prefix, autorun: false });
    const before = received.length;
    const resume = await pauseWorker(ours, queue);
    let id = '';
    try {
      id = (await notify(user))!;
      const [webhook] = (await t.dataSource.query(`SELECT id FROM deliveries WHERE notification_id = $1 AND channel = 'webhook'`, [id])) as { id: string }[];
      const jobId = deliveryJobId(webhook.id);
      await until(async () => (await queue.getJob(jobId))?.getState(), (state) => state === 'waiting');
      /** The dying worker takes jobs until it has the webhook's (the e-mail's, taken first, is left to its lock). */
      const takeTheWebhook = async (token: string) => {
        for (;;) {
          const job = await dying.getNextJob(token);
          if (!job || job.id === jobId) return job;
        }
      };
      const stalledCheck = async () => {
        await redis.del(queue.toKey('stalled-check'));
        await (dying as unknown as { moveStalledJobsToWait(): Promise<void> }).moveStalledJobsToWait();
      };
      if (ending === 'failed by the stalled check') {
        for (let death = 1; death <= 2; death += 1) {
          expect((await takeTheWebhook(`death-${death}`))?.id).toBe(jobId);
          await redis.del(`${queue.toKey(jobId)}:lock`);
          await stalledCheck(); // marks
          await stalledCheck(); // moves it back to wait; the second time marked to fail when taken next
        }
        // Our worker takes it and fails it as BullMQ 6 does, without running it.
        resume();
        expect(await until(async () => (await queue.getJob(jobId))!.getState(), (state) => state === 'failed')).toBe('failed');
        expect((await queue.getJob(jobId))!.failedReason).toMatch(/stalled more than allowable limit/);
      } else if (ending === 'completed') {
        const job = (await takeTheWebhook('nothing-to-do'))!;
        await job.moveToCompleted(undefined, 'nothing-to-do', false);
        expect(await job.getState()).toBe('completed');
      } else await queue.remove(jobId);
      expect(await deliveries(id)).toEqual([expect.objectContaining({ channel: 'email' }), expect.objectContaining({ channel: 'webhook', state: 'pending', attempts: 0 })]);
      // Queued a while ago, as the reconciler's next round would find it.
      await t.dataSource.query(`UPDATE deliveries SET created_at = created_at - interval '1 minute' WHERE id = $1`, [webhook.id]);
    } finally {
      resume();
      await dying.close();
      redis.disconnect();
    }
    await t.app.get(ReminderReconciler).reconcile();
    await expectDeliveredOnce(id, before);
  });

  it('Webhook_ThatKeepsFailing_EndsFailedWithTheReason_VisibleToAdminsOnly', async () => {
    const user = await aUser(t);
    await t.http
      .put(`/api/v1/admin/webhooks/${user.organizationId}`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ url: hookUrl, secret: 'another-secret-1234567' });
    failNext = 100;
    const id = (await notify(user))!;
    const done = await until(() => deliveries(id), (d) => d.find((x) => x.channel === 'webhook')?.state === 'failed', 25_000);
    failNext = 0;
    expect(done.find((x) => x.channel === 'webhook')).toMatchObject({ state: 'failed', attempts: 4, last_error: 'webhook answered 500' });
    const listed = await t.http.get('/api/v1/admin/deliveries?state=failed').set('Authorization', `Bearer ${t.adminToken}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { notificationId: string }) => d.notificationId)).toContain(id);
    expect((await t.http.get('/api/v1/admin/deliveries').set('Authorization', `Bearer ${user.token}`)).status).toBe(403);
  });

  it('Webhook_ToAnInternalAddress_IsRefusedAtSetting_NamingUrl', async () => {
    const user = await aUser(t);
    for (const url of ['http://127.0.0.2:6379/', 'http://[::1]:5432/', 'http://0x0a000001/', 'http://169.254.169.254/latest/', 'http://[::ffff:192.168.0.1]/']) {
      const refused = await setHook(user.organizationId, url);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('url');
    }
    expect((await t.dataSource.query(`SELECT 1 FROM webhook_endpoints WHERE organization_id = $1`, [user.organizationId])).length).toBe(0);
  });

  it('Webhook_WhoseAddressTurnsInternal_IsRefusedAtDelivery_WithACodeNotTheAddress', async () => {
    const user = await aUser(t);
    expect((await setHook(user.organizationId, hookUrl)).status).toBe(200);
    // As if its name now resolved inward: the delivery judges the target again.
    await t.dataSource.query(`UPDATE webhook_endpoints SET url = 'http://10.1.2.3:6379/' WHERE organization_id = $1`, [user.organizationId]);
    const id = (await notify(user))!;
    const done = await until(() => deliveries(id), (d) => (d.find((x) => x.channel === 'webhook')?.attempts ?? 0) >= 1);
    const error = done.find((x) => x.channel === 'webhook')!.last_error!;
    expect(error).toBe('WEBHOOK.URL_ADDRESS_REFUSED');
    expect(error).not.toMatch(/10\.1|6379/);
  });

  it('Webhook_ThatRedirects_IsNotFollowed', async () => {
    const user = await aUser(t);
    expect((await setHook(user.organizationId, hookUrl.replace('/kelisim', '/moved'))).status).toBe(200);
    const before = received.length;
    const id = (await notify(user))!;
    const done = await until(() => deliveries(id), (d) => (d.find((x) => x.channel === 'webhook')?.attempts ?? 0) >= 1);
    expect(done.find((x) => x.channel === 'webhook')!.last_error).toBe('webhook answered 302');
    expect(mine(before, id).map((call) => call.url)[0]).toBe('/moved');
    expect(received.slice(before).map((call) => call.url)).not.toContain('/redirected');
  });

  it('Webhook_WhoseUrlChangesBetweenRetries_GoesToTheNewUrl', async () => {
    const user = await aUser(t);
    expect((await setHook(user.organizationId, hookUrl)).status).toBe(200);
    failNext = 1;
    const before = received.length;
    const id = (await notify(user))!;
    await until(() => deliveries(id), (d) => (d.find((x) => x.channel === 'webhook')?.attempts ?? 0) >= 1);
    expect((await setHook(user.organizationId, hookUrl.replace('/kelisim', '/kelisim-new'))).status).toBe(200);
    await until(() => deliveries(id), (d) => d.find((x) => x.channel === 'webhook')?.state === 'delivered');
    expect(mine(before, id).map((call) => call.url)).toEqual(['/kelisim', '/kelisim-new']);
  });

  it('Notify_WithTheSameKeyTwice_PutsOneNotificationInTheInbox', async () => {
    const user = await aUser(t);
    const subjectId = newId();
    expect(await notify(user, subjectId)).toEqual(expect.any(String));
    expect(await notify(user, subjectId)).toBeNull();
    const inbox = await t.http.get('/api/v1/me/notifications?unread=true').set('Authorization', `Bearer ${user.token}`);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ type: 'task.reminder', subject: { type: 'task', id: subjectId }, readAt: null });
    expect(inbox.body.items[0].title).toBe('Еске салу: Достық бөлмесін ашу');
    const read = await t.http.post(`/api/v1/me/notifications/${inbox.body.items[0].id}/read`).set('Authorization', `Bearer ${user.token}`);
    expect(read.status).toBe(200);
    expect((await t.http.get('/api/v1/me/notifications?unread=true').set('Authorization', `Bearer ${user.token}`)).body.items).toHaveLength(0);
    const other = await aUser(t);
    expect((await t.http.post(`/api/v1/me/notifications/${inbox.body.items[0].id}/read`).set('Authorization', `Bearer ${other.token}`)).status).toBe(404);
  });

  it('DailyDigest_ReplacesSingleEmails_OneDigestPerDayWithEverything', async () => {
    if (!smtp) await startSmtp();
    const user = await aUser(t, { locale: 'ru' });
    const opted = await t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${user.token}`).send({ emailDigest: true });
    expect(opted.status).toBe(200);
    expect(opted.body.emailDigest).toBe(true);
    const first = (await notify(user))!;
    const second = (await notify(user))!;
    expect(await deliveries(first)).toEqual([]);
    expect(await deliveries(second)).toEqual([]);

    const composer = t.app.get(DigestComposer);
    expect(await composer.compose()).toBe(1); // 13:00 in Almaty: past the digest hour
    expect(await composer.compose()).toBe(0); // one per day
    const [digest] = await t.dataSource.query(`SELECT id, notification_ids FROM digests WHERE user_id = $1`, [user.id]);
    expect([...digest.notification_ids].sort()).toEqual([first, second].sort());
    const done = await until(
      async () => (await t.dataSource.query(`SELECT state FROM deliveries WHERE digest_id = $1`, [digest.id])) as { state: string }[],
      (rows) => rows[0]?.state === 'delivered',
    );
    expect(done[0].state).toBe('delivered');
    const mine = mails.filter((m) => m.to === user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].raw).toMatch(/Subject: =\?UTF-8\?/); // a Russian subject, encoded
    // Both notifications are items of the one e-mail, in the reader's language.
    const html = htmlPart(mine[0].raw);
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain('Напоминание: Достық бөлмесін ашу');
  });
  it('EmailWitness_TheDailyDigestCarriesTheLatestSignedCheckpoint_EvenWithoutNotifications_AndItsAcknowledgementShows', async () => {
    if (!smtp) await startSmtp();
    const admin = { Authorization: `Bearer ${t.adminToken}` };
    // Someone outside the installation (say the prosecutor's office) holds a user account with an e-mail address.
    const user = await aUser(t, { locale: 'kk' });
    const registered = await t.http.post('/api/v1/audit/witnesses').set(admin).send({ name: 'Прокуратура', kind: 'email', userId: user.id });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ kind: 'email', userId: user.id, url: null, active: true, lastAcknowledged: null });
    await t.sealer.sealNow();
    const [sealed] = (await t.dataSource.query('SELECT max(tree_size)::int AS tree_size FROM journal_checkpoints')) as { tree_size: number }[];

    const composer = t.app.get(DigestComposer);
    expect(await composer.compose()).toBe(1); // the witness only: no notification today, no digest opted into
    expect(await composer.compose()).toBe(0); // one per day
    const [digest] = await t.dataSource.query(`SELECT id, enclosure->>'ref' AS ref FROM digests WHERE user_id = $1`, [user.id]);
    // The newest checkpoint when the digest was made: the one just sealed, or a later one the sealer's own round signed meanwhile.
    const [newest] = (await t.dataSource.query('SELECT tree_size, note FROM journal_checkpoints WHERE tree_size = $1', [digest.ref])) as { tree_size: string; note: string }[];
    expect(Number(newest.tree_size)).toBeGreaterThanOrEqual(sealed.tree_size);
    const done = await until(
      async () => (await t.dataSource.query(`SELECT state FROM deliveries WHERE digest_id = $1`, [digest.id])) as { state: string }[],
      (rows) => rows[0]?.state === 'delivered',
    );
    expect(done[0].state).toBe('delivered');
    const mine = mails.filter((m) => m.to === user.email);
    expect(mine).toHaveLength(1);
    // The signed note verbatim, under a heading in the reader's language; it verifies with the public key.
    const html = htmlPart(mine[0].raw);
    expect(html).toContain('Журналдың бақылау нүктесі (қол қойылған жазба)');
    const pre = /<pre>([\s\S]*)<\/pre>/.exec(html)![1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    // Mail travels with CRLF line ends; the note is the same text once they are LF again.
    expect(pre.replace(/\r\n/g, '\n')).toBe(newest.note);
    const verifier = NoteVerifier.parse((await t.http.get('/api/v1/audit/public-key').set(admin)).body.verifierKey);
    expect(openCheckpoint(pre.replace(/\r\n/g, '\n'), [verifier]).checkpoint.treeSize).toBe(Number(newest.tree_size));

    // The mail server's acceptance is the witness's acknowledgement of that checkpoint.
    const listed = await until(
      async () => ((await t.http.get('/api/v1/audit/witnesses').set(admin)).body as { id: string; lastAcknowledged: { treeSize: number } | null }[]).find((w) => w.id === registered.body.id),
      (w) => w?.lastAcknowledged !== null,
    );
    expect(listed?.lastAcknowledged?.treeSize).toBe(Number(newest.tree_size));
  });
});
