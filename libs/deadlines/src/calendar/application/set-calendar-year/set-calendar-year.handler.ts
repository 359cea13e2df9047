import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kelisim/persistence';
import { CalendarYear } from '../../domain/calendar-year.js';
import { CalendarYearRepository } from '../../domain/calendar-year.repository.js';
import { calendarYearViewOf, type CalendarYearView } from '../calendar.views.js';
import { WorkingCalendarProvider } from '../working-calendar.provider.js';
import { SetCalendarYearCommand } from './set-calendar-year.command.js';

@CommandHandler(SetCalendarYearCommand)
export class SetCalendarYearHandler implements ICommandHandler<SetCalendarYearCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly years: CalendarYearRepository,
    private readonly calendars: WorkingCalendarProvider,
  ) {}

  execute({ actor, year, holidays, workdays, expectedRevision }: SetCalendarYearCommand): Promise<CalendarYearView> {
    return this.uow.run(actor, async () => {
      const calendarYear = (await this.years.get(year)) ?? CalendarYear.statutory(year);
      calendarYear.assertRevision(expectedRevision);
      calendarYear.set(holidays, workdays);
      await this.years.save(calendarYear);
      this.uow.afterCommit(() => this.calendars.invalidate());
      return calendarYearViewOf(calendarYear);
    });
  }
}
