import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { LoggedWorkerHost } from '@kelisim/queue';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { isLocale, type Locale, type LocalizedText } from '@kelisim/kernel';
import { DigestEnclosures } from '../application/digest-enclosures.js';
import type { NotificationRecord } from '../application/notification.records.js';
import { digestTitle } from '../domain/templates.js';
import { EmailChannel, type OutgoingMessage, WebhookChannel } from './channels.js';
import { DELIVERIES_QUEUE } from './queues.js';

/** A delivery with its notification's columns (null for a digest), its digest's and its recipient's. */
interface DeliveryRow extends Pick<NotificationRecord, 'type' | 'subject_type' | 'subject_id' | 'title' | 'body' | 'due_at' | 'created_at'> {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  state: string;
  notification_id: string;
  user_id: string;
  full_name: string;
  email: string;
  locale: string;
  secret: string | null;
  webhook_url: string | null;
  webhook_active: boolean | null;
  digest_id: string | null;
  notification_ids: string[] | null;
  enclosure: { ref: string; heading: LocalizedText; text: string } | null;
}

/** How long a sent delivery waits for the database to record it before the job fails (and the retry resends). */
const RECORD_PATIENCE_MS = 60_000;

/**
 * How long a sender holds its row: longer than a send (bounded by the channels' timeouts) plus the
 * wait to record it. Any other run for the row waits it out; a sender that died loses it then.
 */
const LEASE_MS = 180_000;

/**
 * Sends one delivery. The row, not the job, says whether it is done: a delivered row is never sent
 * again; each failure is recorded, and the last allowed attempt marks the row failed.
 */
