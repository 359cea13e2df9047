import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { counter, gauge } from '@kelisim/config';

@Injectable()
export class OutboxMetrics {
  private readonly lag = gauge('kelisim_outbox_lag_seconds', 'Age of the oldest unpublished outbox row');
  private readonly pending = gauge('kelisim_outbox_pending', 'Outbox rows not yet published');
  private readonly consumedTotal = counter('kelisim_events_consumed_total', 'Events handled by a consumer', ['consumer']);
  private lastObserved = 0;

  /** Samples lag and backlog at most once a second. */
  async observe(dataSource: DataSource): Promise<void> {
    if (Date.now() - this.lastObserved < 1000) return;
    this.lastObserved = Date.now();
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag
         FROM outbox WHERE published_at IS NULL`,
    )) as { pending: number; lag: number }[];
    this.pending.set(row.pending);
    this.lag.set(row.lag);
  }

  consumed(consumer: string): void {
    this.consumedTotal.inc({ consumer });
  }
}
