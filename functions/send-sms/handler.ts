import { setTimeout as wait } from 'node:timers/promises';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { deliverOutbox } from '../../shared/app/send-sms';
import type { DeliverOutboxDeps, DeliveryReport } from '../../shared/app/send-sms';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOccasionStore } from '../../shared/adapters/dynamodb/occasion-repository';
import { DynamoOutbox, DynamoSmsBudget } from '../../shared/adapters/dynamodb/outbox-repository';
import { createSnsSmsSender } from '../../shared/adapters/sns/sns-sms-sender';
import { systemClock } from '../../shared/adapters/system';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { parseOrThrow } from '../../shared/domain/validation';
import { logger, metrics } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';

/** Builds the handler over its ports: SNS in Lambda, a local file in the runner, fakes in tests. */
export function createHandler(deps: () => DeliverOutboxDeps) {
  return middy(async (event: unknown): Promise<DeliveryReport> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'send-sms event');
    const report = await deliverOutbox(deps());
    logger.info('outbox delivery finished', { trigger, ...report });
    metrics.addMetric('SmsSent', MetricUnit.Count, report.sent);
    metrics.addMetric('SmsSegmentsSent', MetricUnit.Count, report.segmentsSent);
    metrics.addMetric('SmsFailed', MetricUnit.Count, report.failed);
    metrics.addMetric('SmsThrottledReleased', MetricUnit.Count, report.throttledReleased);
    metrics.addMetric('SmsCancelled', MetricUnit.Count, report.cancelled);
    metrics.addMetric('SmsHeldForBudget', MetricUnit.Count, report.heldForBudget);
    if (report.budgetExhausted) logger.warn('monthly SMS budget spent: non-urgent SMS are held until it is raised or the month ends', report.budgetExhausted);
    return report;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let lambdaDeps: DeliverOutboxDeps | undefined;

export const handler = createHandler(() => {
  if (!lambdaDeps) {
    const runtime = runtimeFromEnv();
    const client = createDocumentClient();
    const budget = runtime.config.sms.monthlyBudgetSegments;
    lambdaDeps = {
      outbox: new DynamoOutbox(client, tableNameFromEnv('outbox')),
      occasions: new DynamoOccasionStore(client, tableNameFromEnv('occasions')),
      budget: budget === undefined ? undefined : { store: new DynamoSmsBudget(client, tableNameFromEnv('outbox')), monthlySegments: budget },
      sender: createSnsSmsSender(runtime.config.aws.region),
      clock: systemClock,
      sleep: (ms: number) => wait(ms),
      random: Math.random,
      // As many as the rate allows in about four minutes of the five-minute run (4,800 at 20/s).
      limit: runtime.config.sms.sendsPerSecond * 240,
      sendsPerSecond: runtime.config.sms.sendsPerSecond,
      maxAttempts: 4,
    };
  }
  return lambdaDeps;
});
