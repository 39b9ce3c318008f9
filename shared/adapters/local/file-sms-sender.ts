import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { maskPhone } from '../../domain/sms/mask';
import { countSegments } from '../../domain/sms/segments';
import { toInstant } from '../../domain/time/instant';
import type { Clock, SmsRequest, SmsSender } from '../../ports';

/** The local outbox: each SMS becomes a JSON line in a file (phone masked), instead of a text message. */
export class FileSmsSender implements SmsSender {
  readonly provider = 'local-file';
  private sent = 0;

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  async send(request: SmsRequest): Promise<{ providerMessageId: string }> {
    const providerMessageId = `local-${++this.sent}`;
    const line = {
      at: toInstant(this.clock.now()),
      to: maskPhone(request.to),
      text: request.text,
      segments: countSegments(request.text).segments,
      reference: request.reference,
      providerMessageId,
    };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
    return { providerMessageId };
  }
}
