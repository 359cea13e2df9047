import type { Locale, Role } from '@kelisim/kernel';
import type { Organization, OrganizationKind } from '../domain/organization.js';
import type { User } from '../domain/user.js';

export interface OrganizationView {
  id: string;
  name: string;
  shortName: string | null;
  kind: OrganizationKind;
  parentId: string | null;
  timezone: string;
  bin: string | null;
  revision: number;
}

export interface UserView {
  id: string;
  fullName: string;
  email: string;
  organizationId: string;
  position: string | null;
  headId: string | null;
  roles: Role[];
  locale: Locale;
  timezone: string | null;
  active: boolean;
  emailDigest: boolean;
  /** Personal data: shown to admins and to the person only. */
  iin?: string | null;
  revision: number;
}

export const organizationView = (o: Organization): OrganizationView => ({ id: o.id, ...o.state, revision: o.version });

export const userView = (u: User): UserView => ({ id: u.id, ...u.state, roles: [...u.state.roles], revision: u.version });
