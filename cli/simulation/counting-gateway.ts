import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../shared/domain/sms/provider';
import { localDateOf, toInstant } from '../../shared/domain/time/instant';
import type { Instant } from '../../shared/domain/time/instant';
import type { Clock } from '../../shared/ports';

/** One SMS the provider took: what the simulated people may reply to. */
export interface SentSms {
  templateId: string;
  phone: string;
  reference: string;
  at: Instant;
}

/** Wraps a gateway to count what each phone receives per day, for the summary's SMS checks, and to tell the runner what was sent. */
export class CountingGateway implements SmsGateway {
  readonly provider: SmsGateway['provider'];
  readonly maxBatch: number;
  private readonly perRecipientDay = new Map<string, number>();
  private readonly digestsPerRecipientDay = new Map<string, number>();
  private sent: SentSms[] = [];

  constructor(
    private readonly inner: SmsGateway,
    private readonly clock: Clock,
  ) {
    this.provider = inner.provider;
    this.maxBatch = inner.maxBatch;
  }

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    const answers = await this.inner.send(request);
    const day = localDateOf(this.clock.now());
    const at = toInstant(this.clock.now());
    request.recipients.forEach((r, i) => {
      if (answers[i]?.outcome !== 'accepted') return;
      this.sent.push({ templateId: request.templateId, phone: r.phone, reference: r.reference, at });
      const key = `${r.phone}#${day}`;
      this.perRecipientDay.set(key, (this.perRecipientDay.get(key) ?? 0) + 1);
      if (request.templateId === 'assignment_digest') this.digestsPerRecipientDay.set(key, (this.digestsPerRecipientDay.get(key) ?? 0) + 1);
    });
    return answers;
  }

  /** What went since the last call. */
  takeSent(): SentSms[] {
    const sent = this.sent;
    this.sent = [];
    return sent;
  }

  /** The most SMS of any kind one phone received in a day (the per-phone budget's bound). */
  maxPerRecipientPerDay(): number {
    return Math.max(0, ...this.perRecipientDay.values());
  }

  /** The most assignment digests one phone received in a day: the "one SMS per visitor per day" rule. */
  maxDigestsPerRecipientPerDay(): number {
    return Math.max(0, ...this.digestsPerRecipientDay.values());
  }
}
