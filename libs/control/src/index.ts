export { ControlModule } from './control.module.js';
export { ControlHttpModule } from './http/control-http.module.js';
export { ControlQueries, summarySql, overdueSql, type OverdueFilter, type OverdueSort } from './application/queries/control.queries.js';
export { controlPeriod, type ControlPeriod } from './application/queries/control-period.js';
export { ControlExporter, EXPORT_FORMATS, type ExportFormat } from './application/export/control-export.js';
export type { ControlSummaryView, OrganizationControlView, OverdueTaskView } from './application/control.views.js';
