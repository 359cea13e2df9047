import { type Actor, AggregateRoot, hasRole, ValidationError } from '@kelisim/kernel';
import {
  AlreadyMemberError,
  ChairCannotLeaveError,
  ChairOrControllerRequiredError,
  GroupTextError,
  NotAMemberError,
  TooManyError,
  WorkingGroupTransitionError,
} from './groups.errors.js';
import { GroupEvents } from './groups.events.js';
import { GROUP_LIMITS, type MemberRole, type WorkingGroupBasis, type WorkingGroupStatus } from './groups.types.js';

/** One stay of a person in the group with one role; a row is closed (`leftAt`), never deleted. */
export interface Membership {
  id: string;
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface WorkingGroupProps {
  name: string;
  mandate: string;
  basis: WorkingGroupBasis | null;
  status: WorkingGroupStatus;
  formedBy: string;
  formedAt: Date;
  disbandedAt: Date | null;
}

export interface FormWorkingGroupProps {
  name: string;
  mandate: string;
  basis?: WorkingGroupBasis | null;
  chairId: string;
  secretaryId?: string | null;
  memberIds?: string[];
  formedBy: string;
}

export function checkText(field: string, value: string, max: number): void {
  if (value.trim().length === 0 || value.length > max) throw new GroupTextError(field, max);
}

/**
 * A working group with its chair, secretary and members. Membership changes are rows that open
 * and close, so the history of who was in the group, and as what, is kept.
 */
export class WorkingGroup extends AggregateRoot {
  readonly streamType = 'working_group';

  private constructor(
    id: string,
    version: number,
    private props: WorkingGroupProps,
    private memberships: Membership[],
  ) {
    super(id, version);
  }

  /** `newId` gives the membership rows their ids (the repository upserts them by id). */
  static form(id: string, input: FormWorkingGroupProps, newId: () => string, now: Date): WorkingGroup {
    checkText('name', input.name, GROUP_LIMITS.name);
    checkText('mandate', input.mandate, GROUP_LIMITS.mandate);
    const secretaryId = input.secretaryId ?? null;
    if (secretaryId === input.chairId) throw new ValidationError('secretaryId', 'the secretary must not be the chair');
    const memberIds = [...new Set(input.memberIds ?? [])].filter((userId) => userId !== input.chairId && userId !== secretaryId);
    if (memberIds.length + 2 > GROUP_LIMITS.members) throw new TooManyError('memberIds', GROUP_LIMITS.members - 2);
    const group = new WorkingGroup(
      id,
      0,
      { name: input.name, mandate: input.mandate, basis: input.basis ?? null, status: 'active', formedBy: input.formedBy, formedAt: now, disbandedAt: null },
      [],
    );
    group.record(GroupEvents.WorkingGroupFormed, {
      workingGroupId: id,
      name: input.name,
      mandate: input.mandate,
      basis: group.props.basis,
      chairId: input.chairId,
      secretaryId,
      memberIds,
    });
    group.join(newId(), input.chairId, 'chair', now);
    if (secretaryId) group.join(newId(), secretaryId, 'secretary', now);
    for (const userId of memberIds) group.join(newId(), userId, 'member', now);
    return group;
  }

  static restore(id: string, version: number, props: WorkingGroupProps, memberships: Membership[]): WorkingGroup {
    return new WorkingGroup(id, version, props, memberships);
  }

  get state(): Readonly<WorkingGroupProps> {
    return this.props;
  }

  /** Every membership row, current and past, in the order they opened. */
  get history(): readonly Membership[] {
    return this.memberships;
  }

  get members(): Membership[] {
    return this.memberships.filter((m) => m.leftAt === null);
  }

  get chairId(): string {
    return this.members.find((m) => m.role === 'chair')!.userId;
  }

  get secretaryId(): string | null {
    return this.members.find((m) => m.role === 'secretary')?.userId ?? null;
  }

  /**
   * Adds a person with a role, or changes a current member's role. A new chair or secretary takes
   * the place of the previous one, who stays in the group as a member.
   */
  addMember(actor: Actor, membershipId: () => string, userId: string, role: MemberRole, now: Date): void {
    this.requireChairOrController(actor, 'change its members');
    this.requireActive('add a member to');
    const current = this.currentOf(userId);
    if (current?.role === role) throw new AlreadyMemberError(userId, role);
    if (current?.role === 'chair') throw new ChairCannotLeaveError();
    if (!current && this.members.length >= GROUP_LIMITS.members) throw new TooManyError('members', GROUP_LIMITS.members);
    if (role !== 'member') {
      const holder = this.members.find((m) => m.role === role);
      if (holder) {
        this.leave(holder, now);
        this.join(membershipId(), holder.userId, 'member', now);
      }
    }
    if (current) this.leave(current, now);
    this.join(membershipId(), userId, role, now);
  }

  removeMember(actor: Actor, userId: string, now: Date): void {
    this.requireChairOrController(actor, 'change its members');
    this.requireActive('remove a member from');
    const current = this.currentOf(userId);
    if (!current) throw new NotAMemberError(userId);
    if (current.role === 'chair') throw new ChairCannotLeaveError();
    this.leave(current, now);
  }

  disband(actor: Actor, now: Date): void {
    this.requireChairOrController(actor, 'disband it');
    this.requireActive('disband', 'disbanded');
    this.props.status = 'disbanded';
    this.props.disbandedAt = now;
    this.record(GroupEvents.WorkingGroupDisbanded, { workingGroupId: this.id, disbandedBy: actor.userId, at: now.toISOString() });
  }

  private currentOf(userId: string): Membership | undefined {
    return this.members.find((m) => m.userId === userId);
  }

  private join(id: string, userId: string, role: MemberRole, now: Date): void {
    this.memberships.push({ id, userId, role, joinedAt: now, leftAt: null });
    this.record(GroupEvents.MemberJoined, { workingGroupId: this.id, membershipId: id, userId, role, at: now.toISOString() });
  }

  private leave(membership: Membership, now: Date): void {
    membership.leftAt = now;
    this.record(GroupEvents.MemberLeft, {
      workingGroupId: this.id,
      membershipId: membership.id,
      userId: membership.userId,
      role: membership.role,
      at: now.toISOString(),
    });
  }

  private requireChairOrController(actor: Actor, action: string): void {
    if (hasRole(actor, 'controller')) return;
    if (actor.userId !== null && actor.userId === this.chairId) return;
    throw new ChairOrControllerRequiredError('working_group', action);
  }

  private requireActive(action: string, to: WorkingGroupStatus = 'active'): void {
    if (this.props.status !== 'active') throw new WorkingGroupTransitionError(this.props.status, action, to);
  }
}
