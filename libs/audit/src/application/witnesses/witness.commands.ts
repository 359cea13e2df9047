import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

export interface WitnessView {
  id: string;
  name: string;
  kind: 'webhook' | 'email';
  /** A webhook witness's address (null for an e-mail witness). */
  url: string | null;
  /** An e-mail witness's user (null for a webhook). */
  userId: string | null;
  active: boolean;
  createdAt: string;
  /** The newest checkpoint this witness answered 2xx to (a webhook) or whose digest the mail server accepted (e-mail). */
  lastAcknowledged: { treeSize: number; rootHash: string; at: string } | null;
}

export class RegisterWitnessCommand extends Command<WitnessView> {
  constructor(
    readonly actor: Actor,
    readonly witness: { name: string; url: string; secret: string } | { name: string; userId: string },
  ) {
    super();
  }
}

export class DeactivateWitnessCommand extends Command<WitnessView> {
  constructor(
    readonly actor: Actor,
    readonly witnessId: string,
  ) {
    super();
  }
}
