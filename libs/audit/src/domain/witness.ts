import { AggregateRoot, ConflictError, ValidationError } from '@kelisim/kernel';

export interface WitnessProps {
  name: string;
  kind: 'webhook' | 'email';
  /** A webhook's address and signing key. */
  url: string | null;
  secret: string | null;
  /** An e-mail witness: the user whose daily digest carries the latest checkpoint. */
  userId: string | null;
  active: boolean;
}

/**
 * A witness of the journal: a webhook that receives every signed checkpoint, or a person whose daily
 * digest e-mail carries the latest one, so a rewrite of history contradicts a copy the database's
 * owner does not hold. Registered and deactivated, never edited.
 */
export class Witness extends AggregateRoot {
  readonly streamType = 'journal_witness';

  private constructor(
    id: string,
    version: number,
    private props: WitnessProps,
  ) {
    super(id, version);
  }

  static restore(id: string, version: number, props: WitnessProps): Witness {
    return new Witness(id, version, props);
  }

  static register(id: string, props: { name: string; url: string; secret: string }): Witness {
    if (props.name.trim().length === 0) throw new ValidationError('name', 'name must not be blank');
    if (props.secret.length < 16) throw new ValidationError('secret', 'secret must be at least 16 characters');
    const witness = new Witness(id, 0, { ...props, kind: 'webhook', userId: null, active: true });
    // The secret never enters the journal.
    witness.record('WitnessRegistered', { name: props.name, kind: 'webhook', url: props.url });
    return witness;
  }

  /** A person (a user with an e-mail address) whose daily digest carries the latest checkpoint. */
  static registerEmail(id: string, props: { name: string; userId: string }): Witness {
    if (props.name.trim().length === 0) throw new ValidationError('name', 'name must not be blank');
    const witness = new Witness(id, 0, { name: props.name, kind: 'email', url: null, secret: null, userId: props.userId, active: true });
    witness.record('WitnessRegistered', { name: props.name, kind: 'email', userId: props.userId });
    return witness;
  }

  get state(): WitnessProps {
    return this.props;
  }

  deactivate(): void {
    if (!this.props.active) throw new ConflictError('WITNESS.INACTIVE', 'The witness is already inactive.');
    this.props = { ...this.props, active: false };
    this.record('WitnessDeactivated', {});
  }
}
