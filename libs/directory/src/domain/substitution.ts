import { type Actor, AggregateRoot, hasRole, InvalidTransitionError, ValidationError } from '@kelisim/kernel';
import {
  DeputyOfAnotherOrganizationError,
  NotAllowedToSubstituteError,
  SelfSubstitutionError,
  SubstitutionBackDatedError,
  SubstitutionOverlapsError,
} from './substitution.errors.js';

export const SUBSTITUTION_LIMITS = {
  orderNumber: 100,
  /** `from` may lie this much before now: the form was filled in a moment ago. */
  backDatingToleranceMs: 5 * 60_000,
  /** The longest substitution: a year (a longer absence is an appointment, not an И.о.). */
  maxDays: 366,
} as const;

export interface SubstitutionBasis {
  orderNumber: string;
  /** YYYY-MM-DD: the date of the order that appointed the deputy. */
  orderDate: string;
}

export interface SubstitutionProps {
  principalId: string;
  deputyId: string;
  organizationId: string;
  from: Date;
  to: Date;
  basis: SubstitutionBasis;
  createdBy: string | null;
  endedAt: Date | null;
  endedBy: string | null;
}

/** What the directory says about the two people, and who may record a substitution of the principal. */
export interface SubstitutionFacts {
  principal: { organizationId: string; active: boolean } | null;
  deputy: { organizationId: string; active: boolean } | null;
  /** The principal's chain of heads: any of them may record or end the principal's substitution. */
  principalHeads: readonly string[];
  /** Substitutions of the principal that have not ended and meet [from, to). */
  overlapping: readonly { id: string; from: Date; to: Date }[];
}

/**
 * User B acts for user A (И.о.) from one instant to another, on the basis of an order. While it
 * lasts, B may take every step A may take; ending it early moves `to` to the moment it ended.
 */
export class Substitution extends AggregateRoot {
  readonly streamType = 'substitution';

  private constructor(
    id: string,
    version: number,
    private props: SubstitutionProps,
  ) {
    super(id, version);
  }

  static record(
    id: string,
    data: { principalId: string; deputyId: string; from: Date; to: Date; basis: SubstitutionBasis },
    facts: SubstitutionFacts,
    by: Actor,
    now: Date,
  ): Substitution {
    const { principal, deputy } = facts;
    if (!principal || !principal.active) throw new ValidationError('principalId', `principalId ${data.principalId} is not an active user`, 'DIRECTORY.UNKNOWN_REFERENCE');
    Substitution.assertMayManage(by, principal.organizationId, facts.principalHeads, data.principalId, 'record');
    if (data.deputyId === data.principalId) throw new SelfSubstitutionError();
    if (!deputy || !deputy.active) throw new ValidationError('deputyId', `deputyId ${data.deputyId} is not an active user`, 'DIRECTORY.UNKNOWN_REFERENCE');
    if (deputy.organizationId !== principal.organizationId) throw new DeputyOfAnotherOrganizationError();
    if (Number.isNaN(data.from.getTime())) throw new ValidationError('from', 'from must be an instant');
    if (Number.isNaN(data.to.getTime())) throw new ValidationError('to', 'to must be an instant');
    if (data.from.getTime() < now.getTime() - SUBSTITUTION_LIMITS.backDatingToleranceMs) throw new SubstitutionBackDatedError();
    if (data.to.getTime() <= data.from.getTime()) throw new ValidationError('to', 'to must be after from', 'SUBSTITUTION.EMPTY_PERIOD');
    if (data.to.getTime() - data.from.getTime() > SUBSTITUTION_LIMITS.maxDays * 86_400_000) {
      throw new ValidationError('to', `a substitution lasts at most ${SUBSTITUTION_LIMITS.maxDays} days`, 'SUBSTITUTION.TOO_LONG');
    }
    const basis = checkBasis(data.basis);
    const clash = facts.overlapping.find((s) => s.from.getTime() < data.to.getTime() && data.from.getTime() < s.to.getTime());
    if (clash) throw new SubstitutionOverlapsError(clash.id);
    const substitution = new Substitution(id, 0, {
      principalId: data.principalId,
      deputyId: data.deputyId,
      organizationId: principal.organizationId,
      from: data.from,
      to: data.to,
      basis,
      createdBy: by.userId,
      endedAt: null,
      endedBy: null,
    });
    substitution.record('SubstitutionRecorded', {
      substitutionId: id,
      principalId: data.principalId,
      deputyId: data.deputyId,
      organizationId: principal.organizationId,
      from: data.from.toISOString(),
      to: data.to.toISOString(),
      basis,
    });
    return substitution;
  }

  static restore(id: string, version: number, props: SubstitutionProps): Substitution {
    return new Substitution(id, version, props);
  }

  get state(): Readonly<SubstitutionProps> {
    return this.props;
  }

  /** Ends it now: `to` becomes now, or, before it began, it never takes effect (`to` = `from`). */
  end(by: Actor, principalHeads: readonly string[], now: Date): void {
    Substitution.assertMayManage(by, this.props.organizationId, principalHeads, this.props.principalId, 'end', true);
    if (this.props.endedAt !== null || this.props.to.getTime() <= now.getTime()) {
      throw new InvalidTransitionError('substitution', this.props.endedAt ? 'ended' : 'expired', 'end');
    }
    const previousTo = this.props.to;
    this.props.to = new Date(Math.max(now.getTime(), this.props.from.getTime()));
    this.props.endedAt = now;
    this.props.endedBy = by.userId;
    this.record('SubstitutionEnded', {
      substitutionId: this.id,
      principalId: this.props.principalId,
      deputyId: this.props.deputyId,
      organizationId: this.props.organizationId,
      to: this.props.to.toISOString(),
      previousTo: previousTo.toISOString(),
    });
  }

  /** An admin, or a head of the principal in the principal's organization; ending: the principal too. */
  static mayManage(by: Actor, organizationId: string, principalHeads: readonly string[], principalId: string, orPrincipal = false): boolean {
    if (hasRole(by, 'admin')) return true;
    if (by.userId === null || by.organizationId !== organizationId) return false;
    return principalHeads.includes(by.userId) || (orPrincipal && by.userId === principalId);
  }

  private static assertMayManage(by: Actor, organizationId: string, heads: readonly string[], principalId: string, action: string, orPrincipal = false): void {
    if (!Substitution.mayManage(by, organizationId, heads, principalId, orPrincipal)) throw new NotAllowedToSubstituteError(action);
  }
}

function checkBasis(basis: SubstitutionBasis | undefined): SubstitutionBasis {
  const orderNumber = typeof basis?.orderNumber === 'string' ? basis.orderNumber.trim() : '';
  if (orderNumber.length < 1 || orderNumber.length > SUBSTITUTION_LIMITS.orderNumber) {
    throw new ValidationError('basis.orderNumber', `basis.orderNumber must be 1 to ${SUBSTITUTION_LIMITS.orderNumber} characters long`);
  }
  const orderDate = basis?.orderDate ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(orderDate) || Number.isNaN(Date.parse(`${orderDate}T00:00:00Z`)) || new Date(`${orderDate}T00:00:00Z`).toISOString().slice(0, 10) !== orderDate) {
    throw new ValidationError('basis.orderDate', 'basis.orderDate must be a date YYYY-MM-DD');
  }
  return { orderNumber, orderDate };
}
