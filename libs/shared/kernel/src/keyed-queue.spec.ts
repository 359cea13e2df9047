import { describe, expect, it } from '@jest/globals';
import { KeyedQueue } from './keyed-queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that logs its start and end around one turn of the event loop, and returns its name. */
const logged = (log: string[], name: string) => async () => {
  log.push(`${name} start`);
  await tick();
  log.push(`${name} end`);
  return name;
};

describe('KeyedQueue', () => {
  it('Run_TasksWithOneKey_RunOneAfterAnotherInOrder', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const results = await Promise.all(['a', 'b', 'c'].map((name) => queue.run('m', logged(log, name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(queue.size).toBe(0);
  });

  it('Run_TasksWithOtherKeys_Overlap', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    await Promise.all([queue.run('m1', logged(log, 'a')), queue.run('m2', logged(log, 'b'))]);
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('Run_WhenATaskFails_TheNextStillRuns_AndTheErrorReachesItsCaller', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('m', async () => {
      throw new Error('boom');
    });
    const next = queue.run('m', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(queue.size).toBe(0);
  });
});
