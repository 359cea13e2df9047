import type { Actor } from '@kelisim/kernel';

export interface AuthenticatedActor extends Actor {
  readonly userId: string;
  readonly organizationId: string;
  readonly fullName: string;
}

/** Port the directory implements: who is behind a token's subject, if they are still active. */
export abstract class ActorResolver {
  abstract resolve(userId: string): Promise<AuthenticatedActor | null>;
}
