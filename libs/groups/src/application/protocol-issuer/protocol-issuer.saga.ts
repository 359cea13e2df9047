import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor, JournalEvent } from '@kelisim/kernel';
import { Consumes, type EventConsumer } from '@kelisim/persistence';
import { IssueTaskCommand, ReminderBudget } from '@kelisim/tasks';
import { type ApprovedDecision, GroupEvents, type MeetingProtocolApprovedPayload } from '../../domain/groups.events.js';
import { ProtocolLedger } from '../../domain/groups.repositories.js';
import type { TaskDraft } from '../../domain/groups.types.js';
import { FormWorkingGroupCommand } from '../form-working-group/form-working-group.command.js';

const WORKING_GROUP = 'working_group';
const taskKey = (index: number): string => `task:${index}`;

/**
 * Approving a protocol issues its decisions' tasks and forms their working groups. The relay runs
 * this in one transaction with its inbox row, and every command joins it, so the whole protocol
 * takes effect or none of it does. The ledger makes it idempotent on its own as well: a second
 * delivery of the same event skips each draft and group already done.
 *
 * The commands run as the approver (the meeting chair or a controller). Who may approve was checked
 * when the protocol was approved, so the tasks are issued with the protocol's authority (the only
 * way to issue as a meeting); drafts without a controller get the one the approval chose.
 */
@Injectable()
@Consumes({ name: 'groups.protocol-issuer', events: [GroupEvents.ProtocolApproved] })
export class ProtocolIssuer implements EventConsumer {
  constructor(
    private readonly commands: CommandBus,
    private readonly ledger: ProtocolLedger,
  ) {}

  async handle(event: JournalEvent): Promise<void> {
    const payload = event.payload as unknown as MeetingProtocolApprovedPayload;
    const actor: Actor = { userId: payload.approvedBy, organizationId: null, roles: [], locale: 'kk' };
    // The whole protocol is one transaction: its drafts share the reminders one command may plan;
    // a draft that does not fit any more is accepted and issued in the background.
    const budget = new ReminderBudget();
    for (const decision of payload.decisions) await this.carryOut(actor, payload.controllerId, decision, budget);
  }

  private async carryOut(actor: Actor, controllerId: string, decision: ApprovedDecision, budget: ReminderBudget): Promise<void> {
    const done = await this.ledger.done(decision.decisionId);
    const formation = decision.formsWorkingGroup;
    if (formation && !done.has(WORKING_GROUP)) {
      const group = await this.commands.execute(
        new FormWorkingGroupCommand(actor, {
          id: formation.groupId,
          name: formation.name,
          mandate: formation.mandate,
          basis: { type: 'meeting_decision', id: decision.decisionId },
          chairId: formation.chairId,
          ...(formation.secretaryId ? { secretaryId: formation.secretaryId } : {}),
          memberIds: formation.memberIds,
        }),
      );
      await this.ledger.record(decision.decisionId, WORKING_GROUP, group.id);
    }
    for (const [index, draft] of decision.tasks.entries()) {
      if (done.has(taskKey(index))) continue;
      const issued = await this.commands.execute(new IssueTaskCommand(actor, issueData(draft, controllerId, decision.decisionId), { origin: 'protocol', budget }));
      await this.ledger.record(decision.decisionId, taskKey(index), issuedId(issued));
    }
  }
}

function issueData(draft: TaskDraft, controllerId: string, decisionId: string): IssueTaskCommand['data'] {
  const { dueAt, ...rest } = draft;
  return {
    ...rest,
    controllerId: draft.controllerId ?? controllerId,
    ...(dueAt ? { dueAt: new Date(dueAt) } : {}),
    source: { type: 'meeting_decision', id: decisionId },
  };
}

/** The task, or the group of its instances when the draft names many executors (or the issue, when it is issued in the background). */
function issuedId(issued: object): string {
  const answer = issued as { id?: string; recurrenceId?: string | null; groupId?: string | null; issueId?: string };
  return (answer.id ?? answer.recurrenceId ?? answer.groupId ?? answer.issueId)!;
}