@Processor(DELIVERIES_QUEUE, { concurrency: 10 })
export class DeliveryProcessor extends LoggedWorkerHost {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly enclosures: DigestEnclosures,
  ) {
    super();
  }

  async process(job: Job<{ deliveryId: string }>, token?: string): Promise<void> {
    if (!(await this.lease(job, token))) return;
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.channel, d.target, d.state, d.digest_id, n.id AS notification_id, n.type, n.subject_type, n.subject_id, n.title, n.body,
              n.due_at, n.created_at, g.notification_ids, g.enclosure, u.id AS user_id, u.full_name, u.email, u.locale, w.secret, w.url AS webhook_url, w.active AS webhook_active
         FROM deliveries d
         LEFT JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN digests g ON g.id = d.digest_id
         JOIN directory_users u ON u.id = coalesce(n.user_id, g.user_id)
         LEFT JOIN webhook_endpoints w ON w.organization_id = u.organization_id AND d.channel = 'webhook'
        WHERE d.id = $1`,
      [job.data.deliveryId],
    )) as DeliveryRow[];
    if (!row || row.state !== 'pending') return;
    const message: OutgoingMessage = {
      deliveryId: row.id,
      notificationId: row.notification_id,
      type: row.type,
      subject: { type: row.subject_type, id: row.subject_id },
      title: row.title,
      body: row.body,
      dueAt: row.due_at ? new Date(row.due_at) : null,
      createdAt: new Date(row.created_at),
      recipient: { id: row.user_id, fullName: row.full_name, email: row.email, locale: row.locale },
    };
    try {
      if (row.digest_id) await this.sendDigest(row);
      else if (row.channel === 'email') await this.email.send(message, row.target);
      else if (row.webhook_url && row.webhook_active) await this.webhook.send(message, row.webhook_url, row.secret ?? '');
      else throw new UnrecoverableError('WEBHOOK.REMOVED');
    } catch (error) {
      const reason = (error as Error).message.slice(0, 2000);
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.dataSource.query(
        `UPDATE deliveries SET attempts = attempts + 1, last_error = $2, state = CASE WHEN $3 THEN 'failed' ELSE state END, sending_by = NULL, sending_until = NULL
          WHERE id = $1 AND state = 'pending'`,
        [row.id, reason, last],
      );
      if (last) this.logger.warn(`Delivery ${row.id} (${row.channel}) failed for good: ${reason}`);
      throw error;
    }
    await this.recordDelivered(row.id);
    // After the ledger says delivered: a failure here leaves the enclosure unacknowledged, not resent.
    if (row.enclosure) {
      await this.enclosures.registered
        ?.delivered(row.user_id, row.enclosure.ref)
        .catch((error: Error) => this.logger.warn(`Recording the enclosure of digest delivery ${row.id} failed: ${error.message}`));
    }
  }

  /**
   * Takes the row for this run's send. The holder is this run alone (a fresh token per call), never
   * the job: BullMQ hands the same job to a second run when the first one's lock was lost — its
   * worker frozen, dead, or cut off from Redis (down, flushed, at maxmemory) — and the first may
   * still be sending. So any other run, of this job or of a second job for the row (the queues
   * rebuilt from PostgreSQL after Redis lost its keys), waits until the lease ends — delayed, not
   * failed — then finds the row delivered, or sends it if the first sender died or failed (a failed
   * send gives the row back at once). False when the row needs nothing more.
   */
  private async lease(job: Job<{ deliveryId: string }>, token: string | undefined): Promise<boolean> {
    const holder = `${job.id}#${randomUUID()}`;
    for (;;) {
      // TypeORM answers an UPDATE with [rows, affected].
      const [, claimed] = (await this.dataSource.query(
        `UPDATE deliveries SET sending_by = $2, sending_until = now() + make_interval(secs => $3)
          WHERE id = $1 AND state = 'pending' AND (sending_until IS NULL OR sending_until < now())`,
        [job.data.deliveryId, holder, LEASE_MS / 1000],
      )) as [unknown, number];
      if (claimed === 1) return true;
      const [row] = (await this.dataSource.query(
        `SELECT state = 'pending' AS pending, (extract(epoch FROM sending_until - now()) * 1000)::int AS left_ms FROM deliveries WHERE id = $1`,
        [job.data.deliveryId],
      )) as { pending: boolean; left_ms: number | null }[];
      if (!row?.pending) return false;
      // The lease ran out between the two statements: claim again.
      if (row.left_ms === null || row.left_ms < 0) continue;
      await job.moveToDelayed(Date.now() + row.left_ms + 1000, token);
      throw new DelayedError();
    }
  }

  /**
   * Once the message is out, failing the job would send it again: a database that is away right
   * now (restarting, failing over) is waited for, up to {@link RECORD_PATIENCE_MS}, before giving up
   * and letting the retry send a duplicate the receiver can fold (same Message-ID / delivery id).
   */
  private async recordDelivered(id: string): Promise<void> {
    const giveUpAt = Date.now() + RECORD_PATIENCE_MS;
    for (let pause = 200; ; pause = Math.min(pause * 2, 5000)) {
      try {
        await this.dataSource.query(
          `UPDATE deliveries SET attempts = attempts + 1, state = 'delivered', delivered_at = now(), last_error = NULL, sending_by = NULL, sending_until = NULL WHERE id = $1`,
          [id],
        );
        return;
      } catch (error) {
        if (Date.now() + pause > giveUpAt) throw error;
        this.logger.warn(`Delivery ${id} was sent but could not be recorded yet (${(error as Error).message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async sendDigest(row: DeliveryRow): Promise<void> {
    const items = (await this.dataSource.query(
      `SELECT title, body FROM notifications WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [row.notification_ids ?? []],
    )) as { title: string; body: string }[];
    const locale = (isLocale(row.locale) ? row.locale : 'kk') as Locale;
    await this.email.sendDigest(
      {
        deliveryId: row.id,
        title: digestTitle(locale, items.length),
        items,
        enclosure: row.enclosure ? { heading: row.enclosure.heading[locale], text: row.enclosure.text } : null,
        recipient: { id: row.user_id, fullName: row.full_name, email: row.email, locale: row.locale },
      },
      row.target,
    );
  }
}
