import { InProcessJobQueue } from '../../shared/adapters/local/in-process-queue';
import type { JobOutcome, JobWorkerDeps } from '../../shared/app/job-worker';
import { createHandler } from '../../functions/job-worker/handler';
import { createHandler as applyOccasionHandler, occasionStreamEvent } from '../../functions/apply-occasion/handler';
import type { OccasionPlannerDeps } from '../../functions/apply-occasion/handler';
import type { ApplyOccasionReport, OccasionPlan } from '../../shared/app/apply-occasion';
import { addOccasionReport, emptyOccasionReport } from '../../shared/app/occasion-report';
import { lambdaContext } from './lambda-context';

/**
 * The jobs queue and its worker in one process, as the stack runs them: planners (generation,
 * escalation, apply-occasion) put their messages on the in-process queue, and `drain` hands them
 * one at a time to the real job-worker handler until none waits, continuations included. Counts
 * the invocations it took; a message that failed three times is a dead letter, which fails the run.
 */
export class LocalJobs {
  readonly queue = new InProcessJobQueue(3);
  invocations = 0;
  private readonly outcomes: JobOutcome[] = [];
  private readonly worker: ReturnType<typeof createHandler>;

  constructor(deps: Omit<JobWorkerDeps, 'jobs'>) {
    this.worker = createHandler(
      () => ({ ...deps, jobs: this.queue }),
      (outcome) => this.outcomes.push(outcome),
    );
  }

  /** Runs every waiting message to its end; returns the outcomes of the chunks it ran. */
  async drain(): Promise<JobOutcome[]> {
    this.invocations += await this.queue.drain((event) => this.worker(event, lambdaContext('job-worker')));
    if (this.queue.deadLetters.length > 0) throw new Error(`${this.queue.deadLetters.length} job messages failed three times: ${this.queue.deadLetters.map((m) => m.job).join(', ')}`);
    return this.outcomes.splice(0);
  }
}

/**
 * Applies occasions as the stack does: the apply-occasion handler plans each one onto the queue
 * (as the occasions table's stream would invoke it), then the worker drains its parts. Returns
 * each occasion's report, summed over its parts' chunks.
 */
export async function applyOccasionsThroughJobs(jobs: LocalJobs, deps: OccasionPlannerDeps, ids: readonly string[]): Promise<ApplyOccasionReport[]> {
  if (ids.length === 0) return [];
  const planner = applyOccasionHandler(() => ({ ...deps, jobs: jobs.queue }));
  const plans = (await planner(occasionStreamEvent(ids), lambdaContext('apply-occasion'))) as OccasionPlan[];
  const outcomes = await jobs.drain();
  return plans.map((plan) => {
    const report = { ...emptyOccasionReport(plan.occasionId), status: plan.status, parts: plan.parts, outsideAreas: plan.outsideAreas, completed: plan.completed };
    for (const o of outcomes) if (o.job === 'occasion' && o.report.occasionId === plan.occasionId) addOccasionReport(report, o.report);
    return report;
  });
}
