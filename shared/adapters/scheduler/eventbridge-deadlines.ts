import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException } from '@aws-sdk/client-scheduler';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { atExpression, SCHEDULE_NAME } from '../../domain/schedule/deadline-name';
import type { Instant } from '../../domain/time/instant';
import type { DeadlineJob, DeadlineScheduler } from '../../ports';

export interface EventBridgeDeadlinesOptions {
  /** The stack's own schedule group: the functions may create schedules there only. */
  group: string;
  /** The role Scheduler assumes to invoke the targets (passed with iam:PassRole). */
  roleArn: string;
  /** The function each job runs as (only the jobs this function may wake). */
  targets: Partial<Record<DeadlineJob, string>>;
}

/**
 * One-time schedules on EventBridge Scheduler: `at(yyyy-mm-ddThh:mm:ss)` read in
 * Asia/Shanghai, no flexible window (a deadline is a deadline), deleted once they ran
 * (`ActionAfterCompletion: DELETE`, so a province's thousands of deadlines never fill the
 * account's quota), retried like the stack's own schedules. A name that exists already is the
 * same deadline asked for again: not an error.
 */
export class EventBridgeDeadlines implements DeadlineScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeDeadlinesOptions,
  ) {}

  async at(name: string, instant: Instant, target: { job: DeadlineJob; input: Record<string, string> }): Promise<void> {
    if (!SCHEDULE_NAME.test(name)) throw new RangeError(`"${name}" is not a schedule name: 1–64 characters of [0-9a-zA-Z-_.]`);
    const arn = this.options.targets[target.job];
    if (arn === undefined) throw new Error(`this function may not wake ${target.job}: no target ARN was given for it`);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.options.group,
          ScheduleExpression: atExpression(instant),
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: arn, RoleArn: this.options.roleArn, Input: JSON.stringify({ ...target.input, trigger: 'deadline' }), RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.group }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
