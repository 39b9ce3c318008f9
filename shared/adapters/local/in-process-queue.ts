import type { SQSRecord } from 'aws-lambda';
import type { JobMessage, JobQueue } from '../../ports';

export type QueueBatchHandler = (event: { Records: SQSRecord[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/** The record SQS would hand the worker: the local queue calls the very same handler. */
function recordOf(id: string, message: JobMessage, receives: number): SQSRecord {
  return {
    messageId: id,
    receiptHandle: id,
    body: JSON.stringify(message),
    attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'local:jobs',
    awsRegion: 'local',
  };
}

/**
 * The jobs queue in one process (npm start, tests, the CLI): messages wait in order; `drain`
 * hands them one at a time to the worker handler as SQS would (batch size 1), puts a failed one
 * back until it has been received `maxReceives` times, then parks it with the dead letters,
 * which `tanfang ops redrive` moves back.
 */
export class InProcessJobQueue implements JobQueue {
  readonly waiting: { id: string; message: JobMessage; receives: number }[] = [];
  readonly deadLetters: JobMessage[] = [];
  private sent = 0;

  constructor(private readonly maxReceives = 3) {}

  async send(messages: readonly JobMessage[]): Promise<void> {
    for (const message of messages) this.waiting.push({ id: `local-${++this.sent}`, message: structuredClone(message), receives: 0 });
  }

  /** Runs the worker until no message waits; returns how many invocations it took. */
  async drain(handler: QueueBatchHandler): Promise<number> {
    let invocations = 0;
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      next.receives++;
      invocations++;
      const record = recordOf(next.id, next.message, next.receives);
      let failed: boolean;
      try {
        failed = (await handler({ Records: [record] })).batchItemFailures.length > 0;
      } catch {
        failed = true;
      }
      if (!failed) continue;
      if (next.receives >= this.maxReceives) this.deadLetters.push(next.message);
      else this.waiting.push(next);
    }
    return invocations;
  }

  /** Moves every dead letter back to the queue: the local `ops redrive`. */
  redrive(): number {
    const moved = this.deadLetters.splice(0);
    for (const message of moved) this.waiting.push({ id: `local-${++this.sent}`, message, receives: 0 });
    return moved.length;
  }
}
