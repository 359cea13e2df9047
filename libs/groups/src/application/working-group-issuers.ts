import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { TaskIssuers, type TaskSource } from '@kelisim/tasks';
import { DecisionNotApprovedError, UnknownDecisionError } from '../domain/groups.errors.js';
import type { MeetingStatus } from '../domain/groups.types.js';

/**
 * A working group's active chair may issue tasks whose source is that group. A meeting's chair
 * issues nothing as such: the decisions' tasks come from approving the protocol (its saga), and
 * a task outside it may cite only a decision of an approved protocol (a controller's follow-up).
 */
@Injectable()
export class WorkingGroupIssuers implements OnModuleInit {
  constructor(
    private readonly issuers: TaskIssuers,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.issuers.register((actor, source) => (source.type === 'working_group' ? this.chairsGroup(actor, source.id) : Promise.resolve(false)));
    this.issuers.registerCheck('meeting_decision', (source) => this.approvedDecision(source));
  }

  private async chairsGroup(actor: Actor, groupId: string): Promise<boolean> {
    const rows = (await this.uow.query(
      `SELECT 1 FROM working_groups g JOIN working_group_members m ON m.working_group_id = g.id
        WHERE g.id = $1 AND g.status = 'active' AND m.user_id = $2 AND m.role = 'chair' AND m.left_at IS NULL`,
      [groupId, actor.userId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async approvedDecision(source: TaskSource): Promise<void> {
    const [meeting] = (await this.uow.query(
      `SELECT m.status FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $1`,
      [source.id],
    )) as { status: MeetingStatus }[];
    if (!meeting) throw new UnknownDecisionError('source.id', source.id);
    if (meeting.status !== 'protocol_approved') throw new DecisionNotApprovedError(meeting.status);
  }
}
