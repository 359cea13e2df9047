import { Logger } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';

/** At most one line per this long for a worker's errors; the ones between are counted in the next line. */
export const WORKER_ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * A queue's processor whose worker errors (a job's lock lost while it ran, Redis unreachable) go to
 * the log, one line per WORKER_ERROR_LOG_INTERVAL_MS at most, with the count of those in between.
 * With no listener, BullMQ prints each one to the console itself: past the logger, its format and
 * redaction, as often as they come (every retry while Redis is down).
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  private readonly workerLogger = new Logger(this.constructor.name);
  private lastLogged = -Infinity;
  private notLogged = 0;

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    const now = Date.now();
    if (now - this.lastLogged < WORKER_ERROR_LOG_INTERVAL_MS) {
      this.notLogged++;
      return;
    }
    const more = this.notLogged > 0 ? ` (and ${this.notLogged} more since the last line)` : '';
    this.lastLogged = now;
    this.notLogged = 0;
    this.workerLogger.warn(`The queue's worker failed: ${error.message}${more}`);
  }
}
