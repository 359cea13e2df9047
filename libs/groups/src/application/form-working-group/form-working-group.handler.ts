import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { GroupPeople, WorkingGroupRepository } from '../../domain/groups.repositories.js';
import { WorkingGroup } from '../../domain/working-group.js';
import { workingGroupView, type WorkingGroupView } from '../groups.views.js';
import { requirePeople } from '../people-check.js';
import { FormWorkingGroupCommand } from './form-working-group.command.js';

/** Forms a working group (the controller role is checked at the door: HTTP, or the protocol saga). */
@CommandHandler(FormWorkingGroupCommand)
export class FormWorkingGroupHandler implements ICommandHandler<FormWorkingGroupCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly groups: WorkingGroupRepository,
    private readonly people: GroupPeople,
    private readonly clock: Clock,
  ) {}

  execute({ actor, data }: FormWorkingGroupCommand): Promise<WorkingGroupView> {
    return this.uow.run(actor, async () => {
      await requirePeople(this.people, [
        ['chairId', data.chairId],
        ['secretaryId', data.secretaryId],
        ...(data.memberIds ?? []).map((id, i) => [`memberIds[${i}]`, id] as const),
      ]);
      const group = WorkingGroup.form(
        data.id ?? newId(),
        { ...data, formedBy: actor.userId! },
        newId,
        this.clock.now(),
      );
      await this.groups.save(group);
      return workingGroupView(group);
    });
  }
}
