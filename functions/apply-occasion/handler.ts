import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { z } from 'zod';
import { SQSClient } from '@aws-sdk/client-sqs';
import { applyOccasion, planOccasion } from '../../shared/app/apply-occasion';
import type { ApplyOccasionDeps, ApplyOccasionReport, OccasionPlan } from '../../shared/app/apply-occasion';
import type { JobQueue } from '../../shared/ports';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue';
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

export type OccasionPlannerDeps = ApplyOccasionDeps & { jobs?: JobQueue | undefined };

/**
 * Plans applying a weather warning, festival or event each time its occasion item is written
 * (new, updated or cancelled): records the revision's plan and puts one message per part (area
 * scope) on the jobs queue, where the job workers walk them page by page and the last part to
 * finish records the revision applied. Planning is idempotent (a retried planner finds the plan
 * stored), so the stream's at-least-once delivery adds no second task or notice; a failure
 * retries and then lands in the dead-letter queue. Without a jobs queue (tests) it applies the
 * occasion itself, part after part, with the same code.
 */
export function createHandler(deps: () => OccasionPlannerDeps) {
  return middy(async (event: unknown): Promise<(ApplyOccasionReport | OccasionPlan)[]> => {
    const { Records } = parseOrThrow(streamEventSchema, event, 'apply-occasion event');
    const ids = [...new Set(Records.filter((r) => r.eventName !== 'REMOVE').map((r) => r.dynamodb.Keys.pk.S.slice('occasion#'.length)))];
    const d = deps();
    const out: (ApplyOccasionReport | OccasionPlan)[] = [];
    for (const id of ids) {
      if (d.jobs) {
        const plan = await planOccasion(d, id);
        if (!plan) continue;
        await d.jobs.send(plan.messages);
        logger.info('occasion application planned', { occasionId: id, revision: plan.revision, status: plan.status, parts: plan.parts, outsideAreas: plan.outsideAreas.length });
        if (plan.outsideAreas.length > 0) logger.warn('alert areas outside this deployment were ignored', { occasionId: id, areas: plan.outsideAreas });
        metrics.addMetric('OccasionPartsPlanned', MetricUnit.Count, plan.parts);
        out.push(plan);
        continue;
      }
      const report = await applyOccasion(d, id);
      const { eldersByRule: _rules, ...summary } = report;
      logger.info('occasion applied', { ...summary, outsideAreas: report.outsideAreas.length });
      if (report.outsideAreas.length > 0) logger.warn('alert areas outside this deployment were ignored', { occasionId: id, areas: report.outsideAreas });
      metrics.addMetric('SpecialTasksCreated', MetricUnit.Count, report.tasksCreated);
      metrics.addMetric('NoticesQueued', MetricUnit.Count, report.visitorNotices + report.familyNotices);
      out.push(report);
    }
    return out;
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(withSettings())
    .use(logMetrics(metrics));
}

let lambdaDeps: OccasionPlannerDeps | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= withDeadlines({
    ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { retention: regionRuntime.config.retention }),
    jobs: new SqsJobQueue(new SQSClient({}), process.env.JOBS_QUEUE_URL ?? ''),
    clock: systemClock,
    runtime: regionRuntime,
  });
  return lambdaDeps;
});

/** The stream record the table writes for an occasion item: what the local runner sends. */
export function occasionStreamEvent(occasionIds: readonly string[]) {
  return { Records: occasionIds.map((id) => ({ eventName: 'MODIFY' as const, dynamodb: { Keys: { pk: { S: `occasion#${id}` } } } })) };
}
