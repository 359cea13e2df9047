import { describe, expect, it } from '@jest/globals';
import { canonicalText, textHash } from './canonical-text.js';
import { diffClauses, diffWords } from './clause-diff.js';

describe('clause diff', () => {
  it('Diff_WhenClausesAreAddedAtTheEnd_ShowsThemAddedAndTheRestUnchanged', () => {
    const diff = diffClauses(['Бір.', 'Екі.'], ['Бір.', 'Екі.', 'Үш.']);
    expect(diff.map((d) => [d.change, d.before, d.after])).toEqual([
      ['unchanged', 1, 1],
      ['unchanged', 2, 2],
      ['added', null, 3],
    ]);
  });

  it('Diff_WhenAClauseIsInsertedInTheMiddle_DoesNotMarkTheFollowingOnesChanged', () => {
    const diff = diffClauses(['Бір.', 'Үш.'], ['Бір.', 'Екі.', 'Үш.']);
    expect(diff.map((d) => d.change)).toEqual(['unchanged', 'added', 'unchanged']);
  });

  it('Diff_WhenAClauseIsReworded_ShowsItChangedWithTheWordsThatChanged', () => {
    const diff = diffClauses(['Әр елді мекенде түсіндіру жұмыстары жүргізіледі.'], ['Әр елді мекенде ақсақалдар түсіндіру жұмыстарын жүргізеді.']);
    expect(diff).toHaveLength(1);
    expect(diff[0].change).toBe('changed');
    expect(diff[0].words?.[0]).toEqual({ op: 'equal', text: 'Әр елді мекенде ' });
    expect(diff[0].words?.filter((w) => w.op === 'insert').map((w) => w.text).join('')).toContain('ақсақалдар');
    const rebuilt = (op: 'delete' | 'insert') => diff[0].words!.filter((w) => w.op !== op).map((w) => w.text).join('');
    expect(rebuilt('insert')).toBe(diff[0].beforeText);
    expect(rebuilt('delete')).toBe(diff[0].afterText);
  });

  it('Diff_WhenAClauseIsRemovedAndAnUnrelatedOneAdded_ShowsRemovedAndAdded', () => {
    const diff = diffClauses(['Бір.', 'Шекара мәселелері.'], ['Бір.', '«Таза Қазақстан» акциясы насихатталады.']);
    expect(diff.map((d) => d.change)).toEqual(['unchanged', 'removed', 'added']);
  });

  it('DiffWords_WhenOneWordChanges_MarksOnlyThatWord', () => {
    expect(diffWords('тоқсан сайын есеп береді', 'ай сайын есеп береді')).toEqual([
      { op: 'delete', text: 'тоқсан' },
      { op: 'insert', text: 'ай' },
      { op: 'equal', text: ' сайын есеп береді' },
    ]);
  });

  it('CanonicalText_NumbersNfcClausesJoinedByNewlines_SoEquivalentTextsHashTheSame', () => {
    expect(canonicalText(['Бір.', 'Екі.'])).toBe('1. Бір.\n2. Екі.');
    // "й" composed and decomposed read the same and sign the same.
    expect(textHash(['\u0439'])).toBe(textHash(['\u0438\u0306']));
    expect(textHash(['Бір.'])).toMatch(/^[0-9a-f]{64}$/);
  });
});
