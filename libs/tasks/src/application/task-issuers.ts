import { Injectable } from '@nestjs/common';
import { type Actor, ForbiddenError, hasRole } from '@kelisim/kernel';
import type { TaskSource, TaskSourceType } from '../domain/task.types.js';

/** Says whether someone without the controller role may issue tasks from a source (e.g. a working group's chair). */
export type SourceAuthority = (actor: Actor, source: TaskSource) => Promise<boolean>;

/** Throws (a coded domain error) when a task may not cite `source` now, e.g. a decision whose protocol is not approved. */
export type SourceCheck = (source: TaskSource) => Promise<void>;

/**
 * Where an issue comes from: a person's request (HTTP, the demo), or a meeting's approved protocol,
 * whose saga is the only caller that issues as the meeting.
 */
export type IssueOrigin = 'request' | 'protocol';

export class NotAllowedToIssueError extends ForbiddenError {
  constructor() {
    super('TASK.ISSUER_REQUIRED', 'Only a controller, or the chair of the working group named as the source, may issue tasks.');
  }
}

export class IssuedByProtocolError extends ForbiddenError {
  constructor() {
    super(
      'TASK.ISSUED_BY_PROTOCOL',
      "A meeting's decision issues its tasks when the protocol is approved; only a controller may add a task citing an approved decision.",
    );
  }
}

/**
 * Who may issue tasks: controllers always; others when a context that owns the source vouches for
 * them (the groups context registers "the group's active chair"); a meeting's decision only through
 * its approved protocol, or a controller's follow-up on an approved decision. Contexts register
 * here rather than the tasks context importing them, which would make a cycle.
 */
@Injectable()
export class TaskIssuers {
  private readonly authorities: SourceAuthority[] = [];
  private readonly checks = new Map<TaskSourceType, SourceCheck>();

  register(authority: SourceAuthority): void {
    this.authorities.push(authority);
  }

  /** What a task citing a source of `type` needs outside the protocol (its owner decides). */
  registerCheck(type: TaskSourceType, check: SourceCheck): void {
    this.checks.set(type, check);
  }

  async assertMayIssue(actor: Actor, source: TaskSource | undefined, origin: IssueOrigin = 'request'): Promise<void> {
    // Who may approve was checked when the protocol was approved; its saga carries it out.
    if (origin === 'protocol') return;
    if (source?.type === 'meeting_decision' && !hasRole(actor, 'controller')) throw new IssuedByProtocolError();
    if (source) await this.checks.get(source.type)?.(source);
    if (hasRole(actor, 'controller')) return;
    for (const authority of source ? this.authorities : []) if (await authority(actor, source!)) return;
    throw new NotAllowedToIssueError();
  }
}
