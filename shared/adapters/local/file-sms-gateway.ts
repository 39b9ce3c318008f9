import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { maskPhone } from '../../domain/sms/mask';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../domain/sms/provider';
import { countSegments } from '../../domain/sms/segments';
import { toInstant } from '../../domain/time/instant';
import type { Clock } from '../../ports';

/**
 * The local outbox: each SMS becomes a JSON line in a file (phone masked) instead of a text
 * message, with the template and its parameters beside the text, as a provider would get them.
 * It takes batches like Aliyun does, so the local runner exercises batching.
 */
export class FileSmsGateway implements SmsGateway {
  readonly provider = 'local' as const;
  readonly maxBatch = 100;
  private sent = 0;

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    const at = toInstant(this.clock.now());
    const params = Object.fromEntries(request.params.map((p) => [p.name, p.value]));
    const segments = countSegments(request.text).segments;
    const lines: string[] = [];
    const answers: SmsAnswer[] = request.recipients.map((r) => {
      const providerMessageId = `local-${++this.sent}`;
      lines.push(JSON.stringify({ at, to: maskPhone(r.phone), template: request.templateId, params, text: request.text, segments, reference: r.reference, providerMessageId }));
      return { outcome: 'accepted', providerMessageId };
    });
    appendFileSync(this.path, lines.map((l) => `${l}\n`).join(''));
    return answers;
  }
}
