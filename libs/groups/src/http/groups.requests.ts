import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { PageRequest } from '@kelisim/http';
import { TASK_PRIORITIES, type TaskPriority } from '@kelisim/tasks';
import {
  BASIS_TYPES,
  type BasisType,
  GROUP_LIMITS,
  MEETING_STATUSES,
  MEMBER_ROLES,
  type MeetingStatus,
  type MemberRole,
  WORKING_GROUP_STATUSES,
  type WorkingGroupStatus,
} from '../domain/groups.types.js';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** An instant names its offset: a bare date or local time would be read in someone's time zone. */
const Instant = (): PropertyDecorator => (target, key) => {
  IsISO8601({ strict: true, strictSeparator: true })(target, key);
  Matches(WITH_OFFSET, { message: `${String(key)} must be an ISO-8601 date-time with an offset` })(target, key);
};
const Text = (max: number): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Length(1, max)(target, key);
};
const UserIds = (max: number): PropertyDecorator => (target, key) => {
  IsArray()(target, key);
  ArrayMaxSize(max)(target, key);
  IsUUID(undefined, { each: true })(target, key);
};

export class BasisRequest {
  @ApiProperty({ enum: BASIS_TYPES }) @IsIn(BASIS_TYPES) type: BasisType;
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class FormWorkingGroupRequest {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.name }) @Text(GROUP_LIMITS.name) name: string;
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.mandate }) @Text(GROUP_LIMITS.mandate) mandate: string;
  @ApiPropertyOptional({ type: BasisRequest }) @IsOptional() @IsObject() @ValidateNested() @Type(() => BasisRequest) basis?: BasisRequest;
  @ApiProperty({ format: 'uuid' }) @IsUUID() chairId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() secretaryId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @UserIds(GROUP_LIMITS.members) memberIds?: string[];
}

export class AddMemberRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty({ enum: MEMBER_ROLES, description: 'a new chair or secretary replaces the previous one, who stays a member' })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}

export class ListWorkingGroupsRequest extends PageRequest {
  @ApiPropertyOptional({ enum: WORKING_GROUP_STATUSES }) @IsOptional() @IsIn(WORKING_GROUP_STATUSES) status?: WorkingGroupStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'groups this user is a current member of' }) @IsOptional() @IsUUID() memberId?: string;
}

export class AgendaItemRequest {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.title }) @Text(GROUP_LIMITS.title) title: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() speakerId?: string;
}

export class ScheduleMeetingRequest {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.title }) @Text(GROUP_LIMITS.title) title: string;
  @ApiProperty({ format: 'date-time' }) @Instant() scheduledAt: string;
  @ApiPropertyOptional({ maxLength: GROUP_LIMITS.location }) @IsOptional() @Text(GROUP_LIMITS.location) location?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() chairId: string;
  @ApiProperty({ type: [String] }) @UserIds(GROUP_LIMITS.participants) participantIds: string[];
  @ApiProperty({ type: [AgendaItemRequest] })
  @IsArray()
  @ArrayMaxSize(GROUP_LIMITS.agendaItems)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemRequest)
  agenda: AgendaItemRequest[];
}

export class ListMeetingsRequest extends PageRequest {
  @ApiPropertyOptional({ enum: MEETING_STATUSES }) @IsOptional() @IsIn(MEETING_STATUSES) status?: MeetingStatus;
}

/** A task the decision drafts, shaped like a POST /tasks body; issued when the protocol is approved. */
export class TaskDraftRequest {
  @ApiProperty({ minLength: 1, maxLength: 500 }) @Text(500) title: string;
  @ApiPropertyOptional({ maxLength: 50_000 }) @IsOptional() @IsString() @MaxLength(50_000) description?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() executorId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @ArrayMinSize(1) @UserIds(1_000) executorIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @UserIds(100) coExecutorIds?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'a controller; defaults to the approver if a controller, else the organizer' })
  @IsOptional()
  @IsUUID()
  controllerId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Instant() dueAt?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 365 }) @IsOptional() @IsInt() @Min(1) @Max(365) dueInWorkingDays?: number;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
}

export class WorkingGroupFormationRequest {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.name }) @Text(GROUP_LIMITS.name) name: string;
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.mandate }) @Text(GROUP_LIMITS.mandate) mandate: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() chairId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() secretaryId?: string;
  @ApiProperty({ type: [String] }) @UserIds(GROUP_LIMITS.members) memberIds: string[];
}

export class RecordDecisionRequest {
  @ApiProperty({ minLength: 1, maxLength: GROUP_LIMITS.decisionText }) @Text(GROUP_LIMITS.decisionText) text: string;
  @ApiPropertyOptional({ type: WorkingGroupFormationRequest })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WorkingGroupFormationRequest)
  formsWorkingGroup?: WorkingGroupFormationRequest;
  @ApiPropertyOptional({ type: [TaskDraftRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GROUP_LIMITS.taskDrafts)
  @ValidateNested({ each: true })
  @Type(() => TaskDraftRequest)
  tasks?: TaskDraftRequest[];
}
