import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE, ValidationError } from '@kelisim/kernel';

export interface ControlPeriod {
  /** Inclusive. */
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `from`/`to` bound tasks' due dates. A date is a whole day in Asia/Almaty (the akimat's zone):
 * `from=2026-04-01&to=2026-04-30` is all of April. An instant with an offset is taken as is,
 * `from` inclusive and `to` exclusive.
 */
export function controlPeriod(from: string | undefined, to: string | undefined): ControlPeriod {
  const start = from === undefined ? null : boundary('from', from, false);
  const end = to === undefined ? null : boundary('to', to, true);
  if (start && end && start.getTime() >= end.getTime()) throw new ValidationError('to', 'to must be after from');
  return { from: start, to: end };
}

function boundary(field: string, value: string, end: boolean): Date {
  if (DATE.test(value)) {
    const day = DateTime.fromISO(value, { zone: DEFAULT_TIME_ZONE });
    if (!day.isValid) throw new ValidationError(field, `${field} is not a calendar date`);
    return (end ? day.plus({ days: 1 }) : day).toJSDate();
  }
  const instant = INSTANT.test(value) ? DateTime.fromISO(value, { setZone: true }) : null;
  if (!instant?.isValid) throw new ValidationError(field, `${field} must be a date (YYYY-MM-DD) or an ISO-8601 date-time with an offset`);
  return instant.toJSDate();
}
