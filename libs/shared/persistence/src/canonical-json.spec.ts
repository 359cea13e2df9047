import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('Stringify_WhenKeysComeInAnotherOrder_IsTheSame', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
  });

  it('Stringify_DropsUndefinedAndWritesDatesAsIso', () => {
    expect(canonicalJson({ a: undefined, b: new Date('2026-03-21T00:00:00Z') })).toBe('{"b":"2026-03-21T00:00:00.000Z"}');
  });
});
