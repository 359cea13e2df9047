/**
 * Port onto the delivery queue: queues the deliveries recorded (the ledger is the queue's outbox)
 * and not yet queued. Called after a commit; the BullMQ adapter is `DeliveryEnqueuer`.
 */
export abstract class DeliveryQueue {
  abstract flush(): Promise<number>;
}
