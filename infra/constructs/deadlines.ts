import { ArnFormat, CfnOutput, Names, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { DEADLINE_ENV } from '../../functions/shared/deadlines';
import type { DeadlineJob } from '../../shared/ports';
import { acknowledgeInvokeWildcard, nagRegionAccount } from './acknowledgements';
import type { ScheduledFunction } from './scheduled-function';

/**
 * The stack's own schedule group — its recurring job schedules and the one-time deadline
 * schedules the functions create at run time (`tanfang ops schedules --group` acts on it) — and
 * the role Scheduler assumes to invoke the deadline jobs. A function that creates deadlines may
 * create and delete schedules in this group only (ARN with the stack's partition), and pass
 * this one role to Scheduler only.
 */
export class Deadlines extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  private readonly targets = new Map<DeadlineJob, ScheduledFunction>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }) });
    this.role = new Role(this, 'InvokeRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com'), description: 'Scheduler invokes Tanfang jobs at their deadlines' });
    new CfnOutput(this, 'ScheduleGroup', { value: this.group.scheduleGroupName, description: 'tanfang ops schedules --group <this>' });
  }

  /** A job the deadline schedules wake: Scheduler's role may invoke it. */
  wakes(job: DeadlineJob, target: ScheduledFunction): void {
    this.targets.set(job, target);
    target.fn.grantInvoke(this.role);
    acknowledgeInvokeWildcard(this.role, target.fn);
  }

  /** Lets `creator` create deadline schedules that wake `jobs` (each registered with `wakes` first). */
  allow(creator: ScheduledFunction, jobs: readonly DeadlineJob[]): void {
    const schedules = Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    creator.role.addToPolicy(new PolicyStatement({ sid: 'DeadlineSchedulesInOwnGroup', effect: Effect.ALLOW, actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [schedules] }));
    creator.role.addToPolicy(
      new PolicyStatement({ sid: 'PassDeadlineRoleToScheduler', effect: Effect.ALLOW, actions: ['iam:PassRole'], resources: [this.role.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
    );
    const stack = Stack.of(this);
    Validations.of(creator.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${nagRegionAccount(stack)}:schedule/${this.group.scheduleGroupName}/*]`,
      reason: "One-time deadline schedules are named at run time (job and minute); the wildcard is limited to the stack's own schedule group.",
    });
    creator.fn.addEnvironment(DEADLINE_ENV.group, this.group.scheduleGroupName);
    creator.fn.addEnvironment(DEADLINE_ENV.roleArn, this.role.roleArn);
    for (const job of jobs) {
      const target = this.targets.get(job);
      if (!target) throw new Error(`no target for deadline job ${job}: call wakes('${job}', …) first`);
      creator.fn.addEnvironment(DEADLINE_ENV.targets[job], target.fn.functionArn);
    }
  }
}
