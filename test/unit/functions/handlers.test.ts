import 'aws-sdk-client-mock-vitest/extend';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadRegion } from '../../../shared/config/load';
import { lambdaContext } from '../../../cli/simulation/lambda-context';
import { TABLE_IDS } from '../../../shared/adapters/dynamodb/tables';

const ddb = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const secretsManager = mockClient(SecretsManagerClient);

/** The environment the stack gives each function (see infra/stacks/region-stack.ts). */
function deployedEnv(tables: string[], region = 'sichuan') {
  vi.stubEnv('TANFANG_REGION_RUNTIME', JSON.stringify(loadRegion(region)));
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  for (const t of tables) vi.stubEnv(`TABLE_${t.toUpperCase()}`, `Tanfang-sichuan-${t}`);
}

const pending = {
  messageId: 'assign#v1#2026-11-23',
  kind: 'assignment_digest',
  urgent: false,
  recipientId: 'v1',
  phone: '+8613812345678',
  template: 'assignment_digest',
  params: { count: '1', home: '0', firstDue: '11月30日' },
  text: '【成华民政】新增探访任务1项，其中0项需上门入户，最早一项须在11月30日前完成。请登录探访系统查看任务，按时探访并如实记录。',
  segments: 1,
  createdAt: '2026-11-23T06:00:00+08:00',
  sendAfter: '2026-11-23T08:00:00+08:00',
  state: 'pending',
  attempts: 0,
};

describe('Lambda handlers as deployed', () => {
  beforeEach(() => {
    ddb.reset();
    sns.reset();
    secretsManager.reset();
    sqs.reset();
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('send-sms runs with only the outbox table in its environment and publishes each ready SMS once', async () => {
    deployedEnv(['outbox', 'occasions'], 'example-global');
    // One message waits in shard r0 of the ready index; the other shards are empty.
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({ Items: input.ExpressionAttributeValues[':p'] === 'r0' ? [pending] : [] }));
    ddb.on(UpdateCommand).resolves({ Attributes: { ...pending, state: 'sending', attempts: 1 } });
    // No template stop recorded for it.
    ddb.on(GetCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const { handler } = await import('../../../functions/send-sms/handler');
    const report = await handler({ trigger: 'schedule' }, lambdaContext('send-sms'));
    expect(report).toMatchObject({ considered: 1, sent: 1, failed: 0 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { PhoneNumber: '+8613812345678', Message: pending.text });
    // The phone's daily counter is one conditional write, keyed by a hash of the number (never the number).
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { TableName: 'Tanfang-sichuan-outbox', Key: { messageId: expect.stringMatching(/^phone#[0-9a-f]{20}#2026-\d\d-\d\d$/) } });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { TableName: 'Tanfang-sichuan-outbox', IndexName: 'ready' });
  });

  it('send-sms in a domestic-provider region reads the keys secret and sends nothing while it still holds placeholders', async () => {
    deployedEnv(['outbox', 'occasions']);
    vi.stubEnv('TANFANG_SMS_SECRET_ARN', 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:keys');
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ provider: 'aliyun', accessKeyId: 'REPLACE_WITH_THE_KEY_FROM_THE_PROVIDER_CONSOLE', accessKeySecret: 'REPLACE_WITH_THE_KEY_FROM_THE_PROVIDER_CONSOLE' }) });
    const { handler } = await import('../../../functions/send-sms/handler');
    await expect(handler({ trigger: 'schedule' }, lambdaContext('send-sms'))).rejects.toThrow(/accessKeyId: still the placeholder/);
    expect(secretsManager).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:keys' });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('generate-tasks plans the run and puts one message per generation shard on the jobs queue', async () => {
    deployedEnv([...TABLE_IDS]);
    vi.stubEnv('JOBS_QUEUE_URL', 'https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/jobs');
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const { handler } = await import('../../../functions/generate-tasks/handler');
    const report = await handler({ trigger: 'schedule' }, lambdaContext('generate-tasks'));
    expect(report).toMatchObject({ fannedOut: 32, shards: expect.arrayContaining(['g0', 'g31']) });
    // The leaves whose covers hand tasks back this morning; the elders are the workers' to read.
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { TableName: 'Tanfang-sichuan-people', IndexName: 'leaveReturns' });
    expect(ddb).not.toHaveReceivedCommandWith(QueryCommand, { IndexName: 'dueForGeneration' });
    // 32 shards, ten messages to a call.
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 4);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: 'https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/jobs' });
    const bodies = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}') as { shard: string; job: string; hop: number }));
    expect(bodies).toHaveLength(32);
    expect(bodies[0]).toMatchObject({ job: 'generate', shard: 'g0', hop: 0 });
  });

  it('refuses an event it does not understand, naming the field', async () => {
    deployedEnv(['outbox', 'occasions']);
    const { handler } = await import('../../../functions/send-sms/handler');
    await expect(handler({ trigger: 'cron', extra: 1 }, lambdaContext('send-sms'))).rejects.toThrow(/send-sms event is invalid: trigger: .*; \(root\): Unrecognized key: "extra"/);
  });
});
