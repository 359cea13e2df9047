import type { DirectoryFacts, Memorandum } from './memorandum.js';

/** Port (and DI token) of the memorandum aggregate. */
export abstract class MemorandumRepository {
  /** `lock`: hold the memorandum's row lock until the transaction ends, so commands that commute queue instead of colliding. */
  abstract get(id: string, options?: { lock?: boolean }): Promise<Memorandum | null>;
  /** Writes the memorandum and its versions; ConcurrentChangeError when another command saved first. */
  abstract save(memorandum: Memorandum): Promise<void>;
}

/** Port: what the directory knows about a reviewer organization and the parties' signatories. */
export abstract class DirectoryLookup {
  abstract facts(reviewerOrganizationId: string, userIds: readonly string[]): Promise<DirectoryFacts>;
  /** What an ЭЦП is matched against: the BIN of the organization signed for, the IIN of the person signing. */
  abstract identification(organizationId: string, userId: string | null): Promise<{ bin: string | null; iin: string | null }>;
}
