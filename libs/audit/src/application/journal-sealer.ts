import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type RunningConfig } from '@kelisim/config';
import { JOURNAL_HORIZON_SQL } from '@kelisim/persistence';
import { CompactRange, frontierNodeIds, leafHash } from '../domain/transparency/merkle.js';
import { signCheckpoint } from '../domain/transparency/checkpoint.js';
import { JournalKey } from './journal-key.js';
import { LOWEST_STORED_LEVEL, readNodes } from './tree-store.js';
import { WitnessQueue } from './witness-queue.js';

const SEALER_LOCK = 'kelisim.journal-sealer';
/** Events sealed per round (one multi-row INSERT of leaves, one of the few nodes stored). */
const BATCH = 5000;
/** Pause between rounds that found the journal sealed. */
const POLL_MS = 250;

interface Candidate {
  position: string;
  hash: string;
  settled: boolean;
  /** At or below the cursor: an event whose transaction committed after the cursor passed it. */
  late: boolean;
}

export interface SealRound {
  sealed: number;
  treeSize: number;
  checkpoint: number | null;
}

/**
 * The worker part of the transparency log: gives every committed event a leaf index, in position
 * order, appends it to the one Merkle tree over the journal (RFC 9162), stores the complete subtrees,
 * and publishes a signed C2SP checkpoint every KELISIM_CHECKPOINT_INTERVAL_MS (or after
 * KELISIM_CHECKPOINT_EVENTS events). Only events whose transaction is older than every transaction
 * in flight are sealed (the same horizon as the relay), and a round stops at the first event that
 * is not, so none is skipped and each stream's events enter the tree in version order. Replicas
 * may all run it: a transaction-scoped advisory lock lets one seal at a time.
 *
 * Unsealed events are found without looking at what is sealed (docs/journal.md, "The cursor"): a
 * round reads the events after the **cursor** (the highest sealed position) by the primary key, and
 * the **late** ones — at or below the cursor, unsealed — only among transactions at or above the
 * **floor**. The floor holds because an event the cursor passed was invisible to that round, so its
 * transaction was then in flight: at or above that round's horizon.
 */
