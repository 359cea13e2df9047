import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AggregateRoot, ConcurrentChangeError, type JournalEvent, newId, SYSTEM_ACTOR } from '@kelisim/kernel';
import { saveAggregateRow, UnitOfWork, withLiterals } from '@kelisim/persistence';
import { PLATFORM_QUEUES, PLATFORM_ROLE } from '@kelisim/platform';
import { QueueRegistry } from '@kelisim/queue';
import { startTestApp, type TestApp } from '@kelisim/testing';

/** A minimal aggregate to drive the pipeline itself. */
class Counter extends AggregateRoot {
  readonly streamType = 'test_counter';
  private constructor(id: string, version: number, public value: number) {
    super(id, version);
  }
  static open(id: string): Counter {
    const counter = new Counter(id, 0, 0);
    counter.record('CounterOpened', { counterId: id });
    return counter;
  }
  static restore(id: string, version: number, value: number): Counter {
    return new Counter(id, version, value);
  }
  /** A payload PostgreSQL's jsonb refuses (a lone surrogate): the journal append itself fails. */
  poison(): void {
    this.record('CounterPoisoned', { counterId: this.id, note: '\ud800' });
  }
  increment(): void {
    this.value += 1;
    this.record('CounterIncremented', { counterId: this.id, value: this.value });
  }
}

const barrier = (parties: number) => {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    await all;
  };
};

