import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseReminderPolicy, policyItemToJson } from '@kelisim/deadlines';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor } from '@kelisim/auth';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { AcceptTaskCommand } from '../application/accept-task/accept-task.command.js';
import { AcknowledgeTaskCommand } from '../application/acknowledge-task/acknowledge-task.command.js';
import { ApproveExtensionCommand } from '../application/approve-extension/approve-extension.command.js';
import { CancelTaskCommand } from '../application/cancel-task/cancel-task.command.js';
import { IssueTaskCommand } from '../application/issue-task/issue-task.command.js';
import { TasksQueries } from '../application/queries/tasks.queries.js';
import { ReassignTaskCommand } from '../application/reassign-task/reassign-task.command.js';
import { RejectExtensionCommand } from '../application/reject-extension/reject-extension.command.js';
import { RequestExtensionCommand } from '../application/request-extension/request-extension.command.js';
import { ReturnTaskCommand } from '../application/return-task/return-task.command.js';
import { SubmitReportCommand } from '../application/submit-report/submit-report.command.js';
import type { TaskDetailView, TaskGroupView, TaskIssueView, TaskRecurrenceView, TaskView } from '../application/task.views.js';
import { TaskIssueResponse } from './tasks.responses.js';
import {
  IssueTaskRequest,
  ListTasksRequest,
  OptionalReasonRequest,
  ReasonRequest,
  ReassignTaskRequest,
  RequestExtensionRequest,
  SubmitReportRequest,
} from './tasks.requests.js';

const taskId = uuidParam('id');
/** The API's path prefix, for Location headers. */
const API_PATH = 'api/v1';

/**
 * Who may act is decided by the task (executor) and the handler (controller role), after the
 * task's visibility: a user who may not see a task gets 404 rather than learning it exists.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TasksQueries,
  ) {}

  /**
   * Controllers, and a working group's chair for tasks whose source is that group (checked by the
   * handler). 201 with the task, the group or the recurrence's instances; 202 when they would plan
   * more reminders than one command may (20,000): the issue is accepted and its tasks follow.
   */
  @Post()
  @ApiOperation({ summary: 'Issue a task' })
  @ApiCreatedResponse({ description: 'the task (executorId), the group of instances (executorIds: {groupId, items}), or a recurrence ({recurrenceId, occurrences, items})' })
  @ApiAcceptedResponse({
    description:
      'more than 20,000 reminders in all: accepted, issued in the background in batches; Location is GET /api/v1/task-issues/{issueId}, which reaches status "issued"',
    type: TaskIssueResponse,
    headers: { Location: { description: '/api/v1/task-issues/{issueId}', schema: { type: 'string' } } },
  })
  async issue(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() body: IssueTaskRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TaskDetailView | TaskGroupView | TaskRecurrenceView | TaskIssueView> {
    const { dueAt, ...rest } = body;
    const { reminderPolicy, ...others } = rest;
    // Validated by the deadline engine's own reader; kept as the client wrote it, normalized.
    const policy = reminderPolicy === undefined ? undefined : parseReminderPolicy(reminderPolicy).map(policyItemToJson);
    const answer = await this.commands.execute(
      new IssueTaskCommand(actor, { ...others, ...(dueAt ? { dueAt: new Date(dueAt) } : {}), ...(policy ? { reminderPolicy: policy } : {}) }),
    );
    if ('issueId' in answer) response.status(HttpStatus.ACCEPTED).setHeader('Location', `/${API_PATH}/task-issues/${answer.issueId}`);
    return answer;
  }

  @Get()
  @ApiOperation({ summary: 'List tasks' })
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListTasksRequest): Promise<Page<TaskView>> {
    return this.queries.list(actor, {
      ...query,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
      limit: pageLimit(query),
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a task' })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', taskId) id: string): Promise<TaskDetailView> {
    return this.queries.get(actor, id);
  }

  @Post(':id/acknowledge')
  @ApiOperation({ summary: 'Acknowledge a task' })
  @HttpCode(200)
  acknowledge(@CurrentActor() actor: AuthenticatedActor, @Param('id', taskId) id: string, @IfMatch() revision?: number): Promise<TaskDetailView> {
    return this.commands.execute(new AcknowledgeTaskCommand(actor, id, revision));
  }

  @Post(':id/reports')
  @ApiOperation({ summary: 'Submit a report' })
  report(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Body() body: SubmitReportRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new SubmitReportCommand(actor, id, body.text, revision));
  }

  @Post(':id/accept')
  @ApiOperation({ summary: 'Accept a report' })
  @HttpCode(200)
  accept(@CurrentActor() actor: AuthenticatedActor, @Param('id', taskId) id: string, @IfMatch() revision?: number): Promise<TaskDetailView> {
    return this.commands.execute(new AcceptTaskCommand(actor, id, revision));
  }

  @Post(':id/return')
  @ApiOperation({ summary: 'Return a report' })
  @HttpCode(200)
  returnReport(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Body() body: ReasonRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new ReturnTaskCommand(actor, id, body.reason, revision));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a task' })
  @HttpCode(200)
  cancel(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Body() body: ReasonRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new CancelTaskCommand(actor, id, body.reason, revision));
  }

  @Post(':id/reassign')
  @ApiOperation({ summary: 'Reassign a task' })
  @HttpCode(200)
  reassign(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Body() body: ReassignTaskRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new ReassignTaskCommand(actor, id, body.executorId, revision));
  }

  @Post(':id/extension-requests')
  @ApiOperation({ summary: 'Request an extension' })
  requestExtension(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Body() body: RequestExtensionRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new RequestExtensionCommand(actor, id, new Date(body.proposedDueAt), body.reason, revision));
  }

  @Post(':id/extension-requests/:rid/approve')
  @ApiOperation({ summary: 'Approve an extension' })
  @HttpCode(200)
  approveExtension(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Param('rid', uuidParam('rid')) requestId: string,
    @Body() body: OptionalReasonRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new ApproveExtensionCommand(actor, id, requestId, body.reason ?? null, revision));
  }

  @Post(':id/extension-requests/:rid/reject')
  @ApiOperation({ summary: 'Reject an extension' })
  @HttpCode(200)
  rejectExtension(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', taskId) id: string,
    @Param('rid', uuidParam('rid')) requestId: string,
    @Body() body: ReasonRequest,
    @IfMatch() revision?: number,
  ): Promise<TaskDetailView> {
    return this.commands.execute(new RejectExtensionCommand(actor, id, requestId, body.reason, revision));
  }
}

/** A large issue's progress (202 from POST /tasks points here): its author and controllers. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('task-issues')
export class TaskIssuesController {
  constructor(private readonly queries: TasksQueries) {}

  @Get(':id')
  @ApiOperation({ summary: 'Follow a large issue\'s progress' })
  @ApiOkResponse({ type: TaskIssueResponse })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<TaskIssueView> {
    return this.queries.issue(actor, id);
  }
}
