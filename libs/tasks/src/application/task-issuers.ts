import { Injectable } from '@nestjs/common';
import { type Actor, ForbiddenError, hasRole } from '@kelisim/kernel';
import type { TaskSource } from '../domain/task.types.js';

/** Says whether someone without the controller role may issue tasks from a source (e.g. a working group's chair). */
export type SourceAuthority = (actor: Actor, source: TaskSource) => Promise<boolean>;

export class NotAllowedToIssueError extends ForbiddenError {
  constructor() {
    super('TASK.ISSUER_REQUIRED', 'Only a controller, or the chair of the working group named as the source, may issue tasks.');
  }
}

/**
 * Who may issue tasks: controllers always; others when a context that owns the source vouches for
 * them (the groups context registers "the group's active chair"). Contexts register here rather
 * than the tasks context importing them, which would make a cycle.
 */
@Injectable()
export class TaskIssuers {
  private readonly authorities: SourceAuthority[] = [];

  register(authority: SourceAuthority): void {
    this.authorities.push(authority);
  }

  async assertMayIssue(actor: Actor, source: TaskSource | undefined): Promise<void> {
    if (hasRole(actor, 'controller')) return;
    for (const authority of source ? this.authorities : []) if (await authority(actor, source!)) return;
    throw new NotAllowedToIssueError();
  }
}
