import { describe, expect, it } from '@jest/globals';
import { canonicalEventBytes, JOURNAL_GENESIS_HASH, journalEventHash } from './journal-chain.js';

// Reference values computed outside Node: Python's json.dumps(sort_keys=True, separators=(',', ':'),
// ensure_ascii=False) (equal to RFC 8785 for these values) and hashlib.sha256 (docs/journal.md).
const created = {
  streamId: '6a7399ba-fd03-474a-83a7-7fb61820d7dc',
  streamType: 'organization',
  version: 1,
  type: 'OrganizationCreated',
  payload: { name: 'Мақтаарал', kind: 'akimat', n: 1 },
  actorId: null,
  occurredAt: new Date('2026-11-25T10:00:00Z'),
};

describe('journal chain (canonical bytes and per-stream hash)', () => {
  it('CanonicalBytes_AreRfc8785OfTheEventsFields', () => {
    expect(canonicalEventBytes(created).toString('utf8')).toBe(
      '{"actor":null,"occurredAt":"2026-11-25T10:00:00.000Z","payload":{"kind":"akimat","n":1,"name":"Мақтаарал"},' +
        '"stream":"6a7399ba-fd03-474a-83a7-7fb61820d7dc","streamType":"organization","type":"OrganizationCreated","version":1}',
    );
  });

  it('Hash_IsSha256OfTheBytesAndThePreviousHashOfTheStream_AsComputedOutsideNode', () => {
    const first = journalEventHash(created, JOURNAL_GENESIS_HASH);
    expect(first).toBe('954f134c2ecc1708e72ff2be7b854fb2391e87d2e620ecb631b62a79f9ab321f');
    const renamed = { ...created, version: 2, type: 'OrganizationRenamed', payload: { name: 'Жаңа' } };
    expect(journalEventHash(renamed, first)).toBe('bdede764b22c3330245e376500da490f40bbd9cb881c69615815c160f06e01c2');
  });

  it('Hash_DoesNotDependOnKeyOrderOrTheDatesSpelling_ButOnEveryField', () => {
    const base = journalEventHash(created, JOURNAL_GENESIS_HASH);
    expect(journalEventHash({ ...created, payload: { n: 1, kind: 'akimat', name: 'Мақтаарал' }, occurredAt: '2026-11-25T15:00:00+05:00' }, JOURNAL_GENESIS_HASH)).toBe(base);
    const changes = [
      { streamId: '8a94b68d-c054-4e87-97ba-0b67dbb4877b' },
      { streamType: 'user' },
      { version: 2 },
      { type: 'OrganizationUpdated' },
      { payload: { name: 'Forged', kind: 'akimat', n: 1 } },
      { actorId: '8a94b68d-c054-4e87-97ba-0b67dbb4877b' },
      { occurredAt: new Date('2026-11-25T10:00:00.001Z') },
    ];
    for (const change of changes) expect(journalEventHash({ ...created, ...change }, JOURNAL_GENESIS_HASH)).not.toBe(base);
    expect(journalEventHash(created, 'a'.repeat(64))).not.toBe(base);
    expect(() => journalEventHash(created, 'not hex')).toThrow(/64 lower-case hex/);
  });
});
