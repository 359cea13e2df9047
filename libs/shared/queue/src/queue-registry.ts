import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** Every BullMQ queue of this process, for the dashboard, readiness and the depth metric. */
@Injectable()
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  add(queue: Queue): void {
    this.queues.set(queue.name, queue);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }
}
