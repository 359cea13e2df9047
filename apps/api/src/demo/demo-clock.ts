import { Clock } from '@kelisim/kernel';

/**
 * The demo's clock: real time plus an offset that only ever moves forward. The loader sets it
 * back to tell the weeks before today (the meeting, the deadlines that have since passed) and
 * walks it forward to the present; once there, it is the system clock again.
 */
export class DemoClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** In the story the database takes the story's time for reminders; at the present, its own clock. */
  override pinned(): Date | null {
    return this.offsetMs === 0 ? null : this.now();
  }

  /** Sets the clock back to `at`, where the story begins: once, from the present. */
  rewindTo(at: Date): void {
    if (this.offsetMs !== 0) throw new Error('the demo clock is already in the story');
    this.offsetMs = Math.min(0, at.getTime() - Date.now());
  }

  /** Moves to `at`; never backwards (a later step of the story that maps to an earlier instant moves by a second). */
  travelTo(at: Date): Date {
    const target = Math.max(at.getTime(), this.now().getTime() + 1_000);
    this.offsetMs = target - Date.now();
    return this.now();
  }

  /** Back to real time. */
  present(): void {
    this.offsetMs = 0;
  }
}
