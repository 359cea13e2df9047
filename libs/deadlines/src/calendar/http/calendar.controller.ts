import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { IfMatch } from '@kelisim/http';
import type { CalendarYearView } from '../application/calendar.views.js';
import { CalendarQueries } from '../application/queries/calendar.queries.js';
import { SetCalendarYearCommand } from '../application/set-calendar-year/set-calendar-year.command.js';
import { CalendarYearPipe } from './calendar-year.pipe.js';
import { SetCalendarYearRequest } from './calendar.requests.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CalendarQueries,
  ) {}

  @Get(':year')
  @ApiOperation({ summary: 'Read a working-day calendar' })
  get(@Param('year', CalendarYearPipe) year: number): Promise<CalendarYearView> {
    return this.queries.year(year);
  }

  @Roles('admin')
  @Put(':year')
  @ApiOperation({ summary: 'Set a working-day calendar' })
  set(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('year', CalendarYearPipe) year: number,
    @Body() body: SetCalendarYearRequest,
    @IfMatch() revision?: number,
  ): Promise<CalendarYearView> {
    return this.commands.execute(new SetCalendarYearCommand(actor, year, body.holidays, body.workdays, revision));
  }
}
