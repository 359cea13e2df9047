import type { Substitution, SubstitutionBasis } from '../domain/substitution.js';

export interface SubstitutionView {
  id: string;
  principalId: string;
  deputyId: string;
  organizationId: string;
  from: string;
  to: string;
  basis: SubstitutionBasis;
  createdBy: string | null;
  endedAt: string | null;
  endedBy: string | null;
  /** `scheduled` (not begun), `current`, `over` (its period passed or it was ended). */
  status: 'scheduled' | 'current' | 'over';
  revision: number;
  /** Names, for lists a person reads. */
  principalName?: string;
  deputyName?: string;
}

export const substitutionStatus = (from: Date, to: Date, now: Date): SubstitutionView['status'] =>
  now.getTime() < from.getTime() ? (to.getTime() <= from.getTime() ? 'over' : 'scheduled') : now.getTime() < to.getTime() ? 'current' : 'over';

export function substitutionView(s: Substitution, now: Date): SubstitutionView {
  const st = s.state;
  return {
    id: s.id,
    principalId: st.principalId,
    deputyId: st.deputyId,
    organizationId: st.organizationId,
    from: st.from.toISOString(),
    to: st.to.toISOString(),
    basis: { ...st.basis },
    createdBy: st.createdBy,
    endedAt: st.endedAt?.toISOString() ?? null,
    endedBy: st.endedBy,
    status: substitutionStatus(st.from, st.to, now),
    revision: s.version,
  };
}
