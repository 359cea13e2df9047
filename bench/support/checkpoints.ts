/**
 * Checkpoint lag (issue 11: "sealing keeps up"): the platform's JournalSealer running its own loop,
 * as the worker runs it, with a checkpoint interval of the bench's choosing, and a poller that notes
 * when each signed checkpoint becomes visible. An event's lag runs from the instant it was written
 * (given by the bench) to the first visible checkpoint covering its leaf.
 */
import type { RunningConfig } from '@kelisim/config';
import { withClient } from './postgres.js';
import { ascending, percentile } from './report.js';

export interface CheckpointLag {
  intervalMs: number;
  events: number;
  checkpoints: number;
  /** Events no checkpoint covered by the end. */
  unsealed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every event sealed and p99 under twice the interval. */
  met: boolean;
}

/** Starts the sealer's loop and the poller; `stop` ends both once the events it is given are covered (or after 5 intervals). */
export async function watchCheckpoints(config: RunningConfig, intervalMs: number) {
  const audit = await import('@kelisim/audit');
  const { dataSourceOptions } = await import('@kelisim/persistence');
  const { DataSource } = await import('typeorm');
  const loopConfig = { ...config, journal: { ...config.journal, checkpointIntervalMs: intervalMs } };
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  const sealer = new audit.JournalSealer(dataSource, new audit.JournalKey(loopConfig), loopConfig);
  const visible: { treeSize: number; at: number }[] = [];
  /** Set by `stop`: the leaf the last of the watched events got (once all have one), and until when to wait. */
  let until: { lastLeaf: () => Promise<number | null>; deadline: number } | null = null;
  sealer.onApplicationBootstrap();
  const poller = withClient(config.databaseUrl, async (c) => {
    let last = 0;
    for (;;) {
      const { rows } = await c.query('SELECT tree_size FROM journal_checkpoints WHERE tree_size > $1 ORDER BY tree_size', [last]);
      const at = Date.now();
      for (const row of rows as { tree_size: string }[]) visible.push({ treeSize: (last = Number(row.tree_size)), at });
      if (until && (at > until.deadline || ((lastLeaf) => lastLeaf !== null && last > lastLeaf)(await until.lastLeaf()))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    /**
     * Stops the loop once what was written is sealed; then the lag of each event `written` names
     * (journal position → the instant, in ms since the epoch, it was written).
     */
    async stop(written: Map<number, number>): Promise<CheckpointLag> {
      const positions = [...written.keys()];
      until = {
        deadline: Date.now() + 5 * intervalMs,
        lastLeaf: async () => {
          const [row] = (await dataSource.query('SELECT count(*)::int AS n, max(leaf_index)::bigint AS last FROM journal_leaves WHERE position = ANY($1::bigint[])', [positions])) as { n: number; last: string | null }[];
          return row.n === positions.length && row.last !== null ? Number(row.last) : null;
        },
      };
      try {
        await poller;
      } finally {
        await sealer.onModuleDestroy();
      }
      const leaves = (await dataSource.query('SELECT position, leaf_index FROM journal_leaves WHERE position = ANY($1::bigint[])', [positions])) as {
        position: string;
        leaf_index: string;
      }[];
      await dataSource.destroy();
      const covered = (leafIndex: number) => visible.find((v) => v.treeSize > leafIndex)?.at ?? Infinity;
      const lags = ascending(leaves.map((l) => covered(Number(l.leaf_index)) - written.get(Number(l.position))!));
      const unsealed = written.size - lags.filter(Number.isFinite).length;
      return {
        intervalMs,
        events: written.size,
        checkpoints: visible.length,
        unsealed,
        p50Ms: Math.round(percentile(lags, 50)),
        p99Ms: Math.round(percentile(lags, 99)),
        maxMs: Math.round(lags[lags.length - 1] ?? NaN),
        met: unsealed === 0 && percentile(lags, 99) < 2 * intervalMs,
      };
    },
  };
}
