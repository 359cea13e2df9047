import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ical, { ICalAlarmType } from 'ical-generator';
import { DataSource } from 'typeorm';
import { DirectoryQueries } from '@kelisim/directory';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, formatDateTime, type Locale, type LocalizedText, NotFoundError } from '@kelisim/kernel';

/** How a feed token is kept: its SHA-256 (a 192-bit random token needs no salt or slow hash). */
export const feedTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

interface FeedRow {
  deadline_id: string;
  subject_type: string;
  subject_id: string;
  title: string;
  due_at: Date;
  revision: number;
  alarms: string[] | null;
}

const SUBJECTS: Record<string, LocalizedText> = {
  task: { kk: 'Тапсырма', ru: 'Поручение', en: 'Task' },
  memorandum: { kk: 'Меморандум', ru: 'Меморандум', en: 'Memorandum' },
};
const DUE: LocalizedText = { kk: 'Мерзімі', ru: 'Срок', en: 'Due' };

/** An event's description in the reader's language and zone: «Поручение · Срок: 23 ноября 2026 г., 18:00 (Алматы)». */
export function feedEventDescription(subjectType: string, dueAt: Date, locale: Locale, timeZone: string): string {
  const subject = SUBJECTS[subjectType]?.[locale] ?? subjectType;
  return `${subject} · ${DUE[locale]}: ${formatDateTime(dueAt, locale, timeZone)}`;
}

/**
 * A user's open deadlines as iCalendar: one VEVENT per deadline they execute, co-execute or
 * control (UID stable per subject, so calendars update it in place when the deadline moves), with a
 * VALARM for each of their pending reminders.
 */
@Injectable()
export class CalendarFeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryQueries,
  ) {}

  async render(token: string): Promise<string> {
    const [owner] = (await this.dataSource.query(
      `SELECT f.user_id, u.full_name FROM calendar_feeds f JOIN directory_users u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.active`,
      [feedTokenHash(token)],
    )) as { user_id: string; full_name: string }[];
    if (!owner) throw new NotFoundError('calendar feed', 'token');
    // The owner's language and zone (their own, else their organization's), as their e-mails have.
    const reader = (await this.directory.recipients([owner.user_id])).get(owner.user_id);
    const locale = reader?.locale ?? DEFAULT_LOCALE;
    const timeZone = reader?.timeZone ?? DEFAULT_TIME_ZONE;
    const rows = (await this.dataSource.query(
      `SELECT d.id AS deadline_id, d.subject_type, d.subject_id, d.title, d.due_at, d.revision,
              array_agg(r.fire_at ORDER BY r.fire_at) FILTER (WHERE r.id IS NOT NULL) AS alarms
         FROM deadlines d
         LEFT JOIN reminders r ON r.deadline_id = d.id AND r.recipient_id = $1 AND r.state = 'pending'
                               AND r.deadline_revision = d.revision AND NOT r.overdue
        WHERE d.state = 'open' AND $1 = ANY (d.participant_ids)
        GROUP BY d.id ORDER BY d.due_at LIMIT 2000`,
      [owner.user_id],
    )) as FeedRow[];
    const calendar = ical({ name: `Kelisim — ${owner.full_name}`, prodId: { company: 'Kelisim', product: 'kelisim' }, ttl: 900 });
    for (const row of rows) {
      const event = calendar.createEvent({
        id: `${row.subject_type}-${row.subject_id}@kelisim`,
        sequence: row.revision,
        start: new Date(row.due_at),
        end: new Date(row.due_at),
        summary: row.title,
        description: feedEventDescription(row.subject_type, new Date(row.due_at), locale, timeZone),
      });
      for (const at of row.alarms ?? []) event.createAlarm({ type: ICalAlarmType.display, trigger: new Date(at), description: row.title });
    }
    return calendar.toString();
  }
}
