import { describe, expect, it } from '@jest/globals';
import { canonicalJson, GENESIS_HASH, journalHash } from './journal-hash.js';

const event = {
  position: 1,
  streamId: '6a7399ba-fd03-474a-83a7-7fb61820d7dc',
  streamType: 'organization',
  version: 1,
  type: 'OrganizationCreated',
  payload: { name: 'Мақтаарал', kind: 'akimat' },
  actorId: null,
  occurredAt: new Date('2026-11-25T10:00:00.000Z'),
};

describe('journal hash', () => {
  it('CanonicalJson_WhenKeysComeInAnotherOrder_IsTheSame', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('Hash_OfTheSameEvent_IsStableAndHex64', () => {
    const hash = journalHash(GENESIS_HASH, event);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(journalHash(GENESIS_HASH, { ...event, payload: { kind: 'akimat', name: 'Мақтаарал' } })).toBe(hash);
  });

  it.each([
    ['payload', { payload: { name: 'Forged', kind: 'akimat' } }],
    ['type', { type: 'OrganizationUpdated' }],
    ['actor', { actorId: '8a94b68d-c054-4e87-97ba-0b67dbb4877b' }],
    ['time', { occurredAt: new Date('2026-11-25T10:00:00.001Z') }],
    ['position', { position: 2 }],
    ['version', { version: 2 }],
  ])('Hash_WhenThe%sChanges_Changes', (_, change) => {
    expect(journalHash(GENESIS_HASH, { ...event, ...change })).not.toBe(journalHash(GENESIS_HASH, event));
  });

  it('Hash_ChainsToThePreviousHash', () => {
    expect(journalHash('a'.repeat(64), event)).not.toBe(journalHash(GENESIS_HASH, event));
  });
});
