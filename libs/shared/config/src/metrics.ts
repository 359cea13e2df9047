import client from 'prom-client';

/**
 * Metrics live in prom-client's default registry. Several Nest applications may start in one
 * process (tests), so each metric is created once and then reused.
 */
export const metricsRegistry = client.register;

function getOrCreate<T>(name: string, create: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
}

export const counter = (name: string, help: string, labelNames: string[] = []): client.Counter<string> =>
  getOrCreate(name, () => new client.Counter({ name, help, labelNames }));

export const gauge = (name: string, help: string, labelNames: string[] = []): client.Gauge<string> =>
  getOrCreate(name, () => new client.Gauge({ name, help, labelNames }));

export const histogram = (
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
): client.Histogram<string> => getOrCreate(name, () => new client.Histogram({ name, help, labelNames, buckets }));

/**
 * prom-client's defaults name three gauges `*_total`, a suffix Prometheus keeps for counters
 * (`promtool check metrics` refuses them); each is the sum of its per-type gauge, which stays
 * (`nodejs_active_handles{type}`, `nodejs_active_requests{type}`, `nodejs_active_resources{type}`).
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

let defaultsCollected = false;
export function collectDefaultMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics();
  MISNAMED_DEFAULTS.forEach((name) => metricsRegistry.removeSingleMetric(name));
}
