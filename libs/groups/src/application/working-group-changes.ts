import { Injectable } from '@nestjs/common';
import { type Actor, Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { WorkingGroupRepository } from '../domain/groups.repositories.js';
import type { WorkingGroup } from '../domain/working-group.js';
import { workingGroupView, type WorkingGroupView } from './groups.views.js';

/** Around every command on an existing group: one transaction, load (404), If-Match (412), change, save, answer. */
@Injectable()
export class WorkingGroupChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly groups: WorkingGroupRepository,
    private readonly clock: Clock,
  ) {}

  apply(actor: Actor, groupId: string, expectedRevision: number | undefined, change: (group: WorkingGroup, now: Date) => void | Promise<void>): Promise<WorkingGroupView> {
    return this.uow.run(actor, async () => {
      const group = await this.groups.get(groupId);
      if (!group) throw new NotFoundError('working_group', groupId);
      group.assertRevision(expectedRevision);
      await change(group, this.clock.now());
      await this.groups.save(group);
      return workingGroupView(group);
    });
  }
}
