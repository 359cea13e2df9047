import { describe, expect, it } from '@jest/globals';
import { toProblem } from '@kelisim/http';
import {
  MalformedCheckpointError,
  MalformedNoteError,
  MalformedVerifierKeyError,
  NoteNotVerifiedError,
  NoteSignatureInvalidError,
  ProofRangeError,
} from '../domain/transparency/index.js';
import { registerTransparencyProblems } from './transparency.problems.js';

registerTransparencyProblems();

describe('transparency problems', () => {
  it.each([
    new MalformedNoteError('it has no blank line before its signatures', 'witnessNote'),
    new MalformedCheckpointError('the tree size "012" is not a decimal count'),
    new MalformedVerifierKeyError('the key ID does not match the key'),
    new NoteNotVerifiedError([{ name: 'other.example/log', keyId: 0x0badf00d }]),
    new NoteSignatureInvalidError('kelisim.example/journal', 0x12345678),
    new ProofRangeError('treeSize', 0, '1…300'),
  ])('%s_Is400NamingTheFieldInKazakhRussianAndEnglish', (error) => {
    const [kk, ru, en] = (['kk', 'ru', 'en'] as const).map((locale) => toProblem(error, locale));
    expect(en).toMatchObject({ status: 400, code: error.code, errors: [{ field: error.field }] });
    expect(new Set([kk.detail, ru.detail, en.detail]).size).toBe(3);
    for (const problem of [kk, ru, en]) expect(problem.detail).toContain(error.field);
    expect(ru.detail).not.toMatch(/\{\w+\}/);
  });

  it('NotVerified_InEveryLanguage_NamesTheKeyThatSigned', () => {
    const error = new NoteNotVerifiedError([{ name: 'other.example/log', keyId: 0x0badf00d }]);
    for (const locale of ['kk', 'ru', 'en'] as const) expect(toProblem(error, locale).detail).toContain('other.example/log+0badf00d');
  });
});
