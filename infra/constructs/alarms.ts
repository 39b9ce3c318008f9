import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ScheduledFunction } from './scheduled-function';

/**
 * What must never fail quietly: a job that errors, a schedule that gave up (dead letters), and
 * SMS the provider refused. Alarms go to one encrypted topic the office subscribes its on-call to.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  /** Every alarm raised here, for the dashboard's alarm widgets. */
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: { jobs: ScheduledFunction[]; key: IKey }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Tanfang alarms', masterKey: props.key, enforceSSL: true });
    const action = new SnsAction(this.topic);
    const raise = (name: string, metric: Metric | ReturnType<ScheduledFunction['fn']['metricErrors']>, description: string) => {
      const alarm = new Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    for (const job of props.jobs) {
      const name = job.node.id;
      raise(`${name}Errors`, job.fn.metricErrors({ period: Duration.minutes(5) }), `${name} failed: tasks or SMS may be late`);
      raise(`${name}DeadLetters`, job.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), `${name}: the schedule gave up on an invocation`);
    }
    const smsMetric = (metricName: string) => new Metric({ namespace: 'Tanfang', metricName, dimensionsMap: { service: 'tanfang' }, statistic: 'Sum', period: Duration.minutes(15) });
    raise('SmsFailed', smsMetric('SmsFailed'), 'SMS failed on an invalid number or their delivery is unknown: see `tanfang sms invalid-numbers` and the outbox records in state failed or unknown');
    raise('SmsTemplateRefused', smsMetric('SmsTemplateRefused'), 'The SMS provider refused a template: its messages are held until the office files it again and deploys the new code (sms.templateCodes)');
    raise('SmsAccountRefused', smsMetric('SmsAccountRefused'), 'The SMS provider refused the account (credentials, balance, signature): no SMS is sent until it is fixed');
    raise(
      'SmsUrgentUndelivered',
      smsMetric('SmsUrgentUndelivered'),
      "An urgent SMS to a family (emergency, orange/red warning) was reported failed or not delivered in time: the township instructor was told to phone or go round; many at once means receipts are not arriving (check the provider's callback URLs)",
    );
  }
}
