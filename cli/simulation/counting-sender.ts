import { localDateOf } from '../../shared/domain/time/instant';
import type { Clock, SmsRequest, SmsSender } from '../../shared/ports';

/** Wraps a sender to count what each phone receives per day, for the summary's SMS checks. */
export class CountingSender implements SmsSender {
  readonly provider: string;
  private readonly perRecipientDay = new Map<string, number>();
  private readonly digestsPerRecipientDay = new Map<string, number>();

  constructor(
    private readonly inner: SmsSender,
    private readonly clock: Clock,
  ) {
    this.provider = inner.provider;
  }

  async send(request: SmsRequest): Promise<{ providerMessageId: string }> {
    const result = await this.inner.send(request);
    const key = `${request.to}#${localDateOf(this.clock.now())}`;
    this.perRecipientDay.set(key, (this.perRecipientDay.get(key) ?? 0) + 1);
    if (request.reference.startsWith('assign#')) this.digestsPerRecipientDay.set(key, (this.digestsPerRecipientDay.get(key) ?? 0) + 1);
    return result;
  }

  /** The most SMS of any kind one phone received in a day (supervisors get one per escalation run). */
  maxPerRecipientPerDay(): number {
    return Math.max(0, ...this.perRecipientDay.values());
  }

  /** The most assignment digests one phone received in a day: the "one SMS per visitor per day" rule. */
  maxDigestsPerRecipientPerDay(): number {
    return Math.max(0, ...this.digestsPerRecipientDay.values());
  }
}
