import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { TaskIssuers } from '@kelisim/tasks';

/**
 * A working group's active chair may issue tasks whose source is that group; a meeting's chair,
 * tasks whose source is one of its decisions (approving the protocol issues them as the approver).
 */
@Injectable()
export class WorkingGroupIssuers implements OnModuleInit {
  constructor(
    private readonly issuers: TaskIssuers,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.issuers.register((actor, source) => {
      if (source.type === 'working_group') return this.chairsGroup(actor, source.id);
      if (source.type === 'meeting_decision') return this.chairsMeetingOf(actor, source.id);
      return Promise.resolve(false);
    });
  }

  private async chairsGroup(actor: Actor, groupId: string): Promise<boolean> {
    const rows = (await this.uow.manager.query(
      `SELECT 1 FROM working_groups g JOIN working_group_members m ON m.working_group_id = g.id
        WHERE g.id = $1 AND g.status = 'active' AND m.user_id = $2 AND m.role = 'chair' AND m.left_at IS NULL`,
      [groupId, actor.userId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async chairsMeetingOf(actor: Actor, decisionId: string): Promise<boolean> {
    const rows = (await this.uow.manager.query(
      `SELECT 1 FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $1 AND m.chair_id = $2`,
      [decisionId, actor.userId],
    )) as unknown[];
    return rows.length > 0;
  }
}
