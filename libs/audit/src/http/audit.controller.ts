import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { Roles } from '@kelisim/auth';
import { PageRequest, pageLimit } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import type { JournalVerdict } from '../domain/verification/journal-verifier.js';
import { type AuditEventView, AuditQueries } from '../application/audit.queries.js';
import { type CheckpointView, type InclusionProofView, TransparencyQueries } from '../application/transparency.queries.js';

export class ListAuditRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() streamId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) streamType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) type?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class EventPositionParam {
  @ApiProperty({ minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) position!: number;
}

export class InclusionProofRequest {
  @ApiPropertyOptional({ minimum: 1, description: 'tree size of a checkpoint; the newest when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize?: number;
}

export class ConsistencyRequest {
  @ApiProperty({ minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) from!: number;
  @ApiProperty({ minimum: 1 }) @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) to!: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'controller')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly transparency: TransparencyQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List journal events' })
  list(@Query() query: ListAuditRequest): Promise<Page<AuditEventView>> {
    return this.queries.events({ ...query, limit: pageLimit(query) });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute every hash, chain, checkpoint root and signature in the platform; the first fault, named in kk/ru/en' })
  verify(): Promise<JournalVerdict> {
    return this.queries.verify();
  }

  @Get('checkpoints')
  @ApiOperation({ summary: "The journal's signed checkpoints (C2SP tlog-checkpoint signed notes), newest first" })
  checkpoints(@Query() query: PageRequest): Promise<Page<CheckpointView>> {
    return this.transparency.checkpoints(pageLimit(query), query.cursor);
  }

  @Get('events/:position/proof')
  @ApiOperation({ summary: "RFC 9162 inclusion proof of an event's leaf in a checkpointed tree" })
  proof(@Param() params: EventPositionParam, @Query() query: InclusionProofRequest): Promise<InclusionProofView> {
    return this.transparency.inclusion(params.position, query.treeSize);
  }

  @Get('consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes' })
  consistency(@Query() query: ConsistencyRequest): Promise<{ proof: string[] }> {
    return this.transparency.consistency(query.from, query.to);
  }

  @Get('public-key')
  @ApiOperation({ summary: "The journal's C2SP verifier key (<name>+<key ID>+<base64 key>)" })
  publicKey(): { verifierKey: string } {
    return this.transparency.publicKey();
  }
}
