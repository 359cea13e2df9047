import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { exportJournal, JournalKey, verifyStoredJournal } from '@kelisim/audit';
import { type JournalEvent, newId } from '@kelisim/kernel';
import { journalAppend, type PendingEvent } from '@kelisim/persistence';
import { sleep, startTestApp, type TestApp, until } from '@kelisim/testing';

/** An event of `stream` at `version`, as a command would append it. */
const event = (streamId: string, version: number): PendingEvent => ({
  streamId,
  streamType: 'test_order',
  version,
  type: 'OrderProbe',
  payload: { version },
  actorId: null,
  occurredAt: new Date(),
});

describe('journal order: per-stream chains, positions from a sequence, the relay below the horizon', () => {
  let t: TestApp;
  const delivered: JournalEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    t.relay.register({ name: 'order-probe', events: ['OrderProbe'] }, { handle: async (e: JournalEvent) => void delivered.push(e) });
  }, 120_000);
  afterAll(() => t.close());

  const connect = async () => {
    const client = new pg.Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    return client;
  };
  const head = async (streamId: string): Promise<Map<string, string>> => {
    const rows = await t.dataSource.query('SELECT hash FROM journal_events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1', [streamId]);
    return new Map(rows.length ? [[streamId, rows[0].hash as string]] : []);
  };
  const append = (client: pg.Client, events: PendingEvent[], heads?: Map<string, string>) => {
    const { text, values } = journalAppend(events, heads);
    return client.query(text, values);
  };

  it('TwoTransactionsCommittingInReverseOrderOfTheirPositions_NothingIsSkippedOrReorderedWithinAStream', async () => {
    const s = newId();
    const other = newId();
    const first = await connect();
    const second = await connect();
    try {
      await append(first, [event(s, 1)]);
      // T1 appends the stream's second event (the lower position) and stays open; T2 appends
      // another stream's event (the higher position) and commits first.
      await first.query('BEGIN');
      await append(first, [event(s, 2)], await head(s));
      await second.query('BEGIN');
      await append(second, [event(other, 1)]);
      await second.query('COMMIT');
      const positions = async (streamId: string) =>
        (await t.dataSource.query('SELECT position FROM journal_events WHERE stream_id = $1 ORDER BY version', [streamId])).map((r: { position: string }) =>
          Number(r.position),
        );
      const [otherPosition] = await positions(other);

      const draining = t.relay.drain();
      await sleep(300);
      // While T1 is in flight the later position is held back, not published ahead of it.
      expect(delivered.map((e) => e.position)).not.toContain(otherPosition);
      await first.query('COMMIT');
      await draining;
      await append(first, [event(s, 3)], await head(s));
      await t.relay.drain();

      const streamPositions = await positions(s);
      expect(streamPositions).toHaveLength(3);
      expect(streamPositions[1]).toBeLessThan(otherPosition);
      const seen = delivered.map((e) => e.position);
      // Every event delivered once; the stream in version order; T1's event before T2's.
      expect(seen.filter((p) => [...streamPositions, otherPosition].includes(p)).sort((a, b) => a - b)).toEqual([...streamPositions, otherPosition].sort((a, b) => a - b));
      expect(delivered.filter((e) => e.streamId === s).map((e) => e.version)).toEqual([1, 2, 3]);
      expect(seen.indexOf(streamPositions[1])).toBeLessThan(seen.indexOf(otherPosition));
    } finally {
      await first.end();
      await second.end();
    }
  });

  it('Sealer_AnEventCommittedBehindItsCursor_IsSealedLate_NeverSkipped_AndItsStreamStaysInOrder', async () => {
    const s = newId();
    const other = newId();
    // Four transactions whose ids are taken in this order: t2 < t3 < t0 < t1.
    const [t2, t3, t0, t1] = [await connect(), await connect(), await connect(), await connect()];
    const position = async (client: pg.Client, streamId: string, version: number) =>
      Number((await client.query('SELECT position FROM journal_events WHERE stream_id = $1 AND version = $2', [streamId, version])).rows[0].position);
    const leafIndex = async (p: number): Promise<number | null> => {
      const rows = await t.dataSource.query('SELECT leaf_index FROM journal_leaves WHERE position = $1', [p]);
      return rows.length ? Number(rows[0].leaf_index) : null;
    };
    const sealedEventually = (p: number) =>
      until(
        async () => {
          await t.sealer.sealNow();
          return leafIndex(p);
        },
        (leaf) => leaf !== null,
      );
    try {
      await append(t1, [event(s, 1)]);
      for (const c of [t2, t3, t0, t1]) await c.query('BEGIN; SELECT pg_current_xact_id()');
      // t1 takes the lower position and stays open; t2 (an older transaction) takes the next and commits.
      await append(t1, [event(s, 2)], await head(s));
      await append(t2, [event(other, 1)]);
      await t2.query('COMMIT');
      const [second, others] = [await position(t1, s, 2), await position(t2, other, 1)];
      expect(second).toBeLessThan(others);
      // t2 is below the horizon (t3 is the oldest in flight): sealed, and the cursor passes t1's position.
      expect(await sealedEventually(others)).not.toBeNull();
      expect(await leafIndex(second)).toBeNull();

      // t1 commits, but t0 (older) is still in flight: its event is late and not yet settled. t3,
      // older than t0, appends the stream's next event: settled, yet it must wait behind t1's.
      await t1.query('COMMIT');
      await append(t3, [event(s, 3)], await head(s));
      await t3.query('COMMIT');
      const third = await position(t3, s, 3);
      await t.sealer.sealNow();
      expect(await leafIndex(second)).toBeNull();
      expect(await leafIndex(third)).toBeNull();

      await t0.query('COMMIT');
      await sealedEventually(third);
      const leaves = [await leafIndex(others), await leafIndex(second), await leafIndex(third)];
      expect(leaves.every((leaf) => leaf !== null)).toBe(true);
      // The late event sealed after the one the cursor passed it for, and before its stream's next.
      expect(leaves).toEqual([...leaves].sort((a, b) => a! - b!));
      const streamLeaves = await t.dataSource.query(
        'SELECT e.version FROM journal_leaves l JOIN journal_events e ON e.position = l.position WHERE e.stream_id = $1 ORDER BY l.leaf_index',
        [s],
      );
      expect(streamLeaves.map((r: { version: number }) => r.version)).toEqual([1, 2, 3]);
    } finally {
      for (const c of [t2, t3, t0, t1]) await c.end();
    }
  });

  it('TwoAppendsToOneStreamFromTheSameHead_TheSecondFails_NoFork', async () => {
    const s = newId();
    const a = await connect();
    const b = await connect();
    try {
      await append(a, [event(s, 1)]);
      const heads = await head(s);
      await a.query('BEGIN');
      await append(a, [event(s, 2)], heads);
      await b.query('BEGIN');
      const racing = append(b, [{ ...event(s, 3), payload: { fork: true } }], heads);
      await a.query('COMMIT');
      await expect(racing).rejects.toMatchObject({ code: '23505' });
      await b.query('ROLLBACK');
      const rows = await t.dataSource.query('SELECT version FROM journal_events WHERE stream_id = $1 ORDER BY version', [s]);
      expect(rows.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('Append_TakesNoRowThatAnotherStreamsCommandNeeds', async () => {
    const a = await connect();
    const b = await connect();
    try {
      await a.query('BEGIN');
      await append(a, [event(newId(), 1)]);
      // With a's transaction open, another stream's append commits at once (no shared head row).
      await b.query("SET lock_timeout = '2s'");
      await append(b, [event(newId(), 1)]);
      await a.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
  });
  it('VerifyAndExport_TheSealerSealingBetweenTheirLeavesAndTheirUnsealedEvents_EveryEventIsReadOnce', async () => {
    const s = newId();
    const client = await connect();
    const key = t.app.get(JournalKey).signer.verifier;
    const sealedMidRead: number[] = [];
    /**
     * A read whose first page of leaves (the last one: fewer than a page) is followed, before it
     * reads the unsealed events, by a sealer's round on another connection. Until then `holder`, a
     * transaction older than the events, keeps them above the sealer's horizon: unsealed.
     */
    const sealingAfterTheLeaves = (holder: pg.Client) =>
      ({
        createQueryRunner: (): QueryRunner => {
          const runner = t.dataSource.createQueryRunner();
          const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[]) => Promise<unknown>;
          let leavesRead = false;
          runner.query = (async (sql: string, parameters?: unknown[]) => {
            const rows = await query(sql, parameters);
            if (!leavesRead && sql.includes('FROM journal_leaves l')) {
              leavesRead = true;
              await holder.query('COMMIT');
              await holder.end();
              sealedMidRead.push((await t.sealer.sealNow()).sealed);
            }
            return rows;
          }) as QueryRunner['query'];
          return runner;
        },
      }) as unknown as DataSource;
    const holding = async (): Promise<pg.Client> => {
      const holder = await connect();
      await holder.query('BEGIN; SELECT pg_current_xact_id()');
      return holder;
    };
    try {
      await t.sealer.sealNow();
      let holder = await holding();
      for (let version = 1; version <= 5; version++) await append(client, [event(s, version)], version > 1 ? await head(s) : undefined);
      const events = Number((await t.dataSource.query('SELECT count(*) AS n FROM journal_events'))[0].n);
      expect(await verifyStoredJournal(sealingAfterTheLeaves(holder), key)).toMatchObject({ ok: true, checked: events });

      holder = await holding();
      await append(client, [event(s, 6)], await head(s));
      const exported: string[] = [];
      expect(await exportJournal(sealingAfterTheLeaves(holder), key, (line) => void exported.push(line))).toBe(events + 1);
      expect(exported.filter((line) => line.includes(s))).toHaveLength(6);
      // Both reads met the round they were built for: it sealed the events they had seen unsealed.
      expect(sealedMidRead).toEqual([5, 1]);
    } finally {
      await client.end();
    }
  });
});
