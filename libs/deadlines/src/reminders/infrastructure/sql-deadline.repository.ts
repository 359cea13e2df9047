import { Injectable } from '@nestjs/common';
import { newId } from '@kelisim/kernel';
import { type Rows, saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { Deadline, type DeadlineState } from '../domain/deadline.js';
import { DeadlineRepository, type SavedDeadline } from '../domain/deadline.repository.js';
import type { DeadlineAudience, DeadlineKind } from '../domain/reminder-plan.js';
import type { ReminderPolicyItem } from '../domain/reminder-policy.js';

interface DeadlineRecord {
  id: string;
  subject_type: DeadlineKind;
  subject_id: string;
  title: string;
  due_at: Date;
  revision: number;
  state: DeadlineState;
  policy: ReminderPolicyItem[] | null;
  audience: DeadlineAudience;
  passed_revision: number | null;
  version: number;
}

@Injectable()
export class SqlDeadlineRepository extends DeadlineRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async getForUpdate(id: string): Promise<Deadline | null> {
    const [row] = (await this.uow.query('SELECT * FROM deadlines WHERE id = $1 FOR UPDATE', [id])) as DeadlineRecord[];
    return row ? this.toDomain(row) : null;
  }

  async getBySubjectForUpdate(subjectType: DeadlineKind, subjectId: string): Promise<Deadline | null> {
    const [row] = (await this.uow.query('SELECT * FROM deadlines WHERE subject_type = $1 AND subject_id = $2 FOR UPDATE', [
      subjectType,
      subjectId,
    ])) as DeadlineRecord[];
    return row ? this.toDomain(row) : null;
  }

  async save(deadline: Deadline): Promise<SavedDeadline> {
    const { plan, cancelPending, keepRecipients } = deadline.pendingWrites;
    const s = deadline.state;
    const participants = [...new Set(Object.values(s.audience).flat())];
    await saveAggregateRow(this.uow, 'deadlines', deadline, {
      subject_type: s.subjectType,
      subject_id: s.subjectId,
      title: s.title,
      due_at: s.dueAt,
      revision: s.revision,
      state: s.state,
      policy: s.policy === null ? null : JSON.stringify(s.policy),
      audience: JSON.stringify(s.audience),
      participant_ids: participants,
      passed_revision: s.passedRevision,
      updated_at: new Date(),
    });
    const cancellations: Promise<Rows>[] = [];
    if (cancelPending) {
      cancellations.push(
        this.uow.defer({
          text: `UPDATE reminders SET state = 'cancelled' WHERE deadline_id = $1 AND state = 'pending' AND (deadline_revision < $2 OR $3::boolean)
                 RETURNING id, enqueued`,
          values: [deadline.id, s.revision, s.state === 'closed'],
        }),
      );
    }
    if (keepRecipients) {
      cancellations.push(
        this.uow.defer({
          text: `UPDATE reminders SET state = 'cancelled' WHERE deadline_id = $1 AND state = 'pending'
                   AND NOT (recipient_id = ANY($2::uuid[]) OR coalesce(acting_for = ANY($2::uuid[]), false))
                 RETURNING id, enqueued`,
          values: [deadline.id, keepRecipients],
        }),
      );
    }
    if (plan?.length) {
      this.uow.defer({
        text: `INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at, acting_for)
               SELECT unnest($1::uuid[]), $2::uuid, $3::uuid, $4::int, unnest($5::text[]), unnest($6::uuid[]), unnest($7::boolean[]), unnest($8::timestamptz[]),
                      unnest($9::uuid[])
               ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING`,
        values: [
          plan.map(() => newId()),
          deadline.id,
          s.subjectId,
          s.revision,
          plan.map((p) => p.offsetKey),
          plan.map((p) => p.recipientId),
          plan.map((p) => p.overdue),
          plan.map((p) => p.fireAt.toISOString()),
          plan.map((p) => p.actingFor ?? null),
        ],
      });
    }
    deadline.clearPendingWrites();
    const cancelled = Promise.all(cancellations).then((results) => results.flat().filter((row) => row.enqueued).map((row) => row.id as string));
    cancelled.catch(() => undefined); // a failed write fails the command itself
    return { cancelledJobs: cancelled };
  }

  private toDomain(row: DeadlineRecord): Deadline {
    return Deadline.restore(row.id, row.version, {
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      title: row.title,
      dueAt: new Date(row.due_at),
      revision: row.revision,
      state: row.state,
      policy: row.policy,
      audience: row.audience,
      passedRevision: row.passed_revision,
    });
  }
}
