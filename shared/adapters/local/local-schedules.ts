import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SCHEDULE_NAME } from '../../domain/schedule/deadline-name';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import { DEADLINE_JOBS } from '../../ports';
import type { DeadlineJob, DeadlineScheduler } from '../../ports';

/** The jobs the stack runs on recurring schedules; locally the runner calls them as its clock passes their times. */
export const RECURRING_JOBS = ['generate-tasks', 'send-sms', 'escalate-overdue', 'remind-reviews'] as const;
export type RecurringJob = (typeof RECURRING_JOBS)[number];

const deadlineSchema = z.object({ name: z.string().regex(SCHEDULE_NAME), at: z.string(), job: z.enum(DEADLINE_JOBS), input: z.record(z.string(), z.string()), state: z.enum(['ENABLED', 'DISABLED']) }).strict();
const fileSchema = z.object({ paused: z.array(z.enum(RECURRING_JOBS)), deadlines: z.array(deadlineSchema) }).strict();
export type LocalDeadline = z.infer<typeof deadlineSchema>;

/** The file of a local store's schedules, beside its database in the `--data` folder. */
export const localSchedulesPath = (dir: string) => join(dir, 'schedules.json');

/** One schedule as `tanfang ops schedules list` shows it, locally and on AWS alike. */
export interface ScheduleRow {
  name: string;
  state: 'ENABLED' | 'DISABLED';
  /** `rate(…)`/`cron(…)` of a recurring job, `at(…)` of a deadline. */
  expression: string;
  target: string;
}

/**
 * The deadline schedules and pauses of a local store: a JSON file in the `--data` folder
 * (written whole and renamed into place, so a killed command leaves the old file or the new),
 * or memory only for a run without a folder. The runner fires due deadlines as its manual
 * clock passes them (deleted once fired, like ActionAfterCompletion DELETE) and skips a paused
 * recurring job, as a DISABLED schedule on AWS would.
 */
export class LocalSchedules implements DeadlineScheduler {
  private state: z.infer<typeof fileSchema>;

  constructor(private readonly path?: string) {
    this.state = path !== undefined && existsSync(path) ? fileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) : { paused: [], deadlines: [] };
  }

  async at(name: string, instant: Instant, target: { job: DeadlineJob; input: Record<string, string> }): Promise<void> {
    if (!SCHEDULE_NAME.test(name)) throw new RangeError(`"${name}" is not a schedule name: 1–64 characters of [0-9a-zA-Z-_.]`);
    if (!Number.isFinite(toMillis(instant))) throw new RangeError(`a schedule needs an ISO 8601 instant, got "${instant}"`);
    if (this.state.deadlines.some((d) => d.name === name)) return;
    this.state.deadlines.push({ name, at: instant, job: target.job, input: target.input, state: 'ENABLED' });
    this.save();
  }

  async cancel(name: string): Promise<void> {
    this.state.deadlines = this.state.deadlines.filter((d) => d.name !== name);
    this.save();
  }

  /** Takes the enabled deadlines due at `now`, earliest first, off the store (a disabled one waits for resume). */
  takeDue(now: Instant): LocalDeadline[] {
    const due = this.state.deadlines.filter((d) => d.state === 'ENABLED' && toMillis(d.at) <= toMillis(now)).sort((a, b) => toMillis(a.at) - toMillis(b.at));
    if (due.length === 0) return [];
    this.state.deadlines = this.state.deadlines.filter((d) => !due.includes(d));
    this.save();
    return due;
  }

  isPaused(job: RecurringJob): boolean {
    return this.state.paused.includes(job);
  }

  /** Pauses or resumes a recurring job or a deadline by name; false when there is no such schedule. */
  setState(name: string, state: 'ENABLED' | 'DISABLED'): boolean {
    const job = RECURRING_JOBS.find((j) => j === name);
    if (job !== undefined) {
      this.state.paused = state === 'DISABLED' ? [...new Set([...this.state.paused, job])] : this.state.paused.filter((j) => j !== job);
    } else {
      const deadline = this.state.deadlines.find((d) => d.name === name);
      if (!deadline) return false;
      deadline.state = state;
    }
    this.save();
    return true;
  }

  /** A deadline by name (for run-now), left in place. */
  deadline(name: string): LocalDeadline | undefined {
    return this.state.deadlines.find((d) => d.name === name);
  }

  list(): ScheduleRow[] {
    return [
      ...RECURRING_JOBS.map((job): ScheduleRow => ({ name: job, state: this.isPaused(job) ? 'DISABLED' : 'ENABLED', expression: "the local runner's clock", target: job })),
      ...this.state.deadlines.map((d): ScheduleRow => ({ name: d.name, state: d.state, expression: `at(${d.at})`, target: d.job })),
    ];
  }

  private save(): void {
    if (this.path === undefined) return;
    writeFileSync(`${this.path}.tmp`, `${JSON.stringify(this.state, null, 1)}\n`);
    renameSync(`${this.path}.tmp`, this.path);
  }
}