describe('command pipeline against PostgreSQL', () => {
  let t: TestApp;
  let uow: UnitOfWork;

  const load = async (id: string): Promise<Counter> => {
    const [row] = await uow.query<{ id: string; version: number; value: number }>('SELECT id, version, value FROM test_counters WHERE id = $1', [id]);
    return Counter.restore(row.id, row.version, row.value);
  };
  const save = (counter: Counter) => saveAggregateRow(uow, 'test_counters', counter, { value: counter.value });
  const counts = async (): Promise<{ events: number; outbox: number; rows: number }> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*) FROM journal_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox,
                (SELECT count(*) FROM test_counters)::int AS rows`,
      )
    )[0];
  const streamVersions = async (id: string): Promise<number[]> =>
    (await t.dataSource.query('SELECT version FROM journal_events WHERE stream_id = $1 ORDER BY version', [id])).map(
      (r: { version: number }) => r.version,
    );

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(UnitOfWork);
    await t.asOwner('CREATE TABLE test_counters (id uuid PRIMARY KEY, value integer NOT NULL, version integer NOT NULL)');
    await t.asOwner('CREATE TABLE test_effects (consumer text, position bigint, PRIMARY KEY (consumer, position))');
    await t.asOwner(`GRANT SELECT, INSERT, UPDATE, DELETE ON test_counters, test_effects TO ${PLATFORM_ROLE}`);
  });
  afterAll(() => t.close());

  it('ConnectionBudget_CountsEveryQueueTheProcessOpens', () => {
    const opened = t.app.get(QueueRegistry).all().map((queue) => queue.name);
    expect([...opened].sort()).toEqual([...PLATFORM_QUEUES].sort());
  });

  it('Save_TwoConcurrentCommandsOnOneAggregate_ExactlyOneWinsAndTheOtherIs409WithNoGapInTheJournal', async () => {
    const id = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(id)));
    const bothLoaded = barrier(2);
    const command = () =>
      uow.run(SYSTEM_ACTOR, async () => {
        const counter = await load(id);
        await bothLoaded();
        counter.increment();
        await save(counter);
      });

    const outcomes = await Promise.allSettled([command(), command()]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrentChangeError);
    expect(await streamVersions(id)).toEqual([1, 2]);
    const [row] = await t.dataSource.query('SELECT value, version FROM test_counters WHERE id = $1', [id]);
    expect(row).toEqual({ value: 1, version: 2 });
  });

  it('Run_WhenTheCommandThrowsAfterWriting_LeavesNoRowNoEventNoOutboxRow', async () => {
    const before = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM journal_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox,
              (SELECT count(*) FROM test_counters)::int AS rows`,
    );
    const id = newId();
    await expect(
      uow.run(SYSTEM_ACTOR, async () => {
        const counter = Counter.open(id);
        counter.increment();
        await save(counter);
        throw new Error('the command fails after its writes');
      }),
    ).rejects.toThrow('the command fails after its writes');

    const after = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM journal_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox,
              (SELECT count(*) FROM test_counters)::int AS rows`,
    );
    expect(after).toEqual(before);
    expect(await streamVersions(id)).toEqual([]);
  });

  it('Run_WhenTheJournalAppendFails_TheCommitBecomesARollback_AndTheConnectionIsReusable', async () => {
    const count = async () =>
      (await t.dataSource.query(
        `SELECT (SELECT count(*) FROM journal_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox,
                (SELECT count(*) FROM test_counters)::int AS rows`,
      ))[0];
    const before = await count();
    const id = newId();
    await expect(
      uow.run(SYSTEM_ACTOR, async () => {
        const counter = Counter.open(id);
        counter.poison();
        await save(counter);
      }),
    ).rejects.toThrow();
    expect(await count()).toEqual(before);
    // Every pooled connection still works after that (none is left inside an aborted transaction).
    for (let i = 0; i < 25; i += 1) await uow.run(SYSTEM_ACTOR, () => save(Counter.open(newId())));
    expect((await count()).rows).toBe(before.rows + 25);
  });

  it('Defer_ThenRead_TheReadSeesTheWrite', async () => {
    const id = newId();
    const seen = await uow.run(SYSTEM_ACTOR, async () => {
      await save(Counter.open(id));
      // The INSERT is deferred: it goes in front of this SELECT, in the same message.
      return uow.query('SELECT value FROM test_counters WHERE id = $1', [id]);
    });
    expect(seen).toEqual([{ value: 0 }]);
    expect(await streamVersions(id)).toEqual([1]);
  });

  it('Defer_ItsRowsArriveAsAPromise_ResolvedWhenItsMessageReturns', async () => {
    const id = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(id)));
    const settled: string[] = [];
    const [atCommit, withNextStatement] = await uow.run(SYSTEM_ACTOR, async () => {
      const first = uow.defer({ text: 'UPDATE test_counters SET value = value + $2 WHERE id = $1 RETURNING value', values: [id, 5] });
      void first.then(() => settled.push('first'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toEqual([]); // not sent yet: it waits for the command's next message
      await uow.query('SELECT 1');
      expect(settled).toEqual(['first']);
      const second = uow.defer({ text: 'UPDATE test_counters SET value = value + $2 WHERE id = $1 RETURNING value', values: [id, 2] });
      void second.then(() => settled.push('second'));
      return [second, first];
    });
    expect(settled).toEqual(['first', 'second']);
    expect(await atCommit).toEqual([{ value: 7 }]);
    expect(await withNextStatement).toEqual([{ value: 5 }]);
  });

  it('Defer_WhenTheCommandFails_ItsPromiseIsRejected_AndNobodyAwaitingItIsNoUnhandledRejection', async () => {
    const taken = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(taken)));
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      let kept!: Promise<unknown>;
      await expect(
        uow.run(SYSTEM_ACTOR, async () => {
          uow.defer({ text: 'INSERT INTO test_counters (id, value, version) VALUES ($1, 0, 1)', values: [taken] }); // not awaited
          kept = uow.defer({ text: 'SELECT 1 AS one' });
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await expect(kept).rejects.toMatchObject({ code: '23505' });
      let unsent!: Promise<unknown>;
      await expect(
        uow.run(SYSTEM_ACTOR, async () => {
          unsent = uow.defer({ text: 'SELECT 1 AS one' });
          uow.defer({ text: 'SELECT 2 AS two' }); // not awaited
          throw new Error('the command fails before its writes leave');
        }),
      ).rejects.toThrow('the command fails before its writes leave');
      await expect(unsent).rejects.toThrow(/not sent/);
      // Node reports an unhandled rejection once the microtasks of the tick that made it have run.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });

  it('Query_BeginAndDeferredWritesRideWithTheFirstStatement_ThenStatementsGoWithTheirParameters', async () => {
    const id = newId();
    // The text of the message PostgreSQL is running, as the client sent it.
    const current = 'SELECT current_query() AS query WHERE true';
    const [first, second] = await uow.run(SYSTEM_ACTOR, async () => {
      uow.defer({ text: 'INSERT INTO test_counters (id, value, version) VALUES ($1, $2, 1)', values: [id, 3] });
      const [one] = await uow.query<{ query: string }>(`${current} AND $1::int = 1`, [1]);
      const [two] = await uow.query<{ query: string }>(`${current} AND $1::int = 1`, [1]);
      return [one.query, two.query];
    });
    // One message: BEGIN, the deferred write and the statement, its parameters written in.
    expect(first).toBe(`BEGIN;\nINSERT INTO test_counters (id, value, version) VALUES ('${id}', '3', 1);\n${current} AND '1'::int = 1`);
    // Nothing pending: the statement goes alone, with its parameters.
    expect(second).toBe(`${current} AND $1::int = 1`);
    const [row] = await t.dataSource.query('SELECT value FROM test_counters WHERE id = $1', [id]);
    expect(row).toEqual({ value: 3 });
  });

  it('Query_OutsideACommand_RunsOnAPooledConnectionOfItsOwn', async () => {
    expect(await uow.query('SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
    expect(await uow.batch([{ text: 'SELECT $1::int AS n', values: [1] }, { text: 'SELECT 2 AS n' }])).toEqual([[{ n: 1 }], [{ n: 2 }]]);
  });

  it('Run_WhenItsConnectionDiesBetweenTwoStatements_FailsThatCommandOnly_AndThePoolRecovers', async () => {
    const before = await counts();
    await expect(
      uow.run(SYSTEM_ACTOR, async () => {
        await save(Counter.open(newId()));
        const [{ pid }] = await uow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await t.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
        // The connection hears of its end while the command is between statements (an 'error'
        // event the unit of work listens to: unheard, it would end the process), then the next
        // statement fails.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await uow.query('SELECT 1');
      }),
    ).rejects.toThrow();
    expect(await counts()).toEqual(before);
    for (let i = 0; i < 25; i += 1) await uow.run(SYSTEM_ACTOR, () => save(Counter.open(newId())));
    expect((await counts()).rows).toBe(before.rows + 25);
  });

  it('Defer_WhenADeferredWriteFailsAtCommit_NothingOfTheCommandRemains_AndTheConnectionIsReusable', async () => {
    const taken = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(taken)));
    const before = await counts();
    const fresh = newId();
    await expect(
      uow.run(SYSTEM_ACTOR, async () => {
        await save(Counter.open(fresh));
        // A duplicate key, found only when the commit message runs: the whole command is undone.
        uow.defer({ text: 'INSERT INTO test_counters (id, value, version) VALUES ($1, 0, 1)', values: [taken] });
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await counts()).toEqual(before);
    for (let i = 0; i < 25; i += 1) await uow.run(SYSTEM_ACTOR, () => save(Counter.open(newId())));
    expect((await counts()).rows).toBe(before.rows + 25);
  });

  it('Run_WhenTheCommandFailsWithWritesNotSentYet_DropsThem_AndTheConnectionIsReusable', async () => {
    const before = await counts();
    await expect(
      uow.run(SYSTEM_ACTOR, async () => {
        await uow.query('SELECT 1'); // BEGIN has left: the transaction is open
        // A write that would fail if it were sent in front of the ROLLBACK.
        uow.defer({ text: 'INSERT INTO test_counters (id, value, version) VALUES ($1, NULL, 1)', values: [newId()] });
        throw new Error('the command fails before its writes leave');
      }),
    ).rejects.toThrow('the command fails before its writes leave');
    expect(await counts()).toEqual(before);
    for (let i = 0; i < 25; i += 1) await uow.run(SYSTEM_ACTOR, () => save(Counter.open(newId())));
    expect((await counts()).rows).toBe(before.rows + 25);
  });

  it('Save_WhenTheRowChangedSinceItWasLoaded_IsAConcurrentChangeRaisedInSql_AndNothingIsWritten', async () => {
    const id = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(id)));
    const stale = await uow.run(SYSTEM_ACTOR, () => load(id));
    await uow.run(SYSTEM_ACTOR, async () => {
      const fresh = await load(id);
      fresh.increment();
      await save(fresh);
    });
    const before = await counts();
    stale.increment();
    stale.increment();
    await expect(uow.run(SYSTEM_ACTOR, () => save(stale))).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await counts()).toEqual(before);
    const [row] = await t.dataSource.query('SELECT value, version FROM test_counters WHERE id = $1', [id]);
    expect(row).toEqual({ value: 1, version: 2 });
  });

  it('Relay_KilledMidBatch_DeliversEveryCommittedEventOncePerConsumer', async () => {
    await t.relay.stop();
    await t.relay.drain(); // whatever earlier tests left
    let killed = false;
    const delivered: Record<string, number[]> = { first: [], second: [] };
    const consumer = (name: 'first' | 'second') => ({
      handle: async (event: JournalEvent) => {
        await uow.query('INSERT INTO test_effects (consumer, position) VALUES ($1, $2)', [name, event.position]);
        delivered[name].push(event.position);
      },
    });
    t.relay.register({ name: 'first', events: ['CounterIncremented'] }, consumer('first'));
    t.relay.register(
      { name: 'second', events: ['CounterIncremented'] },
      {
        handle: async (event: JournalEvent) => {
          await consumer('second').handle(event);
          if (delivered.second.length === 5 && !killed) {
            killed = true;
            // The relay's own connection dies with its batch half done: nothing of it is marked published.
            await t.dataSource.query(
              `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE '%SKIP LOCKED%' AND pid <> pg_backend_pid()`,
            );
          }
        },
      },
    );
    const id = newId();
    await uow.run(SYSTEM_ACTOR, () => save(Counter.open(id)));
    for (let i = 0; i < 12; i += 1) {
      await uow.run(SYSTEM_ACTOR, async () => {
        const counter = await load(id);
        counter.increment();
        await save(counter);
      });
    }

    await expect(t.relay.drain()).rejects.toThrow();
    expect(killed).toBe(true);
    await t.relay.drain();

    const positions = (
      await t.dataSource.query(`SELECT position FROM journal_events WHERE stream_id = $1 AND type = 'CounterIncremented' ORDER BY position`, [id])
    ).map((r: { position: string }) => Number(r.position));
    expect(positions).toHaveLength(12);
    for (const name of ['first', 'second']) {
      const effects = (
        await t.dataSource.query('SELECT position FROM test_effects WHERE consumer = $1 ORDER BY position', [name])
      ).map((r: { position: string }) => Number(r.position));
      expect(effects).toEqual(positions);
    }
    // Each handled once, in stream order, even across the crash.
    expect(delivered.first).toEqual(positions);
    expect(delivered.second).toEqual(positions);
    const [{ unpublished }] = await t.dataSource.query('SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL');
    expect(unpublished).toBe(0);
  });

  it('WithLiterals_OfAnyParameter_ReadsBackExactlyAsTheParameterItself', async () => {
    const sql = 'SELECT $1::text[] AS texts, $2::jsonb[] AS docs, $3::timestamptz AS at, $4::int[] AS numbers, $5::text AS nothing, $6::text AS plain';
    const values = [
      ["it's", 'back\\slash', 'quote " and {braces}, commas', 'Қазақ тілі — ру', '', null, 'NULL', '$1'],
      [JSON.stringify({ text: "O'Brien \\ \"q\" {a,b}", n: 1 }), JSON.stringify({ unicode: 'Ақмола ✓' })],
      new Date('2026-11-25T12:34:56.789Z'),
      [1, -2, 3],
      null,
      "'; DROP TABLE journal_events; --",
    ];
    const [asParameters] = await t.dataSource.query(sql, values);
    const [asLiterals] = await t.dataSource.query(withLiterals(sql, values));
    expect(asLiterals).toEqual(asParameters);
    expect(asLiterals.plain).toBe("'; DROP TABLE journal_events; --");
    expect(() => withLiterals('SELECT $2', [1])).toThrow(RangeError);
  });

  it('Journal_AfterManyCommands_VerifiesAndRefusesEditsAtTheDatabase', async () => {
    const verdict = await t.http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${t.adminToken}`);
    expect(verdict.status).toBe(200);
    const [{ events }] = await t.dataSource.query('SELECT count(*)::int AS events FROM journal_events');
    expect(verdict.body).toMatchObject({ ok: true, checked: events });
    expect(events).toBeGreaterThan(15);
    // Even the owner, who may, is refused by the trigger (the platform's role has no such right at all).
    await expect(t.asOwner(`UPDATE journal_events SET type = 'X' WHERE position = 1`)).rejects.toThrow(/append-only/);
    await expect(t.asOwner(`DELETE FROM journal_events WHERE position = 1`)).rejects.toThrow(/append-only/);
  });
});
