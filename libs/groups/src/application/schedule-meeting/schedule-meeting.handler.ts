import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { GroupPeople, MeetingRepository } from '../../domain/groups.repositories.js';
import { Meeting } from '../../domain/meeting.js';
import { meetingView, type MeetingView } from '../groups.views.js';
import { requirePeople } from '../people-check.js';
import { ScheduleMeetingCommand } from './schedule-meeting.command.js';

@CommandHandler(ScheduleMeetingCommand)
export class ScheduleMeetingHandler implements ICommandHandler<ScheduleMeetingCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly meetings: MeetingRepository,
    private readonly people: GroupPeople,
    private readonly clock: Clock,
  ) {}

  execute({ actor, data }: ScheduleMeetingCommand): Promise<MeetingView> {
    return this.uow.run(actor, async () => {
      await requirePeople(this.people, [
        ['chairId', data.chairId],
        ...data.participantIds.map((id, i) => [`participantIds[${i}]`, id] as const),
        ...data.agenda.map((item, i) => [`agenda[${i}].speakerId`, item.speakerId] as const),
      ]);
      const meeting = Meeting.schedule(newId(), { ...data, organizerId: actor.userId! }, this.clock.now());
      await this.meetings.save(meeting);
      return meetingView(meeting);
    });
  }
}
