import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard as CwDashboard, GraphWidget, MathExpression, Metric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Alarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SUPERVISOR_ROLES } from '../../shared/domain/escalation/ladder';
import type { ScheduledFunction } from './scheduled-function';

/** The metrics the functions publish (Powertools, namespace Tanfang, dimension service=tanfang). */
export const APP_METRICS = {
  tasks: ['TasksCreated', 'SpecialTasksCreated', 'TasksUnassigned', 'TasksMissed'],
  /** Escalations per ladder level (1 = the first rung), from escalate-overdue; a ladder has at most one rung per supervisor role. */
  escalations: SUPERVISOR_ROLES.map((_, i) => `EscalationsLevel${i + 1}`),
  smsSent: ['SmsSent', 'SmsDelivered'],
  smsFailed: ['SmsFailed', 'SmsTemplateRefused', 'SmsAccountRefused'],
  smsDeferred: ['SmsDeferredPerPhone', 'SmsDeferredRecipientLimited', 'SmsHeldForBudget', 'SmsHeldForTemplate'],
  smsUndelivered: ['SmsUndelivered', 'SmsUrgentUndelivered'],
} as const;

const app = (metricName: string, period: Duration): Metric => new Metric({ namespace: 'Tanfang', metricName, dimensionsMap: { service: 'tanfang' }, statistic: 'Sum', period, label: metricName });

/**
 * One dashboard per region for the on-call person: what the jobs made (tasks, escalations by
 * level), what the SMS did (sent, failed, deferred, undelivered), whether anything is stuck
 * (dead letters) or slow or failing (each job's duration and errors), and every alarm's state.
 */
export class Dashboard extends Construct {
  readonly dashboard: CwDashboard;

  constructor(scope: Construct, id: string, props: { region: string; jobs: ScheduledFunction[]; alarms: Alarm[] }) {
    super(scope, id);
    const hour = Duration.hours(1);
    const five = Duration.minutes(5);
    const graph = (title: string, metrics: readonly string[], period = hour) => new GraphWidget({ title, left: metrics.map((m) => app(m, period)), width: 8, height: 6 });
    const perJob = (title: string, metric: (job: ScheduledFunction, i: number) => IMetric) => new GraphWidget({ title, left: props.jobs.map(metric), width: 12, height: 6 });
    this.dashboard = new CwDashboard(this, 'Dashboard', {
      dashboardName: `Tanfang-${props.region}`,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new TextWidget({
            markdown: `# Tanfang ${props.region}\nTasks, escalations and SMS from the functions' metrics (namespace Tanfang); alarms go to the stack's alarm topic. In the China regions there is no X-Ray: follow an invocation by its request id in the function's log group.`,
            width: 24,
            height: 2,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 })],
        [graph('Tasks created, unassigned, missed', APP_METRICS.tasks), graph('Overdue tasks escalated, by level', APP_METRICS.escalations), graph('SMS sent and delivered', APP_METRICS.smsSent, five)],
        [graph('SMS failed', APP_METRICS.smsFailed, five), graph('SMS deferred and held', APP_METRICS.smsDeferred, five), graph('SMS undelivered', APP_METRICS.smsUndelivered, five)],
        [
          perJob('Dead letters (messages waiting)', (job) => job.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum', label: job.node.id })),
          perJob('Job errors', (job) => job.fn.metricErrors({ period: five, label: job.node.id })),
        ],
        [
          perJob('Job duration (p95)', (job) => job.fn.metricDuration({ period: five, statistic: 'p95', label: job.node.id })),
          perJob(
            'Job throttles (% of invocations)',
            (job, i) =>
              new MathExpression({
                expression: `IF(inv${i} > 0, 100 * thr${i} / inv${i}, 0)`,
                usingMetrics: { [`thr${i}`]: job.fn.metricThrottles({ period: five }), [`inv${i}`]: job.fn.metricInvocations({ period: five }) },
                label: job.node.id,
                period: five,
              }),
          ),
        ],
      ],
    });
  }
}
