import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageRequest } from '@kelisim/http';
import { LOCALES, type Locale } from '@kelisim/kernel';
import { EXPORT_FORMATS, type ExportFormat } from '../application/export/control-export.js';
import { OVERDUE_SORTS, type OverdueSort } from '../application/queries/control.queries.js';

const PERIOD = 'a date (YYYY-MM-DD, a whole day in Asia/Almaty) or an ISO-8601 date-time with an offset; bounds tasks by due date';

export class ControlSummaryRequest {
  @ApiPropertyOptional({ description: `${PERIOD}, inclusive` }) @IsOptional() @IsString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ description: `${PERIOD}; a date includes that day, a date-time is exclusive` })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the executors' organization" }) @IsOptional() @IsUUID() organizationId?: string;
}

export class ControlOverdueRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "the executors' organization" }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() executorId?: string;
  @ApiPropertyOptional({ enum: OVERDUE_SORTS, default: 'daysOverdue' }) @IsOptional() @IsIn(OVERDUE_SORTS) sort?: OverdueSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: 'default: desc for daysOverdue (most overdue first), asc for dueAt' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class ControlExportRequest extends ControlSummaryRequest {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format: ExportFormat;
  @ApiPropertyOptional({ enum: LOCALES, description: "column headers; default: the caller's locale" }) @IsOptional() @IsIn(LOCALES) lang?: Locale;
}
