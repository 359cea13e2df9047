import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type RunningConfig } from '@kelisim/config';
import { JOURNAL_HORIZON_SQL } from '@kelisim/persistence';
import { CompactRange, frontierNodeIds, leafHash } from '../domain/transparency/merkle.js';
import { signCheckpoint } from '../domain/transparency/checkpoint.js';
import { JournalKey } from '../infrastructure/journal-key.js';
import { readNodes } from '../infrastructure/tree-store.js';
import { WitnessEnqueuer } from '../infrastructure/witness-delivery.js';

const SEALER_LOCK = 'kelisim.journal-sealer';
/** Events sealed per round (one multi-row INSERT of leaves and one of nodes). */
const BATCH = 5000;
/** Pause between rounds that found the journal sealed. */
const POLL_MS = 250;

interface Candidate {
  position: string;
  hash: string;
  settled: boolean;
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
 */
@Injectable()
export class JournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JournalSealer.name);
  private range: CompactRange | null = null;
  /** Every event whose tx is below this is sealed. */
  private horizon = '0';
  private last = { size: 0, at: 0 };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: JournalKey,
    @Inject(APP_CONFIG) private readonly config: RunningConfig,
    @Optional() private readonly witnesses?: WitnessEnqueuer,
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

  /** Seals everything sealable now and publishes a checkpoint if the tree grew (tests, tools). */
  async sealNow(): Promise<SealRound> {
    let total = 0;
    for (;;) {
      const round = await this.round(true);
      total += round.sealed;
      if (round.sealed < BATCH) return { ...round, sealed: total };
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
          const timer = setTimeout(resolve, POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** One round, one transaction; rounds of this process never overlap. */
  private round(force: boolean): Promise<SealRound> {
    const next = this.serial.then(() => this.sealOnce(force));
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async sealOnce(force: boolean): Promise<SealRound> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [SEALER_LOCK])) as { locked: boolean }[];
      if (!locked) {
        await runner.commitTransaction();
        return { sealed: 0, treeSize: this.range?.size ?? 0, checkpoint: null };
      }
      const range = await this.tree(runner);
      const [{ horizon: now }] = (await runner.query(JOURNAL_HORIZON_SQL)) as { horizon: string }[];
      const candidates = (await runner.query(
        `SELECT e.position, e.hash, e.tx < $3::xid8 AS settled FROM journal_events e
          WHERE e.tx >= $1::xid8 AND NOT EXISTS (SELECT 1 FROM journal_leaves l WHERE l.position = e.position)
          ORDER BY e.position LIMIT $2`,
        [this.horizon, BATCH, now],
      )) as Candidate[];
      const firstUnsettled = candidates.findIndex((c) => !c.settled);
      const sealable = firstUnsettled < 0 ? candidates : candidates.slice(0, firstUnsettled);
      const complete = firstUnsettled < 0 && candidates.length < BATCH;
      const startSize = range.size;
      const nodes = { levels: [] as number[], indexes: [] as number[], hashes: [] as string[] };
      for (const candidate of sealable) {
        range.append(leafHash(Buffer.from(candidate.hash, 'hex')), (level, index, hash) => {
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
        await runner.query(`INSERT INTO journal_tree_nodes (level, index, hash) SELECT l, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS n(l, i, h)`, [
          nodes.levels,
          nodes.indexes,
          nodes.hashes,
        ]);
      }
      const horizon = complete ? now : this.horizon;
      const at = Date.now();
      const due = force || at - this.last.at >= this.config.journal.checkpointIntervalMs || range.size - this.last.size >= this.config.journal.checkpointEvents;
      let checkpoint: number | null = null;
      if (range.size > this.last.size && due) {
        const rootHash = range.root();
        const note = signCheckpoint({ origin: this.key.origin, treeSize: range.size, rootHash }, this.key.signer);
        await runner.query(`INSERT INTO journal_checkpoints (tree_size, root_hash, note, horizon) VALUES ($1, $2, $3, $4::xid8)`, [range.size, rootHash, note, horizon]);
        // Every active webhook witness gets this checkpoint: the outbox row commits with it.
        await runner.query(
          `INSERT INTO witness_deliveries (id, witness_id, tree_size) SELECT gen_random_uuid(), id, $1 FROM witnesses WHERE active AND kind = 'webhook'`,
          [range.size],
        );
        checkpoint = range.size;
      }
      await runner.commitTransaction();
      if (checkpoint !== null) this.witnesses?.flush().catch((error: Error) => this.logger.error(`Queuing witness deliveries failed: ${error.name}`));
      this.horizon = horizon;
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
    const [{ size }] = (await runner.query('SELECT coalesce(max(leaf_index) + 1, 0)::bigint AS size FROM journal_leaves')) as { size: string }[];
    if (this.range && this.range.size === Number(size)) return this.range;
    const stored = Number(size);
    const range = CompactRange.of(stored, await readNodes(runner, frontierNodeIds(stored)));
    const [last] = (await runner.query(
      `SELECT tree_size, horizon::text AS horizon, (extract(epoch FROM sealed_at) * 1000)::float8 AS at FROM journal_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; horizon: string; at: number }[];
    this.last = last ? { size: Number(last.tree_size), at: last.at } : { size: 0, at: 0 };
    this.horizon = last?.horizon ?? '0';
    this.range = range;
    return range;
  }
}
