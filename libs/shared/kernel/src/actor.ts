import type { Locale } from './locale.js';

export const ROLES = ['admin', 'controller', 'prosecutor', 'signatory'] as const;
export type Role = (typeof ROLES)[number];

/** Who issues a command or a query: the authenticated user, or the system itself. */
export interface Actor {
  readonly userId: string | null;
  readonly organizationId: string | null;
  readonly roles: readonly Role[];
  readonly locale: Locale;
}

export const SYSTEM_ACTOR: Actor = { userId: null, organizationId: null, roles: [], locale: 'kk' };

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((role) => actor.roles.includes(role));
