import { toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/** EventBridge Scheduler: names are 1–64 characters of [0-9a-zA-Z-_.] (CreateSchedule, Name). */
export const SCHEDULE_NAME = /^[0-9A-Za-z_.-]{1,64}$/;

/** Any instant as China Standard Time `yyyy-mm-ddThh:mm:ss+08:00`; a bad one throws, naming it. */
function local(at: Instant): Instant {
  const ms = toMillis(at);
  if (!Number.isFinite(ms)) throw new RangeError(`a schedule needs an ISO 8601 instant, got "${at}"`);
  return toInstant(new Date(ms));
}

/**
 * The one schedule that wakes `job` at the minute of `at`, e.g. `send-sms-202611240800`: every
 * deadline falling in the same minute shares it (the job handles whatever is due when it runs),
 * so a warning's ten thousand tasks due at 22:00 make one schedule, and a repeat is the same name.
 */
export function deadlineName(job: string, at: Instant): string {
  const name = `${job}-${local(at).slice(0, 16).replace(/\D/g, '')}`;
  if (!SCHEDULE_NAME.test(name)) throw new RangeError(`"${name}" is not a schedule name: a job id of [0-9a-zA-Z-_.], at most 51 characters, is needed`);
  return name;
}

/** Scheduler's `at()` expression, read in the schedule's time zone Asia/Shanghai: the instant's local time. */
export const atExpression = (at: Instant): string => `at(${local(at).slice(0, 19)})`;
