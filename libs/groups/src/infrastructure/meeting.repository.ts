import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import type { Decision } from '../domain/groups.types.js';
import { MeetingRepository } from '../domain/groups.repositories.js';
import { Meeting } from '../domain/meeting.js';
import type { DecisionRecord, MeetingRecord } from '../application/groups.records.js';

const date = (value: Date | null): Date | null => value && new Date(value);

/** The meeting row with an optimistic version check; decisions are append-only rows inserted as they are recorded. */
@Injectable()
export class SqlMeetingRepository extends MeetingRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(id: string): Promise<Meeting | null> {
    const [row] = (await this.uow.query('SELECT * FROM meetings WHERE id = $1', [id])) as MeetingRecord[];
    if (!row) return null;
    const decisions = (await this.uow.query('SELECT * FROM meeting_decisions WHERE meeting_id = $1 ORDER BY number', [id])) as DecisionRecord[];
    return Meeting.restore(
      row.id,
      row.version,
      {
        title: row.title,
        scheduledAt: new Date(row.scheduled_at),
        location: row.location,
        chairId: row.chair_id,
        participantIds: row.participant_ids,
        agenda: row.agenda,
        status: row.status,
        organizerId: row.organizer_id,
        heldAt: date(row.held_at),
        protocolApprovedAt: date(row.protocol_approved_at),
        protocolApprovedBy: row.protocol_approved_by,
        createdAt: new Date(row.created_at),
      },
      decisions.map(
        (d): Decision => ({
          id: d.id,
          number: d.number,
          text: d.text,
          formsWorkingGroup: d.forms_working_group,
          tasks: d.task_drafts,
          recordedBy: d.recorded_by,
          recordedAt: new Date(d.recorded_at),
        }),
      ),
    );
  }

  async save(meeting: Meeting): Promise<void> {
    const recorded = new Set(meeting.peekEvents().map((event) => (event.payload as { decisionId?: string }).decisionId));
    const s = meeting.state;
    await saveAggregateRow(this.uow, 'meetings', meeting, {
      title: s.title,
      scheduled_at: s.scheduledAt,
      location: s.location,
      chair_id: s.chairId,
      participant_ids: s.participantIds,
      agenda: JSON.stringify(s.agenda),
      status: s.status,
      organizer_id: s.organizerId,
      held_at: s.heldAt,
      protocol_approved_at: s.protocolApprovedAt,
      protocol_approved_by: s.protocolApprovedBy,
      created_at: s.createdAt,
      updated_at: new Date(),
    });
    for (const d of meeting.decisions.filter((decision) => recorded.has(decision.id))) {
      await this.uow.query(
        `INSERT INTO meeting_decisions (id, meeting_id, number, text, forms_working_group, task_drafts, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.id, meeting.id, d.number, d.text, d.formsWorkingGroup && JSON.stringify(d.formsWorkingGroup), JSON.stringify(d.tasks), d.recordedBy, d.recordedAt],
      );
    }
  }
}
