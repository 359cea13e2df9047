import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Roles } from '@kelisim/auth';
import { PageRequest, pageLimit } from '@kelisim/http';
import type { ChainVerdict, Page } from '@kelisim/persistence';
import { type AuditEventView, AuditQueries } from '../application/audit.queries.js';

export class ListAuditRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() streamId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) streamType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) type?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'controller')
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: AuditQueries) {}

  @Get()
  list(@Query() query: ListAuditRequest): Promise<Page<AuditEventView>> {
    return this.queries.events({ ...query, limit: pageLimit(query) });
  }

  @Get('verify')
  verify(): Promise<ChainVerdict> {
    return this.queries.verify();
  }
}
