import type { Locale } from './locale.js';

export const ROLES = ['admin', 'controller', 'prosecutor', 'signatory'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A recorded substitution under which the actor acts for another official (И.о.): the principal,
 * what the principal may do (organization, roles) and the period, half-open [from, to).
 */
export interface Acting {
  readonly substitutionId: string;
  readonly principalId: string;
  readonly organizationId: string;
  readonly roles: readonly Role[];
  readonly from: string;
  readonly to: string;
}

/** Who issues a command or a query: the authenticated user, or the system itself. */
export interface Actor {
  readonly userId: string | null;
  readonly organizationId: string | null;
  readonly roles: readonly Role[];
  readonly locale: Locale;
  /** Substitutions under which this user is the deputy and which have not ended; `actingAt` picks the current ones. */
  readonly acting?: readonly Acting[];
}

export const SYSTEM_ACTOR: Actor = { userId: null, organizationId: null, roles: [], locale: 'kk' };

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((role) => actor.roles.includes(role));

/** The substitutions under which `actor` acts at `at` (for everyone, or for one principal). */
export function actingAt(actor: Actor, at: Date, principalId?: string): Acting[] {
  const t = at.getTime();
  return (actor.acting ?? []).filter(
    (a) => (principalId === undefined || a.principalId === principalId) && Date.parse(a.from) <= t && t < Date.parse(a.to),
  );
}

/** Whether `actor` is `userId` or acts for them at `at`: null when neither, else whom the act is "acting for" (null: in person). */
export function asOrActingFor(actor: Actor, userId: string, at: Date): { actingFor: string | null } | null {
  if (actor.userId === userId) return { actingFor: null };
  return actingAt(actor, at, userId).length > 0 ? { actingFor: userId } : null;
}
