import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { AddMemberCommand } from '../application/add-member/add-member.command.js';
import { DisbandWorkingGroupCommand } from '../application/disband-working-group/disband-working-group.command.js';
import { FormWorkingGroupCommand } from '../application/form-working-group/form-working-group.command.js';
import type { WorkingGroupDetailView, WorkingGroupView } from '../application/groups.views.js';
import { GroupsQueries } from '../application/queries/groups.queries.js';
import { RemoveMemberCommand } from '../application/remove-member/remove-member.command.js';
import { AddMemberRequest, FormWorkingGroupRequest, ListWorkingGroupsRequest } from './groups.requests.js';

const groupId = uuidParam('id');

/** Controllers form groups; the group's chair or a controller changes its members or disbands it (the aggregate decides). */
@ApiTags('working groups')
@ApiBearerAuth()
@Controller('working-groups')
export class WorkingGroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: GroupsQueries,
  ) {}

  @Roles('controller')
  @Post()
  @ApiOperation({ summary: 'Form a working group' })
  form(@CurrentActor() actor: AuthenticatedActor, @Body() body: FormWorkingGroupRequest): Promise<WorkingGroupView> {
    return this.commands.execute(new FormWorkingGroupCommand(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List working groups' })
  list(@Query() query: ListWorkingGroupsRequest): Promise<Page<WorkingGroupView>> {
    return this.queries.workingGroups({ ...query, limit: pageLimit(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a working group' })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', groupId) id: string): Promise<WorkingGroupDetailView> {
    return this.queries.workingGroup(actor, id);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a member' })
  @HttpCode(200)
  addMember(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', groupId) id: string,
    @Body() body: AddMemberRequest,
    @IfMatch() revision?: number,
  ): Promise<WorkingGroupView> {
    return this.commands.execute(new AddMemberCommand(actor, id, body.userId, body.role, revision));
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a member' })
  removeMember(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', groupId) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @IfMatch() revision?: number,
  ): Promise<WorkingGroupView> {
    return this.commands.execute(new RemoveMemberCommand(actor, id, userId, revision));
  }

  @Post(':id/disband')
  @ApiOperation({ summary: 'Disband a working group' })
  @HttpCode(200)
  disband(@CurrentActor() actor: AuthenticatedActor, @Param('id', groupId) id: string, @IfMatch() revision?: number): Promise<WorkingGroupView> {
    return this.commands.execute(new DisbandWorkingGroupCommand(actor, id, revision));
  }
}
