import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { generateTasks } from '../../shared/app/generate-tasks';
import type { GenerateTasksDeps, GenerateTasksReport } from '../../shared/app/generate-tasks';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { systemClock } from '../../shared/adapters/system';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';
import { withDeadlines } from '../shared/deadlines';

/** Builds the handler over its ports; Lambda uses DynamoDB and the wall clock, tests and the local runner their own. */
export function createHandler(deps: () => GenerateTasksDeps) {
  return middy(async (event: unknown): Promise<GenerateTasksReport> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'generate-tasks event');
    const report = await generateTasks(deps());
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

let lambdaDeps: GenerateTasksDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= withDeadlines({
    ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { retention: regionRuntime.config.retention }),
    clock: systemClock,
    runtime: regionRuntime,
  });
  return lambdaDeps;
});
