import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { DirectoryQueries, type RecipientView } from '@kelisim/directory';
import { Clock, ExpiringCache, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { type MessageParams, type NotificationType, render } from '../domain/templates.js';
import { DeliveryQueue } from './delivery-queue.js';

/**
 * The arguments, after the claimed keys, of the notifications' SQL function
 * `notifications_put(keys text[], items jsonb, channels jsonb, put_at timestamptz)` (it returns the
 * number of deliveries recorded): the rendered notifications and their deliveries, as jsonb.
 */
export interface PreparedNotifications {
  items: string;
  channels: string;
  putAt: Date;
}

export interface NotifyInput {
  recipientId: string;
  type: NotificationType;
  subject: { type: string; id: string };
  params: MessageParams;
  /** The same key never makes a second notification (e.g. `reminder:<id>`). */
  dedupeKey: string;
  /** The person the recipient acts for (И.о.), named in the message. */
  actingFor?: string | null;
}

/**
 * Puts a notification in the recipient's inbox, rendered in their language and time zone, and
 * records one delivery per external channel (e-mail when SMTP is configured, the organization's
 * webhook when it has one) — all in the caller's transaction. The deliveries are queued after commit.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryQueries,
    private readonly enqueuer: DeliveryQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Who a message goes to and their organization's webhook change rarely: a few seconds' cache spares two queries a message. */
  private readonly recipients = new ExpiringCache<RecipientView | undefined>(CACHE_MS);
  private readonly webhooks = new ExpiringCache<string | null>(CACHE_MS);

  /**
   * Renders the notifications `items` (each under the key its caller will claim it by) as the
   * arguments of the notifications' SQL function `notifications_put(keys, items, channels, put_at)`
   * — see PreparedNotifications. A caller that decides in its own statement which of them are due
   * (the reminders, claiming theirs) calls that function in the same statement, then `recorded`
   * with what it returned: one atomic message, and no SQL of the caller's inside the notifier's.
   */
  async prepare(items: readonly { key: string; input: NotifyInput }[]): Promise<PreparedNotifications> {
    const prepared: { key: string; id: string; userId: string; input: NotifyInput; title: string; body: string; channels: [string, string][] }[] = [];
    await this.prefetchRecipients(items.map((item) => item.input.recipientId));
    for (const { key, input } of items) {
      const recipient = await this.recipient(input.recipientId);
      if (!recipient) continue;
      const { title, body } = await this.render(input, recipient);
      prepared.push({ key, id: newId(), userId: recipient.id, input, title, body, channels: await this.channels(recipient) });
    }
    return {
      items: JSON.stringify(
        prepared.map((x) => ({
          key: x.key,
          id: x.id,
          user_id: x.userId,
          type: x.input.type,
          subject_type: x.input.subject.type,
          subject_id: x.input.subject.id,
          title: x.title,
          body: x.body,
          due_at: x.input.params.dueAt?.toISOString() ?? null,
          dedupe_key: x.input.dedupeKey,
        })),
      ),
      channels: JSON.stringify(prepared.flatMap((x) => x.channels.map(([channel, target]) => ({ notification_id: x.id, channel, target })))),
      putAt: this.clock.now(),
    };
  }

  /** After a committed `notifications_put`: queues the deliveries it recorded, if any. */
  recorded(deliveries: number): void {
    if (deliveries > 0) void this.enqueuer.flush().catch(() => undefined);
  }

  /**
   * Many notifications (those whose dedupe key was used already are skipped), written with the
   * transaction's next message or its commit; their deliveries are queued after commit.
   */
  async notifyAll(inputs: readonly NotifyInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const prepared = await this.prepare(inputs.map((input) => ({ key: input.dedupeKey, input })));
    const put = this.uow.defer({
      text: 'SELECT notifications_put($1::text[], $2::jsonb, $3::jsonb, $4::timestamptz) AS sent',
      values: [inputs.map((input) => input.dedupeKey), prepared.items, prepared.channels, prepared.putAt],
    });
    this.uow.afterCommit(() => void put.then(([row]) => this.recorded(Number(row?.sent ?? 0))));
  }

  /** Returns the notification's id, or null when the dedupe key was used already. */
  async notify(input: NotifyInput): Promise<string | null> {
    const recipient = await this.recipient(input.recipientId);
    if (!recipient) return null;
    const { title, body } = await this.render(input, recipient);
    const id = newId();
    const inserted = (await this.uow.query(
      `INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, recipient.id, input.type, input.subject.type, input.subject.id, title, body, input.params.dueAt ?? null, input.dedupeKey, this.clock.now()],
    )) as unknown[];
    if (inserted.length === 0) return null;

    const channels = await this.channels(recipient);
    if (channels.length > 0) {
      await this.uow.query(
        `INSERT INTO deliveries (id, notification_id, channel, target)
         SELECT unnest($1::uuid[]), $2, unnest($3::text[]), unnest($4::text[]) ON CONFLICT DO NOTHING`,
        [channels.map(() => newId()), id, channels.map(([c]) => c), channels.map(([, t]) => t)],
      );
      this.uow.afterCommit(() => void this.enqueuer.flush().catch(() => undefined));
    }
    return id;
  }

  /**
   * Notices that ask for action (a task to execute, a version to review, approve or sign): also to
   * whoever acts for each recipient now (И.о.), named as such — unless that deputy is among the
   * recipients already, so nobody is told twice.
   */
  async notifyActionRequired(inputs: readonly NotifyInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const now = this.clock.now();
    const current = (await this.directory.substitutes(inputs.map((i) => i.recipientId), now)).filter((s) => s.from.getTime() <= now.getTime());
    const told = new Set(inputs.map((i) => `${i.type}|${i.subject.id}|${i.recipientId}`));
    const copies: NotifyInput[] = [];
    for (const input of inputs) {
      for (const s of current.filter((x) => x.principalId === input.recipientId)) {
        const key = `${input.type}|${input.subject.id}|${s.deputyId}`;
        if (told.has(key)) continue;
        told.add(key);
        copies.push({ ...input, recipientId: s.deputyId, actingFor: input.recipientId, dedupeKey: `${input.dedupeKey}:acting:${s.deputyId}` });
      }
    }
    await this.notifyAll([...inputs, ...copies]);
  }

  private async render(input: NotifyInput, recipient: RecipientView): Promise<{ title: string; body: string }> {
    const principal = input.actingFor ? await this.recipient(input.actingFor) : undefined;
    return render(input.type, recipient.locale, recipient.timeZone, principal ? { ...input.params, actingFor: principal.fullName } : input.params);
  }

  /** Loads the recipients not in the cache with one query, so a batch does not look them up one by one. */
  private async prefetchRecipients(userIds: readonly string[]): Promise<void> {
    const missing = [...new Set(userIds)].filter((id) => this.recipients.peek(id) === undefined);
    if (missing.length < 2) return;
    const found = await this.directory.recipients(missing);
    for (const id of missing) this.recipients.set(id, found.get(id));
  }

  private recipient(userId: string): Promise<RecipientView | undefined> {
    return this.recipients.get(userId, async () => (await this.directory.recipients([userId])).get(userId));
  }

  /** An organization's webhook changed: the next message reads it again. */
  forgetWebhook(organizationId: string): void {
    this.webhooks.delete(organizationId);
  }

  /** The external channels of a recipient: e-mail (unless they take the daily digest) and their organization's webhook. */
  private async channels(recipient: RecipientView): Promise<[string, string][]> {
    const channels: [string, string][] = [];
    if (this.config.smtpUrl && recipient.email && !recipient.emailDigest) channels.push(['email', recipient.email]);
    const webhook = await this.webhooks.get(recipient.organizationId, async () => {
      const [row] = (await this.uow.query('SELECT url FROM webhook_endpoints WHERE organization_id = $1 AND active', [
        recipient.organizationId,
      ])) as { url: string }[];
      return row?.url ?? null;
    });
    if (webhook) channels.push(['webhook', webhook]);
    return channels;
  }
}

const CACHE_MS = 3000;
