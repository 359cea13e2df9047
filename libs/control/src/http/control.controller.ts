import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { pageLimit } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { ControlExporter } from '../application/export/control-export.js';
import type { ControlSummaryView, OverdueTaskView } from '../application/control.views.js';
import { ControlQueries } from '../application/queries/control.queries.js';
import { controlPeriod } from '../application/queries/control-period.js';
import { ControlExportRequest, ControlOverdueRequest, ControlSummaryRequest } from './control.requests.js';

/** The akim's office's view over every task: the controller role only. */
@ApiTags('control')
@ApiBearerAuth()
@Roles('controller')
@Controller('control')
export class ControlController {
  constructor(
    private readonly queries: ControlQueries,
    private readonly exporter: ControlExporter,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'Execution summary per organization' })
  summary(@Query() query: ControlSummaryRequest): Promise<ControlSummaryView> {
    return this.queries.summary(controlPeriod(query.from, query.to), query.organizationId);
  }

  @Get('overdue')
  @ApiOperation({ summary: 'List overdue tasks' })
  overdue(@Query() query: ControlOverdueRequest): Promise<Page<OverdueTaskView>> {
    const sort = query.sort ?? 'daysOverdue';
    return this.queries.overdue({
      organizationId: query.organizationId,
      executorId: query.executorId,
      sort,
      order: query.order ?? (sort === 'daysOverdue' ? 'desc' : 'asc'),
      limit: pageLimit(query),
      cursor: query.cursor,
    });
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the overdue list (CSV or XLSX)' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentActor() actor: AuthenticatedActor, @Query() query: ControlExportRequest): Promise<StreamableFile> {
    const period = controlPeriod(query.from, query.to);
    const file = await this.exporter.export(query.format, query.lang ?? actor.locale, period, query.organizationId);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }
}
