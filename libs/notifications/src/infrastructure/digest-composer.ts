import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { DirectoryQueries, type RecipientView } from '@kelisim/directory';
import { Clock, newId, SYSTEM_ACTOR } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { type DigestEnclosure, DigestEnclosures } from '../application/digest-enclosures.js';

type DigestEnclosureText = NonNullable<Awaited<ReturnType<DigestEnclosure['current']>>>;
import { DeliveryQueue } from '../application/delivery-queue.js';

/** Local time from which a day's digest goes out. */
const DIGEST_HOUR = 8;

/**
 * Once a day, from 08:00 in each subscriber's zone, gathers the notifications they received since
 * their previous digest into one e-mail. The digest row is unique per user and local day, so
 * several workers composing at once make one digest; its delivery retries like any other. The
 * people a registered enclosure chooses (the journal's e-mail witnesses) get one every day it has
 * something, with it enclosed, notifications or not.
 */
@Injectable()
export class DigestComposer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DigestComposer.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryQueries,
    private readonly enqueuer: DeliveryQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly enclosures: DigestEnclosures,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.smtpUrl) return;
    this.timer = setInterval(() => void this.compose().catch((e: Error) => this.logger.warn(`Digests failed: ${e.message}`)), 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Composes every digest that is due now; returns how many. */
  async compose(): Promise<number> {
    if (!this.config.smtpUrl) return 0;
    let made = 0;
    const source = this.enclosures.registered;
    const chosen = new Set(source ? await source.recipients() : []);
    const enclosure = chosen.size > 0 ? await source!.current() : null;
    const users = new Map((await this.directory.digestSubscribers()).map((u) => [u.id, u]));
    for (const [id, user] of await this.directory.recipients([...chosen].filter((id) => !users.has(id)))) if (user.active) users.set(id, user);
    for (const user of users.values()) if (await this.composeFor(user, chosen.has(user.id) ? enclosure : null)) made += 1;
    if (made > 0) await this.enqueuer.flush();
    return made;
  }

  private composeFor(user: RecipientView, enclosure: DigestEnclosureText | null): Promise<boolean> {
    const local = DateTime.fromJSDate(this.clock.now(), { zone: user.timeZone });
    if (local.hour < DIGEST_HOUR || !user.email) return Promise.resolve(false);
    return this.uow.run(SYSTEM_ACTOR, async () => {
      const [last] = (await this.uow.query(`SELECT created_at FROM digests WHERE user_id = $1 ORDER BY day DESC LIMIT 1`, [user.id])) as {
        created_at: Date;
      }[];
      const since = last ? new Date(last.created_at) : local.minus({ days: 1 }).toJSDate();
      const notes = (await this.uow.query(
        `SELECT id FROM notifications WHERE user_id = $1 AND created_at > $2 AND created_at <= $3 ORDER BY created_at`,
        [user.id, since, this.clock.now()],
      )) as { id: string }[];
      if (notes.length === 0 && !enclosure) return false;
      const id = newId();
      const created = (await this.uow.query(
        `INSERT INTO digests (id, user_id, day, notification_ids, created_at, enclosure) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT digests_once DO NOTHING RETURNING id`,
        [id, user.id, local.toISODate(), notes.map((n) => n.id), this.clock.now(), enclosure ? JSON.stringify(enclosure) : null],
      )) as unknown[];
      if (created.length === 0) return false;
      await this.uow.query(`INSERT INTO deliveries (id, digest_id, channel, target) VALUES ($1, $2, 'email', $3)`, [newId(), id, user.email]);
      return true;
    });
  }
}
