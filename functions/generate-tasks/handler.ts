import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { generateTasks, startGeneration } from '../../shared/app/generate-tasks';
import type { GenerateTasksDeps, GenerateTasksReport, GenerationStart } from '../../shared/app/generate-tasks';
import { startMessages } from '../../shared/app/job-messages';
import type { JobQueue } from '../../shared/ports';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue';
import { systemClock } from '../../shared/adapters/system';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';
import { withDeadlines } from '../shared/deadlines';

export type GenerationPlannerDeps = GenerateTasksDeps & { jobs?: JobQueue | undefined };

/** In AWS the run is planned here and walked by the job workers, one SQS message per shard. */
export interface GenerationFannedOut extends GenerationStart {
  fannedOut: number;
}

/**
 * Builds the handler over its ports; Lambda uses DynamoDB and the wall clock, tests and the local
 * runner their own. With a jobs queue (AWS) it is the run's planner: leave returns and festivals,
 * then one message per shard of the generation index for the job workers. Without one (the local
 * runner's whole run in one process) it walks every shard itself.
 */
export function createHandler(deps: () => GenerationPlannerDeps) {
  return middy(async (event: unknown): Promise<GenerateTasksReport | GenerationFannedOut> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'generate-tasks event');
    const d = deps();
    if (d.jobs) {
      const start = await startGeneration(d);
      await d.jobs.send(startMessages('generate', start.runDate, start.shards));
      logger.info('task generation planned', { trigger, runDate: start.runDate, shards: start.shards.length, festivalsOpened: start.festivalsOpened.length, leavesEnded: start.leaveReturns.leavesEnded });
      return { ...start, fannedOut: start.shards.length };
    }
    const report = await generateTasks(d);
    logger.info('task generation finished', {
      trigger,
      runDate: report.runDate,
      eldersRead: report.eldersRead,
      tasksCreated: report.tasksCreated,
      tasksExisting: report.tasksExisting,
      tasksUnassigned: report.tasksUnassigned,
      eldersIneligible: report.eldersIneligible.length,
      digestsQueued: report.digestsQueued,
      digestsUndeliverable: report.digestsUndeliverable,
    });
    metrics.addMetric('TasksCreated', MetricUnit.Count, report.tasksCreated);
    metrics.addMetric('TasksUnassigned', MetricUnit.Count, report.tasksUnassigned);
    metrics.addMetric('EldersIneligible', MetricUnit.Count, report.eldersIneligible.length);
    metrics.addMetric('DigestsUndeliverable', MetricUnit.Count, report.digestsUndeliverable);
    return report;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: GenerationPlannerDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= withDeadlines({
    ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { retention: regionRuntime.config.retention }),
    jobs: new SqsJobQueue(new SQSClient({}), process.env.JOBS_QUEUE_URL ?? ''),
    clock: systemClock,
    runtime: regionRuntime,
  });
  return lambdaDeps;
});
