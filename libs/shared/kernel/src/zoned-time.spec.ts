import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { DAY_MS, fromWall, isoDay, isoWeekday, toWall, wallDay, zoneOffset } from './zoned-time.js';

const ZONES = ['Asia/Almaty', 'Asia/Qostanay', 'Asia/Aqtobe', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'UTC'];

describe('zoned time', () => {
  it('zoneOffset_ForAnyInstantAndZone_AgreesWithLuxon', () => {
    const start = Date.UTC(2015, 0, 1);
    for (const zone of ZONES) {
      for (let i = 0; i < 2_000; i++) {
        const at = start + Math.floor(((i * 7919) % 2_000) * 2.2 * DAY_MS + i * 3_599_000);
        expect([zone, at, zoneOffset(zone, at)]).toEqual([zone, at, DateTime.fromMillis(at, { zone }).offset * 60_000]);
      }
    }
  });

  it('zoneOffset_WhenKazakhstanUnifiedItsZones_FollowsTheTzDatabase', () => {
    expect(zoneOffset('Asia/Almaty', Date.UTC(2023, 5, 1))).toBe(6 * 3_600_000);
    expect(zoneOffset('Asia/Almaty', Date.UTC(2026, 5, 1))).toBe(5 * 3_600_000);
  });

  it('fromWall_OfAWallTime_IsTheInstantLuxonGives', () => {
    for (const zone of ZONES) {
      for (let i = 0; i < 500; i++) {
        const wall = Date.UTC(2020, 0, 1) + i * 17 * 3_600_000 + (i % 4) * 900_000;
        const d = new Date(wall);
        const expected = DateTime.fromObject(
          { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() },
          { zone },
        ).toMillis();
        expect([zone, d.toISOString(), fromWall(wall, zone)]).toEqual([zone, d.toISOString(), expected]);
      }
    }
  });

  it('fromWall_WhenTheWallTimeFallsInASpringGap_MovesForwardByTheGap', () => {
    // 2026-03-29 02:30 does not exist in Berlin: clocks go from 02:00 to 03:00.
    expect(new Date(fromWall(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('toWall_ThenFromWall_RoundTrips', () => {
    const at = Date.UTC(2026, 10, 25, 12, 34, 56, 789);
    for (const zone of ZONES) expect(fromWall(toWall(at, zone), zone)).toBe(at);
  });

  it('dayHelpers_CountFromTheEpochOnAThursday', () => {
    expect(isoWeekday(0)).toBe(4);
    expect(isoDay(wallDay(Date.UTC(2026, 10, 25, 23)))).toBe('2026-11-25');
    expect(isoWeekday(wallDay(Date.UTC(2026, 10, 29)))).toBe(7);
    expect(isoWeekday(wallDay(Date.UTC(1969, 11, 29)))).toBe(1);
  });
});
