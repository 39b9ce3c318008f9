import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { PartialItemFailureResponse } from '@aws-lambda-powertools/batch/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { workJob } from '../../shared/app/job-worker';
import type { JobWorkerDeps } from '../../shared/app/job-worker';
import { jobMessageSchema, jobUnit } from '../../shared/app/job-messages';
import type { JobOutcome } from '../../shared/app/job-worker';
import { budgetFrom } from '../../shared/app/time-budget';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue';
import { systemClock } from '../../shared/adapters/system';
import { parseOrThrow } from '../../shared/domain/validation';
import { logger, metrics, tracer } from '../shared/observability';
import { regionRuntime, withSettings } from '../shared/settings';
import { withDeadlines } from '../shared/deadlines';

/**
 * The fan-out worker of generation, escalation and occasions: each SQS message is one shard of
 * one run, or one part of an occasion revision's application.
 * A message that throws is reported as a batch item failure (Powertools batch), so SQS hands it
 * out again and, after the queue's receive limit, parks it in the dead-letter queue (alarmed;
 * `tanfang ops redrive` moves it back). A body that does not parse fails the same way, naming the field.
 * `observe` sees each chunk's outcome (the local runner sums them into the run's report).
 */
export function createHandler(deps: () => JobWorkerDeps, observe?: (outcome: JobOutcome) => void) {
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
        observe?.(outcome);
        logger.info('job chunk finished', { job: message.job, unit: jobUnit(message), run: message.run, hop: message.hop, continued: outcome.continued !== undefined, ...countsOf(outcome) });
        metrics.addMetric(outcome.continued ? 'JobChunksContinued' : 'JobShardsFinished', MetricUnit.Count, 1);
      },
      processor,
      // One message per invocation: a failure is reported as its item, not thrown (SQS retries either way).
      { context, throwOnFullBatchFailure: false },
    );
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

/** A chunk's figures for its log line: counts only, never an elder or a phone. */
function countsOf(outcome: JobOutcome): Record<string, number | boolean> {
  if (outcome.job === 'generate') return { eldersRead: outcome.report.eldersRead, tasksCreated: outcome.report.tasksCreated, digestsQueued: outcome.report.digestsQueued };
  if (outcome.job === 'escalate') return { considered: outcome.report.considered, markedMissed: outcome.report.markedMissed, smsQueued: outcome.report.smsQueued };
  const r = outcome.report;
  return { elders: r.elders, tasksCreated: r.tasksCreated, tasksCancelled: r.tasksCancelled, visitorNotices: r.visitorNotices, familyNotices: r.familyNotices, completed: r.completed };
}

let lambdaDeps: JobWorkerDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= withDeadlines({
    ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { retention: regionRuntime.config.retention }),
    jobs: new SqsJobQueue(new SQSClient({}), process.env.JOBS_QUEUE_URL ?? ''),
    clock: systemClock,
    runtime: regionRuntime,
  });
  return lambdaDeps;
});
