import { localDateOf } from '../../shared/domain/time/instant';
import type { Clock, SmsRequest, SmsSender } from '../../shared/ports';

/** Wraps a sender to count what each phone receives per day: the "≤ 1 SMS per visitor per day" check. */
export class CountingSender implements SmsSender {
  readonly provider: string;
  private readonly perRecipientDay = new Map<string, number>();

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
    return result;
  }

  maxPerRecipientPerDay(): number {
    return Math.max(0, ...this.perRecipientDay.values());
  }
}
