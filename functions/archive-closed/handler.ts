import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { archiveClosedTasks } from '../../shared/app/archive-closed';
import type { ArchiveClosedDeps, ArchiveClosedReport } from '../../shared/app/archive-closed';
import { createDocumentClient, tableNameFromEnv } from '../../shared/adapters/dynamodb/client';
import { DynamoTaskArchive } from '../../shared/adapters/dynamodb/task-archive';
import { systemClock } from '../../shared/adapters/system';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { parseOrThrow } from '../../shared/domain/validation';
import { logger, metrics, tracer } from '../shared/observability';
import { scheduledEventSchema } from '../shared/scheduled-event';

/** The monthly archive pass: closed tasks are archived before the tasks table's TTL may remove them. */
export function createHandler(deps: () => ArchiveClosedDeps) {
  return middy(async (event: unknown): Promise<ArchiveClosedReport> => {
    const { trigger } = parseOrThrow(scheduledEventSchema, event ?? {}, 'archive-closed event');
    const report = await archiveClosedTasks(deps());
    logger.info('closed tasks archived', { trigger, months: report.months, counties: report.counties, tasks: report.tasks, items: report.items });
    metrics.addMetric('TasksArchived', MetricUnit.Count, report.tasks);
    return report;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let lambdaDeps: ArchiveClosedDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= {
    taskArchive: new DynamoTaskArchive(createDocumentClient(), { tasks: tableNameFromEnv('tasks'), archive: tableNameFromEnv('archive') }),
    clock: systemClock,
    runtime: runtimeFromEnv(),
  };
  return lambdaDeps;
});
