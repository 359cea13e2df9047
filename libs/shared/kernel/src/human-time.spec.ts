import { describe, expect, it } from '@jest/globals';
import { formatDate, formatDateTime, formatDay, MONTH_NAMES, WEEKDAY_NAMES, zoneName } from './human-time.js';
import { LOCALES } from './locale.js';

const evening = '2026-11-23T13:00:00Z'; // 18:00 in Almaty (UTC+5), a Monday

describe('dates, times and zones from our own tables', () => {
  it('FormatDateTime_InEachLanguage_IsTheDocumentedForm', () => {
    expect(formatDateTime(evening, 'kk', 'Asia/Almaty')).toBe('2026 ж. 23 қараша, 18:00 (Алматы)');
    expect(formatDateTime(evening, 'ru', 'Asia/Almaty')).toBe('23 ноября 2026 г., 18:00 (Алматы)');
    expect(formatDateTime(evening, 'en', 'Asia/Almaty')).toBe('23 November 2026, 18:00 (Almaty)');
  });

  it('FormatDateTime_WithSeconds_AddsThem', () => {
    expect(formatDateTime(new Date('2026-11-23T13:00:05Z'), 'ru', 'Asia/Almaty', { seconds: true })).toBe('23 ноября 2026 г., 18:00:05 (Алматы)');
  });

  it('FormatDateTime_InAnotherZone_ShowsThatZonesWallTimeAndName', () => {
    expect(formatDateTime(evening, 'ru', 'Asia/Oral')).toBe('23 ноября 2026 г., 18:00 (Уральск)');
    expect(formatDateTime(evening, 'kk', 'Europe/Moscow')).toBe('2026 ж. 23 қараша, 16:00 (Мәскеу)');
    expect(formatDateTime(evening, 'en', 'UTC')).toBe('23 November 2026, 13:00 (UTC)');
    // A zone without a city in the table is named by its offset at that instant.
    expect(formatDateTime(evening, 'en', 'Asia/Kathmandu')).toBe('23 November 2026, 18:45 (UTC+5:45)');
    expect(formatDateTime('2026-07-01T12:00:00Z', 'en', 'America/New_York')).toBe('1 July 2026, 08:00 (UTC−4)');
    expect(formatDateTime('2026-12-01T12:00:00Z', 'en', 'America/New_York')).toBe('1 December 2026, 07:00 (UTC−5)');
  });

  it('FormatDateTime_OfMidnightAndTheNewYear_CrossesTheDateInTheZone', () => {
    expect(formatDateTime('2026-12-31T19:00:00Z', 'kk', 'Asia/Almaty')).toBe('2027 ж. 1 қаңтар, 00:00 (Алматы)');
    expect(formatDate('2026-12-31T19:00:00Z', 'ru', 'Asia/Almaty')).toBe('1 января 2027 г.');
    expect(formatDate('2026-12-31T19:00:00Z', 'en', 'UTC')).toBe('31 December 2026');
  });

  it('EveryMonth_InEachLanguage_HasItsName', () => {
    for (const locale of LOCALES) {
      expect(MONTH_NAMES[locale]).toHaveLength(12);
      expect(WEEKDAY_NAMES[locale]).toHaveLength(7);
      for (let month = 1; month <= 12; month++) {
        const text = formatDate(`2026-${String(month).padStart(2, '0')}-15T06:00:00Z`, locale, 'Asia/Almaty');
        expect(text).toContain(MONTH_NAMES[locale][month - 1]);
        expect(text).not.toMatch(/M\d|GMT/);
      }
    }
    expect(formatDate('2026-05-09T06:00:00Z', 'ru', 'Asia/Almaty')).toBe('9 мая 2026 г.');
    expect(formatDate('2026-04-08T06:00:00Z', 'kk', 'Asia/Almaty')).toBe('2026 ж. 8 сәуір');
  });

  it('FormatDay_OfACalendarDay_NamesItsWeekday', () => {
    expect(formatDay('2026-11-23', 'kk')).toBe('23 қараша, дүйсенбі');
    expect(formatDay('2026-11-23', 'ru')).toBe('23 ноября, понедельник');
    expect(formatDay('2026-11-29', 'en')).toBe('Sunday, 29 November');
    expect(formatDay('2026-13-01', 'en')).toBe('—');
    expect(formatDay('2026-12-01', 'kk', { year: true, weekday: false })).toBe('2026 ж. 1 желтоқсан');
    expect(formatDay('2026-12-01', 'ru', { year: true, weekday: false })).toBe('1 декабря 2026 г.');
    expect(formatDay('2026-12-01', 'en', { year: true, weekday: false })).toBe('1 December 2026');
    expect(formatDay('2026-12-01', 'ru', { year: true })).toBe('1 декабря 2026 г., вторник');
    expect(formatDay('2026-12-01', 'en', { year: true })).toBe('Tuesday, 1 December 2026');
  });

  it('AnAbsentOrUnreadableInstant_IsADash_AndAnUnknownLanguageIsKazakh', () => {
    expect(formatDateTime(null, 'ru', 'Asia/Almaty')).toBe('—');
    expect(formatDateTime('not a date', 'ru', 'Asia/Almaty')).toBe('—');
    expect(formatDate(undefined, 'en', 'UTC')).toBe('—');
    expect(formatDateTime(evening, 'de', 'Asia/Almaty')).toBe('2026 ж. 23 қараша, 18:00 (Алматы)');
    expect(zoneName('Asia/Almaty', 'en')).toBe('Almaty');
  });
});
