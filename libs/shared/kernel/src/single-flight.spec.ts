import { describe, expect, it } from '@jest/globals';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('Run_WhileRunning_GoesRoundOnceMoreInsteadOfInParallel', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const flight = new SingleFlight(async () => {
      active += 1;
      most = Math.max(most, active);
      rounds += 1;
      if (rounds === 1) await gate;
      active -= 1;
      return 1;
    });
    const first = flight.run();
    const second = flight.run();
    const third = flight.run();
    release();
    expect(await first).toBe(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(most).toBe(1);
    expect(rounds).toBe(2);
  });

  it('Run_AfterItEnded_StartsAFreshRound', async () => {
    let rounds = 0;
    const flight = new SingleFlight(async () => ++rounds);
    expect(await flight.run()).toBe(1);
    expect(await flight.run()).toBe(2);
  });
});
