import { AggregateRoot, DEFAULT_TIME_ZONE, isBin, isTimeZone, ValidationError } from '@kelisim/kernel';
import { InvalidIdentificationNumberError, ReferenceCycleError } from './directory.errors.js';

export const ORGANIZATION_KINDS = [
  'akimat',
  'prosecutor',
  'police',
  'national_security',
  'maslikhat',
  'public_council',
  'department',
  'rural_district',
  'ethnocultural_centre',
  'ngo',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface OrganizationProps {
  name: string;
  shortName: string | null;
  kind: OrganizationKind;
  parentId: string | null;
  timezone: string;
  /** Business identification number (БСН/БИН): what an ЭЦП certificate of the organization carries. */
  bin: string | null;
}

export type OrganizationChanges = Partial<OrganizationProps>;

export class Organization extends AggregateRoot {
  readonly streamType = 'organization';

  private constructor(
    id: string,
    version: number,
    private props: OrganizationProps,
  ) {
    super(id, version);
  }

  static create(id: string, props: Omit<OrganizationProps, 'timezone' | 'bin'> & { timezone?: string; bin?: string | null }): Organization {
    const full: OrganizationProps = { ...props, timezone: props.timezone ?? DEFAULT_TIME_ZONE, bin: props.bin ?? null };
    Organization.check(id, full);
    const organization = new Organization(id, 0, full);
    organization.record('OrganizationCreated', { organizationId: id, ...full });
    return organization;
  }

  static restore(id: string, version: number, props: OrganizationProps): Organization {
    return new Organization(id, version, props);
  }

  get state(): Readonly<OrganizationProps> {
    return this.props;
  }

  update(changes: OrganizationChanges): void {
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => value !== undefined && this.props[key as keyof OrganizationProps] !== value),
    ) as OrganizationChanges;
    if (Object.keys(changed).length === 0) return;
    const next = { ...this.props, ...changed };
    Organization.check(this.id, next);
    this.props = next;
    this.record('OrganizationUpdated', { organizationId: this.id, changes: changed });
  }

  private static check(id: string, props: OrganizationProps): void {
    if (!isTimeZone(props.timezone)) throw new ValidationError('timezone', `timezone '${props.timezone}' is not an IANA time zone`);
    if (props.parentId === id) throw new ReferenceCycleError('parentId');
    if (props.bin !== null && !isBin(props.bin)) throw new InvalidIdentificationNumberError('bin', 'BIN');
  }
}
