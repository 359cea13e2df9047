import { UnitOfWork } from '@kelisim/persistence';
import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { WorkingCalendar, type CalendarYearData } from '../domain/working-calendar.js';

/** How long another process (the worker) may use a calendar an admin has since changed. */
export const CALENDAR_CACHE_MS = 5_000;

/**
 * The working-day calendar as PostgreSQL holds it, for the API and the worker alike. It is cached
 * for at most five seconds; in the process that changes a year it is dropped at commit.
 */
@Injectable()
export class WorkingCalendarProvider {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  private loading: Promise<WorkingCalendar> | null = null;
  private generation = 0;

  constructor(private readonly uow: UnitOfWork) {}

  async current(): Promise<WorkingCalendar> {
    // A cache's age is measured on the monotonic clock, not on the (possibly frozen) business clock.
    const now = performance.now();
    if (this.cached && now - this.cached.loadedAt < CALENDAR_CACHE_MS) return this.cached.calendar;
    this.loading ??= this.load(now).finally(() => (this.loading = null));
    return this.loading;
  }

  /** Forgets the cached calendar: the next `current()` reads PostgreSQL again. */
  invalidate(): void {
    this.generation++;
    this.cached = null;
    this.loading = null;
  }

  private async load(now: number): Promise<WorkingCalendar> {
    const generation = this.generation;
    const rows = (await this.uow.query(
      `SELECT year, holidays, extra_days_off AS "extraDaysOff", extra_working_days AS "extraWorkingDays", estimated FROM calendar_years`,
    )) as (Omit<CalendarYearData, 'holidays'> & { holidays: { date: string }[] })[];
    const calendar = new WorkingCalendar(rows.map((row) => ({ ...row, holidays: row.holidays.map((h) => h.date) })));
    // A change committed while we were reading must not be hidden behind a stale cache.
    if (generation === this.generation) this.cached = { calendar, loadedAt: now };
    return calendar;
  }
}
