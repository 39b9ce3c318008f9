import type { JobMessage, JobQueue } from '../ports';
import { escalateChunk } from './escalate-overdue';
import type { EscalateOverdueDeps, EscalationReport } from './escalate-overdue';
import { generateChunk } from './generation-chunk';
import type { GenerateTasksDeps, GenerateTasksReport } from './generate-tasks';
import { jobUnit, MAX_HOPS } from './job-messages';
import { applyOccasionPart } from './occasion-part';
import type { ApplyOccasionDeps, ApplyOccasionReport } from './occasion-report';
import type { ShardProgress } from './shard-walk';
import type { TimeBudget } from './time-budget';

export type JobWorkerDeps = GenerateTasksDeps & EscalateOverdueDeps & ApplyOccasionDeps & { jobs: JobQueue };

export type JobOutcome =
  | { job: 'generate'; report: GenerateTasksReport; continued?: JobMessage | undefined }
  | { job: 'escalate'; report: EscalationReport; continued?: JobMessage | undefined }
  | { job: 'occasion'; report: ApplyOccasionReport; continued?: JobMessage | undefined };

/**
 * One invocation of a fan-out worker: walks its message's shard (or occasion part) from where it
 * stands until it is done or the budget runs short, then puts the continuation on the queue. The
 * stored cursors, escalation steps and part progress are the truth: if this invocation dies
 * before the continuation is sent, the queue hands the same message out again, and the walk
 * skips what is already done.
 */
export async function workJob(deps: JobWorkerDeps, message: JobMessage, budget: TimeBudget): Promise<JobOutcome> {
  if (message.hop >= MAX_HOPS) throw new Error(`${message.job} ${jobUnit(message)} of ${message.run}: ${MAX_HOPS} invocations without finishing; left for the dead-letter queue`);
  if (message.job === 'occasion') {
    const chunk = await applyOccasionPart(deps, message, budget);
    return { job: 'occasion', report: chunk.report, continued: await handOn(deps.jobs, message, chunk.progress) };
  }
  if (message.job === 'generate') {
    const chunk = await generateChunk(deps, message.shard, message.after, budget);
    return { job: 'generate', report: chunk.report, continued: await handOn(deps.jobs, message, chunk.progress) };
  }
  const chunk = await escalateChunk(deps, message.shard, message.after, budget);
  return { job: 'escalate', report: chunk.report, continued: await handOn(deps.jobs, message, chunk.progress) };
}

async function handOn(jobs: JobQueue, message: JobMessage, progress: ShardProgress): Promise<JobMessage | undefined> {
  if (progress.done) return undefined;
  const continued: JobMessage = { ...message, after: progress.after, hop: message.hop + 1 };
  await jobs.send([continued]);
  return continued;
}
