import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeliveryReceipt } from '../../domain/sms/callbacks';
import { maskPhone } from '../../domain/sms/mask';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../domain/sms/provider';
import { countSegments } from '../../domain/sms/segments';
import { toInstant, toMillis } from '../../domain/time/instant';
import type { Clock } from '../../ports';
import { dedupeKey } from '../sms/callback-body';

/** What the local carrier does with an SMS to a number: delivers it, reports it failed, or never reports at all. */
export type LocalCarrierOutcome = 'delivered' | 'failed' | 'silent';

export interface FileSmsGatewayOptions {
  /** Receipts, one JSON line each (phones masked); absent: kept in memory only. */
  receiptsPath?: string | undefined;
  /** The local carrier's rule per number (seeded in the runner); default: every SMS is delivered. */
  carrier?: ((phone: string) => LocalCarrierOutcome) | undefined;
}

/** Seconds from sending to the carrier's report, as the receipts say. */
const REPORT_AFTER_MS = 5_000;

/**
 * The local outbox: each SMS becomes a JSON line in a file (phone masked) instead of a text
 * message, with the template and its parameters beside the text, as a provider would get them.
 * It takes batches like Aliyun does, so the local runner exercises batching, and it produces
 * delivery receipts the way Aliyun's do — a call to one number names our message, a batch
 * shares one provider id, matched by number — for the runner to feed through the receipt use case.
 */
export class FileSmsGateway implements SmsGateway {
  readonly provider = 'local' as const;
  readonly maxBatch = 100;
  private sent = 0;
  private pending: DeliveryReceipt[] = [];

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private readonly options: FileSmsGatewayOptions = {},
  ) {
    mkdirSync(dirname(path), { recursive: true });
    if (options.receiptsPath) mkdirSync(dirname(options.receiptsPath), { recursive: true });
  }

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    const at = toInstant(this.clock.now());
    const params = Object.fromEntries(request.params.map((p) => [p.name, p.value]));
    const segments = countSegments(request.text).segments;
    const batch = request.recipients.length > 1 ? `local-batch-${++this.sent}` : undefined;
    const lines: string[] = [];
    const answers: SmsAnswer[] = request.recipients.map((r) => {
      const providerMessageId = batch ?? `local-${++this.sent}`;
      lines.push(JSON.stringify({ at, to: maskPhone(r.phone), template: request.templateId, params, text: request.text, segments, reference: r.reference, providerMessageId }));
      this.report(providerMessageId, batch ? undefined : r.reference, r.phone, at);
      return { outcome: 'accepted', providerMessageId };
    });
    appendFileSync(this.path, lines.map((l) => `${l}\n`).join(''));
    return answers;
  }

  /** The receipts reported since the last call, oldest first. */
  takeReceipts(): DeliveryReceipt[] {
    const receipts = this.pending;
    this.pending = [];
    return receipts;
  }

  private report(providerMessageId: string, reference: string | undefined, phone: string, sentAt: string): void {
    const outcome = this.options.carrier?.(phone) ?? 'delivered';
    if (outcome === 'silent') return;
    const delivered = outcome === 'delivered';
    const at = toInstant(new Date(toMillis(sentAt) + REPORT_AFTER_MS));
    const receipt: DeliveryReceipt = {
      provider: 'local',
      providerMessageId,
      ...(reference ? { reference } : {}),
      phone,
      delivered,
      carrierCode: delivered ? 'DELIVERED' : 'UNREACHABLE',
      description: delivered ? '用户接收成功' : '无法接通（本地模拟）',
      at,
      dedupeKey: dedupeKey('local', 'receipt', [providerMessageId, phone, reference, delivered]),
    };
    this.pending.push(receipt);
    if (this.options.receiptsPath) appendFileSync(this.options.receiptsPath, `${JSON.stringify({ ...receipt, phone: maskPhone(phone) })}\n`);
  }
}
