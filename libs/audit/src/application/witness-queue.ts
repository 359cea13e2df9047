/**
 * Port onto the witnesses' delivery queue: queues the witness_deliveries rows a checkpoint's
 * transaction wrote. The BullMQ adapter is `WitnessEnqueuer` (worker only).
 */
export abstract class WitnessQueue {
  abstract flush(): Promise<number>;
}
