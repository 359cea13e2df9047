import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { GroupPeople } from '../../domain/groups.repositories.js';
import type { MeetingView } from '../groups.views.js';
import { MeetingChanges } from '../meeting-changes.js';
import { type Named, requirePeople } from '../people-check.js';
import { RecordDecisionCommand } from './record-decision.command.js';

/** Checks the people the decision names now, so approving the protocol does not issue to a stranger. */
@CommandHandler(RecordDecisionCommand)
export class RecordDecisionHandler implements ICommandHandler<RecordDecisionCommand> {
  constructor(
    private readonly changes: MeetingChanges,
    private readonly people: GroupPeople,
  ) {}

  execute({ actor, meetingId, data, expectedRevision }: RecordDecisionCommand): Promise<MeetingView> {
    return this.changes.apply(actor, meetingId, expectedRevision, async (meeting, now) => {
      const named: Named[] = [];
      const controllers: Named[] = [];
      const f = data.formsWorkingGroup;
      if (f) {
        named.push(['formsWorkingGroup.chairId', f.chairId], ['formsWorkingGroup.secretaryId', f.secretaryId]);
        f.memberIds.forEach((id, i) => named.push([`formsWorkingGroup.memberIds[${i}]`, id]));
      }
      (data.tasks ?? []).forEach((draft, i) => {
        named.push([`tasks[${i}].executorId`, draft.executorId]);
        draft.executorIds?.forEach((id, j) => named.push([`tasks[${i}].executorIds[${j}]`, id]));
        draft.coExecutorIds?.forEach((id, j) => named.push([`tasks[${i}].coExecutorIds[${j}]`, id]));
        controllers.push([`tasks[${i}].controllerId`, draft.controllerId]);
      });
      meeting.recordDecision(actor, data, newId, now);
      await requirePeople(this.people, named, controllers);
    });
  }
}
