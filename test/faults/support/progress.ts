export { sleep, until } from '../../support/waiting.js';

const started = Date.now();

/** A line on stderr with the seconds since the file started: where a slow run spends its time. */
export function progress(line: string): void {
  process.stderr.write(`[faults +${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
}
