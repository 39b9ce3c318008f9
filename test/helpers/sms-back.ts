import { applyOccasion } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import type { DeliveryReceipt, SmsReply } from '../../shared/domain/sms/callbacks';
import type { OutboxMessage } from '../../shared/domain/sms/message';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../shared/domain/sms/provider';
import { deliver } from './deliver';
import { loadLedger, newWorld } from './world';
import type { World } from './world';

export const HEAT_TOWNSHIP = '510108001';

/** A gateway that answers like Aliyun's batch form: one provider id for every number of a call. */
export class BatchGateway implements SmsGateway {
  readonly provider = 'local' as const;
  readonly requests: SmsSendRequest[] = [];

  constructor(readonly maxBatch = 1000) {}

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    this.requests.push(request);
    return request.recipients.map(() => ({ outcome: 'accepted', providerMessageId: `biz-${this.requests.length}` }));
  }
}

/** What the receipt and reply use cases run on, over a dynalite world. */
export const backDeps = (world: World) => ({ ...world.repos, clock: world.clock, runtime: world.runtime });

/**
 * A Sichuan world with a red heat warning over one township at 20:00 on 17 October: its tasks
 * made and its notices queued (urgent, so the family ones are watched for delivery), then sent
 * as one Aliyun-like batch per template.
 */
export async function redHeatSent(options: { elders?: number } = {}) {
  const world = await newWorld('sichuan', '2026-10-17T20:00:00+08:00');
  const ledger = await loadLedger(world, { elders: options.elders ?? 40, asOf: '2026-10-01' });
  const { occasionId } = await ingestAlert(
    { ...world.repos, clock: world.clock, runtime: world.runtime },
    {
      json: { identifier: 'heat-1', sender: '成华区气象台', sent: '2026-10-17T20:00:00+08:00', event: 'heat', level: 'red', areaCodes: [HEAT_TOWNSHIP], onset: '2026-10-17T20:00:00+08:00', expires: '2026-10-19T20:00:00+08:00' },
    },
  );
  await applyOccasion(backDeps(world), occasionId);
  const gateway = new BatchGateway();
  world.clock.set('2026-10-17T20:01:00+08:00');
  await deliver(world, gateway, { limit: 10_000 });
  const family: OutboxMessage[] = [];
  for (const request of gateway.requests.filter((r) => r.templateId.startsWith('weather_family_'))) {
    for (const r of request.recipients) family.push((await world.repos.outbox.get(r.reference))!);
  }
  return { world, ledger, occasionId, gateway, family };
}

let receipts = 0;

/** A provider's receipt for a sent message: by its provider id and number, with our reference when `byReference`. */
export function receiptFor(message: OutboxMessage, over: Partial<DeliveryReceipt> & { byReference?: boolean } = {}): DeliveryReceipt {
  const { byReference, ...rest } = over;
  return {
    provider: 'aliyun',
    providerMessageId: message.providerMessageId!,
    ...(byReference ? { reference: message.messageId } : {}),
    phone: message.phone!,
    delivered: true,
    carrierCode: 'DELIVERED',
    description: '用户接收成功',
    at: '2026-10-17T20:01:05+08:00',
    dedupeKey: `aliyun:receipt:${++receipts}`,
    ...rest,
  };
}

let replies = 0;

export function replyFrom(phone: string, text: string, at: string, over: Partial<SmsReply> = {}): SmsReply {
  return { provider: 'aliyun', phone, text, at, dedupeKey: `aliyun:reply:${++replies}`, ...over };
}
