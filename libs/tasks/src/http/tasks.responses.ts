import { ApiProperty } from '@nestjs/swagger';
import type { TaskIssueView } from '../application/task.views.js';

class OccurrenceResponse {
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) groupId: string | null;
}

/** The OpenAPI shape of TaskIssueView (202 from POST /tasks, GET /task-issues/{id}). */
export class TaskIssueResponse implements TaskIssueView {
  @ApiProperty({ format: 'uuid' }) issueId: string;
  @ApiProperty({ enum: ['issuing', 'issued'], description: 'issued: every task exists' }) status: 'issuing' | 'issued';
  @ApiProperty() title: string;
  @ApiProperty({ description: 'tasks the issue creates in all' }) instances: number;
  @ApiProperty({ description: 'tasks created so far' }) issued: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'many executors, no recurrence: GET /tasks?groupId=' }) groupId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'a recurrence: GET /tasks?recurrenceId=' }) recurrenceId: string | null;
  @ApiProperty({ type: [OccurrenceResponse], nullable: true }) occurrences: OccurrenceResponse[] | null;
  @ApiProperty({ format: 'date-time' }) acceptedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ description: 'also the ETag' }) revision: number;
}
