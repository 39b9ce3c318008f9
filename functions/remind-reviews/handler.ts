import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { remindReviews } from '../../shared/app/remind-reviews';
import type { RemindReviewsDeps, RemindReviewsReport } from '../../shared/app/remind-reviews';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox-repository';
import { DynamoPersonRepository } from '../../shared/adapters/dynamodb/person-repository';
import { reviewDueQuery } from '../../shared/adapters/dynamodb/review-due';
import { systemClock } from '../../shared/adapters/system';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';

/** The monthly ledger-review reminder (每半年动态更新一次): one SMS per liaison and village with overdue entries. */
export function createHandler(deps: () => RemindReviewsDeps) {
  return middy(async (event: unknown): Promise<RemindReviewsReport> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'remind-reviews event');
    const report = await remindReviews(deps());
    logger.info('ledger review reminders queued', {
      trigger,
      month: report.month,
      overdue: report.overdue,
      villages: report.villages,
      remindersQueued: report.remindersQueued,
      remindersExisting: report.remindersExisting,
      villagesUnreminded: report.villagesUnreminded.length,
    });
    metrics.addMetric('LedgerEntriesOverdue', MetricUnit.Count, report.overdue);
    metrics.addMetric('ReviewRemindersQueued', MetricUnit.Count, report.remindersQueued);
    metrics.addMetric('VillagesUnreminded', MetricUnit.Count, report.villagesUnreminded.length);
    return report;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: RemindReviewsDeps | undefined;

export const handler = createHandler(() => {
  if (!lambdaDeps) {
    const client = createDocumentClient();
    const elders = tableNameFromEnv('elders');
    // Only what it reads and writes: the overdue index of the elders table, the roster, the outbox.
    lambdaDeps = {
      elders: { reviewDue: (county, before) => reviewDueQuery(client, elders, county, before) },
      people: new DynamoPersonRepository(client, tableNameFromEnv('people')),
      outbox: new DynamoOutbox(client, tableNameFromEnv('outbox'), regionRuntime.config.retention.outboxDays),
      clock: systemClock,
      runtime: regionRuntime,
    };
  }
  return lambdaDeps;
});
