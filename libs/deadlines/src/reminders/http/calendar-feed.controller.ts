import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Public } from '@kelisim/auth';
import { NotFoundError } from '@kelisim/kernel';
import { CalendarFeed } from '../application/calendar-feed/calendar-feed.js';
import { type CalendarFeedView, IssueCalendarFeedCommand } from '../application/calendar-feed/issue-calendar-feed.command.js';

@ApiTags('deadlines')
@Controller()
export class CalendarFeedController {
  constructor(
    private readonly commands: CommandBus,
    private readonly feed: CalendarFeed,
  ) {}

  @ApiBearerAuth()
  @Get('me/calendar-feed')
  @ApiOperation({ summary: 'Read own calendar feed address' })
  url(@CurrentActor() actor: AuthenticatedActor): Promise<CalendarFeedView> {
    return this.commands.execute(new IssueCalendarFeedCommand(actor, false));
  }

  @ApiBearerAuth()
  @Post('me/calendar-feed/rotate')
  @ApiOperation({ summary: 'Rotate own calendar feed address' })
  @HttpCode(200)
  rotate(@CurrentActor() actor: AuthenticatedActor): Promise<CalendarFeedView> {
    return this.commands.execute(new IssueCalendarFeedCommand(actor, true));
  }

  /** The secret URL is the credential: calendar apps cannot send a bearer token. */
  @Public()
  @Get('calendar-feeds/:file')
  @ApiOperation({ summary: 'Download a calendar feed (.ics)' })
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  ics(@Param('file') file: string): Promise<string> {
    const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(file);
    if (!match) throw new NotFoundError('calendar feed', 'token');
    return this.feed.render(match[1]);
  }
}
