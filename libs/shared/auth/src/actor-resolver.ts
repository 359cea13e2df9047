import type { Actor } from '@kelisim/kernel';

export interface AuthenticatedActor extends Actor {
  readonly userId: string;
  readonly organizationId: string;
  readonly fullName: string;
}

/** An actor with the generation of tokens that still open its account (a password change moves it on). */
export interface ResolvedActor extends AuthenticatedActor {
  readonly tokenGeneration: number;
}

/** Port the directory implements: who is behind a token's subject, if they are still active. */
export abstract class ActorResolver {
  abstract resolve(userId: string): Promise<ResolvedActor | null>;
}
