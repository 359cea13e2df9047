import { describe, expect, it } from '@jest/globals';
import { unsafeText } from './text.js';

describe('unsafeText', () => {
  it('UnsafeText_WhenOrdinaryTextInAnyScript_IsAccepted', () => {
    for (const text of ['', 'Әкімдік', 'Акимат', 'line\nnext\r\n\ttab', '😀 emoji', '\uFFFD']) expect(unsafeText(text)).toBeUndefined();
  });

  it('UnsafeText_WhenControlCharacter_IsControlCharacter', () => {
    for (const text of ['a\u0000b', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u000b']) expect(unsafeText(text)).toBe('controlCharacter');
  });

  it('UnsafeText_WhenLoneSurrogate_IsInvalidUnicode', () => {
    for (const text of ['\ud800', 'a\udc00', '\ud83d', '\ude00x', 'x\ud800\ud800']) expect(unsafeText(text)).toBe('invalidUnicode');
  });
});
