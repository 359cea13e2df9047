import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { CalendarYear } from '../domain/calendar-year.js';
import { CalendarYearRepository } from '../domain/calendar-year.repository.js';
import type { Holiday } from '../domain/kazakhstan-rules.js';

export interface CalendarYearRecord {
  year: number;
  holidays: Holiday[];
  extra_days_off: string[];
  extra_working_days: string[];
  estimated: string[];
  version: number;
}

@Injectable()
export class SqlCalendarYearRepository extends CalendarYearRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(year: number): Promise<CalendarYear | null> {
    const [row] = (await this.uow.query('SELECT * FROM calendar_years WHERE year = $1', [year])) as CalendarYearRecord[];
    return row ? this.toDomain(row) : null;
  }

  async save(calendarYear: CalendarYear): Promise<void> {
    await saveAggregateRow(this.uow, 'calendar_years', calendarYear, this.toRecord(calendarYear));
  }

  private toDomain(row: CalendarYearRecord): CalendarYear {
    return CalendarYear.restore(row.year, row.version, {
      holidays: [...row.holidays].sort((a, b) => a.date.localeCompare(b.date)),
      extraDaysOff: row.extra_days_off,
      extraWorkingDays: row.extra_working_days,
      estimated: row.estimated,
    });
  }

  private toRecord(calendarYear: CalendarYear): Record<string, unknown> {
    const s = calendarYear.state;
    return {
      year: calendarYear.year,
      holidays: JSON.stringify(s.holidays),
      extra_days_off: JSON.stringify(s.extraDaysOff),
      extra_working_days: JSON.stringify(s.extraWorkingDays),
      estimated: JSON.stringify(s.estimated),
      updated_at: new Date(),
    };
  }
}
