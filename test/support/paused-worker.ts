import { randomUUID } from 'node:crypto';
import type { Queue, Worker } from 'bullmq';
import { until } from './waiting.js';

/**
 * Stops one of the app's workers from taking jobs, for a test that takes or loses them itself;
 * the answer resumes it. BullMQ's pause leaves a fetch that is blocked waiting running, and that
 * fetch would take the next job to arrive: a delayed job's marker wakes it with nothing to take.
 */
export async function pauseWorker(worker: Worker, queue: Queue): Promise<() => void> {
  await worker.pause(true);
  const wake = await queue.add('wake', {}, { delay: 3_600_000, jobId: `wake-${randomUUID()}` });
  await until(async () => (worker as unknown as { waiting: Promise<number> | null }).waiting, (waiting) => waiting === null, 20_000);
  await wake.remove();
  return () => worker.resume();
}
