/** Queue names and job ids: a job id is derived from its PostgreSQL row (no ':', never all digits). */
export const DELIVERIES_QUEUE = 'deliveries';
export const deliveryJobId = (deliveryId: string): string => `dlv-${deliveryId}`;

export const deliveryJobOptions = (backoffMs: number, attempts: number) => ({
  attempts,
  backoff: { type: 'exponential' as const, delay: backoffMs },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});
