import { canSupervise } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { deliveryStatus } from '../domain/sms/delivery';
import type { DeliveryStatus } from '../domain/sms/delivery';
import { maskPhone } from '../domain/sms/mask';
import type { OutboxMessage, OutboxState, SmsKind } from '../domain/sms/message';
import type { Instant } from '../domain/time/instant';
import type { ElderRepository, PersonRepository, SmsDeliveries } from '../ports';
import { ForbiddenError } from './supervise';

export interface RecipientDeliveriesDeps {
  deliveries: Pick<SmsDeliveries, 'forRecipient'>;
  people: Pick<PersonRepository, 'get'>;
  elders: Pick<ElderRepository, 'get'>;
}

/** One SMS as a supervisor reads it: what, when, and whether it arrived; the number masked. */
export interface DeliveryRow {
  messageId: string;
  template: string;
  kind: SmsKind;
  urgent: boolean;
  state: OutboxState;
  createdAt: Instant;
  sentAt?: Instant | undefined;
  delivery: DeliveryStatus;
  /** When the carrier reported it, and its code and words (DELIVERED, MK:0001 用户关机…). */
  reportedAt?: Instant | undefined;
  carrierCode?: string | undefined;
  description?: string | undefined;
  /** A watched message not delivered in time: the SMS that told the instructor. */
  escalatedTo?: string | undefined;
  phone?: string | undefined;
  lastError?: string | undefined;
  /** The tasks it was about (`elderId#taskId`): for an instructor's undelivered notice, whose families to call. */
  about: string[];
}

export type RecipientQuery = ({ personId: string } | { elderId: string }) & { limit: number; cursor?: string | undefined };

/**
 * The SMS a person got, or the SMS an elder's family got, newest first, with each one's
 * delivery. Only a supervisor or administrator whose area holds the recipient may read it: the
 * person's own area, or the elder's village (families are not on the roster). Undefined when
 * there is no such person or elder.
 */
export async function recipientDeliveries(deps: RecipientDeliveriesDeps, by: Principal | undefined, query: RecipientQuery): Promise<{ recipient: string; messages: DeliveryRow[]; next?: string | undefined } | undefined> {
  const [recipientKey, area] = 'personId' in query ? [`person#${query.personId}`, (await deps.people.get(query.personId))?.areaCode] : [`elder#${query.elderId}`, (await deps.elders.get(query.elderId))?.villageCode];
  if (area === undefined) return undefined;
  if (!by) throw new ForbiddenError('the reader is not on the roster');
  const decision = canSupervise(by, area);
  if (!decision.allowed) throw new ForbiddenError(`${by.personId} ${decision.reason}`);
  const page = await deps.deliveries.forRecipient(recipientKey, query.limit, query.cursor);
  return { recipient: recipientKey, messages: page.items.map(rowOf), ...(page.next ? { next: page.next } : {}) };
}

function rowOf(m: OutboxMessage): DeliveryRow {
  return {
    messageId: m.messageId,
    template: m.template,
    kind: m.kind,
    urgent: m.urgent,
    state: m.state,
    createdAt: m.createdAt,
    ...(m.sentAt ? { sentAt: m.sentAt } : {}),
    delivery: deliveryStatus(m),
    ...(m.delivery ? { reportedAt: m.delivery.at, carrierCode: m.delivery.carrierCode, description: m.delivery.description } : {}),
    ...(m.undelivered ? { escalatedTo: m.undelivered.notice } : {}),
    ...(m.phone ? { phone: maskPhone(m.phone) } : {}),
    ...(m.lastError ? { lastError: m.lastError } : {}),
    about: m.taskRefs ?? [],
  };
}
