import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { deployedStack } from '../../helpers/deployed-stack';
import { LocalSchedules, localSchedulesPath } from '../../../shared/adapters/local/local-schedules';
import { cli } from '../../helpers/cli';

const scheduler = mockClient(SchedulerClient);
const lambda = mockClient(LambdaClient);
const GENERATE = 'arn:aws-cn:lambda:cn-northwest-1:123456789012:function:Tanfang-GenerateTasks';
const STORED = {
  Name: 'tanfang-generate-tasks',
  GroupName: 'tanfang-sichuan',
  ScheduleExpression: 'cron(0 6 * * ? *)',
  ScheduleExpressionTimezone: 'Asia/Shanghai',
  Description: 'Creates the visit tasks',
  FlexibleTimeWindow: { Mode: 'OFF' as const },
  State: 'ENABLED' as const,
  Target: {
    Arn: GENERATE,
    RoleArn: 'arn:aws-cn:iam::123456789012:role/invoke',
    Input: '{"trigger":"schedule"}',
    RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
    DeadLetterConfig: { Arn: 'arn:aws-cn:sqs:cn-northwest-1:123456789012:dlq' },
  },
  $metadata: {},
};
const aws = (...args: string[]) => cli(['ops', 'schedules', ...args, '--group', 'tanfang-sichuan', '--aws-region', 'cn-northwest-1']);

describe("CLI: tanfang ops schedules on a stack's schedule group", () => {
  beforeEach(() => {
    scheduler.reset();
    lambda.reset();
  });

  it('pauses a schedule with UpdateSchedule carrying every field GetSchedule returned, only the state changed', async () => {
    scheduler.on(GetScheduleCommand).resolves(STORED);
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await aws('pause', 'tanfang-generate-tasks')).toMatchObject({ code: 0, stdout: 'tanfang-generate-tasks paused (DISABLED) in tanfang-sichuan\n' });
    expect(scheduler).toHaveReceivedCommandWith(UpdateScheduleCommand, {
      Name: 'tanfang-generate-tasks',
      GroupName: 'tanfang-sichuan',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Description: 'Creates the visit tasks',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: STORED.Target,
      State: 'DISABLED',
    });
  });

  it('resumes it the same way', async () => {
    scheduler.on(GetScheduleCommand).resolves({ ...STORED, State: 'DISABLED' });
    expect((await aws('resume', 'tanfang-generate-tasks')).code).toBe(0);
    expect(scheduler).toHaveReceivedCommandWith(UpdateScheduleCommand, { State: 'ENABLED', Target: STORED.Target });
  });

  it("runs a schedule now by invoking its target function with the schedule's input", async () => {
    scheduler.on(GetScheduleCommand).resolves(STORED);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    expect(await aws('run-now', 'tanfang-generate-tasks')).toMatchObject({ code: 0, stdout: `tanfang-generate-tasks run now: invoked ${GENERATE}\n` });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: GENERATE, InvocationType: 'Event', Payload: new TextEncoder().encode('{"trigger":"schedule"}') });
  });

  it('refuses to run a schedule whose target is not a Lambda function', async () => {
    scheduler.on(GetScheduleCommand).resolves({ ...STORED, Target: { ...STORED.Target, Arn: 'arn:aws-cn:sqs:cn-northwest-1:123456789012:queue' } });
    expect(await aws('run-now', 'tanfang-generate-tasks')).toMatchObject({ code: 1, stderr: expect.stringMatching(/not a Lambda function: run-now invokes functions only/) });
    expect(lambda).not.toHaveReceivedCommand(InvokeCommand);
  });

  it("lists the group's schedules with state, expression and target", async () => {
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [{ Name: 'tanfang-generate-tasks', State: 'DISABLED', Target: { Arn: GENERATE } }] });
    scheduler.on(GetScheduleCommand).resolves(STORED);
    const out = await aws('list', '--json');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ name: 'tanfang-generate-tasks', state: 'DISABLED', expression: 'cron(0 6 * * ? *)', target: GENERATE });
  });

  it('names an unknown schedule with exit 1, and refuses a malformed name or group before calling AWS', async () => {
    scheduler.on(GetScheduleCommand).rejects(new ResourceNotFoundException({ message: 'no', Message: 'no', $metadata: {} }));
    expect(await aws('pause', 'nope')).toMatchObject({ code: 1, stderr: expect.stringMatching(/no schedule "nope"/) });
    scheduler.reset();
    expect(await aws('pause', '../../etc')).toMatchObject({ code: 1, stderr: expect.stringMatching(/name: must be 1–64 characters/) });
    expect(await cli(['ops', 'schedules', 'list', '--group', 'a b'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--group: must be/) });
    expect(scheduler).not.toHaveReceivedCommand(GetScheduleCommand);
    expect(scheduler).not.toHaveReceivedCommand(ListSchedulesCommand);
  });

  it('needs exactly one of --data and --group, and a name to act on', async () => {
    expect((await cli(['ops', 'schedules', 'list'])).code).toBe(2);
    expect((await cli(['ops', 'schedules', 'list', '--group', 'g', '--data', '/tmp'])).code).toBe(2);
    expect((await cli(['ops', 'schedules', 'pause', '--group', 'g'])).code).toBe(2);
    expect((await cli(['ops', 'schedules', 'drop', 'x', '--group', 'g'])).code).toBe(2);
  });
});