@Injectable()
export class JournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JournalSealer.name);
  private range: CompactRange | null = null;
  /** The highest sealed position: every event after it is unsealed. */
  private cursor = '0';
  /** Every unsealed event at or below the cursor has its tx at or above this (an xid8). */
  private floor = '0';
  private last = { size: 0, at: 0 };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: JournalKey,
    @Inject(APP_CONFIG) private readonly config: RunningConfig,
    @Optional() private readonly witnesses?: WitnessQueue,
  ) {}

  onApplicationBootstrap(): void {
    void this.key.signer; // a missing or unreadable key stops start-up, not the first round
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Seals everything sealable now, in rounds as the worker's loop does (checkpoints as they fall
   * due), then publishes a checkpoint if the tree grew past the last one (tests, tools, the bench).
   * `checkpoint` is the newest this call published.
   */
  async sealNow(): Promise<SealRound> {
    let total = 0;
    let checkpoint: number | null = null;
    let force = false;
    for (;;) {
      const round = await this.round(force);
      total += round.sealed;
      checkpoint = round.checkpoint ?? checkpoint;
      if (round.sealed < BATCH) {
        if (force) return { sealed: total, treeSize: round.treeSize, checkpoint };
        force = true;
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sealed = 0;
      try {
        sealed = (await this.round(false)).sealed;
      } catch (error) {
        this.range = null;
        this.logger.error(`Sealing the journal failed: ${(error as Error).message}`);
      }
      if (sealed < BATCH && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pause());
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /**
   * Until the next round: {@link POLL_MS}, or less when events are sealed and their checkpoint
   * falls due sooner — checkpoints then come at their interval, not at the first poll after it.
   */
  private pause(): number {
    const sealedSinceCheckpoint = (this.range?.size ?? 0) > this.last.size;
    if (!sealedSinceCheckpoint) return POLL_MS;
    return Math.max(0, Math.min(POLL_MS, this.last.at + this.config.journal.checkpointIntervalMs - Date.now()));
  }

  /** One round, one transaction; rounds of this process never overlap. */
  private round(force: boolean): Promise<SealRound> {
    const next = this.serial.then(() => this.sealOnce(force));
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async sealOnce(force: boolean): Promise<SealRound> {
    // A checkpoint is due by when its round began: the round's own time does not stretch the interval.
    const at = Date.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Every statement of a round has its index. Statistics that a burst of appends has outrun
      // (none yet, after a bulk load or a migration) made the candidates a sequential scan of the
      // journal each round, and JIT-compiled: both off for this transaction (docs/journal.md).
      const [{ locked }] = (await runner.query(
        `SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [SEALER_LOCK],
      )) as { locked: boolean }[];
      if (!locked) {
        await runner.commitTransaction();
        return { sealed: 0, treeSize: this.range?.size ?? 0, checkpoint: null };
      }
      const range = await this.tree(runner);
      const [{ horizon: now }] = (await runner.query(JOURNAL_HORIZON_SQL)) as { horizon: string }[];
      // Late events first (their positions are all at or below the cursor), then those after it;
      // both found by an index (tx, position). A late candidate's leaf is probed one by one (a
      // LATERAL … LIMIT 1 cannot become a hash over every leaf, as NOT EXISTS may).
      const candidates = (await runner.query(
        `SELECT position, hash, tx < $4::xid8 AS settled, late FROM (
           (SELECT e.position, e.hash, e.tx, true AS late FROM journal_events e
              LEFT JOIN LATERAL (SELECT true AS sealed FROM journal_leaves l WHERE l.position = e.position LIMIT 1) s ON true
             WHERE e.tx >= $2::xid8 AND e.position <= $1::bigint AND s.sealed IS NULL
             ORDER BY e.position LIMIT $3)
           UNION ALL
           (SELECT e.position, e.hash, e.tx, false FROM journal_events e WHERE e.position > $1::bigint ORDER BY e.position LIMIT $3)
         ) c ORDER BY position LIMIT $3`,
        [this.cursor, this.floor, BATCH, now],
      )) as Candidate[];
      const firstUnsettled = candidates.findIndex((c) => !c.settled);
      const sealable = firstUnsettled < 0 ? candidates : candidates.slice(0, firstUnsettled);
      // Every late event was read and sealed: whatever the cursor now passes unsealed was invisible,
      // its transaction in flight, so at or above this round's horizon.
      const lateLeft = candidates.slice(sealable.length).some((c) => c.late) || (candidates.length === BATCH && candidates.every((c) => c.late));
      const floor = lateLeft ? this.floor : now;
      const cursor = sealable.reduce((max, c) => (!c.late ? c.position : max), this.cursor);
      const startSize = range.size;
      const nodes = { levels: [] as number[], indexes: [] as number[], hashes: [] as string[] };
      for (const candidate of sealable) {
        range.append(leafHash(Buffer.from(candidate.hash, 'hex')), (level, index, hash) => {
          if (level < LOWEST_STORED_LEVEL) return;
          nodes.levels.push(level);
          nodes.indexes.push(index);
          nodes.hashes.push(hash.toString('hex'));
        });
      }
      if (sealable.length > 0) {
        await runner.query(`INSERT INTO journal_leaves (leaf_index, position) SELECT * FROM unnest($1::bigint[], $2::bigint[])`, [
          sealable.map((_, i) => startSize + i),
          sealable.map((c) => c.position),
        ]);
      }
      if (nodes.levels.length > 0) {
        await runner.query(`INSERT INTO journal_tree_nodes (level, index, hash) SELECT l, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS n(l, i, h)`, [
          nodes.levels,
          nodes.indexes,
          nodes.hashes,
        ]);
      }
      const due = force || at - this.last.at >= this.config.journal.checkpointIntervalMs || range.size - this.last.size >= this.config.journal.checkpointEvents;
      let checkpoint: number | null = null;
      if (range.size > this.last.size && due) {
        const rootHash = range.root();
        const note = signCheckpoint({ origin: this.key.origin, treeSize: range.size, rootHash }, this.key.signer);
        await runner.query(`INSERT INTO journal_checkpoints (tree_size, root_hash, note, horizon) VALUES ($1, $2, $3, $4::xid8)`, [range.size, rootHash, note, floor]);
        // Every active webhook witness gets this checkpoint: the outbox row commits with it.
        await runner.query(
          `INSERT INTO witness_deliveries (id, witness_id, tree_size) SELECT gen_random_uuid(), id, $1 FROM witnesses WHERE active AND kind = 'webhook'`,
          [range.size],
        );
        checkpoint = range.size;
      }
      await runner.commitTransaction();
      if (checkpoint !== null) this.witnesses?.flush().catch((error: Error) => this.logger.error(`Queuing witness deliveries failed: ${error.name}`));
      this.cursor = cursor;
      this.floor = floor;
      if (checkpoint !== null) this.last = { size: checkpoint, at };
      return { sealed: sealable.length, treeSize: range.size, checkpoint };
    } catch (error) {
      this.range = null;
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The tree as stored: kept in memory, reloaded from its frontier when another sealer moved it. */
  private async tree(runner: QueryRunner): Promise<CompactRange> {
    const [{ size, cursor }] = (await runner.query(
      'SELECT coalesce(max(leaf_index) + 1, 0)::bigint AS size, coalesce(max(position), 0)::bigint AS cursor FROM journal_leaves',
    )) as { size: string; cursor: string }[];
    if (this.range && this.range.size === Number(size)) return this.range;
    const stored = Number(size);
    const range = CompactRange.of(stored, await readNodes(runner, frontierNodeIds(stored)));
    const [last] = (await runner.query(
      `SELECT tree_size, horizon::text AS horizon, (extract(epoch FROM sealed_at) * 1000)::float8 AS at FROM journal_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; horizon: string; at: number }[];
    this.last = last ? { size: Number(last.tree_size), at: last.at } : { size: 0, at: 0 };
    // The floor of the newest checkpoint holds for today's cursor too (floors only rise).
    this.cursor = cursor;
    this.floor = last?.horizon ?? '0';
    this.range = range;
    return range;
  }
}
