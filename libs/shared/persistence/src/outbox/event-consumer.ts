import { SetMetadata } from '@nestjs/common';
import type { JournalEvent } from '@kelisim/kernel';

export const EVENT_CONSUMER = Symbol('kelisim:event-consumer');

export interface EventConsumerOptions {
  /** Stable name: the inbox remembers which events this consumer has handled under it. */
  name: string;
  /** Event types it wants; the relay skips the rest. */
  events: readonly string[];
}

/**
 * A durable subscriber of committed events (our sagas and projections). The relay calls `handle`
 * inside a transaction that also records (consumer, position) in the inbox, so each event takes
 * effect once per consumer even when the relay dies mid-batch and publishes it again.
 */
export interface EventConsumer {
  handle(event: JournalEvent): Promise<void>;
}

export const Consumes = (options: EventConsumerOptions): ClassDecorator => SetMetadata(EVENT_CONSUMER, options);
