import { Injectable } from '@nestjs/common';
import { Consumes, type EventConsumer } from '@kelisim/persistence';
import type { JournalEvent } from '@kelisim/kernel';
import { ReminderEnqueuer } from './reminder-enqueuer.js';

/**
 * The durable path from a committed deadline to its jobs: the relay hands over every scheduled
 * deadline, and the enqueuer adds whatever reminders are not queued yet, in bulk. (The command's
 * process also flushes right after commit; whichever comes first does the work.)
 */
@Injectable()
@Consumes({ name: 'deadlines.reminder-jobs', events: ['DeadlineScheduled'] })
export class ReminderJobsConsumer implements EventConsumer {
  constructor(private readonly enqueuer: ReminderEnqueuer) {}

  async handle(_event: JournalEvent): Promise<void> {
    await this.enqueuer.flush();
  }
}
