import { setTimeout as wait } from 'node:timers/promises';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import { deliverOutbox } from '../../shared/app/send-sms';
import { budgetFrom } from '../../shared/app/time-budget';
import type { DeliverOutboxDeps, DeliveryReport } from '../../shared/app/send-sms';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOccasionStore } from '../../shared/adapters/dynamodb/occasion-repository';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox-repository';
import { DynamoPhoneBudget, DynamoSmsBudget } from '../../shared/adapters/dynamodb/sms-counters';
import { DynamoReplyTargets, DynamoTemplateStops } from '../../shared/adapters/dynamodb/sms-markers';
import { DynamoSmsDeliveries } from '../../shared/adapters/dynamodb/sms-deliveries';
import { systemClock } from '../../shared/adapters/system';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';
import { gatewayFor, lambdaSecrets } from './gateway';

/** What the report says, as metrics the stack's alarms watch (SmsFailed, SmsTemplateRefused, SmsAccountRefused). */
function addMetrics(report: DeliveryReport): void {
  const count = (name: string, n: number) => metrics.addMetric(name, MetricUnit.Count, n);
  count('SmsSent', report.sent);
  count('SmsSegmentsSent', report.segmentsSent);
  count('SmsProviderCalls', report.calls);
  // Refused, invalid or possibly sent: every one needs a person to look.
  count('SmsFailed', report.failed + report.invalidNumbers + report.unknown);
  count('SmsInvalidNumbers', report.invalidNumbers);
  count('SmsDeliveryUnknown', report.unknown);
  count('SmsThrottledReleased', report.throttledReleased);
  count('SmsDeferredPerPhone', report.deferredPerPhone);
  count('SmsDeferredRecipientLimited', report.deferredRecipientLimited);
  count('SmsCancelled', report.cancelled);
  count('SmsHeldForBudget', report.heldForBudget);
  count('SmsHeldForTemplate', report.heldForTemplate);
  count('SmsTemplateRefused', report.templatesRefused.length);
  count('SmsAccountRefused', report.accountRefused === undefined ? 0 : 1);
  // 1 when the run stopped on its time budget with messages left: a backlog the next runs take on.
  count('SmsBacklogCarried', report.more ? 1 : 0);
}

/** Builds the handler over its ports: a provider gateway in Lambda, a local file in the runner, fakes in tests. */
export function createHandler(deps: () => DeliverOutboxDeps | Promise<DeliverOutboxDeps>) {
  return middy(async (event: unknown, context: Context): Promise<DeliveryReport> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'send-sms event');
    const given = await deps();
    // The run stops before the invocation's timeout; what it leaves is pending for the next run.
    const report = await deliverOutbox({ ...given, time: given.time ?? budgetFrom(context) });
    logger.info('outbox delivery finished', { trigger, ...report });
    addMetrics(report);
    if (report.budgetExhausted) logger.warn('monthly SMS budget spent: non-urgent SMS are held until it is raised or the month ends', report.budgetExhausted);
    if (report.templatesRefused.length > 0) logger.error('the SMS provider refused templates: their messages are held until a new template code is filed', { templates: report.templatesRefused });
    if (report.accountRefused !== undefined) logger.error('the SMS provider refused the account: sending stopped for this run', { detail: report.accountRefused });
    return report;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: (Omit<DeliverOutboxDeps, 'gateway'> & { budgetStore: DynamoSmsBudget }) | undefined;
let secrets: ReturnType<typeof lambdaSecrets> | undefined;

export const handler = createHandler(async () => {
  const runtime = regionRuntime;
  if (!lambdaDeps) {
    // Every batch in flight keeps up to 16 writes going (send-sms-chunk.ts): sockets for all of them.
    const client = createDocumentClient({ maxSockets: 16 * runtime.config.sms.concurrency + 16 });
    const outboxTable = tableNameFromEnv('outbox');
    lambdaDeps = {
      budgetStore: new DynamoSmsBudget(client, outboxTable),
      outbox: new DynamoOutbox(client, outboxTable, regionRuntime.config.retention.outboxDays),
      occasions: new DynamoOccasionStore(client, tableNameFromEnv('occasions')),
      phoneBudget: new DynamoPhoneBudget(client, outboxTable),
      replyTargets: new DynamoReplyTargets(client, outboxTable),
      deliveries: new DynamoSmsDeliveries(client, outboxTable),
      templateStops: new DynamoTemplateStops(client, outboxTable),
      sms: runtime.config.sms,
      clock: systemClock,
      sleep: (ms: number) => wait(ms),
      random: Math.random,
      // The time budget ends a run first; pages keep its memory bounded whatever this is.
      limit: 1_000_000,
      sendsPerSecond: runtime.config.sms.sendsPerSecond,
      concurrency: runtime.config.sms.concurrency,
      maxAttempts: 4,
    };
  }
  secrets ??= lambdaSecrets();
  // Per invocation: the runtime settings (quiet hours, per-phone limits, the budget) as they stand
  // now, and the gateway over the cached secret, so rotated keys take effect without a cold start.
  const { sms } = runtime.config;
  const budget = sms.monthlyBudgetSegments === undefined ? undefined : { store: lambdaDeps.budgetStore, monthlySegments: sms.monthlyBudgetSegments };
  return { ...lambdaDeps, sms, budget, gateway: await gatewayFor(runtime.config, secrets) };
});
