import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { DirectoryQueries, type RecipientView } from '@kelisim/directory';
import { Clock, ExpiringCache, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { type MessageParams, type NotificationType, render } from '../domain/templates.js';
import { DeliveryQueue } from './delivery-queue.js';

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
   * The notification only if `claim` (an UPDATE … WHERE that decides whether it is still due, with
   * its own $1…$n parameters) changes a row: one atomic statement, no transaction to hold open.
   * The hot path of firing reminders; `claimed` false means someone else's claim won.
   */
  async notifyIf(claim: { sql: string; params: unknown[] }, input: NotifyInput): Promise<{ claimed: boolean; id: string | null }> {
    const recipient = await this.recipient(input.recipientId);
    if (!recipient) return { claimed: false, id: null };
    const { title, body } = await this.render(input, recipient);
    const channels = await this.channels(recipient);
    const id = newId();
    const n = claim.params.length;
    const p = (i: number) => `$${n + i}`;
    const [row] = (await this.uow.manager.query(
      `WITH claimed AS (${claim.sql} RETURNING 1),
       note AS (
         INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
         SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::timestamptz, ${p(9)}, ${p(10)}::timestamptz FROM claimed
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id),
       sent AS (
         INSERT INTO deliveries (id, notification_id, channel, target)
         SELECT unnest(${p(11)}::uuid[]), note.id, unnest(${p(12)}::text[]), unnest(${p(13)}::text[]) FROM note RETURNING id)
       SELECT (SELECT count(*)::int FROM claimed) AS claimed, (SELECT id FROM note) AS id, (SELECT count(*)::int FROM sent) AS sent`,
      [
        ...claim.params,
        id,
        recipient.id,
        input.type,
        input.subject.type,
        input.subject.id,
        title,
        body,
        input.params.dueAt ?? null,
        input.dedupeKey,
        this.clock.now(),
        channels.map(() => newId()),
        channels.map(([c]) => c),
        channels.map(([, t]) => t),
      ],
    )) as { claimed: number; id: string | null; sent: number }[];
    if (row.sent > 0) void this.enqueuer.flush().catch(() => undefined);
    return { claimed: row.claimed > 0, id: row.id };
  }

  /**
   * Many notifications in one statement, each only if `claim` claims its key: `claim.sql` is an
   * UPDATE … RETURNING <text> AS key (with its own $1…$n) and each item names the key it needs.
   * Returns the claimed keys. The hot path of firing many due reminders at once.
   */
  async notifyClaimed(claim: { sql: string; params: unknown[] }, items: readonly { key: string; input: NotifyInput }[]): Promise<Set<string>> {
    const statement = await this.claimedStatement(claim, items);
    const [row] = (await this.uow.manager.query(statement.text, [...statement.values])) as { claimed: string[]; sent: number }[];
    if (row.sent > 0) void this.enqueuer.flush().catch(() => undefined);
    return new Set(row.claimed);
  }

  /**
   * Many notifications (those whose dedupe key was used already are skipped), written with the
   * transaction's next message or its commit; their deliveries are queued after commit.
   */
  async notifyAll(inputs: readonly NotifyInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const keys = inputs.map((input) => input.dedupeKey);
    const statement = await this.claimedStatement(
      { sql: 'SELECT unnest($1::text[]) AS key', params: [keys] },
      inputs.map((input) => ({ key: input.dedupeKey, input })),
    );
    let sent = 0;
    this.uow.defer(statement, ([row]) => (sent = Number(row?.sent ?? 0)));
    this.uow.afterCommit(() => {
      if (sent > 0) void this.enqueuer.flush().catch(() => undefined);
    });
  }

  private async claimedStatement(
    claim: { sql: string; params: unknown[] },
    items: readonly { key: string; input: NotifyInput }[],
  ): Promise<{ text: string; values: unknown[] }> {
    const prepared: { key: string; id: string; recipient: RecipientView; input: NotifyInput; title: string; body: string; channels: [string, string][] }[] = [];
    await this.prefetchRecipients(items.map((item) => item.input.recipientId));
    for (const { key, input } of items) {
      const recipient = await this.recipient(input.recipientId);
      if (!recipient) continue;
      const { title, body } = await this.render(input, recipient);
      prepared.push({ key, id: newId(), recipient, input, title, body, channels: await this.channels(recipient) });
    }
    const n = claim.params.length;
    const p = (i: number) => `$${n + i}`;
    const channels = prepared.flatMap((x) => x.channels.map(([channel, target]) => [x.id, channel, target] as const));
    return {
      text: `WITH claimed AS (${claim.sql}),
       input AS (
         SELECT * FROM unnest(${p(1)}::text[], ${p(2)}::uuid[], ${p(3)}::uuid[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::uuid[],
                              ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::timestamptz[], ${p(10)}::text[])
           AS i(key, id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key)),
       note AS (
         INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
         SELECT i.id, i.user_id, i.type, i.subject_type, i.subject_id, i.title, i.body, i.due_at, i.dedupe_key, ${p(11)}::timestamptz
           FROM input i JOIN claimed c ON c.key = i.key
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id),
       sent AS (
         INSERT INTO deliveries (id, notification_id, channel, target)
         SELECT gen_random_uuid(), c.notification_id, c.channel, c.target
           FROM unnest(${p(12)}::uuid[], ${p(13)}::text[], ${p(14)}::text[]) AS c(notification_id, channel, target)
           JOIN note ON note.id = c.notification_id
         RETURNING id)
       SELECT coalesce((SELECT array_agg(key) FROM claimed), '{}') AS claimed, (SELECT count(*)::int FROM sent) AS sent`,
      values: [
        ...claim.params,
        prepared.map((x) => x.key),
        prepared.map((x) => x.id),
        prepared.map((x) => x.recipient.id),
        prepared.map((x) => x.input.type),
        prepared.map((x) => x.input.subject.type),
        prepared.map((x) => x.input.subject.id),
        prepared.map((x) => x.title),
        prepared.map((x) => x.body),
        prepared.map((x) => x.input.params.dueAt?.toISOString() ?? null),
        prepared.map((x) => x.input.dedupeKey),
        this.clock.now(),
        channels.map(([id]) => id),
        channels.map(([, channel]) => channel),
        channels.map(([, , target]) => target),
      ],
    };
  }

  /** Returns the notification's id, or null when the dedupe key was used already. */
  async notify(input: NotifyInput): Promise<string | null> {
    const recipient = await this.recipient(input.recipientId);
    if (!recipient) return null;
    const { title, body } = await this.render(input, recipient);
    const id = newId();
    const inserted = (await this.uow.manager.query(
      `INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, recipient.id, input.type, input.subject.type, input.subject.id, title, body, input.params.dueAt ?? null, input.dedupeKey, this.clock.now()],
    )) as unknown[];
    if (inserted.length === 0) return null;

    const channels = await this.channels(recipient);
    if (channels.length > 0) {
      await this.uow.manager.query(
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
      const [row] = (await this.uow.manager.query('SELECT url FROM webhook_endpoints WHERE organization_id = $1 AND active', [
        recipient.organizationId,
      ])) as { url: string }[];
      return row?.url ?? null;
    });
    if (webhook) channels.push(['webhook', webhook]);
    return channels;
  }
}

const CACHE_MS = 3000;
