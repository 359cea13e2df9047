import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { BullModule, Processor } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LoggedWorkerHost, ERROR_LOG_INTERVAL_MS } from '@kelisim/queue';
import { until } from '@kelisim/testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const PREFIX = `kt_worker_errors_${randomBytes(4).toString('hex')}`;
const QUEUE = 'losing';

/** Each job loses its lock while it runs (its lock key deleted, as a FLUSHALL or an expiry would): BullMQ's "Missing lock" at completion. */
@Processor(QUEUE)
class LosingProcessor extends LoggedWorkerHost {
  readonly redis = new Redis(REDIS_URL);

  async process(job: Job): Promise<void> {
    await this.redis.del(`${PREFIX}:${QUEUE}:${job.id}:lock`);
  }
}

describe('Errors of a queue worker', () => {
  let module: TestingModule;
  let queue: Queue;
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [BullModule.forRoot({ connection: { url: REDIS_URL }, prefix: PREFIX }), BullModule.registerQueue({ name: QUEUE })],
      providers: [LosingProcessor],
    }).compile();
    await module.init();
    queue = module.get<Queue>(`BullQueue_${QUEUE}`);
  });

  afterAll(async () => {
    module.get(LosingProcessor).redis.disconnect();
    await module.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    warn.mockRestore();
    printed.mockRestore();
  });

  it('JobsLosingTheirLocks_GoToTheLogOneLineAtMostPer10s_TheNextLineCountsTheOthers_NothingPrintedPastTheLogger', async () => {
    const errors: Error[] = [];
    module.get(LosingProcessor).worker.on('error', (error) => errors.push(error));
    const lines = (): string[] => warn.mock.calls.map(([message]) => String(message)).filter((message) => message.startsWith("The queue's worker failed"));
    await queue.addBulk(['a', 'b', 'c'].map((id) => ({ name: 'job', data: {}, opts: { jobId: id } })));
    await until(async () => errors.length, (n) => n >= 3, 10_000, 20);
    // The first error is a line of its own; the two after it, within the interval, wait to be counted in the next.
    expect(lines()).toEqual([expect.stringMatching(/^The queue's worker failed: Missing lock for job a\b/)]);
    await new Promise((resolve) => setTimeout(resolve, ERROR_LOG_INTERVAL_MS));
    const unlogged = errors.length - 1; // BullMQ may emit more than one error a job
    await queue.add('job', {}, { jobId: 'd' });
    await until(async () => lines().length, (n) => n >= 2, 10_000, 20);
    expect(lines()[1]).toMatch(new RegExp(`^The queue's worker failed: Missing lock for job d\\b.*\\(and ${unlogged} more since the last line\\)$`));
    expect(unlogged).toBeGreaterThanOrEqual(2);
    expect(printed).not.toHaveBeenCalled();
  }, 40_000);
});
