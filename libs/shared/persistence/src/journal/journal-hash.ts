import { createHash } from 'node:crypto';

/** The hash of the first event's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same value always hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedFields {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  payload: unknown;
  actorId: string | null;
  occurredAt: Date;
}

/** SHA-256 over the previous hash and every field of the event: editing any of them breaks the chain. */
export function journalHash(prevHash: string, event: HashedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        prevHash,
        event.position,
        event.streamId,
        event.streamType,
        event.version,
        event.type,
        event.payload,
        event.actorId,
        event.occurredAt.toISOString(),
      ]),
    )
    .digest('hex');
}
