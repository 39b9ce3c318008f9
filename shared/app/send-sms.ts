import { SmsRejectedError, SmsThrottledError } from '../domain/sms/errors';
import type { OutboxMessage } from '../domain/sms/message';
import { toInstant } from '../domain/time/instant';
import { localDateOf } from '../domain/time/instant';
import type { Clock, OccasionStats, OccasionStore, Outbox, SmsBudget, SmsSender } from '../ports';

export interface DeliverOutboxDeps {
  outbox: Outbox;
  sender: SmsSender;
  clock: Clock;
  /** Waits without blocking tests: injected, never the wall clock in tests. */
  sleep: (ms: number) => Promise<void>;
  /** For backoff jitter. */
  random: () => number;
  /** Messages handled per run. */
  limit: number;
  sendsPerSecond: number;
  /** Tries per message in this run before it is put back for a later run. */
  maxAttempts: number;
  /** Asked before sending a weather or festival notice: a cancelled warning's notices stop. */
  occasions?: Pick<OccasionStore, 'isCancelled' | 'addStats'> | undefined;
  /** The region's monthly SMS budget in segments; absent: no cap. */
  budget?: { store: SmsBudget; monthlySegments: number } | undefined;
}

export interface DeliveryReport {
  considered: number;
  sent: number;
  /** Throttled on every try: put back as pending with a later time, nothing lost. */
  throttledReleased: number;
  failed: number;
  /** Claimed by another sender first. */
  skipped: number;
  /** Notices of a warning cancelled before they went. */
  cancelled: number;
  /** Non-urgent SMS not sent because the month's budget is spent (kept as `held`). */
  heldForBudget: number;
  segmentsSent: number;
  /** Set when the monthly budget refused a message in this run: a warning for operators. */
  budgetExhausted?: { month: string; used: number; budget: number } | undefined;
}

const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;

/**
 * Delivers ready SMS from the outbox, each at most once.
 *
 * 1. Lists pending messages whose time has come (quiet hours were applied when they were queued).
 * 2. Claims each with a conditional write: of two senders, one wins and the other skips it.
 *    A notice whose warning was cancelled meanwhile is marked cancelled instead; a non-urgent
 *    message over the month's SMS budget is held (visible, with the reason), urgent ones go.
 * 3. Sends, pacing to `sendsPerSecond`. Throttling means nothing was sent: retry with
 *    exponential backoff and full jitter, then release it for a later run. A refusal is final
 *    and kept visible. Any other error may have happened after the provider sent it, so the
 *    message is marked failed ("delivery unknown") rather than risk sending it twice.
 */
export async function deliverOutbox(deps: DeliverOutboxDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { considered: 0, sent: 0, throttledReleased: 0, failed: 0, skipped: 0, cancelled: 0, heldForBudget: 0, segmentsSent: 0 };
  const cancelledOccasions = new Map<string, boolean>();
  // Per occasion, what this run did with its notices: added to the occasion's counters at the end.
  const perOccasion = new Map<string, Partial<OccasionStats>>();
  const count = (occasionId: string | undefined, key: 'noticesSent' | 'noticesFailed' | 'noticesCancelled' | 'noticesHeld') => {
    if (occasionId === undefined) return;
    const stats = perOccasion.get(occasionId) ?? {};
    stats[key] = (stats[key] ?? 0) + 1;
    perOccasion.set(occasionId, stats);
  };
  const isCancelled = async (occasionId: string) => {
    if (!cancelledOccasions.has(occasionId)) cancelledOccasions.set(occasionId, (await deps.occasions?.isCancelled(occasionId)) ?? false);
    return cancelledOccasions.get(occasionId)!;
  };
  const ready = await deps.outbox.listReady(toInstant(deps.clock.now()), deps.limit);
  const gapMs = 1000 / deps.sendsPerSecond;
  for (const candidate of ready) {
    report.considered++;
    const message = await deps.outbox.claim(candidate.messageId, toInstant(deps.clock.now()));
    if (!message) {
      report.skipped++;
      continue;
    }
    if (message.occasionId !== undefined && (await isCancelled(message.occasionId))) {
      await deps.outbox.markCancelled(message.messageId, `${message.occasionId} was cancelled before this notice was sent`, toInstant(deps.clock.now()));
      report.cancelled++;
      count(message.occasionId, 'noticesCancelled');
      continue;
    }
    if (deps.budget && message.phone !== undefined) {
      const month = localDateOf(deps.clock.now()).slice(0, 7);
      const { allowed, used } = await deps.budget.store.reserve(month, message.segments, message.urgent, deps.budget.monthlySegments);
      if (!allowed) {
        await deps.outbox.markHeld(message.messageId, `monthly SMS budget of ${deps.budget.monthlySegments} segments for ${month} is spent (${used} used)`, toInstant(deps.clock.now()));
        report.heldForBudget++;
        count(message.occasionId, 'noticesHeld');
        report.budgetExhausted = { month, used, budget: deps.budget.monthlySegments };
        continue;
      }
    }
    const outcome = await deliverOne(deps, message);
    report[outcome]++;
    if (outcome === 'sent') report.segmentsSent += message.segments;
    if (outcome === 'sent') count(message.occasionId, 'noticesSent');
    if (outcome === 'failed') count(message.occasionId, 'noticesFailed');
    await deps.sleep(gapMs);
  }
  for (const [occasionId, stats] of perOccasion) await deps.occasions?.addStats(occasionId, stats);
  return report;
}

async function deliverOne(deps: DeliverOutboxDeps, message: OutboxMessage): Promise<'sent' | 'throttledReleased' | 'failed'> {
  const now = () => toInstant(deps.clock.now());
  if (message.phone === undefined) {
    await deps.outbox.markFailed(message.messageId, 'no phone number', now());
    return 'failed';
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { providerMessageId } = await deps.sender.send({ to: message.phone, text: message.text, reference: message.messageId });
      await deps.outbox.markSent(message.messageId, providerMessageId, now());
      return 'sent';
    } catch (error) {
      if (error instanceof SmsThrottledError) {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
        if (attempt >= deps.maxAttempts) {
          const retryAfter = toInstant(new Date(deps.clock.now().getTime() + backoff * 4));
          await deps.outbox.release(message.messageId, `throttled ${attempt} times: ${error.message}`, retryAfter);
          return 'throttledReleased';
        }
        await deps.sleep(deps.random() * backoff);
        continue;
      }
      const reason = error instanceof SmsRejectedError ? `rejected by ${deps.sender.provider}: ${error.message}` : `delivery unknown: ${String((error as Error).message ?? error)}`;
      await deps.outbox.markFailed(message.messageId, reason, now());
      return 'failed';
    }
  }
}
