import type { Actor } from '@kelisim/kernel';

/** A user acting in a spec: a controller or anyone. */
export const aUser = (userId: string, controller = false): Actor => ({
  userId,
  organizationId: null,
  roles: controller ? ['controller'] : [],
  locale: 'kk',
});

export const HOUR = 3_600_000;

/** The Monday morning the specs start on: 09:00 in Almaty. */
export const SPEC_START = new Date('2026-04-13T04:00:00Z');

/** Deterministic ids for what a spec creates, from 100 on. */
export function idSequence(): () => string {
  let sequence = 100;
  return () => `00000000-0000-4000-8000-${(sequence++).toString().padStart(12, '0')}`;
}
