import { deadlineName } from '../domain/schedule/deadline-name';
import type { NewOutboxMessage } from '../domain/sms/message';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { Clock, DeadlineJob, DeadlineScheduler, Outbox } from '../ports';

/**
 * Wakes `job` at `at` (one schedule per job and minute), unless it is not in the future: the
 * job's own poll runs anyway, so a deadline already passed needs no schedule, and without a
 * scheduler (tests, a stack without one) the poll alone keeps every deadline.
 */
export async function wakeAt(deadlines: DeadlineScheduler | undefined, job: DeadlineJob, at: Instant, now: Instant): Promise<void> {
  if (deadlines === undefined || toMillis(at) <= toMillis(now)) return;
  await deadlines.at(deadlineName(job, at), at, { job, input: {} });
}

/**
 * A scheduler whose failures are reported, not thrown: a schedule that could not be made only
 * leaves the deadline to the poll, and must never fail the write that set it (a task saved,
 * an SMS queued). `report` logs it with a metric, so an operator sees the shortcut is down.
 */
export function bestEffort(deadlines: DeadlineScheduler, report: (error: unknown, name: string) => void): DeadlineScheduler {
  return {
    at: (name, instant, target) => deadlines.at(name, instant, target).catch((error: unknown) => report(error, name)),
    cancel: (name) => deadlines.cancel(name).catch((error: unknown) => report(error, name)),
  };
}

/**
 * The outbox, waking the sender when a message it queued may go: an SMS held by quiet hours is
 * sent at the morning's release (08:00), not up to five minutes later; a digest for a later
 * window at its window. The sender's 5-minute poll still sends whatever this did not wake.
 */
export function outboxWakingSender(outbox: Outbox, deadlines: DeadlineScheduler, clock: Clock): Outbox {
  const wake = (message: NewOutboxMessage) => (message.phone === undefined ? Promise.resolve() : wakeAt(deadlines, 'send-sms', message.sendAfter, toInstant(clock.now())));
  return Object.assign(Object.create(outbox) as Outbox, {
    async enqueue(message: NewOutboxMessage) {
      const result = await outbox.enqueue(message);
      if (result === 'queued') await wake(message);
      return result;
    },
    async putDigest(message: NewOutboxMessage, expectedVersion: number | undefined) {
      const result = await outbox.putDigest(message, expectedVersion);
      if (result === 'written' && expectedVersion === undefined) await wake(message);
      return result;
    },
  });
}
