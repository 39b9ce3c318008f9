import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { applyOccasion } from '../../shared/app/apply-occasion';
import type { ApplyOccasionDeps, ApplyOccasionReport } from '../../shared/app/apply-occasion';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { systemClock } from '../../shared/adapters/system';
import { parseOrThrow } from '../../shared/domain/validation';
import { regionRuntime, withSettings } from '../shared/settings';
import { logger, metrics, tracer } from '../shared/observability';
import { withDeadlines } from '../shared/deadlines';

/** The occasions table's stream (keys only), filtered in the stack to `occasion#…` items. */
const streamEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
        dynamodb: z.object({ Keys: z.object({ pk: z.object({ S: z.string().startsWith('occasion#', 'must be an occasion item key') }) }) }),
      }),
    )
    .min(1),
});

/**
 * Applies a weather warning or festival each time its occasion item is written (new, updated
 * or cancelled). Applying is idempotent, so the stream's at-least-once delivery and retries
 * create no second task or notice; a failure retries and then lands in the dead-letter queue.
 */
export function createHandler(deps: () => ApplyOccasionDeps) {
  return middy(async (event: unknown): Promise<ApplyOccasionReport[]> => {
    const { Records } = parseOrThrow(streamEventSchema, event, 'apply-occasion event');
    const ids = [...new Set(Records.filter((r) => r.eventName !== 'REMOVE').map((r) => r.dynamodb.Keys.pk.S.slice('occasion#'.length)))];
    const reports: ApplyOccasionReport[] = [];
    for (const id of ids) {
      const report = await applyOccasion(deps(), id);
      const { eldersByRule: _rules, ...summary } = report;
      logger.info('occasion applied', { ...summary, outsideAreas: report.outsideAreas.length });
      if (report.outsideAreas.length > 0) logger.warn('alert areas outside this deployment were ignored', { occasionId: id, areas: report.outsideAreas });
      metrics.addMetric('SpecialTasksCreated', MetricUnit.Count, report.tasksCreated);
      metrics.addMetric('NoticesQueued', MetricUnit.Count, report.visitorNotices + report.familyNotices);
      reports.push(report);
    }
    return reports;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: ApplyOccasionDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= withDeadlines({ ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { retention: regionRuntime.config.retention }), clock: systemClock, runtime: regionRuntime });
  return lambdaDeps;
});

/** The stream record the table writes for an occasion item: what the local runner sends. */
export function occasionStreamEvent(occasionIds: readonly string[]) {
  return { Records: occasionIds.map((id) => ({ eventName: 'MODIFY' as const, dynamodb: { Keys: { pk: { S: `occasion#${id}` } } } })) };
}
