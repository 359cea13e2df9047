import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { ApproveProtocolCommand } from '../application/approve-protocol/approve-protocol.command.js';
import type { MeetingView } from '../application/groups.views.js';
import { HoldMeetingCommand } from '../application/hold-meeting/hold-meeting.command.js';
import { GroupsQueries, type MeetingSummaryView } from '../application/queries/groups.queries.js';
import { RecordDecisionCommand } from '../application/record-decision/record-decision.command.js';
import { ScheduleMeetingCommand } from '../application/schedule-meeting/schedule-meeting.command.js';
import { ListMeetingsRequest, RecordDecisionRequest, ScheduleMeetingRequest } from './groups.requests.js';

const meetingId = uuidParam('id');

/** Controllers schedule meetings; the meeting's chair or a controller holds it, records decisions and approves the protocol. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: GroupsQueries,
  ) {}

  @Roles('controller')
  @Post()
  @ApiOperation({ summary: 'Schedule a meeting' })
  schedule(@CurrentActor() actor: AuthenticatedActor, @Body() body: ScheduleMeetingRequest): Promise<MeetingView> {
    return this.commands.execute(new ScheduleMeetingCommand(actor, { ...body, scheduledAt: new Date(body.scheduledAt) }));
  }

  @Get()
  @ApiOperation({ summary: 'List meetings' })
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListMeetingsRequest): Promise<Page<MeetingSummaryView>> {
    return this.queries.meetings(actor, { ...query, limit: pageLimit(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a meeting' })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', meetingId) id: string): Promise<MeetingView> {
    return this.queries.meeting(actor, id);
  }

  @Post(':id/hold')
  @ApiOperation({ summary: 'Hold a meeting' })
  @HttpCode(200)
  hold(@CurrentActor() actor: AuthenticatedActor, @Param('id', meetingId) id: string, @IfMatch() revision?: number): Promise<MeetingView> {
    return this.commands.execute(new HoldMeetingCommand(actor, id, revision));
  }

  @Post(':id/decisions')
  @ApiOperation({ summary: 'Record a decision' })
  recordDecision(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', meetingId) id: string,
    @Body() body: RecordDecisionRequest,
    @IfMatch() revision?: number,
  ): Promise<MeetingView> {
    return this.commands.execute(new RecordDecisionCommand(actor, id, body, revision));
  }

  @Post(':id/protocol/approve')
  @ApiOperation({ summary: 'Approve the protocol' })
  @HttpCode(200)
  approveProtocol(@CurrentActor() actor: AuthenticatedActor, @Param('id', meetingId) id: string, @IfMatch() revision?: number): Promise<MeetingView> {
    return this.commands.execute(new ApproveProtocolCommand(actor, id, revision));
  }
}
