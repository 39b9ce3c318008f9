import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { readQueueFile, writeQueueFile } from '../../shared/adapters/local/queue-file';
import { loadRegion } from '../../shared/config/load';
import { ValidationError } from '../../shared/domain/validation';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';

export const USAGE = `tanfang ops redrive --queue <name> --data <dir>                      moves the local queue's dead letters back
tanfang ops redrive --queue-url <dead-letter queue URL> --region <name> [--rate <messages/s>]
                                                                     starts an SQS message move task back to the source queue`;

/** An SQS queue URL, in either partition (amazonaws.com, amazonaws.com.cn) or a VPC endpoint's. */
const QUEUE_URL = /^https:\/\/(sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|[a-z0-9.-]+\.vpce\.amazonaws\.com(\.cn)?)\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;

/**
 * `tanfang ops redrive`: messages a job gave up on (a shard's chunk that failed three times) back
 * to its queue, after the cause is fixed. On AWS it starts SQS's own message move task (offered in
 * the China regions too): the dead letters go back to the queue they came from, at the rate given.
 */
export async function opsRedriveCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'redrive') throw new UsageError(USAGE);
  const { values } = parseArgs({ args: rest, options: { queue: { type: 'string' }, 'queue-url': { type: 'string' }, data: { type: 'string' }, region: { type: 'string' }, rate: { type: 'string' } }, strict: true });
  const url = values['queue-url'];
  if (url === undefined) {
    const name = requireOption(values, 'queue', 'the local queue: jobs');
    const dir = requireOption(values, 'data', 'the local data folder');
    const file = readQueueFile(dir, name);
    const moved = file.deadLetters.length;
    writeQueueFile(dir, name, { waiting: [...file.waiting, ...file.deadLetters], deadLetters: [] });
    writeLine(io.stdout, JSON.stringify({ queue: name, moved, waiting: file.waiting.length + moved }));
    return 0;
  }
  if (!QUEUE_URL.test(url)) throw new ValidationError('redrive', [{ field: 'queue-url', rule: 'must be an SQS queue URL: https://sqs.<region>.amazonaws.com[.cn]/<account>/<name>' }]);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 500)) throw new ValidationError('redrive', [{ field: 'rate', rule: 'must be a whole number of messages per second, 1 to 500 (SQS’s limit)' }]);
  const runtime = loadRegion(requireOption(values, 'region', 'the region config whose AWS region holds the queue, e.g. sichuan'));
  const client = new SQSClient({ region: runtime.config.aws.region });
  let moved: { sourceArn: string; messages: number; taskHandle: string | undefined };
  try {
    moved = await startMove(client, url, rate);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    // Not a queue, not a dead-letter queue, a move already running, no permission: SQS says which.
    writeLine(io.stderr, `tanfang ops redrive: SQS refused: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  }
  writeLine(io.stdout, JSON.stringify({ queue: moved.sourceArn, messages: moved.messages, taskHandle: moved.taskHandle }));
  return 0;
}

async function startMove(client: SQSClient, url: string, rate: number | undefined) {
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }));
  const sourceArn = Attributes?.QueueArn;
  if (!sourceArn) throw new ValidationError('redrive', [{ field: 'queue-url', rule: 'SQS gave no ARN for this queue' }]);
  // No DestinationArn: SQS moves each message back to the queue it was dead-lettered from.
  const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, ...(rate !== undefined ? { MaxNumberOfMessagesPerSecond: rate } : {}) }));
  return { sourceArn, messages: Number(Attributes.ApproximateNumberOfMessages ?? 0), taskHandle: task.TaskHandle };
}
