import { AggregateRoot, isIin, isTimeZone, type Locale, type Role, ValidationError } from '@kelisim/kernel';
import { InvalidIdentificationNumberError, ReferenceCycleError } from './directory.errors.js';

export interface UserProps {
  fullName: string;
  email: string;
  organizationId: string;
  position: string | null;
  headId: string | null;
  roles: Role[];
  locale: Locale;
  timezone: string | null;
  active: boolean;
  /** One e-mail a day with everything, instead of an e-mail per notification. */
  emailDigest: boolean;
  /** Individual identification number (ЖСН/ИИН): what the person's ЭЦП certificate carries. */
  iin: string | null;
}

export type UserChanges = Partial<Omit<UserProps, 'email'>> & { email?: string };

/** E-mails are unique without regard to case; we keep them lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export class User extends AggregateRoot {
  readonly streamType = 'user';

  private constructor(
    id: string,
    version: number,
    private props: UserProps,
    private hash: string,
    private generation: number,
  ) {
    super(id, version);
  }

  static register(id: string, props: Omit<UserProps, 'active' | 'emailDigest' | 'iin'> & { emailDigest?: boolean; iin?: string | null }, passwordHash: string): User {
    const full: UserProps = {
      ...props,
      iin: props.iin ?? null,
      email: normalizeEmail(props.email),
      roles: [...new Set(props.roles)].sort(),
      active: true,
      emailDigest: props.emailDigest ?? false,
    };
    User.check(id, full);
    const user = new User(id, 0, full, passwordHash, 0);
    // The password hash never enters the journal.
    user.record('UserRegistered', { userId: id, ...full });
    return user;
  }

  static restore(id: string, version: number, props: UserProps, passwordHash: string, tokenGeneration = 0): User {
    return new User(id, version, props, passwordHash, tokenGeneration);
  }

  get state(): Readonly<UserProps> {
    return this.props;
  }

  get passwordHash(): string {
    return this.hash;
  }

  /** The generation of access tokens that still open the account; earlier ones are revoked. */
  get tokenGeneration(): number {
    return this.generation;
  }

  update(changes: UserChanges): void {
    const normalized: UserChanges = { ...changes };
    if (normalized.email !== undefined) normalized.email = normalizeEmail(normalized.email);
    if (normalized.roles !== undefined) normalized.roles = [...new Set(normalized.roles)].sort();
    const changed = Object.fromEntries(
      Object.entries(normalized).filter(
        ([key, value]) => value !== undefined && JSON.stringify(this.props[key as keyof UserProps]) !== JSON.stringify(value),
      ),
    ) as UserChanges;
    if (Object.keys(changed).length === 0) return;
    const next = { ...this.props, ...changed };
    User.check(this.id, next);
    this.props = next;
    this.record('UserUpdated', { userId: this.id, changes: changed });
  }

  /** A new password revokes every token issued before it, whoever changed it. */
  changePassword(passwordHash: string, byAdmin: boolean): void {
    this.hash = passwordHash;
    this.generation += 1;
    this.record('UserPasswordChanged', { userId: this.id, byAdmin });
  }

  private static check(id: string, props: UserProps): void {
    if (props.timezone !== null && !isTimeZone(props.timezone)) {
      throw new ValidationError('timezone', `timezone '${props.timezone}' is not an IANA time zone`);
    }
    if (props.headId === id) throw new ReferenceCycleError('headId');
    if (props.iin !== null && !isIin(props.iin)) throw new InvalidIdentificationNumberError('iin', 'IIN');
  }
}
