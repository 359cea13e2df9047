import { Injectable } from '@nestjs/common';
import { decodeCursor, type Page, sqlConditions, toPage, UnitOfWork } from '@kelisim/persistence';
import type { NotificationRecord } from './notification.records.js';

export interface NotificationView {
  id: string;
  type: string;
  subject: { type: string; id: string };
  title: string;
  body: string;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface DeliveryView {
  id: string;
  /** null for a daily digest (type `digest`) */
  notificationId: string | null;
  recipientId: string;
  type: string;
  channel: string;
  target: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** The columns the inbox reads. */
type NotificationRow = Omit<NotificationRecord, 'user_id' | 'dedupe_key'>;

const iso = (at: Date | null): string | null => (at ? new Date(at).toISOString() : null);

@Injectable()
export class NotificationQueries {
  constructor(private readonly uow: UnitOfWork) {}

  /** A user's inbox, newest first. */
  async inbox(userId: string, filter: { unread?: boolean; type?: string; limit: number; cursor?: string }): Promise<Page<NotificationView>> {
    const { add, clause, params, param } = sqlConditions();
    add('user_id = ?', userId);
    if (filter.unread) add('read_at IS NULL');
    if (filter.type) add('type = ?', filter.type);
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(created_at, id) < (?::timestamptz, ?::uuid)', after.k, after.id);
    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT id, type, subject_type, subject_id, title, body, due_at, created_at, read_at FROM notifications ${clause()}
        ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      params,
    )) as NotificationRow[];
    return toPage(
      rows,
      filter.limit,
      (r) => ({ k: new Date(r.created_at).toISOString(), id: r.id }),
      (r) => ({
        id: r.id,
        type: r.type,
        subject: { type: r.subject_type, id: r.subject_id },
        title: r.title,
        body: r.body,
        dueAt: iso(r.due_at),
        createdAt: iso(r.created_at)!,
        readAt: iso(r.read_at),
      }),
    );
  }

  /** Every delivery with its outcome, for admins; newest first. */
  async deliveries(filter: { state?: string; channel?: string; limit: number; cursor?: string }): Promise<Page<DeliveryView>> {
    const { add, clause, params, param } = sqlConditions();
    if (filter.state) add('d.state = ?', filter.state);
    if (filter.channel) add('d.channel = ?', filter.channel);
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(d.created_at, d.id) < (?::timestamptz, ?::uuid)', after.k, after.id);
    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT d.id, d.notification_id, coalesce(n.user_id, g.user_id) AS user_id, coalesce(n.type, 'digest') AS type,
              d.channel, d.target, d.state, d.attempts, d.last_error, d.created_at, d.delivered_at
         FROM deliveries d LEFT JOIN notifications n ON n.id = d.notification_id LEFT JOIN digests g ON g.id = d.digest_id ${clause()}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`,
      params,
    )) as Record<string, never>[];
    return toPage(
      rows,
      filter.limit,
      (r) => ({ k: new Date(r.created_at).toISOString(), id: r.id }),
      (r) => ({
        id: r.id,
        notificationId: r.notification_id,
        recipientId: r.user_id,
        type: r.type,
        channel: r.channel,
        target: r.target,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: iso(r.created_at)!,
        deliveredAt: iso(r.delivered_at),
      }),
    );
  }
}
