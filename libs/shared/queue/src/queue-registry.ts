import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RowOutbox } from './row-outbox.js';

/**
 * Every BullMQ queue of this process, for the dashboard, readiness and the depth metric; and every
 * table that is a queue's outbox, for the reconciler that rebuilds the queues from PostgreSQL.
 */
@Injectable()
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  private readonly outboxList: RowOutbox[] = [];

  addOutbox(outbox: RowOutbox): RowOutbox {
    this.outboxList.push(outbox);
    return outbox;
  }

  outboxes(): readonly RowOutbox[] {
    return this.outboxList;
  }

  add(queue: Queue): void {
    this.queues.set(queue.name, queue);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }
}
