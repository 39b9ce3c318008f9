import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { PartialItemFailureResponse } from '@aws-lambda-powertools/batch/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { workJob } from '../../shared/app/job-worker';
import type { JobWorkerDeps } from '../../shared/app/job-worker';
import { jobMessageSchema } from '../../shared/app/job-messages';
import { budgetFrom } from '../../shared/app/time-budget';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue';
import { systemClock } from '../../shared/adapters/system';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { parseOrThrow } from '../../shared/domain/validation';
import { logger, metrics } from '../shared/observability';

/**
 * The fan-out worker of generation and escalation: each SQS message is one shard of one run.
 * A message that throws is reported as a batch item failure (Powertools batch), so SQS hands it
 * out again and, after the queue's receive limit, parks it in the dead-letter queue (alarmed;
 * `tanfang ops redrive` moves it back). A body that does not parse fails the same way, naming the field.
 */
export function createHandler(deps: () => JobWorkerDeps) {
  return middy(async (event: { Records: SQSRecord[] }, context: Context): Promise<PartialItemFailureResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        let body: unknown;
        try {
          body = JSON.parse(record.body);
        } catch {
          throw new Error('job message: the body is not JSON');
        }
        const message = parseOrThrow(jobMessageSchema, body, 'job message');
        const outcome = await workJob(deps(), message, budgetFrom(context));
        const counts =
          outcome.job === 'generate'
            ? { eldersRead: outcome.report.eldersRead, tasksCreated: outcome.report.tasksCreated, digestsQueued: outcome.report.digestsQueued }
            : { considered: outcome.report.considered, markedMissed: outcome.report.markedMissed, smsQueued: outcome.report.smsQueued };
        logger.info('job chunk finished', { job: message.job, shard: message.shard, run: message.run, hop: message.hop, continued: outcome.continued !== undefined, ...counts });
        metrics.addMetric(outcome.continued ? 'JobChunksContinued' : 'JobShardsFinished', MetricUnit.Count, 1);
      },
      processor,
      // One message per invocation: a failure is reported as its item, not thrown (SQS retries either way).
      { context, throwOnFullBatchFailure: false },
    );
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let lambdaDeps: JobWorkerDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= {
    ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv()),
    jobs: new SqsJobQueue(new SQSClient({}), process.env.JOBS_QUEUE_URL ?? ''),
    clock: systemClock,
    runtime: runtimeFromEnv(),
  };
  return lambdaDeps;
});
