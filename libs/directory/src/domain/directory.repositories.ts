import type { Organization } from './organization.js';
import type { Substitution } from './substitution.js';
import type { User } from './user.js';

/** Ports (and DI tokens) of the directory's aggregates. */
export abstract class OrganizationRepository {
  abstract get(id: string): Promise<Organization | null>;
  abstract save(organization: Organization): Promise<void>;
  /** The chain of parents above an organization, nearest first. */
  abstract ancestors(id: string): Promise<string[]>;
}

export abstract class UserRepository {
  abstract get(id: string): Promise<User | null>;
  abstract getByEmail(email: string): Promise<User | null>;
  abstract save(user: User): Promise<void>;
  abstract count(): Promise<number>;
  /** The chain of heads above a user, nearest first. */
  abstract heads(id: string): Promise<string[]>;
}

/** Port: argon2id in production. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
}

export abstract class SubstitutionRepository {
  /** Loads it locked for the command. */
  abstract get(id: string): Promise<Substitution | null>;
  /** Serializes the commands about one principal's substitutions until the transaction ends. */
  abstract lockPrincipal(principalId: string): Promise<void>;
  /** The principal's substitutions (not ended before they began) that meet [from, to). */
  abstract overlapping(principalId: string, from: Date, to: Date): Promise<{ id: string; from: Date; to: Date }[]>;
  abstract save(substitution: Substitution): Promise<void>;
}
