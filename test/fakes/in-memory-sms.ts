import type { ReplyMeaning, SmsKind } from '../../shared/domain/sms/message';
import { limitReached } from '../../shared/domain/sms/phone-budget';
import type { PhoneDayCount } from '../../shared/domain/sms/phone-budget';
import type { Instant } from '../../shared/domain/time/instant';
import type { PhoneBudget, ReplyTarget, SmsDeliveries, SmsReplyTargets, TemplateStops } from '../../shared/ports';

/** Per-phone counters with the DynamoDB adapter's rule: check every limit and count in one step. */
export class InMemoryPhoneBudget implements PhoneBudget {
  readonly counts = new Map<string, PhoneDayCount>();

  async reserve(input: Parameters<PhoneBudget['reserve']>[0]): ReturnType<PhoneBudget['reserve']> {
    const key = `${input.phone}#${input.day}`;
    const count = this.counts.get(key) ?? { total: 0, byKind: {} };
    const limit = input.urgent ? undefined : limitReached(count, input.kind, input.content, input.at, input.limits);
    if (limit) return { allowed: false, limit, lastAt: count.lastAt };
    this.counts.set(key, { total: count.total + 1, byKind: { ...count.byKind, [input.kind]: (count.byKind[input.kind] ?? 0) + 1 }, lastContent: input.content, lastAt: input.at });
    return { allowed: true };
  }

  async refund(input: { phone: string; day: string; kind: SmsKind }): Promise<void> {
    const key = `${input.phone}#${input.day}`;
    const count = this.counts.get(key);
    if (!count || count.total === 0) return;
    this.counts.set(key, { ...count, total: count.total - 1, byKind: { ...count.byKind, [input.kind]: Math.max(0, (count.byKind[input.kind] ?? 0) - 1) } });
  }

  totalFor(phone: string, day: string): number {
    return this.counts.get(`${phone}#${day}`)?.total ?? 0;
  }
}

export class InMemoryReplyTargets implements SmsReplyTargets {
  private readonly targets = new Map<string, ReplyTarget>();

  async record(phone: string, target: ReplyTarget): Promise<void> {
    const key = `${target.meaning}#${phone}`;
    const current = this.targets.get(key);
    if (!current || current.sentAt <= target.sentAt) this.targets.set(key, target);
  }

  async latest(phone: string, meaning: ReplyMeaning): Promise<ReplyTarget | undefined> {
    return this.targets.get(`${meaning}#${phone}`);
  }
}

export class InMemoryTemplateStops implements TemplateStops {
  readonly stops = new Map<string, { reason: string; at: Instant }>();

  async stopped(templateId: string, code: string): Promise<string | undefined> {
    return this.stops.get(`${templateId}#${code}`)?.reason;
  }

  async stop(templateId: string, code: string, reason: string, at: Instant): Promise<void> {
    if (!this.stops.has(`${templateId}#${code}`)) this.stops.set(`${templateId}#${code}`, { reason, at });
  }
}

/** What send-sms tells the receipts side: the message each provider id and number names. */
export class InMemorySentLookup implements Pick<SmsDeliveries, 'trackSent'> {
  readonly sent = new Map<string, string[]>();

  async trackSent(providerMessageId: string, phone: string, messageId: string): Promise<void> {
    const key = `${providerMessageId}#${phone}`;
    this.sent.set(key, [...new Set([...(this.sent.get(key) ?? []), messageId])]);
  }
}