describe('CLI: tanfang ops schedules on a local store', () => {
  it('pauses and resumes a recurring job in the store the runner reads, and lists the deadlines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-schedules-'));
    await new LocalSchedules(localSchedulesPath(dir)).at('send-sms-202611240800', '2026-11-24T08:00:00+08:00', { job: 'send-sms', input: {} });
    expect(await cli(['ops', 'schedules', 'pause', 'generate-tasks', '--data', dir])).toMatchObject({ code: 0, stdout: 'generate-tasks paused (DISABLED)\n' });
    expect(new LocalSchedules(localSchedulesPath(dir)).isPaused('generate-tasks')).toBe(true);
    const listed = (await cli(['ops', 'schedules', 'list', '--data', dir, '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; state: string });
    expect(listed).toContainEqual(expect.objectContaining({ name: 'generate-tasks', state: 'DISABLED' }));
    expect(listed).toContainEqual(expect.objectContaining({ name: 'send-sms-202611240800', state: 'ENABLED' }));
    expect((await cli(['ops', 'schedules', 'resume', 'generate-tasks', '--data', dir])).code).toBe(0);
    expect(JSON.parse(readFileSync(localSchedulesPath(dir), 'utf8'))).toMatchObject({ paused: [] });
    expect(await cli(['ops', 'schedules', 'pause', 'no-such-job', '--data', dir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no schedule "no-such-job"/) });
  });

  it('runs escalation now over the local store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-schedules-'));
    const out = await cli(['ops', 'schedules', 'run-now', 'escalate-overdue', '--data', dir, '--region', 'sichuan', '--at', '2026-11-24T09:00:00+08:00']);
    expect(out).toMatchObject({ code: 0 });
    expect(JSON.parse(out.stdout)).toMatchObject({ ran: 'escalate-overdue', report: { considered: 0 } });
  });
});

describe("CLI: tanfang ops schedules --stack Tanfang-sichuan (the group from the stack's outputs)", () => {
  const { cloudFormation, answer } = deployedStack();
  const GROUP = 'Tanfang-sichuan-Deadlines-A1B2C3';
  beforeEach(() => {
    cloudFormation.reset();
    scheduler.reset();
    lambda.reset();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  });
  afterAll(() => {
    cloudFormation.restore();
    vi.unstubAllEnvs();
  });

  it('pauses a schedule of the group the stack names, in the stack’s AWS region', async () => {
    answer({ ScheduleGroup: GROUP });
    scheduler.on(GetScheduleCommand).resolves({ ...STORED, GroupName: GROUP });
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await cli(['ops', 'schedules', 'pause', 'tanfang-generate-tasks', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 0, stdout: `tanfang-generate-tasks paused (DISABLED) in ${GROUP}\n` });
    expect(scheduler).toHaveReceivedCommandWith(GetScheduleCommand, { Name: 'tanfang-generate-tasks', GroupName: GROUP });
    expect(scheduler).toHaveReceivedCommandWith(UpdateScheduleCommand, { GroupName: GROUP, State: 'DISABLED', Target: STORED.Target });
    expect(await scheduler.call(0).thisValue.config.region()).toBe('cn-northwest-1');
  });

  it('lists the group and runs a schedule now through its target function', async () => {
    answer({ ScheduleGroup: GROUP });
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [{ Name: 'tanfang-generate-tasks', State: 'ENABLED', Target: { Arn: GENERATE } }] });
    scheduler.on(GetScheduleCommand).resolves(STORED);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    expect((await cli(['ops', 'schedules', 'list', '--stack', 'Tanfang-sichuan'])).stdout).toContain('tanfang-generate-tasks');
    expect(scheduler).toHaveReceivedCommandWith(ListSchedulesCommand, { GroupName: GROUP });
    expect((await cli(['ops', 'schedules', 'run-now', 'tanfang-generate-tasks', '--stack', 'Tanfang-sichuan'])).code).toBe(0);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: GENERATE, InvocationType: 'Event' });
  });

  it('refuses a stack deployed before it named its schedule group (exit 1), touching no schedule', async () => {
    answer();
    expect(await cli(['ops', 'schedules', 'resume', 'tanfang-generate-tasks', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 1, stderr: expect.stringContaining('lacks the output ScheduleGroup') });
    expect(scheduler).not.toHaveReceivedCommand(UpdateScheduleCommand);
  });

  it('refuses --stack beside --group, --data, --aws-region or --at, and a missing schedule name (exit 2), before asking AWS', async () => {
    for (const extra of [
      ['--group', GROUP],
      ['--data', '/tmp'],
      ['--aws-region', 'cn-north-1'],
      ['--at', '2026-11-01T09:00:00+08:00'],
    ]) {
      expect((await cli(['ops', 'schedules', 'pause', 'x', '--stack', 'Tanfang-sichuan', ...extra])).code, extra[0]).toBe(2);
    }
    expect(await cli(['ops', 'schedules', 'pause', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'name'") });
    expect(await cli(['ops', 'schedules', 'puase', 'x', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining('(Did you mean pause?)') });
    expect(cloudFormation).not.toHaveReceivedCommand(DescribeStacksCommand);
  });
});
