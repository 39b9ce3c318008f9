import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoOccasionStore } from '../../shared/adapters/dynamodb/occasion-repository';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox-repository';
import { DynamoPersonRepository } from '../../shared/adapters/dynamodb/person-repository';
import { DynamoSmsCallbackLog } from '../../shared/adapters/dynamodb/sms-callback-log';
import { DynamoSmsDeliveries } from '../../shared/adapters/dynamodb/sms-deliveries';
import { DynamoReplyTargets } from '../../shared/adapters/dynamodb/sms-markers';
import { DynamoTaskRepository } from '../../shared/adapters/dynamodb/task-repository';
import { SmsSecrets } from '../../shared/adapters/secrets/sms-secrets';
import { systemClock } from '../../shared/adapters/system';
import { handleSmsCallback } from '../../shared/http/sms-callbacks';
import type { SmsCallbackDeps, SmsCallbackOutcome } from '../../shared/http/sms-callbacks';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';

/** API Gateway HTTP API payload 2.0, as far as a callback needs it. */
const httpEventSchema = z.object({
  rawPath: z.string(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});

export interface CallbackResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The outcome as metrics: deliveries and failures (the stack alarms on urgent SMS not delivered), replies acted on and ignored. */
function addMetrics(outcome: SmsCallbackOutcome): void {
  const count = (name: string, n: number) => metrics.addMetric(name, MetricUnit.Count, n);
  if ('problem' in outcome) {
    count('SmsCallbacksRefused', 1);
    return;
  }
  const { receipts, replies } = outcome;
  if (receipts) {
    count('SmsDelivered', receipts.delivered);
    count('SmsUndelivered', receipts.failed);
    count('SmsUrgentUndelivered', receipts.urgentFailed);
    count('SmsReceiptsUnmatched', receipts.unmatched);
  }
  if (replies) {
    count('SmsRepliesApplied', replies.digestsAcknowledged + replies.familyConfirmations);
    count(
      'SmsRepliesIgnored',
      Object.values(replies.ignored).reduce((a, b) => a + b, 0),
    );
  }
}

/**
 * The providers' receipt and reply callbacks, behind API Gateway routes without the JWT
 * authorizer: the secret path token is the authentication (checked in constant time by the
 * parser before anything is read). The path is never logged: it holds the token.
 */
export function createHandler(deps: () => SmsCallbackDeps | Promise<SmsCallbackDeps>) {
  return middy(async (event: unknown): Promise<CallbackResult> => {
    const e = httpEventSchema.parse(event);
    const body = e.isBase64Encoded && e.body ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
    const { response, outcome } = await handleSmsCallback(await deps(), { method: e.requestContext.http.method, path: e.rawPath, body });
    // Provider, route, status and counts: never the path, a number or a reply's text.
    if ('problem' in outcome) logger.warn('SMS callback refused', { ...outcome });
    else logger.info('SMS callback applied', { ...outcome });
    addMetrics(outcome);
    return { statusCode: response.status, headers: response.headers, body: response.body };
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: SmsCallbackDeps | undefined;
const secrets = new SmsSecrets();

export const handler = createHandler(() => {
  if (!lambdaDeps) {
    const client = createDocumentClient();
    const outboxTable = tableNameFromEnv('outbox');
    const runtime = regionRuntime;
    const { retention } = runtime.config;
    lambdaDeps = {
      outbox: new DynamoOutbox(client, outboxTable, retention.outboxDays),
      deliveries: new DynamoSmsDeliveries(client, outboxTable),
      callbackLog: new DynamoSmsCallbackLog(client, outboxTable),
      replyTargets: new DynamoReplyTargets(client, outboxTable),
      occasions: new DynamoOccasionStore(client, tableNameFromEnv('occasions')),
      tasks: new DynamoTaskRepository(client, tableNameFromEnv('tasks'), { closedTaskMonths: retention.closedTaskMonths }),
      people: new DynamoPersonRepository(client, tableNameFromEnv('people')),
      clock: systemClock,
      runtime: regionRuntime,
      // Cached per instance by the secrets provider (15 minutes).
      callbackToken: () => secrets.callbackToken(),
    };
  }
  return lambdaDeps;
});
