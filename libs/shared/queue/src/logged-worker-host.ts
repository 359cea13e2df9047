import { Logger } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { ThrottledWarning } from '@kelisim/config';

/** At most one line per this long for a queue's or a worker's errors; the ones between are counted in the next line. */
export const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * A queue's processor whose worker errors (a job's lock lost while it ran, Redis unreachable) go to
 * the log, one line per ERROR_LOG_INTERVAL_MS at most, with the count of those in between.
 * With no listener, BullMQ prints each one to the console itself: past the logger, its format and
 * redaction, as often as they come (every retry while Redis is down).
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  private readonly errors = new ThrottledWarning(new Logger(this.constructor.name), ERROR_LOG_INTERVAL_MS);

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.errors.warn((heldBack) => `The queue's worker failed: ${error.message}${heldBack > 0 ? ` (and ${heldBack} more since the last line)` : ''}`);
  }
}
