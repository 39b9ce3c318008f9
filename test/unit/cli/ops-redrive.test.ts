import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { deployedStack } from '../../helpers/deployed-stack';
import { readQueueFile, writeQueueFile } from '../../../shared/adapters/local/queue-file';
import type { JobMessage } from '../../../shared/ports';
import { cli } from '../../helpers/cli';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const DLQ_URL = 'https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/tanfang-sichuan-JobsJobWorkerDeadLetters';
const DLQ_ARN = 'arn:aws-cn:sqs:cn-northwest-1:123456789012:tanfang-sichuan-JobsJobWorkerDeadLetters';
const message = (shard: string): JobMessage => ({ job: 'generate', shard, run: '2026-11-01', hop: 2, after: '2026-11-01#E0000001' });

describe('Command: tanfang ops redrive', () => {
  it('moves the local queue’s dead letters back behind the messages waiting, once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tanfang-redrive-'));
    writeQueueFile(data, 'jobs', { waiting: [message('g1')], deadLetters: [message('g7'), message('g9')] });
    const first = await cli(['ops', 'redrive', '--queue', 'jobs', '--data', data]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ queue: 'jobs', moved: 2, waiting: 3 });
    expect(readQueueFile(data, 'jobs')).toEqual({ waiting: [message('g1'), message('g7'), message('g9')], deadLetters: [] });
    expect(JSON.parse((await cli(['ops', 'redrive', '--queue', 'jobs', '--data', data])).stdout)).toMatchObject({ moved: 0, waiting: 3 });
  });

  it('refuses an unknown local queue and a tampered queue file, naming the field, and changes nothing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tanfang-redrive-'));
    expect(await cli(['ops', 'redrive', '--queue', '../etc', '--data', data])).toMatchObject({ code: 1, stderr: expect.stringContaining('queue') });
    mkdirSync(join(data, 'queues'));
    const tampered = JSON.stringify({ waiting: [], deadLetters: [{ ...message('g1'), shard: 'x; rm -rf /' }] });
    writeFileSync(join(data, 'queues', 'jobs.json'), tampered);
    const out = await cli(['ops', 'redrive', '--queue', 'jobs', '--data', data]);
    expect(out).toMatchObject({ code: 1, stderr: expect.stringContaining('queue.deadLetters.0.shard') });
    writeFileSync(join(data, 'queues', 'jobs.json'), '{not json');
    expect(await cli(['ops', 'redrive', '--queue', 'jobs', '--data', data])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not JSON') });
  });

  it('starts an SQS message move task from the dead-letter queue back to its source, in the region’s partition, at the rate asked', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: DLQ_ARN, ApproximateNumberOfMessages: '4' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'handle-1' });
    const out = await cli(['ops', 'redrive', '--queue-url', DLQ_URL, '--region', 'sichuan', '--rate', '20']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ queue: DLQ_ARN, messages: 4, taskHandle: 'handle-1' });
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: DLQ_URL });
    // No destination: each message goes back to the queue it was dead-lettered from.
    expect(sqs).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, { SourceArn: DLQ_ARN, MaxNumberOfMessagesPerSecond: 20 });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]!.args[0].input.DestinationArn).toBeUndefined();
  });

  it('refuses a URL that is not an SQS queue’s and a rate SQS would not take, before calling AWS', async () => {
    for (const url of ['http://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/q', 'https://evil.example.com/123456789012/q', `${DLQ_URL}/../other`]) {
      expect(await cli(['ops', 'redrive', '--queue-url', url, '--region', 'sichuan'])).toMatchObject({ code: 1, stderr: expect.stringContaining('queue-url') });
    }
    expect(await cli(['ops', 'redrive', '--queue-url', DLQ_URL, '--region', 'sichuan', '--rate', '0'])).toMatchObject({ code: 1, stderr: expect.stringContaining('rate') });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('fails with SQS’s reason when the queue is no dead-letter queue', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: DLQ_ARN } });
    sqs.on(StartMessageMoveTaskCommand).rejects(Object.assign(new Error('Source queue must be configured as a Dead Letter Queue.'), { name: 'InvalidParameterValueException' }));
    const out = await cli(['ops', 'redrive', '--queue-url', DLQ_URL, '--region', 'sichuan']);
    expect(out).toMatchObject({ code: 1, stderr: expect.stringContaining('InvalidParameterValueException: Source queue must be configured as a Dead Letter Queue.') });
  });
});

describe("CLI: tanfang ops redrive --stack Tanfang-sichuan (the dead letters from the stack's outputs)", () => {
  const { cloudFormation, answer } = deployedStack();
  const DLQ = 'https://sqs.cn-northwest-1.amazonaws.com.cn/111122223333/Tanfang-sichuan-JobsJobWorkerDeadLetters';
  beforeEach(() => {
    cloudFormation.reset();
    sqs.reset();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  });
  afterAll(() => {
    cloudFormation.restore();
    vi.unstubAllEnvs();
  });

  it('moves the jobs queue’s dead letters back at the rate given, in the stack’s AWS region', async () => {
    answer({ JobDeadLetterQueueUrl: DLQ, JobQueueUrl: 'https://sqs.cn-northwest-1.amazonaws.com.cn/111122223333/Tanfang-sichuan-JobsQueue' });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws-cn:sqs:cn-northwest-1:111122223333:dlq', ApproximateNumberOfMessages: '4' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-1' });
    const r = await cli(['ops', 'redrive', '--stack', 'Tanfang-sichuan', '--rate', '10']);
    expect(r).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toEqual({ queue: 'arn:aws-cn:sqs:cn-northwest-1:111122223333:dlq', messages: 4, taskHandle: 'h-1' });
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: DLQ });
    expect(sqs).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, { SourceArn: 'arn:aws-cn:sqs:cn-northwest-1:111122223333:dlq', MaxNumberOfMessagesPerSecond: 10 });
    expect(await sqs.call(0).thisValue.config.region()).toBe('cn-northwest-1');
  });

  it('refuses a stack without the output (exit 1), and --stack beside --queue-url, --queue or a bad rate, before asking AWS', async () => {
    answer();
    expect(await cli(['ops', 'redrive', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 1, stderr: expect.stringContaining('lacks the output JobDeadLetterQueueUrl') });
    expect(sqs).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
    cloudFormation.reset();
    expect((await cli(['ops', 'redrive', '--stack', 'Tanfang-sichuan', '--queue-url', DLQ])).code).toBe(2);
    expect((await cli(['ops', 'redrive', '--stack', 'Tanfang-sichuan', '--queue', 'jobs'])).code).toBe(2);
    expect(await cli(['ops', 'redrive', '--stack', 'Tanfang-sichuan', '--rate', '9000'])).toMatchObject({ code: 1, stderr: expect.stringContaining('rate') });
    expect(cloudFormation).not.toHaveReceivedCommand(DescribeStacksCommand);
  });
});
