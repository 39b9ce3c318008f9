import type { SmsSettings } from '../config/sms-config';
import type { OutboxMessage } from '../domain/sms/message';
import type { SmsGateway } from '../domain/sms/provider';
import type { QuietHours } from '../domain/sms/quiet-hours';
import type { Clock, OccasionStore, Outbox, PhoneBudget, SmsBudget, SmsDeliveries, SmsReplyTargets, TemplateStops } from '../ports';
import { readyKeyOf } from '../domain/sms/message';
import { forEachLimit } from './concurrency';
import { sendChunk } from './send-sms-chunk';
import { batchKey } from './send-sms-request';
import { DeliveryRun } from './send-sms-run';
import type { TimeBudget } from './time-budget';

export interface DeliverOutboxDeps {
  outbox: Outbox;
  gateway: SmsGateway;
  clock: Clock;
  /** Waits without blocking tests: injected, never the wall clock in tests. */
  sleep: (ms: number) => Promise<void>;
  /** For backoff jitter. */
  random: () => number;
  /** Messages listed per run at most (the time budget usually stops a run first). */
  limit: number;
  /** Provider calls started per second (a batch is one call): the provider's request rate (`sms.sendsPerSecond`). */
  sendsPerSecond: number;
  /** Provider calls in flight at once (`sms.concurrency`); default 1. */
  concurrency?: number | undefined;
  /** The invocation's time left; default unlimited (the local runner, most tests). */
  time?: TimeBudget | undefined;
  /** Stop this long before the time budget runs out; default STOP_MARGIN_MS (send-sms-run.ts). */
  stopMarginMs?: number | undefined;
  /** Messages listed per page; default PAGE_SIZE. */
  pageSize?: number | undefined;
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
  /** Pages listed from the outbox. */
  pages: number;
  /** The run stopped on its time budget or its limit with messages possibly left: the next run carries on. */
  more: boolean;
}

/** Messages listed per page: the memory a run holds at once, whatever the outbox's size. */
export const PAGE_SIZE = 1000;

/**
 * Delivers ready SMS from the outbox through the provider's gateway, each at most once.
 *
 * 1. Pages through pending messages whose time has come (quiet hours were applied when they
 *    were queued), a page at a time, and groups those of a page sharing template and
 *    parameters (a warning's family notices) into chunks of the gateway's batch size.
 * 2. Sends up to `concurrency` chunks at once; each claims its messages with a conditional
 *    write (of two senders one wins), gates them (cancelled occasion, stopped template,
 *    per-phone limits — urgent messages pass and are counted — then the monthly budget, once
 *    per chunk), and sends them as one call in a slot paced to `sendsPerSecond` calls.
 *    Recipients throttled are tried again with exponential backoff and full jitter, then put
 *    back for a later run.
 * 3. Applies each recipient's answer (send-sms-answers.ts). A refused account stops the run;
 *    whatever it had not claimed yet stays pending.
 * 4. Stops starting chunks once the time budget is down to its margin, or `limit` messages
 *    were listed: what is left is still pending, in the index, and the next run takes it on
 *    (`more` says there is some).
 */
export async function deliverOutbox(deps: DeliverOutboxDeps): Promise<DeliveryReport> {
  const run = new DeliveryRun(deps);
  const pageSize = Math.max(1, Math.min(deps.pageSize ?? PAGE_SIZE, deps.limit));
  let after: string | undefined;
  let listed = 0;
  while (run.accountRefused === undefined && !run.outOfTime()) {
    const want = Math.min(pageSize, deps.limit - listed);
    if (want <= 0) {
      run.report.more = true;
      break;
    }
    const page = await deps.outbox.listReady(run.now(), want, after);
    run.report.pages++;
    if (page.length === 0) break;
    listed += page.length;
    after = readyKeyOf(page[page.length - 1]!);
    await sendPage(run, page);
    if (page.length < want) break;
  }
  return run.finish();
}

/** A page's chunks, `concurrency` at a time; none is started once the run is out of time or the account was refused. */
async function sendPage(run: DeliveryRun, page: readonly OutboxMessage[]): Promise<void> {
  const groups = new Map<string, OutboxMessage[]>();
  for (const message of page) groups.set(batchKey(message), [...(groups.get(batchKey(message)) ?? []), message]);
  const batch = Math.max(1, run.deps.gateway.maxBatch);
  const chunks: OutboxMessage[][] = [];
  for (const group of groups.values()) for (let i = 0; i < group.length; i += batch) chunks.push(group.slice(i, i + batch));
  await forEachLimit(chunks, Math.max(1, run.deps.concurrency ?? 1), async (chunk) => {
    if (run.accountRefused !== undefined || run.outOfTime()) return;
    await sendChunk(run, chunk);
  });
}
