/** Time comes from here, never from `new Date()` inside the domain. */
export abstract class Clock {
  abstract now(): Date;
  /**
   * Where PostgreSQL judges time (whether a reminder is due, how long a job waits), it reads its own
   * clock, `clock_timestamp()`, for a clock that follows real time: a process's clock may be off.
   * A clock set by hand (a test's FixedClock) is the time instead, passed to the statement:
   * `coalesce($n::timestamptz, clock_timestamp())` with `pinned()` as `$n`.
   */
  pinned(): Date | null {
    return null;
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock for tests: frozen until advanced. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  override pinned(): Date {
    return this.now();
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
