import type { OutboxMessage } from '../domain/sms/message';
import { toInstant } from '../domain/time/instant';
import type { OccasionStats } from '../ports';
import type { DeliverOutboxDeps, DeliveryReport } from './send-sms';
import { createPacer } from './send-sms-pace';
import { unlimited } from './time-budget';

/** A run stops starting chunks this long before its time is up: a chunk's calls and writes finish inside it. */
export const STOP_MARGIN_MS = 30_000;

type NoticeCounter = 'noticesSent' | 'noticesFailed' | 'noticesCancelled' | 'noticesHeld';

/** One run of the sender: its report, and what it learnt on the way (cancelled occasions, stopped templates). */
export class DeliveryRun {
  readonly report: DeliveryReport = {
    considered: 0,
    sent: 0,
    calls: 0,
    throttledReleased: 0,
    deferredPerPhone: 0,
    deferredRecipientLimited: 0,
    failed: 0,
    invalidNumbers: 0,
    unknown: 0,
    skipped: 0,
    cancelled: 0,
    heldForBudget: 0,
    heldForTemplate: 0,
    templatesRefused: [],
    segmentsSent: 0,
    sentByTemplate: {},
    pages: 0,
    more: false,
  };
  /** Set once the provider refused the account: nothing more is sent in this run. */
  accountRefused: string | undefined;
  private readonly cancelled = new Map<string, boolean>();
  private readonly stopped = new Map<string, string | undefined>();
  private readonly perOccasion = new Map<string, Partial<OccasionStats>>();

  /** Waits for the next provider-call slot of the configured rate. */
  readonly pace: () => Promise<void>;

  constructor(readonly deps: DeliverOutboxDeps) {
    this.pace = createPacer(deps.sendsPerSecond, deps.clock, deps.sleep);
  }

  /** True once the time budget is down to the stop margin: the run starts nothing more, and says there is more. */
  outOfTime(): boolean {
    const out = (this.deps.time ?? unlimited).remainingMs() < (this.deps.stopMarginMs ?? STOP_MARGIN_MS);
    if (out) this.report.more = true;
    return out;
  }

  now(): string {
    return toInstant(this.deps.clock.now());
  }

  count(message: OutboxMessage, key: NoticeCounter): void {
    if (message.occasionId === undefined) return;
    const stats = this.perOccasion.get(message.occasionId) ?? {};
    stats[key] = (stats[key] ?? 0) + 1;
    this.perOccasion.set(message.occasionId, stats);
  }

  async isCancelled(occasionId: string): Promise<boolean> {
    if (!this.cancelled.has(occasionId)) this.cancelled.set(occasionId, (await this.deps.occasions?.isCancelled(occasionId)) ?? false);
    return this.cancelled.get(occasionId)!;
  }

  /** Why a template is stopped under this code (refused by the provider in this run or before). */
  async stoppedReason(template: string, code: string): Promise<string | undefined> {
    const key = `${template}#${code}`;
    if (!this.stopped.has(key)) this.stopped.set(key, await this.deps.templateStops.stopped(template, code));
    return this.stopped.get(key);
  }

  async stopTemplate(template: string, code: string, reason: string): Promise<void> {
    this.stopped.set(`${template}#${code}`, reason);
    if (!this.report.templatesRefused.includes(template)) this.report.templatesRefused.push(template);
    await this.deps.templateStops.stop(template, code, reason, this.now());
  }

  sentOne(message: OutboxMessage, template: string): void {
    this.report.sent++;
    this.report.segmentsSent += message.segments;
    const row = (this.report.sentByTemplate[template] ??= { count: 0, segments: 0 });
    row.count++;
    row.segments += message.segments;
    this.count(message, 'noticesSent');
  }

  async finish(): Promise<DeliveryReport> {
    for (const [occasionId, stats] of this.perOccasion) await this.deps.occasions?.addStats(occasionId, stats);
    if (this.accountRefused !== undefined) this.report.accountRefused = this.accountRefused;
    return this.report;
  }
}
