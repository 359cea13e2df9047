import { Module } from '@nestjs/common';
import { ControlExporter } from './application/export/control-export.js';
import { ControlQueries } from './application/queries/control.queries.js';

/** The control view: a read side over the tasks tables (summary, overdue list, export). */
@Module({
  providers: [ControlQueries, ControlExporter],
  exports: [ControlQueries, ControlExporter],
})
export class ControlModule {}
