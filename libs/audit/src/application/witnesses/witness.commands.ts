import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

export interface WitnessView {
  id: string;
  name: string;
  kind: 'webhook';
  url: string;
  active: boolean;
  createdAt: string;
  /** The newest checkpoint this witness answered 2xx to. */
  lastAcknowledged: { treeSize: number; rootHash: string; at: string } | null;
}

export class RegisterWitnessCommand extends Command<WitnessView> {
  constructor(
    readonly actor: Actor,
    readonly witness: { name: string; url: string; secret: string },
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
