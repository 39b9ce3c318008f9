import type { SmsSettings } from '../config/sms-config';
import type { OutboxMessage } from '../domain/sms/message';
import type { SmsAnswer, SmsGateway } from '../domain/sms/provider';
import type { QuietHours } from '../domain/sms/quiet-hours';
import type { Clock, OccasionStore, Outbox, PhoneBudget, SmsBudget, SmsDeliveries, SmsReplyTargets, TemplateStops } from '../ports';
import { applyAnswer } from './send-sms-answers';
import { gate } from './send-sms-gates';
import { batchKey, requestFor, templateOf } from './send-sms-request';
import { DeliveryRun } from './send-sms-run';

export interface DeliverOutboxDeps {
  outbox: Outbox;
  gateway: SmsGateway;
  clock: Clock;
  /** Waits without blocking tests: injected, never the wall clock in tests. */
  sleep: (ms: number) => Promise<void>;
  /** For backoff jitter. */
  random: () => number;
  /** Messages handled per run. */
  limit: number;
  /** Provider calls per second (a batch is one call). */
  sendsPerSecond: number;
  /** Calls per batch in this run while the provider throttles, before the rest is put back for a later run. */
  maxAttempts: number;
  /** The region's SMS settings: signature, template codes and texts, per-phone limits, quiet hours. */
  sms: SmsSettings & { quietHours: QuietHours };
  phoneBudget: PhoneBudget;
  replyTargets: SmsReplyTargets;
  /** Remembers each sent message under the provider's id, for delivery receipts. */
  deliveries: Pick<SmsDeliveries, 'trackSent'>;
  templateStops: TemplateStops;
  /** Asked before sending a weather or festival notice: a cancelled warning's notices stop. */
  occasions?: Pick<OccasionStore, 'isCancelled' | 'addStats'> | undefined;
  /** The region's monthly SMS budget in segments; absent: no cap. */
  budget?: { store: SmsBudget; monthlySegments: number } | undefined;
}

export interface DeliveryReport {
  considered: number;
  sent: number;
  /** Provider calls made (a batch of family notices is one). */
  calls: number;
  /** Throttled on every try: put back as pending with a later time, nothing lost. */
  throttledReleased: number;
  /** Kept back by the region's per-phone limits: pending again at the next allowed time. */
  deferredPerPhone: number;
  /** The provider's own per-number cap: pending again at the next allowed time. */
  deferredRecipientLimited: number;
  /** No phone number at all. */
  failed: number;
  /** Failed for good on an invalid number: listed for the office (`tanfang sms invalid-numbers`). */
  invalidNumbers: number;
  /** May have been sent (timeout, unreadable answer): never sent again. */
  unknown: number;
  /** Claimed by another sender first. */
  skipped: number;
  /** Notices of a warning cancelled before they went. */
  cancelled: number;
  /** Non-urgent SMS not sent because the month's budget is spent (kept as `held`). */
  heldForBudget: number;
  /** Held because the provider refused their template (or the region has no code for it). */
  heldForTemplate: number;
  /** Templates the provider refused in this run: stopped until a new code is filed (alarm). */
  templatesRefused: string[];
  /** Set when the provider refused the account: the run stopped (alarm). */
  accountRefused?: string | undefined;
  segmentsSent: number;
  /** What went, by template. */
  sentByTemplate: Record<string, { count: number; segments: number }>;
  /** Set when the monthly budget refused a message in this run: a warning for operators. */
  budgetExhausted?: { month: string; used: number; budget: number } | undefined;
}

const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;

/**
 * Delivers ready SMS from the outbox through the provider's gateway, each at most once.
 *
 * 1. Lists pending messages whose time has come (quiet hours were applied when they were
 *    queued) and groups those sharing template and parameters (a warning's family notices),
 *    up to the gateway's batch size.
 * 2. Claims each with a conditional write (of two senders one wins), then gates it: cancelled
 *    occasion, stopped template, per-phone limits (urgent messages pass and are counted),
 *    monthly budget.
 * 3. Sends each batch as one call, paced to `sendsPerSecond`; recipients throttled are tried
 *    again with exponential backoff and full jitter, then put back for a later run.
 * 4. Applies each recipient's answer (send-sms-answers.ts). A refused account stops the run;
 *    whatever it had not claimed yet stays pending.
 */
export async function deliverOutbox(deps: DeliverOutboxDeps): Promise<DeliveryReport> {
  const run = new DeliveryRun(deps);
  const ready = await deps.outbox.listReady(run.now(), deps.limit);
  const groups = new Map<string, OutboxMessage[]>();
  for (const message of ready) groups.set(batchKey(message), [...(groups.get(batchKey(message)) ?? []), message]);
  const batch = Math.max(1, deps.gateway.maxBatch);
  for (const group of groups.values()) {
    for (let i = 0; i < group.length && run.accountRefused === undefined; i += batch) {
      await sendChunk(run, group.slice(i, i + batch));
    }
    if (run.accountRefused !== undefined) break;
  }
  return run.finish();
}

/** Claims and gates a chunk of same-content messages, then sends those that passed, in as few calls as the provider lets it. */
async function sendChunk(run: DeliveryRun, candidates: readonly OutboxMessage[]): Promise<void> {
  const { deps, report } = run;
  const ready: OutboxMessage[] = [];
  let code: string | undefined;
  for (const candidate of candidates) {
    report.considered++;
    const message = await deps.outbox.claim(candidate.messageId, run.now());
    if (!message) {
      report.skipped++;
      continue;
    }
    const gated = await gate(run, message);
    if (!gated.ready) continue;
    // A chunk shares one template, hence one code.
    code = gated.code;
    ready.push(message);
  }
  if (code !== undefined && ready.length > 0) await sendWithRetries(run, code, ready);
}

async function sendWithRetries(run: DeliveryRun, code: string, messages: OutboxMessage[]): Promise<void> {
  const { deps } = run;
  const template = templateOf(messages[0]!);
  let pending = messages;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answers = await call(run, code, pending);
    const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
    const throttled: OutboxMessage[] = [];
    for (const [i, message] of pending.entries()) {
      const answer = answers[i]!;
      if (answer.outcome === 'throttled' && attempt < deps.maxAttempts) throttled.push(message);
      else await applyAnswer(run, message, answer, template, code, backoff);
    }
    if (throttled.length === 0 || run.accountRefused !== undefined) return;
    await deps.sleep(deps.random() * backoff);
    pending = throttled;
  }
}

/** One gateway call, paced. A gateway that throws (it should not) may have sent: every recipient is `unknown`. */
async function call(run: DeliveryRun, code: string, messages: readonly OutboxMessage[]): Promise<SmsAnswer[]> {
  const { deps } = run;
  run.report.calls++;
  let answers: SmsAnswer[];
  try {
    answers = await deps.gateway.send(requestFor(deps.sms, code, messages));
  } catch (error) {
    answers = [];
    const detail = `the ${deps.gateway.provider} gateway failed: ${error instanceof Error ? error.message : String(error)}`;
    for (let i = 0; i < messages.length; i++) answers.push({ outcome: 'unknown', detail });
  }
  await deps.sleep(1000 / deps.sendsPerSecond);
  // A short answer list is the adapter's bug; the recipients it left out may have been sent.
  return messages.map((_, i) => answers[i] ?? { outcome: 'unknown', detail: `${deps.gateway.provider} gave no answer for this recipient` });
}
