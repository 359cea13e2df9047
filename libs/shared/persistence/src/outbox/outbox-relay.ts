import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import pg from 'pg';
import type { JournalEvent } from '@kelisim/kernel';
import { SYSTEM_ACTOR } from '@kelisim/kernel';
import { UnitOfWork } from '../unit-of-work.js';
import { JOURNAL_HORIZON_SQL, OUTBOX_CHANNEL } from '../journal/journal.js';
import { type JournalEventRow, toJournalEvent } from '../journal/journal-rows.js';
import { EVENT_CONSUMER, type EventConsumer, type EventConsumerOptions } from './event-consumer.js';
import { OutboxMetrics } from './outbox-metrics.js';

interface OutboxRow extends JournalEventRow {
  /** The event's transaction is older than every transaction still in flight. */
  settled: boolean;
}

interface RegisteredConsumer {
  options: EventConsumerOptions;
  instance: EventConsumer;
}

export interface RelayOptions {
  enabled: boolean;
  batchSize: number;
  idlePollMs: number;
  /** How long a notification waits for others before the relay runs. */
  coalesceMs: number;
  databaseUrl: string;
}
export const RELAY_OPTIONS = Symbol('kelisim:relay-options');

const RELAY_LOCK = 'kelisim.outbox-relay';
/** How often the loop looks again at events held behind a transaction in flight. */
const WAITING_POLL_MS = 50;
/** How long `drain` waits for events held behind transactions still in flight. */
const DRAIN_PATIENCE_MS = 10_000;

/**
 * Publishes committed events to the durable consumers, in journal order (so in order per stream).
 * Replicas may all run it: each batch takes an advisory lock and locks its rows FOR UPDATE SKIP
 * LOCKED, so one relay works at a time and the others stand by. A failing consumer holds back the
 * later events of that stream only, and is retried with backoff.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private consumers: RegisteredConsumer[] = [];
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private listener: pg.Client | null = null;
  private wakeScheduled: NodeJS.Timeout | null = null;
  /** The last batch left events waiting for a transaction still in flight, or found another relay at work. */
  private waiting = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly metrics: OutboxMetrics,
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .map((wrapper) => ({
        options: this.reflector.get<EventConsumerOptions | undefined>(EVENT_CONSUMER, wrapper.metatype as never),
        instance: wrapper.instance as EventConsumer,
      }))
      .filter((c): c is RegisteredConsumer => c.options !== undefined);
    if (this.options.enabled) this.start();
  }

  /** Adds a consumer that is not a Nest provider (decorated providers are found at start). */
  register(options: EventConsumerOptions, instance: EventConsumer): void {
    this.consumers.push({ options, instance });
  }

  /** Before the database connection closes (that happens at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.wakeScheduled) clearTimeout(this.wakeScheduled);
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Publishes until the outbox has nothing ready; returns how many events were published. */
  async drain(): Promise<number> {
    let total = 0;
    const patience = Date.now() + DRAIN_PATIENCE_MS;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published > 0) continue;
      // Events that wait for a transaction still in flight (in any database of the server), or
      // another relay's batch: a moment more, since either is usually milliseconds from its end.
      if (!this.waiting || Date.now() > patience) return total;
      await new Promise((resolve) => setTimeout(resolve, this.options.coalesceMs));
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        await this.metrics.observe(this.dataSource);
      } catch (error) {
        this.logger.error(`Outbox relay batch failed: ${(error as Error).message}`);
      }
      if (published === 0 && this.running) {
        await new Promise<void>((resolve) => {
          // Events waiting for an older transaction are looked at again soon, not at the next poll.
          const timer = setTimeout(resolve, this.waiting ? Math.max(this.options.coalesceMs, WAITING_POLL_MS) : this.options.idlePollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async listen(): Promise<void> {
    try {
      const client = new pg.Client({ connectionString: this.options.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      // Commits arrive in bursts: gather a few milliseconds of them into one batch.
      client.on('notification', () => {
        if (this.wakeScheduled) return;
        this.wakeScheduled = setTimeout(() => {
          this.wakeScheduled = null;
          this.wake?.();
        }, this.options.coalesceMs);
      });
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
      if (!this.running) await client.end();
    } catch (error) {
      this.logger.warn(`Outbox relay cannot LISTEN, polling only: ${(error as Error).message}`);
    }
  }

  private async publishBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        RELAY_LOCK,
      ])) as { locked: boolean }[];
      if (!locked) {
        await runner.commitTransaction();
        this.waiting = true;
        return 0;
      }
      const [{ horizon }] = (await runner.query(JOURNAL_HORIZON_SQL)) as { horizon: string }[];
      const rows = (await runner.query(
        `SELECT o.position, e.stream_id, e.stream_type, e.version, e.type, e.payload, e.actor_id, e.occurred_at, e.hash, e.prev_hash,
                e.tx < $2::xid8 AS settled
           FROM outbox o JOIN journal_events e ON e.position = o.position
          WHERE o.published_at IS NULL AND o.next_attempt_at <= now()
          ORDER BY o.position LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
        [this.options.batchSize, horizon],
      )) as OutboxRow[];
      const published: number[] = [];
      const heldBack = new Set<string>();
      this.waiting = false;
      for (const row of rows) {
        if (heldBack.has(row.stream_id)) continue;
        // Below the horizon only: a transaction still in flight may yet commit an event with a
        // lower position; its stream waits with it (see docs/journal.md, "Order").
        if (!row.settled) {
          heldBack.add(row.stream_id);
          this.waiting = true;
          continue;
        }
        if (!this.consumers.some((c) => c.options.events.includes(row.type))) {
          published.push(Number(row.position));
          continue;
        }
        const event = toJournalEvent(row);
        try {
          await this.deliver(event);
          published.push(event.position);
        } catch (error) {
          heldBack.add(row.stream_id);
          const message = (error as Error).message.slice(0, 2000);
          this.logger.warn(`Consumer failed on event ${event.position} (${event.type}): ${message}`);
          await runner.query(
            `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                    next_attempt_at = now() + least(interval '5 minutes', interval '1 second' * power(2, attempts))
              WHERE position = $1`,
            [event.position, message],
          );
        }
      }
      if (published.length > 0) {
        await runner.query('UPDATE outbox SET published_at = now() WHERE position = ANY($1::bigint[])', [published]);
      }
      await runner.commitTransaction();
      return published.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async deliver(event: JournalEvent): Promise<void> {
    for (const consumer of this.consumers) {
      if (!consumer.options.events.includes(event.type)) continue;
      await this.uow.run({ ...SYSTEM_ACTOR, userId: event.actorId }, async () => {
        const inserted = (await this.uow.query(
          `INSERT INTO consumer_inbox (consumer, position) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING position`,
          [consumer.options.name, event.position],
        )) as unknown[];
        if (inserted.length === 0) return;
        await consumer.instance.handle(event);
      });
      this.metrics.consumed(consumer.options.name);
    }
  }
}
