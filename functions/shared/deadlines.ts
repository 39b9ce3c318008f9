import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeDeadlines } from '../../shared/adapters/scheduler/eventbridge-deadlines';
import { bestEffort, outboxWakingSender } from '../../shared/app/deadlines';
import type { Clock, DeadlineJob, DeadlineScheduler, Outbox } from '../../shared/ports';
import { logger, metrics } from './observability';

/** The environment the stack's Deadlines construct gives a function that may create schedules. */
export const DEADLINE_ENV = {
  group: 'TANFANG_SCHEDULE_GROUP',
  roleArn: 'TANFANG_SCHEDULER_ROLE_ARN',
  targets: { 'send-sms': 'TANFANG_WAKE_SEND_SMS', 'escalate-overdue': 'TANFANG_WAKE_ESCALATE_OVERDUE' } satisfies Record<DeadlineJob, string>,
} as const;

/**
 * The stack's deadline scheduler, when this function was given one (absent: the polls alone).
 * Failures are logged with the metric `DeadlineScheduleFailed`, never thrown: the poll is the net.
 */
export function deadlinesFromEnv(env: NodeJS.ProcessEnv = process.env): DeadlineScheduler | undefined {
  const group = env[DEADLINE_ENV.group];
  const roleArn = env[DEADLINE_ENV.roleArn];
  if (!group || !roleArn) return undefined;
  const targets: Partial<Record<DeadlineJob, string>> = {};
  for (const [job, name] of Object.entries(DEADLINE_ENV.targets) as [DeadlineJob, string][]) if (env[name]) targets[job] = env[name];
  return bestEffort(new EventBridgeDeadlines(new SchedulerClient({}), { group, roleArn, targets }), (error, name) => {
    logger.warn("a deadline schedule could not be made: the job's poll will handle it", { schedule: name, error: error instanceof Error ? error.message : String(error) });
    metrics.addMetric('DeadlineScheduleFailed', MetricUnit.Count, 1);
  });
}

/** A job's ports with the deadline scheduler and an outbox that wakes the sender, when the stack gave one. */
export function withDeadlines<T extends { outbox: Outbox; clock: Clock }>(deps: T, deadlines = deadlinesFromEnv()): T & { deadlines?: DeadlineScheduler | undefined } {
  return deadlines === undefined ? deps : { ...deps, deadlines, outbox: outboxWakingSender(deps.outbox, deadlines, deps.clock) };
}
