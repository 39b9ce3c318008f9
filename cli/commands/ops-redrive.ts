import type { Command } from 'commander';
import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { readQueueFile, writeQueueFile } from '../../shared/adapters/local/queue-file';
import { loadRegion } from '../../shared/config/load';
import { ValidationError } from '../../shared/domain/validation';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, withExamples } from '../program/mount';
import { requireOutput } from '../stack/outputs';
import { stackAccess } from '../stack/targets';

type RedriveOptions = {
  queue?: string;
  queueUrl?: string;
  data?: string;
  region?: string;
  rate?: string;
  stack?: string;
  profile?: string;
};

/** An SQS queue URL, in either partition (amazonaws.com, amazonaws.com.cn) or a VPC endpoint's. */
const QUEUE_URL = /^https:\/\/(sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|[a-z0-9.-]+\.vpce\.amazonaws\.com(\.cn)?)\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;

/**
 * `tanfang ops redrive`: messages a job gave up on (a shard's chunk that failed three times) back
 * to its queue, after the cause is fixed. On AWS it starts SQS's own message move task (offered in
 * the China regions too): the dead letters go back to the queue they came from, at the rate given.
 */
export function mountRedrive(ops: Command, io: CliIo, setCode: (code: number) => void): void {
  const redrive: Command = ops
    .command('redrive')
    .description('dead letters back to their queue: the local queue file, or an SQS message move task')
    .option('--stack <Tanfang-name>', 'a deployed region: the jobs queue’s dead letters its outputs name')
    .option('--profile <profile>', 'the AWS profile to use with --stack')
    .option('--queue-url <url>', 'a dead-letter queue named directly: https://sqs.<region>.amazonaws.com[.cn]/<account>/<name>')
    .option('--region <name>', 'the region config whose AWS region holds --queue-url, e.g. sichuan')
    .option('--rate <messages/s>', 'how fast SQS moves them, 1 to 500 (default: as fast as SQS goes)')
    .option('--queue <name>', 'the local queue, e.g. jobs')
    .option('--data <dir>', 'the local data folder of --queue');
  withExamples(redrive, ['tanfang ops redrive --stack Tanfang-sichuan --rate 10', 'tanfang ops redrive --queue jobs --data .tanfang/db']).action(exitWith(setCode, () => opsRedrive(redrive.opts<RedriveOptions>(), io)));
}

async function opsRedrive(values: RedriveOptions, io: CliIo): Promise<number> {
  if (values.profile !== undefined && values.stack === undefined) throw new UsageError('--profile goes with --stack Tanfang-<name> (a deployed region)');
  if (values.stack !== undefined) {
    if ([values.queueUrl, values.queue, values.data, values.region].some((v) => v !== undefined)) throw new UsageError('--stack names the queue and its region: leave --queue-url, --region, --queue and --data out');
    const rate = rateOf(values.rate);
    const stack = await stackAccess({ stack: values.stack, profile: values.profile });
    const url = requireOutput(stack.targets, stack.targets.jobDeadLetterQueueUrl, 'JobDeadLetterQueueUrl');
    return moveBack(new SQSClient(stack.client), url, rate, io);
  }
  const url = values.queueUrl;
  if (url === undefined) {
    if (values.queue === undefined && values.data === undefined) throw new UsageError('give --stack Tanfang-<name>, --queue-url <url> --region <name>, or --queue <name> --data <dir> (a local queue)');
    const name = requireOption(values, 'queue', 'the local queue: jobs');
    const dir = requireOption(values, 'data', 'the local data folder');
    const file = readQueueFile(dir, name);
    const moved = file.deadLetters.length;
    writeQueueFile(dir, name, { waiting: [...file.waiting, ...file.deadLetters], deadLetters: [] });
    writeLine(io.stdout, JSON.stringify({ queue: name, moved, waiting: file.waiting.length + moved }));
    return 0;
  }
  if (!QUEUE_URL.test(url)) throw new ValidationError('redrive', [{ field: 'queue-url', rule: 'must be an SQS queue URL: https://sqs.<region>.amazonaws.com[.cn]/<account>/<name>' }]);
  const rate = rateOf(values.rate);
  const runtime = loadRegion(requireOption(values, 'region', 'the region config whose AWS region holds the queue, e.g. sichuan'));
  return moveBack(new SQSClient({ region: runtime.config.aws.region }), url, rate, io);
}

function rateOf(text: string | undefined): number | undefined {
  const rate = text === undefined ? undefined : Number(text);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 500)) throw new ValidationError('redrive', [{ field: 'rate', rule: 'must be a whole number of messages per second, 1 to 500 (SQS’s limit)' }]);
  return rate;
}

async function moveBack(client: SQSClient, url: string, rate: number | undefined, io: CliIo): Promise<number> {
  let moved: { sourceArn: string; messages: number; taskHandle: string | undefined };
  try {
    moved = await startMove(client, url, rate);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    // Not a queue, not a dead-letter queue, a move already running, no permission: SQS says which.
    writeLine(io.stderr, `tanfang ops redrive: SQS refused: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
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
