import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageRequest } from '@kelisim/http';
import { RECURRENCE_LIMITS } from '../domain/recurrence.js';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_SOURCE_TYPES, TASK_STATUSES, type TaskPriority, type TaskSourceType, type TaskStatus } from '../domain/task.types.js';

const ISO_INSTANT = { strict: true, strictSeparator: true };
/** An instant names its offset: a bare date or local time would be read in someone's time zone. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const Instant = (): PropertyDecorator => (target, key) => {
  IsISO8601(ISO_INSTANT)(target, key);
  Matches(WITH_OFFSET, { message: `${String(key)} must be an ISO-8601 date-time with an offset` })(target, key);
};

export class TaskSourceRequest {
  @ApiProperty({ enum: TASK_SOURCE_TYPES }) @IsIn(TASK_SOURCE_TYPES) type: TaskSourceType;
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class RecurrenceRequest {
  @ApiProperty({
    example: 'FREQ=MONTHLY;BYMONTHDAY=25;COUNT=6',
    description: 'RFC 5545 RRULE subset: FREQ=WEEKLY|MONTHLY, BYDAY, BYMONTHDAY, INTERVAL, and COUNT or UNTIL (at most 60 occurrences)',
  })
  @IsString()
  @Length(1, RECURRENCE_LIMITS.rule)
  rrule: string;
  @ApiPropertyOptional({ example: '18:00', description: "local time of each deadline in the executor's zone (default 18:00)" })
  @IsOptional()
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'recurrence.dueTime must be a local time HH:mm' })
  dueTime?: string;
}

export class IssueTaskRequest {
  @ApiProperty({ minLength: 1, maxLength: TASK_LIMITS.title }) @IsString() @Length(1, TASK_LIMITS.title) title: string;
  @ApiPropertyOptional({ maxLength: TASK_LIMITS.description }) @IsOptional() @IsString() @MaxLength(TASK_LIMITS.description) description?: string;
  @ApiPropertyOptional({ type: TaskSourceRequest }) @IsOptional() @IsObject() @ValidateNested() @Type(() => TaskSourceRequest) source?: TaskSourceRequest;
  @ApiPropertyOptional({ format: 'uuid', description: 'one executor (answer: the task)' }) @IsOptional() @IsUUID() executorId?: string;
  @ApiPropertyOptional({ type: [String], description: 'many executors: one instance each sharing a groupId (answer: {groupId, items})' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(TASK_LIMITS.executors)
  @IsUUID(undefined, { each: true })
  executorIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(TASK_LIMITS.coExecutors)
  @IsUUID(undefined, { each: true })
  coExecutorIds?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'a controller; defaults to the author' }) @IsOptional() @IsUUID() controllerId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Instant() dueAt?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: TASK_LIMITS.dueInWorkingDays, description: '18:00 local on the n-th working day after today' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TASK_LIMITS.dueInWorkingDays)
  dueInWorkingDays?: number;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'normal' }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    example: [{ before: 'P3D' }, { beforeWorkingDays: 1, to: ['executor', 'controller'] }],
    description:
      'replaces the default reminders: each item one of before / after (ISO-8601 duration) or beforeWorkingDays / afterWorkingDays (number), with to: executor, co_executors, controller, executor_head',
  })
  @IsOptional()
  @IsArray()
  reminderPolicy?: unknown[];

  @ApiPropertyOptional({ type: RecurrenceRequest, description: 'instead of dueAt/dueInWorkingDays: one instance per occurrence (answer: {recurrenceId, occurrences, items})' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceRequest)
  recurrence?: RecurrenceRequest;
}

export class SubmitReportRequest {
  @ApiProperty({ minLength: 1, maxLength: TASK_LIMITS.reportText }) @IsString() @Length(1, TASK_LIMITS.reportText) text: string;
}

export class ReasonRequest {
  @ApiProperty({ minLength: 1, maxLength: TASK_LIMITS.reason }) @IsString() @Length(1, TASK_LIMITS.reason) reason: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: TASK_LIMITS.reason }) @IsOptional() @IsString() @Length(1, TASK_LIMITS.reason) reason?: string;
}

export class ReassignTaskRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() executorId: string;
}

export class RequestExtensionRequest {
  @ApiProperty({ format: 'date-time' }) @Instant() proposedDueAt: string;
  @ApiProperty({ minLength: 1, maxLength: TASK_LIMITS.reason }) @IsString() @Length(1, TASK_LIMITS.reason) reason: string;
}

export class ListTasksRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() executorId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the executor's organization" }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() controllerId?: string;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Instant() dueBefore?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() groupId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() recurrenceId?: string;
}
