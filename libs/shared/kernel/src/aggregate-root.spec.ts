import { describe, expect, it } from '@jest/globals';
import { AggregateRoot } from './aggregate-root.js';
import { StaleRevisionError } from './domain-errors.js';
import { FixedClock } from './clock.js';
import { interpolate, negotiateLocale } from './locale.js';
import { isTimeZone } from './time-zone.js';

class Note extends AggregateRoot {
  readonly streamType = 'note';
  constructor(id: string, version: number) {
    super(id, version);
  }
  touch(): void {
    this.record('NoteTouched', { noteId: this.id });
  }
}

describe('AggregateRoot', () => {
  it('Record_WhenEventsPending_VersionCountsThemAndPullHandsThemOver', () => {
    const note = new Note('n1', 3);
    note.touch();
    note.touch();
    expect(note.version).toBe(5);
    expect(note.loadedVersion).toBe(3);
    expect(note.pullEvents().map((e) => e.type)).toEqual(['NoteTouched', 'NoteTouched']);
    expect(note.loadedVersion).toBe(5);
    expect(note.peekEvents()).toHaveLength(0);
  });

  it('AssertRevision_WhenStale_ThrowsStaleRevision; WhenCurrentOrAbsent_Passes', () => {
    const note = new Note('n1', 3);
    expect(() => note.assertRevision(2)).toThrow(StaleRevisionError);
    expect(() => note.assertRevision(3)).not.toThrow();
    expect(() => note.assertRevision(undefined)).not.toThrow();
  });

  it('IsNew_OnlyBeforeTheFirstSave', () => {
    expect(new Note('n', 0).isNew).toBe(true);
    expect(new Note('n', 1).isNew).toBe(false);
  });
});

describe('FixedClock', () => {
  it('Now_WhenAdvanced_MovesOnlyByWhatWasAsked', () => {
    const clock = new FixedClock(new Date('2026-03-20T04:00:00Z'));
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-03-20T04:01:30.000Z');
  });
});

describe('locale', () => {
  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['kk', 'kk'],
    ['de-DE, fr;q=0.5', 'kk'],
    ['ru;q=0.2, en;q=0.8', 'en'],
    [undefined, 'kk'],
  ])('NegotiateLocale_%s_Is%s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('Interpolate_FillsKnownPlaceholdersOnly', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('time zones', () => {
  it('IsTimeZone_AcceptsIanaNamesOnly', () => {
    expect(isTimeZone('Asia/Almaty')).toBe(true);
    expect(isTimeZone('Asia/Qostanay')).toBe(true);
    expect(isTimeZone('UTC+5')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
