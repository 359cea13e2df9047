/**
 * Runs a task one at a time. A call made while it runs does not start a second one: it makes the
 * running one go round once more when it ends (so what was asked for meanwhile is not missed) and
 * waits for that. Returns the sum of what the rounds returned.
 */
export class SingleFlight {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<number>) {}

  run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async rounds(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      total += await this.task();
    } while (this.again);
    return total;
  }
}
