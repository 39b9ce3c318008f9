import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import type { EscalateOverdueDeps, EscalationReport } from '../../shared/app/escalate-overdue';
import { escalateUndelivered } from '../../shared/app/undelivered-urgent';
import { emptyEscalationReport } from '../../shared/app/escalation-report';
import { startMessages } from '../../shared/app/job-messages';
import { toInstant } from '../../shared/domain/time/instant';
import type { JobQueue } from '../../shared/ports';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue';
import type { UndeliveredDeps, UndeliveredReport } from '../../shared/app/undelivered-urgent';
import { DynamoSmsDeliveries } from '../../shared/adapters/dynamodb/sms-deliveries';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox-repository';
import { DynamoPersonRepository } from '../../shared/adapters/dynamodb/person-repository';
import { DynamoTaskRepository } from '../../shared/adapters/dynamodb/task-repository';
import { systemClock } from '../../shared/adapters/system';
import { SUPERVISOR_ROLES } from '../../shared/domain/escalation/ladder';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';
import { withDeadlines } from '../shared/deadlines';

export type EscalationRunDeps = EscalateOverdueDeps & Omit<UndeliveredDeps, 'limit'> & { jobs?: JobQueue | undefined };

/**
 * Builds the handler over its ports; Lambda uses DynamoDB and the wall clock, tests and the
 * local runner their own. The same run checks the delivery deadline of urgent SMS to families
 * (a sparse index): those not reported delivered in time are escalated to the township instructor.
 * With a jobs queue (AWS) the pass itself fans out: one message per attention shard, walked by the
 * job workers until nothing is due; without one (the local runner) it walks every shard here.
 */
export function createHandler(deps: () => EscalationRunDeps) {
  return middy(async (event: unknown): Promise<EscalationReport & { undelivered: UndeliveredReport; fannedOut?: number }> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'escalate-overdue event');
    const d = deps();
    const undelivered = await escalateUndelivered({ ...d, limit: 500 });
    if (d.jobs) {
      const shards = d.tasks.attentionShards();
      await d.jobs.send(startMessages('escalate', toInstant(d.clock.now()), shards));
      logger.info('escalation pass planned', { trigger, shards: shards.length, undelivered: undelivered.undelivered });
      return { ...emptyEscalationReport(), undelivered, fannedOut: shards.length };
    }
    const report = await escalateOverdue(d);
    logger.info('escalation run finished', {
      trigger,
      considered: report.considered,
      markedMissed: report.markedMissed,
      escalatedByLevel: report.escalatedByLevel,
      skippedChanged: report.skippedChanged,
      levelsSkipped: report.levelsSkipped.length,
      noRecipient: report.noRecipient.length,
      smsQueued: report.smsQueued,
    });
    if (report.levelsSkipped.length > 0) logger.warn('ladder levels skipped for want of anyone in the role', { examples: report.levelsSkipped.slice(0, 10) });
    metrics.addMetric('TasksMissed', MetricUnit.Count, report.markedMissed);
    metrics.addMetric(
      'Escalations',
      MetricUnit.Count,
      Object.values(report.escalatedByLevel).reduce((a, b) => a + b, 0),
    );
    // Overdue by level, for the dashboard: every level of the ladder each run, zeros included, so the graphs have no gaps.
    for (let level = 1; level <= SUPERVISOR_ROLES.length; level++) metrics.addMetric(`EscalationsLevel${level}`, MetricUnit.Count, report.escalatedByLevel[level] ?? 0);
    metrics.addMetric('EscalationsWithoutRecipient', MetricUnit.Count, report.noRecipient.length);
    // Receipts that never came (a failed receipt is counted by the callback function).
    metrics.addMetric('SmsUrgentUndelivered', MetricUnit.Count, undelivered.undelivered);
    if (undelivered.undelivered > 0) logger.warn('urgent SMS to families not delivered in time: instructors told', { ...undelivered, nobodyToTell: undelivered.nobodyToTell.length });
    return { ...report, undelivered };
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: EscalationRunDeps | undefined;

export const handler = createHandler(() => {
  if (!lambdaDeps) {
    const client = createDocumentClient();
    const { retention } = regionRuntime.config;
    lambdaDeps = withDeadlines({
      tasks: new DynamoTaskRepository(client, tableNameFromEnv('tasks'), { closedTaskMonths: retention.closedTaskMonths }),
      people: new DynamoPersonRepository(client, tableNameFromEnv('people')),
      outbox: new DynamoOutbox(client, tableNameFromEnv('outbox'), retention.outboxDays),
      deliveries: new DynamoSmsDeliveries(client, tableNameFromEnv('outbox')),
      jobs: new SqsJobQueue(new SQSClient({}), process.env.JOBS_QUEUE_URL ?? ''),
      clock: systemClock,
      runtime: regionRuntime,
    });
  }
  return lambdaDeps;
});
