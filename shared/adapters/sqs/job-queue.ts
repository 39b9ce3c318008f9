import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage, JobQueue } from '../../ports';

/** The jobs queue on SQS: messages go ten to a call (SendMessageBatch's limit); any entry refused fails the sender. */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly JobMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })) }));
      if (out.Failed && out.Failed.length > 0) {
        throw new Error(`jobs queue refused ${out.Failed.length} of ${batch.length} messages: ${out.Failed.map((f) => `${f.Code}${f.SenderFault ? ' (ours)' : ''}`).join(', ')}`);
      }
    }
  }
}
