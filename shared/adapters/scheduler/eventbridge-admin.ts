import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, paginateListSchedules, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import type { GetScheduleCommandOutput, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ScheduleRow } from '../local/local-schedules';

/** A Lambda function's ARN in any partition (aws, aws-cn): the only target run-now invokes. */
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

/**
 * `tanfang ops schedules` on a deployed stack: the schedules of its schedule group, paused or
 * resumed through UpdateSchedule — which replaces the whole schedule, so every field comes from
 * GetSchedule and only `State` changes — and run now by invoking the target function with the
 * schedule's own input (asynchronously, as Scheduler does; the job's logs tell how it went).
 */
export class EventBridgeScheduleAdmin {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly lambda: LambdaClient,
    private readonly group: string,
  ) {}

  async list(): Promise<ScheduleRow[]> {
    const rows: ScheduleRow[] = [];
    for await (const page of paginateListSchedules({ client: this.scheduler }, { GroupName: this.group })) {
      for (const s of page.Schedules ?? []) rows.push({ name: s.Name ?? '', state: s.State === 'DISABLED' ? 'DISABLED' : 'ENABLED', expression: '', target: s.Target?.Arn ?? '' });
    }
    for (const row of rows) row.expression = (await this.get(row.name)).ScheduleExpression ?? '';
    return rows;
  }

  async setState(name: string, state: 'ENABLED' | 'DISABLED'): Promise<void> {
    const s = await this.get(name);
    if (!s.ScheduleExpression || !s.FlexibleTimeWindow || !s.Target) throw new Error(`schedule ${name} came back without its expression, window or target: not updated`);
    await this.scheduler.send(
      new UpdateScheduleCommand({
        Name: name,
        GroupName: this.group,
        ScheduleExpression: s.ScheduleExpression,
        ScheduleExpressionTimezone: s.ScheduleExpressionTimezone,
        StartDate: s.StartDate,
        EndDate: s.EndDate,
        Description: s.Description,
        FlexibleTimeWindow: s.FlexibleTimeWindow,
        Target: s.Target,
        KmsKeyArn: s.KmsKeyArn,
        ActionAfterCompletion: s.ActionAfterCompletion,
        State: state,
      }),
    );
  }

  /** Invokes the schedule's target with its input; returns the function it invoked. */
  async runNow(name: string): Promise<string> {
    const s = await this.get(name);
    const arn = s.Target?.Arn ?? '';
    if (!LAMBDA_ARN.test(arn)) throw new Error(`schedule ${name} targets ${arn || 'nothing'}, not a Lambda function: run-now invokes functions only`);
    await this.lambda.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: new TextEncoder().encode(s.Target?.Input ?? '{}') }));
    return arn;
  }

  private get(name: string): Promise<GetScheduleCommandOutput> {
    return this.scheduler.send(new GetScheduleCommand({ Name: name, GroupName: this.group }));
  }
}
