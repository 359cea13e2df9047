/** A fact that happened to an aggregate; its payload is plain JSON (dates as ISO strings). */
export interface DomainEvent<TPayload extends object = Record<string, unknown>> {
  readonly type: string;
  readonly payload: TPayload;
}

/** An event as it stands in the journal after commit. */
export interface JournalEvent<TPayload extends object = Record<string, unknown>> extends DomainEvent<TPayload> {
  readonly position: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly actorId: string | null;
  readonly occurredAt: Date;
  readonly hash: string;
  readonly prevHash: string;
}
