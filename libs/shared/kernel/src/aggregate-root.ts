import type { DomainEvent } from './domain-event.js';
import { StaleRevisionError } from './domain-errors.js';

/**
 * Base of every aggregate. `version` counts the events ever applied to the stream, so it is the
 * aggregate's revision (the ETag) and the journal version of the next event at the same time.
 */
export abstract class AggregateRoot {
  abstract readonly streamType: string;
  private pending: DomainEvent[] = [];

  protected constructor(
    readonly id: string,
    private persistedVersion: number,
  ) {}

  get version(): number {
    return this.persistedVersion + this.pending.length;
  }

  /** The version the aggregate had when it was loaded (0 for a new one). */
  get loadedVersion(): number {
    return this.persistedVersion;
  }

  get isNew(): boolean {
    return this.persistedVersion === 0;
  }

  protected record(type: string, payload: object): void {
    this.pending.push({ type, payload: payload as Record<string, unknown> });
  }

  /** Throws 412 when the client's If-Match revision is not the current one. */
  assertRevision(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.persistedVersion) {
      throw new StaleRevisionError(this.streamType, expected, this.persistedVersion);
    }
  }

  /** Hands the pending events to the repository and marks them persisted. */
  pullEvents(): DomainEvent[] {
    const events = this.pending;
    this.persistedVersion += events.length;
    this.pending = [];
    return events;
  }

  peekEvents(): readonly DomainEvent[] {
    return this.pending;
  }
}
