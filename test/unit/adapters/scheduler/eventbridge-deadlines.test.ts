import 'aws-sdk-client-mock-vitest/extend';
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, ValidationException } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeDeadlines } from '../../../../shared/adapters/scheduler/eventbridge-deadlines';
import { deadlineName } from '../../../../shared/domain/schedule/deadline-name';

const scheduler = mockClient(SchedulerClient);
const SEND_SMS = 'arn:aws-cn:lambda:cn-northwest-1:123456789012:function:Tanfang-SendSms';
const deadlines = () => new EventBridgeDeadlines(new SchedulerClient({ region: 'cn-northwest-1' }), { group: 'tanfang-sichuan', roleArn: 'arn:aws-cn:iam::123456789012:role/deadlines', targets: { 'send-sms': SEND_SMS } });
const meta = { $metadata: {} };

describe('Adapter: EventBridgeDeadlines', () => {
  beforeEach(() => scheduler.reset());

  it("creates a one-time schedule at the local time in Asia/Shanghai, deleted after it runs, in the stack's group", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await deadlines().at('send-sms-202611240800', '2026-11-24T00:00:00Z', { job: 'send-sms', input: {} });
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: 'send-sms-202611240800',
      GroupName: 'tanfang-sichuan',
      ScheduleExpression: 'at(2026-11-24T08:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: expect.objectContaining({ Arn: SEND_SMS, RoleArn: 'arn:aws-cn:iam::123456789012:role/deadlines', Input: '{"trigger":"deadline"}' }),
    });
  });

  it('takes a repeat of the same deadline (the name exists) as done, not as an error', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', ...meta }));
    await expect(deadlines().at('send-sms-202611240800', '2026-11-24T08:00:00+08:00', { job: 'send-sms', input: {} })).resolves.toBeUndefined();
  });

  it('passes any other refusal on, so the caller can log it (the poll still runs the job)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ValidationException({ message: 'bad', Message: 'bad', ...meta }));
    await expect(deadlines().at('send-sms-202611240800', '2026-11-24T08:00:00+08:00', { job: 'send-sms', input: {} })).rejects.toThrow('bad');
  });

  it('refuses a name Scheduler would refuse, and a job this function may not wake, before calling AWS', async () => {
    await expect(deadlines().at('a'.repeat(65), '2026-11-24T08:00:00+08:00', { job: 'send-sms', input: {} })).rejects.toThrow(/not a schedule name/);
    await expect(deadlines().at('x y', '2026-11-24T08:00:00+08:00', { job: 'send-sms', input: {} })).rejects.toThrow(/not a schedule name/);
    await expect(deadlines().at('escalate-overdue-202611242200', '2026-11-24T22:00:00+08:00', { job: 'escalate-overdue', input: {} })).rejects.toThrow(/may not wake escalate-overdue/);
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('cancels a schedule, and takes one already gone as cancelled', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'gone', Message: 'gone', ...meta }))
      .resolves({});
    await deadlines().cancel('send-sms-202611240800');
    await deadlines().cancel('send-sms-202611240800');
    expect(scheduler).toHaveReceivedCommandTimes(DeleteScheduleCommand, 2);
  });
});

describe('Rule: deadline names', () => {
  it('names one schedule per job and minute, whatever the offset the instant is written in', () => {
    expect(deadlineName('send-sms', '2026-11-24T08:00:00+08:00')).toBe('send-sms-202611240800');
    expect(deadlineName('send-sms', '2026-11-24T00:00:59Z')).toBe('send-sms-202611240800');
  });

  it('refuses an instant that is not one, and a job id Scheduler cannot carry', () => {
    expect(() => deadlineName('send-sms', 'tomorrow')).toThrow(/ISO 8601/);
    expect(() => deadlineName('send sms', '2026-11-24T08:00:00+08:00')).toThrow(/not a schedule name/);
    expect(() => deadlineName('x'.repeat(60), '2026-11-24T08:00:00+08:00')).toThrow(/not a schedule name/);
  });
});
