import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { CreateOrganizationCommand } from '../application/create-organization/create-organization.command.js';
import type { OrganizationView } from '../application/directory.views.js';
import { DirectoryQueries } from '../application/queries/directory.queries.js';
import { UpdateOrganizationCommand } from '../application/update-organization/update-organization.command.js';
import { CreateOrganizationRequest, ListOrganizationsRequest, UpdateOrganizationRequest } from './directory.requests.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: DirectoryQueries,
  ) {}

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Create an organization' })
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateOrganizationRequest): Promise<OrganizationView> {
    return this.commands.execute(new CreateOrganizationCommand(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List organizations' })
  list(@Query() query: ListOrganizationsRequest): Promise<Page<OrganizationView>> {
    return this.queries.organizations({ ...query, limit: pageLimit(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an organization' })
  get(@Param('id', uuidParam('id')) id: string): Promise<OrganizationView> {
    return this.queries.organization(id);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: 'Change an organization' })
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateOrganizationRequest,
    @IfMatch() revision?: number,
  ): Promise<OrganizationView> {
    return this.commands.execute(new UpdateOrganizationCommand(actor, id, body, revision));
  }
}
