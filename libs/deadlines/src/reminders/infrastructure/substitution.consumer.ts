import { Injectable } from '@nestjs/common';
import { Clock, type JournalEvent } from '@kelisim/kernel';
import { Consumes, type EventConsumer, UnitOfWork } from '@kelisim/persistence';
import { ReminderEnqueuer } from './reminder-enqueuer.js';

interface Recorded {
  principalId: string;
  deputyId: string;
  from: string;
  to: string;
}

interface Ended {
  principalId: string;
  deputyId: string;
  to: string;
}

/**
 * A substitution (И.о.) recorded after the principal's deadlines were planned: each of the
 * principal's pending reminders that fires during it is copied for the deputy (at most once per
 * recipient: the copy shares the reminder's key but for the recipient). Ended early: the copies
 * that would fire after its end are cancelled. Deadlines planned while a substitution stands get
 * the copies from the tracker. Events arrive in journal order, so an end is seen after its record.
 */
@Injectable()
@Consumes({ name: 'deadlines.substitutions', events: ['SubstitutionRecorded', 'SubstitutionEnded'] })
export class SubstitutionRemindersConsumer implements EventConsumer {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly enqueuer: ReminderEnqueuer,
    private readonly clock: Clock,
  ) {}

  async handle(event: JournalEvent): Promise<void> {
    if (event.type === 'SubstitutionRecorded') await this.copy(event.payload as unknown as Recorded);
    else await this.cancel(event.payload as unknown as Ended);
  }

  private async copy({ principalId, deputyId, from, to }: Recorded): Promise<void> {
    const [row] = (await this.uow.query(
      `WITH copied AS (
         INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at, acting_for)
         SELECT gen_random_uuid(), r.deadline_id, r.subject_id, r.deadline_revision, r.offset_key, $2, r.overdue, r.fire_at, r.recipient_id
           FROM reminders r JOIN deadlines d ON d.id = r.deadline_id AND d.state = 'open' AND d.revision = r.deadline_revision
          WHERE r.recipient_id = $1 AND r.acting_for IS NULL AND r.state = 'pending'
            AND greatest(r.fire_at, $5) >= $3 AND greatest(r.fire_at, $5) < $4
         ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM copied`,
      [principalId, deputyId, from, to, this.clock.now()],
    )) as { n: number }[];
    if (row.n > 0) this.uow.afterCommit(() => void this.enqueuer.flush().catch(() => undefined));
  }

  private async cancel({ principalId, deputyId, to }: Ended): Promise<void> {
    const rows = (await this.uow.query(
      `UPDATE reminders SET state = 'cancelled'
        WHERE recipient_id = $2 AND acting_for = $1 AND state = 'pending' AND greatest(fire_at, $4) >= $3
       RETURNING id, enqueued`,
      [principalId, deputyId, to, this.clock.now()],
    )) as { id: string; enqueued: boolean }[];
    const queued = rows.filter((r) => r.enqueued).map((r) => r.id);
    if (queued.length > 0) this.uow.afterCommit(() => void this.enqueuer.remove(queued).catch(() => undefined));
  }
}
