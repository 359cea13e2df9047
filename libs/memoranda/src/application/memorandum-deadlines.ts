import { Injectable } from '@nestjs/common';
import { DeadlineTracker } from '@kelisim/deadlines';
import { DirectoryQueries } from '@kelisim/directory';
import { Notifier } from '@kelisim/notifications';
import type { DomainEvent } from '@kelisim/kernel';
import type { Memorandum } from '../domain/memorandum.js';

const STAGES = ['in_review', 'approval', 'signing'] as const;

/**
 * Keeps a memorandum's stage deadline in the deadline engine, in the command's transaction: while
 * a version waits in review, approval or signing, those who must act (the reviewer's prosecutors,
 * the parties' signatories that have not acted) are reminded and told at once that action is
 * required; the drafter and the controllers hear when the stage is overdue; every party hears when
 * a version enters into force. Any other state closes the deadline. Called by every command that
 * saves a memorandum (through `MemorandumCommands.save`), right after `MemorandumRepository.save`,
 * with the events that save took to commit (the repository only persists).
 */
@Injectable()
export class MemorandumDeadlines {
  constructor(
    private readonly tracker: DeadlineTracker,
    private readonly directory: DirectoryQueries,
    private readonly notifier: Notifier,
  ) {}

  async follow(memorandum: Memorandum, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const s = memorandum.state;
    const open = memorandum.openVersion;
    const stage = open && (STAGES as readonly string[]).includes(open.status) && open.stageDueAt ? open : undefined;
    // A party approved or signed and the stage goes on: only that signatory is done being reminded.
    const sameStage = (type: string) => (type === 'VersionApproved' && stage?.status === 'approval') || (type === 'VersionSigned' && stage?.status === 'signing');
    if (stage && events.length > 0 && events.every((e) => sameStage(e.type))) {
      const acted = new Set(events.map((e) => (e.payload as { organizationId: string }).organizationId));
      const done = s.parties.filter((p) => acted.has(p.organizationId)).map((p) => p.signatoryId);
      await this.tracker.release('memorandum_stage', memorandum.id, done);
      return;
    }
    if (!stage) {
      await this.tracker.close('memorandum_stage', memorandum.id, open?.status ?? s.status);
    } else {
      const executors = await this.awaiting(memorandum);
      const controllers = (await this.directory.users({ role: 'controller', active: true, limit: 200 })).items.map((u) => u.id);
      await this.tracker.track({
        subjectType: 'memorandum_stage',
        subjectId: memorandum.id,
        title: s.title,
        dueAt: new Date(stage.stageDueAt!),
        audience: { executor: executors, controller: [...new Set([...(s.createdBy ? [s.createdBy] : []), ...controllers])], executor_head: [] },
      });
      // Told once, when the stage begins (the dedupe key would also keep a second message out).
      const types = new Set(events.map((e) => e.type));
      const entered = types.has('VersionSubmitted') || types.has('VersionCleared') || (stage.status === 'signing' && types.has('VersionApproved'));
      await this.notifier.notifyActionRequired(
        (entered ? executors : []).map((userId) => ({
          recipientId: userId,
          type: 'memorandum.action_required' as const,
          subject: { type: 'memorandum', id: memorandum.id },
          params: { title: s.title, dueAt: new Date(stage.stageDueAt!), stage: stage.status, version: stage.number },
          dedupeKey: `memorandum:${memorandum.id}:${stage.number}:${stage.round}:${stage.status}:${userId}`,
        })),
      );
    }
    for (const event of events.filter((e) => e.type === 'VersionEnteredIntoForce')) {
      const number = (event.payload as { number: number }).number;
      await this.notifier.notifyAll(
        s.parties.map((party) => ({
          recipientId: party.signatoryId,
          type: 'memorandum.in_force' as const,
          subject: { type: 'memorandum', id: memorandum.id },
          params: { title: s.title, version: number },
          dedupeKey: `memorandum:${memorandum.id}:${number}:in_force:${party.organizationId}`,
        })),
      );
    }
  }

  private async awaiting(memorandum: Memorandum): Promise<string[]> {
    const s = memorandum.state;
    const v = memorandum.openVersion!;
    if (v.status === 'in_review') {
      const prosecutors = await this.directory.users({ organizationId: s.reviewerOrganizationId, role: 'prosecutor', active: true, limit: 200 });
      return prosecutors.items.map((u) => u.id);
    }
    const done = new Set((v.status === 'approval' ? v.approvals : v.signatures).map((a) => a.organizationId));
    return s.parties.filter((p) => !done.has(p.organizationId)).map((p) => p.signatoryId);
  }
}
