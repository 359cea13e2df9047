import { describe, expect, it } from '@jest/globals';
import { isBin, isIin, kzCheckDigit } from './kz-identifiers.js';

describe('Kazakh identification numbers', () => {
  // BINs of real organizations, published in their registrations (e.g. Halyk Bank 940140000385).
  const PUBLISHED_BINS = ['940140000385', '990140004654', '171140900016', '011140004703', '981240000488', '100240019642', '181141900093', '210740028187', '140840008587'];

  it.each(PUBLISHED_BINS)('IsBin_OfThePublishedBin%s_IsTrue', (bin) => {
    expect(isBin(bin)).toBe(true);
  });

  it('IsIin_OfAPublishedIin_IsTrue', () => {
    expect(isIin('791028302728')).toBe(true);
  });

  it.each([
    ['940140000386', 'a wrong check digit'],
    ['94014000038', 'eleven digits'],
    ['9401400003851', 'thirteen digits'],
    ['94014000038X', 'a letter'],
    ['941340000385', 'month 13 (check digit right)'],
    ['940170000389', 'kind 7 (check digit right)'],
    ['940149000384', 'unit 9 (check digit right)'],
    [' 940140000385', 'a space'],
  ])('IsBin_Of%s_WithWhatIsWrong_%s_IsFalse', (bin) => {
    expect(isBin(bin)).toBe(false);
  });

  it.each([
    ['791028302729', 'a wrong check digit'],
    ['791328302729', 'month 13 (check digit right)'],
    ['791000302725', 'day 00 (check digit right)'],
    ['791028702723', 'century digit 7 (check digit right)'],
  ])('IsIin_Of%s_WithWhatIsWrong_%s_IsFalse', (iin) => {
    expect(isIin(iin)).toBe(false);
  });

  it('CheckDigit_WhenTheFirstWeightsGive10_UsesTheSecondWeights', () => {
    // 00000000010: first weights give 10 (the tenth weight), second weights give 1.
    expect(kzCheckDigit('00000000010')).toBe(1);
    // When both give 10 no number with these digits is ever issued.
    const never = Array.from({ length: 2000 }, (_, i) => `9${String(i).padStart(10, '0')}`).find((digits) => kzCheckDigit(digits) === null);
    expect(never).toBeDefined();
    expect(isBin(`${never}0`)).toBe(false);
  });
});
