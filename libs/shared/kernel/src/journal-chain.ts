import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The previous hash of a stream's first event: 32 zero bytes, in hex. */
export const JOURNAL_GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers (everything but its position and the hashes). */
export interface ChainedFields {
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly type: string;
  /** Plain JSON, as stored (dates as ISO strings). */
  readonly payload: unknown;
  readonly actorId: string | null;
  readonly occurredAt: Date | string;
}

/**
 * The canonical bytes of an event: the UTF-8 of the RFC 8785 (JCS) serialisation of
 * `{actor, occurredAt, payload, stream, streamType, type, version}` — `actor` a UUID or null,
 * `occurredAt` ISO 8601 UTC with milliseconds (`2026-12-02T01:15:00.000Z`). The journal stores
 * the payload as jsonb; JCS makes key order and number spelling irrelevant, so the bytes read back
 * from the database are the bytes hashed at the append.
 */
export function canonicalEventBytes(event: ChainedFields): Buffer {
  const text = canonicalize({
    actor: event.actorId ?? null,
    occurredAt: new Date(event.occurredAt).toISOString(),
    payload: event.payload,
    stream: event.streamId,
    streamType: event.streamType,
    type: event.type,
    version: event.version,
  });
  if (text === undefined) throw new Error('an event without a JSON form cannot be journaled');
  return Buffer.from(text, 'utf8');
}

/**
 * An event's hash, in lower-case hex: SHA-256(canonical bytes ‖ the 32 bytes of the previous hash
 * of the same stream), the previous hash being JOURNAL_GENESIS_HASH for the stream's first event.
 * Computed by the platform at the append and by every verifier; the database only stores it.
 */
export function journalEventHash(event: ChainedFields, prevHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(prevHash)) throw new Error(`a previous hash must be 64 lower-case hex digits, got ${JSON.stringify(prevHash)}`);
  return createHash('sha256').update(canonicalEventBytes(event)).update(Buffer.from(prevHash, 'hex')).digest('hex');
}
