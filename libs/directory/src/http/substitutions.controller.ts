import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor } from '@kelisim/auth';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { EndSubstitutionCommand } from '../application/end-substitution/end-substitution.command.js';
import { SubstitutionQueries } from '../application/queries/substitution.queries.js';
import { RecordSubstitutionCommand } from '../application/record-substitution/record-substitution.command.js';
import type { SubstitutionView } from '../application/substitution.view.js';
import { CreateSubstitutionRequest, ListSubstitutionsRequest } from './substitution.requests.js';

/** Acting officials (И.о.): an admin or a head of the principal records and ends them. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('substitutions')
export class SubstitutionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SubstitutionQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Record an acting official (И.о.)' })
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateSubstitutionRequest): Promise<SubstitutionView> {
    const { principalId, deputyId, from, to, basis } = body;
    return this.commands.execute(new RecordSubstitutionCommand(actor, { principalId, deputyId, from: new Date(from), to: new Date(to), basis: { ...basis } }));
  }

  @Get()
  @ApiOperation({ summary: 'List acting officials' })
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListSubstitutionsRequest): Promise<Page<SubstitutionView>> {
    return this.queries.list(actor, { ...query, limit: pageLimit(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an acting official' })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<SubstitutionView> {
    return this.queries.get(actor, id);
  }

  @Post(':id/end')
  @ApiOperation({ summary: 'End an acting official\'s period' })
  @HttpCode(200)
  end(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @IfMatch() revision?: number): Promise<SubstitutionView> {
    return this.commands.execute(new EndSubstitutionCommand(actor, id, revision));
  }
}
